"""Monte Carlo uncertainty of MRIO footprints and top flows over A and F.

Each draw multiplies every non-zero a_ij and every F_i by an independent lognormal factor of
mean 1: g = exp(sigma z - sigma^2 / 2), sigma^2 = ln(1 + cv^2), z ~ N(0, 1), so E[g] = 1 and
sd(g) = cv (lognormal moments, e.g. Limpert, Stahel & Abbt 2001, BioScience 51:341-352).  The
CV is the user's per block: A_rs of producing region r and using region s (domestic r = s or
traded), F per region.  Zeros of A stay zero; Y, F_Y and the published output x stay fixed, so
s* = F* / x.  A draw whose A* has a column sum >= 1 (not a productive economy) stops the run
(lower the CVs) rather than being dropped silently.

Solving (why this scheme).  For each draw (I - A*) with A* = A + dA must be solved for the
multipliers m* (transposed, one right-hand side) and for the top flows (one right-hand side
per source region of the top flows).  A new LU per draw costs 2/3 n^3 (1.5 GFlop at n = 1,302).
Instead (I - A) is factorised once and every draw iterates

    X_{k+1} = L0 (B + dA X_k)       (for the transposed system L0' (C + dA' X_k))

which converges to (I - A*)^-1 B when the spectral radius of L0 dA is below 1 (small
relative perturbations).  All draws of a chunk go through one ``lu_solve`` with draws x rhs
columns (BLAS-3 triangular solves); dA X_k is a sparse product over the non-zeros of A per
draw (their pattern is shared, only the values differ), so the cost per draw and iteration
is ~2 n^2 + 2 nnz(A) per right-hand side.  A draw still moving after ``max_iter`` iterations
is re-solved with its own LU (exact).  A power series per draw would need ~ln(tol)/ln(rho)
terms (tens) instead of the handful this iteration takes from the baseline solution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.linalg as sla
import scipy.sparse as sp

from alcarbon.errors import CalculationError, InputError
from alcarbon.mrio.core.accounts import F_Y_by_destination, Prepared
from alcarbon.mrio.core.model import region_of_nodes


def lognormal_factors(rng: np.random.Generator, cv: np.ndarray, draws: int) -> np.ndarray:
    """(len(cv), draws) factors of mean 1 and coefficient of variation cv (cv = 0: ones)."""
    cv = np.asarray(cv, dtype=float)
    if np.any(cv < 0) or not np.all(np.isfinite(cv)):
        raise InputError("negative or non-finite CV", where="Monte Carlo CVs",
                         expected="coefficients of variation >= 0")
    sig = np.sqrt(np.log1p(cv**2))[:, None]
    g = rng.standard_normal((cv.size, draws))
    g *= sig
    g -= 0.5 * sig**2
    return np.exp(g, out=g)


@dataclass
class CVs:
    """Coefficients of variation: A's domestic blocks, A's traded blocks, F; ``blocks``
    (rows producing region, columns using region) and ``F_by_region`` override them.

    No defaults: no published CV of a Chinese provincial MRIO's coefficients is in the project's
    sources, so every CV is the user's (docs/mrio.md)."""

    A_domestic: float
    A_trade: float
    F: float
    blocks: pd.DataFrame | None = None
    F_by_region: Mapping[str, float] = field(default_factory=dict)

    def block_matrix(self, regions: tuple[str, ...]) -> np.ndarray:
        R = len(regions)
        M = np.full((R, R), self.A_trade, dtype=float)
        np.fill_diagonal(M, self.A_domestic)
        if self.blocks is not None:
            for r in self.blocks.index:
                for s in self.blocks.columns:
                    v = self.blocks.loc[r, s]
                    if pd.isna(v):
                        continue
                    for name in (r, s):
                        if name not in regions:
                            raise InputError(f"unknown region {name!r}", where="CV blocks",
                                             expected="regions of the table")
                    M[regions.index(r), regions.index(s)] = float(v)
        return M

    def F_vector(self, regions: tuple[str, ...]) -> np.ndarray:
        unknown = [r for r in self.F_by_region if r not in regions]
        if unknown:
            raise InputError(f"unknown region(s) {unknown}", where="CV of F",
                             expected="regions of the table")
        return np.array([self.F_by_region.get(r, self.F) for r in regions], dtype=float)


