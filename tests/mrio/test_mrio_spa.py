"""SPA: the sum over all paths converges to the Leontief total."""

import numpy as np
import pytest

from alcarbon.mrio import structural_paths
from alcarbon.mrio.core.leontief import calc_L


def _small():
    # 3 nodes, every column of A sums to 0.3 -> spectral radius 0.3
    A = np.array([[0.1, 0.2, 0.05], [0.1, 0.05, 0.15], [0.1, 0.05, 0.1]])
    s = np.array([0.5, 1.0, 2.0])
    y = np.array([10.0, 5.0, 1.0])
    return A, s, y


def test_order_sums_are_powers_of_A():
    A, s, y = _small()
    m = s @ calc_L(A)
    res = structural_paths(A, s, m, y, top_k=10_000, max_depth=4, threshold=0.0)
    by_order = res.paths.groupby("order")["value"].sum()
    for k in range(5):
        # paths of order k sum to s' A^k y
        assert by_order[k] == pytest.approx(s @ np.linalg.matrix_power(A, k) @ y, rel=1e-12)


def test_converges_to_leontief_total():
    A, s, y = _small()
    m = s @ calc_L(A)
    total = float(m @ y)
    errs = []
    for depth in (2, 5, 9):
        res = structural_paths(A, s, m, y, top_k=1, max_depth=depth, threshold=0.0)
        assert res.total == pytest.approx(total)
        errs.append(total - res.covered)
    # the missing part after depth D is s' A^(D+1) L y.  Every column of A sums to 0.3, so
    # 1' A^k v = 0.3^k 1'v for v >= 0 and 1' L y = sum(y) / (1 - 0.3) = 16 / 0.7; hence
    # missing <= max(s) * 0.3^(D+1) * 16 / 0.7 = 2 * 0.3^(D+1) * 22.857...
    assert all(0 <= e <= 2.0 * 0.3 ** (d + 1) * 16 / 0.7 * (1 + 1e-9)
               for e, d in zip(errs, (2, 5, 9), strict=True))
    assert errs[0] > errs[1] > errs[2]


def test_infinite_depth_limit():
    # 2 nodes, columns of A sum to 0.1: a path of order k is worth <= 0.1^k of its root, so
    # depth 60 with a 1e-13 pruning threshold leaves < 1e-9 of the total uncovered
    A = np.array([[0.05, 0.02], [0.05, 0.08]])
    s = np.array([1.0, 3.0])
    y = np.array([4.0, 7.0])
    m = s @ calc_L(A)
    res = structural_paths(A, s, m, y, top_k=3, max_depth=60, threshold=1e-13)
    assert not res.truncated
    assert res.covered == pytest.approx(float(m @ y), rel=1e-9)


def test_threshold_prunes_but_keeps_largest():
    A, s, y = _small()
    m = s @ calc_L(A)
    full = structural_paths(A, s, m, y, top_k=5, max_depth=6, threshold=0.0)
    pruned = structural_paths(A, s, m, y, top_k=5, max_depth=6, threshold=1e-2)
    assert pruned.visited < full.visited
    assert pruned.paths["path"].tolist() == full.paths["path"].tolist()


def test_bad_settings():
    from alcarbon.errors import InputError

    A, s, y = _small()
    with pytest.raises(InputError):
        structural_paths(A, s, s, y, threshold=-1)
