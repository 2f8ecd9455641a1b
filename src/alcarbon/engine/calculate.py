"""`calculate(study)`: the whole footprint calculation for every declared product."""

from __future__ import annotations

import gc
import json
import math
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain
from operator import attrgetter, is_
from types import MappingProxyType, SimpleNamespace
from typing import Any

import numpy as np

from alcarbon.engine import solve, stacked
from alcarbon.engine.cube import Cube, Layout
from alcarbon.engine.elec_rows import ElectricitySummary
from alcarbon.engine.electricity import grid_mix_supply
from alcarbon.engine.result import ProductResult, StudyResult
from alcarbon.engine.system import ProductSystem, build, demand_matrix
from alcarbon.errors import BasisError, CalculationError
from alcarbon.factors import load_library
from alcarbon.factors.model import Factor
from alcarbon.inventory.model import Study
from alcarbon.inventory.study_meta import ElectricitySupply
from alcarbon.messages import Msg

#: (id(base), base.version, the study's factors as JSON) -> (base, library): the last few
#: override libraries. Keyed on the factor values themselves, so a changed study factor is a
#: new entry; the base is held so its id cannot be reused while cached.
_OVERRIDDEN: OrderedDict[tuple[int, str, bytes], tuple[Any, Any]] = OrderedDict()


def _factors_key(factors: list[Any]) -> bytes:
    """The study's factors as JSON bytes, a key of their content: pydantic's serializer of the
    list (a fifth of the time of ``json.dumps`` of each ``model_dump``); a list holding anything
    but plain Factor objects takes the slow path. Floats keep their shortest repr (-0.0 too)."""
    ids = tuple(map(id, factors))
    hit = _KEY_OF.get(ids)  # only plain Factor objects are cached
    if hit is not None:
        tags = tuple(map(tuple, map(_TAGS, factors)))
        if hit[1] == tags and all(map(is_, hit[0], factors)):
            _KEY_OF.move_to_end(ids)
            return hit[2]
    if all(type(f) is Factor for f in factors):
        tags = tuple(map(tuple, map(_TAGS, factors)))
        global _FACTOR_LIST
        if _FACTOR_LIST is None:
            from pydantic import TypeAdapter

            _FACTOR_LIST = TypeAdapter(list[Factor])
        key = b"F" + _FACTOR_LIST.dump_json(factors)
        _KEY_OF[ids] = (tuple(factors), tags, key)
        while len(_KEY_OF) > 8:
            _KEY_OF.popitem(last=False)
        return key
    return b"J" + json.dumps([f.model_dump(mode="json") for f in factors],
                             sort_keys=True).encode()


_TAGS = attrgetter("tags")
_FACTOR_LIST: Any = None
#: ids of a study's Factor objects -> (the objects, their tags, their JSON key): the key reused
#: while a study holds the very same objects. A Factor and its Source are frozen (no field can
#: be assigned); only the tags list can change in place, so the tags are compared too. The
#: objects are held, so their ids cannot be reused while cached.
_KEY_OF: OrderedDict[tuple[int, ...], tuple[tuple[Any, ...], tuple[tuple[str, ...], ...],
                                            bytes]] = OrderedDict()


def _library(study: Study, library: Any) -> Any:
    lib = library if library is not None else load_library()
    if not study.factors:
        return lib
    key = (id(lib), lib.version, _factors_key(study.factors))
    hit = _OVERRIDDEN.get(key)
    if hit is not None and hit[0] is lib:
        _OVERRIDDEN.move_to_end(key)
        return hit[1]
    out = lib.with_overrides(study.factors)
    _OVERRIDDEN[key] = (lib, out)
    while len(_OVERRIDDEN) > 8:
        _OVERRIDDEN.popitem(last=False)
    return out


def _check_finite(product: str, cfp: float, cfp_location: float) -> None:
    """Last guard: a NaN or infinite footprint is an error, never a printed 'nan'."""
    if not (math.isfinite(cfp) and math.isfinite(cfp_location)):
        raise CalculationError(
            f"the footprint is not a finite number (declared {cfp}, location-based "
            f"{cfp_location}): an input or factor overflows", where=f"product '{product}'",
            expected="finite amounts and factors of ordinary size")


