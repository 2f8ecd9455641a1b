"""Process emission line items of a unit (Appendix A 'process'), through alcarbon.methods.

Each is linear in its activity (t of product, anode or carbonate), so it is written as
activity x factor with the factor = emission per t computed by the method for 1 t. Also the
computed sources a unit's measured emissions replace (with their notes).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from alcarbon.engine.linectx import Context, RawLine, dq_dump, new_item
from alcarbon.errors import AlcarbonError, InputError
from alcarbon.inventory.model import UnitProcess
from alcarbon.messages import Msg
from alcarbon.units import conversion_factor, is_mass

_NONE: frozenset[str] = frozenset()  # no gas measured (a constant, not a set per call)
_C2F6 = frozenset({"C2F6"})  # (a constant: a set display is built on every call)
PROCESS_SOURCES = ("anode_consumption", "anode_effect", "pitch_volatiles", "packing_coke",
                   "coke_calcination", "carbonates")


def _line(method: str, flow: str, gas: str, activity: float, factor: float, source: str,
          confidence: str, param: str, subprocess: str | None, dq: dict[str, Any]) -> RawLine:
    """The raw line (engine/linectx.py) of a process item: ``activity`` t x ``factor`` t gas per
    t, computed by ``alcarbon.methods.<method>``."""
    return (param, subprocess, dq, new_item(
        "process", flow, gas, activity, "t", factor, f"method:{method}", "process", source,
        False, False, None, None, None, None, confidence), "", None, 0.0)


@lru_cache(maxsize=4096)
def _method_t(name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
              ) -> tuple[tuple[str, float], ...]:
    """((gas, t), ...) from ``alcarbon.methods.<name>``; a quantity argument is passed as a
    (value, unit) pair, a keyword given as None is left out. Memoised on these plain values
    only, so a changed study datum is a new key and nothing carries over between studies."""
    from alcarbon import methods
    from alcarbon.units import Q_

    def q(v: Any) -> Any:
        return Q_(v[0], v[1]) if isinstance(v, tuple) else v

    # an argument given as None takes the method's default
    out = getattr(methods, name)(*map(q, args), **{k: q(v) for k, v in kwargs if v is not None})
    return tuple((g, float(x.to("t").magnitude)) for g, x in out.items())


#: Carbonate mineral implied by a flow (stoichiometry of alcarbon.methods.carbonate).
MINERAL_OF_FLOW = {"limestone": "CaCO3", "soda_ash": "Na2CO3", "dolomite": "CaMg(CO3)2",
                   "magnesite": "MgCO3"}


def _mass_of(u: UnitProcess, flows: tuple[str, ...], canon: Callable[[str], str],
             outputs: bool = False, ids: list[str] | None = None) -> float:
    """t of the rows whose flow (aliases resolved, e.g. 残极 = anode_butts) is in ``flows``;
    ``ids``: the inputs' catalogue ids when the caller has them (for inputs only). Summed in
    row order from 0, as ``sum`` adds them; each row's fields read through its ``__dict__``
    (one read on the model instead of three)."""
    total = 0  # sum's start: an int, so no matching row gives 0 (an int) as sum did
    if ids is not None and not outputs:
        for k, r in enumerate(u.inputs):
            if ids[k] in flows:
                d = r.__dict__
                if is_mass(d["unit"]):
                    total += d["amount"] * conversion_factor(d["unit"], "t")
        return total
    for r in (u.outputs if outputs else u.inputs):
        d = r.__dict__
        if canon(d["flow"]) in flows and is_mass(d["unit"]):
            total += d["amount"] * conversion_factor(d["unit"], "t")
    return total


def _call(where: str, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
          ) -> dict[str, float]:
    """{gas: t} of :func:`_method_t` (a plain function: no closure or keyword dict per call);
    its error located at ``where``."""
    try:
        return dict(_method_t(name, args, kwargs))
    except AlcarbonError as exc:
        raise exc.located(where) from None


@lru_cache(maxsize=64)
def _src(*keys: str) -> str:
    """The sources of defaults ``keys`` of alcarbon.methods (fixed tables: memoised)."""
    from alcarbon.methods import DEFAULTS

    return "; ".join(f"{k}: {DEFAULTS[k].source}" for k in keys if k in DEFAULTS)


def has_sources(pe: Any) -> bool:
    """Whether process data ``pe`` (a unit's process_emissions or their view) names a source."""
    return bool(pe.anode_consumption or pe.anode_effect or pe.baking or pe.calcination
                or pe.carbonates)


def _where(uid: str) -> str:
    """Where a unit's process data are, for an error."""
    return f"unit '{uid}', process_emissions"


#: {(method, its varying arguments as plain values): {gas: t}}: :func:`_call`'s answer kept on
#: a flat key, cheaper to hash than its nested arguments (the same answer: the key holds every
#: value that varies, the rest are constants of the call site). Never changed after it is
#: kept (read only); emptied past _MEMO_MAX entries.
_FLAT: dict[tuple[Any, ...], dict[str, float]] = {}
_MEMO_MAX = 4096


def _kept(key: tuple[Any, ...], out: dict[str, float]) -> dict[str, float]:
    """``out`` kept in :data:`_FLAT` under ``key``."""
    if len(_FLAT) > _MEMO_MAX:
        _FLAT.clear()
    _FLAT[key] = out
    return out


def process_lines(ctx: Any, u: Any, replaced: dict[str, set[str]], pe: Any,
                  ids: list[str]) -> None:
    """Process lines of unit ``u`` (its Fields; ``pe``: its process_emissions or their Fields),
    put in ``ctx`` (``ctx.items``/``ctx.subs``, column ``ctx.col`` of unit ``ctx.uid``, its
    outputs ``ctx.outs``); a gas of a source listed in ``replaced`` is measured and skipped.
    ``ids``: the catalogue ids of its inputs."""
    if not has_sources(pe):
        return  # no process source: skip the pint work below
    items, subs, col, uid = ctx.items, ctx.subs, ctx.col, ctx.uid
    canon = ctx.canon
    for ref in ctx.outs:  # its main product (the build checked there is one)
        if ref["kind"] == "product":
            break
    ref = (ref["amount"], ref["unit"])
    mp_t = ref[0] * conversion_factor(ref[1], "t") if is_mass(ref[1]) else None

    a = pe.anode_consumption
    if a and "CO2" not in replaced.get("anode_consumption", ()):
        a = a.__dict__  # its fields (reads on the model cost several times a dict's)
        nac = a["net_anode_t_per_t"]
        if nac is None:
            gross = _mass_of(u, ("prebaked_anode",), canon, ids=ids)
            butts = _mass_of(u, ("anode_butts",), canon, outputs=True)
            if not gross or not mp_t:
                raise InputError("net anode consumption cannot be derived", where=_where(uid),
                                 expected="net_anode_t_per_t, or a prebaked_anode input in t")
            nac = (gross - butts) / mp_t
        key = ("anode_consumption", nac, a["sulfur_pct"], a["ash_pct"])
        out = _FLAT.get(key)
        if out is None:
            out = _kept(key, _call(_where(uid), "anode_consumption", ((1.0, "t"),), (
                ("net_anode_consumption", (nac, "t/t")), ("sulfur_pct", a["sulfur_pct"]),
                ("ash_pct", a["ash_pct"]))))
        items.append(new_item(
            "process", "anode_consumption", "CO2", mp_t, "t", out["CO2"],
            "method:anode_consumption", "process",
            "IPCC 2006 Vol.3 Eq. 4.21; " + _src("S_a", "Ash_a"), False, False, None, None,
            None, None, "high", None, None, col, uid, dq_dump(a["dq"]),
            uid + "/process/anode_consumption"))
        subs.append(None)
    measured_pfc = replaced.get("anode_effect", _NONE)
    e = pe.anode_effect
    if e and not {"CF4", "C2F6"} <= measured_pfc:
        e = e.__dict__  # about ten reads (see a above)
        method = e["method"]
        key = ("pfc", method, e["aem_min_per_cell_day"], e["slope"], e["c2f6_ratio"],
               e["technology"], e["aeo_mv"], e["current_efficiency"], e["ovc"],
               e["ef_cf4_kg_per_t"], e["ef_c2f6_kg_per_t"])
        out = _FLAT.get(key)
        if out is None:
            out = _kept(key, _pfc(e, _where(uid)))
        # one data-quality copy and key for both gases' lines (one activity datum, as the
        # lines of an input row share theirs)
        source = f"IPCC 2006 Vol.3 ch.4.4 PFC, {method} method"
        param, dq = uid + "/process/anode_effect", dq_dump(e["dq"])
        for gas in ("CF4", "C2F6"):
            if gas in measured_pfc:
                continue
            items.append(new_item(
                "process", "anode_effect", gas, mp_t, "t", out[gas], "method:anode_effect",
                "process", source, False, False, None, None, None, None, "medium", None, None,
                col, uid, dq, param))
            subs.append(None)
    b = pe.baking
    if b:
        b = b.__dict__  # about ten reads (see a above)
        ba = b["baked_anode_t"] if b["baked_anode_t"] is not None else mp_t
        if not ba:
            raise InputError("baking needs baked_anode_t", where=_where(uid))
        dq = dq_dump(b["dq"])  # one copy for both baking lines (one data-quality record)
        if "CO2" not in replaced.get("pitch_volatiles", ()):
            green, h, furnace, tar = (b["green_anode_t"], b["hydrogen_fraction"], b["furnace"],
                                      b["waste_tar_t"])
            key = ("pitch_volatiles", green, ba, h, furnace, tar)
            out = _FLAT.get(key)
            if out is None:
                out = _kept(key, _call(_where(uid), "pitch_volatiles", ((green, "t"), (ba, "t")),
                                       (("hydrogen_fraction", h), ("furnace", furnace),
                                        ("waste_tar", None if tar is None else (tar, "t")))))
            items.append(new_item(
                "process", "pitch_volatiles", "CO2", ba, "t", out["CO2"] / ba,
                "method:pitch_volatiles", "process", "IPCC 2006 Vol.3 Eq. 4.22", False, False,
                None, None, None, None, "high", None, None, col, uid, dq,
                uid + "/process/pitch_volatiles"))
            subs.append(None)
        if "CO2" not in replaced.get("packing_coke", ()):
            pc, sp, ap = (b["packing_coke_t_per_t"], b["packing_coke_sulfur_pct"],
                          b["packing_coke_ash_pct"])
            key = ("packing_coke", pc, sp, ap)
            out = _FLAT.get(key)
            if out is None:
                out = _kept(key, _call(_where(uid), "packing_coke", ((1.0, "t"),), (
                    ("packing_coke_per_t", pc), ("sulfur_pct", sp), ("ash_pct", ap))))
            items.append(new_item(
                "process", "packing_coke", "CO2", ba, "t", out["CO2"], "method:packing_coke",
                "process", "IPCC 2006 Vol.3 Eq. 4.23", False, False, None, None, None, None,
                "high", None, None, col, uid, dq, uid + "/process/packing_coke"))
            subs.append(None)
    if pe.calcination and "CO2" not in replaced.get("coke_calcination", ()):
        where = _where(uid)
        c = pe.calcination
        out = _call(where, "coke_calcination", (
            (c.green_coke_t, "t"), (c.calcined_coke_t, "t")), (
            ("green_carbon_pct", c.green_coke_carbon_pct),
            ("calcined_carbon_pct", c.calcined_coke_carbon_pct),
            ("green_moisture_pct", c.green_coke_moisture_pct), ("dust", (c.dust_t, "t")),
            ("dust_carbon_pct", c.dust_carbon_pct)))
        # activity: green coke fed; factor: CO2 per t green coke (carbon balance)
        _put(ctx, _line("coke_calcination", "coke_calcination", "CO2", c.green_coke_t,
                        out["CO2"] / c.green_coke_t,
                        "carbon balance of the calciner (GB/T 44905 Table A.3; GHG Protocol "
                        "aluminium workbook calcination sheet)", "high",
                        f"{uid}/process/coke_calcination", None, dq_dump(c.dq)))
    if "CO2" not in replaced.get("carbonates", ()):
        where = _where(uid)
        for k, c in enumerate(pe.carbonates):
            mass = _mass_of(u, (canon(c.flow),), canon, ids=ids)
            if not mass:
                raise InputError(f"carbonate flow '{c.flow}' is not a mass input of the unit",
                                 where=f"{where}.carbonates[{k}]")
            mineral = c.mineral or MINERAL_OF_FLOW.get(canon(c.flow))
            if mineral is None:
                raise InputError(f"no mineral for carbonate flow '{c.flow}'",
                                 where=f"{where}.carbonates[{k}]",
                                 expected="'mineral' such as CaCO3, Na2CO3, MgCO3")
            out = _call(where, "carbonate_decomposition", ((1.0, "t"),), (
                ("mineral", mineral), ("purity", c.purity),
                ("calcined_fraction", c.calcined_fraction)))
            _put(ctx, _line("carbonate_decomposition", f"carbonate:{c.flow}", "CO2", mass,
                            out["CO2"], f"stoichiometry {mineral} -> oxide + CO2",
                            "high", f"{uid}/process/carbonates/{k}", c.subprocess,
                            dq_dump(c.dq)))


def _pfc(e: dict[str, Any], where: str) -> dict[str, float]:
    """{gas: t} of the anode effect's PFCs per t of aluminium, by its method (``e``: the
    AnodeEffect's fields)."""
    method = e["method"]
    one = (1.0, "t")
    if method == "slope":
        if e["aem_min_per_cell_day"] is None:
            raise InputError("slope method needs aem_min_per_cell_day", where=where)
        return _call(where, "pfc_slope", (one,), (
            ("aem", e["aem_min_per_cell_day"]), ("slope", e["slope"]),
            ("c2f6_ratio", e["c2f6_ratio"]), ("technology", e["technology"])))
    if method == "overvoltage":
        return _call(where, "pfc_overvoltage", (one,), (
            ("aeo", e["aeo_mv"]), ("current_efficiency", e["current_efficiency"]),
            ("ovc", e["ovc"]), ("c2f6_ratio", e["c2f6_ratio"]),
            ("technology", e["technology"])))
    if method == "tier1":
        return _call(where, "pfc_tier1", (one,), (("technology", e["technology"]),))
    if e["ef_cf4_kg_per_t"] is None or e["ef_c2f6_kg_per_t"] is None:
        raise InputError("guideline method needs ef_cf4_kg_per_t and ef_c2f6_kg_per_t",
                         where=where)
    return _call(where, "pfc_guideline", (one,), (
        ("ef_cf4", (e["ef_cf4_kg_per_t"], "kg/t")),
        ("ef_c2f6", (e["ef_c2f6_kg_per_t"], "kg/t"))))


def _put(ctx: Any, line: RawLine) -> None:
    """A raw line of :func:`_line` put in ``ctx`` as the other lines are."""
    param, sub, dq, it, _kind, _product, _amount = line
    it.column, it.unit, it.dq, it.param = ctx.col, ctx.uid, dq, param  # type: ignore[union-attr]
    ctx.items.append(it)
    ctx.subs.append(sub)


def replaced_sources(ctx: Context, u: UnitProcess, pe: Any) -> dict[str, set[str]]:
    """Computed sources replaced by measured emissions, gas by gas; notes on overlaps."""
    replaced: dict[str, set[str]] = {}
    added = []  # measured CO2 replacing nothing
    for o in ctx.outs:  # u's outputs (their fields)
        if o["kind"] == "emission":
            if o["replaces"]:
                replaced.setdefault(o["replaces"], set()).add(o["gas"] or "")
            elif o["gas"] == "CO2":
                added.append(o)
    if "C2F6" not in replaced.get("anode_effect", _C2F6):
        ctx.notes.append(Msg(
            f"unit '{u.id}': measured CF4 replaces the computed CF4 only; C2F6 is "
            "still computed (7.1.3.2.4 d asks for the total of all PFCs)",
            id=f"measured_cf4_only:{u.id}",
            zh="实测 CF4 仅替代计算的 CF4,C2F6 仍按计算值(7.1.3.2.4 d 要求全部 PFC 总量)"))
    computed_co2 = bool(added) and bool(
        pe.anode_consumption or pe.baking or pe.carbonates
        or any(i.kind == "fuel" and i.combusted is not False for i in u.inputs))
    for o in added:
        if computed_co2:
            ctx.notes.append(Msg(
                f"unit '{u.id}': measured CO2 '{o['flow']}' is added to the CO2 computed from the "
                "unit's fuels and process data; if it is the same source, set 'replaces' "
                "(e.g. fuel_combustion) to avoid double counting",
                id=f"measured_co2_added:{u.id}:{o['flow']}",
                zh="实测 CO2 与由燃料和过程数据计算的 CO2 相加;若为同一排放源,应注明其替代的来源,"
                   "以免重复计算"))
    return replaced


def coke_twice_note(u: UnitProcess, pe: Any, ids: list[str]) -> str | None:
    """The note of a unit burning metallurgical coke and computing packing coke for baking
    (the last of :func:`replaced_sources`' notes, made once the rows have found ``ids``)."""
    if pe.baking and any_input(u, "metallurgical_coke", ids, fuel=True):
        return Msg(
            f"unit '{u.id}': metallurgical coke is burnt as a fuel and packing "
            "coke is also computed for baking (IPCC Eq. 4.23): count it once",
            id=f"coke_twice:{u.id}",
            zh="冶金焦作为燃料燃烧,同时焙烧又计算了填充焦(IPCC 式 4.23):只应计一次")
    return None


def any_input(u: UnitProcess, flow_id: str, ids: list[str], fuel: bool) -> bool:
    """Whether ``u`` has an input of catalogue id ``flow_id`` that is (``fuel``) or is not a
    fuel; ``ids``: the catalogue ids of its inputs."""
    for k, i in enumerate(ids):
        if i == flow_id and (u.inputs[k].kind == "fuel") is fuel:
            return True
    return False
