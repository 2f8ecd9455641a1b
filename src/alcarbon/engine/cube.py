"""The contribution cube of one result side as numpy vectors, rows built only when read.

A cube row is one line item ``i`` reported in one column ``j`` (its own, or with captive
attribution the columns that consume a supply unit's product, weight ``w``), per declared unit:
t CO2e = (activity x factor x GWP) x s[column of i] x w (GB/T 44905 8.2 formula (1)).
Totals and sums per stage, gas, category... are taken from the vectors; the Contribution objects
are made only when someone reads the rows, and kept on the cube (one cube per result side, so
nothing is shared between results or studies). Every sum adds the rows in row order, exactly as
a Python loop over the Contribution objects would, so the figures are the same to the last bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from alcarbon.engine.item_lists import (
    _FAST,
    col_runs,
    foreign_label,
    item_labels,
    item_table,
    own_labels,
    own_rows,
    row_labels,
    side_lists,
    small_rows,
    source_rows,
)
from alcarbon.engine.result import Contribution
from alcarbon.engine.system import ProductSystem

#: Up to this many line items a Layout is made in Python (numpy's per-call overhead dominates
#: for the 54 items of examples/coal_captive_smelter.yaml; a round figure, not tuned).
SMALL_ITEMS = 256
#: Up to this many rows a cube sums a field in a Python loop (Cube.plain), above it by bincount.
PLAIN_ROWS = 1024
#: The row arrays of a cube, in the order Cube.of receives them (foreign last).
_SLICED = ("item", "col", "t_co2e", "t_gas", "activity", "foreign")
#: The fields the summary JSON sums (ProductResult.summary), summed in one pass.
_SUMMARY = ("stage", "category", "gas")


def _expand(nz: np.ndarray, cols: np.ndarray, att: Any
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(item, reporting column, weight or None for all 1) per row: the items ``nz`` in order,
    an item of a supply column once per column its emissions are attributed to
    (``att``: solve.attribution, None when every column reports itself)."""
    c_nz = cols[nz]
    if att is None:
        return nz, c_nz, None
    if isinstance(att, dict):  # a few supply columns: {column: {target: weight}}
        counts = np.ones(len(nz), dtype=np.int64)
        of = {c: c_nz == c for c in att}
        for c, r in att.items():
            counts[of[c]] = len(r)
        item = np.repeat(nz, counts)
        col, w = cols[item], np.ones(len(item))
        starts = (np.cumsum(counts) - counts)
        for c, r in att.items():
            # row at + t of each item of supply column c goes to the t-th target of c
            at = starts[of[c]][:, None] + np.arange(len(r))
            col[at] = np.fromiter(r.keys(), np.int64, len(r))
            w[at] = np.fromiter(r.values(), float, len(r))
        return item, col, w
    ptr, tgt, wts = att
    counts = (ptr[1:] - ptr[:-1])[c_nz]
    item = np.repeat(nz, counts)
    # position of each row within its item's block of targets
    slot = np.arange(len(item)) - np.repeat(np.cumsum(counts) - counts, counts)
    at = ptr[cols[item]] + slot
    return item, tgt[at], wts[at]


class Layout:
    """The rows of one scaling vector before the side is chosen: every item at non-zero scale,
    in item order, once per column it is reported in, with its scale x weight (``frac``)."""

    def __init__(self, system: ProductSystem, s: np.ndarray,
                 att: Any) -> None:
        self.system, self.s = system, s
        if len(system.items) <= SMALL_ITEMS and (att is None or isinstance(att, dict)):
            self._small(system, s, att)
            return
        cols = item_table(system, False)[0]
        scale = s[cols]
        self.item, self.col, w = _expand(np.flatnonzero(scale != 0.0), cols, att)
        # value x (scale x w): the same association for every row (w == 1 changes nothing)
        with np.errstate(over="ignore", invalid="ignore"):
            self.frac = scale[self.item] if w is None else scale[self.item] * w

    def _small(self, system: ProductSystem, s: np.ndarray,
               att: dict[int, dict[int, float]] | None) -> None:
        """The same rows for a few items and supply columns (:func:`small_rows`), without
        numpy's per-call overhead (a dozen calls of about a microsecond each, per product and
        demand)."""
        item, col, frac = small_rows(col_runs(system), s.tolist(), att)
        self.item = np.array(item, dtype=np.int64)
        self.col = np.array(col, dtype=np.int64)
        self.frac = np.array(frac, dtype=float)