def _grid_mix_items(study: Study, lib: Any, system: ProductSystem) -> set[int]:
    """Line items of electricity whose certificates are sold separately from it while the grid
    factor is not corrected for them (7.1.5.3, last paragraph)."""
    elec = _electricity_items(system)
    if not elec:
        return set()
    loc_of = {u.id: u.location for u in study.units}
    return {i for i, it in elec
            if grid_mix_supply(lib, study.electricity, it.supply, loc_of.get(it.unit))}


def _electricity_items(system: ProductSystem) -> list[tuple[int, Any]]:
    """(index, item) of the grid, direct-line and contract electricity items, once per system."""
    out = system.__dict__.get("_electricity_items")
    if out is None:
        out = system.__dict__["_electricity_items"] = [
            (i, it) for i, it in enumerate(system.items)
            if it.category == "energy" and it.flow == "electricity"]
    return out


def _grid_mix(system: ProductSystem, items: set[int], cfp: float, cube: Cube,
              cube_l: Cube) -> tuple[float | None, str | None]:
    """7.1.5.3 last paragraph: the declared result with the kWh of certificates sold separately
    (grid mix not corrected for them) counted at the uncorrected grid factor, and its note."""
    if not items:
        return None, None
    mask = np.zeros(len(system.items), dtype=bool)
    mask[sorted(items)] = True
    rows, rows_loc = cube.rows_of(mask), cube_l.rows_of(mask)
    d = [c for c in rows if c.item in items and c.category == "energy"]
    if not d:
        return None, None
    gl = sum(c.t_co2e for c in rows_loc if c.item in items and c.category == "energy")
    kwh = sum(c.activity for c in d)
    value = cfp - sum(c.t_co2e for c in d) + gl
    names = sorted({system.items[i].supply or "" for i in items})
    return value, Msg(
        f"certificates of {', '.join(names)} are sold separately from the electricity and the "
        "grid factor is not corrected for them (GB/T 44905 7.1.5.3, last paragraph): the "
        f"separate grid-mix analysis counts their {kwh:,.1f} kWh per declared unit at the grid "
        f"factor, giving {value:.4f} t CO2e instead of {cfp:.4f}",
        id="grid_mix_analysis:" + ",".join(names),
        zh=f"{'、'.join(names)}的证书与电力分开出售,且电网因子未剔除该部分"
           f"(GB/T 44905 7.1.5.3 最后一段):单独的电网组合分析将其每声明单位 {kwh:,.1f} kWh "
           f"按电网因子计,结果为 {value:.4f} tCO₂e(声明结果 {cfp:.4f})")


