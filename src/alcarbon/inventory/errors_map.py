"""Turn pydantic validation errors into one InputError that names every bad field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from alcarbon.errors import InputError


def _path(loc: tuple[Any, ...], data: Any) -> str:
    """units[2] ('electrolysis').inputs[3] ('alumina').amount — readable location of a field."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = ""
            if isinstance(node, list) and 0 <= key < len(node):
                node = node[key]
                if isinstance(node, dict):
                    name = node.get("id") or node.get("flow")
                    label = f" ({name!r})" if name else ""
            else:
                node = None
            parts.append(f"[{key}]{label}")
        else:
            node = node.get(key) if isinstance(node, dict) else None
            parts.append(("." if parts else "") + str(key))
    return "".join(parts) or "(top level)"


def _short(v: Any) -> str | None:
    """repr of a scalar input for the message, None for containers and very long values."""
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        return None
    if isinstance(v, int) and abs(v) > 10**30:  # str() of a 5000-digit int raises
        return "an integer too large for a float"
    text = repr(v)
    return text if len(text) < 40 else None


def validation_error(exc: ValidationError, data: Any, source: str) -> InputError:
    lines = []
    for e in exc.errors(include_url=False):
        msg = e["msg"].removeprefix("Value error, ")
        got = _short(e.get("input"))
        if got is not None and "got" not in msg:
            msg += f" (got {got})"
        lines.append(f"  - {_path(tuple(e['loc']), data)}: {msg}")
    return InputError(f"{len(lines)} invalid field(s):\n" + "\n".join(lines), where=source)
