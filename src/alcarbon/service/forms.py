"""The Appendix C data-entry form of one unit process: study data <-> form fields, and pydantic
validation errors mapped back onto the fields that caused them (inline messages).

Field names: ``in-<i>-<field>`` / ``out-<i>-<field>`` for row i of the inputs / outputs table,
``in-<i>-dq-<indicator>`` for its GB/T 44905 Table 2 ratings, ``in-<i>-orig`` for the index of the
stored row it edits (other keys of that row, such as transport legs, are kept).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from alcarbon.service.views import INDICATORS

IN_KINDS = ("material", "fuel", "electricity", "heat", "steam", "water", "service", "intermediate")
OUT_KINDS = ("product", "co_product", "waste", "emission", "recycled")
RATINGS = ("good", "fair", "poor")
_TEXT = ("flow", "kind", "amount", "unit", "provider", "supply", "note", "source", "evidence")
_OPTIONAL = ("provider", "supply")
BLANK_ROWS = 3


def _fmt(v: Any) -> str:
    if isinstance(v, float | int) and not isinstance(v, bool):
        return f"{v:.15g}"
    return "" if v is None else str(v)


def _row_from_data(i: int, row: dict[str, Any]) -> dict[str, Any]:
    dq = row.get("dq") or {}
    out = {"orig": str(i), "flow": row.get("flow", ""), "kind": row.get("kind", ""),
           "amount": _fmt(row.get("amount")),
           "unit": row.get("unit", ""), "provider": row.get("provider") or "",
           "supply": row.get("supply") or "", "note": row.get("note", ""),
           "source": dq.get("source", ""), "evidence": ", ".join(dq.get("evidence", [])),
           "primary": dq.get("primary", True), "remove": False}
    for k in INDICATORS:
        out[f"dq-{k}"] = dq.get(k, "good")
    return out


def blank_row(kind: str) -> dict[str, Any]:
    row = {k: "" for k in _TEXT} | {"orig": "", "kind": kind, "primary": True, "remove": False}
    return row | {f"dq-{k}": "good" for k in INDICATORS}


def rows_from_unit(unit: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    ins = [_row_from_data(i, r) for i, r in enumerate(unit.get("inputs", []))]
    outs = [_row_from_data(i, r) for i, r in enumerate(unit.get("outputs", []))]
    return {"in": ins + [blank_row("material") for _ in range(BLANK_ROWS)],
            "out": outs + [blank_row("product" if not outs else "waste")
                           for _ in range(BLANK_ROWS)]}


def rows_from_form(form: Mapping[str, Any], prefix: str) -> list[dict[str, Any]]:
    try:
        count = min(int(form.get(f"{prefix}-count", "0")), 500)
    except ValueError:
        count = 0
    rows = []
    for i in range(count):
        row = {k: str(form.get(f"{prefix}-{i}-{k}", "")).replace("\x00", "").strip()
               for k in _TEXT + ("orig",)}
        row["primary"] = form.get(f"{prefix}-{i}-primary") is not None
        row["remove"] = form.get(f"{prefix}-{i}-remove") is not None
        for k in INDICATORS:
            v = form.get(f"{prefix}-{i}-dq-{k}", "good")
            row[f"dq-{k}"] = v if v in RATINGS else "good"
        rows.append(row)
    return rows


def _number(text: str) -> Any:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text  # the model reports "expected a number, got '...'"


def _merge(rows: list[dict[str, Any]], stored: list[dict[str, Any]]) -> tuple[list, list[int]]:
    """Rows to store and, per stored row, the form row index it came from."""
    out, index = [], []
    for i, r in enumerate(rows):
        if r["remove"] or (not r["flow"] and not r["amount"]):
            continue
        base: dict[str, Any] = {}
        if r["orig"].isdigit() and int(r["orig"]) < len(stored):
            base = json.loads(json.dumps(stored[int(r["orig"])]))
        base.update(flow=r["flow"], amount=_number(r["amount"]), unit=r["unit"], kind=r["kind"])
        for k in _OPTIONAL:
            if r[k]:
                base[k] = r[k]
            else:
                base.pop(k, None)
        if r["note"]:
            base["note"] = r["note"]
        else:
            base.pop("note", None)
        dq = dict(base.get("dq") or {})
        dq.update({k: r[f"dq-{k}"] for k in INDICATORS})
        dq["primary"] = r["primary"]
        dq["source"] = r["source"]
        dq["evidence"] = [e.strip() for e in r["evidence"].split(",") if e.strip()]
        base["dq"] = dq
        out.append(base)
        index.append(i)
    return out, index


def apply_form(data: dict[str, Any], unit_id: str, form: Mapping[str, Any]
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    """New study data with the unit replaced by the form's content, and the row maps."""
    data = json.loads(json.dumps(data))
    units = data.setdefault("units", [])
    pos = next((k for k, u in enumerate(units) if u.get("id") == unit_id), None)
    unit = units[pos] if pos is not None else {"id": unit_id}
    if pos is None:
        units.append(unit)
        pos = len(units) - 1
    ins, in_map = _merge(rows_from_form(form, "in"), unit.get("inputs", []))
    outs, out_map = _merge(rows_from_form(form, "out"), unit.get("outputs", []))
    unit["inputs"], unit["outputs"] = ins, outs
    for k in ("name", "description", "location"):
        v = str(form.get(k, "")).replace("\x00", "").strip()
        if v:
            unit[k] = v
        else:
            unit.pop(k, None)
    errors: dict[str, str] = {}
    pe = str(form.get("process_emissions", "")).strip()
    if pe:
        try:
            unit["process_emissions"] = json.loads(pe)
        except ValueError as exc:
            errors["process_emissions"] = f"not valid JSON: {exc}"
    else:
        unit.pop("process_emissions", None)
    return data, {"pos": pos, "in": in_map, "out": out_map, "errors": errors}


def field_errors(exc: ValidationError, maps: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Messages keyed by form field name, and messages that belong to no field of this form."""
    fields: dict[str, str] = dict(maps["errors"])
    other: list[str] = []
    for e in exc.errors(include_url=False):
        loc, msg = tuple(e["loc"]), e["msg"].removeprefix("Value error, ")
        name = None
        if len(loc) >= 3 and loc[0] == "units" and loc[1] == maps["pos"]:
            side = {"inputs": "in", "outputs": "out"}.get(loc[2])
            if side and len(loc) >= 4 and isinstance(loc[3], int) \
                    and loc[3] < len(maps[side]):
                row = maps[side][loc[3]]
                tail = [str(x) for x in loc[4:]]
                if tail[:1] == ["dq"] and len(tail) > 1:
                    name = f"{side}-{row}-dq-{tail[1]}"
                else:
                    name = f"{side}-{row}-{tail[0] if tail else 'flow'}"
            elif loc[2] == "process_emissions":
                name = "process_emissions"
        if name:
            fields[name] = (fields[name] + "; " + msg) if name in fields else msg
        else:
            other.append(".".join(str(x) for x in loc) + ": " + msg)
    return fields, other
