"""Data validation (7.2): balance violations are detected; sourced ranges are compared."""

from __future__ import annotations

import pytest

from alcarbon.checks.ranges import load_ranges
from alcarbon.checks.validation import AL_IN_ALUMINA, MIN_CARBON_PER_AL, validate
from alcarbon.engine import calculate


def _codes(study, severity="error"):
    return {(f.code, f.datum) for f in validate(study, calculate(study))
            if f.severity == severity}


def test_constants_by_hand():
    # 2 x 26.9815384 / (2 x 26.9815384 + 3 x 15.999) = 53.9630768 / 101.9600768
    assert AL_IN_ALUMINA == pytest.approx(0.529256, abs=1e-6)
    # 3 x 12.011 / (4 x 26.9815384) = 36.033 / 107.9261536
    assert MIN_CARBON_PER_AL == pytest.approx(0.333867, abs=1e-6)


def test_bundled_examples_have_no_balance_error(hydro, coal):
    assert _codes(hydro) == set() and _codes(coal) == set()


def test_alumina_short_of_metal_is_an_error(hydro):
    s = hydro.model_copy(deep=True)
    s.unit("electrolysis").inputs[0].amount = 900_000.0  # 476 kt Al in, 500 kt out
    f = next(f for f in validate(s, calculate(s)) if f.code == "MASS_BALANCE_AL")
    assert f.severity == "error" and f.datum == "electrolysis/inputs/0"
    assert f.value == pytest.approx(1.8)  # 900 000 / 500 000 t alumina per t Al


def test_anode_carbon_below_hall_heroult_minimum(coal):
    s = coal.model_copy(deep=True)
    # NAC 0.30 t anode/t Al: carbon at most 0.30 < 0.3339 t C/t Al
    s.unit("electrolysis").process_emissions.anode_consumption.net_anode_t_per_t = 0.30
    assert ("CARBON_BALANCE_ANODE", "electrolysis/process/anode_consumption") in _codes(s)


def test_more_ingot_than_metal(hydro):
    s = hydro.model_copy(deep=True)
    s.unit("casting").outputs[0].amount = 510_000.0  # from 500 000 t liquid aluminium
    assert ("MASS_BALANCE_CASTING", "casting/inputs/0") in _codes(s)


def test_captive_plant_above_100_percent_efficiency(coal):
    s = coal.model_copy(deep=True)
    s.unit("captive_power").inputs[0].amount = 1_000_000.0  # t coal for 7.0 TWh
    assert any(c == "ENERGY_BALANCE_CAPTIVE" for c, _ in _codes(s))


def test_range_warning_and_gross_error(hydro):
    s = hydro.model_copy(deep=True)
    el = s.unit("electrolysis").inputs[4]  # direct-line electricity, 6.0561e9 kWh of 6.729e9
    el.amount *= 1.32  # (6.0561e9 x 1.32 + 0.6729e9) / 5e5 t = 17334 kWh/t > 14800
    warn = {c for c, _ in _codes(s, "warning")}
    assert "RANGE_AC_KWH_PER_T_AL" in warn
    s.unit("electrolysis").inputs[4].unit = "MWh"  # kWh entered as MWh: x1000
    assert any(c == "RANGE_AC_KWH_PER_T_AL" for c, _ in _codes(s))


def test_every_range_has_a_source_and_order():
    for r in load_ranges():
        assert r.sources and r.low < r.high and r.confidence


def test_per_t_alumina_ranges_count_the_hydroxide_co_product(hydro):
    s = hydro.model_copy(deep=True)
    u = s.unit("alumina_refining")
    u.outputs[1].amount = 400_000.0  # aluminium hydroxide sold uncalcined (P2)
    # 2 Al(OH)3 -> Al2O3 + 3 H2O: 101.9600768 / (2 x 78.0025384) = 0.6535690 t Al2O3 per t
    # Al(OH)3; alumina equivalent 959 950 + 400 000 x 0.6535690 = 1 221 377.6 t
    eq = 959_950.0 + 400_000.0 * 0.6535690
    f = next(f for f in validate(s, calculate(s)) if f.code == "RANGE_BAUXITE_PER_T_ALUMINA")
    assert f.value == pytest.approx(2_368_916.136 / eq, rel=1e-6)  # 1.9396 t bauxite/t
    f = next(f for f in validate(s, calculate(s)) if f.code == "RANGE_ELEC_KWH_PER_T_ALUMINA")
    assert f.value == pytest.approx(239_987_500.0 / eq, rel=1e-6)  # 196.5 kWh/t