def _check_basis(study: Study, system: ProductSystem, lib: Any) -> list[str]:
    """Refuse silent mixing of life-cycle and combustion-only electricity factors (7.1.5)."""
    elec = [it for _i, it in _electricity_items(system)]
    heat_set: set[str] = set()
    cfp_set: set[str] = set()
    # one pass for the two notes on combustion-only factors
    for it in [it for it in system.items if it.basis == "combustion_co2"]:
        if it.purchased_energy and it.flow != "electricity":
            heat_set.add(it.flow)
        if it.category == "other":
            cfp_set.add(it.flow)
    loc = {it.basis for it in elec}
    captive = "electricity" in system.consumer_kind.values()
    if captive:
        loc.add("life_cycle")  # the captive plant is modelled cradle-to-gate
    warnings = []
    if len(loc) > 1 and not study.electricity.allow_mixed_basis:
        raise BasisError(
            f"the location-based result would mix electricity factor bases {sorted(loc)}",
            where="electricity",
            expected="one basis for grid, direct-line and captive electricity, or "
            "'allow_mixed_basis: true' to report them side by side",
        )
    if len(loc) > 1:
        warnings.append(Msg(
            f"location-based electricity mixes bases {sorted(loc)} (allowed by study)",
            id="mixed_location_bases",
            zh="基于位置法的电力因子混用了不同口径(研究允许);各部分均注明其口径"))
    heat = sorted(heat_set)
    if heat:
        warnings.append(Msg(
            f"purchased {', '.join(heat)} use(s) a combustion-only CO2 factor inside a "
            "life-cycle footprint (no life-cycle heat factor is published); give the "
            "supplier's life-cycle value (supplier_cfp or factor) for a consistent result",
            id="heat_combustion_only:" + ",".join(heat),
            zh="外购热力采用仅燃烧 CO2 因子(未发布生命周期热力因子);应给出供应商的生命周期数值"))
    cfp_co2 = sorted(cfp_set)
    if cfp_co2:
        warnings.append(Msg(f"{', '.join(cfp_co2)}: supplier footprint(s) declared on a "
                            "combustion-only CO2 basis, not life cycle",
                            id="supplier_co2_only:" + ",".join(cfp_co2),
                            zh="供应商碳足迹按仅燃烧 CO2 口径声明,而非生命周期口径"))
    decl = {it.basis_market or it.basis for it in elec}
    if captive:
        decl.add("life_cycle")
    if len(decl) > 1:
        warnings.append(Msg(
            f"declared electricity combines bases {sorted(decl)}; each part states its basis",
            id="mixed_declared_bases",
            zh=f"声明结果的电力混用了不同口径 {sorted(decl)};各部分均注明其口径"))
    co2_grid = sorted({it.factor_id for it in elec if it.factor_id.startswith("elec.grid_co2.")})
    if co2_grid:
        warnings.append(Msg(
            f"grid electricity at the MEE/NBS CO2-only factor(s) {', '.join(co2_grid)} "
            "(grid_basis combustion_co2): CO2 at generation, not a life-cycle factor",
            id="grid_co2_only",
            zh=f"电网电力采用生态环境部/国家统计局仅含 CO2 的因子 {'、'.join(co2_grid)}"
               "(grid_basis 为 combustion_co2):发电环节 CO2,非生命周期因子"))
    regions = sorted({str(f.region) for it in elec
                      for f in [lib.get_or_none(it.factor_id)] if f is not None})
    if len(regions) > 1:
        warnings.append(Msg(
            f"electricity factors of several regions are used: {', '.join(regions)}",
            id="mixed_elec_regions:" + ",".join(regions),
            zh=f"电力因子来自多个地区:{'、'.join(regions)}"))
    return warnings


#: Studies with more unit processes than this are calculated with the objects alive before the
#: call frozen out of the cyclic GC (see _frozen_inputs).
FREEZE_MIN_UNITS = 200


@contextmanager
def _frozen_inputs(study: Study) -> Iterator[None]:
    """Keep the cyclic GC out of a large calculation: the (long-lived) study and library are
    frozen out of it, and automatic collection is paused while the system is built and solved,
    then resumed with the objects made meanwhile in the oldest generation (a later full
    collection frees any cycle made meanwhile). The collections triggered
    by the tens of thousands of line items made here rescan them again and again: 25-35 % of
    the CPU time at 5,000 units and the term that grew faster than the study (time.process_time
    with and without, bench/bench_engine.py). Not when something else froze objects (a
    pre-fork server) or turned the GC off."""
    if len(study.units) <= FREEZE_MIN_UNITS or gc.get_freeze_count() or not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        # the objects made meanwhile (the result: tens of thousands of items, almost all
        # alive) join the oldest generation with the rest instead of forming one huge young
        # generation: its first collection cost 0.11 us per object at 500 units and 0.38 at
        # 5,000 (cache misses over a larger heap; 75 ms of 0.7 s CPU time at 5,000 units), the
        # term growing faster than the study. freeze() moves every generation to the permanent
        # one, unfreeze() all of it to the oldest; a full collection still frees any cycle made.
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def calculate(study: Study, library: Any = None) -> StudyResult:
    """Footprints (t CO2e per declared unit) of every declared product.

    The declared GB/T 44905 result with the location-based electricity comparison beside it
    (7.1.5).
    """
    with _frozen_inputs(study):
        return _calculate(study, library)


_SCALARS = (str, int, float, bool, type(None))


