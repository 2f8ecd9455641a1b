"""Anode baking through alcarbon.methods (IPCC 2006 Eqs. 4.22, 4.23), by hand.

Defaults (alcarbon.methods.DEFAULTS, IPCC 2006 via the GHG Protocol workbook / 40 CFR 98 F-2):
H_w 0.005 x GA; waste tar 0.005 x GA in Riedhammer furnaces, 0 in others; packing coke 0.015 t/t
with S 2.0 % and ash 2.5 %. 44/12 = 11/3.

Henan 2022, 100,000 t baked anode, green/baked 1.05, all defaults, grid 0.5 kg/kWh, 200 kWh/t:
  pitch volatiles (1.05 - 0.005 x 1.05 - 1 - 0) x 11/3 = 0.04475 x 11/3 = 0.1640833333 t/t
  packing coke    0.015 x (100 - 2.0 - 2.5)/100 x 11/3 = 0.014325 x 11/3 = 0.0525250000 t/t
  electricity     200 x 0.5 / 1000                                        = 0.1 t/t
Shandong 2022, 50,000 t, half Riedhammer furnaces, packing coke 20 kg/t with S 3 %, ash 1 %:
  pitch, Riedhammer (1.05 - 0.00525 - 1 - 0.00525) x 11/3 = 0.0395 x 11/3 = 0.1448333333
  pitch, other      0.1640833333 (as Henan); mix 0.5 x both               = 0.1544583333 t/t
  packing coke      0.020 x (100 - 3 - 1)/100 x 11/3 = 0.0192 x 11/3      = 0.0704 t/t
Guangxi 2022, 10,000 t, measured direct.CO2 0.130 t/t: replaces both computed sources
  -> 1,300 t CO2 of process emissions, no pitch_volatiles or packing_coke rows.
"""

from __future__ import annotations

import pytest

from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.errors import InputError

PV_OTHER = 0.04475 * 11 / 3
PV_RIED = 0.0395 * 11 / 3
PC_DEFAULT = 0.014325 * 11 / 3
PC_SD = 0.0192 * 11 / 3


def _tables():
    e = ["", "", "", "", "", ""]  # captive, hydro, other: blank
    return {
        "production": [["河南", 2022, "prebaked_anode", 100_000, "t", "test"],
                       ["山东", 2022, "prebaked_anode", 50_000, "t", "test"],
                       ["广西", 2022, "prebaked_anode", 10_000, "t", "test"]],
        "parameters": [
            ["", "", "anode_production", "electricity", 200, "kWh/t", "test"],
            ["", "", "anode_production", "green_per_baked", 1.05, "t/t", "test"],
            ["山东", "", "anode_production", "riedhammer_share", 0.5, "", "test"],
            ["山东", "", "anode_production", "packing_coke_per_baked", 20, "kg/t", "test"],
            ["山东", "", "anode_production", "packing_coke_sulfur_pct", 3, "", "test"],
            ["山东", "", "anode_production", "packing_coke_ash_pct", 1, "", "test"],
            ["广西", 2022, "anode_production", "direct.CO2", 0.130, "t/t", "test"],
        ],
        "electricity": [["", "", "combustion_co2", 0.5, *e, "test"]],
    }


def test_baking_hand_case(tmp_path, write):
    e = compute(read_chain_data(write(tmp_path / "d", _tables()))).emissions
    by = e.groupby(["province", "flow"])["t"].sum()
    assert by[("henan", "pitch_volatiles")] == pytest.approx(100_000 * PV_OTHER, rel=1e-12)
    assert by[("henan", "packing_coke")] == pytest.approx(100_000 * PC_DEFAULT, rel=1e-12)
    assert by[("shandong", "pitch_volatiles")] == pytest.approx(
        50_000 * 0.5 * (PV_RIED + PV_OTHER), rel=1e-12)
    assert by[("shandong", "packing_coke")] == pytest.approx(50_000 * PC_SD, rel=1e-12)
    gx = e[e["province"] == "guangxi"]
    assert set(gx["flow"]) == {"electricity", "direct.CO2"}
    assert gx[gx["category"] == "process"]["t"].sum() == pytest.approx(1_300, rel=1e-12)
    # Henan total: 100,000 x (0.1640833333 + 0.052525 + 0.1) = 31,660.8333 t CO2
    assert e[e["province"] == "henan"]["tco2e"].sum() == pytest.approx(
        100_000 * (PV_OTHER + PC_DEFAULT + 0.1), rel=1e-12)


def test_direct_override_is_per_province_year(tmp_path, write):
    # direct.CO2 for Guangxi 2022 only: Guangxi 2021 is computed like Henan (0.1640833 + 0.052525
    # t/t x 10,000 t = 2,166.0833 t of baking CO2).
    t = _tables()
    t["production"].append(["广西", 2021, "prebaked_anode", 10_000, "t", "test"])
    e = compute(read_chain_data(write(tmp_path / "d", t))).emissions
    gx21 = e[(e["province"] == "guangxi") & (e["year"] == 2021) & (e["category"] == "process")]
    assert gx21["t"].sum() == pytest.approx(10_000 * (PV_OTHER + PC_DEFAULT), rel=1e-12)


def test_missing_green_ratio_names_parameter(tmp_path, write):
    t = _tables()
    t["parameters"] = [r for r in t["parameters"] if r[3] != "green_per_baked"]
    with pytest.raises(InputError) as exc:
        compute(read_chain_data(write(tmp_path / "d", t)))
    msg = str(exc.value)
    # Guangxi has a measured value and needs no ratio; Henan (first in the grid) is named.
    assert "green_per_baked" in msg and "henan 2022" in msg and "no packaged default" in msg


def test_impossible_green_ratio_names_province(tmp_path, write):
    # Shandong 0.99 t green per t baked: 0.99 - 0.00495 - 1 < 0, Eq. 4.22 refuses it.
    t = _tables()
    t["parameters"].append(["山东", 2022, "anode_production", "green_per_baked", 0.99, "t/t", "x"])
    with pytest.raises(InputError, match=r"green_per_baked.*shandong 2022.*negative"):
        compute(read_chain_data(write(tmp_path / "d", t)))
