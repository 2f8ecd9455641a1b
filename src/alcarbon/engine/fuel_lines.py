"""Line items of purchased inputs and fuels: activity x library factor (with the mass <-> energy
conversion through the fuel's NCV), the cradle-to-gate burden of a purchase, on-site combustion
CO2 (GB/T 32151, Appendix A) and the CH4 and N2O of the same fuel (IPCC 2006 Vol.2 Ch.2)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from alcarbon.engine import stages
from alcarbon.engine.fuel_units import combustion_per_unit, gj_per
from alcarbon.engine.linectx import (
    Context,
    Fields,
    Item,
    Where,
    item_from,
    new_item,
    place,
    put_items,
    template,
)
from alcarbon.errors import AlcarbonError, InputError
from alcarbon.inventory.model import Input, UnitProcess
from alcarbon.messages import Msg
from alcarbon.units import conversion_factor, convert, is_energy, same_dimension

_PER_UNIT: dict[tuple[Any, ...], float] = {}


def _per_unit(f: Any, unit: str) -> float:
    """``f.per_unit(unit)`` memoised on the factor's defining values."""
    key = (f.id, f.value, f.amount_unit, f.per, unit)
    v = _PER_UNIT.get(key)
    if v is None:
        v = _PER_UNIT[key] = f.per_unit(unit)
    return v


def _factor_item(ctx: Context, fid: str, category: str, flow: str, amount: float, unit: str,
                 where: Where, upstream: bool, dq: dict[str, Any] | None, param: str,
                 ncv: tuple[float, str] | None = None) -> Item | None:
    """An item activity x library factor, converting units (mass <-> energy via the fuel NCV),
    in column ``ctx.col`` of unit ``ctx.uid`` with data quality ``dq`` and key ``param``.

    An unknown factor id goes to ``ctx.missing`` so every missing factor is reported at once.
    """
    plan = ctx.memo.get(("factor", fid, unit, ncv))
    if plan is None:
        plan = _factor_plan(ctx, fid, unit, where, ncv)
        if plan is None:
            return None
    return _plan_item(ctx, plan, category, flow, amount, upstream, None, dq, param)


def _plan_item(ctx: Context, plan: tuple[Any, ...], category: str, flow: str, amount: float,
               upstream: bool, stage: str | None, dq: dict[str, Any] | None,
               param: str) -> Item:
    """The item of ``amount`` by a :func:`_factor_plan`, in column ``ctx.col`` of unit
    ``ctx.uid`` (``stage``: its Table E.2 stage, :func:`stages.purchased_stage`)."""
    f, how, a, b, act_unit, per, cite = plan
    return new_item(category, flow, f.gas, _activity(amount, how, a, b), act_unit, per, f.id,
                    f.basis, cite, upstream, False, None, None, None, None, f.confidence, None,
                    stage, ctx.col, ctx.uid, dq, param)


def _activity(amount: float, how: int, a: float, b: float) -> float:
    """The activity of ``amount`` by the conversion (how, a, b) of a :func:`_factor_plan`,
    operation for operation as it computes it."""
    return amount if how == 0 else amount * a / b if how == 1 else amount * a


def _factor_plan(ctx: Context, fid: str, unit: str, where: Where,
                 ncv: tuple[float, str] | None) -> tuple[Any, ...] | None:
    """How :func:`_factor_item` turns an amount in ``unit`` into an item of factor ``fid``:
    (factor, how, a, b, activity unit, factor per activity unit, citation), where the activity
    is the amount (how 0), amount x a / b (1: energy to the factor's mass or volume via the
    NCV) or amount x a (2: mass or volume to GJ via the NCV). Kept in the library's memo: a
    pure function of the library and the arguments (None, not kept, when the factor is
    missing)."""
    f = ctx.lib.get_or_none(fid)
    if f is None:
        ctx.missing.append(f"{place(where)}: factor '{fid}' is neither packaged nor in the study")
        return None
    how, a, b, act_unit = 0, 1.0, 1.0, unit
    if not same_dimension(unit, f.per) and ncv is not None:
        try:
            if is_energy(unit):  # amount in energy, factor per mass/volume of fuel
                how, a, b, act_unit = 1, conversion_factor(unit, "GJ"), gj_per(*ncv, f.per), f.per
            elif is_energy(f.per):  # amount in mass/volume, factor per energy
                how, a, act_unit = 2, gj_per(*ncv, unit), "GJ"
        except AlcarbonError as exc:
            raise exc.located(place(where)) from None
    try:
        per = _per_unit(f, act_unit)
    except AlcarbonError as exc:
        raise InputError(
            f"amount in {unit!r} cannot use factor '{fid}' (per {f.per})", where=place(where),
            expected=f"a unit convertible to {f.per}",
        ) from exc
    plan = (Fields(f), how, a, b, act_unit, per, ctx.cite(f.source))
    ctx.memo[("factor", fid, unit, ncv)] = plan
    return plan


