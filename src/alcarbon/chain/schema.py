"""Names of the chain model: products, stages, Appendix A categories, tables and their columns.

Every amount in the data files is per province x year. Production is in tonnes of product; stage
parameters are per tonne of the stage's own output (see :data:`STAGE_OUTPUT`).
"""

from __future__ import annotations

# Products of the chain (production.csv, column ``product``).
PRIMARY = "primary_aluminium"
INGOT = "aluminium_ingot"
PROCESSED = ("sheet_strip", "foil", "extrusion", "tube", "wire_rod", "casting")
PRODUCTS = ("bauxite", "alumina", "prebaked_anode", PRIMARY, INGOT, *PROCESSED)

PRODUCT_ZH = {
    "bauxite": "铝土矿",
    "alumina": "氧化铝",
    "prebaked_anode": "预焙阳极",
    PRIMARY: "原铝",
    INGOT: "铝锭",
    "sheet_strip": "板带",
    "foil": "箔",
    "extrusion": "挤压型材",
    "tube": "管材",
    "wire_rod": "线杆",
    "casting": "铸件",
}

# Stages (unit processes of GB/T 44905 5.3.3, plus downstream processing) and the product whose
# tonnes are their activity. Casting (5.3.3.5, liquid aluminium to ingot) is its own stage with
# t of ingot as activity. Processing is one stage per processed product: ``processing:foil``.
STAGE_OUTPUT = {
    "bauxite_mining": "bauxite",
    "alumina_refining": "alumina",
    "anode_production": "prebaked_anode",
    "electrolysis": PRIMARY,
    "casting": INGOT,
    **{f"processing:{p}": p for p in PROCESSED},
}
STAGES = tuple(STAGE_OUTPUT)
UPSTREAM_STAGES = ("bauxite_mining", "alumina_refining", "anode_production", "electrolysis",
                   "casting")

STAGE_ZH = {
    "bauxite_mining": "铝土矿开采",
    "alumina_refining": "氧化铝精炼",
    "anode_production": "阳极生产",
    "electrolysis": "电解",
    "casting": "铸锭",
    "processing": "加工",
    **{f"processing:{p}": f"加工-{PRODUCT_ZH[p]}" for p in PROCESSED},
}

# Emission categories of GB/T 44905 Appendix A.
CATEGORIES = ("process", "fuel_combustion", "energy", "other")
CATEGORY_ZH = {"process": "过程排放", "fuel_combustion": "燃料燃烧", "energy": "能源间接",
               "other": "其他"}

# Parameters (parameters.csv, column ``parameter``). Families take a suffix after a dot:
#   fuel.<fuel id of the factor library>   fuel per t output (a mass, volume or energy unit)
#   carbonate.<mineral>                    t carbonate per t output (CaCO3, Na2CO3, ...)
#   material.<flow id of the factor library>  purchased material per t output (upstream, "other")
#   direct.<gas>                           measured process emissions, t gas per t output
SCALAR_PARAMS = {
    "electricity": "kWh/t",  # consumption per t of stage output
    "heat": "GJ/t",  # purchased heat or steam (Appendix A energy-related), any stage
    "heat_factor": "t/GJ",  # t CO2 (combustion_co2) or CO2e (life_cycle); blank: heat.mee_default
    "net_anode_consumption": "t/t",  # t anode carbon per t Al (electrolysis)
    "anode_sulfur_pct": "percent",
    "anode_ash_pct": "percent",
    "anode_effect_minutes": "min/cell-day",
    "pfc_slope": "(kg CF4/t Al)/(AE-min/cell-day)",
    "c2f6_ratio": "kg C2F6/kg CF4",
    "carbonate_purity": "fraction",
    # Anode baking (anode_production, per t baked anode; IPCC 2006 Eqs. 4.22 and 4.23).
    "green_per_baked": "t/t",  # green anode into the furnace per t baked anode (required)
    "green_hydrogen_fraction": "fraction",  # default DEFAULTS["H_w_fraction"]
    "waste_tar_per_baked": "t/t",  # default by furnace: DEFAULTS["WT_fraction_*"]
    "riedhammer_share": "fraction",  # share of Riedhammer furnaces (waste-tar default)
    "packing_coke_per_baked": "t/t",  # default DEFAULTS["PCC"]
    "packing_coke_sulfur_pct": "percent",  # default DEFAULTS["S_pc"]
    "packing_coke_ash_pct": "percent",  # default DEFAULTS["Ash_pc"]
    # Material ratios that attribute upstream stages to a tonne of aluminium (intensity per t Al).
    "alumina_per_al": "t/t",
    "anode_per_al": "t/t",
    "bauxite_per_alumina": "t/t",
}
FAMILIES = ("fuel", "carbonate", "material", "direct")

# Table files of a chain data set (directory of CSV, or sheets of one xlsx with these names).
TABLES = {
    "production": ["province", "year", "product", "amount", "unit", "source"],
    "parameters": ["province", "year", "stage", "parameter", "value", "unit", "source"],
    "electricity": [
        "province",
        "year",
        "basis",
        "grid_factor",
        "captive_share",
        "captive_factor",
        "hydro_share",
        "hydro_factor",
        "other_share",
        "other_factor",
        "source",
    ],
    "supply": ["province", "year", "product", "from_province", "share", "source"],
}
REQUIRED_TABLES = ("production", "parameters", "electricity")
OPTIONAL_COLUMNS = {"source", "unit", "year"}
NATIONAL = ("", "*", "national", "全国", "all")  # province cell meaning "national default"
BASES = ("combustion_co2", "life_cycle")
ELECTRICITY_FACTOR_UNIT = "kg/kWh"  # = t/MWh, CO2 or CO2e per the basis
