"""One-at-a-time, alternatives and Sobol' indices, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from alcarbon.uncertainty import alternatives, one_at_a_time, sobol, sobol_indices


def test_oat_by_hand(tiny):
    rows = one_at_a_time(tiny(), delta=0.10)
    by = {r.param: r for r in rows}
    # 4.95 t/t scaled by 0.9 and 1.1: 4.455 and 5.445, swing 0.99, for the electricity datum,
    # its factor, and the 1 t liquid aluminium per t ingot link
    for key in ("activity:electrolysis/inputs/0", "factor:supplier:line",
                "technosphere:casting/inputs/0"):
        assert by[key].low == pytest.approx(4.455) and by[key].high == pytest.approx(5.445)
        assert by[key].swing == pytest.approx(0.99) and by[key].elasticity == pytest.approx(1.0)
    assert by["technosphere:casting/inputs/0"].kind == "technosphere"
    assert [r.swing for r in rows] == sorted((r.swing for r in rows), reverse=True)


def test_oat_link_is_nonlinear(tiny):
    # 1.2 t liquid Al per t ingot: CFP = 4.95 x 1.2 x m; OAT +-20 % on the link: 4.752 .. 7.128
    s = tiny()
    s.units[1].inputs[0].amount = 1200.0
    r = {x.param: x for x in one_at_a_time(s, delta=0.2)}["technosphere:casting/inputs/0"]
    assert r.base == pytest.approx(5.94)
    assert (r.low, r.high) == (pytest.approx(4.752), pytest.approx(7.128))


def test_alternatives_gwp_by_hand(tiny):
    # measured CF4 0.1 t per 1000 t: 0.0001 t/t x 7380 (AR6) = 0.738; x 6630 (AR5) = 0.663
    rows = {r.name: r for r in alternatives(tiny(cf4_t=0.1))}
    assert rows["base"].cfp == pytest.approx(4.95 + 0.738)
    assert rows["gwp_AR5"].cfp == pytest.approx(4.95 + 0.663)
    assert rows["gwp_AR5"].delta == pytest.approx(-0.075)
    assert rows["gwp_AR5"].delta_pct == pytest.approx(-7.5 / 5.688)
    assert rows["electricity_location_based"].delta == pytest.approx(0.0)  # direct line both


def test_alternatives_of_hydro_example(hydro):
    from alcarbon.engine import calculate

    rows = {r.name: r for r in alternatives(hydro)}
    res = calculate(hydro).products["aluminium_ingot"]
    assert rows["electricity_location_based"].cfp == pytest.approx(res.cfp_location_based)
    assert {"allocation_mass", "electricity_all_grid", "gwp_AR5"} <= set(rows)
    assert "allocation_economic" not in rows  # no prices: not computable, left out


def test_sobol_additive_toy_matches_analytic():
    # Y = 1 z1 + 2 z2 + 3 z3, z standard normal: S1_i = ST_i = a_i^2 / 14
    res = sobol_indices(lambda Z: Z @ np.array([1.0, 2.0, 3.0]), ["a", "b", "c"], n=4096, seed=1)
    expected = np.array([1.0, 4.0, 9.0]) / 14.0
    assert np.allclose(res.S1, expected, atol=0.03)
    assert np.allclose(res.ST, expected, atol=0.03)


def test_sobol_on_study_ranks_the_dominant_input(tiny):
    # sigma: activity ln 1.25 = 0.223, factor 0.0245: the activity carries ~99 % of the variance
    res = sobol(tiny(), top_n=2, n=512, seed=0)
    assert res.names[0] == "activity:electrolysis/inputs/0"
    assert res.S1[0] == pytest.approx(0.99, abs=0.05)


def test_oat_of_the_anode_input_moves_the_derived_anode_co2(rep_toy, rep_toy_cfp):
    from alcarbon.engine import calculate
    from alcarbon.uncertainty.model import build_model

    d = rep_toy.model_dump()
    u = d["units"][0]
    u["process_emissions"]["anode_consumption"]["net_anode_t_per_t"] = None
    u["inputs"].append({"flow": "prebaked_anode", "amount": 50.0, "unit": "t",
                        "kind": "material", "supplier_cfp": {"value": 0.9, "source": "test"}})
    u["outputs"].append({"flow": "anode_butts", "amount": 10.0, "unit": "t", "kind": "recycled"})
    s = type(rep_toy).model_validate(d)
    r = calculate(s)
    # NAC = (50 - 10) / 100 = 0.4 t/t as in the toy: same anode CO2 1.4314667; plus the anode's
    # supplier footprint 0.5 t/t x 0.9 = 0.45
    anode_co2 = 0.4 * 0.976 * 44 / 12
    assert r.products["liquid_aluminium"].cfp == pytest.approx(rep_toy_cfp + 0.45, abs=1e-9)
    row = next(x for x in one_at_a_time(s, r) if x.param == "activity:electrolysis/inputs/2")
    # +10 % anode in: 55 t, NAC (55 - 10) / 100 = 0.45 (+12.5 %) -> CO2 x 1.125;
    # supplier part 0.45 x 1.1. high - base = 0.045 + 0.125 x 1.4314667 = 0.2239333
    assert row.high - row.base == pytest.approx(0.045 + 0.125 * anode_co2, abs=1e-9)
    assert row.base - row.low == pytest.approx(0.045 + 0.125 * anode_co2, abs=1e-9)
    # the static result is unchanged by the link
    assert build_model(s, r).base[0] == pytest.approx(rep_toy_cfp + 0.45, abs=1e-9)
    # a given net_anode_t_per_t does not depend on the anode input: only the supplier part moves
    d["units"][0]["process_emissions"]["anode_consumption"]["net_anode_t_per_t"] = 0.4
    s2 = type(rep_toy).model_validate(d)
    row2 = next(x for x in one_at_a_time(s2) if x.param == "activity:electrolysis/inputs/2")
    assert row2.high - row2.base == pytest.approx(0.045, abs=1e-9)


def test_derived_anode_link_resolves_flow_aliases(rep_toy, rep_toy_cfp):
    """The same case with the butts written 残极 and the anodes 预焙阳极 (catalogue aliases):
    the engine and the uncertainty model both read NAC = (50 - 10)/100 = 0.4, so the OAT swing
    is again 0.045 + 0.125 x 1.4314667 (see the test above)."""
    from alcarbon.engine import calculate

    d = rep_toy.model_dump()
    u = d["units"][0]
    u["process_emissions"]["anode_consumption"]["net_anode_t_per_t"] = None
    u["inputs"].append({"flow": "预焙阳极", "amount": 50.0, "unit": "t", "kind": "material",
                        "supplier_cfp": {"value": 0.9, "source": "test"}})
    u["outputs"].append({"flow": "残极", "amount": 10.0, "unit": "t", "kind": "recycled"})
    s = type(rep_toy).model_validate(d)
    r = calculate(s)
    assert r.products["liquid_aluminium"].cfp == pytest.approx(rep_toy_cfp + 0.45, abs=1e-9)
    row = next(x for x in one_at_a_time(s, r) if x.param == "activity:electrolysis/inputs/2")
    assert row.high - row.base == pytest.approx(0.045 + 0.125 * 0.4 * 0.976 * 44 / 12, abs=1e-9)
