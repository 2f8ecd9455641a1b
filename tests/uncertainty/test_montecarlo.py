"""Monte Carlo against closed forms (product of lognormals), correlation and reproducibility."""

from __future__ import annotations

import math

import numpy as np
import pytest

from alcarbon.uncertainty import build_model, monte_carlo
from alcarbon.uncertainty.montecarlo import run

N = 20_000


def test_product_of_lognormals_matches_analytic(tiny):
    # CFP = 4.95 x m_activity x m_factor; ln m_a ~ N(0, ln 1.25), ln m_f ~ N(0, sqrt(0.0006))
    # (direct-line factor, confidence high). The casting link has gsd 1.0000001 (~0).
    s_a, s_f = math.log(1.25), math.sqrt(0.0006)
    sigma = math.sqrt(s_a**2 + s_f**2 + math.log(1.0000001) ** 2)  # 0.224485
    r = monte_carlo(tiny(), iterations=N, seed=11)["aluminium_ingot"]
    assert r.deterministic == pytest.approx(4.95)
    se_median = 1.2533 * sigma / math.sqrt(N)  # s.e. of ln(median)
    assert math.log(r.median / 4.95) == pytest.approx(0.0, abs=4 * se_median)
    logs = np.log(r.samples)
    assert logs.std(ddof=1) == pytest.approx(sigma, abs=4 * sigma / math.sqrt(2 * N))
    assert r.p97_5 == pytest.approx(4.95 * math.exp(1.959964 * sigma), rel=0.02)
    assert r.p2_5 == pytest.approx(4.95 * math.exp(-1.959964 * sigma), rel=0.02)
    assert r.mean == pytest.approx(4.95 * math.exp(sigma**2 / 2), rel=0.01)
    # variance: activity sigma^2 0.0498 vs factor 0.0006 -> activity ~ 98.8 %
    assert next(iter(r.variance_contributions)) == "activity:electrolysis/inputs/0"
    assert r.variance_contributions["activity:electrolysis/inputs/0"] == pytest.approx(
        s_a**2 / (s_a**2 + s_f**2), abs=0.01)


def test_same_factor_twice_is_fully_correlated(tiny):
    # Two electricity inputs on one supply, activities fixed (gsd ~1): CFP = base x m_factor,
    # so sd(ln CFP) = sigma_f = sqrt(0.0006) = 0.02449 (independent draws would give 0.0173).
    s = tiny(gsd=1.0000001, second_kwh=9_900_000.0)
    r = monte_carlo(s, iterations=N, seed=3)["aluminium_ingot"]
    assert r.deterministic == pytest.approx(9.9)
    assert np.log(r.samples).std(ddof=1) == pytest.approx(math.sqrt(0.0006), rel=0.03)


def test_seed_reproducible_and_chunk_independent(tiny):
    from alcarbon.engine import calculate

    s = tiny()
    res = calculate(s)
    m = build_model(s, res)
    a, _ = run(m, 5000, seed=7, chunk=5000)
    b, _ = run(m, 5000, seed=7, chunk=777)
    assert np.array_equal(a, b)
    c = monte_carlo(s, res, iterations=5000, seed=7)["aluminium_ingot"]
    assert np.array_equal(c.samples, a[:, 0])
    assert "samples" not in c.to_json_dict()


def test_progress_is_reported(tiny):
    seen = []
    monte_carlo(tiny(), iterations=60_000, seed=1, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (60_000, 60_000) and len(seen) == 3  # chunks of 25 000


def test_all_products_of_an_example(hydro):
    out = monte_carlo(hydro, iterations=2000, seed=0)
    assert list(out) == list(hydro.declared_products)
    for r in out.values():
        assert r.p2_5 < r.median < r.p97_5 and r.cv > 0
        assert sum(r.variance_contributions.values()) == pytest.approx(1.0)
