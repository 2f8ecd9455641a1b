"""The cubes of every declared product of a small system made in one pass over stacked arrays.

:class:`~alcarbon.engine.cube.Layout` and :class:`~alcarbon.engine.cube.Cube` make the rows of
one product and one side with a dozen numpy calls each; for the few dozen items of a plant
study numpy's per-call overhead, repeated for every product and side, was most of their time.
Here the items of all products are laid end to end (product by product, each in item order), the
rows of all of them made by the same calls, and each product's cube is a slice: the same rows,
in the same order, with the same products scale x weight and value x fraction (IEEE, element by
element), so every figure is the same to the last bit.
"""

from __future__ import annotations

from itertools import accumulate
from math import isfinite
from typing import Any

import numpy as np

from alcarbon.engine.cube import SMALL_ITEMS, Cube
from alcarbon.engine.item_lists import item_co2e, item_table
from alcarbon.engine.system import ProductSystem


def applies(system: ProductSystem, atts: list[Any]) -> bool:
    """Whether :func:`cubes` takes the system: a few items, attributions None or dicts."""
    return len(system.items) <= SMALL_ITEMS and all(a is None or isinstance(a, dict)
                                                     for a in atts)


def _targets(n: int, atts: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ptr, target column, weight) over the K x n (product, column) pairs: column c of product
    k reports in tgt[ptr[k n + c]:ptr[k n + c + 1]], itself with weight 1 unless attributed."""
    counts: list[int] = []
    tgt: list[int] = []
    wts: list[float] = []
    for att in atts:
        a = att or {}
        for c in range(n):
            r = a.get(c)
            if r is None:
                counts.append(1)
                tgt.append(c)
                wts.append(1.0)
            else:  # a supply column, once per column it is attributed to, in dict order
                counts.append(len(r))
                tgt.extend(r)
                wts.extend(r.values())
    ptr = np.array(list(accumulate(counts, initial=0)), dtype=np.int64)
    return ptr, np.array(tgt, dtype=np.int64), np.array(wts, dtype=float)


def _rows(system: ProductSystem, S: np.ndarray, atts: list[Any]
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(product, item, reporting column, scale x weight) per row of every product: the rows
    :class:`~alcarbon.engine.cube.Layout` makes for each product, laid end to end."""
    cols = item_table(system, False)[0]
    n_items, n, k = len(cols), len(system.columns), S.shape[1]
    flat = S.T[:, cols].ravel()  # product-major: product 0's items in item order, then 1...
    nz = (flat != 0.0).nonzero()[0]  # 1-D: np.flatnonzero without its Python wrapper
    if all(a is None for a in atts):  # every column reports itself with weight 1
        prod, item = np.divmod(nz, n_items)
        return prod, item, cols[item], flat[nz]
    comb = (np.arange(k, dtype=np.int64)[:, None] * n + cols).ravel()[nz]
    ptr, tgt, wts = _targets(n, atts)
    start = ptr[comb]
    counts = ptr[comb + 1] - start
    rep = nz.repeat(counts)
    # the row's target: its item's first target + its position within the item's block (row
    # number less the number of rows before the item)
    at = np.arange(len(rep)) + (start - (counts.cumsum() - counts)).repeat(counts)
    prod, item = np.divmod(rep, n_items)
    return prod, item, tgt[at], flat[rep] * wts[at]


def _kept(system: ProductSystem, rows: tuple[np.ndarray, ...], k: int, location: bool
          ) -> tuple[Any, ...]:
    """The stacked rows kept on one side (a non-zero footprint there): (item, column,
    fraction, rows reported outside their item's column, row bounds and foreign bounds of each
    of the ``k`` products)."""
    prod, item, col, frac = rows
    cols, co2e_ps = item_table(system, location)[:2]
    keep = co2e_ps[item] != 0.0
    prod, item, col, frac = prod[keep], item[keep], col[keep], frac[keep]
    foreign = (col != cols[item]).nonzero()[0]
    at = prod.searchsorted(np.arange(k + 1)).tolist()
    return item, col, frac, foreign, at, foreign.searchsorted(at).tolist()


def _side(system: ProductSystem, kept: tuple[Any, ...], location: bool) -> tuple[Any, ...]:
    """One side's arrays, as :meth:`_Stack.side` gives them, from its kept rows
    (:func:`_kept`)."""
    item, col, frac, foreign, at, f_at = kept
    table = item_table(system, location)
    co2e_ps, gas_ps, act = table[1:4]
    rows = (item, col, co2e_ps[item] * frac, gas_ps[item] * frac, act[item] * frac)
    return table, rows, at, foreign, f_at


def _same_rows(system: ProductSystem) -> bool:
    """Whether an item's footprint is zero on one side exactly when on the other (both sides
    keep the same rows), once per system."""
    cache = system.__dict__.setdefault("_item_tables", {})
    same = cache.get("same_rows")
    if same is None:
        # the same length: not np.array_equal, whose checks cost more than the test here
        same = cache["same_rows"] = not ((item_table(system, False)[1] != 0.0)
                                         != (item_table(system, True)[1] != 0.0)).any()
    return same


