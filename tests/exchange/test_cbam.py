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
    assert out["direct"]["process_co2"] == pytest.approx(anode, abs=1e-6)
    assert out["direct"]["pfc_co2e"] == pytest.approx(0.862, abs=1e-6)
    assert out["direct"]["cf4_t"] == pytest.approx(0.1e-3, abs=1e-9)
    assert out["direct"]["total"] == pytest.approx(anode + 0.862, abs=1e-6)
    # electricity: 13,500 kWh x 0.8 kg, reported separately
    assert out["indirect"]["t_co2e"] == pytest.approx(10.8, abs=1e-6)
    assert out["indirect"]["electricity_kwh"] == pytest.approx(13_500, abs=1e-6)
    assert out["indirect"]["ef_kg_per_kwh"] == pytest.approx(0.8, abs=1e-6)
    r = _recon(out)
    assert r["cfp_cradle_to_gate"] == pytest.approx(rep_toy_cfp, abs=1e-6)
    assert r["minus_upstream_materials_fuels_transport"] == pytest.approx(-1.92, abs=1e-6)


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
    lhs = (r["cfp_cradle_to_gate"] + r["minus_upstream_materials_fuels_transport"]
           + r["minus_alumina_and_bauxite"] + r["minus_other_units"])
    assert lhs == pytest.approx(r["cbam_direct"] + r["cbam_indirect_electricity"], abs=1e-9)
    assert r["minus_alumina_and_bauxite"] < 0  # the refinery is outside the CBAM boundary


def test_only_unwrought_aluminium(rep_toy):
    from alcarbon.errors import InputError

    with pytest.raises(InputError):
        cbam.cbam_summary(rep_toy, calculate(rep_toy), "alumina")
