"""Build the two bundled, ILLUSTRATIVE example studies from published typical values.

Run: .venv/bin/python examples/build_examples.py  (writes examples/*.yaml and *.xlsx)

Every per-tonne intensity below carries its source. Annual amounts are these intensities times an
illustrative production volume. Plant-specific items with no public typical value (transport
distances, the co-product volume) are marked "illustrative plant datum". Factors that no public
source gives (calcined coke, coal-tar pitch, AlF3) are supplied as study factors with the
indicative value and derivation of ../shared/research/domain-data.md §9.5 and a poor data-quality
rating, so that checks and sensitivity analysis flag them.

The study's own text is Chinese (the main report language); every text is written as a ``Zh``
pair and its English goes into the study's ``translations.en`` pairs (keyed by the Chinese), so
the zh report shows Chinese throughout and the en report English. Citations keep their
authors' names.
Repository references (domain-data.md) stay in these comments and in the factor records'
source documents (report appendix), not in the data-source notes shown in the report body.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


class Zh:
    """A text of the study: Chinese main text and its English (concatenate with +)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en

    def __add__(self, other: Zh) -> Zh:
        return Zh(self.zh + other.zh, self.en + other.en)


def split_texts(x, overlay: dict | None = None):
    """(data with Chinese text, {Chinese: English}) from data holding Zh pairs."""
    overlay = {} if overlay is None else overlay
    if isinstance(x, Zh):
        if overlay.setdefault(x.zh, x.en) != x.en:
            raise ValueError(f"{x.zh!r} has two English texts")
        return x.zh, overlay
    if isinstance(x, dict):
        return {k: split_texts(v, overlay)[0] for k, v in x.items()}, overlay
    if isinstance(x, list):
        return [split_texts(v, overlay)[0] for v in x], overlay
    return x, overlay

ING = 500_000.0  # t aluminium ingot per year (illustrative plant size)

# domain-data.md §9.1 (SESAME), §9.4 (TianGong LCA Data datasets)
S9_CN = Zh("SESAME 铝生命周期清单中国列(Hong et al. 2012, J. Clean. Prod. 24:11-19,基准年 2010)",
           "SESAME aluminium LCI, China column (Hong et al. 2012, J. Clean. Prod. 24:11-19, "
           "base year 2010)")
S9_GL = Zh("SESAME 铝生命周期清单全球列(IAI 2015)",
           "SESAME aluminium LCI, Global column (IAI 2015)")
DING = Zh("Ding, Liu, Lu, Yang 2021, J. Ind. Ecol. 25:1657，2012 年数值,取自天工 LCA 数据库数据集 "
          "2f14f4fa / 6b303967",
          "Ding, Liu, Lu, Yang 2021, J. Ind. Ecol. 25:1657, 2012 values via TianGong LCA Data "
          "dataset 2f14f4fa / 6b303967")
LUTHIN = Zh("Luthin, Backes, Traverso，2017 年中国电解铝数据集,天工 LCA 数据库 280332aa",
            "Luthin, Backes, Traverso, CN 2017 electrolysis dataset, TianGong LCA Data 280332aa")
ZHANG = Zh("Zhang Y. et al. 2022, Energy 261,电解和铸造,天工 LCA 数据库 94801d0d"
           "(库中天然气的单位不明确)",
           "Zhang Y. et al. 2022, Energy 261, electrolysis + casting, TianGong 94801d0d "
           "(unit of natural gas as stored is unclear)")
PLANT = Zh("示例工厂数据(无公开典型值)", "illustrative plant datum (no public typical value)")

