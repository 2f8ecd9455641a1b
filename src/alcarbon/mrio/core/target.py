"""One target sector (or a group, e.g. the four mining sectors): direct vs embodied emissions,
its embodied transfers between regions, its net position and its upstream sources.

J = the producing nodes (r, j) with j in the target sectors; y_(r,j) = their final demand
summed over all destinations; s, m, L as in :mod:`alcarbon.mrio.core.leontief`.

    direct_r    = sum_{j in J} F_(r,j)
    embodied_r  = sum_{j in J} m_(r,j) y_(r,j)          emissions anywhere in the economy driven
                                                         by final demand for J's products of r
    net_r       = direct_r - embodied_r                 > 0: the sector is a net outflow of
                                                         embodied carbon to other sectors
    production flow  D_rd = sum_{j in J} s_(r,j) (L y_d)_(r,j)   J's own emissions in r driven
                                                                  by final demand of d
    product flow     P_rd = sum_{j in J} m_(r,j) y_(r,j),d        emissions embodied in J's final
                                                                  products made in r bought by d
    upstream    u = s^ L v,  v = y_J (basis "final_demand", additive: sum u = sum embodied)
                             or x_J (basis "output": embodied in J's gross output; counts the
                             same upstream emission once per downstream user, not additive
                             across sectors)

Rows of D sum to direct_r, rows of P to embodied_r (destinations include the pseudo-regions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.mrio.core.accounts import Prepared
from alcarbon.mrio.core.model import sector_of_nodes


def target_mask(p: Prepared, sectors: str | Sequence[str]) -> np.ndarray:
    """Boolean mask of the producing nodes whose sector is in ``sectors``."""
    wanted = [sectors] if isinstance(sectors, str) else list(sectors)
    unknown = [s for s in wanted if s not in p.table.sectors]
    if unknown or not wanted:
        raise InputError(f"unknown target sector(s) {unknown or wanted}", where="target sector",
                         expected="labels from the table's sector list: "
                         + ", ".join(p.table.sectors[:8]) + ", ...")
    idx = [p.table.sectors.index(s) for s in wanted]
    return np.isin(sector_of_nodes(p.table), idx)


def _by_region(p: Prepared, values: np.ndarray) -> np.ndarray:
    t = p.table
    return values.reshape(len(t.regions), len(t.sectors), *values.shape[1:]).sum(axis=1)


def direct_vs_embodied(p: Prepared, sectors: str | Sequence[str]) -> pd.DataFrame:
    """Per region: direct, embodied and net (= direct - embodied) emissions of the target."""
    J = target_mask(p, sectors)
    y = p.Yd.sum(axis=1)
    direct = _by_region(p, np.where(J, p.satellite.F, 0.0))
    embodied = _by_region(p, np.where(J, p.m * y, 0.0))
    out = pd.DataFrame({"direct": direct, "embodied": embodied},
                       index=pd.Index(p.table.regions, name="region"))
    out["net_outflow"] = out["direct"] - out["embodied"]
    return out


def sector_flows(p: Prepared, sectors: str | Sequence[str],
                 perspective: str = "production") -> pd.DataFrame:
    """Region x destination embodied flows of the target (see module docstring)."""
    J = target_mask(p, sectors)
    if perspective == "production":
        W = np.where(J[:, None], p.s[:, None] * p.LYd, 0.0)
    elif perspective == "product":
        W = np.where(J[:, None], p.m[:, None] * p.Yd, 0.0)
    else:
        raise InputError(f"unknown perspective {perspective!r}", where="sector flows",
                         expected="'production' or 'product'")
    return pd.DataFrame(_by_region(p, W), index=pd.Index(p.table.regions, name="producing"),
                        columns=pd.Index(p.table.destinations(), name="consuming"))


def net_position(flows: pd.DataFrame) -> pd.DataFrame:
    """Interregional outflow (row sum off the diagonal), inflow (column sum) and net outflow."""
    regions = list(flows.index)
    sq = flows.loc[regions, regions].to_numpy()
    off = sq - np.diag(np.diag(sq))
    out = pd.DataFrame({"outflow": off.sum(axis=1), "inflow": off.sum(axis=0)},
                       index=pd.Index(regions, name="region"))
    out["net_outflow"] = out["outflow"] - out["inflow"]
    return out


@dataclass(frozen=True)
class Upstream:
    """Upstream decomposition u = s^ L v of the target's embodied emissions."""

    by_node: pd.Series
    basis: str

    @property
    def by_sector(self) -> pd.Series:
        return self.by_node.groupby(level="sector", sort=False).sum().sort_values(ascending=False)

    @property
    def by_region(self) -> pd.Series:
        return self.by_node.groupby(level="region", sort=False).sum().sort_values(ascending=False)

    @property
    def total(self) -> float:
        return float(self.by_node.sum())


def upstream_decomposition(p: Prepared, sectors: str | Sequence[str],
                           basis: str = "final_demand",
                           region: str | None = None) -> Upstream:
    """Embodied emissions of the target split by source (region, sector): u = s^ L v.

    ``region`` restricts the target to the target sectors of one region.
    """
    J = target_mask(p, sectors)
    if region is not None:
        if region not in p.table.regions:
            raise InputError(f"unknown region {region!r}", where="upstream decomposition",
                             expected="one of " + ", ".join(p.table.regions))
        J &= np.repeat(np.array(p.table.regions) == region, len(p.table.sectors))
    if basis == "final_demand":
        v = np.where(J, p.Yd.sum(axis=1), 0.0)
    elif basis == "output":
        v = np.where(J, p.x, 0.0)
    else:
        raise InputError(f"unknown basis {basis!r}", where="upstream decomposition",
                         expected="'final_demand' or 'output'")
    u = p.s * p.solver.solve(v)
    return Upstream(pd.Series(u, index=p.table.index, name="embodied"), basis)
