"""Build the bundled demo data set (31 provinces x 2012-2022) — mostly SYNTHETIC, see README.

Run ``python -m alcarbon.chain.demo DIR`` to regenerate ``data/chain/demo_synthetic``. Each row
carries a ``source`` cell that says "synthetic: <rule>" or cites the sourced number it copies.
Sourced numbers used (shared/research/domain-data.md):
  - Ding et al. 2021 (J Ind Ecol 25:1657) smelting and anode series 2007-2017 (§9.4);
  - SESAME/Hong et al. 2012 China column (alumina), IAI 2015 global column (bauxite) (§5.1, S9);
  - Luthin et al. CN 2017 dataset CF4 0.0701 kg/t Al (§9.4) -> anode-effect minutes via the
    IPCC CWPB slope 0.143 (derived);
  - Yang et al. 2019 baked anode: 1,140 kg green anode per t (§9.5, low confidence) -> baking
    CO2 by IPCC 2006 Eqs. 4.22/4.23 with the method defaults of alcarbon.methods;
  - MEE/NBS provincial grid CO2 factors 2021-2023 and national fossil-only CO2 factors
    (factor library ids elec.grid_co2.<province>.<year>, elec.fossil_co2.cn.<year>);
  - PyPSA-China 2024 capacity split (weights only, low confidence) and the NBS alumina fragment of
    one Q1 (weights only) (§6, §9.6).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

YEARS = list(range(2012, 2023))
DING = "Ding et al. 2021 J Ind Ecol 25:1657 via TianGong (domain-data §9.4)"
S9CN = "SESAME S9 China column, Hong et al. 2012 JCP 24:11 (base year 2010), per t alumina"
S9GL = "SESAME S9 Global column, IAI 2015, per t bauxite"
SYN = "synthetic"
# Ding 2012-2017: AC power kWh/t, alumina kg/t, anode kg/t (per t Al)
DING_SERIES = {2012: (13458.1, 1919.89, 420.11), 2013: (13340.1, 1915.89, 415.46),
               2014: (13261.5, 1915.94, 411.75), 2015: (13236.7, 1910.16, 450.79),
               2016: (13267.1, 1912.82, 404.86), 2017: (13257.5, 1913.11, 401.32)}
# Synthetic national primary output, Mt (shape chosen to resemble published totals; only 2020
# 37.32 Mt IAI and 2021 38.50 Mt NBS are sourced, domain-data §9.6).
PRIMARY_MT = dict(zip(YEARS, [20.0, 22.0, 24.4, 29.0, 31.0, 32.5, 35.5, 35.0, 37.32, 38.50, 40.0],
                      strict=True))
CAPACITY = {  # PyPSA-China 2024 capacity, 10 kt/yr (weights only)
    "anhui": 161.49, "chongqing": 37.57, "fujian": 62.48, "gansu": 300.12, "guangdong": 41.00,
    "guangxi": 308.42, "guizhou": 117.28, "hebei": 5.18, "heilongjiang": 15.10, "henan": 297.77,
    "hubei": 72.78, "hunan": 123.49, "inner_mongolia": 505.75, "jiangsu": 58.57, "jiangxi": 160.80,
    "jilin": 8.29, "liaoning": 56.39, "ningxia": 90.87, "qinghai": 186.21, "shaanxi": 124.08,
    "shandong": 526.91, "shanxi": 92.86, "sichuan": 106.10, "xinjiang": 535.92, "yunnan": 461.25,
    "zhejiang": 43.07}
DRIFT = {"yunnan": 0.07, "guangxi": 0.03, "inner_mongolia": 0.02, "xinjiang": 0.03,
         "henan": -0.05, "shandong": -0.01, "qinghai": -0.02, "gansu": -0.01}  # synthetic
ALUMINA_W = {"shandong": 616.09, "shanxi": 487.64, "guangxi": 287.11, "henan": 256.01,
             "guizhou": 129.91, "yunnan": 37.86, "chongqing": 31.03, "inner_mongolia": 10.31,
             "jiangxi": 3.27, "sichuan": 3.15}  # NBS Q1 alumina 10^4 t, one year (weights only)
BAUXITE_W = {"shanxi": 0.35, "henan": 0.25, "guangxi": 0.25, "guizhou": 0.15}  # synthetic
PROC_SHARE = {"sheet_strip": 0.30, "foil": 0.10, "extrusion": 0.45, "tube": 0.03,
              "wire_rod": 0.12, "casting": 0.20}  # synthetic, of primary output
PROC_W = {"guangdong": 0.22, "shandong": 0.18, "henan": 0.14, "jiangsu": 0.10, "zhejiang": 0.06,
          "guangxi": 0.06, "fujian": 0.05, "hebei": 0.04, "liaoning": 0.04, "sichuan": 0.03,
          "shanghai": 0.03, "tianjin": 0.03, "chongqing": 0.02}  # synthetic
PROC_PARAMS = {"sheet_strip": (500, 1.2), "foil": (1400, 1.5), "extrusion": (450, 2.0),
               "tube": (800, 2.2), "wire_rod": (300, 0.6), "casting": (600, 2.5)}  # kWh/t, GJ/t
CAPTIVE = {"xinjiang": 0.9, "shandong": 0.85, "inner_mongolia": 0.7, "ningxia": 0.5,
           "henan": 0.5, "shanxi": 0.5, "gansu": 0.4, "guangxi": 0.3, "guizhou": 0.3,
           "shaanxi": 0.3}  # synthetic captive coal shares of smelting power
HYDRO = {"yunnan": 0.8, "sichuan": 0.7, "qinghai": 0.3}  # synthetic hydro direct-supply shares
INGOT_SHARE = {2012: 0.8, 2022: 0.4}  # synthetic: share of primary cast to ingot, linear between
CASTING = (45, 28)  # synthetic: kWh and Nm3 natural gas per t ingot (typical order of magnitude)


def _split(total: float, weights: dict[str, float]) -> dict[str, float]:
    s = sum(weights.values())
    return {k: total * v / s for k, v in weights.items()}


def production_rows() -> list[list]:
    rows = []
    note = "synthetic: national total x weights (README)"
    for y in YEARS:
        w = {p: c * max(0.2, 1 + DRIFT.get(p, 0.0) * (y - 2022)) for p, c in CAPACITY.items()}
        primary = _split(PRIMARY_MT[y] * 1e6, w)
        alumina = _split(PRIMARY_MT[y] * 1e6 * 1.93, ALUMINA_W)
        bauxite = _split(PRIMARY_MT[y] * 1e6 * 1.93 * 2.40 * 0.5, BAUXITE_W)
        growth = 1 + 0.06 * (y - 2012)
        a, b = INGOT_SHARE[2012], INGOT_SHARE[2022]
        ingot = a + (b - a) * (y - 2012) / 10
        for p, v in primary.items():
            rows.append([p, y, "primary_aluminium", round(v), "t", note])
            rows.append([p, y, "aluminium_ingot", round(v * ingot), "t", note])
            rows.append([p, y, "prebaked_anode", round(v * 0.48), "t", note])
        for p, v in alumina.items():
            rows.append([p, y, "alumina", round(v), "t", note])
        for p, v in bauxite.items():
            rows.append([p, y, "bauxite", round(v), "t", note])
        for prod, share in PROC_SHARE.items():
            tilt = 1.0 + (0.04 if prod in ("tube", "sheet_strip") else 0.0) * (y - 2012)
            for p, v in _split(PRIMARY_MT[y] * 1e6 * share * growth / 1.6 * tilt, PROC_W).items():
                rows.append([p, y, prod, round(v), "t", note])
    return rows


def parameter_rows() -> list[list]:
    r: list[list] = []
    for y in YEARS:
        kwh, alu, an = DING_SERIES.get(y, DING_SERIES[2017])
        src = DING if y in DING_SERIES else f"{SYN}: Ding 2017 value carried forward"
        r += [["", y, "electrolysis", "electricity", kwh, "kWh/t", src],
              ["", y, "electrolysis", "alumina_per_al", alu, "kg/t", src],
              ["", y, "electrolysis", "net_anode_consumption", an, "kg/t", src]]
        a_src = DING if y >= 2012 and y in DING_SERIES else f"{SYN}: Ding 2012-2017 value carried"
        r += [["", y, "anode_production", "electricity", 208, "kWh/t", a_src],
              ["", y, "anode_production", "fuel.fuel_oil", 65, "kg/t", a_src],
              ["", y, "anode_production", "fuel.coke_oven_gas", 1277, "Nm3/t",
               a_src + "; 'coal gas' mapped to coke-oven gas (approximation)"]]
    luthin = "derived: CF4 0.0701 kg/t (Luthin CN 2017, §9.4) / IPCC CWPB slope 0.143"
    r += [["", "", "electrolysis", "anode_effect_minutes", round(0.0701 / 0.143, 4), "", luthin],
          ["", "", "electrolysis", "anode_per_al", 0.48, "t/t", f"{SYN}: gross anode ~0.48 t/t"],
          ["", "", "anode_production", "green_per_baked", 1.14, "t/t",
           "Yang et al. 2019 baked anode: 1,140 kg green anode per t (§9.5, low confidence); "
           "hydrogen, waste tar and packing coke: IPCC 2006 defaults of alcarbon.methods"],
          ["", "", "casting", "electricity", CASTING[0], "kWh/t",
           f"{SYN}: typical order of magnitude per t ingot"],
          ["", "", "casting", "fuel.natural_gas", CASTING[1], "Nm3/t",
           f"{SYN}: typical order of magnitude per t ingot"],
          ["", "", "processing:sheet_strip", "heat", 0.3, "GJ/t",
           f"{SYN}: purchased steam; factor heat.mee_default from the factor library"],
          ["", "", "alumina_refining", "electricity", 250, "kWh/t", S9CN],
          ["", "", "alumina_refining", "fuel.natural_gas", 5.803, "GJ/t", S9CN],
          ["", "", "alumina_refining", "material.caustic_soda", 0.092, "t/t", S9CN],
          ["", "", "alumina_refining", "material.quicklime", 0.1437, "t/t", S9CN],
          ["", "", "alumina_refining", "bauxite_per_alumina", 2.402, "t/t", S9CN],
          ["", "", "bauxite_mining", "electricity", 1.5, "kWh/t", S9GL],
          ["", "", "bauxite_mining", "fuel.diesel", 0.078, "GJ/t", S9GL],
          ["", "", "bauxite_mining", "fuel.fuel_oil", 0.021, "GJ/t", S9GL + " (heavy oil)"]]
    for prod, (kwh, gj) in PROC_PARAMS.items():
        for y in YEARS:
            f = 1 - 0.015 * (y - 2012)
            r += [["", y, f"processing:{prod}", "electricity", round(kwh * f, 1), "kWh/t",
                   f"{SYN}: typical order of magnitude, -1.5 %/yr"],
                  ["", y, f"processing:{prod}", "fuel.natural_gas", round(gj * f, 3), "GJ/t",
                   f"{SYN}: typical order of magnitude, -1.5 %/yr"]]
    return r


def electricity_rows(library) -> list[list]:
    from alcarbon.chain.provinces import provinces

    rows = []
    for p in provinces():
        if p.id == "tibet":
            continue
        f2021 = library.grid(p.zh, 2021, "combustion_co2").value
        for y in YEARS:
            if y >= 2021:
                grid, src = "", "MEE/NBS provincial CO2 factor via factor library"
            else:
                grid = round(f2021 * (1 + 0.015 * (2021 - y)), 4)
                src = f"{SYN}: MEE 2021 value x (1 + 1.5 % per year before 2021)"
            cap = CAPTIVE.get(p.id, 0.0)
            capf = (f"elec.fossil_co2.cn.{y}" if y >= 2021
                    else round(0.8426 * (1 + 0.005 * (2021 - y)), 4))
            hyd = HYDRO.get(p.id, 0.0)
            rows.append([p.zh, y, "combustion_co2", grid, cap, capf if cap else "", hyd,
                         0.0 if hyd else "", "", "",
                         src + f"; captive/hydro shares {SYN}; captive factor = national "
                         "fossil-only CO2 factor (sourced 2021-2022, synthetic before); hydro "
                         "0 by definition of the combustion basis"])
    return rows


def write_demo(folder: str | Path, library=None) -> list[Path]:
    """Write the demo CSV files into ``folder``; returns the paths."""
    from alcarbon.chain import schema

    if library is None:
        from alcarbon.factors import load_library

        library = load_library()
    from alcarbon.atomic import atomic_write_many, make_dir

    out = Path(folder)
    files: dict[Path, bytes] = {}
    # every table is built before anything is written: a failure leaves no file (all or nothing)
    for name, rows in (("production", production_rows()), ("parameters", parameter_rows()),
                       ("electricity", electricity_rows(library))):
        buf = io.StringIO(newline="")
        w = csv.writer(buf)
        w.writerow(schema.TABLES[name])
        w.writerows(rows)
        files[out / f"demo_synthetic_{name}.csv"] = buf.getvalue().encode("utf-8")
    make_dir(out)
    atomic_write_many(files)
    return list(files)


if __name__ == "__main__":  # pragma: no cover
    for f in write_demo(sys.argv[1]):
        print(f)
