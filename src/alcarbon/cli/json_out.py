"""JSON the CLI prints is always valid JSON: a NaN or infinite number is an error, not a token."""

from __future__ import annotations

import json
import math
import sys
from typing import IO, Any

from alcarbon.errors import CalculationError


def _first_non_finite(node: Any, path: str = "") -> str | None:
    """Dotted path of the first NaN/inf float in ``node``, or None."""
    if isinstance(node, float) and not math.isfinite(node):
        return path or "(top level)"
    items: Any = ()
    if isinstance(node, dict):
        items = ((f"{path}.{k}" if path else str(k), v) for k, v in node.items())
    elif isinstance(node, list | tuple):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(node))
    for p, v in items:
        found = _first_non_finite(v, p)
        if found:
            return found
    return None


def dump_json(data: Any, stream: IO[str] | None = None, **kwargs: Any) -> None:
    """Write ``data`` as JSON plus a newline; refuse NaN/inf (strict JSON has no such tokens)
    with a :class:`CalculationError` naming the field, before anything is written."""
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, **kwargs)
    except ValueError:
        raise CalculationError("a result is not a finite number, so it cannot be written as JSON",
                               where=_first_non_finite(data) or "JSON output",
                               expected="finite inputs and factors") from None
    out = stream or sys.stdout
    out.write(text + "\n")
