"""Interpretation (clause 9, 10 f), improvement suggestions and references (10 g) of the report."""

from __future__ import annotations

from typing import Any

from alcarbon.report.content import alloc_text, fig, flow_label, unit_flow_label, unit_label
from alcarbon.report.content_checks import param_label
from alcarbon.report.i18n import (
    BASES,
    CATEGORIES,
    ETYPES,
    PRODUCTS,
    STAGES,
    SUPPLY_TYPES,
    label,
    num,
    pct,
    plain,
    t,
)
from alcarbon.report.model import KV, Note, Para, Section, Table


def _na(lang: str, module: str) -> Note:
    return Note(t("not_available", lang).format(m=module))


def _e2(f: dict[str, Any], lang: str) -> Table:
    r = f["result"]
    rows = [[label(STAGES, s["stage"], lang), num(s["t_co2e"]), pct(s["share"]),
             num(s["t_co2e_location"]), ""] for s in r["stages"]]
    rows[0][4] = {"energy_in_units": ("外购物料、燃料及其运输的上游排放", "upstream of purchased "
                                      "materials, fuels and their transport"),
                  "all_upstream": ("含外购电力/热力", "incl. purchased electricity/heat"),
                  "none": ("各单元内", "kept in units")}[f["meta"]["upstream_convention"]][
        0 if lang == "zh" else 1]
    return Table("table-e2", t("table_e2", lang),
                 [t("stage", lang), t("cfp_col", lang), t("share", lang), t("loc_col", lang),
                  t("remark", lang)], rows,
                 total=[t("total", lang), num(r["cfp"]), "100.0", num(r["cfp_location_based"]),
                        ""],
                 numeric=(1, 2, 3))


def _e2_convention(f: dict[str, Any], lang: str) -> Note:
    """How Table E.2 assigns stages (upstream row, purchased products, transport; 5.3)."""
    from alcarbon.engine.stages import convention_text

    m = f["meta"]
    text = convention_text(m["upstream_convention"],
                           m.get("purchased_stage", "production_stage"), lang)
    return Note(("表 E.2 阶段划分:" if lang == "zh" else "Stages of Table E.2: ") + text)


def _conclusions(f: dict[str, Any], lang: str) -> list[Any]:
    r = f["result"]
    zh = lang == "zh"
    big = max(r["stages"], key=lambda s: s["t_co2e"])
    top = r["top"][0] if r["top"] else None
    elec = sum(v for k, v in r["by_category"].items() if k == "energy")
    out = [Para(
        (f"产品碳足迹(GB/T 44905)为 {num(r['cfp'])} tCO₂e/t"
         f"(基于位置的对比结果 {num(r['cfp_location_based'])} tCO₂e/t)。"
         f"最大阶段为{label(STAGES, big['stage'], lang)}({pct(big['share'])}%);"
         f"能源相关排放占 {pct(elec / r['cfp'] if r['cfp'] else 0)}%。") if zh else
        (f"The carbon footprint (GB/T 44905) is {num(r['cfp'])} t CO₂e/t (location-based "
         f"comparison {num(r['cfp_location_based'])} t CO₂e/t). The largest stage is "
         f"{label(STAGES, big['stage'], lang)} ({pct(big['share'])} %); energy-related emissions "
         f"are {pct(elec / r['cfp'] if r['cfp'] else 0)} %."))]
    if top:
        out.append(Para(
            (f"最大单项贡献:{unit_flow_label(f, top['unit'], top['flow'], lang)}"
             f",{num(top['t_co2e'])} tCO₂e/t({pct(top['share'])}%)。") if zh else
            (f"Largest single contributor: {unit_flow_label(f, top['unit'], top['flow'], lang)}"
             f", {num(top['t_co2e'])} t CO₂e/t ({pct(top['share'])} %).")))
    lim = limitations(f, lang)
    out.append(Para(t("limitations", lang) + ("：" if zh else ":")))
    out.extend(Para(f"{k + 1}. {x}") for k, x in enumerate(lim))
    if f["meta"]["notes"]:
        out.append(KV([(t("study_notes", lang), f["meta"]["notes"])]))
    return out


