"""Large systems (sparse path), memoisation that does not leak between studies, and no
close-match search on the normal path. Expected values are derived by hand below."""

from __future__ import annotations

import copy

import pytest

from alcarbon.engine import calculate, solve
from alcarbon.inventory.io_yaml import study_from_data

from .conftest import user_factor


def chain(n: int, mat_factor: float = 1.0) -> dict:
    """n units in a line: unit k makes 1,000 t of part_k from 500 t of part_{k-1} and 1 t of
    'mat' (user factor ``mat_factor`` t CO2e/t); the last unit casts 1,000 t of ingot.

    Per t ingot: s_{n-1} = 1/1000 and s_{k-1} = 0.5 s_k, so s_k = 0.001 x 0.5^(n-1-k) and
    cfp = mat_factor x 0.001 x sum_{i<n} 0.5^i = mat_factor x 0.001 x (2 - 2^(1-n)).
    """
    units = []
    for k in range(n):
        last = k == n - 1
        inputs = [{"flow": "mat", "amount": 1.0, "unit": "t", "kind": "material",
                   "factor": "t.mat"}]
        if k:
            inputs.append({"flow": f"part_{k - 1}", "amount": 500.0, "unit": "t",
                           "kind": "intermediate"})
        units.append({"id": "casting" if last else f"u{k}", "inputs": inputs,
                      "outputs": [{"flow": "aluminium_ingot" if last else f"part_{k}",
                                   "amount": 1000.0, "unit": "t"}]})
    return {"title": f"chain {n}", "period": {"start": "2023-01-01", "end": "2023-12-31"},
            "declared_products": ["aluminium_ingot"],
            "factors": [user_factor("t.mat", mat_factor, "t")], "units": units}


def chain_cfp(n: int, f: float = 1.0) -> float:
    return f * 0.001 * (2 - 2.0 ** (1 - n))


@pytest.mark.parametrize("n", [3, solve.DENSE_MAX + 30])
def test_chain_by_hand(n):
    p = calculate(study_from_data(chain(n))).products["aluminium_ingot"]
    assert p.cfp == pytest.approx(chain_cfp(n), rel=1e-12)
    assert sum(s.t_co2e for s in p.stages()) == pytest.approx(chain_cfp(n), rel=1e-12)


def test_sparse_path_equals_dense_path(monkeypatch):
    n = solve.DENSE_MAX + 30  # above the threshold: sparse LU and sparse attribution
    study = study_from_data(chain(n))
    sparse = calculate(study).products["aluminium_ingot"]
    monkeypatch.setattr(solve, "DENSE_MAX", 10**6)
    dense = calculate(study).products["aluminium_ingot"]
    assert len(sparse.contributions) == len(dense.contributions) == n
    for a, b in zip(sparse.contributions, dense.contributions, strict=True):
        assert (a.unit, a.stage, a.flow, a.item) == (b.unit, b.stage, b.flow, b.item)
        assert a.t_co2e == pytest.approx(b.t_co2e, rel=1e-12)


def test_singular_large_system_is_refused():
    from alcarbon.errors import CalculationError

    n = solve.DENSE_MAX + 5
    d = chain(n)
    # a loop next to the casting unit: u(n-3) takes 1000 t part_(n-2) per 1000 t it makes and
    # u(n-2) 2000 t part_(n-3) per 1000 t, so for those two rows s_a = 2 s_b and
    # -1000 s_a + 1000 s_b = 500 s_cast: s_b = -0.5 s_cast < 0 (negative scale)
    d["units"][n - 3]["inputs"].append({"flow": f"part_{n - 2}", "amount": 1000.0,
                                        "unit": "t", "kind": "intermediate"})
    d["units"][n - 2]["inputs"][1]["amount"] = 2000.0
    with pytest.raises(CalculationError):
        calculate(study_from_data(d))


def test_two_studies_in_one_process_keep_their_own_results():
    a, b = study_from_data(chain(4, 1.0)), study_from_data(chain(4, 3.0))
    ra = calculate(a).products["aluminium_ingot"].cfp
    rb = calculate(b).products["aluminium_ingot"].cfp
    assert ra == pytest.approx(chain_cfp(4, 1.0), rel=1e-12)  # 0.001 x 1.875
    assert rb == pytest.approx(chain_cfp(4, 3.0), rel=1e-12)  # 0.001 x 5.625
    assert calculate(a).products["aluminium_ingot"].cfp == pytest.approx(ra, rel=1e-15)


def test_mutating_a_study_factor_changes_the_result():
    study = study_from_data(chain(4, 1.0))
    assert calculate(study).products["aluminium_ingot"].cfp == pytest.approx(
        chain_cfp(4, 1.0), rel=1e-12)
    # factors are frozen models: the same study object gets a changed factor in its list
    study.factors[0] = study.factors[0].model_copy(update={"value": 2.0})
    assert calculate(study).products["aluminium_ingot"].cfp == pytest.approx(
        chain_cfp(4, 2.0), rel=1e-12)


