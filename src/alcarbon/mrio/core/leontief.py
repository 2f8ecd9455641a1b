"""Leontief quantity model: pure functions named after the textbook symbols.

    x = Z 1 + Y 1            total output
    A = Z x^-1               technical coefficients (column j divided by x_j)
    s = F / x                direct emission intensity (emission unit per money unit)
    L = (I - A)^-1           Leontief inverse, never formed unless :func:`calc_L` is called
    m' = s' L                total (embodied) emission multipliers

All solves go through :class:`LeontiefSolver`, which factorises (I - A) once and reuses the
factors for (I - A) X = B and (I - A)' X = C.  Methods:

* ``dense``  LU of the dense matrix (LAPACK getrf), fastest below a few thousand nodes;
* ``splu``   sparse LU (SuperLU) of a sparse A;
* ``power``  Leontief power series X = sum_k A^k B, iterated per column until the last term
  times its geometric tail estimate is below ``tol`` relative to that column's sum (needs
  spectral radius of A < 1, true for a productive economy);
* ``krylov`` GMRES per right-hand side, preconditioned by an incomplete LU;
* ``auto``   :func:`choose_method`: by size, density and the estimated spectral radius.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from alcarbon.errors import CalculationError

METHODS = ("auto", "dense", "splu", "power", "krylov")


def calc_x(Z: Any, Y: np.ndarray) -> np.ndarray:
    """Total output x = Z 1 + Y 1 (money unit of the table)."""
    return np.asarray(Z.sum(axis=1)).ravel() + np.asarray(Y).sum(axis=1)


def _inv_or_zero(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    nz = x != 0
    out[nz] = 1.0 / x[nz]
    return out


def calc_A(Z: Any, x: np.ndarray) -> Any:
    """Technical coefficients A = Z x^-1 (a_ij = z_ij / x_j; 0 where x_j = 0).

    Keeps the storage of Z: sparse in, sparse (CSC) out.
    """
    xi = _inv_or_zero(x)
    if sp.issparse(Z):
        return sp.csc_matrix(Z @ sp.diags(xi))
    return np.asarray(Z, dtype=float) * xi[None, :]


def calc_S(F: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Direct intensities s = F / x (emission unit per money unit; 0 where x = 0)."""
    return np.asarray(F, dtype=float) * _inv_or_zero(x)


def calc_L(A: Any) -> np.ndarray:
    """The full Leontief inverse L = (I - A)^-1, dense.  Only when really needed (n^2 memory)."""
    Ad = A.toarray() if sp.issparse(A) else np.asarray(A)
    return np.linalg.inv(np.eye(Ad.shape[0]) - Ad)


#: n up to which a dense LU is always chosen (its cost is negligible there).
AUTO_DENSE_N = 300
#: Spectral radius from which the power series is not considered (over 600 terms at 1e-13).
AUTO_RHO_MAX = 0.95
#: Density (nnz / n^2) below which a direct solve uses sparse LU rather than dense LU (at
#: 3.5 % density SuperLU's fill-in made it 3.3-3.6x slower than dense LU: bench_leontief.py).
AUTO_SPARSE_DENSITY = 0.01
#: Flop-rate ratio of LAPACK LU to a sparse matrix-vector product: a power-series flop counts
#: this many LU flops. Order of magnitude from bench/bench_leontief.py on a 2-core machine.
AUTO_POWER_PENALTY = 10.0


def spectral_radius_estimate(A: Any, iters: int = 30) -> float:
    """Estimate of the spectral radius of |A| (an upper bound's target for A itself).

    Power iteration from the ones vector: sum(|A| v) / sum(v) is a v-weighted mean of the
    column sums of |A|, so it never exceeds the largest column sum and converges to the Perron
    root for an irreducible non-negative matrix (Miller & Blair 2009, appendix A).
    """
    M = abs(sp.csr_matrix(A)) if sp.issparse(A) else np.abs(np.asarray(A, dtype=float))
    n = M.shape[0]
    v = np.ones(n)
    r = 0.0
    for _ in range(iters):
        w = M @ v
        total = float(w.sum())
        if total == 0.0:
            return 0.0
        r = total / float(v.sum())
        v = w * (n / total)
    return r


def choose_method(A: Any, rhs: int = 1, tol: float = 1e-13) -> dict[str, Any]:
    """The ``auto`` choice for (I - A) X = B with ``rhs`` columns, and the figures behind it.

    Power series cost ~ 2 nnz x terms x rhs flops, with terms = log(tol) / log(rho) from the
    estimated spectral radius; dense LU ~ 2/3 n^3 + 2 n^2 rhs flops. The series wins when
    it is cheaper after the ``AUTO_POWER_PENALTY`` (its flops run slower than LAPACK's);
    otherwise a direct solve, sparse LU for a sparse A.
    """
    n = A.shape[0]
    nnz = A.nnz if sp.issparse(A) else int(np.count_nonzero(A))
    density = nnz / float(n * n) if n else 1.0
    out: dict[str, Any] = {"n": n, "nnz": nnz, "density": density, "rhs": rhs}
    direct = "splu" if sp.issparse(A) and density < AUTO_SPARSE_DENSITY else "dense"
    if n <= AUTO_DENSE_N:
        return {**out, "method": "dense", "reason": f"n <= {AUTO_DENSE_N}"}
    rho = spectral_radius_estimate(A)
    out["rho_estimate"] = rho
    if rho >= AUTO_RHO_MAX:
        return {**out, "method": direct, "reason": f"spectral radius ~{rho:.3f} >= "
                f"{AUTO_RHO_MAX}: power series too long"}
    terms = 1 if rho <= 0 else int(np.ceil(np.log(tol) / np.log(rho))) + 5
    power = AUTO_POWER_PENALTY * 2.0 * nnz * terms * rhs
    lu = 2.0 / 3.0 * n**3 + 2.0 * n * n * rhs
    out.update(terms_estimate=terms, power_cost=power, lu_cost=lu)
    if power < lu:
        return {**out, "method": "power", "reason": "power series cheaper than LU"}
    return {**out, "method": direct, "reason": "LU cheaper than the power series"}