def limitations(f: dict[str, Any], lang: str) -> list[str]:
    """The limitations the facts and checks show (10 f 1, 9.2 d), in ``lang``."""
    i = 0 if lang == "zh" else 1
    sep = "、" if i == 0 else ", "
    lim = []
    if f["meta"]["illustrative"]:
        lim.append(t("illustrative", lang) + ("。" if i == 0 else "."))  # a sentence of the list
    grid = [s for s in f["system"]["supplies"] if s["type"] in ("grid", "contract")]
    if f["meta"]["grid_basis"] == "life_cycle" and grid:
        regions = sorted({s["region_names"][i] for s in grid if s["region_names"][i]})
        v = next((s["kg_per_kwh"] for s in grid if s["kg_per_kwh"] is not None), None)
        lim.append(t("lim_national_grid", lang).format(
            v=plain(v), r=sep.join(regions) or ("所在省份" if i == 0 else "the province")))
    wastes = []
    for n in f.get("notes", []):
        kind, _, rest = n["id"].partition(":")
        if kind == "waste_zero":
            unit, _, flow = rest.partition(":")
            wastes.append(unit_flow_label(f, unit, flow, lang))
    if wastes:
        lim.append(t("lim_waste_zero", lang).format(items=sep.join(wastes)))
    sup = [unit_flow_label(f, u, fl, lang) for u, fl in f["supplier_data"]]
    if sup:
        lim.append(t("lim_supplier", lang).format(items=sep.join(sup)))
    fuels = next((r for r in f.get("references", []) if r["key"] == "fuels"), None)
    if fuels is not None:
        lim.append(t("lim_fuels", lang).format(table=fuels.get("table", ["", ""])[i]))
    if any(r["key"].startswith("ipcc_stationary:") for r in f.get("references", [])):
        lim.append(t("lim_non_co2", lang))
    study_f = [r for r in f.get("references", []) if r["key"].startswith("study:")]
    if study_f:
        names = [r["name"][i] for r in study_f]
        lim.append(t("lim_study_factors", lang).format(items=sep.join(names)))
    poor = sum(f["data_quality"]["summary"]["counts"][c]["poor"]
               for c in f["data_quality"]["summary"]["counts"])
    if poor:
        lim.append(t("lim_poor", lang).format(n=poor))
    ck = f.get("checks")
    if ck and ck["compliance"]["counts"].get("fail"):
        lim.append(t("lim_fail", lang).format(n=ck["compliance"]["counts"]["fail"]))
    return lim


def _sens_unc(f: dict[str, Any], figures: dict[str, Any], lang: str, s: Section) -> None:
    sens = s.sub("sensitivity", t("sensitivity", lang), "10 f 2, 9.3 a")
    if f.get("sensitivity") is None:
        sens.add(_na(lang, "alcarbon.uncertainty.one_at_a_time"))
    else:
        sens.add(Table("sensitivity", t("sensitivity", lang),
                       [t("param", lang), t("low", lang), t("high", lang), t("swing", lang)],
                       [[param_label(f, r["param"], lang), num(r["low"]), num(r["high"]),
                         num(r["swing"])] for r in f["sensitivity"][:15]], numeric=(1, 2, 3)))
        sens.add(*fig(figures, "tornado", lang))
    unc = s.sub("uncertainty", t("uncertainty", lang), "10 f 2, 9.2 b")
    mc = f.get("uncertainty")
    if mc is None:
        unc.add(_na(lang, "alcarbon.uncertainty.monte_carlo"))
    else:
        unc.add(KV([(t("iterations", lang), str(mc["iterations"])),
                    (t("mean", lang), num(mc["mean"])), (t("median", lang), num(mc["median"])),
                    (t("ci", lang), f"{num(mc['p2_5'])} – {num(mc['p97_5'])}"),
                    (t("cv", lang), num(mc["cv"], 3))]
                   + ([(t("unc_scheme", lang), mc["scheme"][0 if lang == "zh" else 1])]
                      if mc.get("scheme") else [])))
        if mc.get("parameters"):
            unc.add(_unc_params(f, mc, lang))
        unc.add(*fig(figures, "mc", lang))
    alt = s.sub("alternatives", t("alternatives", lang), "9.3 a")
    if f.get("alternatives") is None:
        alt.add(_na(lang, "alcarbon.uncertainty.alternatives"))
    else:
        i = 0 if lang == "zh" else 1
        alt.add(Table("alternatives", t("alternatives", lang),
                      [t("item", lang), t("cfp_col", lang), "Δ", "Δ %"],
                      [[(r["description_zh"], r["description_en"])[i] or r["name"], num(r["cfp"]),
                        num(r["delta"]), num(r["delta_pct"], 1)] for r in f["alternatives"]],
                      numeric=(1, 2, 3)))


