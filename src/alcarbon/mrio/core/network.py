"""The directed weighted embodied-carbon transfer network between regions (networkx).

Edge r -> d carries w_rd = E_rd (emissions in r driven by final demand in d, or any other
region x region flow matrix), r != d, w > 0.  Distances for shortest-path measures are
d_rd = 1 / w_rd (a large flow is a short distance).  The disparity filter follows Serrano,
Boguna & Vespignani 2009 (PNAS 106:6483): alpha_rd = (1 - p_rd)^(k - 1) with p = w / strength,
tested from the source (out) and the target (in) end; an edge is kept when either test passes
("or" rule, as in Xu & Liang 2019).  Nodes of degree 1 keep their edge on that end (a
documented choice: alpha would be 1 by the formula, and dropping it would isolate the node).
"""

from __future__ import annotations

import heapq
import math

import networkx as nx
import numpy as np
import pandas as pd

from alcarbon.errors import InputError


def transfer_graph(E: pd.DataFrame, min_weight: float = 0.0) -> nx.DiGraph:
    """DiGraph of the off-diagonal flows above ``min_weight`` of a square region x region matrix.

    Negative off-diagonal flows (possible with negative final demand such as inventory changes)
    cannot be edge weights; their count and sum are kept in ``G.graph["dropped_negative"]`` and
    ``G.graph["dropped_negative_sum"]`` so a report can state them."""
    regions = [r for r in E.index if r in E.columns]
    if not regions:
        raise InputError("flow matrix has no region on both axes", where="transfer network",
                         expected="rows producing regions, columns consuming regions")
    W = E.loc[regions, regions].to_numpy(dtype=float)
    off = ~np.eye(len(regions), dtype=bool)
    neg = (W < 0) & off
    G = nx.DiGraph(dropped_negative=int(neg.sum()), dropped_negative_sum=float(W[neg].sum()))
    G.add_nodes_from(regions)
    src, dst = np.nonzero((W > min_weight) & off)
    G.add_weighted_edges_from(
        (regions[a], regions[b], float(W[a, b])) for a, b in zip(src, dst, strict=True))
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    return G


def centrality(G: nx.DiGraph, seed: int = 0) -> pd.DataFrame:
    """Node metrics: in/out/total strength (weight sums), in/out degree, betweenness and
    closeness (on distance 1/w), eigenvector centrality and PageRank (on weight), community.

    Directed conventions (networkx): closeness is in-closeness (distances from the other
    regions to this one, i.e. how directly it receives embodied carbon); eigenvector centrality
    is the left eigenvector (in-edges); PageRank follows the flows r -> d."""
    nodes = list(G.nodes)
    df = pd.DataFrame(index=pd.Index(nodes, name="region"))
    df["out_strength"] = [G.out_degree(v, weight="weight") for v in nodes]
    df["in_strength"] = [G.in_degree(v, weight="weight") for v in nodes]
    df["strength"] = df["out_strength"] + df["in_strength"]
    df["out_degree"] = [G.out_degree(v) for v in nodes]
    df["in_degree"] = [G.in_degree(v) for v in nodes]
    if G.number_of_edges() == 0:
        for c in ("betweenness", "closeness", "eigenvector", "pagerank"):
            df[c] = 0.0
        df["community"] = range(len(nodes))
        return df
    bc = nx.betweenness_centrality(G, weight="distance", normalized=True)
    cc = nx.closeness_centrality(G, distance="distance")
    try:
        ev = nx.eigenvector_centrality_numpy(G, weight="weight")
    except (nx.NetworkXException, ValueError, ArithmeticError):
        ev = dict.fromkeys(nodes, np.nan)
    pr = nx.pagerank(G, weight="weight")
    df["betweenness"] = [bc[v] for v in nodes]
    df["closeness"] = [cc[v] for v in nodes]
    df["eigenvector"] = [abs(ev[v]) for v in nodes]
    df["pagerank"] = [pr[v] for v in nodes]
    comm = communities(G, seed=seed)
    df["community"] = [comm[v] for v in nodes]
    return df


def communities(G: nx.DiGraph, seed: int = 0) -> dict[str, int]:
    """Louvain communities of the symmetrised network (w_rd + w_dr), numbered by size."""
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    for a, b, d in G.edges(data=True):
        w = d["weight"] + (U[a][b]["weight"] if U.has_edge(a, b) else 0.0)
        U.add_edge(a, b, weight=w)
    parts = nx.community.louvain_communities(U, weight="weight", seed=seed)
    parts = sorted(parts, key=lambda c: (-len(c), sorted(c)))
    return {v: k for k, part in enumerate(parts) for v in part}


