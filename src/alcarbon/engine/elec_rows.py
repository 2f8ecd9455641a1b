"""Electricity rows of a product result: per supply and factor, kWh per declared unit, the factor
named (id, kg per kWh, basis, region, year), t CO2e and how GB/T 44905 7.1.5 chose it."""

from __future__ import annotations

from typing import Any

import numpy as np

from alcarbon.engine.item_lists import cols_list, item_labels, side_lists
from alcarbon.units import conversion_factor

#: (English, Chinese) notes per way a factor was chosen (GB/T 44905 7.1.5)
NOTES = {
    "captive": ("captive plant modelled cradle-to-gate (7.1.5.1)",
                "自备电厂按从摇篮到大门建模(7.1.5.1)"),
    "direct_line": ("direct line: the supplier's factor (7.1.5.2)",
                    "直供电力:采用供应商提供的因子(7.1.5.2)"),
    "contract": ("contract meeting the four conditions: supplier-specific factor (7.1.5.3)",
                 "满足四项条件的合同工具:采用供应商特定因子(7.1.5.3)"),
    "contract_fails": ("contract fails the 7.1.5.3 conditions: counted as grid electricity",
                       "合同工具不满足 7.1.5.3 条件:按电网电力计"),
    "user_factor": ("the supply's own factor (study input)", "该供电的自定义因子(研究输入)"),
    "residual": ("grid excluding already-claimed attributes (residual mix, 7.1.5.3)",
                 "剔除已声明属性电量的电网因子(剩余电力,7.1.5.3)"),
    "no_residual": ("location factor: no residual mix is published for this region and basis; "
                    "attributes claimed by others may be counted",
                    "基于位置的因子:该地区与口径无剩余电力因子发布,可能包含他方已声明的属性"),
    "location": ("location-based comparison: grid factor of the region of consumption",
                 "基于位置(对比):消费地区的电网因子"),
}


def _how(study: Any, supply: str | None, factor_id: str, location: bool) -> str:
    s = study.electricity.supplies.get(supply or "")
    kind = s.type if s is not None else "grid"
    if kind == "direct_line":
        return "direct_line"
    if kind == "grid" and s is not None and (s.factor or s.value is not None):
        return "user_factor"
    if location:
        return "location"
    if kind == "contract" and s is not None and s.qualifies():
        return "contract"
    residual = factor_id.startswith("elec.residual_") or (
        factor_id == study.electricity.residual_factor)
    if kind == "contract":
        return "contract_fails"
    return "residual" if residual else "no_residual"


def captive_kwh(system: Any, s: np.ndarray) -> dict[str, float]:
    """kWh per declared unit each captive plant delivers to other units (7.1.5.1): per
    electricity entry of a captive plant's product in another column, -amount x scale converted
    to kWh (``units.convert``: x the cached conversion factor), in entry order."""
    sl, out = s.tolist(), {}
    for unit, value, column, to_kwh in _captive_entries(system):
        kwh = -value * sl[column] * to_kwh
        out[unit] = out.get(unit, 0.0) + kwh
    return out


def _captive_entries(system: Any) -> list[tuple[str, float, int, float]]:
    """(captive unit, amount, consuming column, kWh per unit of the product) per technosphere
    entry of electricity delivered by a captive plant to another column, once per system."""
    cache = system.__dict__.setdefault("_item_tables", {})
    out = cache.get("captive_entries")
    if out is None:
        out = []
        kinds = system.consumer_kind
        for e in system.tech:
            if kinds.get((e.row, e.column)) != "electricity" or e.row == e.column:
                continue
            producer = e.row  # column j makes product row j
            out.append((system.columns[producer][0], e.value, e.column,
                        conversion_factor(system.product_units[e.row], "kWh")))
        cache["captive_entries"] = out
    return out


def _plans(study: Any, lib: Any, system: Any, location: bool
           ) -> tuple[list[Any], dict, list[bool]]:
    """Per item, its electricity row's (key, fields) when it is grid, direct-line or contract
    electricity (else None); {(supply column, consumer column): captive row's (key, fields) or
    None}; per item, whether any of its rows can be electricity. The fields of
    :func:`electricity_rows` that depend only on the item, the side, the study's electricity
    settings and the library, once per system and side."""
    # on the system, which calculate pairs with one snapshot of the settings and one library
    # (keyed by their ids, not held: a pickled result carries its system, not them)
    memo = system.__dict__.setdefault("_elec_plans", {})
    key = (id(study), id(lib), location)
    hit = memo.get(key)
    if hit is not None:
        return hit
    supplies = study.electricity.supplies
    own: list[Any] = []
    labels = item_labels(system, location)
    for it, (factor, fid, basis, _source) in zip(system.items, labels, strict=True):
        if it.flow != "electricity" or it.category != "energy":
            own.append(None)
            continue
        name = it.supply or "grid"
        sup = supplies.get(it.supply or "")
        f = lib.get_or_none(fid)
        how = _how(study, it.supply, fid, location)
        own.append(((name, fid), {
            "supply": name, "type": sup.type if sup else "grid", "factor_id": fid,
            "kg_per_kwh": 1000 * factor, "basis": basis,
            "region": (f.region if f else (sup.region if sup else None)),
            "year": f.year if f else None, "gas": it.gas, "note": NOTES[how][0],
            "note_zh": NOTES[how][1]}))
    # the items whose rows can be electricity: these, and a supply unit's delivering it
    erows = {r for (r, _j), kind in system.consumer_kind.items() if kind == "electricity"}
    columns, row = system.columns, system.row
    ecols = {c for c in range(len(columns)) if row(columns[c][1]) in erows}
    cand = [p is not None or it.column in ecols for p, it in zip(own, system.items, strict=True)]
    # the captive rows' plans do not depend on the side: one memo for both
    out = memo[key] = (own, system.__dict__.setdefault("_captive_plans", {}), cand)
    return out