# per t of product, with source
AL_PER_T = {  # electrolysis, per t liquid aluminium
    "alumina": (1.9199, DING), "anode": (0.4201, DING), "fluoride": (0.02003, DING),
    "ac_kwh": (13458.0, DING), "diesel_t": (0.0389, ZHANG),
    "cf4_kg": (0.0701, LUTHIN), "c2f6_kg": (0.00406, LUTHIN),
}
ALUMINA_PER_T = {  # Bayer refinery, per t alumina (Hong 2010 China column / 1.74 t alumina)
    "bauxite": (4.18 / 1.74, S9_CN), "naoh": (0.16 / 1.74, S9_CN), "cao": (0.25 / 1.74, S9_CN),
    "ng_gj": (10.0971 / 1.74, S9_CN), "kwh": (435 / 1.74, S9_CN),
}
ANODE_PER_T = {  # per t baked anode
    "cpc": (0.676, S9_GL), "pitch": (0.155, S9_GL), "heavy_oil_gj": (0.681, S9_GL),
    "ng_gj": (1.747, S9_GL), "kwh": (208.0, DING + Zh("(阳极系列,2012–2017 年数据段)",
                                                   " (anode series, 2012-2017 block)")),
    # domain-data.md §3.3
    "green_per_baked": (1.055, Zh("GHG Protocol 铝行业计算工具 v2.0 的生阳极/焙烧阳极比缺省值",
                                  "green/baked anode ratio default of the GHG Protocol aluminium "
                                  "workbook v2.0")),
}
BAUXITE_PER_T = {  # per t bauxite
    "heavy_oil_gj": (0.021, S9_GL), "diesel_gj": (0.078, S9_GL), "kwh": (1.5, S9_GL),
}
CAST_NG_NM3 = (41.8, ZHANG)
# Captive coal plant anchored to the official coal-fired footprint factor.
COAL_FP = 0.9240  # kg CO2e/kWh, MEE/NBS/NEA 2024 national electricity carbon footprint, Table 2
# t CO2e per t bituminous coal burnt with the library defaults (NDRC 2013 electrolytic-aluminium
# guideline table): 19.570 GJ/t x 0.02618 tC/GJ x 0.93 x 44/12 CO2, plus CH4 1 and N2O 1.5 kg/TJ
# (IPCC 2006 Vol.2 Table 2.2, energy industries) x 0.01957 TJ/t at AR6 GWPs 27.9 / 273, plus
# 0.08 t CO2e/t coal upstream (CPCD 11010X0012022C).
COAL_T_PER_T = (19.570 * 0.02618 * 0.93 * 44 / 12 + 19.570e-3 * (1.0 * 27.9 + 1.5 * 273) / 1000
                + 0.08)

SUPPLIED_FACTORS = [
    {"id": "study.calcined_coke", "name": "Calcined petroleum coke, indicative",
     "name_zh": "煅后焦",
     "kind": "material_upstream", "value": 0.36, "amount_unit": "t", "per": "t",
     "gas": "CO2e", "basis": "life_cycle", "region": "CN", "year": 2019, "confidence": "low",
     "source": {"document": "Indicative value derived in domain-data.md §9.5 from TianGong "
                "datasets 7f19c4e6 and c7873a1b (Yang et al. 2019; Peng et al. 2019)",
                "issuer": "alcarbon research notes (derived, not published)", "year": 2026,
                "note": "likely understated (calcination losses); replace with supplier data"}},
    {"id": "study.coal_tar_pitch", "name": "Coal-tar pitch, PROXY", "name_zh": "煤沥青(代用值)",
     "kind": "material_upstream", "value": 0.36, "amount_unit": "t", "per": "t",
     "gas": "CO2e", "basis": "life_cycle", "region": "CN", "year": 2019, "confidence": "low",
     "source": {"document": "No published factor found (domain-data.md §4.1, §9.5); proxy: the "
                "indicative calcined-coke value of §9.5", "issuer": "alcarbon example (proxy)",
                "year": 2026,
                "note": "proxy value; replace with the supplier's declared CFP"}},
    {"id": "study.aluminium_fluoride", "name": "Aluminium fluoride, indicative",
     "name_zh": "氟化铝", "kind": "material_upstream", "value": 0.96, "amount_unit": "t",
     "per": "t", "gas": "CO2e", "basis": "life_cycle", "region": "CN", "year": 2019,
     "confidence": "low",
     "source": {"document": "Indicative value derived in domain-data.md §9.5 from TianGong dataset "
                "a59fc8f3 (Peng et al. 2019: 10.78 GJ primary energy per t AlF3), fuel CO2 only",
                "issuer": "alcarbon research notes (derived, not published)", "year": 2026}},
]
POOR = {"technology": "fair", "time": "fair", "geography": "fair", "reliability": "poor",
        "completeness": "fair", "primary": False}


