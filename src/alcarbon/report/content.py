"""Build the report content (clause 10 items a-g, Appendix E sections) from facts and figures.

``build_report(facts, figures, lang)`` is a pure function. Sections in Appendix E order; each
carries the clause-10 item it satisfies. Interpretation and improvement sections are built in
:mod:`alcarbon.report.content_results`.
"""

from __future__ import annotations

from typing import Any

from alcarbon.flow_words import flow_pair
from alcarbon.report import i18n
from alcarbon.report.i18n import CATEGORIES, PRODUCTS, RATINGS, STAGES, label, num, qty, t
from alcarbon.report.model import KV, Figure, Note, Para, Report, Section, Table

ORDER = ("upstream", "bauxite_mining", "alumina_refining", "anode_production", "electrolysis",
         "casting")


def flow_label(f: dict[str, Any], flow: str, lang: str) -> str:
    """Display name of a flow id ('transport:caustic_soda' -> '运输（烧碱）'): the facts' full
    names first (composed ids included, :mod:`alcarbon.flow_words`), else the id."""
    i = 0 if lang == "zh" else 1
    if flow in {s["provider"] for s in f["system"]["supplies"] if s["type"] == "captive"}:
        return t("captive_power", lang)
    names = f["flow_names"]
    if flow in names:
        return names[flow][i]
    pair = flow_pair(flow, lambda x: tuple(names[x]) if x in names else None)
    return pair[i] if pair else flow


def unit_label(f: dict[str, Any], unit: str, lang: str) -> str:
    names = f.get("unit_names", {})
    if unit in names:
        return names[unit][0 if lang == "zh" else 1]
    if unit in STAGES:
        return label(STAGES, unit, lang)
    for u in f["system"]["units"]:
        if u["id"] == unit:
            return u["name"]
    return unit


def unit_flow_label(f: dict[str, Any], unit: str, flow: str, lang: str) -> str:
    """A flow of a unit, as the report writes it: "氧化铝生产/赤泥" (a space between two Chinese
    names reads as a typo), "alumina refining / red mud"."""
    sep = "/" if lang == "zh" else " / "
    return f"{unit_label(f, unit, lang)}{sep}{flow_label(f, flow, lang)}"


def _or(v: str, lang: str) -> str:
    return v if v else t("not_given", lang)


def _general(f: dict[str, Any], lang: str) -> Section:
    m = f["meta"]
    pr = m["producer"]
    s = Section("general", t("s_general", lang), "10 a")
    s.sub("producer", t("s_producer", lang), "10 a 1").add(KV([
        (t("producer_name", lang), _or(pr["name"], lang)),
        (t("address", lang), _or(pr["address"], lang)),
        (t("legal_rep", lang), _or(pr["legal_representative"], lang)),
        (t("contact", lang), _or(pr["contact"], lang)), (t("phone", lang), _or(pr["phone"], lang)),
        (t("profile", lang), _or(pr["profile"], lang)),
        (t("commissioner", lang), _or(m["commissioner"], lang)),
        (t("assessor", lang), _or(m["assessor"], lang))]))
    pd = m["product"]
    s.sub("product", t("s_product", lang), "10 c 1").add(KV([
        (t("product_name", lang), _or(pd["name"], lang)),
        (t("product_grade", lang), _or(pd["grade"], lang)),
        # GB/T 44905 5.1 b)-e): batch, net weight, inspection, delivery date
        (t("batch", lang), _or(pd.get("batch", ""), lang)),
        (t("net_weight", lang), _or(pd.get("net_weight", ""), lang)),
        (t("inspection", lang), _or(pd.get("inspection", ""), lang)),
        (t("delivery_date", lang), _or(pd.get("delivery_date", ""), lang)),
        (t("function", lang), _or(pd["function"], lang)),
        (t("description", lang), _or(pd["description"], lang)),
        (t("picture", lang), _or(pd.get("picture", ""), lang))]))  # Appendix E 产品图片
    s.sub("method", t("s_method", lang), "10 a 2-4").add(KV([
        (t("standard", lang), t("standard_text", lang)),
        (t("pcr", lang), t("pcr_text", lang)),
        (t("report_id", lang), _or(m["report_id"], lang)),
        (t("report_date", lang), _or(m.get("report_date") or "", lang)),  # 10 a 2
        (t("repro", lang), t("repro_see", lang)),
    ]))
    return s