def _upstream(ctx: Context, inp: Input, where: Where, flow_def: Any, dq: dict[str, Any] | None,
              param: str) -> Item | None:
    """Cradle-to-gate burden of a purchased input: supplier CFP > study factor > flow default
    (:func:`_upstream_plan`); its item made whole as :func:`_factor_item`'s, None when its
    factor is missing."""
    if inp.supplier_cfp is not None:
        s = inp.supplier_cfp
        per = convert(s.value, s.amount_unit, "t") / convert(1.0, s.per, inp.unit)
        return new_item("other", inp.flow, "CO2e" if s.basis == "life_cycle" else "CO2",
                    inp.amount, inp.unit, per, f"supplier:{inp.flow}", s.basis, s.source,
                    True, False, None, None, None, None, "high" if s.verified else "medium",
                    None, None, ctx.col, ctx.uid, dq, param)
    plan = _upstream_plan(ctx, inp, where, flow_def)[0]
    if plan is None:
        return None
    return _plan_item(ctx, plan, "other", inp.flow, inp.amount, True, None, dq, param)


def _upstream_plan(ctx: Context, inp: Input, where: Where,
                   flow_def: Any) -> tuple[tuple[Any, ...] | None, Any]:
    """The :func:`_factor_plan` of a purchase's cradle-to-gate factor (study factor > flow
    default; None, reported in ``ctx.missing``, when there is none), with the library's answer
    for its fuel (:func:`fuel_hit`) when the NCV came from it, else None."""
    fid = inp.factor or (flow_def.upstream_factor if flow_def is not None else None)
    if not fid:
        hint = ""
        if flow_def is None:  # not a catalogue flow: perhaps a typo
            try:
                ctx.lib.flow(inp.flow)
            except AlcarbonError as exc:
                hint = f" — {exc.message}; if it is a new material, give it a factor"
        ctx.missing.append(f"{place(where)}: upstream factor of '{inp.flow}' ({inp.unit}){hint}")
        return None, None
    # the NCV of a fuel input: the plant-measured value, else the library's, else None
    hit = None
    ncv = measured_ncv(inp)
    if ncv is None and inp.kind == "fuel":
        hit = fuel_hit(ctx, fuel_of(inp, flow_def))
        fp = hit[0]
        ncv = None if fp is None else (fp.ncv, fp.ncv_unit)
    plan = ctx.memo.get(("factor", fid, inp.unit, ncv))
    if plan is None:
        plan = _factor_plan(ctx, fid, inp.unit, where, ncv)
    return plan, hit


def measured_ncv(inp: Input) -> tuple[float, str] | None:
    """(NCV, unit) the plant measured for an input's fuel, or None."""
    o = inp.fuel
    return (o.ncv, o.ncv_unit) if o is not None and o.ncv is not None and o.ncv_unit else None


def fuel_of(inp: Input, flow_def: Any) -> str:
    """The fuel id of an input: its catalogue flow's fuel, else the flow name."""
    return flow_def.fuel if flow_def is not None and flow_def.fuel else inp.flow


#: library -> {(fuel id, the study's fuel table): (library properties or None, chosen table
#: name)}: what the library answers for a fuel, kept with the library object (its fuel tables
#: are fixed when it is made; a library with other factors or tables is another object). Not
#: keyed on any study: the study's table name is part of the key.
_LIB_FUELS: WeakKeyDictionary[Any, dict[tuple[str, str | None], tuple[Any, str]]] = \
    WeakKeyDictionary()


