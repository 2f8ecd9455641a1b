"""Readable labels of flows and unit processes, and failure messages with a lead sentence in the
page's language (the engine's detailed text follows as it is)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from alcarbon.errors import (
    AlcarbonError,
    BasisError,
    CalculationError,
    GWPSetError,
    LinkError,
    MissingFactorError,
    UnitError,
)
from alcarbon.flow_words import flow_pair

#: The unit processes of the production stage (GB/T 44905 5.3.3; Appendix A Tables A.1-A.5,
#: Appendix C C.1-C.5), in the standard's order.
UNIT_LABELS = {
    "bauxite_mining": ("铝土矿采选", "Bauxite mining"),
    "alumina_refining": ("氧化铝生产", "Alumina refining"),
    "anode_production": ("预焙阳极生产", "Prebaked anode production"),
    "electrolysis": ("铝电解生产", "Aluminium electrolysis"),
    "casting": ("铝液铸锭", "Casting of liquid aluminium"),
}


@functools.lru_cache(maxsize=1)
def _catalogue() -> dict[str, tuple[str, str]]:
    """Flow id -> (Chinese, English) name from the packaged library's flow catalogue."""
    try:
        from alcarbon.factors import load_library

        return {f.id: (f.name_zh or f.name, f.name) for f in load_library().flows}
    except (ImportError, AlcarbonError):  # no library: ids are shown as they are
        return {}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def flow_label(flow: str, lang: str) -> str:
    """Name of a contribution's flow: process sources, composed ids and catalogue flows by
    name (:mod:`alcarbon.flow_words`), else the id.

    ``carbonate:limestone`` -> 碳酸盐分解（石灰石）, ``transport:calcined_coke`` -> 运输（煅后焦）.
    """
    pair = flow_pair(flow, _named)
    return _pick(pair, lang) if pair else flow


def _named(flow: str) -> tuple[str, str] | None:
    """A catalogue flow's or a declared product's (zh, en) name."""
    known = _catalogue().get(flow)
    if known:
        return known
    from alcarbon.service.web.i18n import PRODUCT_LABELS  # products of the five units

    return PRODUCT_LABELS.get(flow)


def flow_ids() -> list[str]:
    """Ids of the catalogue's flows (for the entry page's list of suggestions)."""
    return sorted(_catalogue())


def unit_label(unit: str, lang: str, names: Mapping[str, str] | None = None) -> str:
    """Name of a unit process: the standard's five by name, a user-defined one by the name its
    study gives it (``names``: unit id -> name, :func:`unit_names`), else by its id."""
    pair = UNIT_LABELS.get(unit)
    if pair:
        return _pick(pair, lang)
    return (names.get(unit) if names else None) or unit


def unit_names(study: Mapping[str, Any]) -> dict[str, str]:
    """Unit id -> the name the study's data gives the unit (units without a name left out)."""
    out: dict[str, str] = {}
    for u in study.get("units") or ():
        if isinstance(u, Mapping) and u.get("id") and u.get("name"):
            out[str(u["id"])] = str(u["name"])
    return out


# (error class, Chinese lead, English lead), most specific first
_LEADS: tuple[tuple[type[Exception], str, str], ...] = (
    (MissingFactorError, "计算失败：部分排放因子没有默认值，须由研究补充：在研究页“用户排放因子与"
     "供应商因子”中添加，或在数据表“用户排放因子”工作表中填写后重新上传。",
     "The calculation failed: some emission factors have no default; add them under “User and "
     "supplier emission factors” on the study page, or in the workbook's User factors sheet "
     "and upload it again."),
    (LinkError, "计算失败：单元过程之间无法衔接（某产品被消耗却无单元生产，或由多个单元生产）。",
     "The calculation failed: the unit processes do not link."),
    (BasisError, "计算失败：电力排放因子的口径（全生命周期/仅燃烧）混用，"
     "须统一口径或在电力供应中允许混合口径（7.1.5）。",
     "The calculation failed: electricity factors of different bases would be mixed (7.1.5)."),
    (UnitError, "计算失败：某个数量的单位无法识别，或单位类型不符。",
     "The calculation failed: a unit is unknown or of the wrong kind."),
    (GWPSetError, "计算失败：全球变暖潜势（GWP）数据集名称无效。",
     "The calculation failed: the GWP set is unknown."),
    (CalculationError, "计算失败：产品系统无法求解。",
     "The calculation failed: the product system cannot be solved."),
    (AlcarbonError, "计算失败：研究数据不完整或有误，请按以下说明修改后重新计算。",
     "The calculation failed: the study data are incomplete or wrong; fix them as described "
     "below."),
)


def failure(exc: Exception, lang: str) -> tuple[str, str]:
    """(lead sentence in ``lang``, the detailed text as the engine or layer gives it)."""
    detail = exc.render() if isinstance(exc, AlcarbonError) else str(exc)
    detail = detail.replace(" (or calc --factors FILE)", "")  # the web's route is the study page
    for cls, zh, en in _LEADS:
        if isinstance(exc, cls):
            return (zh if lang == "zh" else en), detail
    return ("计算失败：此功能在本安装中不可用。" if lang == "zh" else
            "The calculation failed: this function is not available in this installation."), detail


#: What a missing-factor entry of the engine (alcarbon.engine.lines) lacks, in Chinese.
_MISSING_ZH = ((re.compile(r"factor '([^']+)'"), "缺少因子 {0}"),
               (re.compile(r"upstream factor of "), "缺少上游排放因子"),
               (re.compile(r"factor of purchased "), "缺少外购热力或蒸汽的排放因子"))


