"""The absorbing chain of a few supply units (engine/solve.py ``attribution``): how the
emissions of captive plants and boilers are reported in the units that consume their products,
worked out with Python dicts and lists (numpy's per-call overhead dominates for a few links).

D = (I - Q)^-1 R over the transient (supply) columns: Q what a supply unit delivers to other
supply units, R what it delivers to the others (absorbing), each as a share of its total.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _absorb(Q: Any, R: Any, dense: bool) -> np.ndarray | None:
    """D = (I - Q)^-1 R, or None when I - Q is singular (a closed loop)."""
    t = Q.shape[0]
    if dense:
        try:
            return np.linalg.solve(np.eye(t) - Q, R)
        except np.linalg.LinAlgError:
            return None
    import scipy.sparse as sp
    from scipy.sparse.linalg import splu

    try:
        lu = splu(sp.csc_matrix(sp.identity(t, format="csc") - Q))
    except RuntimeError:
        return None
    D = lu.solve(R.toarray())
    return D if np.isfinite(D).all() else None


def _small_problem(lj: list[int], lc: list[int], lv: list[float], s: np.ndarray | list[float]
                   ) -> tuple[list[int], list[int], np.ndarray, np.ndarray] | dict[
                       int, dict[int, float]] | None:
    """(transient columns, absorbing columns, Q, R) of the absorbing chain of a few supply
    links under scaling ``s``; None when no supply column delivers anything; the attribution
    itself (as :func:`_small_result`) when no supply column delivers to another (Q = 0)."""
    flows: dict[tuple[int, int], float] = {}
    # Python floats: the same values, without numpy's per-element overhead
    sl = s if type(s) is list else s.tolist()
    for j, c, v in zip(lj, lc, lv, strict=True):
        flows[(j, c)] = flows.get((j, c), 0.0) + max(-v * sl[c], 0.0)
    totals: dict[int, float] = {}
    for (j, _c), v in flows.items():
        totals[j] = totals.get(j, 0.0) + v
    transient = sorted(j for j, v in totals.items() if v > 0)
    if not transient:
        return None
    t_index = {j: k for k, j in enumerate(transient)}
    if not any(v != 0.0 and c in t_index and j in t_index for (j, c), v in flows.items()):
        # Q = 0: D = (I - 0)^-1 R is R itself (LU of the identity changes no bit of R), so
        # each supply's weights are its shares v / total, kept where > 1e-15, targets ascending
        return {j: {c: w for c, w in sorted((c, v / totals[j]) for (i, c), v in flows.items()
                                            if i == j and v != 0.0) if w > 1e-15}
                for j in transient}
    # only absorbing columns that receive something get a column of R
    absorbing = sorted({c for (j, c), v in flows.items() if c not in t_index and v > 0
                        and j in t_index})
    a_index = {c: k for k, c in enumerate(absorbing)}
    Q, R = np.zeros((len(transient),) * 2), np.zeros((len(transient), len(absorbing)))
    for (j, c), v in flows.items():
        if j not in t_index or v == 0.0:
            continue
        if c in t_index:
            Q[t_index[j], t_index[c]] = v / totals[j]
        else:
            R[t_index[j], a_index[c]] = v / totals[j]
    return transient, absorbing, Q, R


def _small_result(transient: list[int], absorbing: list[int], D: np.ndarray | None
                  ) -> dict[int, dict[int, float]] | None:
    if D is None:  # a closed loop with no consumer outside: keep own stage
        return None
    Dl = D.tolist()
    return {j: {absorbing[k]: d for k, d in enumerate(Dl[t]) if d > 1e-15}
            for t, j in enumerate(transient)}


def _attribution_small(lj: list[int], lc: list[int], lv: list[float], s: np.ndarray
                       ) -> dict[int, dict[int, float]] | None:
    """:func:`attribution` for a few links, as {supply column: {target column: weight}} (the
    columns not named report themselves with weight 1); the same sums in the same order."""
    pb = _small_problem(lj, lc, lv, s)
    if pb is None or isinstance(pb, dict):
        return pb
    transient, absorbing, Q, R = pb
    return _small_result(transient, absorbing, _absorb(Q, R, True))


def direct_shares(lj: list[int], lc: list[int], lv: list[float], sl: list[float]
                  ) -> dict[int, dict[int, float]] | None:
    """:func:`_small_problem` when each (supply, consumer) pair is listed once and no consumer
    is a supply column (Q = 0): each supply column's weights its shares v / total, in the same
    sums and order (totals in link order, targets ascending, kept where > 1e-15); None when
    no supply column delivers anything."""
    return direct_shares_all(lj, lc, lv, [sl])[0]


def direct_shares_all(lj: list[int], lc: list[int], lv: list[float], S: list[list[float]]
                      ) -> list[dict[int, dict[int, float]] | None]:
    """:func:`direct_shares` under each scaling vector of ``S``: the links grouped by supply
    column once (in link order for the totals, by consumer for the weights)."""
    links: dict[int, list[int]] = {}
    for k, j in enumerate(lj):
        links.setdefault(j, []).append(k)
    # a consumer appears once per supply column: its weights ascending by consumer; the
    # totals in link order (sum of floats: from 0.0, one addition after another)
    groups = [(j, ks, sorted(ks, key=lc.__getitem__)) for j, ks in sorted(links.items())]
    cn = [(c, -v) for c, v in zip(lc, lv, strict=True)]
    out: list[dict[int, dict[int, float]] | None] = []
    for sl in S:
        # max(-v x s_c, 0.0) without the call: 0.0 only where 0.0 > x (x kept if NaN or -0.0)
        vals = [0.0 if (x := n * sl[c]) < 0.0 else x for c, n in cn]
        res: dict[int, dict[int, float]] = {}
        for j, ks, by_c in groups:
            # one supply column with every link: all amounts in link order
            total = sum(vals) if len(ks) == len(vals) else sum([vals[k] for k in ks])
            if total > 0:
                res[j] = {lc[k]: w for k in by_c
                          if (v := vals[k]) != 0.0 and (w := v / total) > 1e-15}
        out.append(res or None)
    return out
