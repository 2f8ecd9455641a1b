"""All report figures for one language, from the facts (numbers identical in zh and en)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from alcarbon.report import boundary, charts
from alcarbon.report.content import flow_label, unit_label
from alcarbon.report.content_checks import param_label
from alcarbon.report.i18n import PRODUCTS, STAGES, label, t

_UNIT = {"zh": "tCO₂e/t", "en": "t CO₂e/t"}


def _sankey(f: dict[str, Any], lang: str) -> str:
    by_flow: dict[str, float] = defaultdict(float)
    for flow, _stage, v in f["result"]["flow_stage"]:
        by_flow[flow] += v
    total = sum(v for v in by_flow.values() if v > 0) or 1.0
    # flows under 2 % of the total go to 其他, so no label is squeezed between thin bands
    top = [k for k, v in sorted(by_flow.items(), key=lambda kv: -kv[1])[:8] if v >= 0.02 * total]
    # labels as the figure's other names are written: capitalised in English
    other = "其他" if lang == "zh" else "Other"
    names = {k: (("电力" if lang == "zh" else "Electricity") if k == "electricity" else
                 ("运输" if lang == "zh" else "Transport") if k == "transport"
                 else flow_label(f, k, lang)) for k in top}
    links: dict[tuple[str, str], float] = defaultdict(float)
    stages = []
    for flow, stage, v in f["result"]["flow_stage"]:
        src = names.get(flow, other)
        dst = label(STAGES, stage, lang) if stage in STAGES else unit_label(f, stage, lang)
        if dst not in stages:
            stages.append(dst)
        links[(src, dst)] += v
    prod = label(PRODUCTS, f["product"], lang)
    prod = prod[:1].upper() + prod[1:]  # a label, not running text (no change in Chinese)
    stage_tot: dict[str, float] = defaultdict(float)
    for (_a, b), v in links.items():
        stage_tot[b] += v
    col0 = [names[k] for k in top] + ([other] if any(a == other for a, _ in links) else [])
    order = [label(STAGES, s, lang) for s in STAGES]
    col1 = sorted(stages, key=lambda s: order.index(s) if s in order else 99)
    all_links = [(a, b, v) for (a, b), v in links.items()]
    all_links += [(s, prod, stage_tot[s]) for s in col1]
    return charts.sankey([col0, col1, [prod]], all_links, f"{prod} ({_UNIT[lang]})")


def _names(f: dict[str, Any], lang: str) -> dict[str, str]:
    ids = {lk["product"] for lk in f["system"]["links"]}
    ids |= {w for u in f["system"]["units"] for w in u["wastes"]}
    elec = "电力" if lang == "zh" else "electricity"
    return {i: (elec if i.endswith("electricity") else flow_label(f, i, lang)) for i in ids}


def names(f: dict[str, Any], mc_samples: Any = None) -> list[str]:
    """The figures the report has for these facts, in the order of :func:`build_figures`."""
    out = ["boundary", "stages", "sankey"]
    if f.get("sensitivity"):
        out.append("tornado")
    if f.get("uncertainty") and mc_samples is not None and len(mc_samples):
        out.append("mc")
    return out


def draw(name: str, f: dict[str, Any], lang: str, mc_samples: Any = None) -> str:
    """SVG (or, inside :func:`charts.raster`, PNG markup) of one figure of :func:`names`; a
    Chinese figure's labels with Chinese marks, as the Chinese report's text
    (:func:`charts.chinese_marks`)."""
    if lang != "zh":
        return _draw(name, f, lang, mc_samples)
    with charts.chinese_marks():
        return _draw(name, f, lang, mc_samples)


def _draw(name: str, f: dict[str, Any], lang: str, mc_samples: Any) -> str:
    zh = lang == "zh"
    if name == "boundary":
        labels = {u["id"]: unit_label(f, u["id"], lang) for u in f["system"]["units"]}
        return boundary.diagram(f["system"], labels, label(PRODUCTS, f["product"], lang), {
            "boundary": "系统边界（从摇篮到大门）" if zh else "System boundary (cradle to gate)",
            "upstream": ("辅助材料和能源获取阶段：外购原辅材料、燃料、电力"
                         "及其生产与运输（5.3.2）" if zh else
                         "Upstream stage: purchased materials, fuels, electricity, their "
                         "production and transport (5.3.2)"),
            # the zh caption's breaks given: a CJK run would otherwise be cut mid-word
            "outside": "边界外：\n产品运输（交付）、\n使用、废弃" if zh else
                       "Outside: delivery, use, end of life",
            "infrastructure": "基础设施、设备、办公不计入（7.4\u00a0f）" if zh else
                              "Infrastructure, equipment, offices excluded (7.4\u00a0f)",
            "waste": "废物：{}" if zh else "waste: {}", "sep": "、" if zh else ", "},
            _names(f, lang))
    if name == "stages":
        st = f["result"]["stages"]
        return charts.stage_bars(
            [label(STAGES, s["stage"], lang) for s in st], [s["t_co2e"] for s in st],
            [s["t_co2e_location"] for s in st],
            (t("declared", lang), t("location_based", lang)),
            _UNIT[lang])
    if name == "sankey":
        return _sankey(f, lang)
    if name == "tornado":
        rows = f["sensitivity"][:12]
        base = rows[0]["base"] if rows[0]["base"] is not None else f["result"]["cfp"]
        return charts.tornado([param_label(f, r["param"], lang) for r in rows], base,
                              [r["low"] for r in rows], [r["high"] for r in rows],
                              _UNIT[lang], (t("low", lang), t("high", lang)))
    if name == "mc":
        mc = f["uncertainty"]
        return charts.histogram(mc_samples, f["result"]["cfp"], mc["p2_5"], mc["p97_5"],
                                _UNIT[lang], ("CFP", t("ci", lang)))
    raise ValueError(f"unknown report figure {name!r}")


def build_figures(f: dict[str, Any], lang: str, mc_samples: Any = None) -> dict[str, str]:
    """name -> SVG for the boundary, stage bars, Sankey, tornado and Monte Carlo figures."""
    return {n: draw(n, f, lang, mc_samples) for n in names(f, mc_samples)}
