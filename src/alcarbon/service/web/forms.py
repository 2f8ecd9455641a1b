"""The Appendix C data-entry form of one unit process (GB/T 44905 tables C.1-C.5): study data <->
form fields, and pydantic validation errors mapped back onto the fields that caused them.

Field names follow the study model's paths so that a pydantic location maps onto one field:
``in-<i>-<field>`` / ``out-<i>-<field>`` for row i of the inputs / outputs table,
``in-<i>-dq-<indicator>`` for its Table 2 ratings, ``in-<i>-supplier_cfp-<field>`` (supplier's
declared footprint), ``in-<i>-fuel-<field>`` (measured fuel properties),
``in-<i>-transport-<j>-<field>`` for transport leg j (7.1.3.1) with ``in-<i>-transport-count``;
``in-<i>-orig`` is the index of the stored row it edits (keys the form does not show, such as
``combusted`` or a leg's ratings, are kept). Process-emission fields: :mod:`forms_pe`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from alcarbon.service.views import INDICATORS
from alcarbon.service.web import forms_pe
from alcarbon.service.web.formutil import clean, count, fmt, number, put

IN_KINDS = ("material", "fuel", "electricity", "heat", "steam", "water", "service", "intermediate")
OUT_KINDS = ("product", "co_product", "waste", "emission", "recycled")
RATINGS = ("good", "fair", "poor")
BASES = ("life_cycle", "combustion_co2")
REPLACES = ("anode_consumption", "anode_effect", "pitch_volatiles", "packing_coke", "carbonates")
#: Text fields of a row (``source``/``evidence`` live in ``dq``).
_COMMON = ("flow", "kind", "amount", "unit", "subprocess", "note", "source", "evidence")
_TEXT = {"in": _COMMON + ("provider", "supply", "factor"),
         "out": _COMMON + ("gas", "replaces", "treatment_factor", "price")}
_NUMBERS = {"price"}
_CHECKS = {"in": ("primary", "remove", "burden_free"), "out": ("primary", "remove")}
CFP = ("value", "amount_unit", "per", "basis", "source")
FUEL = ("ncv", "ncv_unit", "carbon_content", "oxidation")
_FUEL_NUMBERS = {"ncv", "carbon_content", "oxidation"}
LEG = ("mode", "distance_km", "rated_load_t", "transported_t", "factor")
_LEG_NUMBERS = {"distance_km", "rated_load_t", "transported_t"}
BLANK_ROWS = 2


def _leg_from_data(j: int, leg: dict[str, Any]) -> dict[str, Any]:
    return {"orig": str(j)} | {k: fmt(leg.get(k)) for k in LEG}


def blank_leg() -> dict[str, Any]:
    return {"orig": ""} | {k: "" for k in LEG}


def _row_from_data(side: str, i: int, row: dict[str, Any]) -> dict[str, Any]:
    dq = row.get("dq") or {}
    out: dict[str, Any] = {k: fmt(row.get(k)) for k in _TEXT[side]}
    out |= {"orig": str(i), "source": dq.get("source", ""),
            "evidence": ", ".join(dq.get("evidence", [])), "primary": dq.get("primary") is True,
            "remove": False, "burden_free": bool(row.get("burden_free")),
            "legs": [_leg_from_data(j, g) for j, g in enumerate(row.get("transport") or [])]}
    # an indicator the datum has no rating for is shown unrated (never a made-up "good")
    out |= {f"dq-{k}": dq.get(k, "") for k in INDICATORS}
    if side == "in":
        cfp, fuel = row.get("supplier_cfp") or {}, row.get("fuel") or {}
        out |= {f"supplier_cfp-{k}": fmt(cfp.get(k)) for k in CFP}
        out["supplier_cfp-verified"] = bool(cfp.get("verified"))
        out |= {f"fuel-{k}": fmt(fuel.get(k)) for k in FUEL}
    return out


def blank_row(side: str, kind: str) -> dict[str, Any]:
    row: dict[str, Any] = {k: "" for k in _TEXT[side]} | {"orig": "", "kind": kind, "legs": []}
    # primary data is the user's claim (GB/T 44905 6.1, 7.1.2 c): a new row starts unticked
    row |= {k: False for k in _CHECKS[side]}
    row |= {f"dq-{k}": "" for k in INDICATORS}
    if side == "in":
        row |= {f"supplier_cfp-{k}": "" for k in CFP} | {"supplier_cfp-verified": False}
        row |= {f"fuel-{k}": "" for k in FUEL}
    return row


def rows_from_unit(unit: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Form rows of a stored unit, with blank rows to add data."""
    ins = [_row_from_data("in", i, r) for i, r in enumerate(unit.get("inputs", []))]
    outs = [_row_from_data("out", i, r) for i, r in enumerate(unit.get("outputs", []))]
    return {"in": ins + [blank_row("in", "material") for _ in range(BLANK_ROWS)],
            "out": outs + [blank_row("out", "product" if not outs else "waste")
                           for _ in range(BLANK_ROWS)]}


