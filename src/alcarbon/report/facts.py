"""The language-neutral facts of a report: every number the report shows, built by pure functions.

``build_facts(study, result, product, ...)`` returns plain JSON-able data (t CO2e per declared
unit unless a key says otherwise). The zh and en reports, the XLSX workbook and the JSON file are
all rendered from these facts, so every format carries identical numbers (GB/T 44905 clause 10).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from alcarbon.facts import electricity_use, g8, r6, scaling_vector
from alcarbon.flow_words import SOURCES, flow_pair
from alcarbon.inventory.translations import LANGS, replacements
from alcarbon.report import repro

__all__ = ["build_facts", "electricity_use", "g8", "param_labels", "r6", "scaling_vector",
           "unit_names"]

_CRITERIA = ("technology", "time", "geography", "reliability", "completeness")


def _stages(p: Any) -> list[dict[str, Any]]:
    loc = {s.stage: s.t_co2e for s in p.stages(location=True)}
    return [{"stage": s.stage, "t_co2e": r6(s.t_co2e), "share": r6(s.share),
             "t_co2e_location": r6(loc.get(s.stage, 0.0))} for s in p.stages()]


def _table_e1(p: Any) -> list[dict[str, Any]]:
    rows = []
    for r in p.table_e1():
        factors = [{"id": k.split("|")[0], "value": g8(v[0]), "unit": v[1], "gas": v[2]}
                   for k, v in sorted(r["factors"].items())]
        rows.append({"unit": r["unit"], "flow": r["flow"], "category": r["category"],
                     "activity": g8(r["activity"]), "activity_unit": r["activity_unit"],
                     "factors": factors, "t_co2e": r6(r["t_co2e"])})
    return rows


def _merged_top(p: Any, n: int = 10) -> list[dict[str, Any]]:
    """Significant contributors (9.1 a): t CO2e per (stage, unit, category, flow)."""
    from alcarbon.engine.result import hotspots

    return [{**h, "t_co2e": r6(h["t_co2e"]), "share": r6(h["share"])}
            for h in hotspots(p.contributions, n, p.cfp)]


def _flow_stage(p: Any) -> list[list[Any]]:
    """[flow, stage, t CO2e] sums (the flow Sankey), flows with a captive prefix merged."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for c in p.contributions:
        flow = "electricity" if c.flow.startswith("electricity") else c.flow
        flow = "transport" if flow.startswith("transport:") else flow
        sums[(flow, c.stage)] += c.t_co2e
    return [[k[0], k[1], r6(v)] for k, v in sorted(sums.items())]


def _dq_rows(study: Any) -> list[dict[str, Any]]:
    """Table 2 ratings of every collected datum (GB/T 44905 6.3)."""
    rows = []

    def add(unit: str, flow: str, dq: Any) -> None:
        rows.append({"unit": unit, "flow": flow, "primary": dq.primary, "source": dq.source,
                     **{c: getattr(dq, c) for c in _CRITERIA}})

    for u in study.units:
        for i in u.inputs:
            add(u.id, i.flow, i.dq)
        for o in u.outputs:
            if o.kind in ("product", "co_product", "emission"):
                add(u.id, o.flow, o.dq)
        pe = u.process_emissions
        for name in ("anode_consumption", "anode_effect", "baking"):
            obj = getattr(pe, name)
            if obj is not None:
                add(u.id, name, obj.dq)
        for c in pe.carbonates:
            add(u.id, f"carbonate:{c.flow}", c.dq)
    return rows


def _dq_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    # an empty rating is counted as not rated (未评级), never as good (6.3 Table 2)
    counts = {c: {r: sum(1 for row in rows if (row[c] or "not_rated") == r)
                  for r in ("good", "fair", "poor", "not_rated")}
              for c in _CRITERIA}
    return {"n": len(rows), "primary": sum(1 for r in rows if r["primary"]), "counts": counts}


def _region_names(region: str | None) -> list[str]:
    """[zh, en] name of a province (or the text as given when it is not a province)."""
    import csv
    from importlib import resources

    from alcarbon.factors import regions

    if not region:
        return ["", ""]
    try:
        pid = regions.province(region)
    except Exception:  # noqa: BLE001 - a grid region or free text: shown as given
        return [region, region]
    text = resources.files("alcarbon").joinpath("data", "factors", "provinces.csv").read_text(
        encoding="utf-8")
    row = next(r for r in csv.DictReader(text.splitlines()) if r["id"] == pid)
    return [row["name_zh"], row["name_en"]]


