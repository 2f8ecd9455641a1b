"""Solve the product system and build the contribution cube (GB/T 44905 8.2 formula (1)).

s = A^-1 f scales every column to deliver 1 t of the declared product; each line item then emits
activity x factor x s[column] t of its gas, weighted by GWP. Cycles (e.g. a captive power plant
whose electricity also runs its own coal handling) are solved, not refused.

A is held as triplets. Systems of up to ``DENSE_MAX`` columns are solved by dense LU (LAPACK),
which spares the CLI the scipy import; larger ones by sparse LU (SuperLU via
scipy.sparse.linalg.splu), so no n x n array is formed (bench/bench_engine.py prints the
scaling).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from alcarbon.engine.result import Contribution
from alcarbon.engine.smallchain import (
    _absorb,
    _attribution_small,
    _small_problem,
    _small_result,
    direct_shares_all,
)
from alcarbon.engine.system import ProductSystem
from alcarbon.errors import CalculationError
from alcarbon.inventory.model import STANDARD_STAGES

#: Largest system solved densely (columns). A round figure, not tuned by a bench: dense LU of
#: 200 x 200 costs well under a millisecond and spares small studies the scipy import.
DENSE_MAX = 200


class _Singular(Exception):
    pass


def _lu_solve(system: ProductSystem, F: np.ndarray) -> np.ndarray:
    if len(system.columns) <= DENSE_MAX:
        try:
            return np.linalg.solve(system.A, F)
        except np.linalg.LinAlgError as exc:
            raise _Singular from exc
    from scipy.sparse.linalg import splu

    try:
        lu = splu(system.A_sparse)
    except RuntimeError as exc:  # SuperLU: "Factor is exactly singular"
        raise _Singular from exc
    return lu.solve(np.asarray(F, dtype=float))


def scaling(system: ProductSystem, F: np.ndarray) -> np.ndarray:
    """Solve A S = F for the scaling vectors (one column per demand vector)."""
    try:
        S = _lu_solve(system, F)
    except _Singular as exc:
        raise CalculationError(
            "the product system is singular: a product is consumed as much as (or more than) it "
            "is made, or a unit makes nothing", expected="each unit's output to exceed its "
            "consumption of its own product through the chain",
        ) from exc
    # A loop that consumes more than it makes (e.g. power needing more steam than the boiler
    # can make with that power) solves to negative scaling: refuse it rather than report a
    # negative footprint.
    finite = bool(np.isfinite(S).all())
    if finite:
        _zero_off_path(system, F, S)
    bad = sorted({system.columns[j][0] for j in _negative(system, F, S)}) if finite else []
    if bad or not finite:
        raise CalculationError(
            f"the product system cannot deliver the declared product: units {bad} would have to "
            "run at negative scale (a loop uses more of a product than it makes)",
            expected="a loop whose units make more than they consume of each other's products",
        )
    return S


def _zero_off_path(system: ProductSystem, F: np.ndarray, S: np.ndarray) -> None:
    """Set to exactly 0 (in place) the scale of every column not upstream of its demand.

    Such a column's balance takes no demand and only products of columns off the path too
    (a column using its product would be upstream itself), so the subsystem of those columns
    is homogeneous and their exact scale is 0. LU leaves rounding noise of either sign there
    (about 1e-20 beside scales of 1e-6 in the coal example), which showed as contribution rows
    of units off the product's chain: bauxite charged with alumina refining's caustic soda at
    7.7e-22 t CO2e, alumina's Table E.2 with -3.2e-19 t in anode production."""
    S2 = S.reshape(S.shape[0], -1)  # a view: S is C-contiguous (a solver's output)
    seeds = np.asarray(F).reshape(S2.shape[0], -1) != 0.0
    if len(system.a_rows) > SMALL_TRIPLETS:
        S2[~_upstream(system, seeds)] = 0.0
        return
    # the same columns from the lists in Python (numpy's per-call overhead dominates)
    n, k = S2.shape
    off = [c * k + d for d, up in enumerate(_upstream_lists(system, seeds))
           for c in range(n) if up is None or not up[c]]
    if off:
        S2.ravel()[off] = 0.0  # ravel: a view of the contiguous S2


