"""Input checks shared by the emission methods (private).

Every check names the parameter and says what was expected, so a caller (the engine, the CLI) can
prefix the location (file, sheet, row) with :meth:`alcarbon.errors.AlcarbonError.located`.
Magnitudes may be Python numbers or numpy arrays (vectorised Monte Carlo); checks apply elementwise.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np

from alcarbon.errors import InputError, UnitError
from alcarbon.pintlib import pint
from alcarbon.units import ureg

# Carbon -> CO2 mass ratio exactly as the accounting documents write it: 44/12 (IPCC 2006 Vol.3
# Eqs. 4.21-4.23; 40 CFR 98 subpart F: "44/12 = Ratio of molecular weights, CO2 to carbon";
# GB/T 32151 and the Chinese MEE/NDRC guidelines: CC x OF x 44/12). The rounded molar masses
# (CO2 44, C 12) are prescribed; IUPAC 2021 weights would give 44.009/12.011 = 3.6641, not 3.6667.
C_TO_CO2 = 44.0 / 12.0

_DIMENSIONS = {
    "mass": ureg.kilogram.dimensionality,
    "energy": ureg.joule.dimensionality,
    "volume": (ureg.meter**3).dimensionality,
    "dimensionless": ureg.dimensionless.dimensionality,
}


def _finite(name: str, magnitude: Any) -> np.ndarray:
    try:
        arr = np.asarray(magnitude, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} is not a number: {magnitude!r}", expected="a number") from exc
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} is not finite: {magnitude!r}", expected="a finite number")
    return arr


def quantity(name: str, value: Any, kind: str, example: str) -> pint.Quantity:
    """Check that ``value`` is a pint quantity of dimension ``kind`` (mass, energy, volume,
    dimensionless) from the alcarbon registry, with finite, non-negative magnitude."""
    if not isinstance(value, pint.Quantity):
        raise UnitError(
            f"{name} has no unit: {value!r}",
            expected=f"a {kind} quantity from alcarbon.units.Q_, e.g. {example}",
        )
    if value._REGISTRY is not ureg:
        raise UnitError(
            f"{name} was made with another pint registry",
            expected="a quantity from alcarbon.units.Q_ (the one registry)",
        )
    if value.dimensionality != _DIMENSIONS[kind]:
        raise UnitError(
            f"{name} has unit {value.units:~} ({value.dimensionality}), which is not a {kind}",
            expected=f"a {kind} quantity, e.g. {example}",
        )
    arr = _finite(name, value.magnitude)
    if np.any(arr < 0):
        raise InputError(f"{name} is negative: {value:~}", expected=f"a {kind} >= 0")
    return value


def ratio_quantity(name: str, value: Any, per: pint.Unit, example: str) -> pint.Quantity:
    """Check a quantity whose dimension is that of ``per`` (e.g. GJ/t, t/GJ), finite and >= 0."""
    if not isinstance(value, pint.Quantity):
        raise UnitError(
            f"{name} has no unit: {value!r}",
            expected=f"a quantity from alcarbon.units.Q_, e.g. {example}",
        )
    if value._REGISTRY is not ureg:
        raise UnitError(
            f"{name} was made with another pint registry",
            expected="a quantity from alcarbon.units.Q_ (the one registry)",
        )
    if value.dimensionality != per.dimensionality:
        raise UnitError(
            f"{name} has unit {value.units:~}, which cannot be converted to {per:~}",
            expected=f"a quantity like {example}",
        )
    arr = _finite(name, value.magnitude)
    if np.any(arr < 0):
        raise InputError(f"{name} is negative: {value:~}", expected="a value >= 0")
    return value


def number(name: str, value: Any, *, unit_hint: str, minimum: float = 0.0) -> Any:
    """A plain number (or array) >= ``minimum``; a dimensionless quantity is accepted and converted.

    ``unit_hint`` names the unit the number is read in, for the error message.
    """
    if isinstance(value, pint.Quantity):
        if not value.dimensionless:
            raise UnitError(
                f"{name} has unit {value.units:~}",
                expected=f"a plain number in {unit_hint}",
            )
        value = value.to("dimensionless").magnitude
    elif isinstance(value, bool) or not isinstance(value, Real | np.ndarray | np.number):
        raise InputError(f"{name} is not a number: {value!r}", expected=f"a number in {unit_hint}")
    arr = _finite(name, value)
    if np.any(arr < minimum):
        raise InputError(
            f"{name} = {value!r} is below {minimum}", expected=f"{unit_hint} >= {minimum}"
        )
    return value


def fraction(name: str, value: Any, *, allow_zero: bool = True) -> Any:
    """A mass or process fraction in [0, 1] (or (0, 1] with ``allow_zero=False``).

    A dimensionless quantity such as ``Q_(95, "percent")`` is converted to 0.95.
    """
    value = number(name, value, unit_hint="a fraction 0-1")
    arr = np.asarray(value, dtype=float)
    low_bad = np.any(arr <= 0) if not allow_zero else np.any(arr < 0)
    if low_bad or np.any(arr > 1):
        lo = "0 <" if not allow_zero else "0 <="
        raise InputError(
            f"{name} = {value!r} is outside {lo} x <= 1",
            expected=f"a fraction {lo} x <= 1 (write 95 % as 0.95)",
        )
    return value


def percent(name: str, value: Any) -> Any:
    """A weight percentage in [0, 100)."""
    value = number(name, value, unit_hint="percent (0-100)")
    arr = np.asarray(value, dtype=float)
    if np.any(arr >= 100):
        raise InputError(
            f"{name} = {value!r} % is not below 100 %", expected="a percentage 0 <= x < 100"
        )
    return value


def impurity_pair(s_name: str, s_pct: Any, a_name: str, a_pct: Any) -> Any:
    """Sulfur and ash percentages; their sum must stay below 100 %. Returns (100 - S - Ash)/100."""
    s = percent(s_name, s_pct)
    a = percent(a_name, a_pct)
    total = np.asarray(s, dtype=float) + np.asarray(a, dtype=float)
    if np.any(total >= 100):
        raise InputError(
            f"{s_name} + {a_name} = {s!r} + {a!r} reaches 100 %",
            expected="sulfur + ash below 100 % (no carbon would remain)",
        )
    return (100 - s - a) / 100


def choice(name: str, value: Any, valid: tuple[str, ...]) -> str:
    """One of ``valid`` (case-insensitive); the error lists the valid values."""
    if isinstance(value, str):
        for v in valid:
            if value.strip().lower() == v.lower():
                return v
    raise InputError(f"unknown {name} {value!r}", expected="one of " + ", ".join(valid))


def tonnes(value: Any) -> pint.Quantity:
    """A quantity of gas mass in tonnes (magnitude as computed)."""
    return ureg.Quantity(value, "t")
