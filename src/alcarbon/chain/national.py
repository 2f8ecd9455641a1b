"""National chain case 2012 and 2022 beside the seed paper's 17.6 -> 11.4 t CO2e/t Al.

Yan L et al., "Carbon footprint analysis of the whole industry chain of China's aluminum
industry based on life cycle assessment" (Research Square rs-9729033; abstract only reachable,
research/domain-data.md 5.2 and 9.7) report a chain intensity of 17.6 t CO2e/t Al in 2012 and
11.4 in 2022. Their stage data are not public, so this case rebuilds the chain per t Al from the
sourced national parameters of ``data/chain/sourced/national_case.csv`` (each row cites its
source) and evaluates it under several electricity bases
(``national_case_electricity.csv``), one average factor EF on all chain electricity:

    I = kWh x EF + N                                             t CO2e / t Al
    kWh = smelting_kwh + a (alumina_kwh + b bauxite_kwh) + n anode_kwh
    N = anode CO2 + PFC + a (gas + materials + b diesel) + n (fuel oil + coal gas + baking)

with a = alumina_per_al, b = bauxite_per_alumina, n = anode_per_al,
anode CO2 = n (100 - S - ash)/100 x 44/12 (IPCC 2006 Vol.3 Eq. 4.21), PFC = CF4 and C2F6 kg/t x
GWP / 1000. The factor that reproduces the paper is EF* = (I_paper - N) / kWh.
Casting and processing are outside this case (the paper's intensity is per t Al).
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from alcarbon.errors import InputError

#: Yan et al. (rs-9729033), abstract: chain intensity, t CO2e per t Al.
PAPER = {2012: 17.6, 2022: 11.4}
PAPER_SOURCE = ("Yan L, Zhou H, Weng K, Zhu D, Zhou Y, Wang J, Yang H, Research Square "
                "rs-9729033, abstract (domain-data.md 5.2)")
YEARS = (2012, 2022)


def _read(name: str) -> pd.DataFrame:
    f = resources.files("alcarbon") / "data" / "chain" / "sourced" / name
    with f.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, comment="#", dtype={"year": "Int64"})


def parameters(year: int, table: pd.DataFrame | None = None) -> dict[str, float]:
    """Parameter -> value for ``year`` (a year row wins over a blank-year row)."""
    t = _read("national_case.csv") if table is None else table
    rows = t[t["year"].isna() | (t["year"] == year)].sort_values("year", na_position="first")
    out = dict(zip(rows["parameter"], rows["value"].astype(float), strict=True))
    if year not in set(t["year"].dropna()):
        raise InputError(f"no national case for {year}", where="national_case.csv",
                         expected="one of " + ", ".join(str(y) for y in YEARS))
    return out


def breakdown(p: dict[str, float], gwp_set: str = "AR6") -> dict[str, float]:
    """Chain electricity (kWh/t Al) and the non-electricity emissions per t Al by part."""
    from alcarbon.gwp import get_gwp_set

    g = get_gwp_set(gwp_set)
    a, b, n = p["alumina_per_al"], p["bauxite_per_alumina"], p["anode_per_al"]
    return {
        "kwh": p["smelting_kwh"] + a * (p["alumina_kwh"] + b * p["bauxite_kwh"])
        + n * p["anode_kwh"],
        "anode_co2": n * (100 - p["anode_sulfur_pct"] - p["anode_ash_pct"]) / 100 * 44 / 12,
        "pfc": (p["cf4_kg"] * g.factor("CF4") + p["c2f6_kg"] * g.factor("C2F6")) / 1000,
        "alumina_fuel": a * p["alumina_gas_gj"] * p["ef_natural_gas"],
        "alumina_materials": a * (p["caustic_soda_t"] * p["ef_caustic_soda"]
                                  + p["quicklime_t"] * p["ef_quicklime"]),
        "bauxite_fuel": a * b * p["bauxite_diesel_gj"] * p["ef_diesel"],
        "anode_fuel": n * (p["anode_fuel_oil_t"] * p["ef_fuel_oil"]
                           + p["anode_coal_gas_nm3"] * p["ef_coke_oven_gas"]),
        "anode_process": n * p["anode_process_co2"],
    }


def national_case(gwp_set: str = "AR6") -> pd.DataFrame:
    """Per year and electricity basis: EF, chain kWh, non-electricity part, intensity, the
    paper's value, the difference and the factor that would reproduce the paper."""
    elec = _read("national_case_electricity.csv")
    rows = []
    for year in YEARS:
        part = breakdown(parameters(year), gwp_set)
        kwh = part.pop("kwh")
        other = sum(part.values())
        implied = (PAPER[year] - other) / kwh
        for r in elec[elec["year"] == year].itertuples(index=False):
            i = kwh * r.factor / 1000 + other
            rows.append({"year": year, "basis": r.basis, "ef_kg_per_kwh": r.factor,
                         "chain_kwh_per_t": kwh, "non_electric_t": other,
                         "electric_t": kwh * r.factor / 1000, "intensity_t": i,
                         "paper_t": PAPER[year], "difference_t": i - PAPER[year],
                         "paper_implied_ef": implied * 1000, "source": r.source})
        rows.append({"year": year, "basis": "paper_implied", "ef_kg_per_kwh": implied * 1000,
                     "chain_kwh_per_t": kwh, "non_electric_t": other,
                     "electric_t": kwh * implied, "intensity_t": PAPER[year],
                     "paper_t": PAPER[year], "difference_t": 0.0,
                     "paper_implied_ef": implied * 1000,
                     "source": "back-calculated: (paper - non-electric) / chain kWh"})
    df = pd.DataFrame(rows)
    if not np.isfinite(df["intensity_t"]).all():
        raise InputError("national case parameter missing", where="national_case.csv")
    return df
