"""Field-by-field difference between two revisions of a study (plain study data).

Lists of objects are keyed by their ``id`` (unit processes) or ``flow`` (inputs/outputs), so that
inserting a row does not report every following row as changed. Paths read like
``units[electrolysis].inputs[electricity].amount``.
"""

from __future__ import annotations

from typing import Any

_KEYS = ("id", "flow", "mode", "name")


def _label(item: Any, index: int, seen: dict[str, int]) -> str:
    if isinstance(item, dict):
        for k in _KEYS:
            v = item.get(k)
            if isinstance(v, str) and v:
                n = seen.get(v, 0)
                seen[v] = n + 1
                return v if n == 0 else f"{v}#{n + 1}"
    return str(index)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Map every leaf value to its readable path."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        if not data and prefix:
            out[prefix] = {}
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list):
        if not data and prefix:
            out[prefix] = []
        seen: dict[str, int] = {}
        for i, v in enumerate(data):
            out.update(flatten(v, f"{prefix}[{_label(v, i, seen)}]"))
    else:
        out[prefix] = data
    return out


def diff(old: Any, new: Any) -> list[dict[str, Any]]:
    """Changes from ``old`` to ``new``: path, change (added/removed/changed), old, new."""
    a, b = flatten(old), flatten(new)
    changes = []
    for path in sorted(set(a) | set(b)):
        if path not in a:
            changes.append({"path": path, "change": "added", "old": None, "new": b[path]})
        elif path not in b:
            changes.append({"path": path, "change": "removed", "old": a[path], "new": None})
        elif a[path] != b[path]:
            changes.append({"path": path, "change": "changed", "old": a[path], "new": b[path]})
    return changes