def fuel_hit(ctx: Context, fuel_id: str) -> tuple[Any, str]:
    """(library properties of a fuel or None, the study's fuel table name): from the study's
    fuel table, else from another table (petroleum coke, for one, is not in the default
    table; :func:`fuel_note` says so)."""
    hit = ctx.fuels.get(fuel_id)
    if hit is None:
        table = ctx.study.fuel_table
        known = _LIB_FUELS.get(ctx.lib)
        if known is None:
            known = _LIB_FUELS[ctx.lib] = {}
        hit = known.get((fuel_id, table))
        if hit is None:
            try:
                fp = ctx.lib.fuel_any_table(fuel_id, table)
                hit = (None if fp is None else Fields(fp), ctx.lib.fuel_table_name(table))
            except AlcarbonError as exc:
                raise exc.located("study field fuel_table (sheet 研究信息 / Study)") from None
            known[(fuel_id, table)] = hit
        ctx.fuels[fuel_id] = hit
    return hit


def _other_table(hit: tuple[Any, str]) -> bool:
    """Whether a fuel's library properties (:func:`fuel_hit`) come from another table than the
    study's."""
    return hit[0] is not None and hit[0].table != hit[1]


def fuel_note(ctx: Context, where: Where, fuel_id: str, hit: tuple[Any, str]) -> None:
    """The note of a fuel whose properties come from another table than the study's."""
    if _other_table(hit):
        fp, chosen = hit
        ctx.notes.append(Msg(
            f"{place(where)}: fuel '{fuel_id}' is not in fuel table {chosen}; its NCV, carbon "
            f"content and oxidation come from table {fp.table} ({fp.source.cite()})",
            id=f"fuel_other_table:{fuel_id}",
            zh=f"燃料“{fuel_id}”不在燃料参数表 {chosen} 中,其低位发热量、含碳量和氧化率取自 "
               f"{fp.table} 表"))


def _combustion(ctx: Context, inp: Input, where: Where, fuel_id: str, base: Any) -> Item:
    """On-site combustion CO2 = amount x NCV x CC x OF x 44/12 (GB/T 32151, Appendix A) of fuel
    ``fuel_id`` (:func:`fuel_of`) whose library properties are ``base`` (:func:`fuel_hit`)."""
    o = inp.fuel
    if base is None:
        if o is None or None in (o.ncv, o.ncv_unit, o.carbon_content, o.oxidation):
            raise InputError(
                f"unknown fuel '{inp.flow}'", where=place(where),
                expected="a fuel of the factor library, or 'fuel' with ncv, ncv_unit, "
                "carbon_content (tC/GJ) and oxidation",
            ) from None
    ncv = o.ncv if o and o.ncv is not None else base.ncv
    ncv_unit = o.ncv_unit if o and o.ncv_unit else base.ncv_unit
    cc = o.carbon_content if o and o.carbon_content is not None else base.carbon_content
    of = o.oxidation if o and o.oxidation is not None else base.oxidation
    try:
        per = combustion_per_unit(inp.unit, ncv, ncv_unit, cc, of)
    except AlcarbonError as exc:
        raise exc.located(place(where)) from None
    src = "plant-measured fuel properties" if o else ctx.cite(base.source)
    return new_item("fuel_combustion", inp.flow, "CO2", inp.amount, inp.unit, per,
                f"combustion:{fuel_id}", "process", src, False, False, None, None, None, None,
                "high" if o else base.confidence)


def _energy_unit(ctx: Context, u: UnitProcess) -> bool:
    """:func:`stages.energy_industry` of unit ``u``, the one the build is at, once per build."""
    energy = ctx.energy_units.get(u.id)
    if energy is None:
        energy = ctx.energy_units[u.id] = stages.energy_industry(ctx.outs)
    return energy


@lru_cache(maxsize=64)
def _non_co2_rows(fuel_id: str, state: str | None, sector: str
                  ) -> tuple[tuple[str, float, str, str], ...]:
    """(gas, kg/TJ, factor id, source) of the CH4 and N2O of a fuel burnt in a sector (IPCC 2006
    Vol.2 Ch.2 Tier 1), memoised: a pure function of the fixed tables of
    alcarbon.methods.combustion_non_co2."""
    from alcarbon.methods.combustion_non_co2 import fuel_group, non_co2_factors

    group = fuel_group(fuel_id, state)
    return tuple((f.gas, f.kg_per_tj, f"ipcc_stationary:{sector}:{group}:{f.gas}", f.source)
                 for f in non_co2_factors(group, sector))