def _negative(system: ProductSystem, F: np.ndarray, S: np.ndarray) -> list[int]:
    """Columns (ascending) whose scale is negative beyond rounding, for any demand vector.

    Only columns upstream of the demand count: any other column's exact scale is 0 and its
    computed one rounding noise of either sign (a loop elsewhere in the system spreads it).
    An upstream column's tolerance is its own: s_j is fixed by the balance of its product,
    A_jj s_j = f_j - sum_k A_jk s_k, so its rounding error is about eps x (|f_j| +
    sum_k |A_jk s_k|) / |A_jj|. A tolerance of 1e-9 of that magnitude (7 orders above eps)
    holds at any scale: deep in a long chain scales of 1e-70 are ordinary, and an absolute
    floor there would let an impossible loop through.
    """
    S2 = S.reshape(S.shape[0], -1)
    F2 = np.asarray(F, dtype=float).reshape(S2.shape[0], -1)
    if len(system.a_rows) <= SMALL_TRIPLETS:
        return _negative_small(system, F2, S2)
    if not (S2 < 0.0).any():  # below its tolerance (<= 0) implies below 0
        return []
    F2 = np.abs(F2)
    up = _upstream(system, F2 != 0.0)
    r, c, v = system.a_rows, system.a_cols, system.a_vals
    mag = F2.copy()
    np.add.at(mag, r, np.abs(v)[:, None] * np.abs(S2[c]))
    return (up & (S2 < -1e-9 * mag / _abs_diag(system)[:, None])).any(axis=1).nonzero()[0].tolist()


#: Up to this many triplets of A the scale check works on the few negative scales in Python
#: (numpy's per-call overhead dominates for the 17 triplets of the coal example).
SMALL_TRIPLETS = 256


def _negative_small(system: ProductSystem, F2: np.ndarray, S2: np.ndarray) -> list[int]:
    """:func:`_negative` entry by entry for the negative scales only (Python floats), as the
    columns found (ascending): the same upstream test and the same tolerance (|f_j| + the
    |A_jk s_k| of row j added in triplet order, as ``np.add.at`` adds them, x 1e-9 /
    |A_jj|)."""
    jj, dd = (S2 < 0.0).nonzero()
    if not len(jj):
        return []
    fl = F2.tolist()
    sl: list[list[float]] = []
    r, c, v = a_lists(system)
    diag: list[float] | None = None
    bad: list[int] = []
    upstream = _upstream_lists(system, F2 != 0.0)  # per demand (None: no product demanded)
    for j, d in zip(jj.tolist(), dd.tolist(), strict=True):
        if j in bad:
            continue  # already refused
        up = upstream[d]
        if up is None or not up[j]:
            continue  # not upstream of demand d: rounding noise
        if diag is None:
            diag, sl = _abs_diag(system).tolist(), S2.tolist()
        mag = abs(fl[j][d])
        for ri, ci, vi in zip(r, c, v, strict=True):
            if ri == j:
                mag += abs(vi) * abs(sl[ci][d])
        if sl[j][d] < -1e-9 * mag / diag[j]:
            bad.append(j)
    return sorted(bad)


def a_lists(system: ProductSystem) -> tuple[list[int], list[int], list[float]]:
    """The triplets of A as Python lists (rows, columns, values), once per system (the build
    leaves the lists it made)."""
    lists = system.__dict__.get("_a_lists")
    if lists is None:
        lists = system.__dict__["_a_lists"] = (
            system.a_rows.tolist(), system.a_cols.tolist(), system.a_vals.tolist())
    return lists


def _abs_diag(system: ProductSystem) -> np.ndarray:
    """|A_jj| per column (1.0 where 0), once per system."""
    diag = system.__dict__.get("_abs_diag")
    if diag is None:
        r, c, v = system.a_rows, system.a_cols, system.a_vals
        diag = np.zeros(len(system.columns))
        on = r == c
        np.add.at(diag, r[on], v[on])
        diag = system.__dict__["_abs_diag"] = np.where(diag != 0.0, np.abs(diag), 1.0)
    return diag