class _Frozen:
    """A plain-value snapshot of a pydantic model's fields: the same attribute names and values,
    none assignable (the values are immutable scalars, or snapshots themselves); equal to any
    object whose fields (``__dict__``) are equal."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a snapshot of the study is read-only ('{name}')")

    def __eq__(self, other: object) -> bool:
        return self.__dict__ == getattr(other, "__dict__", None)

    __hash__ = None  # type: ignore[assignment]


class _SupplySnapshot(_Frozen):
    """An electricity supply as it was at the calculation (ElectricitySupply's fields)."""

    qualifies = ElectricitySupply.qualifies


def _frozen(cls: type, fields: dict[str, Any]) -> Any:
    out = _NEW(cls)
    out.__dict__.update(fields)  # not through __setattr__
    return out


def _snapshot(elec: Any) -> Any:
    """The study's electricity settings as they are now, which later edits of the study cannot
    reach: the settings' and each supply's fields as read-only plain values (each checked to be
    an immutable scalar), the supplies in a read-only mapping. Anything else falls back to a
    deep copy of the model."""
    d = elec.__dict__
    supplies = d.get("supplies")
    # the types of the values, by map (no Python frame per value): the supplies dict the only
    # field that is not a scalar
    types = list(map(type, d.values()))
    if type(supplies) is not dict or types.count(dict) != 1 or not set(types) <= _SCALARS_DICT \
            or not set(map(type, chain.from_iterable(
                map(dict.values, map(_DICT, supplies.values()))))) <= _SCALAR_SET:
        return elec.model_copy(deep=True)
    out = _frozen(_Frozen, d)
    out.__dict__["supplies"] = MappingProxyType(
        {k: _frozen(_SupplySnapshot, s.__dict__) for k, s in supplies.items()})
    return out


_NEW = object.__new__
_SCALAR_SET = frozenset(_SCALARS)
_SCALARS_DICT = _SCALAR_SET | {dict}
_DICT = attrgetter("__dict__")


def _calculate(study: Study, library: Any) -> StudyResult:
    lib = _library(study, library)
    system = build(study, lib)
    # one note per distinct text (several inputs can raise the same one), in first-seen order
    warnings = list(dict.fromkeys(list(system.notes) + _check_basis(study, system, lib)))
    F = demand_matrix(system, study.declared_products)
    S = solve.scaling(system, F)
    attribute = study.captive_attribution == "consumer"
    products: dict[str, ProductResult] = {}
    conv = study.upstream_convention
    # the electricity summary is made when read: from a copy of the study's electricity as it
    # is now, so a study changed after the calculation cannot change this result
    elec_study = SimpleNamespace(electricity=_snapshot(study.electricity))
    gm_items = _grid_mix_items(study, lib, system)
    # one attribution of supply units per demand, shared by both sides
    atts = solve.attributions(system, S, attribute)
    both = stacked.cubes(system, S, atts, conv) if stacked.applies(system, atts) else None
    for k, p in enumerate(study.declared_products):
        s = S[:, k]
        if both is not None:
            cube, cube_l = both[k]
        else:
            layout = Layout(system, s, atts[k])
            cube = Cube(layout, location=False, convention=conv)
            cube_l = Cube(layout, location=True, convention=conv)
        cfp, cfp_l = cube.total(), cube_l.total()
        _check_finite(p, cfp, cfp_l)
        gm, gm_note = _grid_mix(system, gm_items, cfp, cube, cube_l)
        # positional, in ProductResult's field order: product, declared unit, cfp, cfp
        # location-based, cubes, electricity summary, warnings, grid-mix analysis and its note
        products[p] = ProductResult(
            p, f"1 t {p}", cfp, cfp_l, cube, cube_l,
            ElectricitySummary(elec_study, lib, system, cube, cube_l, s),
            [gm_note] if gm_note else [], gm, gm_note)
    return StudyResult(
        title=study.title, products=products, gwp_set=study.gwp_set,
        factor_library_version=lib.version, allocation=study.allocation.method,
        upstream_convention=study.upstream_convention, warnings=warnings, system=system,
        purchased_stage=study.purchased_stage,
    )