def _purpose(f: dict[str, Any], lang: str) -> Section:
    pu = f["meta"]["purpose"]
    return Section("purpose", t("s_purpose", lang), "10 b").add(KV([
        (t("reasons", lang), _or(pu["reasons"], lang)),
        (t("application", lang), _or(pu["intended_application"], lang)),
        (t("audience", lang), _or(pu["audience"], lang))]))


def fig(figs: dict[str, Any], name: str, lang: str) -> list[Any]:
    """The reference sentence and the numbered figure ``name`` (nothing when not drawn)."""
    if name not in figs:
        return []
    n, svg = figs[name]
    return [Para(t(f"see_{name}", lang).format(n=n)),
            Figure(f"fig-{name}", f"{t('fig_word', lang)} {n} {t(f'cap_{name}', lang)}", svg)]


def _scope(f: dict[str, Any], figures: dict[str, Any], lang: str) -> Section:
    s = Section("scope", t("s_scope", lang), "10 c")
    pname = label(PRODUCTS, f["product"], lang)
    s.sub("declared-unit", t("declared_unit", lang), "10 c 2").add(
        Para(t("declared_unit_text", lang).format(p=pname)))
    b = s.sub("boundary", t("boundary", lang), "10 c 3").add(Para(t("boundary_text", lang)))
    b.add(*fig(figures, "boundary", lang))
    c = s.sub("cutoff", t("cutoff", lang), "10 c 4").add(Para(t("cutoff_rule", lang)))
    om = f["cutoff"]["omitted"]
    if om:
        c.add(Table("omitted", t("omitted", lang),
                    [t("unit", lang), t("flow", lang), t("estimate", lang), t("reason", lang)],
                    [[unit_label(f, o["unit"], lang), flow_label(f, o["flow"], lang),
                      num(o["estimated_t_co2e"], 2), o["reason"]] for o in om], numeric=(2,)))
    ck = f.get("checks")
    if ck and ck.get("cutoff"):
        # the checks' finding (omitted shares, verdict, flows neither quantified nor declared
        # omitted), without its statement of the rule, given just above
        c.add(Para(ck["cutoff"]["finding"][0 if lang == "zh" else 1]))
    elif not om:
        c.add(Para(t("no_omitted", lang)))
    if ck:  # 7.4 a)/b) as checked (issue 15 item 6), never asserted
        from alcarbon.report.content_checks import inputs_listed_paras

        c.add(*inputs_listed_paras(f, lang))
    else:
        c.add(Note(t("not_available", lang).format(m="alcarbon.checks")))
    m = f["meta"]
    s.sub("period", t("period", lang), "10 c").add(
        Para(f"{m['period']['start']} – {m['period']['end']}"))
    s.sub("stages-desc", t("stages_desc", lang), "10 c 5").add(KV(
        # "name (place)": the Chinese report sets the bracket full-width (zh_typeset)
        [(unit_label(f, u["id"], lang), u["name"] + (f" ({u['location']})" if u["location"]
                                                      else ""))
         for u in f["system"]["units"]]))
    return s


def _e1_rows(f: dict[str, Any], lang: str) -> list[list[str]]:
    order = {u: i for i, u in enumerate(ORDER)}
    rows = sorted(f["table_e1"], key=lambda r: order.get(r["unit"], 99))
    out = []
    for r in rows:
        fac = "; ".join(qty(x["value"], x["unit"]) for x in r["factors"])
        out.append([unit_label(f, r["unit"], lang), flow_label(f, r["flow"], lang),
                    label(CATEGORIES, r["category"], lang),
                    qty(r["activity"], r["activity_unit"]), fac, num(r["t_co2e"])])
    return out


