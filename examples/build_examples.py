"""Build the two bundled, ILLUSTRATIVE example studies from published typical values.

Run: .venv/bin/python examples/build_examples.py  (writes examples/*.yaml and *.xlsx)

Every per-tonne intensity below carries its source. Annual amounts are these intensities times an
illustrative production volume. Plant-specific items with no public typical value (transport
distances, the co-product volume) are marked "illustrative plant datum". Factors that no public
source gives (calcined coke, coal-tar pitch, AlF3) are supplied as study factors with the
indicative value and derivation of ../shared/research/domain-data.md §9.5 and a poor data-quality
rating, so that checks and sensitivity analysis flag them.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
ING = 500_000.0  # t aluminium ingot per year (illustrative plant size)

S9_CN = ("SESAME aluminium LCI, China column (Hong et al. 2012, J. Clean. Prod. 24:11-19, "
         "base year 2010)")
S9_GL = "SESAME aluminium LCI, Global column (IAI 2015)"
DING = ("Ding, Liu, Lu, Yang 2021, J. Ind. Ecol. 25:1657, 2012 values via TianGong LCA Data "
        "dataset 2f14f4fa / 6b303967 (domain-data.md §9.4)")
LUTHIN = ("Luthin, Backes, Traverso, CN 2017 electrolysis dataset, TianGong LCA Data 280332aa "
          "(domain-data.md §9.4)")
ZHANG = ("Zhang Y. et al. 2022, Energy 261, electrolysis + casting, TianGong 94801d0d "
         "(domain-data.md §9.4; unit of natural gas as stored is unclear)")
PLANT = "illustrative plant datum (no public typical value)"

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
    "ng_gj": (1.747, S9_GL), "kwh": (208.0, DING + " (anode series, 2012-2017 block)"),
    "green_per_baked": (1.055, "green/baked anode ratio default of the GHG Protocol aluminium "
                        "workbook v2.0 (domain-data.md §3.3)"),
}
BAUXITE_PER_T = {  # per t bauxite
    "heavy_oil_gj": (0.021, S9_GL), "diesel_gj": (0.078, S9_GL), "kwh": (1.5, S9_GL),
}
CAST_NG_NM3 = (41.8, ZHANG)
# Captive coal plant anchored to the official coal-fired footprint factor.
COAL_FP = 0.9240  # kg CO2e/kWh, MEE/NBS/NEA 2024 national electricity carbon footprint, Table 2
# t CO2 per t bituminous coal burnt with the library defaults: 23.076 GJ/t x 0.02308 tC/GJ x 0.98
# x 44/12, plus 0.08 t CO2e/t coal upstream (CPCD 11010X0012022C).
COAL_T_PER_T = 23.076 * 0.02308 * 0.98 * 44 / 12 + 0.08

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


def dq(source: str, *, primary: bool = False, **ratings: str) -> dict:
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
            "dq": dq(PLANT + ": distance and vehicle class", primary=True, reliability="fair")}


def inp(flow, amount, unit, kind="material", src="", **kw):
    return {"flow": flow, "amount": round(amount, 3), "unit": unit, "kind": kind,
            "dq": kw.pop("dq", dq(src)), **kw}


def out(flow, amount, unit="t", **kw):
    return {"flow": flow, "amount": round(amount, 3), "unit": unit,
            "dq": kw.pop("dq", dq("plant production records (illustrative volume)", primary=True)),
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
    if hydro:
        supplies = {
            "hydro_line": {"type": "direct_line", "factor": "elec.footprint.hydro.2024",
                           "source": "dedicated line from a run-of-river hydro station "
                           "(7.1.5.2); generation-type factor of the 2024 national annex"},
            "grid_green": {"type": "contract", "region": province,
                           "factor": "elec.footprint.hydro.2024", "instrument": "GEC-2023-0001",
                           "conveys_generator_info": True, "exclusive_claim": True,
                           "retired_by_reporter": True, "matches_period": True,
                           "source": "green electricity certificates for hydro (7.1.5.3)"},
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
                        supply="hydro_line", note="90 % of AC power (illustrative split)"),
                    inp("electricity", 0.1 * total, "kWh", "electricity", src,
                        supply="grid_green", note="10 % of AC power (illustrative split)")]
        return [inp("electricity", total, "kWh", "electricity", src, supply="grid")]

    units = [
        {"id": "bauxite_mining", "name": "铝土矿采选 bauxite mine", "location": province,
         "inputs": [
             inp("fuel_oil", bauxite * BAUXITE_PER_T["heavy_oil_gj"][0], "GJ", "fuel",
                 BAUXITE_PER_T["heavy_oil_gj"][1], factor="study.fuel_oil_proxy"),
             inp("diesel", bauxite * BAUXITE_PER_T["diesel_gj"][0], "GJ", "fuel",
                 BAUXITE_PER_T["diesel_gj"][1]),
             *elec("bauxite_mining")],
         "outputs": [out("bauxite", bauxite)]},
        {"id": "alumina_refining", "name": "氧化铝厂 Bayer refinery", "location": province,
         "inputs": [
             inp("bauxite", bauxite, "t", "intermediate", ALUMINA_PER_T["bauxite"][1],
                 transport=[leg("road_heavy_diesel", 60)],
                 note="own mine; 60 km haul is an illustrative plant datum"),
             inp("caustic_soda", alumina * ALUMINA_PER_T["naoh"][0], "t", "material",
                 ALUMINA_PER_T["naoh"][1], transport=[leg("rail", 800)]),
             inp("quicklime", alumina * ALUMINA_PER_T["cao"][0], "t", "material",
                 ALUMINA_PER_T["cao"][1], transport=[leg("road_heavy_diesel", 80)]),
             inp("natural_gas", alumina * ALUMINA_PER_T["ng_gj"][0], "GJ", "fuel",
                 ALUMINA_PER_T["ng_gj"][1], subprocess="calcination",
                 note="Hong et al. give no split of thermal energy; all tagged calcination"),
             *elec("alumina_refining")],
         "outputs": [out("alumina", alumina),
                     {"flow": "aluminium_hydroxide", "amount": hydroxide, "unit": "t",
                      "kind": "co_product", "dq": dq(PLANT, primary=True)},
                     {"flow": "red_mud", "amount": 0.0, "unit": "t", "kind": "waste",
                      "note": "amount not available from a public typical value"}]},
        {"id": "anode_production", "name": "预焙阳极厂 anode plant", "location": province,
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
        {"id": "electrolysis", "name": "电解铝厂 potline", "location": province,
         "inputs": [
             inp("alumina", alumina, "t", "intermediate", AL_PER_T["alumina"][1]),
             inp("prebaked_anode", anode, "t", "intermediate", AL_PER_T["anode"][1]),
             inp("aluminium_fluoride", al * AL_PER_T["fluoride"][0], "t", "material",
                 AL_PER_T["fluoride"][1] + " (all fluoride salts counted as AlF3)",
                 factor="study.aluminium_fluoride",
                 transport=[leg("road_heavy_diesel", 300)]),
             inp("diesel", al * AL_PER_T["diesel_t"][0], "t", "fuel", AL_PER_T["diesel_t"][1]),
             *elec("electrolysis")],
         "outputs": [{"flow": "liquid_aluminium", "amount": al, "unit": "t",
                      "dq": dq("plant production records", primary=True)}],
         "process_emissions": {
             "anode_consumption": {"dq": dq(AL_PER_T["anode"][1])},
             "anode_effect": {"method": "guideline", "ef_cf4_kg_per_t": AL_PER_T["cf4_kg"][0],
                              "ef_c2f6_kg_per_t": AL_PER_T["c2f6_kg"][0],
                              "dq": dq(LUTHIN, reliability="fair")}}},
        {"id": "casting", "name": "铸造车间 cast house", "location": province,
         "inputs": [
             inp("liquid_aluminium", al, "t", "intermediate",
                 dq=dq("plant records: metal transferred from the potline", primary=True)),
             inp("natural_gas", al * CAST_NG_NM3[0], "Nm3", "fuel", CAST_NG_NM3[1],
                 dq={**dq(CAST_NG_NM3[1]), "reliability": "poor"})],
         "outputs": [{"flow": "aluminium_ingot", "amount": al, "unit": "t",
                      "dq": dq("plant production records", primary=True)}]},
    ]
    if not hydro:
        total_kwh = sum(kwh.values())
        coal_t = total_kwh * COAL_FP / 1000.0 / COAL_T_PER_T  # kg CO2e -> t CO2e -> t coal
        units.append({
            "id": "captive_power", "name": "自备燃煤电厂 captive coal power plant",
            "location": province,
            "description": "coal use set so the plant's modelled footprint equals the official "
            "2024 coal-fired electricity footprint factor 0.9240 kg CO2e/kWh (MEE/NBS/NEA annex "
            "Table 2) with the library's bituminous-coal defaults",
            "inputs": [inp("bituminous_coal", coal_t, "t", "fuel",
                           "derived from the 2024 coal-fired footprint factor (see description)",
                           transport=[leg("rail", 300)])],
            "outputs": [{"flow": "captive_electricity", "amount": round(total_kwh, 0),
                         "unit": "kWh", "dq": dq("plant meter readings", primary=True)}]})
    fuel_oil_proxy = {
        "id": "study.fuel_oil_proxy", "name": "Fuel oil upstream, PROXY (diesel CPCD value)",
        "name_zh": "燃料油上游(以柴油代)", "kind": "fuel_upstream", "value": 650.86,
        "amount_unit": "kg", "per": "t", "gas": "CO2e", "basis": "life_cycle", "region": "CN",
        "year": 2024, "confidence": "low",
        "source": {"document": "CPCD 柴油 cradle-to-gate (12010X0072024C) used as a proxy for fuel "
                   "oil, for which no CPCD factor was found", "issuer": "CPCD (proxy)",
                   "year": 2024, "cpcd_id": "12010X0072024C"}}
    title = ("Illustrative hydro-powered smelter, Yunnan (示例: 云南水电铝)" if hydro else
             "Illustrative integrated smelter on captive coal power, Inner Mongolia "
             "(示例: 内蒙古自备燃煤电厂)")
    return {
        "title": title,
        "illustrative": True,
        "purpose": {"intended_application": "demonstration of alcarbon on published typical values",
                    "reasons": "bundled example; not data of any real plant",
                    "audience": "alcarbon users and reviewers"},
        "producer": {"name": name, "address": province,
                     "profile": "fictitious producer of the bundled example"},
        "product": {"name": "重熔用铝锭 Al99.70 (GB/T 1196)", "grade": "Al99.70",
                    "batch": "all batches of 2023 (annual average)",
                    "net_weight": "declared unit 1 t; ingots of about 20 kg in bundles",
                    "inspection": "chemical composition per GB/T 1196 (example: no real "
                                  "inspection certificate)",
                    "delivery_date": "2023-01-01 to 2023-12-31",
                    "function": "remelting aluminium ingot"},
        "commissioner": "example commissioner (fictitious)",
        "assessor": "alcarbon example (not a third-party verification)",
        "report_id": "EXAMPLE-" + ("HYDRO" if hydro else "COAL") + "-2023",
        "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["aluminium_ingot", "liquid_aluminium", "alumina",
                              "prebaked_anode", "bauxite"],
        "electricity": {"supplies": supplies, "allow_mixed_basis": False},
        "units": units,
        "factors": SUPPLIED_FACTORS + [fuel_oil_proxy],
        "notes": "ILLUSTRATIVE. Intensities: see examples/build_examples.py for every source. "
                 "Fresh water and red mud are not quantified (no public typical values).",
    }


def main() -> None:
    import yaml

    from alcarbon.inventory import save_study
    from alcarbon.inventory.io_yaml import study_from_data

    for fname, name, hydro in (
        ("coal_captive_smelter", "示例铝业(内蒙古) Example Aluminium (Inner Mongolia)", False),
        ("hydro_smelter_yunnan", "示例水电铝(云南) Example Hydro Aluminium (Yunnan)", True),
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