def _combustion_non_co2(ctx: Context, u: UnitProcess, inp: Input, where: Where, fuel_id: str,
                        base: Any, replaced: dict[str, set[str]]) -> list[Item]:
    """CH4 and N2O of burning a fuel: GJ per unit x IPCC 2006 Vol.2 Ch.2 Tier 1 kg/TJ (fuel and
    library properties as :func:`_combustion`)."""
    if is_energy(inp.unit):
        gj_per_unit = convert(1.0, inp.unit, "GJ")
    else:
        # as _upstream: the plant-measured NCV, else the library's (``base``) of a fuel
        ncv = measured_ncv(inp)
        if ncv is None and inp.kind == "fuel" and base is not None:
            ncv = (base.ncv, base.ncv_unit)
        if ncv is None:  # only when the CO2 is measured and the fuel is unknown
            raise InputError(f"no net calorific value for fuel '{inp.flow}'", where=place(where),
                             expected="'fuel' with ncv and ncv_unit")
        try:
            gj_per_unit = gj_per(*ncv, inp.unit)
        except AlcarbonError as exc:
            raise exc.located(place(where)) from None
    energy = _energy_unit(ctx, u)
    rows = _non_co2_rows(base.id if base is not None else fuel_id,
                         base.state if base is not None else None,
                         "energy" if energy else "manufacturing")
    done = replaced.get("fuel_combustion", ())
    # t gas per unit of fuel = GJ/unit / 1000 (TJ) x kg/TJ / 1000 (t)
    return [new_item("fuel_combustion", inp.flow, gas, inp.amount, inp.unit,
                 gj_per_unit * kg_per_tj / 1e6, fid, "process", source, False, False, None,
                 None, None, None, "low")
            for gas, kg_per_tj, fid, source in rows if gas not in done]


def _burn_plan(ctx: Context, u: UnitProcess, inp: Input, where: Where, fuel_id: str,
               base: Any, replaced: dict[str, set[str]], co2: bool
               ) -> tuple[tuple[str, float, str, str, str], ...]:
    """(gas, t per unit of fuel, factor id, source, confidence) of each combustion item of a
    burnt fuel input: its CO2 (:func:`_combustion`, when ``co2``) then its CH4 and N2O
    (:func:`_combustion_non_co2`). Kept in the library's memo, keyed on every value it depends
    on (unit and kind of the input, the plant-measured properties, the fuel and the study's
    fuel table that give ``base``, the IPCC sector, the gases measured instead)."""
    o = inp.fuel
    energy = _energy_unit(ctx, u)
    done = replaced.get("fuel_combustion")
    key = ("fuel", inp.unit, inp.kind, fuel_id, ctx.study.fuel_table, energy, co2,
           None if o is None else (o.ncv, o.ncv_unit, o.carbon_content, o.oxidation),
           frozenset(done) if done else None)
    plan = ctx.memo.get(key)
    if plan is None:
        made = _combustion_non_co2(ctx, u, inp, where, fuel_id, base, replaced)
        if co2:
            made.insert(0, _combustion(ctx, inp, where, fuel_id, base))
        plan = ctx.memo[key] = tuple(
            (it.gas, it.factor, it.factor_id, it.source, it.factor_confidence) for it in made)
    return plan


