"""CBAM summary: direct/indirect split and reconciliation derived by hand (conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.engine import calculate
from alcarbon.exchange import cbam


def _recon(out):
    return {r["item"]: r["t_co2e"] for r in out["reconciliation"]}


def test_toy_by_hand(rep_toy, rep_toy_cfp):
    out = cbam.cbam_summary(rep_toy, calculate(rep_toy), "liquid_aluminium")
    anode = 0.4 * 0.976 * 44 / 12
    # PFC at the CBAM GWP (2023/1773 Annex VIII = IPCC AR5), not the study's AR6:
    # 0.1 kg CF4/t x 6630 + 0.01 kg C2F6/t x 11100 = 0.663 + 0.111 = 0.774 t CO2e/t
    pfc_ar5 = 0.1e-3 * 6630 + 0.01e-3 * 11100
    assert out["gwp_set_pfc"] == "AR5" and out["gwp_pfc"] == {"CF4": 6630, "C2F6": 11100}
    assert out["direct"]["process_co2"] == pytest.approx(anode, abs=1e-6)
    assert out["direct"]["pfc_co2e"] == pytest.approx(pfc_ar5, abs=1e-6)
    assert out["direct"]["cf4_t"] == pytest.approx(0.1e-3, abs=1e-9)
    assert out["direct"]["total"] == pytest.approx(anode + pfc_ar5, abs=1e-6)
    # electricity: 13,500 kWh x 0.8 kg, reported separately
    assert out["indirect"]["t_co2e"] == pytest.approx(10.8, abs=1e-6)
    assert out["indirect"]["electricity_kwh"] == pytest.approx(13_500, abs=1e-6)
    assert out["indirect"]["ef_kg_per_kwh"] == pytest.approx(0.8, abs=1e-6)
    r = _recon(out)
    assert r["cfp_cradle_to_gate"] == pytest.approx(rep_toy_cfp, abs=1e-6)
    assert r["minus_upstream_materials_fuels_transport"] == pytest.approx(-1.92, abs=1e-6)
    # AR6 -> AR5 for the PFC: 0.774 - 0.862 = -0.088
    assert r["pfc_gwp_AR6_to_AR5"] == pytest.approx(pfc_ar5 - 0.862, abs=1e-6)
    assert sum(v for k, v in r.items() if not k.startswith("cbam_")) == pytest.approx(
        r["cbam_direct"] + r["cbam_indirect_electricity"], abs=1e-9)


def test_ch4_and_n2o_are_not_cbam_gases(rep_toy):
    d = rep_toy.model_dump()
    d["units"][0]["outputs"].append({"flow": "stack_ch4", "amount": 0.1, "unit": "t",
                                     "kind": "emission", "gas": "CH4"})
    s = type(rep_toy).model_validate(d)
    out = cbam.cbam_summary(s, calculate(s), "liquid_aluminium")
    # 0.1 t CH4 / 100 t = 0.001 t/t x 27.9 (AR6, the CFP's set) = 0.0279 t CO2e/t, excluded
    r = _recon(out)
    assert r["minus_non_cbam_gases"] == pytest.approx(-0.0279, abs=1e-6)
    assert out["direct"]["fuel_combustion_co2"] == 0.0
    assert out["direct"]["total"] == pytest.approx(
        0.4 * 0.976 * 44 / 12 + 0.1e-3 * 6630 + 0.01e-3 * 11100, abs=1e-6)


def test_captive_power_is_indirect(rep_toy_captive):
    out = cbam.cbam_summary(rep_toy_captive, calculate(rep_toy_captive), "liquid_aluminium")
    # combustion CO2 of 6.75 t coal/t: 6.75 x 20 x 0.025 x 44/12; its upstream 0.675 excluded
    assert out["indirect"]["t_co2e"] == pytest.approx(6.75 * 20 * 0.025 * 44 / 12, abs=1e-6)
    assert _recon(out)["minus_upstream_materials_fuels_transport"] == pytest.approx(
        -(1.92 + 0.675), abs=1e-6)


@pytest.mark.parametrize("example", ["coal_captive_smelter", "hydro_smelter_yunnan"])
def test_reconciliation_rows_sum(example):
    from alcarbon.inventory import load_study

    s = load_study(Path(__file__).parents[2] / "examples" / f"{example}.yaml")
    res = calculate(s)
    out = cbam.cbam_summary(s, res)
    r = _recon(out)
    assert r["cfp_cradle_to_gate"] == pytest.approx(res.products["aluminium_ingot"].cfp, abs=1e-5)
    lhs = sum(v for k, v in r.items() if not k.startswith("cbam_"))
    assert lhs == pytest.approx(r["cbam_direct"] + r["cbam_indirect_electricity"], abs=1e-9)
    assert r["minus_alumina_and_bauxite"] < 0  # the refinery is outside the CBAM boundary


def test_only_unwrought_aluminium(rep_toy):
    from alcarbon.errors import InputError

    with pytest.raises(InputError):
        cbam.cbam_summary(rep_toy, calculate(rep_toy), "alumina")


def test_boundary_lists_only_the_study_units_and_labels_the_indirect_factor(rep_toy):
    """rep_toy has no anode unit: the boundary is electrolysis alone (casting and
    anode_production are not in the study). Its electricity is a direct line at 0.8 kg/kWh on
    the life-cycle basis: indirect = 13,500 x 0.8e-3 = 10.8 t, labelled with that factor's own
    id and basis (supplier:line, life_cycle), not as something else."""
    out = cbam.cbam_summary(rep_toy, calculate(rep_toy), "liquid_aluminium")
    assert out["boundary_units"] == ["electrolysis"]
    assert out["anode_production_included"] is False
    (part,) = out["indirect"]["factors"]
    assert (part["factor_id"], part["basis"]) == ("supplier:line", "life_cycle")
    assert part["t_co2"] == pytest.approx(10.8, abs=1e-6)
    assert not any("anchors" in n for n in out["notes"])
    assert any("2023/1773" in n for n in out["notes"])


def test_life_cycle_grid_is_replaced_by_the_co2_grid_factor(rep_toy):
    """Grid supply in 内蒙古 on the life-cycle basis (period 2024: the national footprint factor):
    CBAM indirect uses the MEE CO2 factor of the region of consumption instead, of the nearest
    published year (2023: none for 2024); the swap is its own reconciliation row so the rows
    still close."""
    from alcarbon.factors import load_library

    d = rep_toy.model_dump()
    d["electricity"] = {"supplies": {"grid": {"type": "grid"}}}
    d["units"][0]["inputs"][1]["supply"] = "grid"
    s = type(rep_toy).model_validate(d)
    res = calculate(s)
    out = cbam.cbam_summary(s, res, "liquid_aluminium")
    lib = load_library()
    co2 = lib.grid("内蒙古", 2023, "combustion_co2")
    (lc,) = res.products["liquid_aluminium"].electricity["declared"]
    (part,) = out["indirect"]["factors"]
    assert (part["factor_id"], part["basis"]) == (co2.id, "combustion_co2")
    # 13,500 kWh/t x the CO2 factor (kg/kWh -> t)
    assert out["indirect"]["t_co2e"] == pytest.approx(13_500 * co2.value / 1000, abs=1e-5)
    r = _recon(out)
    assert r["indirect_grid_life_cycle_to_co2"] == pytest.approx(
        13_500 * (co2.value - lc["kg_per_kwh"]) / 1000, abs=1e-5)
    assert sum(v for k, v in r.items() if not k.startswith("cbam_")) == pytest.approx(
        r["cbam_direct"] + r["cbam_indirect_electricity"], abs=1e-5)
