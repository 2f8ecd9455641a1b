"""`calculate(study)`: the whole footprint calculation for every declared product."""

from __future__ import annotations

import gc
import json
import math
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from alcarbon.engine import solve
from alcarbon.engine.result import ProductResult, StudyResult
from alcarbon.engine.system import ProductSystem, build, demand_vector
from alcarbon.errors import BasisError, CalculationError
from alcarbon.inventory.model import Study
from alcarbon.messages import Msg

#: (id(base), base.version, the study's factors as canonical JSON) -> (base, library): the
#: last few override libraries. Keyed on the factor values themselves, so a changed study
#: factor is a new entry; the base is held so its id cannot be reused while cached.
_OVERRIDDEN: OrderedDict[tuple[int, str, str], tuple[Any, Any]] = OrderedDict()


def _library(study: Study, library: Any) -> Any:
    from alcarbon.factors import load_library

    lib = library if library is not None else load_library()
    if not study.factors:
        return lib
    key = (id(lib), lib.version, json.dumps([f.model_dump(mode="json") for f in study.factors],
                                            sort_keys=True))
    hit = _OVERRIDDEN.get(key)
    if hit is not None and hit[0] is lib:
        _OVERRIDDEN.move_to_end(key)
        return hit[1]
    out = lib.with_overrides(study.factors)
    _OVERRIDDEN[key] = (lib, out)
    while len(_OVERRIDDEN) > 8:
        _OVERRIDDEN.popitem(last=False)
    return out


def _check_finite(product: str, cfp: float, cfp_market: float) -> None:
    """Last guard: a NaN or infinite footprint is an error, never a printed 'nan'."""
    if not (math.isfinite(cfp) and math.isfinite(cfp_market)):
        raise CalculationError(
            f"the footprint is not a finite number (location-based {cfp}, market-based "
            f"{cfp_market}): an input or factor overflows", where=f"product '{product}'",
            expected="finite amounts and factors of ordinary size")


def _captive_kwh(system: ProductSystem, s: np.ndarray) -> dict[str, float]:
    """kWh per declared unit each captive plant delivers to other units (7.1.5.1)."""
    out: dict[str, float] = {}
    for e in system.tech:
        if system.consumer_kind.get((e.row, e.column)) != "electricity":
            continue
        producer = e.row  # column j makes product row j
        if producer == e.column:
            continue
        from alcarbon.units import convert

        unit = system.columns[producer][0]
        kwh = convert(-e.value * s[e.column], system.product_units[e.row], "kWh")
        out[unit] = out.get(unit, 0.0) + kwh
    return out


def _electricity_summary(system: ProductSystem, rows: list, rows_m: list,
                         s: np.ndarray) -> dict[str, Any]:
    """Location- and market-based electricity parts with the basis of each (7.1.5)."""
    captive_kwh = _captive_kwh(system, s)
    def parts(rs: list) -> list[dict[str, Any]]:
        agg: dict[tuple[str, str, str], dict[str, Any]] = {}
        for c in rs:
            if c.flow == "electricity" and c.category == "energy":
                it = system.items[c.item]
                key = (it.supply or "grid", c.factor_id, c.basis)
                kwh = c.activity
            elif c.flow.startswith("electricity:"):  # captive plant, modelled (7.1.5.1)
                key = (f"captive:{c.origin_unit}", f"unit:{c.origin_unit}", "life_cycle")
                kwh = 0.0  # added once below
            else:
                continue
            a = agg.setdefault(key, {"supply": key[0], "factor_id": key[1], "basis": key[2],
                                     "kwh": 0.0, "t_co2e": 0.0})
            a["kwh"] += kwh
            a["t_co2e"] += c.t_co2e
        for a in agg.values():
            if a["supply"].startswith("captive:"):
                a["kwh"] = captive_kwh.get(a["supply"].split(":", 1)[1], 0.0)
            a["kg_co2e_per_kwh"] = 1000 * a["t_co2e"] / a["kwh"] if a["kwh"] else None
        return list(agg.values())

    loc, mkt = parts(rows), parts(rows_m)
    return {
        "location_based": loc,
        "market_based": mkt,
        "location_bases": sorted({p["basis"] for p in loc}),
        "market_bases": sorted({p["basis"] for p in mkt}),
    }


