"""What-if levers for improvement suggestions (Appendix E 六.3, GB/T 44905 9.3 b).

Each lever is a pure function ``Study -> Study | None`` (None: not applicable, with the reason)
working on a deep copy of the study. ``evaluate`` recomputes the footprint with the engine and
reports the saving = CFP(before) - CFP(after) in t CO2e per declared unit, of the declared
(GB/T 44905) result and of the location-based comparison. Every default number a lever uses
is named with its source in its assumption text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alcarbon.errors import AlcarbonError

#: 2024 hydro generation-type electricity footprint factor of the library (MEE/NBS/NEA annex,
#: Table 2, 0.0141 kg CO2e/kWh).
HYDRO_FACTOR = "elec.footprint.hydro.2024"
#: CPCD literature value for alumina, 811.19 kg CO2e/t (CPCD 41432X0012021A, 2021); research
#: confidence low (domain-data.md §4.2): used only as the default comparison supplier.
ALUMINA_SUPPLIER = {"value": 811.19, "amount_unit": "kg", "per": "t", "basis": "life_cycle",
                    "source": "CPCD 41432X0012021A (2021, literature value, confidence low)"}


@dataclass(frozen=True)
class Lever:
    id: str
    fn: Callable[[dict[str, Any], dict[str, Any]], str | None]  # edits the dump; reason if n/a
    defaults: dict[str, Any]
    text_zh: str
    text_en: str
    assumption_zh: str = ""
    assumption_en: str = ""
    confidence: str = "medium"  # of the default numbers the lever uses: high | medium | low


#: Why a lever does not apply to a plant: id -> (zh, en). Lever functions return the id.
REASONS: dict[str, tuple[str, str]] = {
    "no_non_hydro": ("全部用电已为水电", "all electricity is already hydro"),
    "no_captive": ("无自备电厂", "no captive power plant"),
    "no_province": ("自备电厂及各单元均无所在省份,无法选取电网因子",
                    "no province for the grid factor"),
    "no_anode_effect": ("无阳极效应数据", "no anode-effect data"),
    "no_anode_consumption": ("无阳极消耗数据", "no anode consumption data"),
    "no_alumina": ("无氧化铝输入", "no alumina input"),
    "alumina_bought": ("氧化铝已为外购:更换供应商需有具体报价及其声明的碳足迹",
                       "alumina is already purchased: a supplier switch needs a real offer with "
                       "its declared footprint"),
    "calc_error": ("重新计算失败", "recomputation failed"),
}


def _hydro(d: dict[str, Any], p: dict[str, Any]) -> str | None:
    """Move ``share`` of every non-hydro electricity input to a hydro direct line (7.1.5.2)."""
    sup = d["electricity"]["supplies"]
    hydro = {n for n, s in sup.items() if s.get("factor") == HYDRO_FACTOR}
    changed = False
    for u in d["units"]:
        new = []
        for i in u["inputs"]:
            new.append(i)
            if i["kind"] != "electricity" or i.get("supply") in hydro or i["amount"] == 0:
                continue
            moved = dict(i, amount=i["amount"] * p["share"], supply="lever_hydro",
                         transport=[], note="lever: hydro share")
            i["amount"] = i["amount"] * (1 - p["share"])
            new.append(moved)
            changed = True
        u["inputs"] = new
    if not changed:
        return "no_non_hydro"
    sup["lever_hydro"] = {"type": "direct_line", "factor": HYDRO_FACTOR,
                          "source": "what-if lever: hydro supply"}
    return None


def _captive_to_grid(d: dict[str, Any], p: dict[str, Any]) -> str | None:
    """Replace every captive supply with grid purchase in the captive plant's province."""
    sup = d["electricity"]["supplies"]
    captive = {n: s for n, s in sup.items() if s["type"] == "captive"}
    if not captive:
        return "no_captive"
    loc = {o["flow"]: u.get("location") for u in d["units"] for o in u["outputs"]}
    for name, s in captive.items():
        region = loc.get(s.get("provider")) or next(
            (u.get("location") for u in d["units"] if u.get("location")), None)
        if not region:
            return "no_province"
        sup[name] = {"type": "grid", "region": region}
    return None


