"""Unrated Table 2 indicators (GB/T 44905 6.3 Table 2): reported as not rated, never as good.

Table 2 rates each datum 好/一般/较差 on technology, time, geography, reliability and
completeness; a datum with no rating has not been evaluated, so it cannot be reported as 好.
Expected values below are by hand from the tiny study of conftest.py:
electricity 4.95 t CO2e/t (rated good x5, score 1), measured CF4 0.1 t x 7380 / 1000 t =
0.738 t CO2e/t; CFP 5.688; weights are the shares 4.95/5.688 and 0.738/5.688.
"""

from __future__ import annotations

import math

import pytest

from alcarbon.checks import run_checks
from alcarbon.checks.quality import product_quality
from alcarbon.engine import calculate
from alcarbon.uncertainty import pedigree
from alcarbon.uncertainty.model import build_model

CF4 = "activity:electrolysis/outputs/1"


def test_unrated_datum_is_listed_as_not_rated_and_pushes_the_aggregate_down(make_tiny):
    q = run_checks(make_tiny(cf4_t=0.1, cf4_dq={"source": "measured"})).data_quality[
        "liquid_aluminium"]
    cf4 = next(d for d in q.data if d.param == CF4)
    # nothing rated: every criterion None, none shown as good
    assert cf4.ratings == dict.fromkeys(pedigree.CRITERIA)
    assert cf4.unrated == list(pedigree.CRITERIA)
    # graded as poor (3) on all five: score 3; aggregate (4.95 x 1 + 0.738 x 3) / 5.688
    assert cf4.score == 3.0
    assert q.score == pytest.approx((4.95 + 0.738 * 3) / 5.688)  # 1.2595, vs 1.0 if "good"
    assert q.score > 1.25
    assert q.criteria["time"] == pytest.approx((4.95 + 0.738 * 3) / 5.688)
    assert q.unrated_share == pytest.approx(0.738 / 5.688)
    assert q.units["electrolysis"]["unrated_n"] == 1
    # 6.3: a datum of unknown quality above 1 % needs the same sensitivity analysis
    assert [d.param for d in q.poor_over_1pct] == [CF4]


def test_one_unrated_criterion_counts_as_poor_in_the_grade(make_tiny):
    good4 = {c: "good" for c in ("technology", "time", "geography", "completeness")}
    q = run_checks(make_tiny(cf4_t=0.1, cf4_dq={**good4, "source": "m"})).data_quality[
        "liquid_aluminium"]
    cf4 = next(d for d in q.data if d.param == CF4)
    assert cf4.ratings["reliability"] is None and cf4.unrated == ["reliability"]
    assert cf4.score == pytest.approx((1 + 1 + 1 + 3 + 1) / 5)  # 1.4, as if rated poor


def test_alternative_reading_lists_only_rated_poor(make_tiny):
    s = make_tiny(cf4_t=0.1, cf4_dq={"source": "measured"})
    model = build_model(s, calculate(s), products=["liquid_aluminium"])
    q = product_quality(model, 0, unrated_as_poor=False)
    assert q.poor_over_1pct == []
    assert q.unrated_share == pytest.approx(0.738 / 5.688)  # still reported apart


def test_primary_only_when_stated(make_tiny):
    # neither datum of the tiny study says primary: both count as secondary
    q = run_checks(make_tiny(cf4_t=0.1)).data_quality["liquid_aluminium"]
    assert q.primary_share == 0.0
    s = make_tiny(cf4_t=0.1, cf4_dq={"source": "measured", "primary": True})
    q = run_checks(s).data_quality["liquid_aluminium"]
    assert q.primary_share == pytest.approx(0.738 / 5.688)


def test_unrated_gets_the_poorest_pedigree_score():
    # Weidema et al. 2013 Table 10.5, score 5 of each criterion:
    # reliability 0.04 + completeness 0.008 + time 0.04 + geography 0.002 + technology 0.12
    # = 0.21, plus basic 0.0006 -> sigma^2 0.2106, GSD exp(0.458911) = 1.568312 x 1.008951 = 1.58235
    for dq in (None, {}, {"source": "x"}, dict.fromkeys(pedigree.CRITERIA)):
        sigma, src = pedigree.activity_sigma(dq)
        assert sigma == pytest.approx(math.sqrt(0.2106)) and src == "pedigree"
        assert math.exp(sigma) == pytest.approx(1.58235, abs=1e-5)
    # only reliability unrated, the rest good: 0.0006 + 0.04
    good4 = {c: "good" for c in ("technology", "time", "geography", "completeness")}
    assert pedigree.activity_sigma(good4)[0] == pytest.approx(math.sqrt(0.0406))
    # an unrated criterion is never less uncertain than the same criterion rated poor
    for c in pedigree.CRITERIA:
        rated = {**dict.fromkeys(pedigree.CRITERIA, "good"), c: "poor"}
        unrated = {**dict.fromkeys(pedigree.CRITERIA, "good"), c: None}
        assert pedigree.pedigree_variance(unrated) >= pedigree.pedigree_variance(rated)
    # a user GSD still overrides
    assert pedigree.activity_sigma({"gsd": 1.2})[0] == pytest.approx(math.log(1.2))


def test_checklist_says_which_data_are_not_rated(make_tiny):
    # the CF4 datum has a source but no rating: the 6.2 i) source check still passes, and says
    # the datum is not rated instead of claiming "every datum has Table 2 ratings"
    rep = run_checks(make_tiny(cf4_t=0.1, cf4_dq={"source": "measured"}))
    src = next(c for c in rep.compliance if c.key == "dq_sources")
    assert src.status == "pass" and "1 not rated" in src.reason
    assert "has Table 2 ratings" not in src.reason
    sens = next(c for c in rep.compliance if c.key == "poor_data_sensitivity")
    assert "unrated" in sens.reason and "none" not in sens.reason.lower()
    # all rated: the old wording holds
    rep = run_checks(make_tiny(cf4_t=0.1))
    src = next(c for c in rep.compliance if c.key == "dq_sources")
    assert src.reason == "every contributing datum has Table 2 ratings and a source"
