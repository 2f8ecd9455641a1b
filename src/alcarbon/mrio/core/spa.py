"""Structural path analysis (Defourny & Thorbecke 1984; Lenzen 2003; Peters & Hertwich 2006).

The footprint of a final-demand vector y expands as a power series

    m' y = s' y + s' A y + s' A^2 y + ...,   m' = s' L.

A path of order k, j_k -> ... -> j_1 -> j_0 (j_k emits, j_0 delivers to final demand), has value

    PV = s_{j_k} a_{j_k j_{k-1}} ... a_{j_1 j_0} y_{j_0}

and its whole subtree (every longer path that starts with it) sums to
m_{j_k} a_{j_k j_{k-1}} ... a_{j_1 j_0} y_{j_0}.  The search walks the tree depth first and
expands a node only while |subtree| >= threshold * |m' y| and the order is below max_depth.
With threshold 0 the values of order k sum to s' A^k y exactly, so the sum over all orders
converges to m' y (the Leontief total).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from alcarbon.errors import InputError


@dataclass(frozen=True)
class SPAResult:
    """Top paths (``paths``), the Leontief total m'y, the sum of every path found
    (``covered``) and the number of paths visited; ``truncated`` when max_paths stopped
    the search."""

    paths: pd.DataFrame
    total: float
    covered: float
    visited: int
    truncated: bool

    @property
    def top_share(self) -> float:
        """Share of the Leontief total covered by the returned top-k paths."""
        return float(self.paths["value"].sum() / self.total) if self.total else 0.0

    @property
    def covered_share(self) -> float:
        return self.covered / self.total if self.total else 0.0


def structural_paths(A, s: np.ndarray, m: np.ndarray, y: np.ndarray, *,
                     labels: list[str] | None = None, top_k: int = 20, max_depth: int = 6,
                     threshold: float = 1e-4, max_paths: int = 2_000_000) -> SPAResult:
    """Top-k supply-chain paths of s' L y (emission unit of s times money unit of y).

    ``A`` dense or sparse (n x n); ``s`` direct and ``m`` total intensities (n); ``y`` the
    final demand studied (n, e.g. one region's final demand or one sector's).
    ``threshold`` prunes subtrees below that share of the total; ``max_depth`` is the highest
    path order kept.
    """
    n = len(s)
    if np.shape(y) != (n,) or np.shape(m) != (n,):
        raise InputError("s, m and y must all have one value per node", where="SPA",
                         expected=f"vectors of length {n}")
    if threshold < 0 or max_depth < 0 or top_k < 1:
        raise InputError("bad SPA settings", where="SPA",
                         expected="threshold >= 0, max_depth >= 0, top_k >= 1")
    Ac = sp.csc_matrix(A)
    indptr, indices, data = Ac.indptr, Ac.indices, Ac.data
    total = float(m @ y)
    cut = threshold * abs(total)
    heap: list[tuple[float, int, tuple[int, ...], float]] = []
    counter = 0
    covered = 0.0
    truncated = False

    def keep(value: float, path: tuple[int, ...]) -> None:
        nonlocal counter
        counter += 1
        item = (abs(value), counter, path, value)
        if len(heap) < top_k:
            heapq.heappush(heap, item)
        elif item[0] > heap[0][0]:
            heapq.heapreplace(heap, item)

    # stack of (path from final-demand node j0 up to current node, weight a...a y)
    roots = np.flatnonzero(np.abs(m * y) >= cut if cut > 0 else y != 0)
    stack: list[tuple[tuple[int, ...], float]] = [((int(j),), float(y[j])) for j in roots]
    while stack:
        path, w = stack.pop()
        j = path[-1]
        value = s[j] * w
        covered += value
        keep(value, path)
        if counter >= max_paths:
            truncated = True
            break
        if len(path) - 1 >= max_depth:
            continue
        lo, hi = indptr[j], indptr[j + 1]
        if lo == hi:
            continue
        rows = indices[lo:hi]
        wc = data[lo:hi] * w
        ok = np.abs(m[rows] * wc) >= cut if cut > 0 else wc != 0
        for i, wi in zip(rows[ok].tolist(), wc[ok].tolist(), strict=True):
            stack.append((path + (i,), wi))

    best = sorted(heap, key=lambda it: (-it[0], it[2]))
    names = labels if labels is not None else [str(i) for i in range(n)]
    rows_out = []
    for rank, (_, _, path, value) in enumerate(best, start=1):
        emit_first = path[::-1]  # emitting node ... final-demand node
        rows_out.append({
            "rank": rank, "order": len(path) - 1, "value": value,
            "share": value / total if total else np.nan,
            "emitting": names[emit_first[0]], "final": names[emit_first[-1]],
            "path": " -> ".join(names[k] for k in emit_first),
            "nodes": tuple(int(k) for k in emit_first),
        })
    cols = ["rank", "order", "value", "share", "emitting", "final", "path", "nodes"]
    return SPAResult(pd.DataFrame(rows_out, columns=cols), total, covered, counter, truncated)


def node_labels(index: pd.MultiIndex, sep: str = "/") -> list[str]:
    """'region/sector' labels for SPA output."""
    return [sep.join(str(v) for v in t) for t in index]
