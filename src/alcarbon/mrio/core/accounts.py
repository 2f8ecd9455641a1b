"""Production- and consumption-based accounts and the embodied-emission flow matrix.

With s = F / x, m' = s' L and y_d = final demand of destination d (summed over categories):

    PBA_r   = sum_{i in r} F_i + F_Y,r                       (production-based, territorial)
    CBA_d   = m' y_d + F_Y,d                                  (consumption-based, footprint)
    Q       = s^ L [y_1 ... y_D]                              (n x D, sector detail)
    E_rd    = sum_{i in r} Q_id                               (emitted in r, driven by d)
    N_rd    = E_rd - E_dr                                     (net transfer r -> d)

Destinations are the table's regions followed by pseudo-regions (exports abroad, balancing
"Others"), so that sum_d E_rd = sum_{i in r} F_i and sum_r E_rd = m' y_d (closure; see
research/china-mrio.md section 5.1).  Units: the satellite's emission unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from alcarbon.mrio.core.leontief import LeontiefSolver, calc_A, calc_S
from alcarbon.mrio.core.model import IOTable, Satellite, region_of_nodes


@dataclass
class Prepared:
    """x, A, s and a factorised (I - A) for one table and satellite (computed once)."""

    table: IOTable
    satellite: Satellite
    method: str = "auto"
    tol: float = 1e-13
    x: np.ndarray = field(init=False)
    s: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.satellite.check(self.table)
        self.x = self.table.output()
        self.s = calc_S(self.satellite.F, self.x)

    @cached_property
    def A(self):
        return calc_A(self.table.Z, self.x)

    @cached_property
    def solver(self) -> LeontiefSolver:
        # right-hand sides: the multipliers (one transposed solve) and one per destination
        return LeontiefSolver(self.A, method=self.method, tol=self.tol,
                              rhs=1 + len(self.table.destinations()))

    @cached_property
    def m(self) -> np.ndarray:
        """Multipliers m' = s' L (emission unit per money unit)."""
        return self.solver.solve_T(self.s)

    @cached_property
    def Yd(self) -> np.ndarray:
        return self.table.Y_by_destination()

    @cached_property
    def LYd(self) -> np.ndarray:
        """L [y_1 ... y_D] (n x D): output in each node driven by each destination."""
        return self.solver.solve(self.Yd)


def F_Y_by_destination(table: IOTable, satellite: Satellite) -> np.ndarray:
    """Direct final-demand emissions F_Y summed per destination (len(destinations()))."""
    dest = table.destinations()
    out = np.zeros(len(dest))
    if satellite.F_Y is None:
        return out
    pos = {d: k for k, d in enumerate(dest)}
    np.add.at(out, [pos[d] for d in table.fd_regions], satellite.F_Y)
    return out


def production_account(p: Prepared) -> pd.Series:
    """PBA_r = sum_{i in r} F_i + F_Y,r per region (emission unit)."""
    t = p.table
    pba = np.bincount(region_of_nodes(t), weights=p.satellite.F, minlength=len(t.regions))
    fy = F_Y_by_destination(t, p.satellite)[: len(t.regions)]
    return pd.Series(pba + fy, index=pd.Index(t.regions, name="region"), name="PBA")


def consumption_account(p: Prepared, include_pseudo: bool = False) -> pd.Series:
    """CBA_d = m' y_d + F_Y,d per consuming region (emission unit).

    One transposed solve for m; the rest is a matrix-vector product.  With
    ``include_pseudo`` the exports-abroad and balancing columns are listed too.
    """
    t = p.table
    cba = p.m @ p.Yd + F_Y_by_destination(t, p.satellite)
    s = pd.Series(cba, index=pd.Index(t.destinations(), name="region"), name="CBA")
    return s if include_pseudo else s.iloc[: len(t.regions)]


def footprint_by_region_sector(p: Prepared) -> pd.DataFrame:
    """Footprint of destination d from final demand for products of sector j (any origin).

    D_cba[d, j] = sum_r m_(r,j) y_(r,j),d  (pymrio's D_cba per stressor, without F_Y).
    Rows: producing sector j; columns: destination d.
    """
    t = p.table
    R, S = len(t.regions), len(t.sectors)
    contrib = (p.m[:, None] * p.Yd).reshape(R, S, -1).sum(axis=0)
    return pd.DataFrame(contrib, index=pd.Index(t.sectors, name="sector"),
                        columns=pd.Index(t.destinations(), name="destination"))


def embodied_flows_detail(p: Prepared) -> pd.DataFrame:
    """Q = s^ L [y_1 ... y_D]: emissions in node (r, i) driven by final demand of d."""
    Q = p.s[:, None] * p.LYd
    return pd.DataFrame(Q, index=p.table.index,
                        columns=pd.Index(p.table.destinations(), name="destination"))


def embodied_flows(p: Prepared, include_pseudo: bool = True) -> pd.DataFrame:
    """E_rd = sum_{i in r} s_i (L y_d)_i: rows producing region, columns consuming region."""
    t = p.table
    Q = p.s[:, None] * p.LYd
    E = Q.reshape(len(t.regions), len(t.sectors), -1).sum(axis=1)
    df = pd.DataFrame(E, index=pd.Index(t.regions, name="producing"),
                      columns=pd.Index(t.destinations(), name="consuming"))
    return df if include_pseudo else df.iloc[:, : len(t.regions)]


def net_transfers(E: pd.DataFrame) -> pd.DataFrame:
    """N_rd = E_rd - E_dr between the table's regions (positive: r emits for d, net)."""
    regions = [r for r in E.index if r in E.columns]
    sq = E.loc[regions, regions].to_numpy()
    return pd.DataFrame(sq - sq.T, index=pd.Index(regions, name=E.index.name),
                        columns=pd.Index(regions, name=E.columns.name))


def balance(p: Prepared) -> pd.DataFrame:
    """Per region: PBA, CBA, emissions embodied in exports to other regions and imports from
    them (E_rd, d != r, and E_dr), net interprovincial outflow, exports abroad (emission unit)."""
    t = p.table
    E = embodied_flows(p, include_pseudo=True)
    R = len(t.regions)
    sq = E.iloc[:, :R].to_numpy()
    off = sq - np.diag(np.diag(sq))
    out = pd.DataFrame(index=pd.Index(t.regions, name="region"))
    out["PBA"] = production_account(p)
    out["CBA"] = consumption_account(p)
    out["outflow"] = off.sum(axis=1)
    out["inflow"] = off.sum(axis=0)
    out["net_outflow"] = out["outflow"] - out["inflow"]
    for col in E.columns[R:]:
        out[f"to_{col}"] = E[col].to_numpy()
    return out