def disparity_alpha(G: nx.DiGraph) -> pd.DataFrame:
    """alpha_out and alpha_in of every edge (Serrano et al. 2009, eq. 2)."""
    rows = []
    for a, b, d in G.edges(data=True):
        w = d["weight"]
        k_out, s_out = G.out_degree(a), G.out_degree(a, weight="weight")
        k_in, s_in = G.in_degree(b), G.in_degree(b, weight="weight")
        a_out = 0.0 if k_out <= 1 else (1.0 - w / s_out) ** (k_out - 1)
        a_in = 0.0 if k_in <= 1 else (1.0 - w / s_in) ** (k_in - 1)
        rows.append((a, b, w, a_out, a_in))
    return pd.DataFrame(rows, columns=["source", "target", "weight", "alpha_out", "alpha_in"])


def backbone(G: nx.DiGraph, alpha: float = 0.05) -> nx.DiGraph:
    """Disparity-filter backbone: edges with min(alpha_out, alpha_in) < alpha."""
    if not 0 < alpha <= 1:
        raise InputError(f"alpha = {alpha}", where="backbone", expected="0 < alpha <= 1")
    B = nx.DiGraph()
    B.add_nodes_from(G.nodes)
    for row in disparity_alpha(G).itertuples(index=False):
        if min(row.alpha_out, row.alpha_in) < alpha:
            B.add_edge(row.source, row.target, **G[row.source][row.target])
    return B


def backbone_summary(G: nx.DiGraph, B: nx.DiGraph) -> dict[str, float]:
    """Share of edges, of total weight and of non-isolated nodes kept by a backbone."""
    wG = G.size(weight="weight")
    active = [v for v in B.nodes if B.degree(v) > 0]
    return {
        "edges": B.number_of_edges(),
        "edge_share": B.number_of_edges() / max(G.number_of_edges(), 1),
        "weight_share": B.size(weight="weight") / wG if wG else 0.0,
        "node_share": len(active) / max(G.number_of_nodes(), 1),
    }


def rank_critical(metrics: pd.DataFrame,
                  columns: tuple[str, ...] = ("strength", "betweenness", "pagerank",
                                              "eigenvector")) -> pd.DataFrame:
    """Critical regions: mean of the ranks (1 = highest) over ``columns``; sorted."""
    ranks = metrics[list(columns)].rank(ascending=False, method="min")
    out = metrics.copy()
    out["mean_rank"] = ranks.mean(axis=1)
    out = out.sort_values(["mean_rank", "strength"], ascending=[True, False])
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def top_flows(E: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """The k largest off-diagonal transfers r -> d of a region x region matrix."""
    G = transfer_graph(E)
    edges = sorted(G.edges(data="weight"), key=lambda e: -e[2])[:k]
    total = G.size(weight="weight")
    return pd.DataFrame(
        [(a, b, w, w / total if total else math.nan) for a, b, w in edges],
        columns=["source", "target", "weight", "share_of_interregional"])


def top_paths(G: nx.DiGraph, source: str, target: str, k: int = 5,
              max_hops: int = 4) -> pd.DataFrame:
    """The k strongest routes source -> target of at most ``max_hops`` links: simple paths
    ordered by total distance sum(1/w), with their weakest link (bottleneck flow).

    Best-first (A*) search over partial simple paths with the exact remaining distance
    (Dijkstra to the target) as heuristic and the hop limit applied while searching, so the
    search never walks through paths longer than ``max_hops`` (filtering the output of an
    unrestricted k-shortest-paths generator could enumerate every simple path of the graph).
    """
    for v in (source, target):
        if v not in G:
            raise InputError(f"unknown region {v!r}", where="top paths",
                             expected="a node of the transfer network")
    cols = ["path", "hops", "bottleneck", "distance"]
    if source == target or k < 1 or max_hops < 1:
        return pd.DataFrame([], columns=cols)
    R = G.reverse(copy=False)
    h = nx.single_source_dijkstra_path_length(R, target, weight="distance")
    hops_left = nx.single_source_shortest_path_length(R, target)
    rows: list[tuple] = []
    heap: list[tuple[float, float, tuple[str, ...]]] = []
    if source in h and hops_left[source] <= max_hops:
        heap.append((h[source], 0.0, (source,)))
    while heap and len(rows) < k:
        _, g, path = heapq.heappop(heap)
        v = path[-1]
        if v == target:
            ws = [G[a][b]["weight"] for a, b in zip(path[:-1], path[1:], strict=True)]
            rows.append((" -> ".join(path), len(path) - 1, min(ws), g))
            continue
        for u, d in G[v].items():
            if u in path or u not in h or len(path) + hops_left[u] > max_hops:
                continue
            gu = g + d["distance"]
            heapq.heappush(heap, (gu + h[u], gu, (*path, u)))
    return pd.DataFrame(rows, columns=cols)


def network_summary(G: nx.DiGraph) -> dict[str, float]:
    """Density, reciprocity and weighted totals of the network."""
    return {
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "density": nx.density(G),
        "reciprocity": nx.reciprocity(G) if G.number_of_edges() else 0.0,
        "total_weight": G.size(weight="weight"),
    }