GOOD = {c: "good" for c in ("technology", "time", "geography", "reliability", "completeness")}


def dq(source: Zh, *, primary: bool = False, **ratings: str) -> dict:
    """Explicit Table 2 ratings and primary flag (an omitted rating would read as not rated)."""
    d = {"source": source, "primary": primary, **GOOD}
    if not primary:  # secondary typical values: similar technology, regional/national average
        d.update({"technology": "fair", "geography": "fair", "reliability": "fair"})
    d.update(ratings)
    return d


RATED = {"road_heavy_diesel": 31.0, "rail": 60.0}  # t; illustrative vehicle classes


def leg(mode: str, km: float) -> dict:
    """A transport leg; distances and rated loads are illustrative plant data."""
    return {"mode": mode, "distance_km": km, "rated_load_t": RATED[mode],
            "dq": dq(PLANT + Zh(":运距和车型", ": distance and vehicle class"), primary=True,
                     reliability="fair")}


def inp(flow, amount, unit, kind="material", src=None, **kw):
    return {"flow": flow, "amount": round(amount, 3), "unit": unit, "kind": kind,
            "dq": kw.pop("dq", dq(src)), **kw}


def out(flow, amount, unit="t", **kw):
    return {"flow": flow, "amount": round(amount, 3), "unit": unit,
            "dq": kw.pop("dq", dq(Zh("工厂生产记录(示例产量)",
                                     "plant production records (illustrative volume)"),
                                  primary=True)),
            **kw}