class Cube:
    """The rows of one result side (declared or location-based) for one scaling vector."""

    def __init__(self, layout: Layout, *, location: bool, convention: str) -> None:
        system = layout.system
        cols, co2e_ps, gas_ps, act = item_table(system, location)
        self.system, self.convention, self._cols = system, convention, cols
        self._location = location
        # a row for each item with a non-zero footprint on this side
        keep = co2e_ps[layout.item] != 0.0
        self.item, self.col, frac = layout.item[keep], layout.col[keep], layout.frac[keep]
        # overflow from absurd inputs is refused after the sum (calculate._check_finite)
        with np.errstate(over="ignore", invalid="ignore"):
            self.t_co2e = co2e_ps[self.item] * frac
            self.t_gas = gas_ps[self.item] * frac
            self.activity = act[self.item] * frac
        self.foreign = np.flatnonzero(self.col != cols[self.item])
        self._rows: list[Contribution] | None = None
        self._foreign_labels: dict[int, tuple[str, str, str, str, str]] | None = None

    @classmethod
    def of(cls, system: ProductSystem, location: bool, convention: str, stack: Any, p: int,
           total: float) -> Cube:
        """The cube of product ``p`` on one side, its rows made for several products at once
        (engine/stacked.py) when first read: ``stack.side(location)`` gives (:func:`item_table`
        of the side, the row arrays (item, col, t_co2e, t_gas, activity) of all products, each
        product's row bounds, the rows reported outside their item's column and each product's
        bounds among them). ``total``: :meth:`total` (most results read only the totals)."""
        self = cls.__new__(cls)
        self.system, self.convention, self._location = system, convention, location
        self._stack = (stack, p)
        self._total = total
        self._rows = None
        self._foreign_labels = None
        return self

    def __getattr__(self, name: str) -> Any:
        # only for attributes not set: the row arrays of a cube made by Cube.of, sliced from
        # the arrays of all products on first read (then set, so never called again for them)
        stack = self.__dict__.get("_stack")
        if stack is None or (name not in _SLICED and name != "_cols"):
            raise AttributeError(name)
        shared, p = stack
        table, rows, at, foreign, f_at = shared.side(self._location)
        a, b = at[p], at[p + 1]
        d = self.__dict__
        d["_cols"] = table[0]
        for n, arr in zip(_SLICED, rows, strict=False):
            d[n] = arr[a:b]
        d["foreign"] = foreign[f_at[p]:f_at[p + 1]] - a
        del d["_stack"]
        return d[name]

    def __getstate__(self) -> dict[str, Any]:
        if "_stack" in self.__dict__:
            self.__getattr__("item")  # a pickled cube carries its own rows only
        return self.__dict__

    @property
    def _labels(self) -> list[tuple[Any, ...]]:
        return item_labels(self.system, self._location)

    def __len__(self) -> int:
        return len(self.item)

    def total(self) -> float:
        """Sum of t CO2e over the rows, in row order (as ``sum`` over the rows)."""
        t = self.__dict__.get("_total")
        return float(sum(self.t_co2e.tolist())) if t is None else t

    def foreign_labels(self) -> dict[int, tuple[str, str, str, str, str]]:
        """:func:`foreign_label` of every row reported outside its item's own column, made once (the
        rows and each :meth:`sum_by` field read them)."""
        if self._foreign_labels is None:
            sy, conv, loc = self.system, self.convention, self._location
            ii, cc = self.item.tolist(), self.col.tolist()
            self._foreign_labels = {k: foreign_label(sy, conv, loc, ii[k], cc[k])
                                    for k in self.foreign.tolist()}
        return self._foreign_labels

    def plain(self) -> tuple[Any, ...]:
        """(item, column, t CO2e, (stage, unit, category, flow, gas), activity or None,
        scale x weight or None, {field: sums}) per row in Python lists, once per cube: the
        values of the row arrays (from its source while they are not made,
        :func:`source_rows`, a row's activity then its item's x scale x weight). The two sides
        share them when their items' t CO2e are the same list (no market factor)."""
        d = self.__dict__
        pl = d.get("_pl")
        if pl is None:
            sy, conv = self.system, self.convention
            stack = d.get("_stack")
            src = None if stack is None else stack[0].source(stack[1])
            if src is not None:
                co = side_lists(sy)[self._location]
                if len(src) > 3 and src[3][0] is co:
                    pl = d["_pl"] = src[3][1]
                    return pl
                ii, cc, fr, labs = source_rows(sy, src, conv)
                if 0.0 in co:  # rows only of items with a non-zero footprint on this side
                    ks = [k for k, i in enumerate(ii) if co[i] != 0.0]
                    ii, cc, fr, labs = ([x[k] for k in ks] for x in (ii, cc, fr, labs))
                pl = (ii, cc, [co[i] * f for i, f in zip(ii, fr, strict=False)], labs, None, fr,
                      {})
                src[3:] = [(co, pl)]
            else:
                ii, cc = self.item.tolist(), self.col.tolist()
                pl = (ii, cc, self.t_co2e.tolist(), row_labels(sy, conv, ii, cc),
                      self.activity.tolist(), None, {})
            d["_pl"] = pl
        return pl

    def rows(self, select: np.ndarray | None = None) -> list[Contribution]:
        """The Contribution rows (all of them cached; ``select``: a boolean mask over rows)."""
        if select is None and self._rows is not None:
            return self._rows
        ks = range(len(self.item)) if select is None else np.flatnonzero(select).tolist()
        items, labels, foreign = self.system.items, self._labels, self.foreign_labels()
        own = own_rows(self.system, self.convention)
        ii, act, tg, tc = (self.item.tolist(), self.activity.tolist(), self.t_gas.tolist(),
                           self.t_co2e.tolist())
        out = []
        for k in ks:
            i = ii[k]
            it = items[i]
            factor, fid, basis, source = labels[i]
            if k in foreign:
                stage, unit, category, flow, basis = foreign[k]
            else:
                stage, unit, category, flow, _gas = own[i]
            out.append(Contribution(
                unit=unit, stage=stage, category=category, flow=flow, gas=it.gas,
                activity=act[k], activity_unit=it.activity_unit, factor=factor,
                factor_unit=f"t {it.gas}/{it.activity_unit}", factor_id=fid, basis=basis,
                t_gas=tg[k], t_co2e=tc[k], origin_unit=it.unit, source=source, dq=it.dq,
                item=i))
        if select is None:
            self._rows = out
        return out

    def rows_of(self, items: np.ndarray) -> list[Contribution]:
        """The rows of the line items where the boolean mask ``items`` (over items) is set."""
        return self.rows(items[self.item])

    def sum_by(self, field: str) -> dict[str, float]:
        """t CO2e per value of a row field, values in first-seen row order, each sum in row
        order (as a loop over the rows adding into a dict); each field summed once per cube."""
        d = self.__dict__
        if field in _FAST and ("_pl" in d or "_stack" in d or len(self.item) <= PLAIN_ROWS):
            pl = self.plain()
            out = pl[6].get(field)
            if out is None:  # loops over the rows (bincount's numpy calls cost more)
                if field in _SUMMARY:  # the summary's three fields in one pass
                    st, ca, ga = pl[6]["stage"], pl[6]["category"], pl[6]["gas"] = {}, {}, {}
                    sg, cg, gg = st.get, ca.get, ga.get
                    for (s, _u, c, _f, g), t in zip(pl[3], pl[2], strict=False):
                        st[s] = sg(s, 0.0) + t
                        ca[c] = cg(c, 0.0) + t
                        ga[g] = gg(g, 0.0) + t
                    return dict(pl[6][field])
                out = pl[6][field] = {}
                get, pos = out.get, _FAST.index(field)
                for lab, t in zip(pl[3], pl[2], strict=False):
                    v = lab[pos]
                    out[v] = get(v, 0.0) + t
            return dict(out)
        sums = d.setdefault("_sums", {})
        out = sums.get(field)
        if out is None:
            out = sums[field] = self._sum_by(field)
        return dict(out)

    def _sum_by(self, field: str) -> dict[str, float]:
        if field not in _FAST:
            sums: dict[str, float] = {}
            for c in self.rows():
                v = getattr(c, field)
                sums[v] = sums.get(v, 0.0) + c.t_co2e
            return sums
        codes_i, names = own_labels(self.system, self.convention)[field]
        codes = codes_i[self.item]
        if self.foreign.size:
            names = list(names)
            index = {v: k for k, v in enumerate(names)}
            pos = _FAST.index(field) if field != "gas" else -1
            labels = self.foreign_labels()
            for k in self.foreign.tolist():
                v = labels[k][pos] if pos >= 0 else self.system.items[self.item[k]].gas
                if v not in index:
                    index[v] = len(names)
                    names.append(v)
                codes[k] = index[v]
        # bincount adds the weights of a bin one after another in row order from 0.0
        total = np.bincount(codes, weights=self.t_co2e, minlength=len(names)).tolist()
        # the codes present, in first-seen row order
        return {names[c]: total[c] for c in dict.fromkeys(codes.tolist())}
