"""Factor library: sourced emission factors, fuel properties and the GB/T 44905 flow catalogue.

Use :func:`load_library` to get a :class:`FactorLibrary`; see ``docs/factors.md``.
"""

from alcarbon.factors.library import DEFAULT_FUEL_TABLE, FactorLibrary, load_library
from alcarbon.factors.model import Factor, Flow, FuelProperties, Source

__all__ = [
    "DEFAULT_FUEL_TABLE",
    "Factor",
    "FactorLibrary",
    "Flow",
    "FuelProperties",
    "Source",
    "load_library",
]