def _check_basis(study: Study, system: ProductSystem) -> list[str]:
    """Refuse silent mixing of life-cycle and combustion-only electricity factors (7.1.5)."""
    loc = {it.basis for it in system.items if it.category == "energy" and it.flow == "electricity"}
    captive = any(k == "electricity" for k in system.consumer_kind.values())
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
    heat = sorted({it.flow for it in system.items
                   if it.purchased_energy and it.flow != "electricity"
                   and it.basis == "combustion_co2"})
    if heat:
        warnings.append(Msg(
            f"purchased {', '.join(heat)} use(s) a combustion-only CO2 factor inside a "
            "life-cycle footprint (no life-cycle heat factor is published); give the "
            "supplier's life-cycle value (supplier_cfp or factor) for a consistent result",
            id="heat_combustion_only:" + ",".join(heat),
            zh="外购热力采用仅燃烧 CO2 因子(未发布生命周期热力因子);应给出供应商的生命周期数值"))
    cfp_co2 = sorted({it.flow for it in system.items
                      if it.category == "other" and it.basis == "combustion_co2"})
    if cfp_co2:
        warnings.append(Msg(f"{', '.join(cfp_co2)}: supplier footprint(s) declared on a "
                            "combustion-only CO2 basis, not life cycle",
                            id="supplier_co2_only:" + ",".join(cfp_co2),
                            zh="供应商碳足迹按仅燃烧 CO2 口径声明,而非生命周期口径"))
    mkt = {it.basis_market or it.basis for it in system.items
           if it.category == "energy" and it.flow == "electricity"}
    if len(mkt) > 1:
        warnings.append(Msg(
            f"market-based electricity combines bases {sorted(mkt)}: the official residual mix "
            "is CO2-only (MEE), contracted supply is life-cycle; each part states its basis",
            id="mixed_market_bases",
            zh="市场法电力混用了不同口径:官方剩余电力因子仅含 CO2(生态环境部),"
               "合同电力为生命周期口径;各部分均注明其口径"))
    return warnings


#: Studies with more unit processes than this are calculated with the objects alive before the
#: call frozen out of the cyclic GC (see _frozen_inputs).
FREEZE_MIN_UNITS = 200


@contextmanager
def _frozen_inputs(study: Study) -> Iterator[None]:
    """Keep the cyclic GC from rescanning the (long-lived) study and library at every full
    collection while a large system is built: 30-45 % of the time at 5,000 units
    (bench/bench_engine.py). Not when something else froze objects (a pre-fork server)."""
    if len(study.units) <= FREEZE_MIN_UNITS or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def calculate(study: Study, library: Any = None) -> StudyResult:
    """Footprints (t CO2e per declared unit) of every declared product.

    Location-based and market-based electricity results side by side (GB/T 44905 7.1.5).
    """
    with _frozen_inputs(study):
        return _calculate(study, library)


def _calculate(study: Study, library: Any) -> StudyResult:
    lib = _library(study, library)
    system = build(study, lib)
    # one note per distinct text (several inputs can raise the same one), in first-seen order
    warnings = list(dict.fromkeys(list(system.notes) + _check_basis(study, system)))
    F = np.column_stack([demand_vector(system, p) for p in study.declared_products])
    S = solve.scaling(system, F)
    attribute = study.captive_attribution == "consumer"
    products: dict[str, ProductResult] = {}
    for k, p in enumerate(study.declared_products):
        s = S[:, k]
        rows = solve.contributions(system, s, market=False, convention=study.upstream_convention,
                                   attribute=attribute)
        rows_m = solve.contributions(system, s, market=True, convention=study.upstream_convention,
                                     attribute=attribute)
        cfp, cfp_m = float(sum(c.t_co2e for c in rows)), float(sum(c.t_co2e for c in rows_m))
        _check_finite(p, cfp, cfp_m)
        products[p] = ProductResult(
            product=p, declared_unit=f"1 t {p}",
            cfp=cfp, cfp_market_based=cfp_m,
            contributions=rows, contributions_market=rows_m,
            electricity=_electricity_summary(system, rows, rows_m, s),
        )
    return StudyResult(
        title=study.title, products=products, gwp_set=study.gwp_set,
        factor_library_version=lib.version, allocation=study.allocation.method,
        upstream_convention=study.upstream_convention, warnings=warnings, system=system,
        purchased_stage=study.purchased_stage,
    )