class _Stack:
    """The row arrays of both sides of every product, made on the first read of any of its
    cubes' rows (Cube.of): from the system, the scaling vectors and the attributions of this
    calculation only, which nothing changes afterwards."""

    def __init__(self, system: ProductSystem, S: np.ndarray, atts: list[Any]) -> None:
        self.args: tuple[Any, ...] | None = (system, S, atts)
        self.sides: dict[bool, tuple[Any, ...]] = {}
        self.sources: dict[int, list[Any]] = {}

    def source(self, p: int) -> list[Any] | None:
        """[scaling vector, attribution, the rows once made (item_lists.source_rows)] of product
        ``p``, shared by its two cubes, while the row arrays are not made and its attribution
        is a small one ({column: {target: weight}} or None); else None (read the arrays)."""
        if self.args is None:
            return None
        src = self.sources.get(p)
        if src is None:
            _system, S, atts = self.args
            att = atts[p]
            if att is not None and type(att) is not dict:
                return None
            src = self.sources[p] = [S[:, p], att, None]
        return src

    def side(self, location: bool) -> tuple[Any, ...]:
        """(item table of the side, row arrays (item, col, t_co2e, t_gas, activity) of all
        products end to end, each product's row bounds, the rows reported outside their item's
        column, each product's bounds among them)."""
        if not self.sides:
            system, S, atts = self.args
            k = S.shape[1]
            # overflow from absurd inputs is refused after the sum (calculate._check_finite)
            with np.errstate(over="ignore", invalid="ignore"):
                rows = _rows(system, S, atts)
                kept = _kept(system, rows, k, False)
                self.sides[False] = _side(system, kept, False)
                if not _same_rows(system):
                    kept = _kept(system, rows, k, True)
                self.sides[True] = _side(system, kept, True)
            self.args = None
        return self.sides[location]

    def totals(self, location: bool) -> list[float]:
        """Each product's sum of its rows on one side in row order, as Cube.total adds them."""
        _table, rows, at, _foreign, _f_at = self.side(location)
        tl = rows[2].tolist()
        return [float(sum(tl[a:b])) for a, b in zip(at, at[1:], strict=False)]


def _totals(system: ProductSystem, S: np.ndarray, atts: list[Any]
            ) -> list[tuple[float, float]] | None:
    """Each product's (declared, location-based) total without the row arrays; None unless all
    are finite (or without items). Then each is the sum of its rows in row order to the last
    bit: the terms here are the rows' terms (an item's t CO2e per unit of scale x (its scale x
    the weight of the column it is reported in)) in row order, added one after another from
    the first (``np.add.accumulate``: a running sum, never pairwise), +0.0 added last as
    ``sum`` starts from 0; with, in their places, the terms of rows the arrays leave out (an
    item at zero scale or of zero footprint on the side; a supply item's padding up to its
    column's most targets), each 0 x finite = +-0.0, or NaN if not finite. A sum that starts
    from +0.0 is never -0.0, so adding +-0.0 changes nothing."""
    cols, decl, loc = item_co2e(system)
    if not len(cols):
        return None
    frac = S[cols]  # (item, product): each item's scale, its own row at weight 1
    slots: dict[int, int] = {}  # attributed (supply) column -> its most targets
    for a in atts:
        if a:
            for c, r in a.items():
                slots[c] = max(slots.get(c, 1), len(r))
    runs: list[Any] = []  # own rows (a slice of items), or (weighted scales, a run of items)
    if slots:
        cl = cols.tolist()
        start = 0
        # runs of consecutive items of one supply column, from the (few) supply items
        for i in [i for i, c in enumerate(cl) if c in slots]:
            if i < start:
                continue  # inside the run found before
            c, j = cl[i], i + 1
            while j < len(cl) and cl[j] == c:
                j += 1
            m = slots[c]
            # the weights of column c per product: its targets' in dict order, or itself (1)
            w = [[1.0] + [0.0] * (m - 1) if r is None else [*r.values()] + [0.0] * (m - len(r))
                 for r in (a.get(c) if a else None for a in atts)]
            # (target, product): the scale x weight of an item of the run reported there
            if start < i:
                runs.append(slice(start, i))
            runs.append((S[c] * np.array(w).T, slice(i, j)))
            start = j
        if start < len(cl):
            runs.append(slice(start, len(cl)))
    td = _sums(runs, decl, frac)
    tl = td if loc is decl else _sums(runs, loc, frac)
    if not (all(map(isfinite, td)) and all(map(isfinite, tl))):
        return None
    return list(zip(td, tl, strict=True))


def _sums(runs: list[Any], co2e: np.ndarray, frac: np.ndarray) -> list[float]:
    """Per product (column of ``frac``), the terms co2e x frac of every row in row order added
    one after another (:func:`_totals`)."""
    t = co2e[:, None] * frac
    if runs:  # the rows of each supply item, target by target, in its place
        t = np.concatenate([t[r] if type(r) is slice else
                            (co2e[r[1], None, None] * r[0]).reshape(-1, t.shape[1])
                            for r in runs])
    return (np.add.accumulate(t)[-1] + 0.0).tolist()


def cubes(system: ProductSystem, S: np.ndarray, atts: list[Any], convention: str
          ) -> list[tuple[Cube, Cube]]:
    """(declared cube, location-based cube) of each column of ``S`` (one per declared product),
    the same rows and figures as ``Cube(Layout(system, S[:, k], atts[k]), ...)``; the rows are
    made when first read."""
    stack = _Stack(system, S, atts)
    # overflow from absurd inputs is refused after the sum (calculate._check_finite)
    with np.errstate(over="ignore", invalid="ignore"):
        totals = _totals(system, S, atts)
    if totals is None:  # a non-finite total: the sums of the arrays, the same NaN or inf
        totals = list(zip(stack.totals(False), stack.totals(True), strict=True))
    return [(Cube.of(system, False, convention, stack, p, td),
             Cube.of(system, True, convention, stack, p, tl))
            for p, (td, tl) in enumerate(totals)]