def _unc_params(f: dict[str, Any], mc: dict[str, Any], lang: str) -> Table:
    """Top parameters by variance share: exchange type, sigma basic, pedigree, sigma, GSD^2."""
    share = dict(mc.get("variance_contributions") or [])
    rows = [[param_label(f, p["param"], lang), label(ETYPES, p["exchange_type"], lang),
             num(p["sigma_basic"], 3),
             "/".join("-" if x is None else str(x) for x in p["pedigree"]),
             num(p["sigma_total"], 3), num(p["gsd2"], 3), pct(share.get(p["param"]))]
            for p in mc["parameters"]]
    return Table("unc-params", t("unc_params", lang),
                 [t("param", lang), t("etype", lang), t("sigma_basic", lang),
                  t("pedigree_scores", lang), t("sigma_total", lang), t("gsd2", lang),
                  t("var_share", lang)], rows, numeric=(2, 4, 5, 6))


def _electricity(f: dict[str, Any], lang: str) -> Section:
    s = Section("electricity", t("electricity", lang), "10 f 3")
    e = f["electricity"]
    r = f["result"]
    i = 0 if lang == "zh" else 1
    kv = [(t("declared", lang), num(r["cfp"])),
          (t("location_based", lang), num(r["cfp_location_based"]))]
    if r.get("cfp_grid_mix_analysis") is not None:
        kv.append((t("grid_mix", lang), num(r["cfp_grid_mix_analysis"])))
    s.add(Para(t("elec_text", lang)), KV(kv))
    if r.get("grid_mix_note"):
        s.add(Note(r["grid_mix_note"][i]))
    captive = {p["supply"]: p for p in e["declared"] if p["supply"].startswith("captive:")}
    rows = []
    for sp in f["system"]["supplies"]:
        detail = sp["region_names"][i]
        value, basis = sp["kg_per_kwh"], sp["factor_basis"]
        fname = sp["factor_name"][i] if sp["factor_name"] else ""
        if sp["type"] == "captive":
            part = captive.get(f"captive:{_provider_unit(f, sp['provider'])}")
            if part:
                value, basis = part["kg_per_kwh"], part["basis"]
            fname = t("captive_calc", lang)
        if sp["qualifies"] is not None:
            detail += " · " + t("instrument_ok" if sp["qualifies"] else "instrument_no", lang)
        rows.append([label(SUPPLY_TYPES, sp["type"], lang), detail, fname,
                     label(BASES, basis, lang) if basis else "-", plain(value),
                     num(e["by_supply"].get(sp["name"], 0.0), 1)])
    s.add(Table("supplies", t("supplies", lang),
                [t("type", lang), t("region", lang), t("factor_name", lang), t("basis", lang),
                 t("ef_kwh", lang), t("kwh", lang)], rows, numeric=(4, 5)))
    parts = []
    for key in ("declared", "location_based"):
        for p in e[key]:
            fid = t("captive_calc", lang) if p["type"] == "captive" else p["factor_id"]
            parts.append([t(key, lang), _supply_label(f, p["supply"], lang), fid,
                          plain(p.get("kg_per_kwh")), label(BASES, p["basis"], lang),
                          f"{p['region_names'][i] or '-'} {p.get('year') or '-'}", num(p["kwh"], 1),
                          num(p["t_co2e"]), p.get("note_zh" if i == 0 else "note", "")])
    s.add(Table("elec-parts", t("electricity", lang),
                [t("item", lang), t("supply", lang), t("factor_id", lang), t("ef_kwh", lang),
                 t("basis", lang), t("region_year", lang), t("kwh", lang), t("emission", lang),
                 t("remark", lang)], parts, numeric=(3, 6, 7), group_rows=True))
    s.add(Para(t("elec_use", lang) + "; ".join(
        f"{unit_label(f, k, lang)} {num(v, 1)}" for k, v in e["by_unit"].items())))
    return s


