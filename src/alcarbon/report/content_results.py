"""Interpretation (clause 9, 10 f), improvement suggestions and references (10 g) of the report."""

from __future__ import annotations

from typing import Any

from alcarbon.report.content import flow_label, unit_label
from alcarbon.report.i18n import (
    BASES,
    CATEGORIES,
    PRODUCTS,
    STAGES,
    SUPPLY_TYPES,
    label,
    num,
    pct,
    t,
)
from alcarbon.report.model import KV, Figure, Note, Para, Section, Table


def _na(lang: str, module: str) -> Note:
    return Note(t("not_available", lang).format(m=module))


def _e2(f: dict[str, Any], lang: str) -> Table:
    r = f["result"]
    rows = [[label(STAGES, s["stage"], lang), num(s["t_co2e"]), pct(s["share"]),
             num(s["t_co2e_market"]), ""] for s in r["stages"]]
    rows[0][4] = {"energy_in_units": ("外购物料、燃料及其运输的上游排放", "upstream of purchased "
                                      "materials, fuels and their transport"),
                  "all_upstream": ("含外购电力/热力", "incl. purchased electricity/heat"),
                  "none": ("各单元内", "kept in units")}[f["meta"]["upstream_convention"]][
        0 if lang == "zh" else 1]
    return Table("table-e2", t("table_e2", lang),
                 [t("stage", lang), t("cfp_col", lang), t("share", lang), t("market_col", lang),
                  t("remark", lang)], rows,
                 total=[t("total", lang), num(r["cfp"]), "100.0", num(r["cfp_market_based"]), ""],
                 numeric=(1, 2, 3))


def _conclusions(f: dict[str, Any], lang: str) -> list[Any]:
    r = f["result"]
    zh = lang == "zh"
    big = max(r["stages"], key=lambda s: s["t_co2e"])
    top = r["top"][0] if r["top"] else None
    elec = sum(v for k, v in r["by_category"].items() if k == "energy")
    out = [Para(
        (f"产品碳足迹为 {num(r['cfp'])} tCO₂e/t(市场法 {num(r['cfp_market_based'])} tCO₂e/t)。"
         f"最大阶段为{label(STAGES, big['stage'], lang)}({pct(big['share'])}%);"
         f"能源相关排放占 {pct(elec / r['cfp'] if r['cfp'] else 0)}%。") if zh else
        (f"The carbon footprint is {num(r['cfp'])} t CO₂e/t (market-based "
         f"{num(r['cfp_market_based'])} t CO₂e/t). The largest stage is "
         f"{label(STAGES, big['stage'], lang)} ({pct(big['share'])} %); energy-related emissions "
         f"are {pct(elec / r['cfp'] if r['cfp'] else 0)} %."))]
    if top:
        out.append(Para(
            (f"最大单项贡献:{unit_label(f, top['unit'], lang)} / {flow_label(f, top['flow'], lang)}"
             f",{num(top['t_co2e'])} tCO₂e/t({pct(top['share'])}%)。") if zh else
            (f"Largest single contributor: {unit_label(f, top['unit'], lang)} / "
             f"{flow_label(f, top['flow'], lang)}, {num(top['t_co2e'])} t CO₂e/t "
             f"({pct(top['share'])} %).")))
    lim = []
    if f["meta"]["illustrative"]:
        lim.append(t("illustrative", lang))
    if f["meta"]["grid_basis"] == "life_cycle" and any(
            s["type"] in ("grid", "contract") for s in f["system"]["supplies"]):
        lim.append("电网电力采用全国电力碳足迹因子:主管部门未发布省级生命周期因子。" if zh else
                   "Grid electricity uses the national electricity footprint factor: no "
                   "provincial life-cycle factors are published.")
    poor = sum(f["data_quality"]["summary"]["counts"][c]["poor"]
               for c in f["data_quality"]["summary"]["counts"])
    if poor:
        lim.append(f"{poor} 项数据质量评级为“差”,已在敏感性分析中关注(6.3)。" if zh else
                   f"{poor} data-quality ratings are 'poor' and need sensitivity analysis (6.3).")
    if f["meta"]["notes"]:
        lim.append(f["meta"]["notes"])
    out.append(KV([(t("limitations", lang), x) for x in lim]) if lim else Para("-"))
    return out


def _sens_unc(f: dict[str, Any], figures: dict[str, str], lang: str, s: Section) -> None:
    sens = s.sub("sensitivity", t("sensitivity", lang), "10 f 2, 9.3 a")
    if f.get("sensitivity") is None:
        sens.add(_na(lang, "alcarbon.uncertainty.one_at_a_time"))
    else:
        sens.add(Table("sensitivity", t("sensitivity", lang),
                       [t("param", lang), t("low", lang), t("high", lang), t("swing", lang)],
                       [[str(r["label"] or r["param"]), num(r["low"]), num(r["high"]),
                         num(r["swing"])] for r in f["sensitivity"][:15]], numeric=(1, 2, 3)))
        if "tornado" in figures:
            sens.add(Figure("fig-tornado", t("fig_tornado", lang), figures["tornado"]))
    unc = s.sub("uncertainty", t("uncertainty", lang), "10 f 2, 9.2 b")
    mc = f.get("uncertainty")
    if mc is None:
        unc.add(_na(lang, "alcarbon.uncertainty.monte_carlo"))
    else:
        unc.add(KV([(t("iterations", lang), str(mc["iterations"])),
                    (t("mean", lang), num(mc["mean"])), (t("median", lang), num(mc["median"])),
                    (t("ci", lang), f"{num(mc['p2_5'])} – {num(mc['p97_5'])}"),
                    (t("cv", lang), num(mc["cv"], 3))]))
        if "mc" in figures:
            unc.add(Figure("fig-mc", t("fig_mc", lang), figures["mc"]))
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