def test_process_method_memo_follows_the_datum(toy):
    # anode CO2 per t Al = NAC x (100 - 2 - 0.4)/100 x 44/12 (defaults S 2 %, ash 0.4 %)
    other = copy.deepcopy(toy)
    other["units"][2]["process_emissions"]["anode_consumption"]["net_anode_t_per_t"] = 0.5
    for d, nac in ((toy, 0.4), (other, 0.5), (toy, 0.4)):
        p = calculate(study_from_data(d)).products["liquid_aluminium"]
        anode = sum(c.t_co2e for c in p.contributions if c.flow == "anode_consumption")
        assert anode == pytest.approx(nac * 0.976 * 44 / 12, rel=1e-9)


def test_no_close_match_search_on_the_normal_path(monkeypatch):
    from alcarbon.factors import library

    def boom(*_a, **_k):
        raise AssertionError("close-match search outside an error path")

    monkeypatch.setattr(library, "_close", boom)
    p = calculate(study_from_data(chain(5))).products["aluminium_ingot"]
    assert p.cfp == pytest.approx(chain_cfp(5), rel=1e-12)


def test_gc_freeze_is_undone_and_respects_an_existing_freeze():
    import gc

    from alcarbon.engine.calculate import FREEZE_MIN_UNITS

    study = study_from_data(chain(FREEZE_MIN_UNITS + 1))
    assert gc.get_freeze_count() == 0
    calculate(study)
    assert gc.get_freeze_count() == 0  # unfrozen after the call
    gc.freeze()  # e.g. a pre-fork server froze its start-up objects
    try:
        calculate(study)
        # still frozen (our unfreeze would empty it; frozen objects may still die by refcount)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_cycle_made_during_a_large_calculation_is_still_collected(monkeypatch):
    """The objects made during a large calculation join the oldest generation (session 19):
    a reference cycle made then is still freed by a full collection, and automatic collection
    is on again afterwards."""
    import gc
    import importlib
    import weakref

    calc_mod = importlib.import_module("alcarbon.engine.calculate")  # the module, not the function

    class Node:
        pass

    refs = []
    check_basis = calc_mod._check_basis

    def with_cycle(*args):
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: freed by the collector only, never by refcount
        refs.append(weakref.ref(a))
        return check_basis(*args)

    monkeypatch.setattr(calc_mod, "_check_basis", with_cycle)
    study = study_from_data(chain(calc_mod.FREEZE_MIN_UNITS + 1))
    calculate(study)
    assert len(refs) == 1 and gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect()
    assert refs[0]() is None


def _thin_chain(n: int) -> dict:
    """chain(n) with 1 t of part_{k-1} per 1,000 t of part_k: s_k = 0.001^(n-k), so the first
    units run at scales near 1e-3n (1e-120 for n = 40; 1e-300-ish is avoided: n <= 90)."""
    d = chain(n)
    for u in d["units"][1:]:
        u["inputs"][1]["amount"] = 1.0
    return d


@pytest.mark.parametrize("n", [40, 90])
def test_thin_chain_by_hand(n):
    # cfp = sum_{i<n} 1 t mat x 1 t CO2e/t x s_{n-1-i} = sum_{i=1..n} 0.001^i
    #     = 0.001 (1 - 0.001^n) / (1 - 0.001) = 0.001 / 0.999 to double precision
    p = calculate(study_from_data(_thin_chain(n))).products["aluminium_ingot"]
    assert p.cfp == pytest.approx(0.001 / 0.999, rel=1e-12)


@pytest.mark.parametrize("n,dense", [(40, True), (solve.DENSE_MAX + 30, False)])
def test_negative_scale_loop_deep_in_a_chain_is_refused(n, dense, monkeypatch):
    from alcarbon.errors import CalculationError

    if n > 90:  # the sparse path: keep the scales representable with the 0.5 chain
        d = chain(n)
        r = 500.0
    else:
        d = _thin_chain(n)
        r = 1.0
    # the loop at the far end of the chain: u0 takes 1000 t part_1 per 1000 t it makes, u1 takes
    # 2000 t part_0 per 1000 t. Rows: part_0: 1000 s0 - 2000 s1 = 0 -> s0 = 2 s1; part_1:
    # 1000 s1 - 1000 s0 - r s2 = 0 -> s1 = -r s2 / 1000 < 0 while s2 > 0 (s2 is about 1e-114
    # for n = 40 thin, 0.001 x 0.5^(n-3) ~ 1e-72 for the long chain): a negative scale that
    # the old absolute floor 1e-9 x max(1, |S|max) = 1e-9 could not see.
    d["units"][0]["inputs"].append({"flow": "part_1", "amount": 1000.0, "unit": "t",
                                    "kind": "intermediate"})
    d["units"][1]["inputs"][1]["amount"] = 2000.0
    assert d["units"][2]["inputs"][1]["amount"] == r
    assert (n <= solve.DENSE_MAX) is dense
    with pytest.raises(CalculationError, match="negative scale"):
        calculate(study_from_data(d))
