"""Network metrics and the disparity filter on a small hand-made flow matrix."""

import pandas as pd
import pytest

from alcarbon.mrio.core.network import (
    backbone,
    centrality,
    disparity_alpha,
    rank_critical,
    top_flows,
    top_paths,
    transfer_graph,
)


@pytest.fixture
def E():
    # rows emit for columns; diagonal is ignored by the network
    return pd.DataFrame([[50, 8, 1, 1], [0, 40, 6, 0], [2, 0, 30, 4], [0, 0, 0, 10]],
                        index=list("ABCD"), columns=list("ABCD"), dtype=float)


def test_strength_degree(E):
    G = transfer_graph(E)
    m = centrality(G)
    # A sends 8 + 1 + 1 = 10, receives 2 (from C); D sends nothing, receives 1 + 4 = 5
    assert m.loc["A", "out_strength"] == 10 and m.loc["A", "in_strength"] == 2
    assert m.loc["D", "out_strength"] == 0 and m.loc["D", "in_strength"] == 5
    assert m.loc["A", "out_degree"] == 3 and m.loc["B", "in_degree"] == 1
    assert m["pagerank"].sum() == pytest.approx(1.0)


def test_disparity_alpha_by_hand(E):
    a = disparity_alpha(transfer_graph(E)).set_index(["source", "target"])
    # A -> B: p_out = 8/10, k_out(A) = 3 -> alpha_out = (1 - 0.8)^2 = 0.04;
    #         in-end: B receives only from A (k_in = 1) -> kept on that end (alpha_in = 0)
    assert a.loc[("A", "B"), "alpha_out"] == pytest.approx(0.04)
    assert a.loc[("A", "B"), "alpha_in"] == 0.0
    # A -> C: p_out = 1/10 -> (0.9)^2 = 0.81; C receives 1 (A) + 6 (B): p_in = 1/7, k_in = 2
    #         -> alpha_in = 6/7
    assert a.loc[("A", "C"), "alpha_out"] == pytest.approx(0.81)
    assert a.loc[("A", "C"), "alpha_in"] == pytest.approx(6 / 7)
    B = backbone(transfer_graph(E), alpha=0.05)
    assert B.has_edge("A", "B") and not B.has_edge("A", "C")


def test_rankings_and_paths(E):
    tf = top_flows(E, k=2)
    assert tf[["source", "target"]].values.tolist() == [["A", "B"], ["B", "C"]]
    # interregional total = 8+1+1+6+2+4 = 22 -> 8/22
    assert tf.loc[0, "share_of_interregional"] == pytest.approx(8 / 22)
    G = transfer_graph(E)
    paths = top_paths(G, "A", "C", k=2)
    # A->B->C distance 1/8 + 1/6 = 0.2917 beats A->C at 1/1
    assert paths.loc[0, "path"] == "A -> B -> C"
    assert paths.loc[0, "bottleneck"] == 6
    r = rank_critical(centrality(G))
    assert r["rank"].tolist() == list(range(1, 5))


def test_top_paths_hop_limit_matches_brute_force():
    # Reference: every simple path of at most max_hops links (networkx all_simple_paths with a
    # cutoff), sorted by sum(1/w).  With max_hops = 1 only the direct link qualifies; filtering
    # an unrestricted k-shortest-paths generator enumerated every simple path of the complete
    # 14-node graph (it did not finish in 20 s).
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(1)
    names = [f"P{i}" for i in range(14)]
    G = transfer_graph(pd.DataFrame(rng.lognormal(size=(14, 14)), index=names, columns=names))
    for hops in (1, 2, 3):
        ref = sorted((sum(1 / G[a][b]["weight"] for a, b in zip(p[:-1], p[1:], strict=True)), p)
                     for p in nx.all_simple_paths(G, "P0", "P1", cutoff=hops))[:5]
        got = top_paths(G, "P0", "P1", k=5, max_hops=hops)
        assert got["path"].tolist() == [" -> ".join(p) for _, p in ref]
        assert got["distance"].to_numpy() == pytest.approx([d for d, _ in ref], rel=1e-12)
        assert (got["hops"] <= hops).all()
    assert top_paths(G, "P0", "P1", k=5, max_hops=1)["path"].tolist() == ["P0 -> P1"]


def test_transfer_graph_records_dropped_negative_flows():
    """B -> C is -2 (negative final demand): not an edge, but counted (1) and summed (-2)."""
    import pandas as pd

    from alcarbon.mrio.core.network import transfer_graph

    E = pd.DataFrame([[9.0, 3.0, 1.0], [0.5, 7.0, -2.0], [0.0, 4.0, 5.0]],
                     index=list("ABC"), columns=list("ABC"))
    G = transfer_graph(E)
    assert sorted(G.edges) == [("A", "B"), ("A", "C"), ("B", "A"), ("C", "B")]
    assert G.graph["dropped_negative"] == 1 and G.graph["dropped_negative_sum"] == -2.0
