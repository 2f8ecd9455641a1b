"""pymrio ``IOSystem`` in, alcarbon plain data out (pymrio is optional and imported lazily:
this module only touches the object it is given)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.mrio.core import accounts
from alcarbon.mrio.core.model import IOTable, Satellite


def table_from_pymrio(io: Any) -> IOTable:
    """The monetary part (Z, Y, and x when present) of a pymrio IOSystem."""
    if getattr(io, "Z", None) is None or getattr(io, "Y", None) is None:
        raise InputError("the IOSystem has no Z or Y", where="pymrio IOSystem",
                         expected="a system with Z and Y (call io.calc_system() for Z from A)")
    Z, Y = io.Z, io.Y
    regions = tuple(str(r) for r in Z.index.get_level_values(0).unique())
    sectors = tuple(str(s) for s in Z.index.get_level_values(1).unique())
    x = None
    if getattr(io, "x", None) is not None:
        x = np.asarray(io.x.reindex(Z.index).to_numpy(), dtype=float).ravel()
    return IOTable(Z=Z.to_numpy(dtype=float), Y=Y.reindex(Z.index).to_numpy(dtype=float),
                   regions=regions, sectors=sectors,
                   fd_regions=tuple(str(c[0]) for c in Y.columns),
                   fd_categories=tuple(str(c[1]) for c in Y.columns), x=x,
                   unit=_first_unit(getattr(io, "unit", None)),
                   meta={"source": "pymrio"})


def _first_unit(unit: Any) -> str:
    if isinstance(unit, pd.DataFrame) and unit.size:
        return str(unit.iloc[0, 0])
    return ""


def satellite_from_pymrio(io: Any, extension: str | Any, stressor: Any) -> Satellite:
    """F (and F_Y) of one stressor of a pymrio Extension (given by attribute name or object)."""
    ext = getattr(io, extension, None) if isinstance(extension, str) else extension
    if ext is None or getattr(ext, "F", None) is None:
        raise InputError(f"no extension {extension!r} with F", where="pymrio IOSystem",
                         expected="an extension name such as 'emissions'")
    if stressor not in ext.F.index:
        raise InputError(f"no stressor {stressor!r}", where=f"extension {ext.name}",
                         expected="one of " + ", ".join(map(str, ext.F.index)))
    F = ext.F.loc[stressor].reindex(io.Z.index).to_numpy(dtype=float)
    F_Y = None
    if getattr(ext, "F_Y", None) is not None:
        F_Y = ext.F_Y.loc[stressor].reindex(io.Y.columns).fillna(0.0).to_numpy(dtype=float)
    unit = ""
    if getattr(ext, "unit", None) is not None and stressor in ext.unit.index:
        unit = str(ext.unit.loc[stressor].iloc[0])
    return Satellite(F=F, F_Y=F_Y, name=str(stressor), unit=unit)


@dataclass
class EmbodiedAccounts:
    """Accounts of one table and one stressor; everything is computed lazily, once."""

    table: IOTable
    satellite: Satellite
    method: str = "auto"

    @cached_property
    def prepared(self) -> accounts.Prepared:
        return accounts.Prepared(self.table, self.satellite, method=self.method)

    def footprint_by_region(self) -> pd.Series:
        """Consumption-based account per region (F_Y included, as pymrio's D_cba_reg)."""
        return accounts.consumption_account(self.prepared)

    def production_by_region(self) -> pd.Series:
        return accounts.production_account(self.prepared)

    def embodied_flows(self, include_pseudo: bool = False) -> pd.DataFrame:
        """Rows producing region, columns consuming region (emissions in r for demand in d)."""
        return accounts.embodied_flows(self.prepared, include_pseudo=include_pseudo)

    def footprint_by_region_sector(self) -> pd.DataFrame:
        return accounts.footprint_by_region_sector(self.prepared)

    def net_transfers(self) -> pd.DataFrame:
        return accounts.net_transfers(self.embodied_flows())


def from_pymrio(io: Any, extension: str | Any, stressor: Any,
                method: str = "auto") -> EmbodiedAccounts:
    """Embodied-emission accounts of ``stressor`` in ``extension`` of a pymrio IOSystem."""
    table = table_from_pymrio(io)
    return EmbodiedAccounts(table, satellite_from_pymrio(io, extension, stressor), method)
