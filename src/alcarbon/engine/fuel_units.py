"""Memoised pint conversions of a burnt fuel, per unit of the fuel as entered: GJ by its net
calorific value, and t CO2 by alcarbon.methods.fuel_combustion (engine/fuel_lines.py)."""

from __future__ import annotations

from functools import lru_cache

from alcarbon.units import Q_, is_energy, parse_unit


@lru_cache(maxsize=1024)
def gj_per(ncv: float, ncv_unit: str, unit: str) -> float:
    """GJ in 1 ``unit`` of a fuel whose net calorific value is ``ncv`` ``ncv_unit``."""
    return float((Q_(ncv, parse_unit(ncv_unit)) * Q_(1.0, parse_unit(unit))).to("GJ").magnitude)


@lru_cache(maxsize=1024)
def combustion_per_unit(unit: str, ncv: float, ncv_unit: str, cc: float, of: float) -> float:
    """t CO2 per 1 ``unit`` of fuel burnt, via alcarbon.methods.fuel_combustion (memoised)."""
    from alcarbon.methods import fuel_combustion

    ncv_q = None if is_energy(unit) else Q_(ncv, parse_unit(ncv_unit))
    co2 = fuel_combustion(Q_(1.0, parse_unit(unit)), ncv=ncv_q, carbon_content=Q_(cc, "t/GJ"),
                          oxidation=of)["CO2"]
    return float(co2.to("t").magnitude)
