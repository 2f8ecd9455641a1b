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
* ``krylov`` GMRES per right-hand side, preconditioned by an incomplete LU.
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
    iterations: int = 0
    _lu: Any = field(default=None, repr=False)
    _At: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise CalculationError(f"unknown Leontief method {self.method!r}",
                                   expected=", ".join(METHODS))
        n = self.A.shape[0]
        if self.method == "auto":
            dense_ok = not sp.issparse(self.A) or self.A.nnz > 0.1 * n * n or n <= 2000
            self.method = "dense" if dense_ok else "power"
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
