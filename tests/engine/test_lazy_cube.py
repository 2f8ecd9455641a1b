"""The contribution cube kept as vectors (engine/cube.py): totals, stage and gas sums from the
vectors equal the hand-computed values and the sums over the Contribution rows; nothing is
shared between two studies or two results.

Two-unit study, by hand (per t liquid aluminium):
- electrolysis makes 50 t from 100 t alumina: 2 t alumina per t, so the refinery runs at
  s = 2 / 100 = 0.02 of its period and electrolysis at 1 / 50 = 0.02;
- refinery: reagent_x 10 t x 2 t CO2e/t x 0.02 = 0.4 t CO2e (a purchased material: upstream);
  electricity 1 000 kWh x 0.5 kg/kWh x 0.02 = 0.01 t CO2e (alumina_refining);
- electrolysis: electricity 10 000 kWh x 0.5 kg/kWh / 50 = 0.1 t CO2e (electrolysis).
cfp = 0.4 + 0.01 + 0.1 = 0.51 t CO2e; the direct line has one factor, so the location-based
result is the same.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from pathlib import Path

import pytest

from alcarbon.engine import calculate, demand_vector, solve
from alcarbon.inventory import load_study
from alcarbon.inventory.io_yaml import study_from_data

from .conftest import user_factor

COAL = Path(__file__).resolve().parents[2] / "examples" / "coal_captive_smelter.yaml"

TWO = {
    "title": "two units, hand-computed",
    "period": {"start": "2023-01-01", "end": "2023-12-31"},
    "declared_products": ["liquid_aluminium"],
    "electricity": {"supplies": {
        "line": {"type": "direct_line", "value": 0.5, "basis": "life_cycle", "source": "test"}}},
    "factors": [user_factor("test.reagent_x", 2.0, "t")],
    "units": [
        {"id": "alumina_refining",
         "inputs": [{"flow": "reagent_x", "amount": 10, "unit": "t", "kind": "material",
                     "factor": "test.reagent_x"},
                    {"flow": "electricity", "amount": 1_000, "unit": "kWh",
                     "kind": "electricity", "supply": "line"}],
         "outputs": [{"flow": "alumina", "amount": 100, "unit": "t"}]},
        {"id": "electrolysis",
         "inputs": [{"flow": "alumina", "amount": 100, "unit": "t", "kind": "intermediate"},
                    {"flow": "electricity", "amount": 10_000, "unit": "kWh",
                     "kind": "electricity", "supply": "line"}],
         "outputs": [{"flow": "liquid_aluminium", "amount": 50, "unit": "t"}]},
    ],
}


def _row_sums(rows, attr):
    """The direct computation: a loop over the Contribution rows."""
    out = defaultdict(float)
    for c in rows:
        out[getattr(c, attr)] += c.t_co2e
    return dict(out)


def test_lazy_cube_matches_hand_values_and_rows():
    p = calculate(study_from_data(copy.deepcopy(TWO))).products["liquid_aluminium"]
    assert p.cube._rows is None  # no Contribution made by calculate itself
    assert p.cfp == pytest.approx(0.51, rel=1e-12)
    assert p.cfp_location_based == pytest.approx(0.51, rel=1e-12)
    stages = {s.stage: s.t_co2e for s in p.stages()}
    assert stages["upstream"] == pytest.approx(0.4, rel=1e-12)
    assert stages["alumina_refining"] == pytest.approx(0.01, rel=1e-12)
    assert stages["electrolysis"] == pytest.approx(0.1, rel=1e-12)
    assert p.by_category() == pytest.approx({"other": 0.4, "energy": 0.11}, rel=1e-12)
    assert p.by_gas() == pytest.approx({"CO2e": 0.51}, rel=1e-12)
    rows = p.contributions
    assert p.contributions is rows  # built once, then kept on the result
    assert sorted(round(c.t_co2e, 12) for c in rows) == [0.01, 0.1, 0.4]
    # the vector sums are the sums over the rows, to the last bit
    assert p.cfp == sum(c.t_co2e for c in rows)
    for attr in ("stage", "unit", "category", "flow", "gas", "basis", "origin_unit"):
        assert p.by(attr) == _row_sums(rows, attr)


def test_lazy_sums_equal_row_sums_with_captive_attribution(monkeypatch):
    """Coal example: a captive plant's lines reported in its consumers (rows of one item in
    several columns). Each way of attributing (dicts for a few supply links, CSR arrays for
    many) gives the same rows and the sums over them."""
    study = load_study(COAL)
    ref = calculate(study)
    monkeypatch.setattr(solve, "SMALL_LINKS", 0)  # force the CSR path
    csr = calculate(study)
    for key, p in ref.products.items():
        q = csr.products[key]
        assert len(p.cube.foreign) > 0 or key in ("bauxite", "alumina")
        for loc in (False, True):
            rows = p.contributions_location if loc else p.contributions
            assert [c.to_dict() for c in rows] == [
                c.to_dict() for c in (q.contributions_location if loc else q.contributions)]
            total = p.cfp_location_based if loc else p.cfp
            assert total == sum(c.t_co2e for c in rows)
            for attr in ("stage", "unit", "category", "flow", "gas"):
                assert p.by(attr, loc) == _row_sums(rows, attr)
        assert p.electricity == q.electricity


@pytest.mark.parametrize("attribution", ["consumer", "own_stage"])
def test_small_layout_is_the_array_layout(attribution):
    """The Python layout of a few items (session 19) gives the arrays of the numpy one, value
    for value and dtype for dtype, for every declared product of the coal example."""
    import numpy as np

    from alcarbon.engine import cube

    study = load_study(COAL).model_copy(update={"captive_attribution": attribution})
    res = calculate(study)
    system = res.system
    assert len(system.items) <= cube.SMALL_ITEMS
    F = np.column_stack([demand_vector(system, p) for p in study.declared_products])
    S = solve.scaling(system, F)
    for k in range(S.shape[1]):
        s = S[:, k]
        att = solve.attribution(system, s, attribution == "consumer")
        small = cube.Layout(system, s, att)
        saved, cube.SMALL_ITEMS = cube.SMALL_ITEMS, 0
        try:
            big = cube.Layout(system, s, att)
        finally:
            cube.SMALL_ITEMS = saved
        for name in ("item", "col", "frac"):
            a, b = getattr(small, name), getattr(big, name)
            assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), (k, name)
        if attribution == "consumer" and k == 0:
            assert len(small.item) > len(set(small.item.tolist()))  # some item in 2+ columns


def test_no_state_shared_between_studies():
    """Two studies calculated in turn, the first result read only after the second: each keeps
    its own numbers; a study changed after its calculation does not change the result."""
    one = study_from_data(copy.deepcopy(TWO))
    data = copy.deepcopy(TWO)
    data["factors"] = [user_factor("test.reagent_x", 3.0, "t")]  # 10 x 3 x 0.02 = 0.6
    data["electricity"]["supplies"]["line"]["value"] = 0.25  # halves the 0.11 of electricity
    two = study_from_data(data)
    r1 = calculate(one)
    p1 = r1.products["liquid_aluminium"]
    # rows and sums read before the second study is calculated
    assert sum(c.t_co2e for c in p1.contributions) == pytest.approx(0.51, rel=1e-12)
    assert p1.by_gas() == pytest.approx({"CO2e": 0.51}, rel=1e-12)
    r2 = calculate(two)
    p2 = r2.products["liquid_aluminium"]
    assert sum(c.t_co2e for c in p2.contributions) == pytest.approx(0.655, rel=1e-12)
    assert p2.by_gas() == pytest.approx({"CO2e": 0.655}, rel=1e-12)
    assert r1.system is not r2.system
    assert p1.cfp == pytest.approx(0.51, rel=1e-12)
    assert p2.cfp == pytest.approx(0.6 + 0.055, rel=1e-12)
    # rows and summaries made now, after the second study, are still the first study's
    assert sum(c.t_co2e for c in p1.contributions) == pytest.approx(0.51, rel=1e-12)
    assert p1.by_category() == pytest.approx({"other": 0.4, "energy": 0.11}, rel=1e-12)
    assert p2.by_category() == pytest.approx({"other": 0.6, "energy": 0.055}, rel=1e-12)
    # the same study object changed and calculated again: the change counts
    one.units[0].inputs[0].amount = 20  # 20 x 2 x 0.02 = 0.8
    r3 = calculate(one)
    assert r3.products["liquid_aluminium"].cfp == pytest.approx(0.8 + 0.11, rel=1e-12)
    assert p1.cfp == pytest.approx(0.51, rel=1e-12)
    # the electricity summary, made when first read, is of the study as it was calculated
    one.electricity.supplies["line"].value = 9.0
    rows = {r["supply"]: r for r in r1.products["liquid_aluminium"].electricity["declared"]}
    assert rows["line"]["kg_per_kwh"] == pytest.approx(0.5, rel=1e-12)  # not 9
    # 1 000 kWh x 0.02 + 10 000 kWh / 50 = 220 kWh per t; x 0.5 kg/kWh = 0.11 t
    assert rows["line"]["kwh"] == pytest.approx(220.0, rel=1e-12)
    assert rows["line"]["t_co2e"] == pytest.approx(0.11, rel=1e-12)


def test_row_to_dict_is_asdict():
    """Contribution.to_dict gives what dataclasses.asdict gives, containers copied."""
    from dataclasses import asdict

    p = calculate(load_study(COAL)).products["aluminium_ingot"]
    rows = p.contributions + p.contributions_location
    assert [c.to_dict() for c in rows] == [asdict(c) for c in rows]
    with_dq = next(c for c in rows if c.dq)
    d = with_dq.to_dict()
    assert d["dq"] == with_dq.dq and d["dq"] is not with_dq.dq


def test_pickled_result_keeps_its_numbers():
    """A result sent to another process (batch, jobs) carries its rows and electricity summary."""
    import pickle

    p = calculate(study_from_data(copy.deepcopy(TWO))).products["liquid_aluminium"]
    q = pickle.loads(pickle.dumps(p))
    assert q.cfp == p.cfp
    assert [c.to_dict() for c in q.contributions] == [c.to_dict() for c in p.contributions]
    assert q.electricity == p.electricity
    assert not callable(q.electricity_source)  # made before pickling, no study or library


def test_stacked_attributions_equal_one_by_one(monkeypatch):
    """solve.attributions (the small chains of all demands solved in one stacked call, session
    19) gives each demand the weights of solve.attribution alone, to the bit; a singular chain
    in the stack falls back to one by one."""
    import numpy as np

    study = load_study(COAL)
    system = calculate(study).system
    F = np.column_stack([demand_vector(system, p) for p in study.declared_products])
    S = solve.scaling(system, F)
    one = [solve.attribution(system, S[:, d], True) for d in range(S.shape[1])]
    assert sum(a is not None for a in one) >= 2  # a stack of at least two
    assert solve.attributions(system, S, True) == one
    assert solve.attributions(system, S, False) == [None] * S.shape[1]
    real = np.linalg.solve

    def singular(a, b):
        if np.ndim(a) == 3:
            raise np.linalg.LinAlgError("singular in the stack")
        return real(a, b)

    monkeypatch.setattr(np.linalg, "solve", singular)
    assert solve.attributions(system, S, True) == one
