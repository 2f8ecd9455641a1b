"""The one pint registry of alcarbon and the conversions everyone uses.

Mass uses the metric tonne ``t``; energy ``kWh``, ``MWh``, ``GJ``, ``TJ``; ``tce`` is the Chinese
standard coal equivalent (1 kgce = 29.3076 MJ, GB/T 2589-2020 clause 3.8 and Table A: 1 kg standard
coal has a calorific value of 29 307.6 kJ); ``Nm3`` is a normal cubic metre (gas volume at 0 degC,
101.325 kPa); ``tkm`` is freight work (tonne x kilometre). Emissions are masses of a gas
(``t CO2`` is written ``t`` with the gas carried separately) or ``t CO2e``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from alcarbon.errors import UnitError
from alcarbon.pintlib import pint


def _registry() -> pint.UnitRegistry:
    """pint's default registry; its parsed definitions cached in the user cache folder when one
    is writable (0.07 s instead of 0.26 s per process start), else parsed as usual."""
    try:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=":auto:")
    except Exception:  # noqa: BLE001 - an unwritable or broken cache only costs time
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)


ureg = _registry()
# GB/T 2589-2020: 1 kgce = 29 307.6 kJ.
ureg.define("kgce = 29.3076 * megajoule")
ureg.define("tce = 1000 * kgce")
ureg.define("Nm3 = meter ** 3 = Nm³")
ureg.define("tkm = tonne * kilometer = t_km")
# CO2-equivalent masses are plain masses; the gas is carried as data, not as a unit.
ureg.define("CO2e = [] = co2e")
ureg.define("CO2 = [] = co2")
ureg.define("percent_ = 0.01 = pct")
Q_ = ureg.Quantity


#: Most unit strings kept by _memoise_unit_parsing before it starts again (bounded memory for
#: a service that reads many spellings; a study uses a few dozen).
_PARSE_MEMO_MAX = 4096


def _memoise_unit_parsing(reg: pint.UnitRegistry) -> None:
    """Keep the parse of every unit string in this process.

    pint keeps a parsed string only when the string itself is a unit name (``"t"``), so
    ``"GJ"``, ``"t/GJ"`` or ``"kWh"`` were parsed again (prefix search over every prefix and
    suffix) by every ``Q_(x, "t/GJ")`` and ``.to("GJ")``: most of a cold `calc`'s unit work.
    The answer (an immutable UnitsContainer) depends only on the string and the registry's
    definitions, which alcarbon extends but never redefines; a string that fails is not kept.
    While a pint context is active (it may redefine units) pint parses as before and nothing
    is kept. Skipped when this pint has no such method (the answers are then pint's).
    """
    parse = getattr(reg, "_parse_units_as_container", None)
    if parse is None:
        return
    memo: dict[tuple[str, bool, bool], Any] = {}

    def parse_memoised(input_string: str, as_delta: bool = True,
                       case_sensitive: bool = True) -> Any:
        k = (input_string, as_delta, case_sensitive)
        hit = memo.get(k)
        if hit is None:
            active = getattr(reg, "_active_ctx", None)
            if active is None or getattr(active, "contexts", True):
                return parse(input_string, as_delta, case_sensitive)
            hit = parse(input_string, as_delta, case_sensitive)
            if len(memo) >= _PARSE_MEMO_MAX:  # a service reading many unit spellings
                memo.clear()
            memo[k] = hit
        return hit

    parse_memoised.memo = memo  # type: ignore[attr-defined]  # tests look at it
    reg._parse_units_as_container = parse_memoised  # type: ignore[method-assign]


_memoise_unit_parsing(ureg)

_ALIASES = {
    "吨": "t",
    "千克": "kg",
    "公斤": "kg",
    "万吨": "10000 * t",
    "千瓦时": "kWh",
    "度": "kWh",
    "万千瓦时": "10000 * kWh",
    "兆瓦时": "MWh",
    "吉焦": "GJ",
    "GJ": "GJ",
    "万标立方米": "10000 * Nm3",
    "万Nm3": "10000 * Nm3",
    "10^4Nm3": "10000 * Nm3",
    "10^4 Nm3": "10000 * Nm3",
    "标立方米": "Nm3",
    "标方": "Nm3",
    "万标方": "10000 * Nm3",
    "万方": "10000 * m**3",
    "万立方米": "10000 * m**3",
    "千千瓦时": "MWh",
    "兆焦": "MJ",
    "百万千焦": "GJ",
    "立方米": "m**3",
    "m3": "m**3",
    "m³": "m**3",
    "吨标准煤": "tce",
    "吨公里": "tkm",
    "t·km": "tkm",
    "t*km": "tkm",
    "tonne": "t",
    "tonnes": "t",
    "kgCO2e": "kg",
    "tCO2e": "t",
    "kg CO2e": "kg",
    "t CO2e": "t",
    "Nm³": "Nm3",
    "kt": "1000 * t",
    "千吨": "1000 * t",
    "Mt": "1000000 * t",
}
#: Names that pint reads as something else than a metric tonne, refused outright.
_AMBIGUOUS = {"ton": "the US short ton (0.907 t)", "tons": "the US short ton (0.907 t)",
              "short_ton": "the US short ton", "long_ton": "the imperial ton (1.016 t)",
              "ton_short": "the US short ton", "ton_long": "the imperial ton"}


@lru_cache(maxsize=512)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string (English or the Chinese names used in Appendix C) into a pint unit.

    A bare number prefix such as ``10000 * Nm3`` is kept as a scaled unit via a quantity.
    Raises :class:`UnitError` when the string is not a unit.
    """
    raw = (text or "").strip()
    if not raw:
        raise UnitError("empty unit", expected="a unit such as t, kg, kWh, GJ, Nm3, tkm")
    if raw in _AMBIGUOUS:
        raise UnitError(f"ambiguous unit {text!r}: pint reads it as {_AMBIGUOUS[raw]}",
                        expected="'t' for a metric tonne")
    s = _ALIASES.get(raw, raw)
    try:
        q = ureg.Quantity(1, s) if "*" not in s else ureg.parse_expression(s)
    except Exception as exc:  # pint raises several exception types
        raise UnitError(
            f"unknown unit {text!r}", expected="a unit such as t, kg, kWh, GJ, Nm3, tkm"
        ) from exc
    if not isinstance(q, pint.Quantity):
        raise UnitError(f"unknown unit {text!r}", expected="a unit, not a number")
    if q.magnitude != 1:
        # Register the scaled unit once so it can be used as a plain unit afterwards.
        name = "u_" + "".join(c if c.isalnum() else "_" for c in s)
        if name not in ureg:
            ureg.define(f"{name} = {q.magnitude} * {q.units}")
        return ureg.Unit(name)
    return q.units




@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier that turns a magnitude in ``from_unit`` into ``to_unit`` (cached).

    alcarbon's units are all multiplicative (no temperature offsets), so a conversion is one
    factor; caching it keeps pint out of the engine's hot path.
    """
    src, dst = parse_unit(from_unit), parse_unit(to_unit)
    try:
        return float(Q_(1.0, src).to(dst).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(
            f"cannot convert {from_unit!r} to {to_unit!r}",
            expected=f"a unit of the same kind as {to_unit!r}",
        ) from exc


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a magnitude between two unit strings; :class:`UnitError` when incompatible."""
    return value * conversion_factor(from_unit, to_unit)


@lru_cache(maxsize=1024)
def same_dimension(a: str, b: str) -> bool:
    """True when two unit strings measure the same kind of quantity."""
    return parse_unit(a).dimensionality == parse_unit(b).dimensionality


@lru_cache(maxsize=1024)
def is_energy(unit: str) -> bool:
    return parse_unit(unit).dimensionality == ureg.joule.dimensionality


@lru_cache(maxsize=1024)
def is_mass(unit: str) -> bool:
    return parse_unit(unit).dimensionality == ureg.kilogram.dimensionality
