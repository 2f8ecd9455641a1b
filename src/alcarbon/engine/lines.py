"""Turn the rows of one unit process into technosphere links and emission line items.

Each input row gives: a link to another unit (intermediate product or captive electricity), or
purchased-input lines: upstream (cradle-to-gate factor, Appendix A 'other'), on-site combustion
(fuels), energy-related (electricity, heat, steam) and third-party transport (7.1.3.1).
Outputs give waste-treatment lines and measured direct emissions; process_emissions give the
process lines of Appendix A (anode consumption, anode effect, baking, carbonates).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from alcarbon.engine import allocation, electricity, process, stages
from alcarbon.errors import AlcarbonError, InputError
from alcarbon.inventory.model import DataQuality, Input, Output, Study, TransportLeg, UnitProcess
from alcarbon.messages import Msg
from alcarbon.units import convert, is_energy, is_mass, same_dimension


@dataclass(slots=True)
class ItemSpec:
    category: str
    flow: str
    gas: str
    activity: float
    activity_unit: str
    factor: float
    factor_id: str
    basis: str
    source: str
    upstream: bool = False
    purchased_energy: bool = False
    factor_market: float | None = None
    factor_id_market: str | None = None
    basis_market: str | None = None
    source_market: str | None = None
    factor_confidence: str = ""
    supply: str | None = None
    stage: str | None = None  # Table E.2 stage overriding upstream (engine/stages.py)


@dataclass(slots=True)
class RawLine:
    param: str
    subprocess: str | None
    dq: dict[str, Any] | None
    kind: str = ""
    tech_product: str | None = None
    amount: float = 0.0
    item: ItemSpec | None = None


@dataclass
class Context:
    study: Study
    lib: Any
    products: dict[str, int]
    product_units: list[str]
    missing: list[str]
    notes: list[str] = field(default_factory=list)
    #: fuel id -> (library properties or None, chosen table name): one look-up per fuel and
    #: build (the study's fuel table cannot change within one build)
    fuels: dict[str, tuple[Any, str]] = field(default_factory=dict)
    #: per build: unit id -> Table E.2 stage; (supply, location) -> electricity choice;
    #: id of a library factor's source -> its citation (the library is held by ctx.lib)
    stages: dict[str, str] = field(default_factory=dict)
    elec: dict[tuple[str | None, str | None], Any] = field(default_factory=dict)
    cites: dict[int, tuple[Any, str]] = field(default_factory=dict)
    flows: dict[str, Any] = field(default_factory=dict)

    def stage(self, u: UnitProcess) -> str:
        st = self.stages.get(u.id)
        if st is None:
            st = self.stages[u.id] = stages.unit_stage(u)
        return st

    def cite(self, source: Any) -> str:
        # the source is kept with its citation, so its id cannot be reused within the build
        hit = self.cites.get(id(source))
        if hit is None or hit[0] is not source:
            hit = self.cites[id(source)] = (source, source.cite())
        return hit[1]

    def flow_def(self, flow: str) -> Any:
        """The library's catalogue entry of a flow name, or None (one look-up per name and
        build)."""
        try:
            return self.flows[flow]
        except KeyError:
            f = self.flows[flow] = self.lib.flow_or_none(flow)
            return f

    def canon(self, flow: str) -> str:
        """Catalogue id of a flow name (aliases, Chinese names), else the name itself."""
        f = self.flow_def(flow)
        return flow if f is None else f.id


#: DataQuality's fields are scalars and one list of strings: its dump is a copy of its
#: __dict__ with the list copied (checked here, so a new nested field falls back to model_dump)
_DQ_FLAT = set(DataQuality.model_fields) == {
    "technology", "time", "geography", "reliability", "completeness", "primary", "source",
    "evidence", "gsd"}


def _dq(x: Any) -> dict[str, Any]:
    d = x.dq
    if _DQ_FLAT and type(d) is DataQuality:
        out = dict(d.__dict__)
        out["evidence"] = list(out["evidence"])
        return out
    return d.model_dump()


@lru_cache(maxsize=1024)
def _gj_per(ncv: float, ncv_unit: str, unit: str) -> float:
    """GJ in 1 ``unit`` of a fuel whose net calorific value is ``ncv`` ``ncv_unit``."""
    from alcarbon.units import Q_, parse_unit

    return float((Q_(ncv, parse_unit(ncv_unit)) * Q_(1.0, parse_unit(unit))).to("GJ").magnitude)


_PER_UNIT: dict[tuple[Any, ...], float] = {}


def _per_unit(f: Any, unit: str) -> float:
    """``f.per_unit(unit)`` memoised on the factor's defining values."""
    key = (f.id, f.value, f.amount_unit, f.per, unit)
    v = _PER_UNIT.get(key)
    if v is None:
        v = _PER_UNIT[key] = f.per_unit(unit)
    return v