@dataclass
class MCResult:
    """Draws (rows) of the footprints per destination and of the top flows, with the
    deterministic values, iteration counts and the number of draws solved by a fresh LU."""

    footprints: pd.DataFrame
    flows: pd.DataFrame
    base_footprints: pd.Series
    base_flows: pd.Series
    iterations: list[int]
    fallback_draws: int
    seed: int

    def intervals(self, level: float = 0.95) -> tuple[pd.DataFrame, pd.DataFrame]:
        return (_summary(self.footprints, self.base_footprints, level, "region"),
                _summary(self.flows, self.base_flows, level, "flow"))


def _summary(draws: pd.DataFrame, base: pd.Series, level: float, name: str) -> pd.DataFrame:
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    out = pd.DataFrame({"deterministic": base, "mean": draws.mean(), "sd": draws.std(ddof=1),
                        f"p{100 * lo:g}": draws.quantile(lo), "median": draws.median(),
                        f"p{100 * hi:g}": draws.quantile(hi)})
    out["cv"] = out["sd"] / out["mean"].abs()
    out.index.name = name
    return out


def _fixed_point(lu0, rows, cols, dA: np.ndarray, B: np.ndarray, trans: bool, n: int,
                 tol: float, max_iter: int) -> tuple[np.ndarray, int, np.ndarray]:
    """X (n, k, q) with X[:, i, :] = (I - A - dA_i)^-1 B[:, i, :] (transposed when ``trans``);
    dA (nnz, k) holds the perturbations of A's non-zeros (rows, cols).  Returns X, the
    iterations and a mask of draws that did not converge."""
    _, k, q = B.shape
    into, frm = (cols, rows) if trans else (rows, cols)
    order = np.lexsort((frm, into))  # CSR order of the (into, frm) pattern, shared by all draws
    nnz = order.size
    indptr = np.searchsorted(into[order], np.arange(n + 1))
    # one block-diagonal sparse matrix holds dA_i (or dA_i') of every draw of the chunk
    D = sp.csr_matrix(
        (dA[order].T.ravel(), (frm[order][None, :] + n * np.arange(k)[:, None]).ravel(),
         np.append((indptr[:-1][None, :] + nnz * np.arange(k)[:, None]).ravel(), k * nnz)),
        shape=(k * n, k * n))
    t = 1 if trans else 0

    def L0(M):
        return sla.lu_solve(lu0, M.reshape(n, -1), trans=t, check_finite=False).reshape(n, k, q)

    X = L0(B)
    moving = np.ones(k, dtype=bool)
    for it in range(1, max_iter + 1):
        corr = (D @ X.transpose(1, 0, 2).reshape(k * n, q)).reshape(k, n, q)
        Xn = L0(B + corr.transpose(1, 0, 2))
        change = np.abs(Xn - X).max(axis=(0, 2)) / np.maximum(np.abs(Xn).max(axis=(0, 2)),
                                                              1e-300)
        X = Xn
        moving = ~(change <= tol)
        if not moving.any():
            return X, it, moving
    return X, max_iter, moving