def study(name: str, hydro: bool) -> dict:
    al = ING
    alumina = al * AL_PER_T["alumina"][0]
    hydroxide = 40_000.0  # t/yr sold, illustrative plant datum
    anode = al * AL_PER_T["anode"][0]
    bauxite = (alumina + hydroxide * 102.0 / 156.0) * ALUMINA_PER_T["bauxite"][0]
    kwh = {
        "bauxite_mining": bauxite * BAUXITE_PER_T["kwh"][0],
        "alumina_refining": alumina * ALUMINA_PER_T["kwh"][0],
        "anode_production": anode * ANODE_PER_T["kwh"][0],
        "electrolysis": al * AL_PER_T["ac_kwh"][0],
    }
    province = "云南" if hydro else "内蒙古"
    place = Zh("云南", "Yunnan") if hydro else Zh("内蒙古", "Inner Mongolia")
    if hydro:
        supplies = {
            "hydro_line": {"type": "direct_line", "factor": "elec.footprint.hydro.2024",
                           "source": Zh("径流式水电站专线供电(7.1.5.2);采用 2024 年全国公告附表的"
                                        "发电类型因子",
                                        "dedicated line from a run-of-river hydro station "
                                        "(7.1.5.2); generation-type factor of the 2024 national "
                                        "annex")},
            "grid_green": {"type": "contract", "region": province,
                           "factor": "elec.footprint.hydro.2024", "instrument": "GEC-2023-0001",
                           "conveys_generator_info": True, "exclusive_claim": True,
                           "retired_by_reporter": True, "matches_period": True,
                           "source": Zh("水电绿色电力证书(7.1.5.3)",
                                        "green electricity certificates for hydro (7.1.5.3)")},
            "grid": {"type": "grid", "region": province},
        }
    else:
        supplies = {"captive": {"type": "captive", "provider": "captive_electricity"},
                    "grid": {"type": "grid", "region": province}}

    def elec(unit_id: str) -> list[dict]:
        total = kwh[unit_id]
        src = {"electrolysis": AL_PER_T["ac_kwh"][1], "alumina_refining": ALUMINA_PER_T["kwh"][1],
               "anode_production": ANODE_PER_T["kwh"][1],
               "bauxite_mining": BAUXITE_PER_T["kwh"][1]}[unit_id]
        if not hydro:
            return [inp("electricity", total, "kWh", "electricity", src, supply="captive")]
        if unit_id == "electrolysis":  # 90 % direct hydro line, 10 % grid with certificates
            return [inp("electricity", 0.9 * total, "kWh", "electricity", src,
                        supply="hydro_line",
                        note=Zh("交流电耗的 90 %(示例拆分)",
                                "90 % of AC power (illustrative split)")),
                    inp("electricity", 0.1 * total, "kWh", "electricity", src,
                        supply="grid_green",
                        note=Zh("交流电耗的 10 %(示例拆分)",
                                "10 % of AC power (illustrative split)"))]
        return [inp("electricity", total, "kWh", "electricity", src, supply="grid")]

    units = [
        {"id": "bauxite_mining", "name": Zh("铝土矿采选", "bauxite mine"), "location": place,
         "inputs": [
             inp("fuel_oil", bauxite * BAUXITE_PER_T["heavy_oil_gj"][0], "GJ", "fuel",
                 BAUXITE_PER_T["heavy_oil_gj"][1], factor="study.fuel_oil_proxy"),
             inp("diesel", bauxite * BAUXITE_PER_T["diesel_gj"][0], "GJ", "fuel",
                 BAUXITE_PER_T["diesel_gj"][1]),
             *elec("bauxite_mining")],
         "outputs": [out("bauxite", bauxite)]},
        {"id": "alumina_refining", "name": Zh("氧化铝厂(拜耳法)", "Bayer refinery"),
         "location": place,
         "inputs": [
             inp("bauxite", bauxite, "t", "intermediate", ALUMINA_PER_T["bauxite"][1],
                 transport=[leg("road_heavy_diesel", 60)],
                 note=Zh("自有矿山;60 km 运距为示例工厂数据",
                         "own mine; 60 km haul is an illustrative plant datum")),
             inp("caustic_soda", alumina * ALUMINA_PER_T["naoh"][0], "t", "material",
                 ALUMINA_PER_T["naoh"][1], transport=[leg("rail", 800)]),
             inp("quicklime", alumina * ALUMINA_PER_T["cao"][0], "t", "material",
                 ALUMINA_PER_T["cao"][1], transport=[leg("road_heavy_diesel", 80)]),
             inp("natural_gas", alumina * ALUMINA_PER_T["ng_gj"][0], "GJ", "fuel",
                 ALUMINA_PER_T["ng_gj"][1], subprocess="calcination",
                 note=Zh("Hong et al. 未给出热能的工序拆分;全部计入煅烧",
                         "Hong et al. give no split of thermal energy; all tagged calcination")),
             *elec("alumina_refining")],
         "outputs": [out("alumina", alumina),
                     {"flow": "aluminium_hydroxide", "amount": hydroxide, "unit": "t",
                      "kind": "co_product", "dq": dq(PLANT, primary=True)},
                     {"flow": "red_mud", "amount": 0.0, "unit": "t", "kind": "waste",
                      "note": Zh("公开典型值中无此数量",
                                 "amount not available from a public typical value")}]},
        {"id": "anode_production", "name": Zh("预焙阳极厂", "anode plant"), "location": place,
         "inputs": [
             inp("calcined_coke", anode * ANODE_PER_T["cpc"][0], "t", "material",
                 ANODE_PER_T["cpc"][1], factor="study.calcined_coke",
                 transport=[leg("rail", 1000)]),
             inp("coal_tar_pitch", anode * ANODE_PER_T["pitch"][0], "t", "material",
                 ANODE_PER_T["pitch"][1], factor="study.coal_tar_pitch",
                 transport=[leg("road_heavy_diesel", 400)]),
             inp("fuel_oil", anode * ANODE_PER_T["heavy_oil_gj"][0], "GJ", "fuel",
                 ANODE_PER_T["heavy_oil_gj"][1], factor="study.fuel_oil_proxy"),
             inp("natural_gas", anode * ANODE_PER_T["ng_gj"][0], "GJ", "fuel",
                 ANODE_PER_T["ng_gj"][1]),
             *elec("anode_production")],
         "outputs": [out("prebaked_anode", anode)],
         "process_emissions": {"baking": {
             "green_anode_t": round(anode * ANODE_PER_T["green_per_baked"][0], 3),
             "dq": dq(ANODE_PER_T["green_per_baked"][1])}}},
        {"id": "electrolysis", "name": Zh("电解铝厂", "potline"), "location": place,
         "inputs": [
             inp("alumina", alumina, "t", "intermediate", AL_PER_T["alumina"][1]),
             inp("prebaked_anode", anode, "t", "intermediate", AL_PER_T["anode"][1]),
             inp("aluminium_fluoride", al * AL_PER_T["fluoride"][0], "t", "material",
                 AL_PER_T["fluoride"][1] + Zh("(全部氟化盐按 AlF3 计)",
                                              " (all fluoride salts counted as AlF3)"),
                 factor="study.aluminium_fluoride",
                 transport=[leg("road_heavy_diesel", 300)]),
             inp("diesel", al * AL_PER_T["diesel_t"][0], "t", "fuel", AL_PER_T["diesel_t"][1]),
             *elec("electrolysis")],
         "outputs": [{"flow": "liquid_aluminium", "amount": al, "unit": "t",
                      "dq": dq(Zh("工厂生产记录", "plant production records"), primary=True)}],
         "process_emissions": {
             "anode_consumption": {"dq": dq(AL_PER_T["anode"][1])},
             "anode_effect": {"method": "guideline", "ef_cf4_kg_per_t": AL_PER_T["cf4_kg"][0],
                              "ef_c2f6_kg_per_t": AL_PER_T["c2f6_kg"][0],
                              "dq": dq(LUTHIN, reliability="fair")}}},
        {"id": "casting", "name": Zh("铸造车间", "cast house"), "location": place,
         "inputs": [
             inp("liquid_aluminium", al, "t", "intermediate",
                 dq=dq(Zh("工厂记录:电解车间转来的铝液",
                          "plant records: metal transferred from the potline"), primary=True)),
             inp("natural_gas", al * CAST_NG_NM3[0], "Nm3", "fuel", CAST_NG_NM3[1],
                 dq={**dq(CAST_NG_NM3[1]), "reliability": "poor"})],
         "outputs": [{"flow": "aluminium_ingot", "amount": al, "unit": "t",
                      "dq": dq(Zh("工厂生产记录", "plant production records"), primary=True)}]},
    ]
    if not hydro:
        total_kwh = sum(kwh.values())
        coal_t = total_kwh * COAL_FP / 1000.0 / COAL_T_PER_T  # kg CO2e -> t CO2e -> t coal
        units.append({
            "id": "captive_power", "name": Zh("自备燃煤电厂", "captive coal power plant"),
            "location": place,
            "description": Zh(
                "燃煤量按使电厂模型碳足迹等于 2024 年官方燃煤发电碳足迹因子 0.9240 kgCO2e/kWh"
                "(生态环境部、国家统计局、国家能源局公告附表 2)设定,采用因子库的烟煤缺省参数",
                "coal use set so the plant's modelled footprint equals the official "
                "2024 coal-fired electricity footprint factor 0.9240 kg CO2e/kWh (MEE/NBS/NEA "
                "annex Table 2) with the library's bituminous-coal defaults"),
            "inputs": [inp("bituminous_coal", coal_t, "t", "fuel",
                           Zh("由 2024 年燃煤发电碳足迹因子推算(见单元说明)",
                              "derived from the 2024 coal-fired footprint factor (see "
                              "description)"),
                           transport=[leg("rail", 300)])],
            "outputs": [{"flow": "captive_electricity", "amount": round(total_kwh, 0),
                         "unit": "kWh", "dq": dq(Zh("工厂电表读数", "plant meter readings"),
                                                 primary=True)}]})
    fuel_oil_proxy = {
        "id": "study.fuel_oil_proxy", "name": "Fuel oil upstream, PROXY (diesel CPCD value)",
        "name_zh": "燃料油上游(以柴油代)", "kind": "fuel_upstream", "value": 650.86,
        "amount_unit": "kg", "per": "t", "gas": "CO2e", "basis": "life_cycle", "region": "CN",
        "year": 2024, "confidence": "low",
        "source": {"document": "CPCD 柴油 cradle-to-gate (12010X0072024C) used as a proxy for fuel "
                   "oil, for which no CPCD factor was found", "issuer": "CPCD (proxy)",
                   "year": 2024, "cpcd_id": "12010X0072024C"}}
    title = (Zh("示例:云南水电铝", "Illustrative hydro-powered smelter, Yunnan") if hydro else
             Zh("示例:内蒙古自备燃煤电厂一体化电解铝",
                "Illustrative integrated smelter on captive coal power, Inner Mongolia"))
    data = {
        "title": title,
        "illustrative": True,
        "purpose": {"intended_application": Zh("以公开文献典型值演示 alcarbon 的核算",
                                               "demonstration of alcarbon on published typical "
                                               "values"),
                    "reasons": Zh("随软件提供的示例,不是任何真实工厂的数据",
                                  "bundled example; not data of any real plant"),
                    "audience": Zh("alcarbon 用户和审阅人", "alcarbon users and reviewers")},
        "producer": {"name": name, "address": place,
                     "profile": Zh("随软件示例虚构的生产者",
                                   "fictitious producer of the bundled example")},
        "product": {"name": Zh("重熔用铝锭 Al99.70(GB/T 1196)",
                               "remelting aluminium ingot Al99.70 (GB/T 1196)"),
                    "grade": "Al99.70",
                    "batch": Zh("2023 年全部批次(年平均)", "all batches of 2023 (annual average)"),
                    "net_weight": Zh("声明单位 1 t;铝锭每块约 20 kg,成捆交付",
                                     "declared unit 1 t; ingots of about 20 kg in bundles"),
                    "inspection": Zh("按 GB/T 1196 检验化学成分(示例:无真实检验证书)",
                                     "chemical composition per GB/T 1196 (example: no real "
                                     "inspection certificate)"),
                    "delivery_date": Zh("2023-01-01 至 2023-12-31", "2023-01-01 to 2023-12-31"),
                    "function": Zh("重熔用铝锭", "remelting aluminium ingot")},
        "commissioner": Zh("示例委托方(虚构)", "example commissioner (fictitious)"),
        "assessor": Zh("alcarbon 示例(非第三方核查)",
                       "alcarbon example (not a third-party verification)"),
        "report_id": "2023-" + ("002" if hydro else "001"),
        "report_date": "2024-03-31",
        "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["aluminium_ingot", "liquid_aluminium", "alumina",
                              "prebaked_anode", "bauxite"],
        "electricity": {"supplies": supplies, "allow_mixed_basis": False},
        "units": units,
        "factors": SUPPLIED_FACTORS + [fuel_oil_proxy],
        "notes": Zh("示例研究。新鲜水和赤泥未量化(无公开典型值)。",
                    "ILLUSTRATIVE. Fresh water and red mud are not quantified (no public "
                    "typical values)."),
    }
    text, overlay = split_texts(data)
    return {**text, "translations": {"en": overlay}}


def main() -> None:
    import yaml

    from alcarbon.inventory import save_study
    from alcarbon.inventory.io_yaml import study_from_data

    for fname, name, hydro in (
        ("coal_captive_smelter", Zh("示例铝业(内蒙古)", "Example Aluminium (Inner Mongolia)"),
         False),
        ("hydro_smelter_yunnan", Zh("示例水电铝(云南)", "Example Hydro Aluminium (Yunnan)"), True),
    ):
        data = study(name, hydro)
        s = study_from_data(data, fname)
        header = ("# ILLUSTRATIVE example study generated by examples/build_examples.py from\n"
                  "# published typical values; every source is named in that script.\n")
        (HERE / f"{fname}.yaml").write_text(
            header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        save_study(s, HERE / f"{fname}.xlsx", lang="zh")


if __name__ == "__main__":
    main()
