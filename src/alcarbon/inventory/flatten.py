"""Flatten nested dicts to dotted keys and back (for spreadsheet columns); lists stay values."""

from __future__ import annotations

import json
from typing import Any


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            out.update(flatten(v, key + "."))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            for i, x in enumerate(v):
                out.update(flatten(x, f"{key}.{i}."))
        else:
            out[key] = v
    return out


def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, v in flat.items():
        node = out
        parts = key.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = v
    return _lists(out)


def _lists(node: Any) -> Any:
    """Turn dicts whose keys are all digits back into lists (inverse of flattening lists)."""
    if isinstance(node, dict):
        node = {k: _lists(v) for k, v in node.items()}
        if node and all(k.isdigit() for k in node):
            return [node[k] for k in sorted(node, key=int)]
    return node


def to_cell(v: Any) -> Any:
    """A value as an Excel cell: lists/dicts become JSON text, None stays empty."""
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def from_cell(v: Any) -> Any:
    """Inverse of :func:`to_cell` (JSON text of a list/dict becomes the object again)."""
    if isinstance(v, str):
        s = v.strip()
        if s[:1] in "[{" and s[-1:] in "]}":
            try:
                return json.loads(s)
            except json.JSONDecodeError:
                return v
        return v
    return v