def _reach(system: ProductSystem, j: int) -> list[bool]:
    """Columns reachable upstream of column ``j`` (itself included), once per system and
    column: column k consuming product i (A_ik != 0) reaches i's producer i."""
    memo = system.__dict__.get("_reach")
    if memo is None:
        adj: list[list[int]] = [[] for _ in system.columns]  # consumed rows per column
        if len(system.a_rows) <= SMALL_TRIPLETS:
            for ri, ci, vi in zip(*a_lists(system), strict=True):
                if ri != ci and vi != 0.0:
                    adj[ci].append(ri)
        else:
            r, c, v = system.a_rows, system.a_cols, system.a_vals
            off = (r != c) & (v != 0.0)
            order = np.argsort(c[off], kind="stable")
            rows, cols = r[off][order], c[off][order]
            start = np.searchsorted(cols, np.arange(len(system.columns) + 1)).tolist()
            # plain ints: the walk is Python, element by element
            rl = rows.tolist()
            adj = [rl[a:b] for a, b in zip(start, start[1:], strict=False)]
        memo = system.__dict__["_reach"] = ({}, adj)
    found, adj = memo
    seen = found.get(j)
    if seen is None:
        seen = [False] * len(adj)
        seen[j] = True
        todo = [j]
        while todo:
            for i in adj[todo.pop()]:
                if not seen[i]:
                    seen[i] = True
                    todo.append(i)
        found[j] = seen
    return seen


def _upstream_lists(system: ProductSystem, seeds: np.ndarray) -> list[list[bool] | None]:
    """Per demand vector (column of ``seeds``, True where a product is demanded), the columns
    reachable upstream as a list of bools: the union of :func:`_reach` of its demanded
    products; None for a demand of no product."""
    on: list[list[bool] | None] = [None] * seeds.shape[1]
    rows, ds = np.nonzero(seeds)
    for j, d in zip(rows.tolist(), ds.tolist(), strict=True):
        r, prev = _reach(system, j), on[d]
        on[d] = r if prev is None else [a or b for a, b in zip(prev, r, strict=True)]
    return on


def _upstream(system: ProductSystem, seeds: np.ndarray) -> np.ndarray:
    """:func:`_upstream_lists` as an (n columns x demands) bool array."""
    n, k = seeds.shape
    none = [False] * n
    return np.array([none if up is None else up for up in _upstream_lists(system, seeds)],
                    dtype=bool).reshape(k, n).T


def item_arrays(system: ProductSystem, location: bool = False) -> tuple[np.ndarray, np.ndarray,
                                                                       np.ndarray]:
    """(column index, t CO2e per unit of column scale, t gas per unit of scale) per item.

    ``location=False``: the declared GB/T 44905 result (an item's ``factor_market``, the declared
    electricity factor, where set); True: the location-based comparison (``factor``)."""
    cols = np.fromiter((it.column for it in system.items), int, len(system.items))
    gas_t = np.fromiter(
        (it.activity * (it.factor_market if not location and it.factor_market is not None
                        else it.factor) for it in system.items), float, len(system.items))
    gwp = np.fromiter((system.gwp[it.gas] for it in system.items), float, len(system.items))
    return cols, gas_t * gwp, gas_t


def _supply_links(system: ProductSystem) -> tuple[np.ndarray, ...]:
    """Technosphere links of user-defined supply units (not a standard stage) into other
    columns, as arrays (supply column, consumer column, A value, pair number), pairs numbered
    in first-seen order; the same for every demand, so found once per system."""
    links = system.__dict__.get("_supply_links")
    if links is None:
        sel = [(e.row, e.column, e.value) for e in system.tech  # column j makes product row j
               if e.row != e.column
               and system.unit_stage[system.columns[e.row][0]] not in STANDARD_STAGES]
        j = np.fromiter((x[0] for x in sel), np.int64, len(sel))
        c = np.fromiter((x[1] for x in sel), np.int64, len(sel))
        v = np.fromiter((x[2] for x in sel), float, len(sel))
        key = j * len(system.columns) + c
        _u, first, inv = np.unique(key, return_index=True, return_inverse=True)
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(first))
        pair = rank[inv.ravel()]
        order = np.sort(first)
        links = system.__dict__["_supply_links"] = (j, c, v, pair, j[order], c[order])
    return links