def monte_carlo(p: Prepared, cvs: CVs, draws: int = 1000, seed: int = 0,
                top: int = 10, chunk: int = 50, tol: float = 1e-10, max_iter: int = 60,
                method: str = "reuse") -> MCResult:
    """Footprints CBA_d = m*' y_d + F_Y,d (every destination) and the ``top`` largest
    interregional flows E_rd = sum_{i in r} s*_i (L* y_d)_i of the deterministic run, per draw.

    ``method`` "reuse" (the scheme of the module doc) or "direct" (one LU per draw, the
    reference the tests compare with).  Same ``seed``: same draws for both."""
    if draws < 2:
        raise InputError(f"draws = {draws}", where="Monte Carlo", expected="at least 2 draws")
    if method not in ("reuse", "direct"):
        raise InputError(f"method {method!r}", where="Monte Carlo",
                         expected="'reuse' or 'direct'")
    t = p.table
    n, R = t.n, len(t.regions)
    A = sp.coo_matrix(p.A)
    keep = A.data != 0
    rows, cols, a = A.row[keep], A.col[keep], A.data[keep]
    reg = region_of_nodes(t)
    cvA = cvs.block_matrix(t.regions)[reg[rows], reg[cols]]
    cvF = cvs.F_vector(t.regions)[reg]
    Ad = np.zeros((n, n))
    Ad[rows, cols] = a
    lu0 = sla.lu_factor(np.eye(n) - Ad, check_finite=False)  # the one factorisation
    Yd = p.Yd
    fy = F_Y_by_destination(t, p.satellite)
    x = p.x
    # deterministic run on the same factors: E_rd = sum_{i in r} s_i (L y_d)_i, m = L' s
    LY = sla.lu_solve(lu0, Yd[:, :R], check_finite=False)
    E0 = (p.s[:, None] * LY).reshape(R, len(t.sectors), R).sum(axis=1)
    m0 = sla.lu_solve(lu0, p.s, trans=1, check_finite=False)
    W = E0.copy()
    np.fill_diagonal(W, -np.inf)
    order = np.argsort(W, axis=None)[::-1][:min(top, R * (R - 1))]
    pairs = [(int(i // R), int(i % R)) for i in order]
    srcs = sorted({r for r, _ in pairs})
    flow_names = [f"{t.regions[r]} -> {t.regions[d]}" for r, d in pairs]
    dest = t.destinations()
    xi = np.where(x != 0, 1.0 / np.where(x != 0, x, 1.0), 0.0)
    masks = np.stack([(reg == r).astype(float) for r in srcs], axis=1)  # n x q
    colsum_of = sp.csr_matrix((a, (cols, np.arange(a.size))), shape=(n, a.size))  # 1'A* rows
    rng = np.random.default_rng(seed)
    foot, flows, iters, fallback = [], [], [], 0
    for start in range(0, draws, chunk):
        k = min(chunk, draws - start)
        gA = lognormal_factors(rng, cvA, k)
        gF = lognormal_factors(rng, cvF, k)
        colsum = colsum_of @ gA
        if np.any(colsum >= 1.0):
            bad = int((colsum >= 1.0).any(axis=0).sum())
            raise CalculationError(
                f"{bad} of {k} draws (from draw {start}) give A* a column sum >= 1",
                where="Monte Carlo", expected="smaller CVs of A (a productive economy)")
        dA = a[:, None] * (gA - 1.0)
        s_k = p.satellite.F[:, None] * gF * xi[:, None]  # n x k
        # rhs 0: s* (multipliers); rhs 1..q: s* restricted to each top-flow source region
        C = np.concatenate([s_k[:, :, None], s_k[:, :, None] * masks[:, None, :]], axis=2)
        if method == "reuse":
            X, it, moving = _fixed_point(lu0, rows, cols, dA, C, True, n, tol, max_iter)
            iters.append(it)
        else:
            X, moving = np.empty_like(C), np.ones(k, dtype=bool)
        for i in np.flatnonzero(moving):
            Ai = Ad.copy()
            Ai[rows, cols] = a * gA[:, i]
            X[:, i, :] = sla.solve(np.eye(n) - Ai, C[:, i, :], transposed=True,
                                   check_finite=False)
        fallback += int(moving.sum()) if method == "reuse" else 0
        m = X[:, :, 0]  # n x k
        foot.append(m.T @ Yd + fy[None, :])
        Q = np.einsum("nkq,nd->kqd", X[:, :, 1:], Yd[:, :R])
        flows.append(np.stack([Q[:, srcs.index(r), d] for r, d in pairs], axis=1))
    base_cba = m0 @ Yd + fy
    return MCResult(
        footprints=pd.DataFrame(np.vstack(foot), columns=pd.Index(dest, name="region")),
        flows=pd.DataFrame(np.vstack(flows), columns=pd.Index(flow_names, name="flow")),
        base_footprints=pd.Series(base_cba, index=pd.Index(dest, name="region")),
        base_flows=pd.Series([E0[r, d] for r, d in pairs],
                             index=pd.Index(flow_names, name="flow")),
        iterations=iters, fallback_draws=fallback, seed=seed)
