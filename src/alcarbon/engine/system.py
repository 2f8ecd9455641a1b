"""Build the product system of a study: technosphere matrix A and emission line items.

Columns are (unit process, product) pairs after allocation (7.3); rows are products. A[p, j] is
the amount of product p made (+) or used (-) by column j over the period, in p's unit. Every
emission is a line item ``activity x factor`` (t of one gas) in one column; the engine scales
columns by s = A^-1 f and weights gases by GWP (formula (1), 8.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from alcarbon.engine import allocation, lines, stages
from alcarbon.engine.linectx import (
    Item,
    dict_maker,
    library_memos,
    maker,
    new_context,
    new_item,
    view,
)
from alcarbon.errors import InputError, LinkError, MissingFactorError
from alcarbon.gwp import get_gwp_set
from alcarbon.inventory.model import Study
from alcarbon.messages import Msg
from alcarbon.units import convert

_MADE = frozenset({"product", "co_product"})  # the output kinds of UnitProcess.products()


@dataclass(slots=True)
class TechEntry:
    row: int
    column: int
    value: float
    param: str
    dq: dict[str, Any] | None = None


#: ``new_tech(...)`` is ``TechEntry(...)``, made without its ``__init__`` (linectx.maker)
new_tech = maker(TechEntry)


@dataclass
class ProductSystem:
    """Technosphere A as (row, column, value) triplets, duplicates summed; line items.

    Everything derived from it (dense or sparse A, item arrays) is cached on the instance, so
    nothing is shared between studies.
    """

    products: list[str]  # row index -> product id
    product_units: list[str]
    columns: list[tuple[str, str]]  # column index -> (unit id, product id)
    a_rows: np.ndarray
    a_cols: np.ndarray
    a_vals: np.ndarray
    tech: list[TechEntry]
    items: list[Item]
    gwp: dict[str, float]
    notes: list[str] = field(default_factory=list)
    consumer_kind: dict[tuple[int, int], str] = field(default_factory=dict)
    unit_stage: dict[str, str] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.products), len(self.columns)

    @cached_property
    def A(self) -> np.ndarray:
        """Dense A (n x n floats): for small systems and callers that index it as an array."""
        # duplicate triplets summed in triplet order from 0.0, as np.add.at adds them (bincount
        # is a fifth of its per-call cost)
        n, m = self.shape
        return np.bincount(self.a_rows * m + self.a_cols, weights=self.a_vals,
                           minlength=n * m).reshape(n, m)

    @cached_property
    def A_sparse(self) -> Any:
        """A as a scipy.sparse CSC matrix (duplicate triplets summed)."""
        import scipy.sparse as sp

        return sp.csc_matrix((self.a_vals, (self.a_rows, self.a_cols)), shape=self.shape)

    @cached_property
    def _row_of(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.products)}

    def row(self, product: str) -> int:
        return self._row_of[product]

    def producer(self, product: str) -> int:
        """Column index that makes ``product`` (column j makes product row j)."""
        return self.row(product)


#: ``new_system(**fields)`` is ``ProductSystem(**fields)`` (made without ``__init__``)
new_system = dict_maker(ProductSystem)


def build(study: Study, lib) -> ProductSystem:
    """Translate a validated Study into a ProductSystem; every missing factor is listed at once."""
    gwp_set = get_gwp_set(study.gwp_set)
    # 1. columns and product rows
    columns: list[tuple[str, str]] = []
    products: dict[str, int] = {}
    product_units: list[str] = []
    producer_of: dict[str, str] = {}
    notes: list[str] = []
    unit_stage: dict[str, str] = {}
    method = study.allocation.method
    # per unit: the unit, its columns as (column, product flow, share, amount made), whether
    # it has a co-product of non-zero amount, its outputs' own __dict__ and its own (no copies;
    # read here and by the line builders)
    per_unit: list[tuple[Any, list[tuple[int, str, allocation.Share, float]], bool,
                         list[dict[str, Any]], dict[str, Any]]] = []
    for u in study.units:
        ud = u.__dict__
        # in one pass over its outputs: their fields, u.products() as the models and their
        # fields, the flows made, the co-products of amount 0, the count of main products
        outs: list[dict[str, Any]] = []
        made_m: list[Any] = []
        made: list[dict[str, Any]] = []
        flows: list[str] = []
        zero: list[str] = []
        mains = 0
        for o in ud["outputs"]:
            d = o.__dict__
            outs.append(d)
            kind = d["kind"]
            if kind in _MADE:
                made_m.append(o)
                made.append(d)
                flows.append(d["flow"])
                if kind == "product":
                    mains += 1
                elif d["amount"] == 0:
                    zero.append(d["flow"])
        if mains != 1:
            u.reference_product()  # raises: exactly one main product
        uid = ud["id"]
        unit_stage[uid] = stages.stage_of(uid, flows)  # Table E.2 stage
        if zero:
            notes.append(Msg(f"unit '{uid}': co-product(s) {zero} with amount 0 are left out",
                             id=f"zero_coproduct:{uid}", zh="产量为 0 的联产品未计入"))
        share_fns, note = allocation.shares(u, method, made_m, outs)
        if note:
            notes.append(note)
        cols_u: list[tuple[int, str, allocation.Share, float]] = []
        # with a co-product of non-zero amount (the main product is one of made)
        per_unit.append((u, cols_u, len(made) - 1 > len(zero), outs, ud))
        for d in made:
            flow = d["flow"]
            if flow in zero:
                continue
            if flow in producer_of:
                raise LinkError(
                    f"product '{flow}' is produced by both '{producer_of[flow]}' and "
                    f"'{uid}'", where=f"unit '{uid}', outputs",
                    expected="each product made by one unit process",
                )
            producer_of[flow] = uid
            products[flow] = len(products)
            product_units.append(d["unit"])
            cols_u.append((len(columns), flow, share_fns[flow], d["amount"]))
            columns.append((uid, flow))
    # A as triplets: one product output per column plus one entry per technosphere link,
    # so building is linear in the size of the inventory (no n x n array).
    a_r: list[int] = []
    a_c: list[int] = []
    a_v: list[float] = []
    tech: list[TechEntry] = []
    items: list[Item] = []
    missing: list[str] = []
    consumer_kind: dict[tuple[int, int], str] = {}
    # the Table E.2 stage of each unit, found above, is the one lines.Context.stage would find
    cites, flows, memo = library_memos(lib)
    ctx = new_context(study=view(study), lib=lib, products=products,
                      product_units=product_units, missing=missing, stages=dict(unit_stage),
                      cites=cites, flows=flows, memo=memo)
    scratch: list[str | None] = []  # the subprocesses of a whole unit's items (not read)
    # each column's diagonal A_jj, summed in triplet order from 0.0 (its product output, then
    # the unit's links to its own product), for the net-producer check below
    diag: list[float] = []
    for u, unit_cols, co, outs, ud in per_unit:
        for j, pflow, _share, amount in unit_cols:
            a_r.append(products[pflow])
            a_c.append(j)
            a_v.append(amount)
            diag.append(0.0 + amount)  # column j makes product row j
        # a unit making one product keeps each of its items whole (share 1.0 of every line):
        # the line builders put them straight in the system's list, in its column
        uid = ctx.uid = ud["id"]
        ctx.outs = outs
        links: list[tuple[str, str | None, dict[str, Any] | None, str, str, float]] = []
        ctx.links = links
        if len(unit_cols) == 1 and unit_cols[0][2] is allocation.whole:
            ctx.col = unit_cols[0][0]
            ctx.items, ctx.subs = items, scratch
            lines.unit_lines(ctx, u, co, ud)
            scratch.clear()
            shared: list[Item] = []
            subs: list[str | None] = []
        else:
            ctx.col = -1
            shared = ctx.items = []
            subs = ctx.subs = []
            lines.unit_lines(ctx, u, co, ud)
        # subprocess -> [(column, its non-zero share)]: a share is a pure function of the
        # subprocess, so worked out once per subprocess and unit
        by_sub: dict[str | None, list[tuple[int, float]]] = {}
        for param, sub, dq, kind, tech_product, amount in links:
            cs = by_sub.get(sub)
            if cs is None:
                cs = by_sub[sub] = _col_shares(unit_cols, sub)
            r = products[tech_product]
            for j, s in cs:
                v = -amount * s
                a_r.append(r)
                a_c.append(j)
                a_v.append(v)
                tech.append(new_tech(r, j, v, param, dq))
                consumer_kind[(r, j)] = kind
                if r == j:
                    diag[j] += v
        for k, it in enumerate(shared):  # the items of a unit sharing them, with subs[k]
            sub = subs[k]
            cs = by_sub.get(sub)
            if cs is None:
                cs = by_sub[sub] = _col_shares(unit_cols, sub)
            first = True  # the line's own item goes to the first product, copies to others
            for j, s in cs:
                if first:
                    # made for this line only, it becomes the first product's item; the copies
                    # for the next products take the activity before it is scaled
                    first = False
                    activity = it.activity
                    it.activity = activity * s
                    it.column = j
                    items.append(it)
                else:
                    # a copy per product, positional in the field order of Item
                    items.append(new_item(
                        it.category, it.flow, it.gas, activity * s, it.activity_unit,
                        it.factor, it.factor_id, it.basis, it.source, it.upstream,
                        it.purchased_energy, it.factor_market, it.factor_id_market,
                        it.basis_market, it.source_market, it.factor_confidence, it.supply,
                        it.stage, j, uid, it.dq, it.param))
    if missing:
        raise MissingFactorError(missing)
    # the same arrays as np.asarray(list, dtype) (new, C-contiguous, the same values): fromiter
    # skips asarray's shape and dtype discovery over the list, about half its cost here
    rows_a = np.fromiter(a_r, np.int64, len(a_r))
    cols_a = np.fromiter(a_c, np.int64, len(a_c))
    vals_a = np.fromiter(a_v, float, len(a_v))
    for j, d in enumerate(diag):  # the first column whose own product's A_jj <= 0
        if d <= 0:
            uid, product = columns[j]
            raise LinkError(
                f"unit '{uid}' uses at least as much '{product}' as it makes",
                where=f"unit '{uid}'", expected="a net output of its own product",
            )
    notes.extend(ctx.notes)
    gwp: dict[str, float] = {}
    # the same set, in the same order, as set(map(attrgetter("gas"), items)), without a C call
    # per item; a loop, not a dict comprehension (a frame per call)
    for g in {it.gas for it in items}:
        gwp[g] = gwp_set.factor(g)
    system = new_system(
        products=list(products), product_units=product_units, columns=columns, a_rows=rows_a,
        a_cols=cols_a, a_vals=vals_a, tech=tech,
        items=items, gwp=gwp, notes=notes, consumer_kind=consumer_kind, unit_stage=unit_stage,
    )
    system.__dict__["_a_lists"] = (a_r, a_c, a_v)  # the triplets as lists (solve.a_lists)
    return system


def _col_shares(unit_cols: list[tuple[int, str, allocation.Share, float]],
                sub: str | None) -> list[tuple[int, float]]:
    """(column, share) of a line of subprocess ``sub`` in each of a unit's columns whose share
    is not 0.0, in column order."""
    out: list[tuple[int, float]] = []
    for j, _pflow, share, _amount in unit_cols:
        s = share(sub)
        if s != 0.0:  # (a NaN share is kept, as the loop it replaces kept it)
            out.append((j, s))
    return out


def demand_matrix(system: ProductSystem, products: list[str]) -> np.ndarray:
    """F: one column per product, each :func:`demand_vector` (the same values, one array)."""
    if not products:
        raise InputError("no declared product", where="declared_products",
                         expected=f"one or more of the products made in the study: "
                                  f"{system.products}")
    made = system.products
    F = np.zeros((len(made), len(products)))
    for k, p in enumerate(products):
        # system.row(p), without making its cached dict (a Python __get__ under a lock) for a
        # few look-ups: the products are unique, so the first index is the row
        r = made.index(p) if p in made else -1
        if r < 0:
            demand_vector(system, p)  # raises the error naming the product
        F[r, k] = convert(1.0, "t", system.product_units[r])
    return F


def demand_vector(system: ProductSystem, product: str) -> np.ndarray:
    """f for 1 t of ``product`` (the declared unit, 5.2) in the producer's unit."""
    if product not in system.products:
        raise InputError(
            f"declared product '{product}' is made by no unit process",
            where="declared_products",
            expected=f"one of the products made in the study: {system.products}",
        )
    r = system.row(product)
    f = np.zeros(len(system.products))
    f[r] = convert(1.0, "t", system.product_units[r])
    return f
