"""Per-item tables of a product system (t CO2e, activity, labels per item, once per system)
and one product's rows in Python lists, read by the cubes (engine/cube.py) and the summary.

Everything is cached on the system (one per calculate call), never shared between studies.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import numpy as np

from alcarbon.engine.system import ProductSystem

_ENERGY_KINDS = ("electricity", "heat", "steam")
#: Row fields whose per-row labels are grouped from per-item codes (the others via the rows).
_FAST = ("stage", "unit", "category", "flow", "gas")
_ACTIVITY, _FACTOR = attrgetter("activity"), attrgetter("factor")


def item_co2e(system: ProductSystem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(column, declared t CO2e per unit of scale, location-based t CO2e per unit of scale)
    per item, once per system: the values of :func:`item_table` (each number converted to float
    as numpy converts it: the declared activity x factor multiplied first, as there), read in
    list comprehensions (a slot read each; numpy's conversion of a float list is cheaper than
    ``np.fromiter`` over attribute getters). One array for both sides when no item has a market
    factor (and every activity is a float, so that multiplying first changes nothing)."""
    cache = system.__dict__.setdefault("_item_tables", {})
    out = cache.get("co2e")
    if out is None:
        items, gwp = system.items, system.gwp
        # 1.0 x activity: a float as numpy's, before an int factor or GWP multiplies it
        loc = np.array([1.0 * it.activity * it.factor * gwp[it.gas] for it in items])
        decl = loc  # the same numbers when no market factor and every activity is a float
        if not all([it.factor_market is None and type(it.activity) is float for it in items]):
            decl = np.array([
                it.activity * (it.factor if (m := it.factor_market) is None else m) * 1.0
                * gwp[it.gas] for it in items])
        out = cache["co2e"] = (np.array([it.column for it in items], dtype=np.int64), decl, loc)
    return out


def item_table(system: ProductSystem, location: bool) -> tuple[np.ndarray, ...]:
    """(column, t CO2e per unit of scale, t gas per unit of scale, activity) per item on one
    side (t CO2e: :func:`item_co2e`). Computed once per system and side."""
    cache = system.__dict__.setdefault("_item_tables", {})
    if location not in cache:
        items, n = system.items, len(system.items)
        cols, decl, loc = item_co2e(system)
        act = item_activity(system)
        if location:
            gas_t = act * np.fromiter(map(_FACTOR, items), float, n)
        else:
            gas_t = np.fromiter(
                [it.activity * (it.factor_market if it.factor_market is not None
                                else it.factor) for it in items], float, n)
        cache[location] = (cols, loc if location else decl, gas_t, act)
    return cache[location]


def item_activity(system: ProductSystem) -> np.ndarray:
    """The activity of each item (its unit per unit of scale) as floats, once per system."""
    cache = system.__dict__.setdefault("_item_tables", {})
    act = cache.get("activity")
    if act is None:
        # map over a C getter, not a generator: no Python frame resumed per item
        act = cache["activity"] = np.fromiter(map(_ACTIVITY, system.items), float,
                                              len(system.items))
    return act


def item_labels(system: ProductSystem, location: bool) -> list[tuple[Any, ...]]:
    """(factor, factor id, basis, source) per item on one side, once per system and side: read
    only when rows are (Cube.rows, Cube._label)."""
    cache = system.__dict__.setdefault("_item_tables", {})
    key = ("labels", location)
    if key not in cache:
        if location:
            cache[key] = [(it.factor, it.factor_id, it.basis, it.source) for it in system.items]
        else:
            cache[key] = [
                (it.factor, it.factor_id, it.basis, it.source) if it.factor_market is None else
                (it.factor_market, it.factor_id_market, it.basis_market or it.basis,
                 it.source_market or it.source) for it in system.items]
    return cache[key]


def own_rows(system: ProductSystem, convention: str) -> list[tuple[str, str, str, str, str]]:
    """Per item, the (stage, unit, category, flow, gas) of its row in its own column, once per
    system and upstream convention."""
    cache = system.__dict__.setdefault("_own_rows", {})
    out = cache.get(convention)
    if out is None:
        out = cache[convention] = []
        columns, unit_stage = system.columns, system.unit_stage
        for it in system.items:
            unit = columns[it.column][0]
            out.append((_stage(it, unit, convention, unit_stage), unit, it.category, it.flow,
                        it.gas))
    return out


def _stage(it: Any, unit: str, conv: str, unit_stage: dict[str, str]) -> str:
    """The Table E.2 stage of item ``it``'s row reported in ``unit`` under upstream convention
    ``conv``: 'upstream' for an upstream line, else the unit's stage; a purchased line's own
    stage (purchased_stage: production_stage, 5.3.3) wins unless the convention is none."""
    if conv == "none":
        return unit_stage[unit]
    if it.stage:
        return it.stage
    upstream = it.upstream or (conv == "all_upstream" and it.purchased_energy)
    return "upstream" if upstream else unit_stage[unit]


def own_labels(system: ProductSystem, convention: str) -> dict[str, tuple[np.ndarray, list]]:
    """Per field of _FAST: (code per item, names) of an item reported in its own column."""
    cache = system.__dict__.setdefault("_own_labels", {})
    if convention not in cache:
        own = own_rows(system, convention)
        out = {}
        for pos, f in enumerate(_FAST):
            vs = [r[pos] for r in own]
            names = list(dict.fromkeys(vs))
            index = {v: k for k, v in enumerate(names)}
            out[f] = (np.fromiter((index[v] for v in vs), np.int64, len(vs)), names)
        cache[convention] = out
    return cache[convention]


