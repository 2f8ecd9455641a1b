"""Session 24 paths: a calculation's totals made without the row arrays (stacked._totals, the
arrays made when first read), the item t CO2e read once per system (item_lists.item_co2e), the small
scale check and the electricity snapshot's scalar test. Values worked out by hand in the
comments, or the general path they replace (same bits)."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from alcarbon.engine import calculate, solve, stacked
from alcarbon.engine.calculate import _snapshot
from alcarbon.engine.item_lists import item_co2e
from alcarbon.engine.system import demand_matrix
from alcarbon.inventory import load_study

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _item(column, activity, factor, market=None):
    return SimpleNamespace(column=column, activity=activity, factor=factor,
                           factor_market=market, gas="CO2")


def _system(market=None):
    """Columns 0 and 1 consume the product of supply column 2; the supply's items (1 and 3)
    are split by an item of column 1, so they form two runs. t CO2e per unit of scale
    (activity x factor x GWP 1): 1.0, 1.0, 3.0 (declared 1.0 with ``market``), 2.0."""
    items = [_item(0, 2.0, 0.5), _item(2, 4.0, 0.25), _item(1, 1.0, 3.0, market),
             _item(2, 1.0, 2.0)]
    return SimpleNamespace(items=items, gwp={"CO2": 1})


# scales per column (rows) under two demands (columns)
S = np.array([[1.0, 0.0], [0.5, 1.0], [2.0, 4.0]])
# demand 0: the supply column 2 reports in column 0 (a quarter) and column 1 (three quarters);
# demand 1: every column reports itself
ATTS = [{2: {0: 0.25, 1: 0.75}}, None]


def test_totals_by_hand():
    # demand 0, rows in item order, each supply item once per target (scale 2 x weight):
    #   1.0 x 1 + 1.0 x 0.5 + 1.0 x 1.5 + 3.0 x 0.5 + 2.0 x 0.5 + 2.0 x 1.5 = 8.5
    # demand 1: 1.0 x 0 + 1.0 x 4 + 3.0 x 1 + 2.0 x 4 = 15.0
    assert stacked._totals(_system(), S, ATTS) == [(8.5, 8.5), (15.0, 15.0)]
    # a market factor of 1.0 on item 2: its declared term 1.0 x 0.5 (demand 0), 1.0 x 1
    # (demand 1): 7.5 and 13.0 declared, the location-based totals as before
    assert stacked._totals(_system(market=1.0), S, ATTS) == [(7.5, 8.5), (13.0, 15.0)]
    # an attribution with more targets in one demand: the other demands' padding adds 0.0
    atts = [{2: {0: 0.5, 1: 0.25, 2: 0.25}}, {2: {1: 1.0}}]
    # demand 0: 1 + (1.0 + 0.5 + 0.5) + 1.5 + (2.0 + 1.0 + 1.0) = 8.5
    # demand 1: 0 + 4 + 3 + 8 = 15.0
    assert stacked._totals(_system(), S, atts) == [(8.5, 8.5), (15.0, 15.0)]


def test_totals_not_finite_is_none():
    # an item whose footprint overflows to inf, at zero scale under demand 1: the rows leave
    # it out, the sum here would add inf x 0 = NaN, so the arrays' sums decide (None here)
    system = _system()
    system.items[0].factor = 1e308
    system.items[0].activity = 1e308
    with np.errstate(over="ignore", invalid="ignore"):  # as stacked.cubes calls it
        assert stacked._totals(system, S, ATTS) is None
    assert stacked._totals(SimpleNamespace(items=[], gwp={}), S, ATTS) is None


def test_item_co2e_converts_as_numpy():
    system = _system()
    cols, decl, loc = item_co2e(system)
    assert cols.tolist() == [0, 2, 1, 2] and decl is loc  # no market factor: one array
    assert loc.tolist() == [1.0, 1.0, 3.0, 2.0] and loc.dtype == np.float64
    assert item_co2e(system) is item_co2e(system)  # once per system
    # int activity, factor and GWP: floats, 3 x 2 x 1 = 6.0 (the declared side apart)
    ints = SimpleNamespace(items=[_item(0, 3, 2)], gwp={"CO2": 1})
    _c, d, loc = item_co2e(ints)
    assert d is not loc and d.tolist() == loc.tolist() == [6.0]
    assert type(d.tolist()[0]) is float


@pytest.mark.parametrize("example", ["coal_captive_smelter.yaml", "hydro_smelter_yunnan.yaml"])
@pytest.mark.parametrize("attribution", ["consumer", "own_stage"])
def test_totals_are_the_row_sums(example, attribution):
    """Every product and side of both examples: the totals made without the arrays are the
    sums of the rows made when first read, to the bit."""
    study = load_study(EXAMPLES / example).model_copy(update={
        "captive_attribution": attribution})
    res = calculate(study)
    system = res.system
    S_ = solve.scaling(system, demand_matrix(system, study.declared_products))
    atts = solve.attributions(system, S_, attribution == "consumer")
    fast = stacked._totals(system, S_, atts)
    stack = stacked._Stack(system, S_, atts)
    assert fast == list(zip(stack.totals(False), stack.totals(True), strict=True))
    for p, (cfp, cfp_l) in zip(res.products.values(), fast, strict=True):
        assert "_stack" in p.cube.__dict__  # no row array made by calculate
        assert (p.cfp, p.cfp_location_based) == (cfp, cfp_l)
        assert p.cfp == sum(c.t_co2e for c in p.contributions)
        assert p.cfp_location_based == sum(c.t_co2e for c in p.contributions_location)


def test_snapshot_falls_back_to_a_deep_copy():
    elec = load_study(EXAMPLES / "coal_captive_smelter.yaml").electricity
    snap = _snapshot(elec)
    assert snap == elec and snap is not elec
    assert all(snap.supplies[k] is not s for k, s in elec.supplies.items())
    # a value that is not a scalar (here a list): the deep copy, the list copied too
    odd = elec.model_copy(deep=True)
    odd.__dict__["grid_year"] = [2020]
    snap = _snapshot(odd)
    assert snap.grid_year == [2020] and snap.grid_year is not odd.grid_year
    odd = elec.model_copy(deep=True)
    odd.supplies["grid"].__dict__["region"] = ["CN"]
    snap = _snapshot(odd)
    assert snap.supplies["grid"].region is not odd.supplies["grid"].region


def test_small_scale_check_refuses_only_upstream_negatives():
    """Coal example: its negative scales (about -1e-20, rounding noise) are in columns not
    upstream of their demand, so none is refused; a scale made clearly negative in a column
    upstream of demand 0 (bauxite mining, upstream of the ingot) is."""
    study = load_study(EXAMPLES / "coal_captive_smelter.yaml")
    system = calculate(copy.deepcopy(study)).system
    F = demand_matrix(system, study.declared_products)
    S_ = solve._lu_solve(system, F)
    assert (S_ < 0).any()
    assert solve._negative_small(system, F, S_) == []
    S_[0, 0] = -1e-3
    assert solve._negative_small(system, F, S_) == [0]