def _anode_effect(d: dict[str, Any], p: dict[str, Any]) -> str | None:
    """Cut anode-effect minutes by ``fraction``; PFC is proportional to AEM (slope method)."""
    f = 1 - p["fraction"]
    done = False
    for u in d["units"]:
        ae = u["process_emissions"].get("anode_effect")
        if ae:
            if ae["method"] == "slope" and ae.get("aem_min_per_cell_day"):
                ae["aem_min_per_cell_day"] *= f
            elif ae["method"] == "overvoltage" and ae.get("aeo_mv"):
                ae["aeo_mv"] *= f
            elif ae["method"] == "guideline" and ae.get("ef_cf4_kg_per_t") is not None:
                ae["ef_cf4_kg_per_t"] *= f
                ae["ef_c2f6_kg_per_t"] *= f
            else:
                continue
            done = True
        for o in u["outputs"]:
            if o["kind"] == "emission" and o.get("replaces") == "anode_effect":
                o["amount"] *= f
                done = True
    return None if done else "no_anode_effect"


def _net_anode(d: dict[str, Any], p: dict[str, Any]) -> str | None:
    """Cut net anode consumption by ``fraction`` (less anode made and consumed)."""
    f = p["fraction"]
    for u in d["units"]:
        ac = u["process_emissions"].get("anode_consumption")
        if not ac:
            continue
        if ac.get("net_anode_t_per_t"):
            ac["net_anode_t_per_t"] *= 1 - f
        butts = sum(o["amount"] for o in u["outputs"] if o["flow"] == "anode_butts")
        for i in u["inputs"]:
            if i["flow"] == "prebaked_anode":
                i["amount"] -= f * max(i["amount"] - butts, 0.0)
        return None
    return "no_anode_consumption"


def _alumina_supplier(d: dict[str, Any], p: dict[str, Any]) -> str | None:
    """Buy the pots' alumina instead of refining it in the study's own refinery (6.1).

    Applies only when the alumina comes from a unit of the study: a plant that already buys its
    alumina has no such lever (switching suppliers needs a real offer, not a literature value).
    """
    made = {o["flow"] for u in d["units"] for o in u["outputs"]
            if o["kind"] in ("product", "co_product")}
    for u in d["units"]:
        for i in u["inputs"]:
            if i["flow"] not in ("alumina", "purchased_alumina"):
                continue
            if i["flow"] == "purchased_alumina" or i["flow"] not in made:
                return "alumina_bought"
            i.update(flow="purchased_alumina", provider=None, kind="material",
                     factor=None, supplier_cfp=dict(p["supplier"]))
            return None
    return "no_alumina"


