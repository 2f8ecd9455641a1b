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
from typing import Any

import numpy as np

from alcarbon.engine.cube import SMALL_ITEMS, Cube, item_table
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


def _side(system: ProductSystem, kept: tuple[Any, ...], k: int, location: bool,
          convention: str) -> list[Cube]:
    """One side's cube of each of the ``k`` products from its kept rows (:func:`_kept`)."""
    item, col, frac, foreign, at, f_at = kept
    table = item_table(system, location)
    co2e_ps, gas_ps, act = table[1:4]
    t_co2e = co2e_ps[item] * frac  # under cubes' errstate
    t_gas = gas_ps[item] * frac
    activity = act[item] * frac
    rows = (item, col, t_co2e, t_gas, activity)
    tl = t_co2e.tolist()
    # each total the sum of its product's rows in row order, as Cube.total adds them
    return [Cube.of(system, location, convention, table, rows, at[p], at[p + 1], foreign,
                    f_at[p], f_at[p + 1], float(sum(tl[at[p]:at[p + 1]]))) for p in range(k)]


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


def cubes(system: ProductSystem, S: np.ndarray, atts: list[Any], convention: str
          ) -> list[tuple[Cube, Cube]]:
    """(declared cube, location-based cube) of each column of ``S`` (one per declared product),
    the same rows and figures as ``Cube(Layout(system, S[:, k], atts[k]), ...)``."""
    k = S.shape[1]
    # overflow from absurd inputs is refused after the sum (calculate._check_finite)
    with np.errstate(over="ignore", invalid="ignore"):
        rows = _rows(system, S, atts)
        kept = _kept(system, rows, k, False)
        decl = _side(system, kept, k, False, convention)
        if not _same_rows(system):
            kept = _kept(system, rows, k, True)
        loc = _side(system, kept, k, True, convention)
    return list(zip(decl, loc, strict=True))
