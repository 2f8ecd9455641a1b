"""Session 20 speed paths of a small system, each against the general path it replaces (same
bits) or a value worked out by hand below: the stacked cubes of every declared product, a
supply attribution without LAPACK when no supply unit delivers to another, the negative-scale
check entry by entry, and the demand matrix."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from alcarbon.engine import calculate, demand_vector, solve, stacked
from alcarbon.engine.cube import Cube, Layout
from alcarbon.engine.system import build, demand_matrix
from alcarbon.errors import InputError
from alcarbon.factors import load_library
from alcarbon.inventory import load_study
from alcarbon.inventory.io_yaml import study_from_data

from .test_lazy_cube import TWO
from .test_scaling_memo import _thin_chain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_ARRAYS = ("item", "col", "t_co2e", "t_gas", "activity", "foreign")


@pytest.mark.parametrize("example", ["coal_captive_smelter.yaml", "hydro_smelter_yunnan.yaml"])
@pytest.mark.parametrize("attribution", ["consumer", "own_stage"])
@pytest.mark.parametrize("convention", ["energy_in_units", "all_upstream", "none"])
def test_stacked_cubes_are_the_per_product_cubes(example, attribution, convention):
    """Every product and side: the same arrays, value for value and dtype for dtype, as a
    Layout and a Cube per product, and the same rows."""
    study = load_study(EXAMPLES / example).model_copy(update={
        "captive_attribution": attribution, "upstream_convention": convention})
    system = calculate(study).system
    F = np.column_stack([demand_vector(system, p) for p in study.declared_products])
    S = solve.scaling(system, F)
    atts = solve.attributions(system, S, attribution == "consumer")
    assert stacked.applies(system, atts)
    both = stacked.cubes(system, S, atts, convention)
    for k in range(S.shape[1]):
        layout = Layout(system, S[:, k], atts[k])
        for side, loc in ((0, False), (1, True)):
            ref, got = Cube(layout, location=loc, convention=convention), both[k][side]
            for name in _ARRAYS:
                a, b = getattr(ref, name), getattr(got, name)
                assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), (k, side, name)
            assert ref.total() == got.total()
            assert [c.to_dict() for c in ref.rows()] == [c.to_dict() for c in got.rows()]
            for field in ("stage", "unit", "category", "flow", "gas", "basis"):
                assert ref.sum_by(field) == got.sum_by(field)
    if attribution == "consumer" and example.startswith("coal"):
        assert any(len(c.foreign) for c, _cl in both)  # captive lines in their consumers


def test_direct_attribution_by_hand():
    """Captive plant (column 6) delivers 1 kWh to column 0 and 3 kWh to column 1 at scale 1:
    shares 1/4 and 3/4, no supply unit delivering to another (Q = 0): the dict directly."""
    s = np.ones(7)
    pb = solve._small_problem([6, 6], [0, 1], [-1.0, -3.0], s)
    assert pb == {6: {0: 0.25, 1: 0.75}}
    # a consumer at scale 0 receives nothing: only column 0 remains, weight 1
    s0 = np.ones(7)
    s0[1] = 0.0
    assert solve._small_problem([6, 6], [0, 1], [-1.0, -3.0], s0) == {6: {0: 1.0}}


def test_chained_supply_units_still_solved_by_hand():
    """Supply 5 delivers 1 to supply 6 and 1 to column 0; supply 6 delivers 2 to column 1
    (Q != 0: the absorbing chain). D_5 = 0.5 to column 0 + 0.5 x 1.0 via 6 to column 1;
    D_6 = 1.0 to column 1."""
    lj, lc, lv = [5, 5, 6], [6, 0, 1], [-1.0, -1.0, -2.0]
    pb = solve._small_problem(lj, lc, lv, np.ones(7))
    assert isinstance(pb, tuple)  # Q has the 5 -> 6 entry: LAPACK, not the direct dict
    att = solve._attribution_small(lj, lc, lv, np.ones(7))
    assert att.keys() == {5, 6}
    assert att[5] == pytest.approx({0: 0.5, 1: 0.5}, rel=1e-15)
    assert att[6] == pytest.approx({1: 1.0}, rel=1e-15)
    # and stacked with another demand of the same shape, the same weights
    S = np.ones((7, 2))
    got = solve.attributions(_Links(lj, lc, lv), S, True)
    assert got[0] == att and got[1] == att


def _build(study):
    lib = load_library()
    return build(study, lib.with_overrides(study.factors) if study.factors else lib)


class _Links:
    """The attributes solve.attributions reads, for the hand-made links above."""

    def __init__(self, lj: list[int], lc: list[int], lv: list[float]) -> None:
        self.__dict__["_supply_lists"] = (lj, lc, lv)


def _loop_study() -> dict:
    """The loop of test_negative_scale_loop_deep_in_a_chain_is_refused on a 12-unit thin chain:
    u0 and u1 consume each other's product faster than they make it (negative scale)."""
    d = _thin_chain(12)
    d["units"][0]["inputs"].append({"flow": "part_1", "amount": 1000.0, "unit": "t",
                                    "kind": "intermediate"})
    d["units"][1]["inputs"][1]["amount"] = 2000.0
    return d