def _supply_lists(system: ProductSystem) -> tuple[list[int], list[int], list[float]] | None:
    """The (supply column, consumer column, A value) lists of :func:`_supply_links` when there
    are at most SMALL_LINKS (found in Python, once per system), else None."""
    memo = system.__dict__.get("_supply_lists", False)
    if memo is False:
        memo = None
        sel = [(e.row, e.column, e.value) for e in system.tech  # column j makes product row j
               if e.row != e.column
               and system.unit_stage[system.columns[e.row][0]] not in STANDARD_STAGES]
        if len(sel) <= SMALL_LINKS:
            memo = ([x[0] for x in sel], [x[1] for x in sel], [x[2] for x in sel])
        system.__dict__["_supply_lists"] = memo
    return memo


#: Up to this many supply links the attribution is worked out with Python dicts (numpy's
#: per-call overhead dominates for a few links: 150 against about 60 us for the 5 links of
#: examples/coal_captive_smelter.yaml, time.process_time, not a bench).
SMALL_LINKS = 32


def attributions(system: ProductSystem, S: np.ndarray, attribute: bool) -> list[Any]:
    """:func:`attribution` for each column of ``S``, the same values: for a few supply links
    the small absorbing chains of all demands of one size are solved in one stacked call
    (numpy solves each matrix of the stack by the same LAPACK routine as one alone)."""
    k = S.shape[1]
    if not attribute:
        return [None] * k
    lists = _supply_lists(system)
    if lists is None:
        return [attribution(system, S[:, d], attribute) for d in range(k)]
    if not lists[0]:
        return [None] * k
    lj, lc, _lv = lists
    if len(set(zip(lj, lc, strict=True))) == len(lj) and not set(lc) & set(lj):
        # each (supply, consumer) pair listed once, no supply unit delivering to another:
        # Q = 0 under every demand, the shares directly (as _small_problem finds them)
        return direct_shares_all(*lists, S.T.tolist())
    problems = [_small_problem(*lists, s) for s in S.T.tolist()]
    groups: dict[tuple[int, ...], list[int]] = {}
    for d, pb in enumerate(problems):
        if isinstance(pb, tuple):
            groups.setdefault(pb[3].shape, []).append(d)
    D: dict[int, np.ndarray | None] = {}
    for (t, _a), ds in groups.items():
        if len(ds) == 1:
            D[ds[0]] = _absorb(problems[ds[0]][2], problems[ds[0]][3], True)
            continue
        try:
            Ds = np.linalg.solve(np.eye(t) - np.stack([problems[d][2] for d in ds]),
                                 np.stack([problems[d][3] for d in ds]))
            D.update(zip(ds, Ds, strict=True))
        except np.linalg.LinAlgError:  # one singular: each alone (None for the singular)
            D.update((d, _absorb(problems[d][2], problems[d][3], True)) for d in ds)
    return [_small_result(pb[0], pb[1], D[d]) if isinstance(pb, tuple) else pb
            for d, pb in enumerate(problems)]