def _inventory(f: dict[str, Any], lang: str) -> Section:
    s = Section("inventory", t("s_inventory", lang), "10 d")
    dqs = f["data_quality"]["summary"]
    srcs = sorted({r["source"] for r in f["data_quality"]["rows"] if r["source"]})
    s.sub("data-sources", t("data_sources", lang), "10 d 1").add(KV([
        (t("primary", lang), f"{dqs['primary']} / {dqs['n']}"),
        (t("secondary", lang), f"{dqs['n'] - dqs['primary']} / {dqs['n']}"),
    ]), Para(("；" if lang == "zh" else "; ").join(srcs)))  # the sources end in ASCII text
    m = f["meta"]
    s.sub("allocation", t("allocation", lang), "10 d 4").add(Para(_alloc_text(m, lang)))
    gases = sorted(g for g in f["result"]["by_gas"] if g != "CO2e")
    text = ", ".join(gases)
    if "CO2e" in f["result"]["by_gas"]:
        text = t("ghg_text", lang).format(gases=text)
    s.sub("ghg-list", t("ghg_list", lang), "10 d 3").add(Para(text))
    s.sub("table-e1", t("table_e1", lang), "10 d 2").add(
        Para(t("e1_note", lang)),
        Table("table-e1", t("table_e1", lang),
              [t("unit", lang), t("flow", lang), t("category", lang), t("activity", lang),
               t("factor", lang), t("emission", lang)], _e1_rows(f, lang),
              total=[t("total", lang), "", "", "", "", num(f["result"]["cfp"])],
              numeric=(5,), group_col=True))
    dq = s.sub("data-quality", t("dq", lang), "10 d 5").add(Para(t("dq_note", lang)))
    crit = ("technology", "time", "geography", "reliability", "completeness")
    levels = ("good", "fair", "poor", "not_rated")
    dq.add(Table("dq-summary", t("dq", lang), [t("item", lang)] + [
        label(RATINGS, r, lang) for r in levels],
        [[t(c, lang)] + [str(dqs["counts"][c].get(r, 0)) for r in levels]
         for c in crit], numeric=(1, 2, 3, 4)))
    dq.add(Table("dq-rows", t("dq", lang),
                 [t("unit", lang), t("flow", lang)] + [t(c, lang) for c in crit]
                 + [t("data_type", lang)],
                 [[unit_label(f, r["unit"], lang), flow_label(f, r["flow"], lang)]
                  + [label(RATINGS, r[c] or "not_rated", lang) for c in crit]
                  + [t("primary" if r["primary"] else "secondary", lang)]
                  for r in f["data_quality"]["rows"]], group_col=True))
    ck = f.get("checks")
    v = s.sub("validation", t("validation", lang), "10 d 5")
    if ck:
        from alcarbon.report.content_checks import checks_blocks

        q = ck.get("quality")
        if q:
            d = q.get("declared") or {}
            rating = label(RATINGS, q["rating"] or "not_rated", lang)
            score = "dq_score_exclude" if d.get("unrated_scoring") == "exclude" else "dq_score"
            rated = d.get("rated_share")
            kv = [(t(score, lang), f"{num(q['score'], 2)} ({rating})" if q["rating"] not in
                   (None, "not_rated") else label(RATINGS, "not_rated", lang)),
                  (t("rated_share", lang), i18n.pct(rated if d else (
                      None if q.get("unrated_share") is None else 1 - q["unrated_share"]))),
                  (t("primary_share", lang), i18n.pct(q["primary_share"])),
                  (t("unrated_share", lang), i18n.pct(q.get("unrated_share")))]
            if d:
                kv.append((t("unrated_n", lang), f"{d['unrated']} / {d['data']}"))
                if d.get("unrated_scoring") == "exclude":
                    kv.append((t("scored_share", lang), i18n.pct(d.get("scored_share"))))
            dq.add(KV(kv + [(t(c, lang), num(q["criteria"].get(c), 2)) for c in crit]))
            if d:
                dq.add(Para(t("dq_basis", lang)))
        v.add(*checks_blocks(f, lang))
    else:
        v.add(Note(t("not_available", lang).format(m="alcarbon.checks")))
    return s


def alloc_text(m: dict[str, Any], lang: str) -> str:
    """The allocation method of the study in words (7.3)."""
    return _alloc_text(m, lang)


def _alloc_text(m: dict[str, Any], lang: str) -> str:
    meth = {"subdivision": ("细分(7.3.2:焙烧排放仅归氧化铝,"
                            "其余按质量在氢氧化铝当量与氢氧化铝间分配)",
                            "subdivision (7.3.2: calcination to alumina only, the rest by mass "
                            "between Al(OH)3-equivalent and Al(OH)3)"),
            "mass": ("质量分配", "mass allocation"), "economic": ("经济价值分配",
                                                                  "economic allocation"),
            "expansion": ("系统扩展(7.3.1 b:联产品按其替代产品的排放抵扣)",
                          "system expansion (7.3.1 b: co-products credited with the product "
                          "they displace)")}
    return label(meth, m["allocation"], lang)