@dataclass
class LeontiefSolver:
    """(I - A) factorised once; ``solve(B)`` = L B and ``solve_T(C)`` = L' C.

    ``tol`` is the relative tolerance of the iterative methods (power, krylov); the direct
    methods are exact to rounding.  ``iterations`` records the last power-series length.
    """

    A: Any
    method: str = "auto"
    tol: float = 1e-13
    max_iter: int = 2000
    rhs: int = 1  # expected right-hand sides per factorisation, for ``auto``
    iterations: int = 0
    choice: dict[str, Any] = field(default_factory=dict)  # why ``auto`` chose its method
    _lu: Any = field(default=None, repr=False)
    _At: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise CalculationError(f"unknown Leontief method {self.method!r}",
                                   expected=", ".join(METHODS))
        n = self.A.shape[0]
        if self.method == "auto":
            self.choice = choose_method(self.A, rhs=self.rhs, tol=self.tol)
            self.method = self.choice["method"]
        if self.method == "dense":
            Ad = self.A.toarray() if sp.issparse(self.A) else np.asarray(self.A, dtype=float)
            M = np.eye(n) - Ad
            self._lu = sla.lu_factor(M, overwrite_a=True, check_finite=False)
            if np.any(np.diag(self._lu[0]) == 0):
                raise CalculationError("I - A is singular", where="Leontief solve")
        elif self.method == "splu":
            M = sp.csc_matrix(sp.eye(n) - sp.csc_matrix(self.A))
            try:
                self._lu = spla.splu(M)
            except RuntimeError as exc:
                raise CalculationError(f"I - A is singular ({exc})",
                                       where="Leontief solve") from None
        else:
            self.A = sp.csr_matrix(self.A)
            self._At = sp.csr_matrix(self.A.T)

    # -- public -----------------------------------------------------------------------------
    def solve(self, B: np.ndarray) -> np.ndarray:
        """X = L B, i.e. (I - A) X = B (B: vector or n x k)."""
        return self._run(np.asarray(B, dtype=float), trans=False)

    def solve_T(self, C: np.ndarray) -> np.ndarray:
        """X = L' C, i.e. (I - A)' X = C; ``solve_T(s)`` gives the multipliers m."""
        return self._run(np.asarray(C, dtype=float), trans=True)

    # -- internals --------------------------------------------------------------------------
    def _run(self, B: np.ndarray, trans: bool) -> np.ndarray:
        if self.method == "dense":
            return sla.lu_solve(self._lu, B, trans=1 if trans else 0, check_finite=False)
        if self.method == "splu":
            return self._lu.solve(B, trans="T" if trans else "N")
        M = self._At if trans else self.A
        if self.method == "power":
            return self._power(M, B)
        return self._krylov(M, B)

    def _power(self, M: Any, B: np.ndarray) -> np.ndarray:
        # Leontief series: X = B + A B + A^2 B + ...  (Miller & Blair 2009, eq. 2.20).
        # Each column stops on its own (a small right-hand side must not stop with a large
        # one): when its last term, times the geometric tail 1 + r/(1 - r) with r the ratio of
        # the last two terms, is below tol x its largest entry.
        X = B.reshape(B.shape[0], -1).copy()
        term = X.copy()
        active = np.flatnonzero(np.abs(X).max(axis=0) > 0)
        prev = np.abs(term[:, active]).max(axis=0)
        for k in range(1, self.max_iter + 1):
            if active.size == 0:
                self.iterations = k - 1
                return X.reshape(B.shape)
            t = M @ term[:, active]
            X[:, active] += t
            term[:, active] = t
            size = np.abs(t).max(axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                r = np.where(prev > 0, size / prev, 0.0)
            tail = np.where(r < 1.0, 1.0 + r / np.maximum(1.0 - r, 1e-300), np.inf)
            done = size * tail <= self.tol * np.abs(X[:, active]).max(axis=0)
            active, prev = active[~done], size[~done]
        raise CalculationError(f"Leontief power series did not converge in {self.max_iter} terms",
                               where="Leontief solve", expected="spectral radius of A < 1")

    def _krylov(self, M: Any, B: np.ndarray) -> np.ndarray:
        n = M.shape[0]
        Msys = sp.csc_matrix(sp.eye(n) - M)
        ilu = spla.spilu(Msys, drop_tol=1e-4, fill_factor=10)
        P = spla.LinearOperator((n, n), ilu.solve)
        cols = B.reshape(n, -1)
        out = np.empty_like(cols)
        for j in range(cols.shape[1]):
            sol, info = spla.gmres(Msys, cols[:, j], M=P, rtol=self.tol, atol=0.0,
                                   restart=50, maxiter=self.max_iter)
            if info != 0:
                raise CalculationError("GMRES did not converge", where="Leontief solve")
            out[:, j] = sol
        return out.reshape(B.shape)


def calc_M(s: np.ndarray, solver: LeontiefSolver) -> np.ndarray:
    """Total multipliers m' = s' L, solved as (I - A)' m = s (emission unit per money unit)."""
    return solver.solve_T(s)