def _supply_factor(study: Any, sup: Any, name: str) -> dict[str, Any]:
    """Declared factor of a grid / direct-line / contract supply (kg CO2e/kWh), whether or not
    any kWh use it, so the supplies table always shows it: the supplier's factor for a direct
    line and for a contract meeting the four conditions of 7.1.5.3, else the grid factor of the
    region of consumption (the parts table beside it shows both results)."""
    from alcarbon.engine.electricity import _supplier, grid_factor
    from alcarbon.factors import load_library

    lib = load_library().with_overrides(study.factors) if study.factors else load_library()
    where = f"electricity.supplies.{name}"
    try:
        if sup.type == "grid" and (sup.factor or sup.value is not None):
            ef = _supplier(lib, sup, name, where)  # the supply's own factor (issue 15 item 2)
        elif sup.type == "contract" and sup.qualifies():
            ef = _supplier(lib, sup, name, where)
        elif sup.type in ("grid", "contract"):
            region = sup.region or next((u.location for u in study.units if u.location), None)
            ef, _ = grid_factor(lib, study.electricity, region, where, study.period.end.year)
        elif sup.type == "direct_line":
            ef = _supplier(lib, sup, name, where)
        else:
            return {"kg_per_kwh": None, "factor_name": None, "factor_basis": None}
    except Exception:  # noqa: BLE001 - shown as not available, the engine reports the error
        return {"kg_per_kwh": None, "factor_name": None, "factor_basis": None}
    try:
        f = lib.get(ef.factor_id)
        fname = [f.name_zh or f.name, f.name]
    except Exception:  # noqa: BLE001 - a supplier-declared value has no library entry
        fname = None
    return {"kg_per_kwh": r6(1000 * ef.value_t_per_kwh),
            "factor_name": fname, "factor_basis": ef.basis}


def _system(study: Any, result: Any) -> dict[str, Any]:
    """Units, intermediate links and captive plants of the product system (boundary diagram)."""
    system = result.system
    units = []
    for u in study.units:
        units.append({"id": u.id, "name": u.name or u.id, "location": u.location or "",
                      "products": [o.flow for o in u.products()],
                      "purchased": sorted({i.flow for i in u.inputs
                                           if i.kind not in ("intermediate", "electricity")
                                           and not i.provider and i.flow not in system.products}),
                      "electricity": any(i.kind == "electricity" for i in u.inputs),
                      "wastes": [o.flow for o in u.outputs if o.kind == "waste"]})
    links = set()
    for e in system.tech:
        src = system.columns[system.producer(system.products[e.row])][0]
        dst = system.columns[e.column][0]
        if src != dst:
            links.add((src, dst, system.products[e.row]))
    supplies = [{"name": k, "type": v.type, "region": v.region or "", "provider": v.provider or "",
                 "factor": v.factor or "", "qualifies": v.qualifies() if v.type == "contract"
                 else None, "region_names": _region_names(v.region),
                 **_supply_factor(study, v, k)}
                for k, v in sorted(study.electricity.supplies.items())]
    return {"units": units, "links": [{"from": a, "to": b, "product": p}
                                      for a, b, p in sorted(links)], "supplies": supplies}


#: IPCC 2006 stationary-combustion fuel groups and sectors (methods/combustion_non_co2.py).
_FUEL_GROUPS = {"coal": ("煤及煤制品", "coal and coal products"), "oil": ("油品", "oil products"),
                "gas": ("气体燃料", "gaseous fuels")}
_SECTORS = {"energy": ("能源工业", "energy industries"),
            "manufacturing": ("制造业", "manufacturing industries")}
_MODES = {"road": ("公路", "road"), "rail": ("铁路", "rail"), "water": ("水路", "water"),
          "air": ("航空", "air")}


def _named(lib: Any, flow: str) -> tuple[str, str] | None:
    """(zh, en) name of a flow from the library catalogue; None when it is not listed."""
    d = lib.flow_or_none(flow)  # unknown flows keep their id (no close-match search)
    return None if d is None else (d.name_zh or d.name or flow, d.name or flow)


def _pair(lib: Any, flow: str) -> tuple[str, str]:
    """(zh, en) name of a flow from the library catalogue, the id when it is not listed."""
    return _named(lib, flow) or (flow, flow)


def _factor_pair(lib: Any, fid: str) -> tuple[str, str]:
    """(zh, en) name of a factor id as a sensitivity parameter."""
    kind, _, rest = fid.partition(":")
    if kind == "combustion":
        zh, en = _pair(lib, rest)
        return f"{zh}燃烧排放因子", f"{en} combustion factor"
    if kind == "ipcc_stationary":  # <sector>:<group>:<gas> (IPCC 2006 Vol. 2 Tables 2.2/2.3)
        sector, group, gas = (rest.split(":") + ["", "", ""])[:3]
        gz, ge = _FUEL_GROUPS.get(group, (group, group))
        sz, se = _SECTORS.get(sector, (sector, sector))
        return f"{gz}燃烧 {gas} 排放因子({sz})", f"{ge} combustion {gas} factor ({se})"
    if kind == "method" and rest in SOURCES:
        zh, en = SOURCES[rest]
        return f"{zh}排放因子", f"{en} emission factor"
    try:
        f = lib.get(fid)
        zh = f.name_zh or f.name
        return (zh if zh.endswith("因子") else f"{zh}排放因子",
                f.name if "factor" in f.name.lower() else f"{f.name} factor")
    except Exception:  # noqa: BLE001 - a study factor: named by its flow where possible
        base = fid.split(".")[-1]
        zh, en = _pair(lib, base)
        return f"{zh}排放因子", f"{en} factor"