def _provider_unit(f: dict[str, Any], product: str) -> str:
    """The unit that makes ``product`` (a captive plant's electricity)."""
    return next((u["id"] for u in f["system"]["units"] if product in u["products"]), product)


def _supply_label(f: dict[str, Any], supply: str, lang: str) -> str:
    """'captive:captive_power' -> 自备电厂; a named supply -> its type and region."""
    if supply.startswith("captive:"):
        return label(SUPPLY_TYPES, "captive", lang)
    sp = next((x for x in f["system"]["supplies"] if x["name"] == supply), None)
    if sp is None:
        return label(SUPPLY_TYPES, "grid", lang)
    name = label(SUPPLY_TYPES, sp["type"], lang)
    region = sp["region_names"][0 if lang == "zh" else 1]
    if not region:
        return name
    # zh: the bracket is set full-width (zh_typeset); en: a space before it
    return f"{name}({region})" if lang == "zh" else f"{name} ({region})"


def _disclosure(f: dict[str, Any], lang: str) -> Section:
    m = f["meta"]
    zh = lang == "zh"
    conv = {"energy_in_units": ("外购电力/热力计入消耗单元,"
                                "外购物料和燃料的上游排放计入辅助材料和能源获取阶段",
                                "purchased electricity/heat stays in the consuming unit; upstream "
                                "of purchased materials and fuels forms the upstream stage"),
            "all_upstream": ("外购电力/热力及物料上游均计入辅助材料和能源获取阶段",
                             "purchased electricity/heat and material upstream form the upstream "
                             "stage"),
            "none": ("所有排放留在各单元", "every emission stays in its unit")}
    capt = {"consumer": ("自备电厂排放计入用电单元(附录 A 能源相关排放)",
                         "captive plant emissions reported in the consuming units (Appendix A)"),
            "own_stage": ("自备电厂单列", "captive plants reported as their own stage")}
    i = 0 if zh else 1
    return Section("disclosure", t("disclosure", lang), "10 f 4").add(KV([
        ("表 E.2 上游阶段口径" if zh else "Upstream row of Table E.2",
         conv[m["upstream_convention"]][i]),
        ("自备电厂" if zh else "Captive plants", capt[m["captive_attribution"]][i]),
        (t("allocation", lang), alloc_text(m, lang)),
        ("GWP", f["gwp"]["set"]),
        ("电网因子口径" if zh else "Grid factor basis", label(BASES, m["grid_basis"], lang))]))


def _improvement(f: dict[str, Any], lang: str) -> Section:
    """Only the levers that apply to this plant and lower its footprint, each with its
    assumption and data confidence (the others, with their reasons, are in the JSON facts)."""
    s = Section("improvement", t("improvement", lang), "9.3 b")
    i = 0 if lang == "zh" else 1
    useful = [lv for lv in f["levers"] if lv["applicable"] and (lv["saving"] or 0) > 0]
    rows = []
    for lv in sorted(useful, key=lambda x: -x["saving"]):
        rows.append([(lv["text_zh"], lv["text_en"])[i], (lv["assumption_zh"],
                                                         lv["assumption_en"])[i],
                     t("conf_" + lv["confidence"], lang), num(lv["saving"]),
                     num(lv["saving_location"]), num(lv["cfp_after"])])
    if rows:
        s.add(Para(t("lever_note", lang)), Table(
            "levers", t("improvement", lang),
            [t("lever", lang), t("assumption", lang), t("confidence", lang), t("saving", lang),
             t("location_based", lang) + " Δ", t("new_cfp", lang)], rows, numeric=(3, 4, 5)))
    else:
        s.add(Para(t("levers_none", lang)))
    return s