@lru_cache(maxsize=1024)
def _combustion_per_unit(unit: str, ncv: float, ncv_unit: str, cc: float, of: float) -> float:
    """t CO2 per 1 ``unit`` of fuel burnt, via alcarbon.methods.fuel_combustion (memoised)."""
    from alcarbon.methods import fuel_combustion
    from alcarbon.units import Q_, parse_unit

    ncv_q = None if is_energy(unit) else Q_(ncv, parse_unit(ncv_unit))
    co2 = fuel_combustion(Q_(1.0, parse_unit(unit)), ncv=ncv_q, carbon_content=Q_(cc, "t/GJ"),
                          oxidation=of)["CO2"]
    return float(co2.to("t").magnitude)


def _factor_item(ctx: Context, fid: str, *, category: str, flow: str, amount: float, unit: str,
                 where: str, upstream: bool,
                 ncv: tuple[float, str] | None = None) -> ItemSpec | None:
    """An item activity x library factor, converting units (mass <-> energy via the fuel NCV).

    An unknown factor id goes to ``ctx.missing`` so every missing factor is reported at once.
    """
    f = ctx.lib.get_or_none(fid)
    if f is None:
        ctx.missing.append(f"{where}: factor '{fid}' is neither packaged nor in the study")
        return None
    act, act_unit = amount, unit
    if not same_dimension(unit, f.per) and ncv is not None:
        try:
            if is_energy(unit):  # amount in energy, factor per mass/volume of fuel
                act, act_unit = convert(amount, unit, "GJ") / _gj_per(*ncv, f.per), f.per
            elif is_energy(f.per):  # amount in mass/volume, factor per energy
                act, act_unit = amount * _gj_per(*ncv, unit), "GJ"
        except AlcarbonError as exc:
            raise exc.located(where) from None
    try:
        per = _per_unit(f, act_unit)
    except AlcarbonError as exc:
        raise InputError(
            f"amount in {unit!r} cannot use factor '{fid}' (per {f.per})", where=where,
            expected=f"a unit convertible to {f.per}",
        ) from exc
    return ItemSpec(category, flow, f.gas, act, act_unit, per, f.id, f.basis, ctx.cite(f.source),
                    upstream=upstream, factor_confidence=f.confidence)


def _upstream(ctx: Context, inp: Input, where: str, flow_def: Any) -> ItemSpec | None:
    """Cradle-to-gate burden of a purchased input: supplier CFP > study factor > flow default."""
    if inp.supplier_cfp is not None:
        s = inp.supplier_cfp
        per = convert(s.value, s.amount_unit, "t") / convert(1.0, s.per, inp.unit)
        return ItemSpec("other", inp.flow, "CO2e" if s.basis == "life_cycle" else "CO2",
                        inp.amount, inp.unit, per, f"supplier:{inp.flow}", s.basis, s.source,
                        upstream=True, factor_confidence="high" if s.verified else "medium")
    fid = inp.factor or (flow_def.upstream_factor if flow_def is not None else None)
    if not fid:
        hint = ""
        if flow_def is None:  # not a catalogue flow: perhaps a typo
            try:
                ctx.lib.flow(inp.flow)
            except AlcarbonError as exc:
                hint = f" — {exc.message}; if it is a new material, give it a factor"
        ctx.missing.append(f"{where}: upstream factor of '{inp.flow}' ({inp.unit}){hint}")
        return None
    return _factor_item(ctx, fid, category="other", flow=inp.flow, amount=inp.amount,
                        unit=inp.unit, where=where, upstream=True,
                        ncv=_effective_ncv(ctx, inp, flow_def))