def _captive_plan(system: Any, plans: dict, i: int, j: int) -> Any:
    """The captive row's (key, fields) of item i reported in column j, or None when what its
    unit delivers there is not electricity (memo ``plans``)."""
    p = plans.get((i, j), False)
    if p is False:
        it = system.items[i]
        p = None
        if system.consumer_kind.get((system.row(system.columns[it.column][1]), j)) \
                == "electricity":  # captive plant, modelled (7.1.5.1)
            name = f"captive:{it.unit}"
            p = ((name, f"unit:{it.unit}"), {
                "supply": name, "type": "captive", "factor_id": f"unit:{it.unit}",
                "kg_per_kwh": None, "basis": "life_cycle", "region": None, "year": None,
                "gas": "CO2e", "note": NOTES["captive"][0], "note_zh": NOTES["captive"][1]})
        plans[i, j] = p
    return p


def electricity_rows(study: Any, lib: Any, system: Any, cube: Any, captive: dict[str, float],
                     *, location: bool) -> list[dict[str, Any]]:
    """One dict per (supply, factor) over the cube's rows of grid, direct-line and contract
    electricity in its own unit and of captive electricity in its consumers: supply, type,
    kwh, factor_id, kg_per_kwh, basis, region, year, gas, t_co2e, note, note_zh; kWh and
    t CO2e per declared unit, each added in row order from 0.0 (``captive``:
    :func:`captive_kwh`)."""
    own, foreign, cand = _plans(study, lib, system, location)
    ii, cc, tc, _labs, act, fr = cube.plain()[:6]
    cl = cols_list(system)
    acts = None
    agg: dict[tuple[str, str], list[Any]] = {}
    for k, i in enumerate(ii):
        if not cand[i]:
            continue
        c = cc[k]
        if c == cl[i]:
            p = own[i]
            if p is None:
                continue
            if act is not None:
                kwh = act[k]
            else:
                if acts is None:
                    acts = side_lists(system)[2]
                kwh = acts[i] * fr[k]
        else:
            p = foreign.get((i, c), False)
            if p is False:
                p = _captive_plan(system, foreign, i, c)
            if p is None:
                continue
            kwh = 0.0
        a = agg.get(p[0])
        if a is None:
            a = agg[p[0]] = [p[1], 0.0, 0.0]
        a[1] += kwh
        a[2] += tc[k]
    out = []
    for fields, kwh, t in agg.values():
        row = {"supply": fields["supply"], "type": fields["type"], "kwh": kwh,
               "factor_id": fields["factor_id"], "kg_per_kwh": fields["kg_per_kwh"],
               "basis": fields["basis"], "region": fields["region"], "year": fields["year"],
               "gas": fields["gas"], "t_co2e": t, "note": fields["note"],
               "note_zh": fields["note_zh"]}
        if fields["type"] == "captive":
            row["kwh"] = kwh = float(captive.get(fields["supply"].split(":", 1)[1], 0.0))
            row["kg_per_kwh"] = 1000 * t / kwh if kwh else None
        out.append(row)
    return out


class ElectricitySummary:
    """Declared and location-based electricity per supply and factor, each row naming its
    factor (id, kg per kWh, basis, region, year) and how 7.1.5 chose it (docs/report.md);
    made when first read (ProductResult.electricity), from the rows of this result only."""

    def __init__(self, study: Any, lib: Any, system: Any, cube: Any, cube_l: Any,
                 s: np.ndarray) -> None:
        self.args = (study, lib, system, cube, cube_l, s)

    def __call__(self) -> dict[str, Any]:
        study, lib, system, cube, cube_l, s = self.args
        captive = captive_kwh(system, s)
        decl = electricity_rows(study, lib, system, cube, captive, location=False)
        loc = electricity_rows(study, lib, system, cube_l, captive, location=True)
        return {"declared": decl, "location_based": loc,
                "declared_bases": sorted({r["basis"] for r in decl}),
                "location_bases": sorted({r["basis"] for r in loc})}