def rows_from_form(form: Mapping[str, Any], side: str) -> list[dict[str, Any]]:
    """The submitted rows of one table, as the user typed them (for re-rendering)."""
    rows = []
    for i in range(count(form, f"{side}-count")):
        pre = f"{side}-{i}-"
        row: dict[str, Any] = {k: clean(form.get(pre + k)) for k in _TEXT[side] + ("orig",)}
        row |= {k: form.get(pre + k) is not None for k in _CHECKS[side]}
        for k in INDICATORS:
            v = form.get(f"{pre}dq-{k}", "")
            row[f"dq-{k}"] = v if v in RATINGS else ""
        if side == "in":
            row |= {f"supplier_cfp-{k}": clean(form.get(f"{pre}supplier_cfp-{k}")) for k in CFP}
            row["supplier_cfp-verified"] = form.get(f"{pre}supplier_cfp-verified") is not None
            row |= {f"fuel-{k}": clean(form.get(f"{pre}fuel-{k}")) for k in FUEL}
        row["legs"] = [{k: clean(form.get(f"{pre}transport-{j}-{k}")) for k in LEG + ("orig",)}
                       for j in range(count(form, f"{pre}transport-count"))]
        rows.append(row)
    return rows


def _legs(form_legs: list[dict[str, str]], stored: list[dict[str, Any]]) -> tuple[list, list]:
    out, index = [], []
    for j, g in enumerate(form_legs):
        if not g["mode"] and not g["distance_km"]:
            continue
        o = g["orig"]
        leg = dict(stored[int(o)]) if o.isdigit() and int(o) < len(stored) else {}
        for k in LEG:
            put(leg, k, number(g[k]) if k in _LEG_NUMBERS and g[k] else g[k])
        out.append(leg)
        index.append(j)
    return out, index