def purchase_lines(ctx: Context, u: UnitProcess, inp: Input, where: Where, flow_def: Any,
                   canon: str, replaced: dict[str, set[str]], param: str, sub: str | None,
                   dq: dict[str, Any] | None) -> None:
    """The lines of a purchased material or fuel (not heat or steam), put in ``ctx``: its
    cradle-to-gate item (:func:`_upstream`, in the stage of :func:`stages.purchased_stage`),
    then for a burnt fuel the note of :func:`fuel_note` and its combustion items
    (:func:`_burn_plan`). Without a supplier footprint, what the row takes from the library
    is one plan in the library's memo (:func:`_purchase_plan`), keyed on every value it depends on:
    flow, kind, unit, factor id, combusted, the plant's fuel properties, the study's fuel table
    and purchased-stage setting, the unit's IPCC sector, the gases measured instead (a row
    whose factor is missing is worked out, and reported, each time)."""
    kind = inp.kind
    combusted = inp.combusted if inp.combusted is not None else kind == "fuel"
    items, subs, col, uid = ctx.items, ctx.subs, ctx.col, ctx.uid
    if inp.supplier_cfp is not None:  # the supplier's own footprint: no plan kept
        it = _upstream(ctx, inp, where, flow_def, dq, param + "/upstream")
        items.append(it)  # type: ignore[arg-type]  # a supplier item is never None
        subs.append(sub)
        plan = _purchase_plan(ctx, u, inp, where, flow_def, canon, replaced, combusted, False)
        it.stage = plan[4]  # type: ignore[union-attr]
    else:
        energy = _energy_unit(ctx, u) if combusted else None
        done = replaced.get("fuel_combustion")
        study = ctx.study
        o = inp.fuel
        if o is not None:
            o = o.__dict__  # (its fields: one read on the model instead of four)
            o = (o["ncv"], o["ncv_unit"], o["carbon_content"], o["oxidation"])
        key = ("purchase", inp.flow, kind, inp.unit, inp.factor, combusted, o,
               study.fuel_table, study.purchased_stage, energy,
               frozenset(done) if done else None)
        plan = ctx.memo.get(key)
        if plan is None:
            plan = _purchase_plan(ctx, u, inp, where, flow_def, canon, replaced, combusted, True)
            if plan[0] is not None:
                ctx.memo[key] = plan
        up = plan[0]
        if up is not None:
            items.append(item_from(up, _activity(inp.amount, plan[1], plan[2], plan[3]), col,
                                   uid, dq, param + "/upstream"))
            subs.append(sub)
    burn = plan[8]
    if burn is None:
        return
    if plan[7]:  # the note of another table, when the CO2 is computed from it
        fuel_note(ctx, where, plan[5], plan[6])
    # its CO2, then the GB/T 44905 Table D.1 gases CH4 and N2O (same activity)
    put_items(items, subs, burn, inp.amount, col, uid, dq, param, sub)


def _purchase_plan(ctx: Context, u: UnitProcess, inp: Input, where: Where, flow_def: Any,
                   canon: str, replaced: dict[str, set[str]], combusted: bool,
                   upstream: bool) -> tuple[Any, ...]:
    """The plan of :func:`purchase_lines`: (template of the upstream item or None, how, a, b
    (:func:`_factor_plan`), stage, fuel id, the library's fuel, whether the note of
    :func:`fuel_note` is due (the CO2 is computed from another table's properties), templates
    of the combustion items or None); the upstream item only when ``upstream`` (no supplier
    footprint). The templates (:func:`~alcarbon.engine.linectx.template`) hold the row's flow
    and unit, both in the memo's key."""
    up, hit = _upstream_plan(ctx, inp, where, flow_def) if upstream else (None, None)
    stage = stages.purchased_stage(canon, ctx.study.purchased_stage)
    flow, unit = inp.flow, inp.unit
    up_t, how, a, b = None, 0, 1.0, 1.0
    if up is not None:
        f, how, a, b, act_unit, per, cite = up
        up_t = template("other", flow, f.gas, act_unit, per, f.id, f.basis, cite, True, False,
                        None, None, None, None, f.confidence, None, stage)
    if not combusted:
        return (up_t, how, a, b, stage, "", None, False, None)
    fuel_id = fuel_of(inp, flow_def)
    if hit is None:  # the library's fuel, unless the upstream plan looked it up
        hit = fuel_hit(ctx, fuel_id)
    co2 = "CO2" not in replaced.get("fuel_combustion", ())
    burn = tuple(template("fuel_combustion", flow, gas, unit, per, fid, "process", source,
                          False, False, None, None, None, None, conf)
                 for gas, per, fid, source, conf in
                 _burn_plan(ctx, u, inp, where, fuel_id, hit[0], replaced, co2))
    return (up_t, how, a, b, stage, fuel_id, hit, co2 and _other_table(hit), burn)
