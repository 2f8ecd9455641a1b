"""Electricity factors per GB/T 44905 7.1.5, for location-based and market-based results.

- captive generation (7.1.5.1): the captive plant is a unit process; its electricity is linked in
  the technosphere, identical in both results;
- direct line (7.1.5.2): the supplier's factor, identical in both results;
- grid with a contractual instrument (7.1.5.3): market-based uses the supplier-specific factor only
  when the instrument meets the four conditions, location-based always uses the grid factor;
- grid otherwise: location-based uses the grid factor of the region of consumption; market-based
  uses the residual mix (MEE national factor excluding market-traded non-fossil electricity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alcarbon.errors import AlcarbonError, InputError
from alcarbon.inventory.model import ElectricitySettings, ElectricitySupply, Input, UnitProcess
from alcarbon.messages import Msg, join

_WHAT_ZH = {"grid electricity": "电网电力", "residual mix": "剩余电力"}


def _nearest_year(get, year: int, what: str) -> tuple[Any, str | None]:
    """``get(year)``, else the nearest published year (later first on ties) with a note."""
    try:
        return get(year), None
    except AlcarbonError:
        pass
    for d in range(1, 15):
        for y in (year + d, year - d):
            try:
                f = get(y)
            except AlcarbonError:
                continue
            return f, Msg(f"{what}: no factor is published for {year}; the {y} factor "
                          f"'{f.id}' is used (to choose, set electricity.grid_year / "
                          "electricity.residual_year in the study sheet)",
                          id=f"nearest_year:{year}:{y}",
                          zh=f"{_WHAT_ZH.get(what.split(' (')[0], what)}:{year} 年无发布因子,"
                             f"采用 {y} 年因子(可在研究表中设置 grid_year / residual_year)")
    return get(year), None  # raises the library's own error naming the available years


@dataclass(frozen=True, slots=True)
class ElecFactor:
    """A resolved electricity factor: t of ``gas`` per kWh, with its id, basis and citation."""

    value_t_per_kwh: float
    gas: str
    factor_id: str
    basis: str
    source: str


@dataclass(frozen=True, slots=True)
class ElecChoice:
    supply_name: str
    captive_provider: str | None
    location: ElecFactor | None
    market: ElecFactor | None
    note: str | None = None


def _kwh(f) -> float:
    from alcarbon.engine.lines import _per_unit

    return _per_unit(f, "kWh")


def _from_library(lib, factor_id: str, where: str) -> ElecFactor:
    f = lib.get(factor_id)
    return ElecFactor(_kwh(f), f.gas, f.id, f.basis, f.source.cite())


def _supplier(lib, s: ElectricitySupply, name: str, where: str) -> ElecFactor:
    if s.factor:
        return _from_library(lib, s.factor, where)
    if s.value is None or s.basis is None:
        raise InputError(
            f"electricity supply '{name}' ({s.type}) has no factor", where=where,
            expected="'factor' (a library id) or 'value' (kg CO2e/kWh) with 'basis' and 'source'",
        )
    return ElecFactor(s.value / 1000.0, "CO2e" if s.basis == "life_cycle" else "CO2",
                      f"supplier:{name}", s.basis, s.source or f"supplier declaration ({name})")


def grid_factor(lib, settings: ElectricitySettings, region: str | None, where: str,
                year: int) -> tuple[ElecFactor, str | None]:
    """Grid factor of the region of consumption; ``year`` is the study's unless set."""
    basis = settings.grid_basis
    if basis == "combustion_co2" and not region:
        raise InputError(
            "grid electricity with the provincial CO2 factor needs the province of consumption",
            where=where, expected="'location' on the unit or 'region' on the supply",
        )
    if settings.grid_year:
        f, note = lib.grid(region or "cn", settings.grid_year, basis), None
    else:
        f, note = _nearest_year(lambda y: lib.grid(region or "cn", y, basis), year,
                                f"grid electricity ({basis})")
    return ElecFactor(_kwh(f), f.gas, f.id, f.basis, f.source.cite()), note


def residual_factor(lib, settings: ElectricitySettings, year: int) -> tuple[ElecFactor,
                                                                             str | None]:
    """Residual mix for the market-based remainder (MEE national factor excluding
    market-traded non-fossil electricity, CO2-only)."""
    if settings.residual_factor:
        return _from_library(lib, settings.residual_factor, "electricity.residual_factor"), None
    if settings.residual_year:
        year, fixed = settings.residual_year, True
    else:
        fixed = False
    get = lambda y: lib.get(f"elec.residual_co2.cn.{y}")  # noqa: E731
    f, note = (get(year), None) if fixed else _nearest_year(get, year, "residual mix")
    return ElecFactor(_kwh(f), f.gas, f.id, f.basis, f.source.cite()), note


def resolve(lib, settings: ElectricitySettings, unit: UnitProcess, inp: Input,
            where: str, year: int) -> ElecChoice:
    """Factors for one electricity input of ``unit``; ``year`` is the study period's."""
    name = inp.supply or settings.default_supply
    notes: list[str] = []  # Msg items: joined with their ids and Chinese texts

    def grid(region: str | None) -> ElecFactor:
        f, note = grid_factor(lib, settings, region, where, year)
        if note:
            notes.append(note)
        return f

    def residual() -> ElecFactor:
        f, note = residual_factor(lib, settings, year)
        if note:
            notes.append(note)
        return f

    if name is None:
        g = grid(unit.location)
        return ElecChoice("grid", None, g, residual(), join(notes))
    supply = settings.supplies.get(name)
    if supply is None:
        raise InputError(
            f"unknown electricity supply {name!r}", where=where,
            expected=f"one of {sorted(settings.supplies)} (study.electricity.supplies)",
        )
    if supply.type == "captive":
        if not supply.provider:
            raise InputError(f"captive supply {name!r} has no provider", where=where,
                             expected="'provider': the product id of the captive plant's output")
        return ElecChoice(name, supply.provider, None, None)
    if supply.type == "direct_line":
        f = _supplier(lib, supply, name, where)
        return ElecChoice(name, None, f, f)
    region = supply.region or unit.location
    g = grid(region)
    if supply.type == "grid":
        return ElecChoice(name, None, g, residual(), join(notes))
    # contract (7.1.5.3)
    if supply.qualifies():
        return ElecChoice(name, None, g, _supplier(lib, supply, name, where),
                          join(notes))
    notes.append(Msg(f"contract {name!r} does not meet the four conditions of GB/T 44905 "
                     "7.1.5.3; its electricity is counted at the residual mix in the "
                     "market-based result", id=f"contract_fails:{name}",
                     zh="合同工具不满足 GB/T 44905 7.1.5.3 的四项条件,市场法中其电量按剩余电力计"))
    return ElecChoice(name, None, g, residual(), join(notes))