def _electricity(f: dict[str, Any], lang: str) -> Section:
    s = Section("electricity", t("electricity", lang), "10 f 3")
    e = f["electricity"]
    r = f["result"]
    s.add(Para(t("elec_text", lang)), KV([(t("location_based", lang), num(r["cfp"])),
                                          (t("market_based", lang), num(r["cfp_market_based"]))]))
    rows = []
    for sp in f["system"]["supplies"]:
        detail = sp["region"] or sp["factor"] or sp["provider"]
        if sp["qualifies"] is not None:
            detail += " · " + t("instrument_ok" if sp["qualifies"] else "instrument_no", lang)
        rows.append([sp["name"], label(SUPPLY_TYPES, sp["type"], lang), detail,
                     num(e["by_supply"].get(sp["name"], 0.0), 1)])
    s.add(Table("supplies", t("supplies", lang), [t("supply", lang), t("type", lang),
                                                   t("source", lang), t("kwh", lang)], rows,
                numeric=(3,)))
    parts = []
    for key in ("location_based", "market_based"):
        for p in e[key]:
            parts.append([t(key, lang), p["supply"], p["factor_id"], label(BASES, p["basis"], lang),
                          num(p["t_co2e"])])
    s.add(Table("elec-parts", t("electricity", lang),
                [t("item", lang), t("supply", lang), t("factor", lang), t("basis", lang),
                 t("emission", lang)], parts, numeric=(4,)))
    s.add(Para(("电力消耗(kWh/t):" if lang == "zh" else "Electricity use (kWh/t): ") + "; ".join(
        f"{unit_label(f, k, lang)} {num(v, 1)}" for k, v in e["by_unit"].items())))
    return s


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
        (t("allocation", lang), m["allocation"]),
        ("GWP", f["gwp"]["set"]),
        ("电网因子口径" if zh else "Grid factor basis", label(BASES, m["grid_basis"], lang))]))


def _improvement(f: dict[str, Any], lang: str) -> Section:
    s = Section("improvement", t("improvement", lang), "9.3 b, E 六.3").add(
        Para(t("lever_note", lang)))
    i = 0 if lang == "zh" else 1
    rows = []
    for lv in sorted(f["levers"], key=lambda x: -(x["saving"] or -1e9)):
        text = (lv["text_zh"], lv["text_en"])[i]
        if lv["applicable"]:
            rows.append([text, num(lv["saving"]), num(lv["saving_market"]), num(lv["cfp_after"])])
        else:
            rows.append([text, t("not_applicable", lang) + f" ({lv['reason']})", "-", "-"])
    s.add(Table("levers", t("improvement", lang),
                [t("lever", lang), t("saving", lang), t("market_based", lang) + " Δ",
                 t("new_cfp", lang)], rows, numeric=(1, 2, 3)))
    return s


def interpretation(f: dict[str, Any], figures: dict[str, str], lang: str) -> Section:
    """Section 六 of Appendix E: result, E.2, conclusions, sensitivity, electricity, levers."""
    s = Section("result", t("s_result", lang), "10 f")
    m = f["meta"]
    company = m["producer"]["name"] or t("not_given", lang)
    s.add(Para(t("result_text", lang).format(c=company, p=label(PRODUCTS, f["product"], lang),
                                              v=num(f["result"]["cfp"]),
                                              kg=num(f["result"]["cfp_kg"], 1))))
    s.sub("table-e2", t("table_e2", lang), "10 e 3, 9.2 a").add(_e2(f, lang))
    if "stages" in figures:
        s.sections[-1].add(Figure("fig-stages", t("fig_stages", lang), figures["stages"]))
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


def references(f: dict[str, Any], lang: str) -> Section:
    """10 g references, the reproducibility block and calculation notes."""
    s = Section("references", t("refs", lang), "10 g")
    refs = ["GB/T 44905-2024", "GB/T 24067-2024 (ISO 14067:2018)",
            "IPCC 2021 AR6 WG1 (GWP100, GB/T 44905 Appendix D)",
            "IPCC 2006 Guidelines Vol. 3 ch. 4.4"]
    s.add(KV([(str(k + 1), r) for k, r in enumerate(refs)]))
    s.add(Table("factor-sources", t("source", lang), [t("factor", lang), t("source", lang)],
                [[a, b] for a, b in f["factor_sources"]]))
    rp = f["reproducibility"]
    s.sub("reproducibility", t("repro", lang), "10 a 2").add(KV([
        ("alcarbon", rp["alcarbon_version"]), ("factor library", rp["factor_library_version"]),
        ("GWP", rp["gwp_set"]), ("inputs sha256", rp["inputs_sha256"])]))
    w = s.sub("warnings", t("warnings", lang))
    w.add(*(Para(x) for x in f["warnings"])) if f["warnings"] else w.add(Para("-"))
    return s
