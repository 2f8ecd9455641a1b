"""Every analysis of one table in one call, and several years side by side.

Returns plain pandas objects keyed by name, ready to be written as CSV/xlsx sheets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from alcarbon.mrio.core import accounts, network, spa, target
from alcarbon.mrio.core.model import IOTable, Satellite


def resolve_sectors(table: IOTable, items: str | Sequence[str]) -> list[str]:
    """Sector labels from labels or codes (table.meta["sector_codes"]); "a,b" lists allowed."""
    raw = [items] if isinstance(items, str) else list(items)
    parts = [s.strip() for it in raw for s in str(it).split(",") if s.strip()]
    by_code = {c: lab for lab, c in table.meta.get("sector_codes", {}).items()}
    return [p if p in table.sectors else by_code.get(p, p) for p in parts]


def analyse(table: IOTable, satellite: Satellite, *, sectors: Sequence[str] | str | None = None,
            spa_region: str | None = None, top_k: int = 20, max_depth: int = 6,
            threshold: float = 1e-4, alpha: float = 0.05, method: str = "auto",
            seed: int = 0) -> dict[str, Any]:
    """Accounts, flows, network metrics, backbone, SPA and (when ``sectors`` is given) the
    target-sector analysis.  SPA studies the target's final demand when ``sectors`` is given,
    else the final demand of ``spa_region`` (else of all regions)."""
    p = accounts.Prepared(table, satellite, method=method)
    out: dict[str, Any] = {"prepared": p}
    out["balance"] = accounts.balance(p)
    E = accounts.embodied_flows(p, include_pseudo=True)
    out["flows"] = E
    out["net_transfers"] = accounts.net_transfers(E)
    G = network.transfer_graph(E)
    metrics = network.centrality(G, seed=seed)
    out["centrality"] = network.rank_critical(metrics)
    B = network.backbone(G, alpha=alpha)
    out["backbone"] = pd.DataFrame([(a, b, w) for a, b, w in B.edges(data="weight")],
                                   columns=["source", "target", "weight"])
    out["backbone_summary"] = pd.Series(network.backbone_summary(G, B), name="value")
    out["network_summary"] = pd.Series(network.network_summary(G), name="value")
    out["top_flows"] = network.top_flows(E, k=top_k)
    y = p.Yd.sum(axis=1)
    if sectors is not None:
        names = resolve_sectors(table, sectors)
        out["target_direct_embodied"] = target.direct_vs_embodied(p, names)
        flows_t = target.sector_flows(p, names, "production")
        out["target_flows"] = flows_t
        out["target_product_flows"] = target.sector_flows(p, names, "product")
        out["target_net_position"] = target.net_position(flows_t)
        up = target.upstream_decomposition(p, names)
        out["upstream_by_sector"] = up.by_sector.rename("embodied")
        out["upstream_by_region"] = up.by_region.rename("embodied")
        Gt = network.transfer_graph(flows_t)
        out["target_centrality"] = network.rank_critical(network.centrality(Gt, seed=seed))
        out["target_top_flows"] = network.top_flows(flows_t, k=top_k)
        y = np.where(target.target_mask(p, names), y, 0.0)
    elif spa_region is not None:
        y = p.Yd[:, list(table.destinations()).index(spa_region)]
    res = spa.structural_paths(p.A, p.s, p.m, y, labels=spa.node_labels(table.index),
                               top_k=top_k, max_depth=max_depth, threshold=threshold)
    out["spa"] = res.paths
    out["spa_summary"] = pd.Series({"total": res.total, "top_k_share": res.top_share,
                                    "covered_share": res.covered_share,
                                    "paths_visited": res.visited,
                                    "truncated": res.truncated}, name="value")
    return out


def side_by_side(results: Mapping[str, pd.Series | pd.DataFrame],
                 column: str | None = None) -> pd.DataFrame:
    """One column per year (for a Series, or ``column`` of a DataFrame) on a common index."""
    cols = {}
    for year, obj in results.items():
        cols[str(year)] = obj[column] if column is not None else obj
    return pd.DataFrame(cols)