def missing_factor_lines(exc: MissingFactorError) -> list[str]:
    """The missing factors of a failed calculation in Chinese: the input row (unit and flow
    names) and the factor id the engine names, without its English sentence."""
    out = []
    for m in exc.missing:
        where, _, rest = str(m).partition(": ")
        ids = re.findall(r"'([^']+)'", where)  # unit 'electrolysis', inputs[1] 'alumina'
        datum = unit_label(ids[0], "zh") if ids else ""
        if len(ids) > 1:
            name = flow_label(ids[-1], "zh")
            datum += "：" + (name if name == ids[-1] else f"{name}（{ids[-1]}）")
        what = next((text.format(*hit.groups()) for rx, text in _MISSING_ZH
                     if (hit := rx.match(rest))), "缺少排放因子")
        out.append(f"{datum}：{what}" if datum else what)
    return out


def upload_failure(exc: AlcarbonError, lang: str) -> str:
    """Message of a rejected upload: a lead sentence, then the reader's text."""
    lead = ("文件未保存：无法读取上传的文件，请按以下说明修改后重新上传。" if lang == "zh" else
            "Nothing was saved: the uploaded file could not be read; fix it as described below.")
    return f"{lead}\n{exc.render()}"


def _datum_label(datum: str, study: dict, lang: str) -> str:
    """``unit/inputs/3`` -> 铝电解生产：氧化铝; ``unit/process/anode_effect`` -> its source name."""
    parts = datum.split("/")
    if len(parts) < 3:
        return datum
    unit, side = parts[0], parts[1]
    name = unit_label(unit, lang, unit_names(study))
    sep = "：" if lang == "zh" else ": "
    if side == "process":
        return name + sep + flow_label(parts[2], lang)
    flow = parts[2]
    if side in ("inputs", "outputs") and parts[2].isdigit():
        u = next((x for x in study.get("units", []) if x.get("id") == unit), {})
        rows = u.get(side, [])
        i = int(parts[2])
        flow = str(rows[i].get("flow", parts[2])) if i < len(rows) else parts[2]
    text = name + sep + flow_label(flow, lang)
    if "transport" in parts:
        text += "（运输）" if lang == "zh" else " (transport)"
    return text


def _factor_name(fid: str, study: dict, lang: str) -> str:
    """A factor's name in ``lang`` (the study's own factors, then the library), its id beside;
    ``combustion:<fuel>`` and ``method:<source>`` are the engine's derived factors."""
    zh = lang == "zh"
    name = ""
    for f in study.get("factors") or []:
        if isinstance(f, dict) and f.get("id") == fid:
            name = (f.get("name_zh") if zh else "") or f.get("name") or ""
    head, sep, rest = fid.partition(":")
    if not name and sep and head == "combustion":
        return ("燃料燃烧排放因子：" if zh else "combustion factor: ") + flow_label(rest, lang)
    if not name and sep and head == "ipcc_stationary":  # <sector>:<group>:<gas>
        gas = rest.rsplit(":", 1)[-1]
        if zh:
            return f"燃料燃烧 {gas} 排放因子（{rest}）"
        return f"combustion {gas} factor ({rest})"
    if not name and sep and head == "method":
        return ("方法参数：" if zh else "method parameter: ") + flow_label(rest, lang)
    if not name:
        try:
            from alcarbon.factors import load_library

            f = load_library().get(fid)
            name = (f.name_zh if zh else "") or f.name
        except (ImportError, AlcarbonError, KeyError):
            name = ""
    lead = "排放因子 " if zh else "factor "
    return f"{lead}{name}（{fid}）" if name and zh else f"{lead}{name} ({fid})" if name \
        else lead + fid


def param_label(param: str, label: str, study: dict, lang: str) -> str:
    """Readable name of an uncertainty parameter (``alcarbon.uncertainty.model`` keys:
    ``factor:<id>``, ``activity:<datum>``, ``technosphere:<datum>``) in the page's language;
    ids are kept as they are."""
    kind, _, rest = param.partition(":")
    if kind == "factor":
        return _factor_name(rest, study, lang)
    if kind in ("activity", "technosphere"):
        tail = {"activity": ("活动数据", "activity"),
                "technosphere": ("单元间用量", "amount between units")}[kind]
        text = _datum_label(rest, study, lang)
        return f"{text}（{tail[0]}）" if lang == "zh" else f"{text} ({tail[1]})"
    return label or param


_SYSTEM = ((r"created", "创建", "created"),
           (r"upload (\S+\.(?:xlsx|yaml|yml|json))", "上传 \\1", "upload \\1"),
           (r"uploaded inventory of revision (\d+)", "上传的清单数据（修订 r\\1）",
            "uploaded inventory of revision \\1"),
           (r"import factors (\S+\.(?:csv|yaml|yml|json))", "导入因子文件 \\1",
            "import factors \\1"),
           (r"factor file of revision (\d+)", "因子文件（修订 r\\1）",
            "factor file of revision \\1"))


def system_text(text: str, lang: str) -> str:
    """A reason or note the program wrote itself (revision "created", the upload's evidence note)
    in the page's language; anything a user typed is returned as it is."""
    for pattern, zh, en in _SYSTEM:
        m = re.fullmatch(pattern, text or "")
        if m:
            return m.expand(zh if lang == "zh" else en)
    return text
