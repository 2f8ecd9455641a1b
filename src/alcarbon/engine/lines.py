"""Turn the rows of one unit process into technosphere links and emission line items.

Each input row gives: a link to another unit (intermediate product or captive electricity), or
purchased-input lines: upstream (cradle-to-gate factor, Appendix A 'other'), on-site combustion
(fuels), energy-related (electricity, heat, steam) and third-party transport (7.1.3.1).
Outputs give waste-treatment lines and measured direct emissions; process_emissions give the
process lines of Appendix A (anode consumption, anode effect, baking, carbonates).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from alcarbon.engine import allocation, electricity, process, stages
from alcarbon.engine.fuel_lines import _factor_item, _per_unit, _upstream, purchase_lines
from alcarbon.engine.linectx import (
    Context,
    Fields,
    Item,
    RawLine,
    Where,
    dq_dump,
    item_from,
    new_item,
    place,
    template,
    view,
)
from alcarbon.engine.process import any_input, coke_twice_note, replaced_sources
from alcarbon.errors import AlcarbonError, InputError
from alcarbon.inventory.model import Input, Output, TransportLeg, UnitProcess
from alcarbon.messages import Msg
from alcarbon.units import conversion_factor, is_mass

__all__ = ["Context", "Item", "RawLine", "unit_lines"]


_MADE = frozenset({"product", "co_product"})
#: the text of each row index below _NUMS, for the rows' keys (a str in an f-string is used as
#: it is; an int is formatted on every call)
_NUMS = 64
_NUM = tuple(str(k) for k in range(_NUMS))
_LEG = tuple(f"/transport/{k}" for k in range(_NUMS))  # the key of a row's leg k, after its own


def _transport(ctx: Context, leg: TransportLeg, mass_t: float | None, flow: str, row: Where,
               li: int, upstream: bool, param: str, sub: str | None) -> None:
    """The item of transport leg ``li`` of a row (``row``: where the row is, for an error;
    ``param``: the row's key), put in ``ctx.items`` with ``sub``."""
    lg = leg.__dict__  # its fields: one read on the model instead of five
    weight = lg["transported_t"] if lg["transported_t"] is not None else mass_t
    if weight is None:
        raise InputError(f"transport of '{flow}' needs transported_t",
                         where=f"{place(row)}, transport[{li}]",
                         expected="'transported_t' when the amount is not a mass")
    # the item's template, with the library's freight factor per tkm and its citation, kept
    # in the library's memo on the values it depends on (factor id or mode, flow, stage)
    factor, mode = lg["factor"], lg["mode"]
    key = ("freight_item", factor, mode, flow, upstream)
    t = ctx.memo.get(key)
    if t is None:
        hit = ctx.memo.get(("freight", factor, mode))
        if hit is None:  # the library's freight factor, per tkm, and its citation
            try:
                f = ctx.lib.get(leg.factor) if leg.factor else ctx.lib.freight(leg.mode)
            except AlcarbonError as exc:
                raise exc.located(f"{place(row)}, transport[{li}]") from None
            hit = ctx.memo[("freight", factor, mode)] = (Fields(f), _per_unit(f, "tkm"),
                                                         ctx.cite(f.source))
        f, per, cite = hit
        t = ctx.memo[key] = template("other", f"transport:{flow}", f.gas, "tkm", per, f.id,
                                     f.basis, cite, upstream, False, None, None, None, None,
                                     f.confidence, None, None)
    ctx.items.append(item_from(t, weight * lg["distance_km"], ctx.col, ctx.uid, dq_dump(lg["dq"]),
                               param + _LEG[li] if li < _NUMS else f"{param}/transport/{li}"))
    ctx.subs.append(sub)


def _input_lines(ctx: Context, u: UnitProcess, k: int, inp: Input,
                 replaced: dict[str, set[str]], ids: list[str]) -> None:
    """The lines of input row ``k`` of ``u``, put in ``ctx`` (items, links); its catalogue id
    (else its flow name) appended to ``ids``."""
    flow = inp.flow
    where = (ctx.uid, k, flow)  # formatted only for a message (linectx.place)
    # the row's key "<unit>/inputs/<k>" (ctx.uid is u.id), from the unit's prefix
    param = ctx.pre_in + _NUM[k] if k < _NUMS else f"{u.id}/inputs/{k}"
    dq = dq_dump(inp.dq)
    sub = inp.subprocess
    flow_def = ctx.flow_def(flow)
    purchased = inp.supplier_cfp is not None or inp.factor is not None
    provider = inp.provider
    if provider and purchased:
        raise InputError("an input linked to a provider cannot also carry a factor or "
                         "supplier_cfp", where=place(where),
                         expected="either 'provider' (made in the study) or a purchase")
    # GB/T 44905 6.1: a purchased intermediate with its own factor stays purchased even when
    # the study also makes that product.
    internal = provider or (flow if flow in ctx.products and not purchased else None)
    canon = flow_def.id if flow_def is not None else flow
    ids.append(canon)
    kind = inp.kind
    if inp.transport:  # (no enumerate object for the many rows without)
        unit = inp.unit
        mass_t = inp.amount * conversion_factor(unit, "t") if is_mass(unit) else None
        in_unit = stages.transport_in_unit(ctx.stage(u), canon)
        for li, leg in enumerate(inp.transport):
            # Transport of purchased auxiliary materials and fuels is upstream (5.3.2 a, b); of
            # intermediates and of the raw materials a unit clause names, in the unit
            # (5.3.3.x a).
            _transport(ctx, leg, mass_t, flow, where, li,
                       internal is None and kind != "electricity" and not in_unit, param, sub)
    if inp.burden_free:
        return
    if internal is None and not purchased and flow_def is not None and \
            flow_def.kind == "resource":
        # GB/T 44905 5.3.3.1: the system starts at mining; ore taken from nature is an
        # elementary input (no upstream burden), its extraction emissions are the unit's own.
        ctx.notes.append(Msg(
            f"{place(where)}: '{flow_def.id}' is taken from nature: elementary input with zero "
            "upstream burden (5.3.3.1; mining emissions are those of the unit); give a factor "
            "or supplier_cfp if it is bought", id=f"from_nature:{u.id}:{flow_def.id}",
            zh=f"'{flow_def.name_zh}'取自自然界:作为基本流输入,上游排放为 0(5.3.3.1,采矿排放即"
               "本单元排放);如为外购,请填写因子或供应商碳足迹"))
        return
    if kind == "electricity":
        supply = inp.supply
        if internal and not supply:
            # 7.1.5.1: electricity made by a unit of the study (captive plant) is linked to it
            _link(ctx, internal, inp, where, param, sub, dq)
            return
        # the choice depends on the supply and the place only (where names the first input
        # in an error, which is raised, never kept)
        key = (supply, u.location)
        ch = ctx.elec.get(key)
        if ch is None:
            ch = ctx.elec[key] = electricity.resolve(ctx.lib, ctx.study.electricity, u, inp,
                                                     place(where), ctx.study.period.end.year)
        if ch.notes:
            ctx.notes.extend(ch.notes)
        if ch.captive_provider:
            _link(ctx, ch.captive_provider, inp, where, param, sub, dq)
            return
        kwh = inp.amount * conversion_factor(inp.unit, "kWh")
        # the *_market fields carry the declared (GB/T 44905 7.1.5) factor
        loc, mkt = ch.location, ch.declared
        ctx.items.append(new_item(
            "energy", "electricity", loc.gas, kwh, "kWh", loc.value_t_per_kwh, loc.factor_id,
            loc.basis, loc.source, False, True, mkt.value_t_per_kwh, mkt.factor_id, mkt.basis,
            mkt.source, "high", ch.supply_name, None, ctx.col, ctx.uid, dq, param))
        ctx.subs.append(sub)
        return
    if internal is not None:
        _link(ctx, internal, inp, where, param, sub, dq)
        return
    if kind in ("heat", "steam"):
        fid = inp.factor or (flow_def.upstream_factor if flow_def else None)
        if inp.supplier_cfp is None and not fid:
            ctx.missing.append(f"{place(where)}: factor of purchased {inp.kind} ({inp.unit})")
            return
        it = _upstream(ctx, inp, where, flow_def, dq, param)
        if it is not None:
            it.category, it.upstream, it.purchased_energy = "energy", False, True
            ctx.items.append(it)
            ctx.subs.append(sub)
        return
    purchase_lines(ctx, u, inp, where, flow_def, canon, replaced, param, sub, dq)


def _link(ctx: Context, product: str, inp: Input, where: Where, param: str, sub: str | None,
          dq: dict[str, Any]) -> None:
    """The technosphere link of an input to the unit making ``product``, put in ctx.links."""
    if product not in ctx.products:
        from alcarbon.errors import LinkError

        raise LinkError(
            f"input links to product '{product}', which no unit process makes",
            where=place(where),
            expected=f"one of {sorted(ctx.products)}, or a purchased input with a factor",
        )
    unit = ctx.product_units[ctx.products[product]]
    try:
        amount = inp.amount * conversion_factor(inp.unit, unit)
    except AlcarbonError as exc:
        raise exc.located(place(where)) from None
    ctx.links.append((param, sub, dq, inp.kind, product, amount))


def _output_lines(ctx: Context, u: UnitProcess, k: int, out: Output) -> None:
    """The lines of output row ``k`` of ``u`` (its transport, a measured emission, a waste's
    treatment), put in ``ctx``."""
    where = f"unit '{u.id}', outputs[{k}] '{out.flow}'"
    param = f"{u.id}/outputs/{k}"
    dq = dq_dump(out.dq)
    if out.transport:
        mass_t = out.amount * conversion_factor(out.unit, "t") if is_mass(out.unit) else None
    for li, leg in enumerate(out.transport):
        _transport(ctx, leg, mass_t, out.flow, where, li, False, param, out.subprocess)
    if out.kind == "emission":
        if not out.gas:
            raise InputError("measured emission without gas", where=where,
                             expected="'gas': CO2, CH4, N2O, CF4, C2F6, ...")
        if not is_mass(out.unit):
            raise InputError(f"emission in {out.unit!r}", where=where, expected="a mass unit")
        cat = "process" if out.replaces in process.PROCESS_SOURCES else "fuel_combustion"
        ctx.items.append(new_item(
            cat, out.replaces or f"measured:{out.gas}", out.gas,
            out.amount * conversion_factor(out.unit, "t"),
            "t", 1.0, "measured", "process", out.note or "measured (primary data)",
            factor_confidence="high", column=ctx.col, unit=ctx.uid, dq=dq, param=param))
        ctx.subs.append(out.subprocess)
    elif out.kind == "waste":
        if not out.treatment_factor:
            ctx.notes.append(Msg(
                f"{where}: waste without a treatment factor counts as 0; give "
                "'treatment_factor' or declare it in omitted_flows (cut-off, 7.4)",
                id=f"waste_zero:{u.id}:{out.flow}",
                zh="废物无处理排放因子,按 0 计;应给出处理因子或在取舍准则中声明为舍弃(7.4)"))
            return
        it = _factor_item(ctx, out.treatment_factor, "other", out.flow, out.amount, out.unit,
                          where, False, dq, param)
        if it is not None:
            ctx.items.append(it)
            ctx.subs.append(out.subprocess)


def _expansion_lines(ctx: Context, u: UnitProcess, k: int, out: Output) -> Iterator[RawLine]:
    """System expansion (GB/T 44905 7.3.1 b) of co-product ``out``: the burden of the product
    it displaces (amount x the user's factor) is the co-product's own footprint and a credit
    (the same, negative) to the unit's other products, which bear all its exchanges."""
    where = f"unit '{u.id}', outputs[{k}] '{out.flow}', displaces"
    it = _factor_item(ctx, out.displaces or "", "other", f"displaced:{out.flow}", out.amount,
                      out.unit, where, False, None, "")
    if it is None:
        return
    ctx.notes.append(Msg(
        f"unit '{u.id}': co-product '{out.flow}' by system expansion (7.3.1 b): the other "
        f"products are credited with {out.amount:g} {out.unit} x factor '{it.factor_id}'",
        id=f"expansion:{u.id}:{out.flow}",
        zh=f"联产品'{out.flow}'采用系统扩展法(7.3.1 b):其余产品扣减其替代产品的排放"
           f"({out.amount:g} {out.unit} x 因子 '{it.factor_id}')"))
    param = f"{u.id}/outputs/{k}"
    yield (param + "/displaced", allocation.EXPANDED + out.flow, dq_dump(out.dq), it, "", None,
           0.0)
    credit = Item(**{f: getattr(it, f) for f in Item.__slots__})
    credit.flow, credit.activity = f"credit:{out.flow}", -it.activity
    yield (param + "/credit", None, dq_dump(out.dq), credit, "", None, 0.0)


def _process_completeness(ctx: Context, u: UnitProcess, pe: Any, ids: list[str]) -> list[str]:
    """Notes when a unit misses a process source Appendix A lists for it (silent zeros);
    ``ids``: the catalogue ids of its inputs."""
    outs = ctx.outs  # u's outputs (their fields)
    # loops, not comprehensions: in 3.11 each is a function object and a frame per call
    made: set[str] = set()
    for o in outs:
        if o["kind"] in _MADE:
            made.add(ctx.canon(o["flow"]))
    # limestone without carbonates is the only check a unit making neither product can fail
    limestone = not pe.carbonates and "limestone" in ids
    notes: list[str] = []
    if not limestone and "liquid_aluminium" not in made and "prebaked_anode" not in made:
        return notes  # none of the checks below applies
    measured: set[tuple[str | None, str | None]] = set()
    for o in outs:
        if o["kind"] == "emission":
            measured.add((o["replaces"], o["gas"]))
    sheet = "process_emissions (workbook sheet 过程排放参数 / Process emissions)"
    if "liquid_aluminium" in made:
        if pe.anode_consumption is None and ("anode_consumption", "CO2") not in measured:
            notes.append(Msg(
                f"unit '{u.id}' makes liquid aluminium but has no anode-consumption "
                f"CO2 (Appendix A.4, IPCC Eq. 4.21): fill anode_consumption in {sheet}"
                " or give the measured CO2 with replaces: anode_consumption",
                id=f"no_anode_co2:{u.id}",
                zh="生产铝液但无阳极消耗 CO2(附录 A.4,IPCC 式 4.21):"
                   "应填写阳极消耗参数或给出实测 CO2"))
        if pe.anode_effect is None and not {"CF4", "C2F6"} & {g for _r, g in measured}:
            notes.append(Msg(
                f"unit '{u.id}' makes liquid aluminium but has no anode-effect PFC "
                f"(Appendix A.4, 7.1.3.2.4 d): fill anode_effect in {sheet} or give "
                "the measured CF4/C2F6", id=f"no_pfc:{u.id}",
                zh="生产铝液但无阳极效应 PFC 排放(附录 A.4,7.1.3.2.4 d):"
                   "应填写阳极效应参数或给出实测 CF4/C2F6"))
    if "prebaked_anode" in made and pe.baking is None and not (
            {"pitch_volatiles", "packing_coke"} & {r for r, _g in measured}):
        notes.append(Msg(
            f"unit '{u.id}' makes prebaked anodes but has no baking emissions "
            f"(Appendix A.3: pitch volatiles, packing coke): fill baking in {sheet}",
            id=f"no_baking:{u.id}",
            zh="生产预焙阳极但无焙烧排放(附录 A.3:沥青挥发分、填充焦):应填写焙烧参数"))
    if "prebaked_anode" in made and pe.calcination is None and \
            ("coke_calcination", "CO2") not in measured and \
            any_input(u, "petroleum_coke", ids, fuel=False):
        notes.append(Msg(
            f"unit '{u.id}' makes anodes from green petroleum coke but declares no calcination "
            f"CO2 (Appendix A.3: petroleum coke burnt in the calciner): fill calcination in "
            f"{sheet} or give the measured CO2 with replaces: coke_calcination",
            id=f"no_calcination:{u.id}",
            zh="以石油焦生产阳极但未声明煅烧 CO2(附录 A.3:煅烧炉中石油焦的燃烧):"
               "应填写煅烧参数或给出实测 CO2"))
    if limestone and ("carbonates", "CO2") not in measured:
        notes.append(Msg(
            f"unit '{u.id}' uses limestone but no carbonate decomposition is "
            f"declared (Appendix A.2): add it under carbonates in {sheet}",
            id=f"no_carbonate:{u.id}",
            zh="使用石灰石但未声明碳酸盐分解排放(附录 A.2):应补充碳酸盐参数"))
    return notes


def _put(ctx: Context, raw: Iterable[RawLine]) -> None:
    """Raw lines put in ``ctx`` as the line builders put theirs: an item made whole (column,
    unit, data quality and key set) with its subprocess, or a link."""
    for param, sub, dq, it, kind, product, amount in raw:
        if it is None:
            ctx.links.append((param, sub, dq, kind, product or "", amount))
        else:
            it.column, it.unit, it.dq, it.param = ctx.col, ctx.uid, dq, param
            ctx.items.append(it)
            ctx.subs.append(sub)


def unit_lines(ctx: Context, u: UnitProcess, co_products: bool = True,
               fields: dict[str, Any] | None = None) -> None:
    """Every technosphere link and emission line item of unit ``u`` (for the period), in
    order: inputs, outputs, expanded co-products, process lines, put straight in ``ctx``
    (``ctx.items``/``ctx.subs`` and ``ctx.links``, set by the build with ``ctx.uid`` and
    ``ctx.col``: no raw line per item to make and unpack). ``co_products``: False when the
    unit makes no co-product of non-zero amount (none to expand); ``fields``: ``u.__dict__``
    when the caller has read it."""
    views = ctx.views
    if views is None:
        views = ctx.views = (view(u), view(u), view(u))
    uf, pe, row = views  # its fields only: the model's methods are called on u
    uf.__dict__ = u.__dict__ if fields is None else fields
    ctx.pre_in = ctx.uid + "/inputs/"
    pe.__dict__ = uf.process_emissions.__dict__
    # the completeness notes come first, the coke note after replaced_sources': made after the rows,
    # which find each input's catalogue id, and put in their places among the unit's notes
    first = len(ctx.notes)
    replaced = replaced_sources(ctx, uf, pe)
    mid = len(ctx.notes)
    ids: list[str] = []
    for k, inp in enumerate(uf.inputs):
        row.__dict__ = inp.__dict__
        _input_lines(ctx, uf, k, row, replaced, ids)
    coke = coke_twice_note(uf, pe, ids)
    if coke:
        ctx.notes.insert(mid, coke)
    gaps = _process_completeness(ctx, uf, pe, ids)
    if gaps:
        ctx.notes[first:first] = gaps
    for k, o in enumerate(ctx.outs):
        if o["transport"] or o["kind"] not in _MADE:  # a product's row gives only its transport
            row.__dict__ = o  # the row view, re-pointed to the output's fields
            _output_lines(ctx, u, k, row)
    if co_products and allocation.may_expand(ctx.outs, ctx.study.allocation.method):
        for o in allocation.expanded(u, ctx.study.allocation.method):
            _put(ctx, _expansion_lines(ctx, u, u.outputs.index(o), o))
    process.process_lines(ctx, uf, replaced, pe, ids)
