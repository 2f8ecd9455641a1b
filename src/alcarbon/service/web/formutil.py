"""Small helpers shared by the web forms: form text <-> stored values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_ROWS = 500


def fmt(v: Any) -> str:
    """A stored value as form text (numbers without float noise)."""
    if isinstance(v, float | int) and not isinstance(v, bool):
        return f"{v:.15g}"
    return "" if v is None else str(v)


def number(text: str) -> Any:
    """Form text as a float; unparsable text is passed on for the model to reject by name."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def clean(v: Any) -> str:
    """Submitted text without NUL bytes and surrounding blanks."""
    return str(v if v is not None else "").replace("\x00", "").strip()


def count(form: Mapping[str, Any], name: str) -> int:
    """A submitted row count, bounded."""
    try:
        return max(0, min(int(str(form.get(name, "0"))), MAX_ROWS))
    except ValueError:
        return 0


def put(d: dict[str, Any], key: str, value: Any) -> None:
    """Store a value, or drop the key when the field was left empty."""
    if value in ("", None):
        d.pop(key, None)
    else:
        d[key] = value