def attribution(system: ProductSystem, s: np.ndarray, attribute: bool) -> Any:
    """How each column's emissions are reported under the demand that gave ``s``: None when
    every column reports itself with weight 1; for a few supply links a dict as
    :func:`_attribution_small`; else CSR arrays (ptr, target column, weight): column c reports
    in tgt[ptr[c]:ptr[c + 1]].

    Standard-stage units report themselves. A user-defined supply unit (captive power plant,
    boiler) with attribute=True reports in the units that consume its product, in proportion to
    what they use under this demand (Appendix A: 自备电力/热力 are energy-related of the
    consumer). Supply units that feed each other (a loop) are resolved exactly as an absorbing
    Markov chain: D_T = (I - Q)^-1 R over the transient (supply) columns.
    """
    if not attribute:
        return None
    lj, lc, lv, pair, pj, pc = _supply_links(system)
    if not len(lj):
        return None
    if len(lj) <= SMALL_LINKS:
        return _attribution_small(lj.tolist(), lc.tolist(), lv.tolist(), s)
    # amount delivered per (supply, consumer) pair, summed in link order; totals per supply
    # summed in first-seen pair order
    flows = np.bincount(pair, weights=np.maximum(-lv * s[lc], 0.0), minlength=len(pj))
    n = len(system.columns)
    totals = np.bincount(pj, weights=flows, minlength=n)
    is_t = np.zeros(n, dtype=bool)
    is_t[pj[flows > 0]] = True
    is_t &= totals > 0
    transient = np.flatnonzero(is_t)
    if not transient.size:
        return None
    t_index = np.full(n, -1, dtype=np.int64)
    t_index[transient] = np.arange(transient.size)
    use = is_t[pj] & (flows != 0.0)
    to_t = use & is_t[pc]
    to_a = use & ~is_t[pc]
    # only absorbing columns that receive something get a column of R
    is_a = np.zeros(n, dtype=bool)
    is_a[pc[to_a & (flows > 0)]] = True
    absorbing = np.flatnonzero(is_a)
    a_index = np.full(n, -1, dtype=np.int64)
    a_index[absorbing] = np.arange(absorbing.size)
    w = flows[use] / totals[pj[use]]  # totals > 0 for a transient supply
    on_t = is_t[pc[use]]
    qr, qc, qv = t_index[pj[to_t]], t_index[pc[to_t]], w[on_t]
    rr, rc, rv = t_index[pj[to_a]], a_index[pc[to_a]], w[~on_t]
    shape_q, shape_r = (transient.size,) * 2, (transient.size, absorbing.size)
    dense = transient.size <= DENSE_MAX
    if dense:  # (supply, consumer) pairs are distinct: no two entries fall on one cell
        Q, R = np.zeros(shape_q), np.zeros(shape_r)
        Q[qr, qc] = qv
        R[rr, rc] = rv
    else:
        import scipy.sparse as sp

        Q = sp.csc_matrix((qv, (qr, qc)), shape=shape_q)
        R = sp.csc_matrix((rv, (rr, rc)), shape=shape_r)
    D = _absorb(Q, R, dense)
    if D is None:  # a closed loop with no consumer outside: keep own stage
        return None
    t_row, k = np.nonzero(D > 1e-15)  # row-major: per transient column, targets ascending
    counts = np.ones(n, dtype=np.int64)
    counts[transient] = np.bincount(t_row, minlength=transient.size)
    ptr = np.concatenate(([0], np.cumsum(counts)))
    tgt, wts = np.arange(n, dtype=np.int64).repeat(counts), np.ones(int(ptr[-1]))
    at = ptr[transient[t_row]] + (np.arange(len(t_row))
                                  - np.repeat(np.cumsum(counts[transient]) - counts[transient],
                                              counts[transient]))
    tgt[at], wts[at] = absorbing[k], D[t_row, k]
    return ptr, tgt, wts


def report_columns(system: ProductSystem, s: np.ndarray, attribute: bool
                   ) -> list[dict[int, float]]:
    """For each column, how its emissions are reported: {reporting column: weight}
    (:func:`attribution` as one dict per column)."""
    n = len(system.columns)
    att = attribution(system, s, attribute)
    if att is None:
        return [{j: 1.0} for j in range(n)]
    if isinstance(att, dict):
        return [att.get(c, {c: 1.0}) for c in range(n)]
    ptr, tgt, wts = att
    return [dict(zip(tgt[ptr[c]:ptr[c + 1]].tolist(), wts[ptr[c]:ptr[c + 1]].tolist(),
                     strict=True)) for c in range(n)]


def contributions(system: ProductSystem, s: np.ndarray, *, location: bool, convention: str,
                  attribute: bool) -> list[Contribution]:
    """The cube rows for one scaling vector ``s`` (per declared unit): the declared result, or
    with ``location=True`` the location-based comparison (7.1.5)."""
    from alcarbon.engine.cube import Cube, Layout

    return Cube(Layout(system, s, attribution(system, s, attribute)), location=location,
                convention=convention).rows()
