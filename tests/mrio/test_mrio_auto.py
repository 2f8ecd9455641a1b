"""The ``auto`` Leontief solver: chooses by size, density and estimated spectral radius.

A with every column summing to c has spectral radius exactly c (1' A = c 1'), and the
estimator's ratio sum(A v) / sum(v) is c for every v >= 0, so the estimate is exact here.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from alcarbon.mrio.core.leontief import LeontiefSolver, choose_method, spectral_radius_estimate


def sparse_colsum(n: int, density: float, c: float, seed: int = 0) -> sp.csc_matrix:
    """Random sparse n x n A (plus a full diagonal so no column is empty), column sums c."""
    rng = np.random.default_rng(seed)
    R = sp.random(n, n, density=density, random_state=rng, format="csc") + sp.eye(n) * 0.1
    sums = np.asarray(R.sum(axis=0)).ravel()
    return sp.csc_matrix(R @ sp.diags(c / sums))


def test_spectral_radius_estimate_exact_for_equal_column_sums():
    A = sparse_colsum(400, 0.01, 0.4)
    assert spectral_radius_estimate(A) == pytest.approx(0.4, rel=1e-12)
    # and against the eigenvalues of the dense matrix (independent route)
    assert max(abs(np.linalg.eigvals(A.toarray()))) == pytest.approx(0.4, rel=1e-9)


def test_small_system_is_dense():
    assert choose_method(sparse_colsum(100, 0.05, 0.5))["method"] == "dense"


def test_sparse_and_contractive_uses_power_series_and_is_right():
    # n = 1000, nnz ~ 1 % + diagonal ~ 11,000; rho = 0.4: terms = ceil(ln 1e-13 / ln 0.4) + 5
    # = ceil(32.67) + 5 = 38; power cost 10 x 2 x 11,000 x 38 ~ 8.4e6 << LU 2/3 x 1e9
    A = sparse_colsum(1000, 0.01, 0.4)
    ch = choose_method(A)
    assert ch["method"] == "power" and ch["terms_estimate"] == 38
    b = np.random.default_rng(1).random(1000)
    s = LeontiefSolver(A)
    assert s.method == "power"
    ref = np.linalg.solve(np.eye(1000) - A.toarray(), b)
    assert s.solve(b) == pytest.approx(ref, rel=1e-10)
    # 1' x = 1' b / (1 - 0.4): every column of A sums to 0.4
    assert s.solve(b).sum() == pytest.approx(b.sum() / 0.6, rel=1e-10)


def test_near_unit_radius_goes_to_sparse_lu():
    ch = choose_method(sparse_colsum(1000, 0.002, 0.97))  # density ~0.3 % with diagonal
    assert ch["method"] == "splu" and ch["rho_estimate"] == pytest.approx(0.97, rel=1e-12)


def test_dense_matrix_with_many_terms_goes_to_dense_lu():
    # n = 400 full: terms = ceil(ln 1e-13 / ln 0.5) + 5 = 44 + 5 = 49; power cost
    # 10 x 2 x 160,000 x 49 = 1.57e8 > LU 2/3 x 6.4e7 + 3.2e5 = 4.3e7
    rng = np.random.default_rng(2)
    A = rng.random((400, 400))
    A = A / A.sum(axis=0)[None, :] * 0.5
    ch = choose_method(A)
    assert ch["method"] == "dense" and ch["terms_estimate"] == 49
