"""MRIO Monte Carlo over A and F: lognormal factors, zero CVs, reuse scheme vs one LU per draw."""

import numpy as np
import pandas as pd
import pytest

from alcarbon.errors import CalculationError, InputError
from alcarbon.mrio import Prepared, random_system
from alcarbon.mrio.core.montecarlo import CVs, lognormal_factors, monte_carlo


def test_lognormal_factors_mean_one_and_cv():
    rng = np.random.default_rng(0)
    g = lognormal_factors(rng, np.array([0.2, 0.0]), 40000)
    # mean 1 by construction (mu = -sigma^2/2); sd = cv = 0.2, so the standard error of the
    # mean over 40,000 draws is 0.2 / 200 = 0.001: within 4 standard errors
    assert abs(g[0].mean() - 1.0) < 0.004
    assert g[0].std(ddof=1) == pytest.approx(0.2, rel=0.03)
    assert (g[1] == 1.0).all()
    with pytest.raises(InputError):
        lognormal_factors(rng, np.array([-0.1]), 3)


def test_zero_cv_reproduces_the_deterministic_accounts(hand4):
    p = Prepared(*hand4)
    res = monte_carlo(p, CVs(A_domestic=0, A_trade=0, F=0), draws=5, seed=1, top=2)
    # hand4: CBA N 30.9, S 44.1 (test_mrio_hand); the two interregional flows
    # E_SN = 10.25 and E_NS = 9.35 are the top two
    assert res.footprints.to_numpy() == pytest.approx(np.tile([30.9, 44.1], (5, 1)))
    assert list(res.flows.columns) == ["S -> N", "N -> S"]
    assert res.flows.to_numpy() == pytest.approx(np.tile([10.25, 9.35], (5, 1)))
    fp, fl = res.intervals()
    assert fp["sd"].to_numpy() == pytest.approx(0, abs=1e-12)
    assert fp.index.name == "region" and fl.index.name == "flow"


def test_F_only_scales_footprint_linearly(hand4):
    # with A fixed, CBA_N = sum_i g_i F_i (L yN)_i / x_i; with only F of region S uncertain and
    # S's nodes 3, 4 contributing s L yN = 0.25 + 10 = 10.25 to N (test_mrio_hand), the spread of
    # CBA_N comes from those 10.25 t alone: sd(CBA_N) <= 10.25 * cv = 1.025 (equality when
    # the two factors are perfectly correlated; independent: sqrt(.25^2 + 10^2) * cv = 1.0003)
    p = Prepared(*hand4)
    res = monte_carlo(p, CVs(A_domestic=0, A_trade=0, F=0, F_by_region={"S": 0.1}),
                      draws=4000, seed=3, top=1)
    sd = res.footprints["N"].std(ddof=1)
    assert sd == pytest.approx(1.0003, rel=0.05)
    assert res.footprints["N"].mean() == pytest.approx(30.9, rel=0.01)


def test_reuse_matches_one_lu_per_draw():
    t, s = random_system(5, 8, n_categories=2, seed=4)
    p = Prepared(t, s)
    # column sums of A reach 0.85 here: CVs small enough to keep every draw productive
    blocks = pd.DataFrame([[0.08]], index=[t.regions[0]], columns=[t.regions[1]])
    cv = CVs(A_domestic=0.03, A_trade=0.05, F=0.15, blocks=blocks)
    a = monte_carlo(p, cv, draws=30, seed=9, top=4, chunk=7)
    b = monte_carlo(p, cv, draws=30, seed=9, top=4, chunk=7, method="direct")
    assert a.fallback_draws == 0 and max(a.iterations) < 60
    np.testing.assert_allclose(a.footprints, b.footprints, rtol=1e-9)
    np.testing.assert_allclose(a.flows, b.flows, rtol=1e-9)


def test_non_productive_draw_stops(hand4):
    with pytest.raises(CalculationError):
        monte_carlo(Prepared(*hand4), CVs(A_domestic=50, A_trade=50, F=0), draws=200, seed=0)


def test_unknown_region_in_cvs(hand4):
    with pytest.raises(InputError):
        monte_carlo(Prepared(*hand4),
                    CVs(A_domestic=0.1, A_trade=0.1, F=0.1, F_by_region={"X": 0.1}), draws=3)
