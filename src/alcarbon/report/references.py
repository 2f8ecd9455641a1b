"""References (GB/T 44905 10 g) citing primary documents, and the provenance appendix.

Each factor the result uses is traced to the document that publishes it (issuer, year, table,
CPCD product id). How the value reached alcarbon (a database export, a third-party transcription,
a research note) is provenance: it goes to the appendix, never to the references list.
Texts are (zh, en) pairs built from ids and library fields, never by translating English text.
"""

from __future__ import annotations

import re
from typing import Any

GWP_DOCS = {
    "AR6": ("GB/T 44905-2024 附录 D 表 D.1(IPCC 第六次评估报告第一工作组,2021)",
            "GB/T 44905-2024 Appendix D Table D.1 (IPCC AR6 WG1, 2021)"),
    "AR5": ("IPCC 第五次评估报告第一工作组(2013)第 8 章 表 8.A.1",
            "IPCC AR5 WG1 (2013) chapter 8 Table 8.A.1"),
    "AR4": ("IPCC 第四次评估报告第一工作组(2007)第 2 章 表 2.14",
            "IPCC AR4 WG1 (2007) chapter 2 Table 2.14"),
    "SAR": ("IPCC 第二次评估报告(1995)", "IPCC Second Assessment Report (1995)"),
}
STANDARDS = [
    ("GB/T 44905-2024《温室气体 产品碳足迹量化方法与要求 电解铝及相关产品》,国家市场监督管理总局、"
     "国家标准化管理委员会,2024",
     "GB/T 44905-2024 Greenhouse gases — Carbon footprint of products — Requirements and "
     "guidelines for quantification — Electrolytic aluminium and related products, SAMR/SAC, "
     "2024"),
    ("GB/T 24067-2024《温室气体 产品碳足迹 量化要求和指南》(ISO 14067:2018)",
     "GB/T 24067-2024 Greenhouse gases — Carbon footprint of products (ISO 14067:2018)"),
]
#: Process-emission methods of the engine (alcarbon.engine.process), by primary document.
METHODS = {
    "anode_consumption": ("IPCC 2006 国家温室气体清单指南 第 3 卷 第 4.4 节 式 4.21;"
                          "美国环保署 40 CFR 98 F 分部 表 F-2(Sa、Asha 缺省值)",
                          "IPCC 2006 Guidelines Vol. 3 section 4.4 Eq. 4.21; US EPA 40 CFR 98 "
                          "subpart F Table F-2 (Sa, Asha defaults)"),
    "anode_effect": ("IPCC 2006 国家温室气体清单指南 第 3 卷 第 4.4 节(PFC)",
                     "IPCC 2006 Guidelines Vol. 3 section 4.4 (PFC)"),
    "pitch_volatiles": ("IPCC 2006 国家温室气体清单指南 第 3 卷 第 4.4 节 式 4.22",
                        "IPCC 2006 Guidelines Vol. 3 section 4.4 Eq. 4.22"),
    "packing_coke": ("IPCC 2006 国家温室气体清单指南 第 3 卷 第 4.4 节 式 4.23",
                     "IPCC 2006 Guidelines Vol. 3 section 4.4 Eq. 4.23"),
    "coke_calcination": ("煅烧炉碳质量平衡(GB/T 44905-2024 表 A.3 煅烧炉中石油焦的燃烧;"
                         "温室气体核算体系铝行业计算工具煅烧工作表)",
                         "carbon balance of the calciner (GB/T 44905-2024 Table A.3, petroleum "
                         "coke burnt in the calciner; GHG Protocol aluminium sector workbook, "
                         "calcination sheet)"),
    "baking": ("IPCC 2006 国家温室气体清单指南 第 3 卷 第 4.4 节 式 4.22–4.23",
               "IPCC 2006 Guidelines Vol. 3 section 4.4 Eq. 4.22-4.23"),
}
#: Fuel-property default tables (NCV, carbon content, oxidation) by library table name:
#: (reference zh, reference en, short name zh, short name en).
FUEL_TABLE_DOCS = {
    "cn_al_guideline_2013": (
        "国家发展和改革委员会办公厅:《中国电解铝生产企业温室气体排放核算方法与报告指南(试行)》"
        "(2013)附录二 常用化石燃料相关参数缺省值(数值未能与指南原文核对)",
        "General Office of the NDRC: Guidelines for accounting and reporting greenhouse gas "
        "emissions of Chinese electrolytic-aluminium producers (trial) (2013), Appendix 2, "
        "Fossil-fuel parameter defaults (values not checked against the guideline text)",
        "《中国电解铝生产企业温室气体排放核算方法与报告指南(试行)》(2013)缺省值表",
        "the default table of the NDRC 2013 electrolytic-aluminium GHG guideline"),
    "al_guideline_calc": (
        "第三方铝冶炼温室气体核算计算器的化石燃料缺省值表(所依据的指南未注明,未能与原文核对)",
        "fossil-fuel default table of a third-party aluminium-smelting GHG calculator (the "
        "guideline it copies is not named; not checked against a guideline text)",
        "第三方铝冶炼计算器的缺省值表", "a third-party aluminium-smelting calculator's table"),
    "generic_guideline_calc": (
        "第三方温室气体核算计算器的通用(其他行业)化石燃料缺省值表(未能与原文核对)",
        "generic (other sectors) fossil-fuel default table of a third-party GHG calculator (not "
        "checked against a guideline text)",
        "第三方计算器的通用缺省值表", "a third-party calculator's generic table"),
}
#: CH4 and N2O of stationary combustion (alcarbon.methods.combustion_non_co2), by sector.
STATIONARY_NON_CO2 = {
    "energy": ("IPCC 2006 国家温室气体清单指南 第 2 卷 第 2 章 固定源燃烧 表 2.2(能源工业)",
               "IPCC 2006 Guidelines Vol. 2 chapter 2 Stationary Combustion, Table 2.2 (energy "
               "industries)"),
    "manufacturing": ("IPCC 2006 国家温室气体清单指南 第 2 卷 第 2 章 固定源燃烧 表 2.3"
                      "(制造业和建筑业)",
                      "IPCC 2006 Guidelines Vol. 2 chapter 2 Stationary Combustion, Table 2.3 "
                      "(manufacturing industries and construction)"),
}