def param_labels(study: Any, lib: Any, keys: set[str],
                 units: dict[str, str]) -> dict[str, list[str]]:
    """[zh, en] label of each uncertainty/sensitivity parameter key ('activity:u/inputs/0').

    ``units`` maps a unit id to its display name. Keys that cannot be resolved keep the key in
    both languages (the report shows ids only where no name exists).
    """
    out: dict[str, list[str]] = {}
    kinds = {"technosphere": ("(单耗)", " (use)"), "activity": ("", "")}
    for key in sorted(keys):
        kind, _, datum = key.partition(":")
        if kind == "factor":
            out[key] = list(_factor_pair(lib, datum))
            continue
        parts = datum.split("/")
        try:
            u = study.unit(parts[0])
            uzh = units.get(u.id, u.name or u.id)
            uen = units.get(u.id + "|en", uzh)
            if parts[1] in ("inputs", "outputs"):
                row = getattr(u, parts[1])[int(parts[2])]
                zh, en = _pair(lib, row.flow)
                if len(parts) >= 5 and parts[3] == "transport":
                    m = _MODES.get(row.transport[int(parts[4])].mode, ("运输", "transport"))
                    zh, en = f"{zh}{m[0]}运输距离", f"{en} {m[1]} distance"
            else:
                zh, en = SOURCES.get(parts[2], (parts[2], parts[2]))
            sfx = kinds.get(kind, ("", ""))
            out[key] = [f"{uzh}:{zh}{sfx[0]}", f"{uen}: {en}{sfx[1]}"]
        except (KeyError, IndexError, ValueError, AttributeError):
            out[key] = [key, key]
    return out


def _flow_names(result: Any, lib: Any, flows: set[str]) -> dict[str, list[str]]:
    """[zh, en] name of each flow id that can be named: catalogue flows, process sources and
    composed ids (a transport leg, a captive unit's line, a system-expansion credit...) by
    their full name (:func:`alcarbon.flow_words.flow_pair`); others are left out."""
    out = {}
    for f in sorted(flows):
        pair = flow_pair(f, lambda x: _named(lib, x))
        if pair is not None:
            out[f] = list(pair)
    return out


#: compliance-detail lists of [unit, flow] pairs (checks/evaluators.py, checks/inputs_listed.py)
_PAIR_DETAILS = ("not_listed", "not_quantified", "omitted_energy", "no_reason", "no_source",
                 "no_evidence", "no_transport")


def _checked_flows(checks: Any) -> set[str]:
    """Flows the checklist names (e.g. an unlisted fresh_water), so the report can name them."""
    if checks is None:
        return set()
    return {pair[1] for c in checks.compliance for k in _PAIR_DETAILS
            for pair in (getattr(c, "detail", None) or {}).get(k, []) if pair[1]}