def _effective_ncv(ctx: Context, inp: Input, flow_def: Any) -> tuple[float, str] | None:
    """(NCV, unit) of a fuel input: the plant-measured value, else the library's, else None."""
    if inp.fuel is not None and inp.fuel.ncv is not None and inp.fuel.ncv_unit:
        return inp.fuel.ncv, inp.fuel.ncv_unit
    if inp.kind != "fuel":
        return None
    fuel = _table_fuel(ctx, flow_def.fuel if flow_def is not None and flow_def.fuel
                       else inp.flow, "")
    return None if fuel is None else (fuel.ncv, fuel.ncv_unit)


#: library -> {(fuel id, the study's fuel table): (library properties or None, chosen table
#: name)}: what the library answers for a fuel, kept with the library object (its fuel tables
#: are fixed when it is made; a library with other factors or tables is another object). Not
#: keyed on any study: the study's table name is part of the key.
_LIB_FUELS: WeakKeyDictionary[Any, dict[tuple[str, str | None], tuple[Any, str]]] = \
    WeakKeyDictionary()


def _table_fuel(ctx: Context, fuel_id: str, where: str) -> Any:
    """Library properties of a fuel from the study's fuel table, else from another table (with a
    note naming it; petroleum coke, for one, is not in the default table), else None."""
    hit = ctx.fuels.get(fuel_id)
    if hit is None:
        table = ctx.study.fuel_table
        known = _LIB_FUELS.get(ctx.lib)
        if known is None:
            known = _LIB_FUELS[ctx.lib] = {}
        hit = known.get((fuel_id, table))
        if hit is None:
            try:
                hit = (ctx.lib.fuel_any_table(fuel_id, table), ctx.lib.fuel_table_name(table))
            except AlcarbonError as exc:
                raise exc.located("study field fuel_table (sheet 研究信息 / Study)") from None
            known[(fuel_id, table)] = hit
        ctx.fuels[fuel_id] = hit
    fp, chosen = hit
    if fp is not None and fp.table != chosen and where:
        ctx.notes.append(Msg(
            f"{where}: fuel '{fuel_id}' is not in fuel table {chosen}; its NCV, carbon content "
            f"and oxidation come from table {fp.table} ({fp.source.cite()})",
            id=f"fuel_other_table:{fuel_id}",
            zh=f"燃料“{fuel_id}”不在燃料参数表 {chosen} 中,其低位发热量、含碳量和氧化率取自 "
               f"{fp.table} 表"))
    return fp


def _combustion(ctx: Context, inp: Input, where: str, flow_def: Any) -> ItemSpec:
    """On-site combustion CO2 = amount x NCV x CC x OF x 44/12 (GB/T 32151, Appendix A)."""
    fuel_id = (flow_def.fuel if flow_def is not None and flow_def.fuel else inp.flow)
    o = inp.fuel
    base = _table_fuel(ctx, fuel_id, where)
    if base is None:
        if o is None or None in (o.ncv, o.ncv_unit, o.carbon_content, o.oxidation):
            raise InputError(
                f"unknown fuel '{inp.flow}'", where=where,
                expected="a fuel of the factor library, or 'fuel' with ncv, ncv_unit, "
                "carbon_content (tC/GJ) and oxidation",
            ) from None
    ncv = o.ncv if o and o.ncv is not None else base.ncv
    ncv_unit = o.ncv_unit if o and o.ncv_unit else base.ncv_unit
    cc = o.carbon_content if o and o.carbon_content is not None else base.carbon_content
    of = o.oxidation if o and o.oxidation is not None else base.oxidation
    try:
        per = _combustion_per_unit(inp.unit, ncv, ncv_unit, cc, of)
    except AlcarbonError as exc:
        raise exc.located(where) from None
    src = "plant-measured fuel properties" if o else ctx.cite(base.source)
    return ItemSpec("fuel_combustion", inp.flow, "CO2", inp.amount, inp.unit, per,
                    f"combustion:{fuel_id}", "process", src,
                    factor_confidence="high" if o else base.confidence)


