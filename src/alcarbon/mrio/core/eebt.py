"""Emissions embodied in bilateral trade (EEBT) and its reconciliation with the MRIO accounts.

Peters 2008, "From production-based to consumption-based national emission inventories",
Ecological Economics 65:13-23, section 3 (EEBT) and section 4 (MRIO); notation of
research/china-mrio.md section 5.3:

    m_r^dom' = f_r' (I - A_rr)^-1       domestic multipliers of region r (f_r = F_r / x_r, the
                                         direct intensities of r's sectors; A_rr r's own block)
    t^rs     = Z_rs 1 + Y_rs 1  (s != r) gross bilateral exports, intermediate AND final
    EEBT^rs  = m_r^dom' t^rs            emissions of r embodied in its exports to s

Production is conserved: x_r = A_rr x_r + y_rr + sum_{s!=r} t^rs, so
F_r 1 = m_r^dom' (y_rr + sum_{s!=r} t^rs) -- every tonne of r is charged to exactly one
destination, r itself included.  The consumption-based inventory is then
CBA^EEBT_s = PBA_s - sum_{d!=s} EEBT^sd + sum_{r!=s} EEBT^rs (exports abroad and the balancing
column count as destinations d that never import back).  EEBT stops at the first border: an
intermediate export is charged to the importer even when it ends in a third region's final
demand; the MRIO account (``consumption_account``) traces it on.  Over all regions and
pseudo-destinations both assign the same total, region by region they differ; the
reconciliation table states the difference.

Using the full MRIO multipliers m' = s'L on t^rs would count intermediate trade twice
(Peters 2008 section 3; research/china-mrio.md 5.3): not offered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.linalg as sla
import scipy.sparse as sp

from alcarbon.errors import CalculationError
from alcarbon.mrio.core.accounts import (
    F_Y_by_destination,
    Prepared,
    consumption_account,
    production_account,
)


def domestic_multipliers(p: Prepared) -> np.ndarray:
    """m^dom per producing node: each region's (I - A_rr)' m_r = f_r solved on its own block
    (emission unit per money unit)."""
    t = p.table
    R, S = len(t.regions), len(t.sectors)
    Z = sp.csr_matrix(t.Z) if sp.issparse(t.Z) else np.asarray(t.Z, dtype=float)
    xi = np.where(p.x != 0, 1.0 / np.where(p.x != 0, p.x, 1.0), 0.0)
    out = np.empty(t.n)
    for r in range(R):
        blk = slice(r * S, (r + 1) * S)
        Zrr = Z[blk, blk]
        # A_rr = Z_rr x_r^-1 from Z's own block (the full A is never needed here)
        M = np.eye(S) - (Zrr.toarray() if sp.issparse(Zrr) else Zrr) * xi[None, blk]
        try:
            out[blk] = sla.solve(M.T, p.s[blk], check_finite=False)
        except (sla.LinAlgError, ValueError) as exc:
            raise CalculationError(f"I - A_rr of region {t.regions[r]!r} is singular ({exc})",
                                   where="EEBT domestic multipliers") from None
    return out


def bilateral_exports(p: Prepared) -> np.ndarray:
    """t[node, d] = gross deliveries of a node to destination d (money unit): Z to d's sectors
    plus Y to d's final demand; for the producing region's own column only its final demand
    y_rr (its intermediate use stays inside the domestic Leontief inverse)."""
    t = p.table
    R, S = len(t.regions), len(t.sectors)
    # intermediate sales of each node to each region: Z C with C the node -> region indicator
    Z = p.table.Z
    if sp.issparse(Z):
        C = sp.csr_matrix((np.ones(t.n), (np.arange(t.n), np.repeat(np.arange(R), S))),
                          shape=(t.n, R))
        Zd = (sp.csr_matrix(Z) @ C).toarray()
    else:
        Zd = np.asarray(Z, dtype=float).reshape(t.n, R, S).sum(axis=2)
    T = p.Yd.copy()
    own = np.repeat(np.arange(R), S)
    Zd[np.arange(t.n), own] = 0.0
    T[:, :R] += Zd
    return T


def eebt_flows(p: Prepared) -> pd.DataFrame:
    """EEBT^rd: rows producing region, columns destinations (regions, then pseudo-regions
    such as Export/Others).  The diagonal holds m_r^dom' y_rr, r's emissions for its own final
    demand; each row sums to r's direct emissions of producing nodes."""
    t = p.table
    md = domestic_multipliers(p)
    W = md[:, None] * bilateral_exports(p)
    E = W.reshape(len(t.regions), len(t.sectors), -1).sum(axis=1)
    return pd.DataFrame(E, index=pd.Index(t.regions, name="producing"),
                        columns=pd.Index(t.destinations(), name="consuming"))


def reconciliation(p: Prepared, eebt: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per region (emission unit), with a final ``total`` row:

    PBA, EEBT_exports (sum_{d!=r} EEBT^rd, pseudo-destinations included), EEBT_imports
    (sum_{r'!=r} EEBT^r'r), CBA_EEBT = PBA - exports + imports, CBA_MRIO (m'y_r + F_Y,r),
    MRIO_balance = PBA - CBA_MRIO (emissions embodied in net exports by MRIO),
    EEBT_balance = exports - imports, difference = CBA_EEBT - CBA_MRIO.
    """
    t = p.table
    R = len(t.regions)
    E = eebt_flows(p) if eebt is None else eebt
    W = E.to_numpy()
    off = W.copy()
    off[np.arange(R), np.arange(R)] = 0.0
    out = pd.DataFrame(index=pd.Index(t.regions, name="region"))
    out["PBA"] = production_account(p)
    out["EEBT_exports"] = off.sum(axis=1)
    out["EEBT_imports"] = off[:, :R].sum(axis=0)
    out["CBA_EEBT"] = out["PBA"] - out["EEBT_exports"] + out["EEBT_imports"]
    out["CBA_MRIO"] = consumption_account(p)
    out["EEBT_balance"] = out["EEBT_exports"] - out["EEBT_imports"]
    out["MRIO_balance"] = out["PBA"] - out["CBA_MRIO"]
    out["difference"] = out["CBA_EEBT"] - out["CBA_MRIO"]
    out.loc["total"] = out.sum(axis=0)
    return out


def pseudo_attribution(p: Prepared, eebt: pd.DataFrame | None = None) -> pd.DataFrame:
    """Emissions assigned to each pseudo-destination (exports abroad, balancing column) by
    EEBT and by MRIO: where the national totals of the two views differ."""
    t = p.table
    R = len(t.regions)
    E = eebt_flows(p) if eebt is None else eebt
    cba = consumption_account(p, include_pseudo=True)
    fy = F_Y_by_destination(t, p.satellite)
    dest = list(t.destinations())[R:]
    return pd.DataFrame({"EEBT": [float(E[d].sum()) for d in dest],
                         "MRIO": [float(cba[d] - fy[R + k]) for k, d in enumerate(dest)]},
                        index=pd.Index(dest, name="destination"))
