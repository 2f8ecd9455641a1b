"""Process emission line items of a unit (Appendix A 'process'), through alcarbon.methods.

Each is linear in its activity (t of product, anode or carbonate), so it is written as
activity x factor with the factor = emission per t computed by the method for 1 t.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from alcarbon.engine.linectx import RawLine, dq_dump, new_item, view
from alcarbon.errors import AlcarbonError, InputError
from alcarbon.inventory.model import UnitProcess
from alcarbon.units import convert, is_mass

_NONE: frozenset[str] = frozenset()  # no gas measured (a constant, not a set per call)
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
                    total += convert(d["amount"], d["unit"], "t")
        return total
    for r in (u.outputs if outputs else u.inputs):
        d = r.__dict__
        if canon(d["flow"]) in flows and is_mass(d["unit"]):
            total += convert(d["amount"], d["unit"], "t")
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


def process_lines(u: UnitProcess, replaced: dict[str, set[str]],
                  canon: Callable[[str], str] = lambda f: f, pe: Any = None,
                  ids: list[str] | None = None,
                  ref: tuple[float, str] | None = None) -> list[RawLine]:
    """Process lines of ``u``; a gas of a source listed in ``replaced`` is measured and skipped.
    ``pe``: its process_emissions (or their :class:`~alcarbon.engine.linectx.Fields`); ``ids``:
    the catalogue ids of its inputs (``canon`` of each), ``ref``: the amount and unit of its
    reference product, when the caller has them (``u`` may then be the unit's Fields)."""
    pe = u.process_emissions if pe is None else pe
    rows: list[RawLine] = []  # a list, not a generator: no resume per line
    if not has_sources(pe):
        return rows  # no process source: skip the pint work below
    where = f"unit '{u.id}', process_emissions"
    if ref is None:
        main = u.reference_product()
        ref = (main.amount, main.unit)
    mp_t = convert(ref[0], ref[1], "t") if is_mass(ref[1]) else None
    one = (1.0, "t")

    if pe.anode_consumption and "CO2" not in replaced.get("anode_consumption", ()):
        a = pe.anode_consumption
        nac = a.net_anode_t_per_t
        if nac is None:
            gross = _mass_of(u, ("prebaked_anode",), canon, ids=ids)
            butts = _mass_of(u, ("anode_butts",), canon, outputs=True)
            if not gross or not mp_t:
                raise InputError("net anode consumption cannot be derived", where=where,
                                 expected="net_anode_t_per_t, or a prebaked_anode input in t")
            nac = (gross - butts) / mp_t
        out = _call(where, "anode_consumption", (one,), (
            ("net_anode_consumption", (nac, "t/t")), ("sulfur_pct", a.sulfur_pct),
            ("ash_pct", a.ash_pct)))
        rows.append(_line("anode_consumption", "anode_consumption", "CO2", mp_t, out["CO2"],
                          "IPCC 2006 Vol.3 Eq. 4.21; " + _src("S_a", "Ash_a"),
                          "high", f"{u.id}/process/anode_consumption", None, dq_dump(a.dq)))
    measured_pfc = replaced.get("anode_effect", _NONE)
    if pe.anode_effect and not {"CF4", "C2F6"} <= measured_pfc:
        e = view(pe.anode_effect)  # about ten reads: a view's are a fraction of a model's
        if e.method == "slope":
            if e.aem_min_per_cell_day is None:
                raise InputError("slope method needs aem_min_per_cell_day", where=where)
            out = _call(where, "pfc_slope", (one,), (
                ("aem", e.aem_min_per_cell_day), ("slope", e.slope),
                ("c2f6_ratio", e.c2f6_ratio), ("technology", e.technology)))
        elif e.method == "overvoltage":
            out = _call(where, "pfc_overvoltage", (one,), (
                ("aeo", e.aeo_mv), ("current_efficiency", e.current_efficiency), ("ovc", e.ovc),
                ("c2f6_ratio", e.c2f6_ratio), ("technology", e.technology)))
        elif e.method == "tier1":
            out = _call(where, "pfc_tier1", (one,), (("technology", e.technology),))
        else:
            if e.ef_cf4_kg_per_t is None or e.ef_c2f6_kg_per_t is None:
                raise InputError("guideline method needs ef_cf4_kg_per_t and ef_c2f6_kg_per_t",
                                 where=where)
            out = _call(where, "pfc_guideline", (one,), (
                ("ef_cf4", (e.ef_cf4_kg_per_t, "kg/t")),
                ("ef_c2f6", (e.ef_c2f6_kg_per_t, "kg/t"))))
        # one data-quality copy and key for both gases' lines (one activity datum, as the
        # lines of an input row share theirs)
        source = f"IPCC 2006 Vol.3 ch.4.4 PFC, {e.method} method"
        key, dq = f"{u.id}/process/anode_effect", dq_dump(e.dq)
        for gas in ("CF4", "C2F6"):
            if gas in measured_pfc:
                continue
            rows.append(_line("anode_effect", "anode_effect", gas, mp_t, out[gas], source,
                              "medium", key, None, dq))
    if pe.baking:
        b = view(pe.baking)  # about ten reads (see e above)
        ba = b.baked_anode_t if b.baked_anode_t is not None else mp_t
        if not ba:
            raise InputError("baking needs baked_anode_t", where=where)
        dq = dq_dump(b.dq)  # one copy for both baking lines (one data-quality record)
        if "CO2" not in replaced.get("pitch_volatiles", ()):
            out = _call(where, "pitch_volatiles", ((b.green_anode_t, "t"), (ba, "t")), (
                ("hydrogen_fraction", b.hydrogen_fraction), ("furnace", b.furnace),
                ("waste_tar", None if b.waste_tar_t is None else (b.waste_tar_t, "t"))))
            rows.append(_line("pitch_volatiles", "pitch_volatiles", "CO2", ba,
                              out["CO2"] / ba, "IPCC 2006 Vol.3 Eq. 4.22", "high",
                              f"{u.id}/process/pitch_volatiles", None, dq))
        if "CO2" not in replaced.get("packing_coke", ()):
            out = _call(where, "packing_coke", ((1.0, "t"),), (
                ("packing_coke_per_t", b.packing_coke_t_per_t),
                ("sulfur_pct", b.packing_coke_sulfur_pct), ("ash_pct", b.packing_coke_ash_pct)))
            rows.append(_line("packing_coke", "packing_coke", "CO2", ba, out["CO2"],
                              "IPCC 2006 Vol.3 Eq. 4.23", "high",
                              f"{u.id}/process/packing_coke", None, dq))
    if pe.calcination and "CO2" not in replaced.get("coke_calcination", ()):
        c = pe.calcination
        out = _call(where, "coke_calcination", (
            (c.green_coke_t, "t"), (c.calcined_coke_t, "t")), (
            ("green_carbon_pct", c.green_coke_carbon_pct),
            ("calcined_carbon_pct", c.calcined_coke_carbon_pct),
            ("green_moisture_pct", c.green_coke_moisture_pct), ("dust", (c.dust_t, "t")),
            ("dust_carbon_pct", c.dust_carbon_pct)))
        # activity: green coke fed; factor: CO2 per t green coke (carbon balance)
        rows.append(_line("coke_calcination", "coke_calcination", "CO2", c.green_coke_t,
                          out["CO2"] / c.green_coke_t,
                          "carbon balance of the calciner (GB/T 44905 Table A.3; GHG Protocol "
                          "aluminium workbook calcination sheet)", "high",
                          f"{u.id}/process/coke_calcination", None, dq_dump(c.dq)))
    if "CO2" not in replaced.get("carbonates", ()):
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
            out = _call(where, "carbonate_decomposition", (one,), (
                ("mineral", mineral), ("purity", c.purity),
                ("calcined_fraction", c.calcined_fraction)))
            rows.append(_line("carbonate_decomposition", f"carbonate:{c.flow}", "CO2", mass,
                              out["CO2"], f"stoichiometry {mineral} -> oxide + CO2",
                              "high", f"{u.id}/process/carbonates/{k}", c.subprocess,
                              dq_dump(c.dq)))
    return rows