def _energy_industry(u: UnitProcess) -> bool:
    """A unit whose reference product is energy (captive power plant, boiler house): its fuels
    take the IPCC 2006 Vol.2 Table 2.2 (energy industries) factors, others Table 2.3."""
    return any(is_energy(o.unit) or o.flow in ("electricity", "heat", "steam")
               for o in u.outputs if o.kind == "product")


def _combustion_non_co2(ctx: Context, u: UnitProcess, inp: Input, where: str, flow_def: Any,
                        replaced: dict[str, set[str]]) -> Iterator[ItemSpec]:
    """CH4 and N2O of burning a fuel: GJ per unit x IPCC 2006 Vol.2 Ch.2 Tier 1 kg/TJ."""
    from alcarbon.methods.combustion_non_co2 import fuel_group, non_co2_factors

    fuel_id = (flow_def.fuel if flow_def is not None and flow_def.fuel else inp.flow)
    base = _table_fuel(ctx, fuel_id, "")
    if is_energy(inp.unit):
        gj_per_unit = convert(1.0, inp.unit, "GJ")
    else:
        ncv = _effective_ncv(ctx, inp, flow_def)
        if ncv is None:  # only when the CO2 is measured and the fuel is unknown
            raise InputError(f"no net calorific value for fuel '{inp.flow}'", where=where,
                             expected="'fuel' with ncv and ncv_unit")
        try:
            gj_per_unit = _gj_per(*ncv, inp.unit)
        except AlcarbonError as exc:
            raise exc.located(where) from None
    group = fuel_group(base.id if base is not None else fuel_id,
                       base.state if base is not None else None)
    sector = "energy" if _energy_industry(u) else "manufacturing"
    done = replaced.get("fuel_combustion", set())
    for f in non_co2_factors(group, sector):
        if f.gas in done:
            continue
        # t gas per unit of fuel = GJ/unit / 1000 (TJ) x kg/TJ / 1000 (t)
        yield ItemSpec("fuel_combustion", inp.flow, f.gas, inp.amount, inp.unit,
                       gj_per_unit * f.kg_per_tj / 1e6,
                       f"ipcc_stationary:{sector}:{group}:{f.gas}", "process", f.source,
                       factor_confidence="low")


def _transport(ctx: Context, leg: TransportLeg, mass_t: float | None, flow: str, where: str,
               upstream: bool) -> ItemSpec | None:
    weight = leg.transported_t if leg.transported_t is not None else mass_t
    if weight is None:
        raise InputError(f"transport of '{flow}' needs transported_t", where=where,
                         expected="'transported_t' when the amount is not a mass")
    try:
        f = ctx.lib.get(leg.factor) if leg.factor else ctx.lib.freight(leg.mode)
    except AlcarbonError as exc:
        raise exc.located(where) from None
    tkm = weight * leg.distance_km
    return ItemSpec("other", f"transport:{flow}", f.gas, tkm, "tkm", _per_unit(f, "tkm"), f.id,
                    f.basis, ctx.cite(f.source), upstream=upstream, factor_confidence=f.confidence)