@pytest.mark.parametrize("case", ["coal", "thin", "loop"])
def test_small_negative_check_is_the_vectorised_one(case, monkeypatch):
    if case == "coal":
        study = load_study(EXAMPLES / "coal_captive_smelter.yaml")
    else:
        study = study_from_data(_loop_study() if case == "loop" else _thin_chain(12))
    system = _build(study)
    F = demand_matrix(system, study.declared_products)
    S = solve._lu_solve(system, F)
    assert len(system.a_rows) <= solve.SMALL_TRIPLETS
    small = solve._negative(system, F, S)
    for key in ("_reach", "_abs_diag"):
        system.__dict__.pop(key, None)
    monkeypatch.setattr(solve, "SMALL_TRIPLETS", -1)
    full = solve._negative(system, F, S)
    assert small == full
    # the loop's two units are refused; the coal example's negative scales (6 entries of about
    # -1e-20 and below, none upstream of its demand) and the chain are not
    assert len(small) == (2 if case == "loop" else 0)
    if case == "coal":
        assert (S < 0).sum() > 0


def test_demand_matrix_is_the_demand_vectors():
    system = _build(load_study(EXAMPLES / "coal_captive_smelter.yaml"))
    products = ["aluminium_ingot", "alumina", "bauxite"]
    F = demand_matrix(system, products)
    ref = np.column_stack([demand_vector(system, p) for p in products])
    assert F.tobytes() == ref.tobytes()
    # 1 t in each producer's unit (t): one 1.0 per column, in the producer's row
    assert F.sum(axis=0).tolist() == [1.0, 1.0, 1.0]
    assert F[system.row("alumina"), 1] == 1.0


def test_no_declared_product_is_an_input_error():
    data = copy.deepcopy(TWO)
    data["declared_products"] = []
    with pytest.raises(InputError, match="no declared product"):
        calculate(study_from_data(data))


def test_stacked_cube_slices_when_read_and_pickles_its_own_rows():
    import pickle

    res = calculate(load_study(EXAMPLES / "coal_captive_smelter.yaml"))
    p = res.products["alumina"]
    assert "_stack" in p.cube.__dict__  # calculate read the totals only
    copy_ = pickle.loads(pickle.dumps(p))
    assert "_stack" not in copy_.cube.__dict__ and "_stack" not in p.cube.__dict__
    n = len(p.cube.item)
    for name in ("item", "col", "t_co2e", "t_gas", "activity"):
        assert getattr(copy_.cube, name).tobytes() == getattr(p.cube, name).tobytes()
        assert len(getattr(p.cube, name)) == n
    # its own rows only: the other products' rows are not in the pickle
    assert len(copy_.cube.item) < sum(len(q.cube.item) for q in res.products.values())
    assert copy_.cfp == p.cfp == sum(c.t_co2e for c in p.contributions)


def test_stacked_sides_with_different_rows(toy):
    """A certificate declared at 0 kg/kWh: its kWh have no declared footprint (no declared row)
    but a location-based one, so the two sides keep different rows; each is still the
    per-product cube."""
    from .test_declared_electricity import _split_pots

    data = _split_pots(toy, 600_000, 400_000)
    data["electricity"]["supplies"]["green"]["value"] = 0.0
    data["declared_products"] = ["liquid_aluminium", "alumina"]
    study = study_from_data(data)
    res = calculate(study)
    system = res.system
    assert not stacked._same_rows(system)
    S = solve.scaling(system, demand_matrix(system, study.declared_products))
    atts = solve.attributions(system, S, True)
    both = stacked.cubes(system, S, atts, study.upstream_convention)
    for k in range(S.shape[1]):
        layout = Layout(system, S[:, k], atts[k])
        for side, loc in ((0, False), (1, True)):
            ref = Cube(layout, location=loc, convention=study.upstream_convention)
            for name in _ARRAYS:
                assert getattr(ref, name).tobytes() == getattr(both[k][side], name).tobytes()
            assert ref.total() == both[k][side].total()
    liq = res.products["liquid_aluminium"]
    assert len(liq.cube.item) < len(liq.cube_location.item)


def test_flow_memo_is_per_library_and_bounded(monkeypatch):
    from alcarbon.engine import linectx

    study = load_study(EXAMPLES / "coal_captive_smelter.yaml")
    res = calculate(study)
    lib = load_library().with_overrides(study.factors)
    other = load_library().with_overrides(study.factors)  # another object, its own memo
    memo = linectx.library_memos(lib)[1]
    assert memo is not linectx.library_memos(other)[1]
    build(study, lib)
    # the library's own answer per name (a study's intermediate: None), nothing of the study;
    # kept as a view of the entry's own fields (linectx.Fields)
    assert memo["bauxite"].__dict__ is lib.flow_or_none("bauxite").__dict__
    assert memo["bauxite"].id == "bauxite_concentrate"
    assert memo["captive_electricity"] is None
    assert build(study, lib).items == res.system.items  # the same lines from the memo
    monkeypatch.setattr(linectx, "_FLOW_MEMO_MAX", 3)
    assert len(memo) > 3
    assert linectx.library_memos(lib)[1] == {}  # emptied past the bound


def test_direct_shares_are_the_small_problem():
    """Coal example, every declared product: the shares taken directly (each supply-consumer
    pair once, no supply unit feeding another) are _small_problem's, to the bit; a duplicate
    pair (summed by _small_problem) is not taken directly."""
    from alcarbon.engine.smallchain import direct_shares

    study = load_study(EXAMPLES / "coal_captive_smelter.yaml")
    system = calculate(study).system
    lists = solve._supply_lists(system)
    S = solve.scaling(system, demand_matrix(system, study.declared_products))
    for s in S.T.tolist():
        assert direct_shares(*lists, s) == solve._small_problem(*lists, s)
    assert direct_shares([6], [0], [-1.0], [0.0] * 7) is None  # nothing delivered
    # a pair listed twice (two inputs of one consumer): attributions sums it first
    got = solve.attributions(_Links([6, 6, 6], [0, 0, 1], [-1.0, -1.0, -2.0]),
                             np.ones((7, 1)), True)
    assert got == [{6: {0: 0.5, 1: 0.5}}]
