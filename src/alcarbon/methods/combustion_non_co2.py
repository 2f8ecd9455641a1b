"""CH4 and N2O of stationary fuel combustion: E = energy [TJ] x EF [kg/TJ] (IPCC 2006 Tier 1).

GB/T 44905-2024 counts every greenhouse gas of its Table D.1, CH4 and N2O included; Appendix A
lists fuel combustion in every unit process. The Chinese sector guidelines give CO2 only, so the
CH4 and N2O of burning a fuel use the IPCC 2006 Guidelines Vol.2 (Energy) Ch.2 (Stationary
Combustion) Tier 1 defaults, per TJ of net calorific value:

- Table 2.2 "Default emission factors for stationary combustion in the energy industries": for
  units that make electricity or heat (a captive power plant, a boiler house);
- Table 2.3 "... in manufacturing industries and construction": for every other unit.

Fuels map to the IPCC fuel rows by group (coal and coal products, oil products with petroleum
coke, gaseous fuels); the factors within a group are the same in the rows used here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from alcarbon.errors import InputError

Sector = Literal["energy", "manufacturing"]
Group = Literal["coal", "oil", "gas"]

_DOC = ("IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol.2 Energy, Ch.2 "
        "Stationary Combustion (IPCC/IGES 2006)")
TABLES: dict[Sector, str] = {
    "energy": f"{_DOC}, Table 2.2 (energy industries)",
    "manufacturing": f"{_DOC}, Table 2.3 (manufacturing industries and construction)",
}

# (CH4, N2O) kg per TJ of NCV. Table 2.2: coal rows (anthracite, other bituminous, sub-bituminous,
# lignite, coke oven coke, coal tar) 1 / 1.5; oil rows (crude, residual fuel oil, gas/diesel oil,
# gasoline, kerosene, petroleum coke) 3 / 0.6; gas rows (natural gas, LPG, refinery gas, coke oven
# and blast furnace gas) 1 / 0.1. Table 2.3 differs only in CH4 of the coal rows: 10.
# Cross-checked against the transcription iClimate/ghgpy src/ghgpy/data/efs.py (commit 352b27c8),
# which agrees on every value used here except natural gas N2O, where it has 1.5 against 0.1 for
# LPG and refinery gas in the same table; 0.1 is used (the IPCC gas rows are uniform).
FACTORS: dict[Sector, dict[Group, tuple[float, float]]] = {
    "energy": {"coal": (1.0, 1.5), "oil": (3.0, 0.6), "gas": (1.0, 0.1)},
    "manufacturing": {"coal": (10.0, 1.5), "oil": (3.0, 0.6), "gas": (1.0, 0.1)},
}

# Fuels of the packaged tables that are not grouped by their physical state.
_GROUP_BY_ID: dict[str, Group] = {
    "petroleum_coke": "oil",  # IPCC lists petroleum coke with the oil products
    "coal_tar": "coal",  # a liquid, but an IPCC coal-product row
    "crude_benzene": "coal",  # a coking by-product; no own IPCC row, taken with coal tar
    "lng": "gas",  # liquefied natural gas burns as natural gas
    "lpg": "gas",
}
_GROUP_BY_STATE: dict[str, Group] = {"solid": "coal", "liquid": "oil", "gas": "gas"}


def fuel_group(fuel_id: str, state: str | None) -> Group:
    """IPCC fuel group of a fuel of the factor library: by id where the state misleads, else by
    physical state. A fuel of unknown state (given by the study) is taken as coal, the group
    with the highest factors (conservative)."""
    if fuel_id in _GROUP_BY_ID:
        return _GROUP_BY_ID[fuel_id]
    return _GROUP_BY_STATE.get(state or "", "coal")


@dataclass(frozen=True)
class NonCO2Factor:
    """kg of ``gas`` per TJ of fuel energy, and the table it comes from."""

    gas: str
    kg_per_tj: float
    source: str


def non_co2_factors(group: Group, sector: Sector) -> list[NonCO2Factor]:
    """The CH4 and N2O factors (kg/TJ NCV) of a fuel group burnt in a sector."""
    if sector not in FACTORS or group not in FACTORS[sector]:
        raise InputError(f"no stationary-combustion factor for {group!r} in {sector!r}",
                         expected="group coal/oil/gas and sector energy/manufacturing")
    ch4, n2o = FACTORS[sector][group]
    return [NonCO2Factor("CH4", ch4, TABLES[sector]), NonCO2Factor("N2O", n2o, TABLES[sector])]


def combustion_non_co2(energy_gj: float, group: Group, sector: Sector) -> dict[str, float]:
    """t CH4 and t N2O from burning ``energy_gj`` GJ (NCV) of a fuel of ``group`` in ``sector``.

    t gas = GJ / 1000 [TJ] x kg/TJ / 1000 [t].
    """
    if not energy_gj >= 0:
        raise InputError(f"fuel energy {energy_gj!r} GJ", expected="a finite number >= 0")
    return {f.gas: energy_gj / 1000.0 * f.kg_per_tj / 1000.0
            for f in non_co2_factors(group, sector)}