def _input_lines(ctx: Context, u: UnitProcess, k: int, inp: Input,
                 replaced: dict[str, set[str]]) -> Iterator[RawLine]:
    where = f"unit '{u.id}', inputs[{k}] '{inp.flow}'"
    param = f"{u.id}/inputs/{k}"
    dq = _dq(inp)
    sub = inp.subprocess
    mass_t = convert(inp.amount, inp.unit, "t") if is_mass(inp.unit) else None
    flow_def = ctx.flow_def(inp.flow)
    purchased = inp.supplier_cfp is not None or inp.factor is not None
    if inp.provider and purchased:
        raise InputError("an input linked to a provider cannot also carry a factor or "
                         "supplier_cfp", where=where,
                         expected="either 'provider' (made in the study) or a purchase")
    # GB/T 44905 6.1: a purchased intermediate with its own factor stays purchased even when
    # the study also makes that product.
    internal = inp.provider or (inp.flow if inp.flow in ctx.products and not purchased
                                else None)
    canon = flow_def.id if flow_def is not None else inp.flow
    in_unit = stages.transport_in_unit(ctx.stage(u), canon)
    for li, leg in enumerate(inp.transport):
        # Transport of purchased auxiliary materials and fuels is upstream (5.3.2 a, b); of
        # intermediates and of the raw materials a unit clause names, in the unit (5.3.3.x a).
        it = _transport(ctx, leg, mass_t, inp.flow, f"{where}, transport[{li}]",
                        upstream=internal is None and inp.kind != "electricity" and not in_unit)
        yield RawLine(f"{param}/transport/{li}", sub, _dq(leg), item=it)
    if inp.burden_free:
        return
    if internal is None and not purchased and flow_def is not None and \
            flow_def.kind == "resource":
        # GB/T 44905 5.3.3.1: the system starts at mining; ore taken from nature is an
        # elementary input (no upstream burden), its extraction emissions are the unit's own.
        ctx.notes.append(Msg(
            f"{where}: '{flow_def.id}' is taken from nature: elementary input with zero "
            "upstream burden (5.3.3.1; mining emissions are those of the unit); give a factor "
            "or supplier_cfp if it is bought", id=f"from_nature:{u.id}:{flow_def.id}",
            zh=f"'{flow_def.name_zh}'取自自然界:作为基本流输入,上游排放为 0(5.3.3.1,采矿排放即"
               "本单元排放);如为外购,请填写因子或供应商碳足迹"))
        return
    if inp.kind == "electricity" and internal and not inp.supply:
        # 7.1.5.1: electricity made by a unit of the study (captive plant) is linked to it
        yield from _link(ctx, internal, inp, where, param, sub, dq)
        return
    if inp.kind == "electricity":
        # the choice depends on the supply and the place only (where names the first input
        # in an error, which is raised, never kept)
        key = (inp.supply, u.location)
        ch = ctx.elec.get(key)
        if ch is None:
            ch = ctx.elec[key] = electricity.resolve(ctx.lib, ctx.study.electricity, u, inp,
                                                     where, ctx.study.period.end.year)
        ctx.notes.extend(ch.notes)
        if ch.captive_provider:
            yield from _link(ctx, ch.captive_provider, inp, where, param, sub, dq)
            return
        kwh = convert(inp.amount, inp.unit, "kWh")
        # the *_market fields carry the declared (GB/T 44905 7.1.5) factor
        loc, mkt = ch.location, ch.declared
        yield RawLine(param, sub, dq, item=ItemSpec(
            "energy", "electricity", loc.gas, kwh, "kWh", loc.value_t_per_kwh, loc.factor_id,
            loc.basis, loc.source, purchased_energy=True,
            factor_market=mkt.value_t_per_kwh, factor_id_market=mkt.factor_id,
            basis_market=mkt.basis, source_market=mkt.source,
            factor_confidence="high", supply=ch.supply_name))
        return
    if internal is not None:
        yield from _link(ctx, internal, inp, where, param, sub, dq)
        return
    if inp.kind in ("heat", "steam"):
        fid = inp.factor or (flow_def.upstream_factor if flow_def else None)
        if inp.supplier_cfp is None and not fid:
            ctx.missing.append(f"{where}: factor of purchased {inp.kind} ({inp.unit})")
            return
        it = _upstream(ctx, inp, where, flow_def)
        if it is not None:
            it.category, it.upstream, it.purchased_energy = "energy", False, True
            yield RawLine(param, sub, dq, item=it)
        return
    it = _upstream(ctx, inp, where, flow_def)
    if it is not None:
        it.stage = stages.purchased_stage(canon, ctx.study.purchased_stage)
        yield RawLine(param + "/upstream", sub, dq, item=it)
    combusted = inp.combusted if inp.combusted is not None else inp.kind == "fuel"
    if combusted and "CO2" not in replaced.get("fuel_combustion", ()):
        yield RawLine(param, sub, dq, item=_combustion(ctx, inp, where, flow_def))
    if combusted:  # GB/T 44905 Table D.1 gases: CH4 and N2O of the same fuel (same activity)
        for it in _combustion_non_co2(ctx, u, inp, where, flow_def, replaced):
            yield RawLine(param, sub, dq, item=it)


