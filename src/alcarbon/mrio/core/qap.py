"""QAP (quadratic assignment procedure) correlation and regression of square matrices.

Krackhardt 1987, "QAP partialling as a test of spuriousness", Social Networks 9:171-186;
Krackhardt 1988, "Predicting with networks", Social Networks 10:359-381.

Every statistic is computed on the N (N - 1) off-diagonal cells.  Its null distribution comes
from relabelling the nodes: the rows and columns of the dependent matrix are permuted by the
same random permutation (``perms`` draws from ``numpy.random.default_rng(seed)``), which keeps
the matrix's structure but breaks its link to the other matrices.  Regression uses this
Y-permutation: coefficients beta = (X'X)^-1 X'y for all permutations at once.  p-values:
share of permuted statistics at least as extreme as the observed one (two-sided |.|), with
the observed labelling counted as one permutation ((k + 1) / (perms + 1)).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from alcarbon.errors import InputError


def _aligned(Y: pd.DataFrame, Xs: Mapping[str, pd.DataFrame]) -> tuple[list, dict]:
    nodes = [r for r in Y.index if r in Y.columns]
    for name, X in Xs.items():
        missing = [r for r in nodes if r not in X.index or r not in X.columns]
        if missing:
            raise InputError(f"matrix {name!r} lacks {', '.join(map(str, missing[:5]))}",
                             where=f"QAP {name}", expected="every region of the flow matrix "
                             "as a row and a column")
    if len(nodes) < 3:
        raise InputError("fewer than 3 regions", where="QAP", expected="a square matrix, N >= 3")
    return nodes, {k: X.loc[nodes, nodes].to_numpy(dtype=float) for k, X in Xs.items()}


def _perms(n: int, perms: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.array([rng.permutation(n) for _ in range(perms)])


def _offdiag_permuted(Y: np.ndarray, P: np.ndarray) -> np.ndarray:
    """(perms, N(N-1)) off-diagonal cells of Y[p][:, p] for each permutation p."""
    n = Y.shape[0]
    r, c = np.nonzero(~np.eye(n, dtype=bool))
    return Y[P[:, r], P[:, c]]


def _p(obs: np.ndarray, null: np.ndarray) -> np.ndarray:
    k = (np.abs(null) >= np.abs(obs) - 1e-12 * np.abs(obs)).sum(axis=0)
    return (k + 1) / (null.shape[0] + 1)


def qap_correlation(A: pd.DataFrame, B: pd.DataFrame, perms: int = 2000,
                    seed: int = 0) -> pd.Series:
    """Pearson r of the off-diagonal cells of A and B, its QAP p-value and null summary."""
    nodes, M = _aligned(A, {"B": B})
    a = A.loc[nodes, nodes].to_numpy(dtype=float)
    n = len(nodes)
    off = ~np.eye(n, dtype=bool)
    b = M["B"][off]
    obs = np.corrcoef(a[off], b)[0, 1]
    Ap = _offdiag_permuted(a, _perms(n, perms, seed))
    Ac = Ap - Ap.mean(axis=1, keepdims=True)
    bc = b - b.mean()
    null = (Ac @ bc) / (np.sqrt((Ac**2).sum(axis=1)) * np.sqrt((bc**2).sum()))
    return pd.Series({"r": obs, "p_two_sided": float(_p(np.array([obs]), null[:, None])[0]),
                      "p_ge": float(((null >= obs).sum() + 1) / (perms + 1)),
                      "p_le": float(((null <= obs).sum() + 1) / (perms + 1)),
                      "null_mean": float(null.mean()), "null_sd": float(null.std(ddof=1)),
                      "perms": perms, "seed": seed}, name="value")


def qap_regression(Y: pd.DataFrame, Xs: Mapping[str, pd.DataFrame], perms: int = 2000,
                   seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """OLS of Y's off-diagonal cells on each X's (with an intercept); Y-permutation p-values.

    Returns per term: coefficient, standardised coefficient (beta sd(x)/sd(y)), p (two-sided);
    and the fit: R^2, adjusted R^2, p of R^2, N cells, permutations, seed."""
    if not Xs:
        raise InputError("no explanatory matrix", where="QAP regression",
                         expected="at least one matrix")
    nodes, M = _aligned(Y, dict(Xs))
    y_full = Y.loc[nodes, nodes].to_numpy(dtype=float)
    n = len(nodes)
    off = ~np.eye(n, dtype=bool)
    names = list(M)
    X = np.column_stack([np.ones(off.sum())] + [M[k][off] for k in names])
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise InputError("explanatory matrices are collinear (or constant)",
                         where="QAP regression", expected="linearly independent matrices")
    H = np.linalg.solve(X.T @ X, X.T)  # (k+1) x cells
    y = y_full[off]
    beta = H @ y
    Yp = _offdiag_permuted(y_full, _perms(n, perms, seed))  # perms x cells
    Bp = Yp @ H.T  # perms x (k+1)

    def r2(yv: np.ndarray, b: np.ndarray) -> np.ndarray:
        res = yv - b @ X.T
        tot = ((yv - yv.mean(axis=-1, keepdims=True)) ** 2).sum(axis=-1)
        return 1.0 - (res**2).sum(axis=-1) / tot

    R2 = float(r2(y, beta))
    R2p = r2(Yp, Bp)
    cells, k = X.shape[0], len(names)
    sd_y = y.std(ddof=1)
    coef = pd.DataFrame({
        "coefficient": beta,
        "standardised": [np.nan] + [beta[i + 1] * X[:, i + 1].std(ddof=1) / sd_y
                                    for i in range(k)],
        "p_two_sided": _p(beta, Bp),
    }, index=pd.Index(["intercept", *names], name="term"))
    fit = pd.Series({"R2": R2, "adj_R2": 1 - (1 - R2) * (cells - 1) / (cells - k - 1),
                     "p_R2": float(((R2p >= R2 - 1e-12).sum() + 1) / (perms + 1)),
                     "cells": cells, "perms": perms, "seed": seed}, name="value")
    return coef, fit