def _sub(row: dict[str, Any], prefix: str, keys: tuple[str, ...], numbers: set[str],
         stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """A nested object (supplier footprint, fuel override) from its fields; None when empty."""
    if not any(row[f"{prefix}-{k}"] for k in keys):
        return None
    out = dict(stored or {})
    for k in keys:
        v = row[f"{prefix}-{k}"]
        put(out, k, number(v) if k in numbers and v else v)
    return out


def _merge(side: str, rows: list[dict[str, Any]], stored: list[dict[str, Any]]
           ) -> tuple[list, list[tuple[int, list[int]]]]:
    """Rows to store and, per stored row, the form row (and form legs) it came from."""
    out, index = [], []
    for i, r in enumerate(rows):
        if r["remove"] or (not r["flow"] and not r["amount"]):
            continue
        base: dict[str, Any] = {}
        if r["orig"].isdigit() and int(r["orig"]) < len(stored):
            base = json.loads(json.dumps(stored[int(r["orig"])]))
        base.update(flow=r["flow"], amount=number(r["amount"]), unit=r["unit"], kind=r["kind"])
        for k in _TEXT[side]:
            if k not in ("flow", "amount", "unit", "kind", "source", "evidence"):
                put(base, k, number(r[k]) if k in _NUMBERS and r[k] else r[k])
        if side == "in":
            put(base, "burden_free", True if r["burden_free"] else None)
            cfp = _sub(r, "supplier_cfp", CFP, {"value"}, base.get("supplier_cfp"))
            if cfp is not None:
                put(cfp, "verified", True if r["supplier_cfp-verified"] else None)
            put(base, "supplier_cfp", cfp)
            put(base, "fuel", _sub(r, "fuel", FUEL, _FUEL_NUMBERS, base.get("fuel")))
        legs, leg_index = _legs(r["legs"], base.get("transport") or [])
        put(base, "transport", legs or None)
        dq = dict(base.get("dq") or {})
        for k in INDICATORS:  # unrated: not stored, so the revision claims no rating
            put(dq, k, r[f"dq-{k}"])
        dq["primary"] = r["primary"]
        dq["source"] = r["source"]
        dq["evidence"] = [e.strip() for e in r["evidence"].split(",") if e.strip()]
        base["dq"] = dq
        out.append(base)
        index.append((i, leg_index))
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
    ins, in_map = _merge("in", rows_from_form(form, "in"), unit.get("inputs", []))
    outs, out_map = _merge("out", rows_from_form(form, "out"), unit.get("outputs", []))
    unit["inputs"], unit["outputs"] = ins, outs
    for k in ("name", "description", "location"):
        put(unit, k, clean(form.get(k)))
    pe, pe_map, errors = forms_pe.apply(unit.get("process_emissions") or {}, form)
    put(unit, "process_emissions", pe or None)
    return data, {"pos": pos, "in": in_map, "out": out_map, "pe": pe_map, "errors": errors}


def _row_field(side: str, row_map: tuple[int, list[int]], tail: list[Any], msg: str) -> str:
    i, legs = row_map
    if not tail:  # a row-level rule: only burden_free/note has one today
        return f"{side}-{i}-{'note' if 'burden_free' in msg else 'flow'}"
    if tail[0] == "transport" and len(tail) > 1 and isinstance(tail[1], int) \
            and tail[1] < len(legs):
        leg = tail[2] if len(tail) > 2 and tail[2] in LEG else "mode"
        return f"{side}-{i}-transport-{legs[tail[1]]}-{leg}"
    if tail[0] in ("dq", "supplier_cfp", "fuel"):
        sub = tail[1] if len(tail) > 1 else {"dq": "source", "supplier_cfp": "value",
                                             "fuel": "ncv"}[tail[0]]
        return f"{side}-{i}-{tail[0]}-{sub}"
    return f"{side}-{i}-{tail[0]}"


def field_errors(exc: ValidationError, maps: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Messages keyed by form field name, and messages that belong to no field of this form."""
    fields: dict[str, str] = dict(maps["errors"])
    other: list[str] = []
    for e in exc.errors(include_url=False):
        loc, msg = tuple(e["loc"]), e["msg"].removeprefix("Value error, ")
        name = None
        if len(loc) >= 3 and loc[0] == "units" and loc[1] == maps["pos"]:
            side = {"inputs": "in", "outputs": "out"}.get(str(loc[2]))
            if side and len(loc) >= 4 and isinstance(loc[3], int) \
                    and loc[3] < len(maps[side]):
                name = _row_field(side, maps[side][loc[3]], list(loc[4:]), msg)
            elif loc[2] == "process_emissions":
                name = forms_pe.field_name(list(loc[3:]), maps["pe"])
            elif loc[2] in ("name", "description", "location"):
                name = str(loc[2])
        if name:
            fields[name] = (fields[name] + "; " + msg) if name in fields else msg
        else:
            other.append(".".join(str(x) for x in loc) + ": " + msg)
    return fields, other