def _link(ctx: Context, product: str, inp: Input, where: str, param: str, sub: str | None,
          dq: dict[str, Any]) -> Iterator[RawLine]:
    if product not in ctx.products:
        from alcarbon.errors import LinkError

        raise LinkError(
            f"input links to product '{product}', which no unit process makes", where=where,
            expected=f"one of {sorted(ctx.products)}, or a purchased input with a factor",
        )
    unit = ctx.product_units[ctx.products[product]]
    try:
        amount = convert(inp.amount, inp.unit, unit)
    except AlcarbonError as exc:
        raise exc.located(where) from None
    yield RawLine(param, sub, dq, kind=inp.kind, tech_product=product, amount=amount)


def _output_lines(ctx: Context, u: UnitProcess, k: int, out: Output) -> Iterator[RawLine]:
    where = f"unit '{u.id}', outputs[{k}] '{out.flow}'"
    param = f"{u.id}/outputs/{k}"
    dq = _dq(out)
    mass_t = convert(out.amount, out.unit, "t") if is_mass(out.unit) else None
    for li, leg in enumerate(out.transport):
        it = _transport(ctx, leg, mass_t, out.flow, f"{where}, transport[{li}]", upstream=False)
        yield RawLine(f"{param}/transport/{li}", out.subprocess, _dq(leg), item=it)
    if out.kind == "emission":
        if not out.gas:
            raise InputError("measured emission without gas", where=where,
                             expected="'gas': CO2, CH4, N2O, CF4, C2F6, ...")
        if not is_mass(out.unit):
            raise InputError(f"emission in {out.unit!r}", where=where, expected="a mass unit")
        cat = "process" if out.replaces in process.PROCESS_SOURCES else "fuel_combustion"
        yield RawLine(param, out.subprocess, dq, item=ItemSpec(
            cat, out.replaces or f"measured:{out.gas}", out.gas, convert(out.amount, out.unit, "t"),
            "t", 1.0, "measured", "process", out.note or "measured (primary data)",
            factor_confidence="high"))
    elif out.kind == "waste":
        if not out.treatment_factor:
            ctx.notes.append(Msg(
                f"{where}: waste without a treatment factor counts as 0; give "
                "'treatment_factor' or declare it in omitted_flows (cut-off, 7.4)",
                id=f"waste_zero:{u.id}:{out.flow}",
                zh="废物无处理排放因子,按 0 计;应给出处理因子或在取舍准则中声明为舍弃(7.4)"))
            return
        it = _factor_item(ctx, out.treatment_factor, category="other", flow=out.flow,
                          amount=out.amount, unit=out.unit, where=where, upstream=False)
        if it is not None:
            yield RawLine(param, out.subprocess, dq, item=it)


