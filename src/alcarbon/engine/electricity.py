"""Electricity factors per GB/T 44905 7.1.5: the declared result and the location-based comparison.

Declared (``ProductResult.cfp``, the GB/T 44905 result):
- captive generation (7.1.5.1): the captive plant is a unit process, modelled cradle-to-gate;
- direct line (7.1.5.2): the supplier's factor;
- a contractual instrument meeting the four 7.1.5.3 conditions: the supplier-specific factor;
- every other grid kWh (plain grid, a failing contract): the grid of the region of consumption
  excluding already-claimed attributes (7.1.5.3 second paragraph) where such a factor is published
  for that region on the study's basis (``elec.residual_<stem>.<region>.<year>``; today only the
  national CO2-only MEE one), else that region's location factor, with a note.
Location-based comparison: every grid kWh (contracts included) at the location factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from alcarbon.errors import AlcarbonError, BasisError, InputError
from alcarbon.inventory.model import ElectricitySettings, ElectricitySupply, Input, UnitProcess
from alcarbon.messages import Msg

_WHAT_ZH = {"grid electricity": "电网电力", "residual mix": "剩余电力"}
#: id stem per basis of a residual (attribute-corrected) grid factor:
#: elec.residual_<stem>.<region>.<year>
RESIDUAL_STEM = {"combustion_co2": "co2", "life_cycle": "footprint"}
_BASIS_ZH = {"life_cycle": "生命周期", "combustion_co2": "仅燃烧 CO2"}
_KWH_UNITS = {"wh", "kwh", "mwh", "gwh", "twh"}


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
    """A resolved electricity factor: t of ``gas`` per kWh, with its id, basis and citation;
    ``region``/``year`` as published (None for a supplier's own value without them)."""

    value_t_per_kwh: float
    gas: str
    factor_id: str
    basis: str
    source: str
    region: str | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class ElecChoice:
    """Factors of one electricity input: ``declared`` (GB/T 44905) and ``location`` (comparison);
    both None for a captive plant (linked, 7.1.5.1). ``notes``: Msg items for the study."""

    supply_name: str
    captive_provider: str | None
    location: ElecFactor | None
    declared: ElecFactor | None
    notes: tuple[str, ...] = ()


def _kwh(f) -> float:
    from alcarbon.engine.fuel_lines import _per_unit

    return _per_unit(f, "kWh")


def _lib_factor(f, where: str) -> ElecFactor:
    """A library factor as an ElecFactor, refused unless it is mass of gas per kWh of electricity
    (kg/GJ or t/t would convert or mislead: electricity is metered in kWh)."""
    per = str(f.per).replace(" ", "").replace("·", "").replace("*", "").lower()
    if per not in _KWH_UNITS:
        raise InputError(
            f"factor {f.id!r} is {f.amount_unit}/{f.per}, not per kWh of electricity", where=where,
            expected="an electricity factor in kg (or t) CO2e or CO2 per kWh (or MWh)")
    return ElecFactor(_kwh(f), f.gas, f.id, f.basis, f.source.cite(), f.region, f.year)


def _from_library(lib, factor_id: str, where: str) -> ElecFactor:
    try:
        f = lib.get(factor_id)
    except AlcarbonError as exc:
        raise InputError(f"unknown electricity factor {factor_id!r}", where=where,
                         expected="a factor id of the library or of the study's factors "
                         "sheet") from exc
    return _lib_factor(f, where)


def _check_basis(f: ElecFactor, settings: ElectricitySettings, where: str) -> ElecFactor:
    """A user's electricity factor on another basis than the grid's is an error unless the
    study allows mixed bases (then each part states its basis)."""
    if f.basis != settings.grid_basis and not settings.allow_mixed_basis:
        raise BasisError(
            f"factor {f.factor_id!r} is on the {f.basis} basis; the study's grid basis is "
            f"{settings.grid_basis}", where=where,
            expected=f"a {settings.grid_basis} factor, or electricity.allow_mixed_basis: true "
            "to report mixed bases side by side")
    return f


def _supplier(lib, s: ElectricitySupply, name: str, where: str) -> ElecFactor:
    where = f"{where}; electricity.supplies.{name}"
    if s.factor:
        return _from_library(lib, s.factor, f"{where}.factor")
    if s.value is None or s.basis is None:
        raise InputError(
            f"electricity supply '{name}' ({s.type}) has no factor", where=where,
            expected="'factor' (a library id) or 'value' (kg CO2e/kWh) with 'basis' and 'source'",
        )
    return ElecFactor(s.value / 1000.0, "CO2e" if s.basis == "life_cycle" else "CO2",
                      f"supplier:{name}", s.basis, s.source or f"supplier declaration ({name})",
                      s.region)


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
    return _lib_factor(f, where), note


def _region_id(region: str | None) -> str:
    from alcarbon.factors import regions

    return regions.normalise_region(region or "cn").lower()


def residual_id_stem(settings: ElectricitySettings, region: str | None) -> str:
    """``elec.residual_<stem>.<region>.``: the id stem of the corrected grid factor sought."""
    return f"elec.residual_{RESIDUAL_STEM[settings.grid_basis]}.{_region_id(region)}."


def has_residual(lib, settings: ElectricitySettings, region: str | None) -> bool:
    """True when the remainder of grid electricity in ``region`` is at a corrected factor
    (a user-set residual_factor, or one published for the region on the study's basis)."""
    if settings.residual_factor:
        return True
    return residual_id_stem(settings, region) in _residual_stems(lib)


#: library -> the id stems (``elec.residual_<stem>.<region>.``) it holds; a library's factors do
#: not change after it is built (overrides make a new one), so one scan per library
_STEMS: WeakKeyDictionary[Any, frozenset[str]] = WeakKeyDictionary()


def _residual_stems(lib) -> frozenset[str]:
    stems = _STEMS.get(lib)
    if stems is None:
        stems = frozenset(f.id.rsplit(".", 1)[0] + "." for f in lib.factors
                          if f.id.startswith("elec.residual_"))
        _STEMS[lib] = stems
    return stems


def residual_factor(lib, settings: ElectricitySettings, region: str | None, year: int,
                    where: str) -> tuple[ElecFactor | None, list[str]]:
    """The corrected grid factor for the declared remainder (7.1.5.3 second paragraph), with
    notes; None when none is published for ``region`` on the study's basis."""
    if settings.residual_factor:
        f = _from_library(lib, settings.residual_factor, "electricity.residual_factor")
        if f.basis == settings.grid_basis:
            return f, []
        return f, [Msg(f"electricity.residual_factor '{f.factor_id}' is on the {f.basis} basis "
                       f"while the grid basis is {settings.grid_basis}: the declared remainder "
                       "mixes bases", id=f"residual_basis_mismatch:{f.factor_id}",
                       zh=f"electricity.residual_factor '{f.factor_id}' 为"
                          f"{_BASIS_ZH.get(f.basis, f.basis)}口径,而电网因子为"
                          f"{_BASIS_ZH.get(settings.grid_basis, settings.grid_basis)}口径:"
                          "声明结果中剩余电量的口径不一致")]
    if not has_residual(lib, settings, region):
        return None, []
    stem = residual_id_stem(settings, region)
    get = lambda y: lib.get(f"{stem}{y}")  # noqa: E731
    if settings.residual_year:
        return _from_library(lib, f"{stem}{settings.residual_year}", where), []
    f, note = _nearest_year(get, year, "residual mix")
    return _lib_factor(f, where), [note] if note else []


def _no_residual_note(settings: ElectricitySettings, region: str | None, g: ElecFactor) -> Msg:
    from alcarbon.factors import regions

    reg = region or "cn"
    basis = settings.grid_basis
    reg_zh = "全国" if regions.is_national(reg) else reg
    return Msg(
        f"no grid factor excluding already-claimed attributes (residual mix) is published for "
        f"region {reg!r} on the {basis} basis: the declared result counts grid electricity not "
        f"covered by a qualifying contract at the location factor '{g.factor_id}' "
        f"({1000 * g.value_t_per_kwh:.4g} kg/kWh), which may count attributes claimed by others "
        "(GB/T 44905 7.1.5.3)", id=f"no_residual:{reg}:{basis}",
        zh=f"{reg_zh}未发布{_BASIS_ZH.get(basis, basis)}口径的剔除已声明属性电量的电网因子"
           f"(剩余电力因子):声明结果中未被合格合同覆盖的电网电量按基于位置的因子 "
           f"'{g.factor_id}'({1000 * g.value_t_per_kwh:.4g} kg/kWh)计,"
           "可能包含已被他方声明的属性(GB/T 44905 7.1.5.3)")


def _national_note(region: str | None, g: ElecFactor) -> Msg | None:
    """Life-cycle grid factors are national only: say so for a provincial plant."""
    from alcarbon.factors import regions

    if not region or g.basis != "life_cycle" or regions.is_national(region):
        return None
    if (g.region or "CN").upper() != "CN":
        return None
    return Msg(f"grid electricity in {region}: no provincial life-cycle factor is published; "
               f"the national factor '{g.factor_id}' is used for {region}",
               id=f"lc_national_for:{region}",
               zh=f"{region}的电网电力:未发布省级生命周期电力因子,采用全国因子 '{g.factor_id}'")


def resolve(lib, settings: ElectricitySettings, unit: UnitProcess, inp: Input,
            where: str, year: int) -> ElecChoice:
    """Factors for one electricity input of ``unit``; ``year`` is the study period's."""
    name = inp.supply or settings.default_supply
    notes: list[str] = []

    def grid(region: str | None) -> ElecFactor:
        f, note = grid_factor(lib, settings, region, where, year)
        notes.extend(n for n in (note, _national_note(region, f)) if n)
        return f

    def remainder(region: str | None, g: ElecFactor) -> ElecFactor:
        f, more = residual_factor(lib, settings, region, year, where)
        notes.extend(more)
        if f is None:
            notes.append(_no_residual_note(settings, region, g))
            return g
        return f

    if name is None:
        g = grid(unit.location)
        return ElecChoice("grid", None, g, remainder(unit.location, g), tuple(notes))
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
        if supply.factor or supply.value is not None:  # never drop a user's datum silently
            raise InputError(
                f"captive supply {name!r} gives a factor, but a captive plant is modelled as "
                "its own unit (GB/T 44905 7.1.5.1)",
                where=f"{where}; electricity.supplies.{name}."
                      + ("factor" if supply.factor else "value"),
                expected="no factor/value on a captive supply (its unit process gives the "
                "footprint), or type 'direct_line' for a plant outside the study")
        return ElecChoice(name, supply.provider, None, None)
    if supply.type == "direct_line":
        f = _check_basis(_supplier(lib, supply, name, where), settings,
                         f"{where}; electricity.supplies.{name}")
        return ElecChoice(name, None, f, f)
    region = supply.region or unit.location
    if supply.type == "grid":
        if supply.factor or supply.value is not None:
            # item 2: a grid supply's own factor is its location factor and its remainder
            f = _check_basis(_supplier(lib, supply, name, where), settings,
                             f"{where}; electricity.supplies.{name}")
            return ElecChoice(name, None, f, f)
        g = grid(region)
        return ElecChoice(name, None, g, remainder(region, g), tuple(notes))
    # contract (7.1.5.3)
    g = grid(region)
    if supply.qualifies():
        f = _check_basis(_supplier(lib, supply, name, where), settings,
                         f"{where}; electricity.supplies.{name}")
        return ElecChoice(name, None, g, f, tuple(notes))
    notes.append(Msg(f"contract {name!r} does not meet the four conditions of GB/T 44905 "
                     "7.1.5.3; its electricity is counted as grid electricity in the declared "
                     "result", id=f"contract_fails:{name}",
                     zh="合同工具不满足 GB/T 44905 7.1.5.3 的四项条件,"
                        "声明结果中其电量按电网电力计"))
    return ElecChoice(name, None, g, remainder(region, g), tuple(notes))


def grid_mix_supply(lib, settings: ElectricitySettings, name: str | None,
                    location: str | None) -> bool:
    """True when supply ``name`` used at a unit in ``location`` needs the separate grid-mix
    analysis of 7.1.5.3 last paragraph: a qualifying contract whose certificates are sold
    separately from the electricity, in a region whose grid factor is not corrected for them."""
    s = settings.supplies.get(name or "")
    if s is None or s.type != "contract" or not s.sold_separately or not s.qualifies():
        return False
    return not has_residual(lib, settings, s.region or location)