def interpretation(f: dict[str, Any], figures: dict[str, Any], lang: str) -> Section:
    """Section 六 of Appendix E: result, E.2, conclusions, sensitivity, electricity, levers."""
    s = Section("result", t("s_result", lang), "10 f")
    m = f["meta"]
    company = m["producer"]["name"] or t("not_given", lang)
    s.add(Para(t("result_text", lang).format(c=company, p=label(PRODUCTS, f["product"], lang),
                                              v=num(f["result"]["cfp"]),
                                              kg=num(f["result"]["cfp_kg"], 1))))
    s.sub("table-e2", t("table_e2", lang), "10 e 3, 9.2 a").add(_e2(f, lang),
                                                              _e2_convention(f, lang))
    s.sections[-1].add(*fig(figures, "stages", lang))
    sig_rows = [[unit_label(f, x["unit"], lang), label(CATEGORIES, x["category"], lang),
                 flow_label(f, x["flow"], lang), num(x["t_co2e"]), pct(x["share"])]
                for x in f["result"]["top"]]
    s.sub("significant", t("significant", lang), "9.1 a").add(Table(
        "significant", t("significant", lang), [t("unit", lang), t("category", lang),
                                                t("flow", lang), t("emission", lang),
                                                t("share", lang)], sig_rows, numeric=(3, 4)))
    s.sub("conclusions", t("conclusions", lang), "10 f 1").add(*_conclusions(f, lang))
    sens = s.sub("sensitivity-uncertainty", t("sens_unc", lang), "10 f 2")
    _sens_unc(f, figures, lang, sens)
    s.sections.append(_electricity(f, lang))
    s.sections.append(_disclosure(f, lang))
    s.sections.append(_improvement(f, lang))
    return s


#: Engine note ids of the form kind:<unit>[:<flow>] (alcarbon.engine.lines).
UNIT_NOTES = {"waste_zero", "measured_cf4_only", "measured_co2_added", "coke_twice",
              "no_anode_co2", "no_pfc", "no_baking", "no_carbonate", "subdivision_to_mass",
              "zero_coproduct"}


def references(f: dict[str, Any], lang: str) -> Section:
    """10 g references: the primary documents (standards, GWP, every factor's publisher)."""
    i = 0 if lang == "zh" else 1
    s = Section("references", t("refs", lang), "10 g")
    s.add(KV([(f"[{k + 1}]", r[("zh", "en")[i]]) for k, r in enumerate(f["references"])]))
    return s


def appendix(f: dict[str, Any], lang: str) -> Section:
    """Appendix: calculation notes, provenance of transcribed values (ids and repository records
    are allowed here only), reproducibility."""
    i = 0 if lang == "zh" else 1
    s = Section("appendix", t("appendix", lang), "10 a 2, 10 g")
    w = s.sub("warnings", t("warnings", lang))
    notes = f.get("notes", [])
    shown = [n for n in notes if n["zh"]] if i == 0 else notes
    for n in shown:
        kind, _, rest = n["id"].partition(":")
        where = "/".join(unit_label(f, x, lang) if k == 0 else flow_label(f, x, lang)
                         for k, x in enumerate(rest.split(":")) if x) \
            if kind in UNIT_NOTES and "|" not in n["id"] else ""
        w.add(Para((f"{where}:" if where else "") + n["zh"]) if i == 0 else Para(n["en"]))
    if len(shown) < len(notes):
        w.add(Note(t("notes_en_only", lang).format(n=len(notes) - len(shown))))
    if not notes:
        w.add(Para("-"))
    rp = f["reproducibility"]
    s.sub("reproducibility", t("repro", lang), "10 a 2").add(KV([
        ("alcarbon", rp["alcarbon_version"]),
        (t("lib_version", lang), rp["factor_library_version"]),
        ("GWP", rp["gwp_set"]), (t("inputs_hash", lang), rp["inputs_sha256"])]))
    p = s.sub("provenance", t("provenance", lang)).add(Para(t("provenance_note", lang)))
    if f.get("provenance"):
        p.add(Table("provenance", t("provenance", lang), [t("factor_id", lang), t("source", lang)],
                    [[x["factor"], x["text"]] for x in f["provenance"]]))
    return s
