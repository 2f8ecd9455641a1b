"""Casting as its own stage (GB/T 44905 5.3.3.5) and purchased heat (Appendix A energy-related).

Inputs: conftest.two_by_two plus Shandong 2022 ingot 100,000 t with, per t ingot, 50 kWh,
25 Nm3 natural gas and 0.2 GJ purchased heat. By hand:
  electricity  50 x 0.5 (Shandong 2022 grid, not the 0.65 smelting mix) / 1000 = 0.025 t
  natural gas  25 Nm3 x 389.31 GJ/10^4 Nm3 = 0.9732750 GJ (NCV, default fuel table, NDRC 2013
               aluminium guideline); CO2 = 0.973275 x 0.0153 t C/GJ x 0.99 x 44/12
               = 0.0540547 t
  heat         0.2 GJ x 0.11 t CO2/GJ (heat.mee_default)                      = 0.022 t
  energy       50 x 0.0036 + 0.973275 + 0.2 = 1.353275 GJ per t ingot
Attributed per t Al of Shandong 2022: casting total / 300,000 t primary.
"""

from __future__ import annotations

import pytest

from alcarbon.chain.attribution import attributed
from alcarbon.chain.indicators import national_series
from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.errors import BasisError

NG_GJ = 25 * 389.31 / 1e4
NG_CO2 = NG_GJ * 0.0153 * 0.99 * 44 / 12
CAST = 0.025 + NG_CO2 + 0.2 * 0.11
ANODE = 0.3904 * 11 / 3
PFC = 0.0143e-3 * 7380 + 0.0017303e-3 * 12400


def _with_casting(t: dict, heat_factor: list | None = None) -> dict:
    t["production"].append(["山东", 2022, "aluminium_ingot", 100_000, "t", "test"])
    t["parameters"] += [["", "", "casting", "electricity", 50, "kWh/t", "test"],
                        ["", "", "casting", "fuel.natural_gas", 25, "Nm3/t", "test"],
                        ["", "", "casting", "heat", 0.2, "GJ/t", "test"]]
    if heat_factor:
        t["parameters"].append(heat_factor)
    return t


def test_casting_stage_with_heat_from_library(tmp_path, tables, write):
    res = compute(read_chain_data(write(tmp_path / "d", _with_casting(tables))))
    e = res.emissions
    cast = e[e["stage"] == "casting"]
    assert cast["tco2e"].sum() == pytest.approx(100_000 * CAST, rel=1e-12)
    by_flow = cast.groupby("flow")["t"].sum()
    assert by_flow["heat"] == pytest.approx(2_200, rel=1e-12)  # 100,000 x 0.2 x 0.11
    assert set(cast[cast["flow"] == "heat"]["category"]) == {"energy"}
    k = res.grid.positions("shandong", 2022)[0]
    assert res.energy["casting"][k] == pytest.approx(100_000 * (0.18 + NG_GJ + 0.2), rel=1e-12)
    # Electrolysis is unchanged: 300,000 x (8.45 + anode + PFC)
    assert res.stage_tco2e()["electrolysis"][k] == pytest.approx(
        300_000 * (8.45 + ANODE + PFC), rel=1e-12)
    at = attributed(res).set_index(["province", "year"])
    assert at.loc[("shandong", 2022), "tco2e_per_t_casting"] == pytest.approx(
        100_000 * CAST / 300_000, rel=1e-12)
    nat = national_series(res).set_index("year")
    assert nat.loc[2022, "casting"] == pytest.approx(100_000 * CAST, rel=1e-12)
    assert nat.loc[2021, "casting"] == 0


def test_supplied_heat_factor(tmp_path, tables, write):
    # heat_factor 80 kg/GJ -> 0.08 t/GJ: heat 100,000 x 0.2 x 0.08 = 1,600 t
    t = _with_casting(tables, ["山东", 2022, "casting", "heat_factor", 80, "kg/GJ", "test"])
    e = compute(read_chain_data(write(tmp_path / "d", t))).emissions
    assert e[e["flow"] == "heat"]["t"].sum() == pytest.approx(1_600, rel=1e-12)


def test_life_cycle_set_refuses_combustion_heat_default(tmp_path, tables, write):
    t = _with_casting(tables)
    for row in t["electricity"]:
        row[2] = "life_cycle"
    with pytest.raises(BasisError, match=r"heat_factor"):
        compute(read_chain_data(write(tmp_path / "d", t)))