def build_facts(study: Any, result: Any, product: str | None = None, *, lib: Any = None,
                checks: Any = None, mc: Any = None, oat: Any = None, alts: Any = None,
                levers: list[dict[str, Any]] | None = None,
                availability: dict[str, bool] | None = None) -> dict[str, Any]:
    """All report facts for one declared product (default: the study's first)."""
    from alcarbon.factors import load_library
    from alcarbon.gwp import get_gwp_set

    product = product or study.declared_products[0]
    p = result.products[product]
    lib = lib if lib is not None else load_library()
    gs = get_gwp_set(result.gwp_set)
    gases = sorted({c.gas for c in p.contributions if c.gas != "CO2e"})
    e1 = _table_e1(p)
    dq_rows = _dq_rows(study)
    elec = electricity_use(study, result, product)
    facts: dict[str, Any] = {
        "schema": "alcarbon.report/1",
        "product": product,
        "meta": {
            "title": study.title, "illustrative": study.illustrative,
            "report_id": study.report_id, "commissioner": study.commissioner,
            "report_date": study.report_date.isoformat() if study.report_date else "",
            "assessor": study.assessor, "producer": study.producer.model_dump(),
            "product": study.product.model_dump(), "purpose": study.purpose.model_dump(),
            "period": {"start": study.period.start.isoformat(),
                       "end": study.period.end.isoformat()},
            "declared_unit": p.declared_unit, "allocation": result.allocation,
            "upstream_convention": result.upstream_convention,
            "purchased_stage": study.purchased_stage,
            "captive_attribution": study.captive_attribution,
            "grid_basis": study.electricity.grid_basis, "notes": study.notes,
        },
        "reproducibility": repro.block(study, result),
        "result": {
            "cfp": r6(p.cfp), "cfp_location_based": r6(p.cfp_location_based),
            "cfp_market_based": r6(p.cfp),  # deprecated alias of cfp (one release)
            "cfp_grid_mix_analysis": (None if p.cfp_grid_mix_analysis is None
                                      else r6(p.cfp_grid_mix_analysis)),
            "grid_mix_note": [getattr(p.grid_mix_note, "zh", "") or str(p.grid_mix_note),
                              str(p.grid_mix_note)] if p.grid_mix_note else None,
            "cfp_kg": r6(1000 * p.cfp), "stages": _stages(p),
            "by_gas": {k: r6(v) for k, v in sorted(p.by_gas().items())},
            "by_category": {k: r6(v) for k, v in sorted(p.by_category().items())},
            "top": _merged_top(p),
            "flow_stage": _flow_stage(p),
        },
        "table_e1": e1,
        "gwp": {"set": result.gwp_set, "source": getattr(gs, "source", ""),
                "reason": study.gwp_reason,
                "values": {g: gs.values[g] for g in gases if g in gs.values}},
        "electricity": {**_round_parts(p.electricity), **elec},
        "data_quality": {"rows": dq_rows, "summary": _dq_summary(dq_rows)},
        "cutoff": {"omitted": [o.model_dump() for o in study.omitted_flows]},
        "system": _system(study, result),
        "flow_names": _flow_names(result, lib, {r["flow"] for r in e1}
                                  | set(result.system.products)
                                  | {o.flow for u in study.units for o in u.outputs}
                                  | {r["flow"] for r in dq_rows}
                                  | _checked_flows(checks)),
        "warnings": sorted(set(result.warnings) | set(p.warnings)),
        "factor_sources": sorted({(c.factor_id, c.source) for c in p.contributions
                                  if c.source}),
        "levers": levers or [],
        "supplier_data": sorted({(u.id, i.flow) for u in study.units for i in u.inputs
                                 if i.supplier_cfp is not None}),
        "availability": availability or {},
        "translations": {lang: replacements(study, lang) for lang in LANGS
                         if replacements(study, lang)},
    }
    from alcarbon.messages import texts
    from alcarbon.report import analyses, references

    facts.update(analyses.facts_from(product, checks=checks, mc=mc, oat=oat, alts=alts))
    names = unit_names(facts["system"])
    facts["unit_names"] = names
    flat = {k: v[0] for k, v in names.items()} | {k + "|en": v[1] for k, v in names.items()}
    keys = {r["param"] for r in facts["sensitivity"] or []}
    ck = facts.get("checks") or {}
    keys |= {d["datum"] for d in (ck.get("quality") or {}).get("poor_over_1pct", [])}
    keys |= {k for k, _v in (facts.get("uncertainty") or {}).get("variance_contributions", [])}
    # study factors (study.<id>) are named by the study's own name_zh / name
    named = lib.with_overrides(study.factors) if study.factors else lib
    facts["param_labels"] = param_labels(study, named, keys, flat)
    facts["notes"] = [dict(zip(("id", "zh", "en"), texts(w), strict=True))
                      for w in sorted(set(result.warnings) | set(p.warnings))]
    facts.update(references.build(study, lib, [c.factor_id for c in p.contributions],
                                  result.gwp_set))
    return facts


def unit_names(system: dict[str, Any]) -> dict[str, list[str]]:
    """[zh, en] display name of every unit: the standard's stage name, 自备电厂 for a captive
    plant, else the name the study gives (the study's own words, in both languages)."""
    from alcarbon.report.i18n import STAGES, SUPPLY_TYPES

    captive = {s["provider"] for s in system["supplies"] if s["type"] == "captive"}
    out = {}
    for u in system["units"]:
        if u["id"] in STAGES:
            out[u["id"]] = list(STAGES[u["id"]])
        elif captive & set(u["products"]):  # a unit's name, capitalised as the stages' are
            zh, en = SUPPLY_TYPES["captive"]
            out[u["id"]] = [zh, en[:1].upper() + en[1:]]
        else:
            out[u["id"]] = [u["name"], u["name"]]
    return out


def _round_parts(el: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("declared", "location_based"):
        out[key] = [{**{k: (r6(v) if isinstance(v, float) else v) for k, v in part.items()},
                     "region_names": (["全国", "national"] if str(part.get("region") or "")
                                      .upper() == "CN" else _region_names(part.get("region")))}
                    for part in el.get(key, [])]
    out["declared_bases"] = list(el.get("declared_bases", []))
    out["location_bases"] = list(el.get("location_bases", []))
    return out
