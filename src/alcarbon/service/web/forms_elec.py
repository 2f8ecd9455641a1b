"""The electricity-supplies editor of a study (GB/T 44905 7.1.5): ``electricity.supplies`` rows,
grid basis and year, mixed-basis permission, default supply.

Field names: ``elec-<field>`` for the settings, ``sup-<i>-<field>`` for supply row i with
``sup-count``; ``sup-<i>-orig`` is the supply's stored name, so a rename also renames the
``supply`` of every input that uses it (and the default supply).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from alcarbon.service.web.formutil import clean, count, fmt, number, put

TYPES = ("grid", "captive", "direct_line", "contract")
TEXT = ("name", "type", "region", "provider", "factor", "value", "basis", "source", "instrument")
FLAGS = ("conveys_generator_info", "exclusive_claim", "retired_by_reporter", "matches_period",
         "sold_separately")
SETTINGS = ("grid_basis", "grid_year", "default_supply")
_NAME = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{1,60}")


def blank_supply() -> dict[str, Any]:
    return {k: "" for k in TEXT + ("orig",)} | {k: False for k in FLAGS} | {
        "type": "grid", "remove": False}


def state_from_data(elec: dict[str, Any]) -> dict[str, Any]:
    """Form state of stored electricity settings (one blank supply row to add one)."""
    rows = []
    for name, sup in (elec.get("supplies") or {}).items():
        row: dict[str, Any] = {k: fmt(sup.get(k)) for k in TEXT if k != "name"}
        row |= {"name": name, "orig": name, "remove": False}
        row |= {k: bool(sup.get(k)) for k in FLAGS}
        rows.append(row)
    return {"grid_basis": elec.get("grid_basis", "life_cycle"),
            "grid_year": fmt(elec.get("grid_year")),
            "default_supply": elec.get("default_supply") or "",
            "allow_mixed_basis": bool(elec.get("allow_mixed_basis")),
            "supplies": rows + [blank_supply()]}


def state_from_form(form: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: clean(form.get(f"elec-{k}")) for k in SETTINGS}
    out["allow_mixed_basis"] = form.get("elec-allow_mixed_basis") is not None
    out["supplies"] = []
    for i in range(count(form, "sup-count")):
        row: dict[str, Any] = {k: clean(form.get(f"sup-{i}-{k}")) for k in TEXT + ("orig",)}
        row |= {k: form.get(f"sup-{i}-{k}") is not None for k in FLAGS + ("remove",)}
        out["supplies"].append(row)
    return out


def _users_of(data: dict[str, Any], name: str) -> list[str]:
    return [f"{u.get('id')}: {r.get('flow')}" for u in data.get("units", [])
            for r in u.get("inputs", []) if r.get("supply") == name]


def apply(data: dict[str, Any], form: Mapping[str, Any]
          ) -> tuple[dict[str, Any], dict[str, int], dict[str, str]]:
    """New study data with the submitted electricity settings; supply name -> form row; errors
    found before model validation (names, removal of a supply still in use)."""
    data = json.loads(json.dumps(data))
    elec = data.setdefault("electricity", {})
    old = elec.get("supplies") or {}
    state = state_from_form(form)
    errors: dict[str, str] = {}
    supplies: dict[str, Any] = {}
    rows: dict[str, int] = {}
    renames: dict[str, str] = {}
    for i, r in enumerate(state["supplies"]):
        typed = any(r[k] for k in TEXT if k not in ("name", "type"))
        if not r["remove"] and not r["name"] and (r["orig"] or typed):
            errors[f"sup-{i}-name"] = "a supply needs a name"
            continue
        if r["remove"] or not (r["name"] or r["orig"]):
            if r["orig"] in old and _users_of(data, r["orig"]):
                errors[f"sup-{i}-remove"] = "still used by " + ", ".join(
                    _users_of(data, r["orig"]))
            continue
        name = r["name"]
        if not _NAME.fullmatch(name):
            errors[f"sup-{i}-name"] = "a short name: letters, digits, _ . - (no spaces)"
            continue
        if name in supplies:
            errors[f"sup-{i}-name"] = f"name {name!r} appears twice"
            continue
        sup = dict(old.get(r["orig"]) or {})
        for k in TEXT:
            if k != "name":
                put(sup, k, number(r[k]) if k == "value" and r[k] else r[k])
        for k in FLAGS:
            put(sup, k, True if r[k] else None)
        supplies[name], rows[name] = sup, i
        if r["orig"] in old and r["orig"] != name:
            renames[r["orig"]] = name
    for u in data.get("units", []):  # a renamed supply keeps its consumers
        for inp in u.get("inputs", []):
            if inp.get("supply") in renames:
                inp["supply"] = renames[inp["supply"]]
    elec["supplies"] = supplies
    put(elec, "grid_basis", state["grid_basis"])
    put(elec, "grid_year", number(state["grid_year"]) if state["grid_year"] else "")
    if isinstance(elec.get("grid_year"), float) and elec["grid_year"].is_integer():
        elec["grid_year"] = int(elec["grid_year"])
    default = renames.get(state["default_supply"], state["default_supply"])
    put(elec, "default_supply", default)
    if default and default not in supplies:
        errors["elec-default_supply"] = f"no supply named {default!r}"
    put(elec, "allow_mixed_basis", True if state["allow_mixed_basis"] else None)
    return data, rows, errors


def field_errors(exc, rows: dict[str, int]) -> tuple[dict[str, str], list[str]]:
    """Pydantic messages keyed by form field, and those of other parts of the study."""
    fields: dict[str, str] = {}
    other: list[str] = []
    for e in exc.errors(include_url=False):
        loc, msg = tuple(e["loc"]), e["msg"].removeprefix("Value error, ")
        name = None
        if loc[:2] == ("electricity", "supplies") and len(loc) >= 3 and loc[2] in rows:
            k = str(loc[3]) if len(loc) > 3 and loc[3] in TEXT + FLAGS else "type"
            name = f"sup-{rows[loc[2]]}-{k}"
        elif loc[:1] == ("electricity",) and len(loc) > 1 and loc[1] in SETTINGS + (
                "allow_mixed_basis",):
            name = f"elec-{loc[1]}"
        if name:
            fields[name] = (fields[name] + "; " + msg) if name in fields else msg
        else:
            other.append(".".join(str(x) for x in loc) + ": " + msg)
    return fields, other
