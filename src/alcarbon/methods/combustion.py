"""CO2 from fuel combustion: E = FC x NCV x CC x OF x 44/12.

GB/T 32151 (and the Chinese MEE/NDRC enterprise guidelines) and IPCC 2006 Vol.2 Ch.2 compute
fuel-combustion CO2 from the energy burnt (FC x NCV), the carbon content per unit of energy CC
(t C/GJ) and the oxidation fraction OF, converted from carbon to CO2 by 44/12.
GB/T 44905-2024 Appendix A lists fuel combustion as an emission category of every unit process.
"""

from __future__ import annotations

from typing import Any

from alcarbon.errors import InputError, UnitError
from alcarbon.methods._validate import C_TO_CO2, fraction, quantity, ratio_quantity, tonnes
from alcarbon.pintlib import pint
from alcarbon.units import parse_unit, ureg

_ENERGY = ureg.joule.dimensionality
_MASS = ureg.kilogram.dimensionality
_VOLUME = (ureg.meter**3).dimensionality


def fuel_combustion(
    amount: pint.Quantity,
    *,
    ncv: pint.Quantity | None,
    carbon_content: pint.Quantity,
    oxidation: Any,
) -> dict[str, pint.Quantity]:
    """CO2 from burning ``amount`` of a fuel (GB/T 32151; IPCC 2006 Vol.2 Ch.2).

    CO2 [t] = E [GJ] x CC [t C/GJ] x OF x 44/12, with E = amount x NCV.

    Parameters
    ----------
    amount:
        Fuel consumed: a mass (``Q_(120, "t")``), a volume (``Q_(5e5, "Nm3")``) or an energy
        (``Q_(3000, "GJ")``).
    ncv:
        Net calorific value turning a mass or volume into energy, e.g. ``Q_(42.652, "GJ/t")`` or,
        for gases given per 10^4 Nm3, ``Q_(389.31, ureg.GJ / parse_unit("10^4 Nm3"))``. Must be
        energy per unit of ``amount``'s kind. Not used (may be None) when ``amount`` is an energy.
    carbon_content:
        Carbon content per unit of energy, t C per GJ, e.g. ``Q_(0.0202, "t/GJ")`` (any
        mass/energy unit such as ``t/TJ`` is converted).
    oxidation:
        Carbon oxidation fraction OF, 0-1 (e.g. 0.98).

    Returns ``{"CO2": t}``. 44/12 is the ratio the standards prescribe (see ``_validate.C_TO_CO2``).
    """
    if not isinstance(amount, pint.Quantity):
        raise UnitError(
            f"amount has no unit: {amount!r}",
            expected='a mass, volume or energy quantity, e.g. Q_(120, "t")',
        )
    dim = amount.dimensionality
    if dim == _ENERGY:
        energy = quantity("amount", amount, "energy", 'Q_(3000, "GJ")')
    elif dim in (_MASS, _VOLUME):
        kind = "mass" if dim == _MASS else "volume"
        quantity("amount", amount, kind, 'Q_(120, "t")' if kind == "mass" else 'Q_(5e5, "Nm3")')
        if ncv is None:
            raise InputError(
                f"ncv is missing: amount is a {kind} ({amount:~}) and needs a net calorific value",
                expected=f'energy per {kind}, e.g. Q_(42.652, "GJ/t")',
            )
        per = parse_unit("GJ/t" if kind == "mass" else "GJ/Nm3")
        ncv = ratio_quantity("ncv", ncv, per, f'energy per {kind}, e.g. Q_(42.652, "GJ/t")')
        energy = amount * ncv
    else:
        raise UnitError(
            f"amount has unit {amount.units:~} ({dim})",
            expected="a mass (t, kg), a volume (Nm3, m3) or an energy (GJ, TJ, kWh, tce)",
        )
    t_per_gj = parse_unit("t/GJ")
    cc = ratio_quantity("carbon_content", carbon_content, t_per_gj, 'Q_(0.0202, "t/GJ")')
    of = fraction("oxidation", oxidation)
    e_gj = energy.to(parse_unit("GJ")).magnitude
    cc_t_per_gj = cc.to(t_per_gj).magnitude
    return {"CO2": tonnes(e_gj * cc_t_per_gj * of * C_TO_CO2)}