def cols_list(system: ProductSystem) -> list[int]:
    """The column of each item as a Python list, once per system."""
    cache = system.__dict__.setdefault("_item_tables", {})
    cl = cache.get("cols_list")
    if cl is None:
        cl = cache["cols_list"] = item_table(system, False)[0].tolist()
    return cl


def small_rows(runs: list[tuple[int, int, int]], sl: list[float],
               att: dict[int, dict[int, float]] | None
               ) -> tuple[list[int], list[int], list[float]]:
    """(item, reporting column, scale x weight) per row of one scaling vector ``sl`` in Python
    floats (the same products as numpy's, IEEE): every item at non-zero scale in item order
    (``runs``: :func:`col_runs`), a supply column's item once per target of ``att``
    ({column: {target: weight}}, None: every column reports itself) in dict order."""
    item: list[int] = []
    col: list[int] = []
    frac: list[float] = []
    att = att or {}
    for c, a, b in runs:  # the items a..b-1, all of column c
        sc = sl[c]
        if sc == 0.0:
            continue
        r = att.get(c)
        if r is None:
            item += range(a, b)
            col += [c] * (b - a)
            frac += [sc] * (b - a)
        else:  # a supply column's item, once per column it is attributed to
            for i in range(a, b):
                for t, wt in r.items():
                    item.append(i)
                    col.append(t)
                    frac.append(sc * wt)
    return item, col, frac


def col_runs(system: ProductSystem) -> list[tuple[int, int, int]]:
    """(column, first item, item after the last) per run of consecutive items of one column,
    in item order, once per system."""
    cache = system.__dict__.setdefault("_item_tables", {})
    runs = cache.get("runs")
    if runs is None:
        cl, runs, a = cols_list(system), [], 0
        for i in range(1, len(cl) + 1):
            if i == len(cl) or cl[i] != cl[a]:
                runs.append((cl[a], a, i))
                a = i
        cache["runs"] = runs
    return runs


def source_rows(system: ProductSystem, src: list[Any], convention: str
                ) -> tuple[list[Any], ...]:
    """(item, column, scale x weight, (stage, unit, category, flow, gas)) per row of one
    product before either side drops the rows of items of zero footprint (:func:`small_rows`),
    from its source ``src`` = [scaling vector, attribution, these rows once made] (shared by
    the product's two cubes: engine.stacked._Stack.source)."""
    out = src[2]
    if out is None:
        item, col, frac = small_rows(col_runs(system), src[0].tolist(), src[1])
        out = src[2] = (item, col, frac, row_labels(system, convention, item, col))
    return out


def row_labels(system: ProductSystem, convention: str, item: list[int], col: list[int]
               ) -> list[tuple[str, str, str, str, str]]:
    """(stage, unit, category, flow, gas) of each row (item ``item[k]`` reported in column
    ``col[k]``): :func:`own_rows` in the item's own column, else :func:`foreign_row`."""
    cl, own = cols_list(system), own_rows(system, convention)
    return [own[i] if c == cl[i] else foreign_row(system, convention, i, c)
            for i, c in zip(item, col, strict=False)]


def foreign_label(system: ProductSystem, conv: str, location: bool, i: int, j: int
                  ) -> tuple[str, str, str, str, str]:
    """:func:`label` of item i reported in column j, not its own, once per system, upstream
    convention and side (the cubes of every declared product share them)."""
    memo = system.__dict__.setdefault("_foreign_labels", {}).setdefault((conv, location), {})
    out = memo.get((i, j))
    if out is None:
        out = memo[i, j] = label(system, conv, location, i, j)
    return out


def foreign_row(system: ProductSystem, conv: str, i: int, j: int
                ) -> tuple[str, str, str, str, str]:
    """(stage, unit, category, flow, gas) of item i reported in column j, not its own."""
    memo = system.__dict__.setdefault("_foreign_rows", {}).setdefault(conv, {})
    out = memo.get((i, j))
    if out is None:
        out = memo[i, j] = foreign_label(system, conv, False, i, j)[:4] + (
            system.items[i].gas,)
    return out


def side_lists(system: ProductSystem) -> tuple[list[float], list[float], list[float]]:
    """(declared t CO2e, location-based t CO2e per unit of scale, activity) per item as Python
    lists (:func:`item_co2e`; the activity as :func:`item_table` converts it), once per system."""
    cache = system.__dict__.setdefault("_item_tables", {})
    out = cache.get("lists")
    if out is None:
        _cols, decl, loc = item_co2e(system)
        dl = decl.tolist()
        out = cache["lists"] = (dl, dl if loc is decl else loc.tolist(),
                                item_activity(system).tolist())
    return out


def label(sy: ProductSystem, conv: str, location: bool, i: int, j: int
           ) -> tuple[str, str, str, str, str]:
    """(stage, unit, category, flow, basis) of item i reported in column j."""
    it = sy.items[i]
    basis = item_labels(sy, location)[i][2]
    unit = sy.columns[j][0]
    category, flow = it.category, it.flow
    if j != it.column:  # a supply unit's line in its consumer (captive_attribution)
        kind = sy.consumer_kind.get((sy.row(sy.columns[it.column][1]), j), "")
        category = "energy" if kind in _ENERGY_KINDS and not it.upstream else (
            "other" if it.upstream else category)
        flow = f"{kind or 'supply'}:{it.flow}"
        if category == "energy":  # a modelled captive plant is life cycle (7.1.5.1)
            basis = "life_cycle"
    return _stage(it, unit, conv, sy.unit_stage), unit, category, flow, basis
