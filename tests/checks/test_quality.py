"""Data quality aggregation by contribution (6.3 Table 2), by hand on the tiny study."""

from __future__ import annotations

import pytest

from alcarbon.checks import run_checks


def test_weighted_scores_and_poor_list(make_tiny):
    # electricity 4.95 t/t (all good, score 1); measured CF4 0.1 t x 7380 / 1000 t = 0.738 t/t,
    # reliability poor -> (1+1+1+3+1)/5 = 1.4. CFP 5.688. Weights = shares.
    s = make_tiny(cf4_t=0.1)
    q = run_checks(s).data_quality["liquid_aluminium"]
    expected = (4.95 * 1.0 + 0.738 * 1.4) / 5.688
    assert q.score == pytest.approx(expected)
    assert q.rating == "good"
    assert q.criteria["reliability"] == pytest.approx((4.95 * 1 + 0.738 * 3) / 5.688)
    assert [d.param for d in q.poor_over_1pct] == ["activity:electrolysis/outputs/1"]
    assert q.poor_over_1pct[0].share == pytest.approx(0.738 / 5.688)
    assert q.units["electrolysis"]["score"] == pytest.approx(expected)
    # ratings, source and the GSD used for Monte Carlo are carried per datum
    el = next(d for d in q.data if d.param == "activity:electrolysis/inputs/0")
    assert el.gsd == pytest.approx(1.25) and el.gsd_source == "user gsd"
    assert el.source == "meter" and el.ratings["technology"] == "good"


def test_json_is_deterministic(hydro):
    import json

    a = json.dumps(run_checks(hydro).to_json_dict(), ensure_ascii=False)
    b = json.dumps(run_checks(hydro).to_json_dict(), ensure_ascii=False)
    assert a == b