def _impact(f: dict[str, Any], figures: dict[str, Any], lang: str) -> Section:
    from alcarbon.report.references import GWP_DOCS

    s = Section("impact", t("s_impact", lang), "10 e")
    g = f["gwp"]
    src = GWP_DOCS.get(g["set"], (g["set"], g["set"]))[0 if lang == "zh" else 1]
    s.sub("impact-method", t("impact_method", lang), "10 e 1-2").add(
        Para(t("impact_text", lang).format(src=src, gs=g["set"])),
        *([Para(t("gwp_reason", lang).format(gs=g["set"], reason=g["reason"]))]
          if g.get("reason") else []),
        Table("gwp", t("impact_method", lang), [t("gas", lang), t("gwp", lang)],
              [["CO2", "1"]] + [[k, f"{v:g}"] for k, v in sorted(g["values"].items())
                                if k != "CO2"], numeric=(1,)))
    r = f["result"]
    calc = s.sub("cfp-calc", t("cfp_calc", lang), "10 e 3-4").add(
        Table("by-category", t("by_category", lang), [t("category", lang), t("emission", lang)],
              [[label(CATEGORIES, k, lang), num(v)] for k, v in r["by_category"].items()],
              total=[t("total", lang), num(r["cfp"])], numeric=(1,)),
        Table("by-gas", t("by_gas", lang), [t("gas", lang), t("emission", lang)],
              [[t("co2e_secondary", lang) if k == "CO2e" else k, num(v)]
               for k, v in r["by_gas"].items()],
              total=[t("total", lang), num(r["cfp"])], numeric=(1,)))
    calc.add(*fig(figures, "sankey", lang))
    return s


FIGURE_ORDER = ("boundary", "sankey", "stages", "tornado", "mc")  # order in the document


def build_report(f: dict[str, Any], svgs: dict[str, str], lang: str = "zh") -> Report:
    """The whole report in ``lang`` from facts ``f`` and SVG figures ``svgs`` (by name).

    Figures are numbered 图 1, 图 2 ... in the order they appear; each is referenced in the text.
    """
    names = [n for n in FIGURE_ORDER if n in svgs]
    figures = {n: (k + 1, svgs[n]) for k, n in enumerate(names)}
    from alcarbon.report import content_results as cr

    if lang not in i18n.LANGS:
        from alcarbon.errors import InputError

        raise InputError(f"unknown report language {lang!r}", where="--lang", expected="zh or en")
    m = f["meta"]
    cover = [(t("product_name", lang), _or(m["product"]["name"], lang)),
             (t("product_grade", lang), _or(m["product"]["grade"], lang)),
             (t("producer_name", lang), _or(m["producer"]["name"], lang)),
             (t("report_id", lang), _or(m["report_id"], lang)),
             (t("assessor", lang), _or(m["assessor"], lang)),
             (t("report_date", lang), _or(m.get("report_date") or "", lang)),  # Appendix E 日期
             (t("period", lang), f"{m['period']['start']} – {m['period']['end']}"),
             (t("cfp_col", lang), num(f["result"]["cfp"])),
             (t("loc_col", lang), num(f["result"]["cfp_location_based"]))]
    sections = [_general(f, lang), _purpose(f, lang), _scope(f, figures, lang),
                _inventory(f, lang), _impact(f, figures, lang), cr.interpretation(f, figures, lang),
                cr.references(f, lang), cr.appendix(f, lang)]
    report = Report(lang=lang, title=t("report_title", lang),
                    subtitle=t("report_subtitle", lang), cover=cover,
                    illustrative=bool(m["illustrative"]), sections=sections,
                    totals={"cfp": f["result"]["cfp"],
                            "cfp_location_based": f["result"]["cfp_location_based"]}, facts=f)
    if lang == "zh":  # Chinese text with Chinese marks (GB/T 15834), not ASCII ones
        from alcarbon.report.zh_typeset import typeset_report

        typeset_report(report)
    return report
