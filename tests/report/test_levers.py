"""What-if levers: savings derived by hand from the rep_toy studies (see conftest.py)."""

from __future__ import annotations

import pytest

from alcarbon.engine import calculate
from alcarbon.report import levers


def _by_id(rows):
    return {r["id"]: r for r in rows}


def test_toy_levers_by_hand(rep_toy):
    rows = _by_id(levers.evaluate(rep_toy, calculate(rep_toy), "liquid_aluminium"))
    # hydro 50 %: 6,750 kWh/t move from 0.8 to 0.0141 kg/kWh -> 6750 x 0.7859 / 1000
    assert rows["hydro_share"]["saving"] == pytest.approx(6750 * (0.8 - 0.0141) / 1000, abs=1e-6)
    # anode effect halved: 0.5 x 0.862
    assert rows["anode_effect"]["saving"] == pytest.approx(0.431, abs=1e-6)
    # net anode -5 %: 0.05 x 0.4 x 0.976 x 44/12 (no anode plant in the rep_toy)
    assert rows["net_anode"]["saving"] == pytest.approx(0.05 * 0.4 * 0.976 * 44 / 12, abs=1e-6)
    # the rep_toy pots already take purchased alumina (192 t at a supplier CFP of 1.0 t/t, see
    # conftest): "buy alumina" is no change for this plant, and a supplier switch needs a real
    # offer, not the CPCD literature value -> not applicable, no number
    assert rows["alumina_supplier"]["applicable"] is False
    assert rows["alumina_supplier"]["saving"] is None
    assert rows["alumina_supplier"]["reason_zh"].startswith("氧化铝已为外购")
    # no captive plant: not applicable, with the reason, and no number
    assert rows["captive_to_grid"]["applicable"] is False
    assert rows["captive_to_grid"]["saving"] is None
    assert "captive" in rows["captive_to_grid"]["reason"]


def test_captive_to_grid_by_hand(rep_toy_captive):
    res = calculate(rep_toy_captive)
    rows = _by_id(levers.evaluate(rep_toy_captive, res, "liquid_aluminium"))
    # captive: 6.75 t coal/t x (20 x 0.025 x 44/12 + 0.1) = 13.05 CO2 and upstream, plus CH4
    # and N2O of a power plant (IPCC 2006 Vol.2 Table 2.2, coal 1 and 1.5 kg/TJ): 6.75 x 20 GJ
    # = 0.135 TJ x (27.9 + 1.5 x 273 = 437.4 kg CO2e/TJ) = 0.059049 -> 13.109049;
    # grid: 13,500 x 0.5777 kg (2024 national electricity footprint factor) = 7.79895
    captive = 13.05 + 0.059049
    assert rows["captive_to_grid"]["saving"] == pytest.approx(captive - 7.79895, abs=1e-6)
    assert rows["captive_to_grid"]["cfp_after"] == pytest.approx(
        res.products["liquid_aluminium"].cfp - (captive - 7.79895), abs=1e-6)


def test_levers_do_not_modify_the_study(rep_toy):
    before = rep_toy.model_dump()
    levers.evaluate(rep_toy, calculate(rep_toy), "liquid_aluminium")
    assert rep_toy.model_dump() == before


@pytest.mark.parametrize("example", ["coal_captive_smelter", "hydro_smelter_yunnan"])
def test_examples_anode_effect_lever(example):
    from pathlib import Path

    from alcarbon.inventory import load_study

    s = load_study(Path(__file__).parents[2] / "examples" / f"{example}.yaml")
    rows = _by_id(levers.evaluate(s, calculate(s), "aluminium_ingot"))
    # both examples: CF4 0.0701 and C2F6 0.00406 kg/t (guideline), halved, AR6 7380 / 12400
    assert rows["anode_effect"]["saving"] == pytest.approx(
        0.5 * (0.0701 * 7380 + 0.00406 * 12400) / 1000, abs=1e-6)
    assert rows["captive_to_grid"]["applicable"] is (example == "coal_captive_smelter")


def test_alumina_lever_only_for_an_own_refinery():
    from pathlib import Path

    from alcarbon.inventory import load_study

    s = load_study(Path(__file__).parents[2] / "examples" / "coal_captive_smelter.yaml")
    res = calculate(s)
    rows = _by_id(levers.evaluate(s, res, "aluminium_ingot"))
    # the coal example refines its own alumina (unit alumina_refining feeds electrolysis), so
    # buying it instead is a real option; its assumption names the value and says it is a
    # literature value, with low confidence
    lv = rows["alumina_supplier"]
    assert lv["applicable"] is True
    assert "811.19" in lv["assumption_zh"] and "41432X0012021A" in lv["assumption_zh"]
    assert lv["confidence"] == "low"
    # every lever states an assumption and a confidence in both languages
    for r in rows.values():
        assert r["assumption_zh"] and r["assumption_en"]
        assert r["confidence"] in ("high", "medium", "low")
