"""Electricity rows of a product result: per supply and factor, kWh per declared unit, the factor
named (id, kg per kWh, basis, region, year), t CO2e and how GB/T 44905 7.1.5 chose it."""

from __future__ import annotations

from typing import Any

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


def electricity_rows(study: Any, lib: Any, system: Any, rows: list, captive_kwh: dict[str, float],
                     *, location: bool) -> list[dict[str, Any]]:
    """One dict per (supply, factor): supply, type, kwh, factor_id, kg_per_kwh, basis, region,
    year, t_co2e, note, note_zh; kWh and t CO2e per declared unit."""
    agg: dict[tuple[str, str], dict[str, Any]] = {}
    for c in rows:
        if c.flow == "electricity" and c.category == "energy":
            it = system.items[c.item]
            name = it.supply or "grid"
            sup = study.electricity.supplies.get(it.supply or "")
            key, kwh = (name, c.factor_id), c.activity
            f = lib.get_or_none(c.factor_id)
            how = _how(study, it.supply, c.factor_id, location)
            row = {"supply": name, "type": sup.type if sup else "grid",
                   "factor_id": c.factor_id, "kg_per_kwh": 1000 * c.factor, "basis": c.basis,
                   "region": (f.region if f else (sup.region if sup else None)),
                   "year": f.year if f else None, "gas": c.gas}
        elif c.flow.startswith("electricity:"):  # captive plant, modelled (7.1.5.1)
            name = f"captive:{c.origin_unit}"
            key, kwh, how = (name, f"unit:{c.origin_unit}"), 0.0, "captive"
            row = {"supply": name, "type": "captive", "factor_id": key[1], "kg_per_kwh": None,
                   "basis": "life_cycle", "region": None, "year": None, "gas": "CO2e"}
        else:
            continue
        a = agg.get(key)
        if a is None:
            a = agg[key] = dict(row, kwh=0.0, t_co2e=0.0, note=NOTES[how][0],
                                note_zh=NOTES[how][1])
        a["kwh"] += kwh
        a["t_co2e"] += c.t_co2e
    for a in agg.values():
        if a["type"] == "captive":
            a["kwh"] = float(captive_kwh.get(a["supply"].split(":", 1)[1], 0.0))
            a["kg_per_kwh"] = 1000 * a["t_co2e"] / a["kwh"] if a["kwh"] else None
    order = ("supply", "type", "kwh", "factor_id", "kg_per_kwh", "basis", "region", "year", "gas",
             "t_co2e", "note", "note_zh")
    return [{k: a[k] for k in order} for a in agg.values()]

