"""Power-series Leontief solver: convergence per right-hand side and near-unit spectral radius.

Reference: an explicit dense inverse (numpy.linalg.inv), an independent route."""

import numpy as np
import pytest
import scipy.sparse as sp

from alcarbon.mrio.core.leontief import LeontiefSolver


def _block_system():
    """Block-diagonal A: block 1 (20 nodes) with column sums 0.2, block 2 (20 nodes) with
    column sums 0.97 (spectral radius 0.97).  B column 0 = 1e6 on block 1, column 1 = 1 on
    block 2.  Column 1 converges like 0.97^k while column 0 converges like 0.2^k; a stopping
    rule on the largest entry of all columns stops when column 1 is still 1e-7 off."""
    rng = np.random.default_rng(0)
    A = np.zeros((40, 40))
    for lo, scale in ((0, 0.2), (20, 0.97)):
        blk = rng.random((20, 20))
        A[lo:lo + 20, lo:lo + 20] = blk / blk.sum(axis=0)[None, :] * scale
    B = np.zeros((40, 2))
    B[:20, 0] = 1e6
    B[20:, 1] = 1.0
    return A, B


def test_each_column_converges_on_its_own():
    A, B = _block_system()
    ref = np.linalg.inv(np.eye(40) - A) @ B
    X = LeontiefSolver(sp.csr_matrix(A), method="power").solve(B)
    # column sums of block 2: 1' L b = 20 / (1 - 0.97) = 666.67 (A's columns sum to 0.97)
    assert X[20:, 1].sum() == pytest.approx(20 / 0.03, rel=1e-10)
    assert X == pytest.approx(ref, rel=1e-9, abs=0)


@pytest.mark.parametrize("rho", [0.99, 0.999])
def test_spectral_radius_near_one(rho):
    # dense positive A with every column sum = rho: the spectral radius is exactly rho and the
    # tail after term k is about term_k x rho / (1 - rho), i.e. up to 999 x the last term
    rng = np.random.default_rng(3)
    n = 50
    A = rng.random((n, n))
    A = A / A.sum(axis=0)[None, :] * rho
    b = rng.random(n)
    ref = np.linalg.solve(np.eye(n) - A, b)
    s = LeontiefSolver(A, method="power", max_iter=100_000)
    x = s.solve(b)
    assert x == pytest.approx(ref, rel=1e-9, abs=0)
    # 1' x = 1' b / (1 - rho) because every column of A sums to rho
    assert x.sum() == pytest.approx(b.sum() / (1 - rho), rel=1e-9)
    m = s.solve_T(b)
    assert m == pytest.approx(np.linalg.solve((np.eye(n) - A).T, b), rel=1e-9, abs=0)