#: Issuers of official factor tables: Chinese name -> English name (proper names, by key).
ISSUERS = {"生态环境部": "Ministry of Ecology and Environment (MEE)",
           "国家统计局": "National Bureau of Statistics (NBS)",
           "国家能源局": "National Energy Administration (NEA)"}


def _source_dict(src: Any) -> dict[str, Any]:
    return {k: getattr(src, k, None) for k in ("document", "issuer", "year", "table", "cpcd_id",
                                              "locator", "note")}


def _provenance(s: dict[str, Any]) -> str:
    return "; ".join(str(s[k]) for k in ("issuer", "document", "locator", "note") if s.get(k))


def _library_entry(f: Any) -> tuple[str, str, str]:
    """(key, zh, en) of a library factor's primary document."""
    s = _source_dict(f.source)
    year = f" {s['year']}" if s["year"] else ""
    if s["cpcd_id"] and "CPCD" in (s["issuer"] or ""):
        return (f"cpcd:{s['cpcd_id']}",
                f"中国产品全生命周期温室气体排放系数库(CPCD):{f.name_zh or f.name},"
                f"数据年份{year},产品编号 {s['cpcd_id']}",
                f"China Products Carbon Footprint Factors Database (CPCD): {f.name}, data year"
                f"{year}, product ID {s['cpcd_id']}")
    issuer = s["issuer"] or ""
    known = [k for k in ISSUERS if k in issuer]
    izh = "、".join(known) if known else issuer
    ien = ", ".join(ISSUERS[k] for k in known) if known else issuer
    tab = s["table"] or ""
    m = re.fullmatch(r"表\s*(\S+)", tab)
    tab_en = f"Table {m.group(1)}" if m else tab
    return (f"doc:{s['document']}|{tab}",
            f"{izh}:{f.name_zh or f.name}({s['year']} 年)" + (f",{tab}" if tab else ""),
            f"{ien}: {f.name} ({s['year']})" + (f", {tab_en}" if tab_en else ""))


def build(study: Any, lib: Any, factor_ids: list[str], gwp_set: str) -> dict[str, Any]:
    """{'references': [{'key','zh','en','factors'}], 'provenance': [{'factor','text'}]}."""
    refs: dict[str, dict[str, Any]] = {}
    prov: list[dict[str, str]] = []

    def add(key: str, zh: str, en: str, fid: str | None) -> None:
        r = refs.setdefault(key, {"key": key, "zh": zh, "en": en, "factors": []})
        if fid and fid not in r["factors"]:
            r["factors"].append(fid)

    for i, (zh, en) in enumerate(STANDARDS):
        add(f"std:{i}", zh, en, None)
    g = GWP_DOCS.get(gwp_set)
    if g:
        add(f"gwp:{gwp_set}", g[0], g[1], None)
    study_factors = {f.id: f for f in getattr(study, "factors", []) or []}
    for fid in sorted(set(factor_ids)):
        kind, _, rest = fid.partition(":")
        if kind == "method":
            base = rest.split(":")[0]
            if base in METHODS:
                add(f"method:{base}", *METHODS[base], fid)
            continue
        if kind == "ipcc_stationary":
            sector = rest.split(":")[0]
            if sector in STATIONARY_NON_CO2:
                add(f"ipcc_stationary:{sector}", *STATIONARY_NON_CO2[sector], fid)
            continue
        if kind == "combustion":
            table = lib.fuel_table_name(getattr(study, "fuel_table", None))
            doc = FUEL_TABLE_DOCS.get(table, (table, table, table, table))
            add("fuels", doc[0], doc[1], fid)
            refs["fuels"]["table"] = [doc[2], doc[3]]
            fl = lib.flow_or_none(rest)  # no close-match search for a flow it lacks
            try:
                fp = lib.fuel_any_table(fl.fuel or rest, table) if fl is not None else None
                if fp is not None:
                    prov.append({"factor": fid, "text": _provenance(_source_dict(fp.source))})
            except Exception:  # noqa: BLE001 - a fuel given by the study has no library source
                pass
            continue
        if fid in study_factors:
            d = study_factors[fid]
            name_zh = d.name_zh or d.name or fid
            year = d.year or ""
            add(f"study:{fid}", f"{name_zh}:研究方提供的因子({year} 年),出处见附录",
                f"{d.name or fid}: factor supplied by the study ({year}); provenance in "
                "the appendix", fid)
            refs[f"study:{fid}"]["name"] = [name_zh, d.name or fid]
            prov.append({"factor": fid, "text": _provenance(_source_dict(d.source))})
            continue
        try:
            f = lib.get(fid)
        except Exception:  # noqa: BLE001 - computed factors (unit:...) have no document
            continue
        add(*_library_entry(f), fid)
        prov.append({"factor": fid, "text": _provenance(_source_dict(f.source))})
    return {"references": list(refs.values()), "provenance": prov}
