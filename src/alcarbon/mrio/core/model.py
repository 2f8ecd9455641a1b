"""Plain data of an MRIO system: the monetary table and one emission satellite account.

Notation (Miller & Blair 2009, ch. 3 and 5; the symbols pymrio also uses):
n = R x S producing nodes (region-major: all sectors of region 1, then region 2, ...),
Z (n x n) intermediate flows, Y (n x m) final demand, x (n) total output, F (n) direct emissions
of the producing nodes, F_Y (m) direct emissions of final demand (households).
Money is in the table's own unit (China MRIO: 10^4 yuan); emissions in the satellite's unit
(CEADs: Mt CO2).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from alcarbon.errors import InputError

#: destination label of the exports-abroad column (China MRIO ``EX``)
EXPORT = "Export"
#: destination label of the balancing column (China MRIO ``ERR``, "Others")
OTHERS = "Others"


@dataclass(frozen=True)
class IOTable:
    """A multi-regional input-output table.

    ``fd_regions[k]``/``fd_categories[k]`` name column k of ``Y``: the consuming region (or a
    pseudo-region such as ``Export`` or ``Others``) and the final-demand category.
    ``x`` is the published total output (China MRIO ``GO``); when None it is Z1 + Y1.
    ``va``/``va_labels`` (value added and import rows under Z) are kept for balance checks only.
    """

    Z: Any  # numpy (n, n) or scipy.sparse
    Y: np.ndarray
    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    fd_regions: tuple[str, ...]
    fd_categories: tuple[str, ...]
    x: np.ndarray | None = None
    unit: str = "10^4 CNY"
    va: np.ndarray | None = None
    va_labels: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.regions) * len(self.sectors)
        if self.Z.shape != (n, n):
            raise InputError(
                f"Z has shape {self.Z.shape}", where="IOTable.Z",
                expected=f"({n}, {n}) = regions x sectors squared",
            )
        if self.Y.ndim != 2 or self.Y.shape[0] != n:
            raise InputError(f"Y has shape {self.Y.shape}", where="IOTable.Y",
                             expected=f"{n} rows")
        m = self.Y.shape[1]
        if len(self.fd_regions) != m or len(self.fd_categories) != m:
            raise InputError("fd_regions/fd_categories do not match the columns of Y",
                             where="IOTable", expected=f"{m} labels each")
        if self.x is not None and np.shape(self.x) != (n,):
            raise InputError(f"x has shape {np.shape(self.x)}", where="IOTable.x",
                             expected=f"({n},)")

    @property
    def n(self) -> int:
        return len(self.regions) * len(self.sectors)

    @property
    def index(self) -> pd.MultiIndex:
        """(region, sector) labels of the producing nodes, region-major."""
        return pd.MultiIndex.from_product([self.regions, self.sectors], names=["region", "sector"])

    @property
    def fd_index(self) -> pd.MultiIndex:
        return pd.MultiIndex.from_arrays(
            [list(self.fd_regions), list(self.fd_categories)], names=["region", "category"]
        )

    def output(self) -> np.ndarray:
        """Total output x: the published x when present, else x = Z1 + Y1."""
        if self.x is not None:
            return np.asarray(self.x, dtype=float)
        return np.asarray(self.Z.sum(axis=1)).ravel() + self.Y.sum(axis=1)

    def destinations(self) -> tuple[str, ...]:
        """Consuming regions in order: the table's regions first, then pseudo-regions."""
        extra = [d for d in dict.fromkeys(self.fd_regions) if d not in self.regions]
        return tuple(self.regions) + tuple(extra)

    def Y_by_destination(self) -> np.ndarray:
        """Y summed over categories per consuming region: n x len(destinations())."""
        dest = self.destinations()
        pos = {d: k for k, d in enumerate(dest)}
        G = np.zeros((self.Y.shape[1], len(dest)))
        G[np.arange(self.Y.shape[1]), [pos[d] for d in self.fd_regions]] = 1.0
        return self.Y @ G

    def with_(self, **changes: Any) -> IOTable:
        return replace(self, **changes)


@dataclass(frozen=True)
class Satellite:
    """One stressor: direct emissions F per producing node, F_Y per final-demand column."""

    F: np.ndarray
    F_Y: np.ndarray | None = None
    name: str = "CO2"
    unit: str = "Mt"
    meta: dict[str, Any] = field(default_factory=dict)

    def check(self, table: IOTable) -> None:
        if np.shape(self.F) != (table.n,):
            raise InputError(f"F has shape {np.shape(self.F)}", where=f"satellite {self.name}",
                             expected=f"({table.n},) = one value per region x sector")
        if self.F_Y is not None and np.shape(self.F_Y) != (table.Y.shape[1],):
            raise InputError(f"F_Y has shape {np.shape(self.F_Y)}",
                             where=f"satellite {self.name}",
                             expected=f"({table.Y.shape[1]},) = one value per final-demand column")


def region_of_nodes(table: IOTable) -> np.ndarray:
    """Region position (0..R-1) of each producing node."""
    return np.repeat(np.arange(len(table.regions)), len(table.sectors))


def sector_of_nodes(table: IOTable) -> np.ndarray:
    """Sector position (0..S-1) of each producing node."""
    return np.tile(np.arange(len(table.sectors)), len(table.regions))


def is_sparse(M: Any) -> bool:
    return sp.issparse(M)