def _expansion_lines(ctx: Context, u: UnitProcess, k: int, out: Output) -> Iterator[RawLine]:
    """System expansion (GB/T 44905 7.3.1 b) of co-product ``out``: the burden of the product
    it displaces (amount x the user's factor) is the co-product's own footprint and a credit
    (the same, negative) to the unit's other products, which bear all its exchanges."""
    where = f"unit '{u.id}', outputs[{k}] '{out.flow}', displaces"
    it = _factor_item(ctx, out.displaces or "", category="other", flow=f"displaced:{out.flow}",
                      amount=out.amount, unit=out.unit, where=where, upstream=False)
    if it is None:
        return
    ctx.notes.append(Msg(
        f"unit '{u.id}': co-product '{out.flow}' by system expansion (7.3.1 b): the other "
        f"products are credited with {out.amount:g} {out.unit} x factor '{it.factor_id}'",
        id=f"expansion:{u.id}:{out.flow}",
        zh=f"联产品'{out.flow}'采用系统扩展法(7.3.1 b):其余产品扣减其替代产品的排放"
           f"({out.amount:g} {out.unit} x 因子 '{it.factor_id}')"))
    param = f"{u.id}/outputs/{k}"
    yield RawLine(param + "/displaced", allocation.EXPANDED + out.flow, _dq(out), item=it)
    credit = ItemSpec(**{f: getattr(it, f) for f in ItemSpec.__slots__})
    credit.flow, credit.activity = f"credit:{out.flow}", -it.activity
    yield RawLine(param + "/credit", None, _dq(out), item=credit)


def _replaced(ctx: Context, u: UnitProcess) -> dict[str, set[str]]:
    """Computed sources replaced by measured emissions, gas by gas; notes on overlaps."""
    replaced: dict[str, set[str]] = {}
    for o in u.outputs:
        if o.kind == "emission" and o.replaces:
            replaced.setdefault(o.replaces, set()).add(o.gas or "")
    if "C2F6" not in replaced.get("anode_effect", {"C2F6"}):
        ctx.notes.append(Msg(
            f"unit '{u.id}': measured CF4 replaces the computed CF4 only; C2F6 is "
            "still computed (7.1.3.2.4 d asks for the total of all PFCs)",
            id=f"measured_cf4_only:{u.id}",
            zh="实测 CF4 仅替代计算的 CF4,C2F6 仍按计算值(7.1.3.2.4 d 要求全部 PFC 总量)"))
    computed_co2 = bool(u.process_emissions.anode_consumption or u.process_emissions.baking
                        or u.process_emissions.carbonates
                        or any(i.kind == "fuel" and i.combusted is not False for i in u.inputs))
    for o in u.outputs:
        if o.kind == "emission" and not o.replaces and o.gas == "CO2" and computed_co2:
            ctx.notes.append(Msg(
                f"unit '{u.id}': measured CO2 '{o.flow}' is added to the CO2 computed from the "
                "unit's fuels and process data; if it is the same source, set 'replaces' "
                "(e.g. fuel_combustion) to avoid double counting",
                id=f"measured_co2_added:{u.id}:{o.flow}",
                zh="实测 CO2 与由燃料和过程数据计算的 CO2 相加;若为同一排放源,应注明其替代的来源,"
                   "以免重复计算"))
    pe = u.process_emissions
    if pe.baking and any(ctx.canon(i.flow) == "metallurgical_coke" and i.kind == "fuel"
                         for i in u.inputs):
        ctx.notes.append(Msg(
            f"unit '{u.id}': metallurgical coke is burnt as a fuel and packing "
            "coke is also computed for baking (IPCC Eq. 4.23): count it once",
            id=f"coke_twice:{u.id}",
            zh="冶金焦作为燃料燃烧,同时焙烧又计算了填充焦(IPCC 式 4.23):只应计一次"))
    return replaced


