"""Whole-network indices of the Chinese SNA literature on embodied-carbon networks.

The flow matrix W (region x region, diagonal ignored) is first made binary: a tie r -> d when
w_rd exceeds a threshold.  ``threshold="row_mean"`` (the default) keeps w_rd > mean_{d'!=r}
w_rd', the rule of the spatial-association papers (e.g. Liu Huajun, Liu Chuanming & Sun Yanan
2015, 中国工业经济 2015(5):83-95, gravity-model matrix cut at its row means; bibliographic
details from memory); ``"mean"`` cuts at the mean off-diagonal flow, a number at that value.

With N nodes, L directed ties, and reachability taken along directed paths:

    density        L / (N (N - 1))
    connectedness  1 - V / (N (N - 1) / 2), V = unordered pairs joined by no path in either
                   direction in the underlying undirected graph (关联度; Krackhardt 1994)
    hierarchy      1 - K / max K, K = unordered pairs reachable both ways, max K = pairs
                   reachable at least one way (等级度; Krackhardt 1994)
    efficiency     1 - M / max M, M = sum over weak components c of (e_c - (n_c - 1)) undirected
                   links beyond a spanning tree, max M = sum_c (n_c (n_c - 1) / 2 - (n_c - 1))
                   (效率; Krackhardt 1994, counted on the symmetrised graph)
    clustering     mean directed clustering coefficient (Fagiolo 2007, networkx)
    path length    mean hop distance over the ordered pairs that are reachable
    assortativity  out-degree of the source vs in-degree of the target over the ties
                   (Newman 2003 / Foster et al. 2010, networkx)

Krackhardt, D. 1994, "Graph theoretical dimensions of informal organizations", in Carley &
Prietula (eds), Computational Organization Theory, Erlbaum, pp. 89-111.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from alcarbon.errors import InputError


def square_flows(E: pd.DataFrame) -> pd.DataFrame:
    """The region x region part of a flow matrix (rows and columns in the same order)."""
    regions = [r for r in E.index if r in E.columns]
    if len(regions) < 2:
        raise InputError("flow matrix has fewer than 2 regions on both axes",
                         where="network indices", expected="a square region x region matrix")
    return E.loc[regions, regions].astype(float)


def binarise(E: pd.DataFrame, threshold: str | float = "row_mean") -> pd.DataFrame:
    """0/1 tie matrix (int) of the off-diagonal flows above the threshold (see module doc)."""
    W = square_flows(E).to_numpy()
    n = W.shape[0]
    off = ~np.eye(n, dtype=bool)
    if threshold == "row_mean":
        cut = (np.where(off, W, 0.0).sum(axis=1) / (n - 1))[:, None]
    elif threshold == "mean":
        cut = W[off].mean()
    elif isinstance(threshold, (int, float)) and not isinstance(threshold, bool):
        cut = float(threshold)
    else:
        raise InputError(f"threshold {threshold!r}", where="network indices",
                         expected="'row_mean', 'mean' or a number")
    B = ((W > cut) & off).astype(int)
    idx = square_flows(E).index
    return pd.DataFrame(B, index=idx, columns=idx)


def tie_graph(B: pd.DataFrame) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(B.index)
    src, dst = np.nonzero(B.to_numpy())
    G.add_edges_from((B.index[a], B.index[b]) for a, b in zip(src, dst, strict=True))
    return G


def reachability(G: nx.DiGraph) -> np.ndarray:
    """R[i, j] = True when j can be reached from i (i != j) along directed ties."""
    nodes = list(G.nodes)
    pos = {v: k for k, v in enumerate(nodes)}
    R = np.zeros((len(nodes), len(nodes)), dtype=bool)
    for v in nodes:
        for u in nx.descendants(G, v):
            R[pos[v], pos[u]] = True
    return R


def connectedness(G: nx.DiGraph) -> float:
    n = G.number_of_nodes()
    joined = sum(len(c) * (len(c) - 1) / 2 for c in nx.weakly_connected_components(G))
    pairs = n * (n - 1) / 2
    return 1.0 - (pairs - joined) / pairs


def hierarchy(G: nx.DiGraph) -> float:
    R = reachability(G)
    iu = np.triu_indices(R.shape[0], 1)
    both = int((R & R.T)[iu].sum())
    either = int((R | R.T)[iu].sum())
    return math.nan if either == 0 else 1.0 - both / either


def efficiency(G: nx.DiGraph) -> float:
    U = G.to_undirected(as_view=False)
    m = maxm = 0.0
    for c in nx.connected_components(U):
        k = len(c)
        m += U.subgraph(c).number_of_edges() - (k - 1)
        maxm += k * (k - 1) / 2 - (k - 1)
    return math.nan if maxm == 0 else 1.0 - m / maxm


def average_path_length(G: nx.DiGraph) -> float:
    lengths = [d for v, dist in nx.all_pairs_shortest_path_length(G) for u, d in dist.items()
               if u != v]
    return math.nan if not lengths else float(np.mean(lengths))


def network_indices(E: pd.DataFrame, threshold: str | float = "row_mean") -> pd.Series:
    """Every whole-network index of the module doc on the binarised flows of ``E``."""
    G = tie_graph(binarise(E, threshold))
    ties = G.number_of_edges()
    try:
        with np.errstate(invalid="ignore", divide="ignore"):  # constant degrees: undefined
            assort = (nx.degree_assortativity_coefficient(G, x="out", y="in") if ties
                      else math.nan)
    except (ValueError, ZeroDivisionError):
        assort = math.nan
    return pd.Series({
        "nodes": G.number_of_nodes(), "ties": ties, "density": nx.density(G),
        "connectedness": connectedness(G), "hierarchy": hierarchy(G),
        "efficiency": efficiency(G), "clustering": nx.average_clustering(G),
        "average_path_length": average_path_length(G),
        "assortativity": float(assort), "threshold": str(threshold),
    }, name="value")
