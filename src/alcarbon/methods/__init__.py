"""Emission methods: pure functions from activity data (pint quantities) to gas masses in tonnes.

Every method returns ``dict[str, pint.Quantity]`` mapping a gas formula (``"CO2"``, ``"CF4"``,
``"C2F6"``) to a mass in ``t``. Defaults with their sources are in :data:`DEFAULTS`; formulas,
variables and sources are documented in ``docs/methods.md``. :data:`METHODS` lets the engine pick
a method by name.
"""

from __future__ import annotations

from collections.abc import Callable

from alcarbon.methods._validate import C_TO_CO2
from alcarbon.methods.anode import anode_consumption, net_anode_from_inventory
from alcarbon.methods.baking import FURNACES, packing_coke, pitch_volatiles
from alcarbon.methods.calcination import coke_calcination
from alcarbon.methods.carbonate import MINERALS, carbonate_decomposition, co2_factor
from alcarbon.methods.combustion import fuel_combustion
from alcarbon.methods.defaults import DEFAULTS, TECHNOLOGIES, Parameter
from alcarbon.methods.measured import apply_measured
from alcarbon.methods.pfc import (
    pfc_guideline,
    pfc_measured,
    pfc_overvoltage,
    pfc_slope,
    pfc_tier1,
)

METHODS: dict[str, Callable[..., dict]] = {
    "fuel_combustion": fuel_combustion,
    "anode_consumption": anode_consumption,
    "pitch_volatiles": pitch_volatiles,
    "packing_coke": packing_coke,
    "coke_calcination": coke_calcination,
    "pfc_slope": pfc_slope,
    "pfc_overvoltage": pfc_overvoltage,
    "pfc_measured": pfc_measured,
    "pfc_tier1": pfc_tier1,
    "pfc_guideline": pfc_guideline,
    "carbonate_decomposition": carbonate_decomposition,
}
"""Method name -> function; every function returns ``{gas: t}``."""

__all__ = [
    "C_TO_CO2",
    "DEFAULTS",
    "FURNACES",
    "METHODS",
    "MINERALS",
    "TECHNOLOGIES",
    "Parameter",
    "anode_consumption",
    "apply_measured",
    "carbonate_decomposition",
    "co2_factor",
    "coke_calcination",
    "fuel_combustion",
    "net_anode_from_inventory",
    "packing_coke",
    "pfc_guideline",
    "pfc_measured",
    "pfc_overvoltage",
    "pfc_slope",
    "pfc_tier1",
    "pitch_volatiles",
]