def _process_completeness(ctx: Context, u: UnitProcess) -> None:
    """Notes when a unit misses a process source Appendix A lists for it (silent zeros)."""
    made = {ctx.canon(o.flow) for o in u.products()}
    pe = u.process_emissions
    measured = {(o.replaces, o.gas) for o in u.outputs if o.kind == "emission"}
    gases = {g for _r, g in measured}
    sheet = "process_emissions (workbook sheet 过程排放参数 / Process emissions)"
    if "liquid_aluminium" in made:
        if pe.anode_consumption is None and ("anode_consumption", "CO2") not in measured:
            ctx.notes.append(Msg(
                f"unit '{u.id}' makes liquid aluminium but has no anode-consumption "
                f"CO2 (Appendix A.4, IPCC Eq. 4.21): fill anode_consumption in {sheet}"
                " or give the measured CO2 with replaces: anode_consumption",
                id=f"no_anode_co2:{u.id}",
                zh="生产铝液但无阳极消耗 CO2(附录 A.4,IPCC 式 4.21):"
                   "应填写阳极消耗参数或给出实测 CO2"))
        if pe.anode_effect is None and not {"CF4", "C2F6"} & gases:
            ctx.notes.append(Msg(
                f"unit '{u.id}' makes liquid aluminium but has no anode-effect PFC "
                f"(Appendix A.4, 7.1.3.2.4 d): fill anode_effect in {sheet} or give "
                "the measured CF4/C2F6", id=f"no_pfc:{u.id}",
                zh="生产铝液但无阳极效应 PFC 排放(附录 A.4,7.1.3.2.4 d):"
                   "应填写阳极效应参数或给出实测 CF4/C2F6"))
    if "prebaked_anode" in made and pe.baking is None and not (
            {"pitch_volatiles", "packing_coke"} & {r for r, _g in measured}):
        ctx.notes.append(Msg(
            f"unit '{u.id}' makes prebaked anodes but has no baking emissions "
            f"(Appendix A.3: pitch volatiles, packing coke): fill baking in {sheet}",
            id=f"no_baking:{u.id}",
            zh="生产预焙阳极但无焙烧排放(附录 A.3:沥青挥发分、填充焦):应填写焙烧参数"))
    if "prebaked_anode" in made and pe.calcination is None and \
            ("coke_calcination", "CO2") not in measured and \
            any(ctx.canon(i.flow) == "petroleum_coke" and i.kind != "fuel" for i in u.inputs):
        ctx.notes.append(Msg(
            f"unit '{u.id}' makes anodes from green petroleum coke but declares no calcination "
            f"CO2 (Appendix A.3: petroleum coke burnt in the calciner): fill calcination in "
            f"{sheet} or give the measured CO2 with replaces: coke_calcination",
            id=f"no_calcination:{u.id}",
            zh="以石油焦生产阳极但未声明煅烧 CO2(附录 A.3:煅烧炉中石油焦的燃烧):"
               "应填写煅烧参数或给出实测 CO2"))
    if any(ctx.canon(i.flow) == "limestone" for i in u.inputs) and not pe.carbonates and \
            ("carbonates", "CO2") not in measured:
        ctx.notes.append(Msg(
            f"unit '{u.id}' uses limestone but no carbonate decomposition is "
            f"declared (Appendix A.2): add it under carbonates in {sheet}",
            id=f"no_carbonate:{u.id}",
            zh="使用石灰石但未声明碳酸盐分解排放(附录 A.2):应补充碳酸盐参数"))


def unit_lines(ctx: Context, u: UnitProcess) -> Iterator[RawLine]:
    """Every technosphere link and emission line item of unit ``u`` (for the period)."""
    _process_completeness(ctx, u)
    replaced = _replaced(ctx, u)
    for k, inp in enumerate(u.inputs):
        yield from _input_lines(ctx, u, k, inp, replaced)
    for k, out in enumerate(u.outputs):
        yield from _output_lines(ctx, u, k, out)
    for out in allocation.expanded(u, ctx.study.allocation.method):
        yield from _expansion_lines(ctx, u, u.outputs.index(out), out)
    for line in process.process_lines(u, replaced, ctx.canon):
        yield RawLine(line.param, line.subprocess, line.dq, item=ItemSpec(
            "process", line.flow, line.gas, line.activity, "t", line.factor,
            f"method:{line.method}", "process", line.source, factor_confidence=line.confidence))