LEVERS: tuple[Lever, ...] = (
    Lever("hydro_share", _hydro, {"share": 0.5},
          "将 {share_pct}% 的非水电用电改为水电直供",
          "Move {share_pct} % of non-hydro electricity to a hydro direct line",
          "水电按 2024 年水电发电类型碳足迹因子 0.0141 kgCO₂e/kWh 计(生态环境部、国家统计局、"
          "国家能源局 2024 年电力碳足迹因子附件表 2);需有满足 7.1.5.2 的直供线路",
          "hydro at the 2024 hydro generation-type footprint factor 0.0141 kg CO₂e/kWh "
          "(MEE/NBS/NEA 2024 electricity footprint factors, annex Table 2); needs a direct line "
          "meeting 7.1.5.2", "high"),
    Lever("captive_to_grid", _captive_to_grid, {},
          "自备燃煤电厂改为当地电网购电",
          "Replace captive coal power with grid purchase in the province",
          "电网电力按研究年份的全国电力碳足迹因子计(7.1.5.3;未发布省级生命周期因子)",
          "grid electricity at the national electricity footprint factor of the study year "
          "(7.1.5.3; no provincial life-cycle factors are published)", "medium"),
    Lever("anode_effect", _anode_effect, {"fraction": 0.5},
          "阳极效应时间减少 {fraction_pct}%",
          "Cut anode-effect minutes by {fraction_pct} %",
          "PFC 排放与阳极效应分钟数(斜率法)或过电压成正比(IPCC 2006 第 3 卷 4.4 节)",
          "PFC proportional to anode-effect minutes (slope method) or overvoltage (IPCC 2006 "
          "Vol. 3 section 4.4)", "medium"),
    Lever("net_anode", _net_anode, {"fraction": 0.05},
          "阳极净耗降低 {fraction_pct}%",
          "Cut net anode consumption by {fraction_pct} %",
          "阳极消耗 CO₂ 与阳极生产量同比例减少(IPCC 2006 第 3 卷式 4.21)",
          "anode CO₂ and anode production fall in proportion (IPCC 2006 Vol. 3 Eq. 4.21)",
          "high"),
    Lever("alumina_supplier", _alumina_supplier, {"supplier": ALUMINA_SUPPLIER},
          "自产氧化铝改为外购",
          "Buy alumina instead of refining it",
          "外购氧化铝碳足迹 {supplier_value} kgCO₂e/t（CPCD 41432X0012021A，2021 年文献值）；"
          "实施前应以供应商的实际报价和声明碳足迹替换",
          "purchased alumina at {supplier_value} kg CO₂e/t (CPCD 41432X0012021A, 2021 literature "
          "value); replace it with a real supplier offer and its declared footprint", "low"),
)


def _fmt_params(p: dict[str, Any]) -> dict[str, str]:
    out = {}
    for k in ("share", "fraction"):
        if k in p:
            out[f"{k}_pct"] = f"{100 * p[k]:g}"
    if "supplier" in p:
        out["supplier_value"] = f"{p['supplier']['value']:g}"
    return out


def apply(study: Any, lever: Lever, params: dict[str, Any] | None = None) -> tuple[Any, str | None]:
    """(modified deep copy of the study, None) or (None, reason it does not apply)."""
    from alcarbon.inventory.model import Study

    p = {**lever.defaults, **(params or {})}
    d = study.model_dump()
    reason = lever.fn(d, p)
    if reason:
        return None, reason
    return Study.model_validate(d), None


def evaluate(study: Any, result: Any, product: str, *, lib: Any = None,
             params: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every lever on ``study``: saving in t CO2e per declared unit (before - after)."""
    from alcarbon.engine import calculate
    from alcarbon.facts import r6

    base = result.products[product]
    out = []
    for lv in LEVERS:
        p = {**lv.defaults, **((params or {}).get(lv.id, {}))}
        texts = {k: v.format(**_fmt_params(p)) for k, v in
                 (("text_zh", lv.text_zh), ("text_en", lv.text_en),
                  ("assumption_zh", lv.assumption_zh), ("assumption_en", lv.assumption_en))}
        row: dict[str, Any] = {"id": lv.id, **texts, "confidence": lv.confidence,
                               "applicable": False, "reason": "", "reason_zh": "",
                               "saving": None, "saving_location": None, "cfp_after": None,
                               "cfp_after_location": None}
        new, reason = apply(study, lv, p)
        if new is not None:
            new = new.model_copy(update={"declared_products": [product]})
            try:
                after = calculate(new, lib).products[product]
            except AlcarbonError:
                reason = "calc_error"
            else:
                row.update(applicable=True, cfp_after=r6(after.cfp),
                           cfp_after_location=r6(after.cfp_location_based),
                           saving=r6(base.cfp - after.cfp),
                           saving_location=r6(base.cfp_location_based
                                              - after.cfp_location_based))
        zh, en = REASONS.get(reason or "", ("", ""))
        row["reason"], row["reason_zh"] = en, zh
        out.append(row)
    return out
