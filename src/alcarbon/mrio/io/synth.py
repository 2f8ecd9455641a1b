"""Synthetic MRIO systems (seeded) for tests, benchmarks and demos.

SYNTHETIC: every number here is random.  Nothing describes a real economy; files written from
these systems carry "synthetic" in their names and notes.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from alcarbon.mrio.core.model import IOTable, Satellite

FD_CATEGORIES = ("FU101", "FU102", "FU103", "FU201", "FU202")


def random_Z(n_regions: int, n_sectors: int, *, block_density: float = 0.3,
             trade_density: float = 0.005, seed: int = 0) -> sp.csr_matrix:
    """Sparse positive intermediate flows with a dense-ish diagonal block per region.

    Domestic blocks hold ``block_density`` of their entries, inter-regional blocks
    ``trade_density``; values are lognormal (synthetic money units).
    """
    rng = np.random.default_rng(seed)
    R, S = n_regions, n_sectors
    n = R * S
    rows, cols, vals = [], [], []
    k_dom = int(round(block_density * S * S))
    for r in range(R):
        flat = rng.choice(S * S, size=k_dom, replace=False)
        rows.append(r * S + flat // S)
        cols.append(r * S + flat % S)
        vals.append(rng.lognormal(0.0, 1.0, k_dom) * 5.0)
    k_trade = int(round(trade_density * n * n))
    tr = rng.integers(0, n, k_trade)
    tc = rng.integers(0, n, k_trade)
    off = (tr // S) != (tc // S)
    rows.append(tr[off])
    cols.append(tc[off])
    vals.append(rng.lognormal(0.0, 1.0, int(off.sum())))
    Z = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(n, n))
    return Z.tocsr()  # duplicates are summed


def random_system(n_regions: int = 3, n_sectors: int = 4, *, n_categories: int = 3,
                  block_density: float = 0.3, trade_density: float = 0.005,
                  max_colsum: float = 0.85, seed: int = 0, dense: bool = False
                  ) -> tuple[IOTable, Satellite]:
    """A productive random MRIO with one emission stressor (SYNTHETIC).

    Final demand is raised where needed so that every column sum of A is <= ``max_colsum``:
    x_j = z_j. + y_j >= z_.j / max_colsum.
    """
    rng = np.random.default_rng(seed + 1)
    R, S = n_regions, n_sectors
    n = R * S
    Z = random_Z(R, S, block_density=block_density, trade_density=trade_density, seed=seed)
    regions = tuple(f"R{r + 1:02d}" for r in range(R))
    sectors = tuple(f"S{s + 1:03d}" for s in range(S))
    m = R * n_categories
    Y = np.zeros((n, m))
    for r in range(R):  # each region buys mostly domestic final goods
        for c in range(n_categories):
            col = r * n_categories + c
            Y[:, col] = rng.lognormal(0.0, 1.0, n) * 0.2
            Y[r * S:(r + 1) * S, col] += rng.lognormal(0.0, 1.0, S) * 3.0
    zrow = np.asarray(Z.sum(axis=1)).ravel()
    zcol = np.asarray(Z.sum(axis=0)).ravel()
    need = zcol / max_colsum - zrow - Y.sum(axis=1)
    top = np.maximum(need, 0.0)
    for r in range(R):
        Y[r * S:(r + 1) * S, r * n_categories] += top[r * S:(r + 1) * S]
    x = zrow + Y.sum(axis=1)
    intensity = rng.lognormal(-1.0, 1.2, n)
    F = intensity * x * 1e-3
    F_Y = np.zeros(m)
    F_Y[::n_categories] = rng.lognormal(0.0, 0.5, R) * F.sum() * 0.01
    cats = tuple(f"C{c + 1}" for c in range(n_categories))
    table = IOTable(
        Z=Z.toarray() if dense else Z, Y=Y, regions=regions, sectors=sectors,
        fd_regions=tuple(r for r in regions for _ in cats),
        fd_categories=cats * R, x=None, unit="synthetic money",
        meta={"synthetic": True, "seed": seed},
    )
    return table, Satellite(F=F, F_Y=F_Y, name="CO2", unit="synthetic t",
                            meta={"synthetic": True})
