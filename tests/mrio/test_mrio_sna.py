"""Whole-network indices, CONCOR block roles and QAP on small graphs solved by hand."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from alcarbon.mrio.core.blocks import block_density, block_roles, concor
from alcarbon.mrio.core.qap import qap_correlation, qap_regression
from alcarbon.mrio.core.sna import binarise, network_indices, tie_graph


def _matrix(nodes, ties):
    M = pd.DataFrame(0.0, index=nodes, columns=nodes)
    for a, b in ties:
        M.loc[a, b] = 1.0
    return M


CYCLE_TAIL = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]


def test_indices_by_hand():
    W = _matrix(list("abcd"), CYCLE_TAIL)
    ix = network_indices(W, threshold=0.5)
    # 4 ties of 4*3 = 12 possible
    assert ix["density"] == pytest.approx(4 / 12)
    # one weak component: no unreachable pair
    assert ix["connectedness"] == pytest.approx(1.0)
    # pairs ab, ac, bc reachable both ways (K = 3); ad, bd, cd one way only -> max K = 6
    assert ix["hierarchy"] == pytest.approx(1 - 3 / 6)
    # undirected links ab bc ca cd = 4, spanning tree 3 -> M = 1; max M = 6 - 3 = 3
    assert ix["efficiency"] == pytest.approx(1 - 1 / 3)
    # hops a->b 1, a->c 2, a->d 3, b->c 1, b->a 2, b->d 2, c->a 1, c->b 2, c->d 1: 15 / 9
    assert ix["average_path_length"] == pytest.approx(15 / 9)
    G = nx.DiGraph(CYCLE_TAIL)
    assert ix["clustering"] == pytest.approx(nx.average_clustering(G))
    # every target has in-degree 1: the degree correlation is undefined
    assert np.isnan(ix["assortativity"])


def test_assortativity_by_hand():
    W = _matrix(list("abcd"), [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    # (out-degree of source, in-degree of target): (3,1) (3,2) (3,1) (1,2)
    # deviations x (.5,.5,.5,-1.5), y (-.5,.5,-.5,.5): cov -1, var 3 and 1 -> r = -1/sqrt(3)
    ix = network_indices(W, threshold=0.5)
    assert ix["assortativity"] == pytest.approx(-1 / np.sqrt(3))


def test_indices_with_isolated_node():
    W = _matrix(list("abcde"), CYCLE_TAIL)
    ix = network_indices(W, threshold=0.5)
    # 10 pairs, 6 inside the component {a,b,c,d}: V = 4 -> 1 - 4/10
    assert ix["connectedness"] == pytest.approx(0.6)
    # e adds no link and no possible redundant link: still 1 - 1/3
    assert ix["efficiency"] == pytest.approx(2 / 3)
    assert ix["density"] == pytest.approx(4 / 20)


def test_binarise_row_mean():
    W = pd.DataFrame([[9, 6, 3, 0], [1, 9, 1, 1], [0, 0, 9, 6], [2, 2, 2, 9]],
                     index=list("abcd"), columns=list("abcd"), dtype=float)
    B = binarise(W)
    # row means off the diagonal: a (6+3+0)/3 = 3 -> a->b only; b 1 -> none (not above);
    # c (0+0+6)/3 = 2 -> c->d; d 2 -> none
    assert sorted(tie_graph(B).edges) == [("a", "b"), ("c", "d")]


def test_concor_splits_senders_from_receivers():
    X = _matrix(list("abcd"), [("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")]).to_numpy()
    # profiles of a and b agree (r = 1), of a and c: (0,1,0,0) vs (0,0,1,0) -> r = -1/3
    blocks = concor(X, depth=2)
    assert blocks[0] == blocks[1] != blocks[2] == blocks[3]


def test_block_roles_by_hand():
    nodes = list("abcdefgh")
    ties = [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "e"), ("d", "f"),
            ("e", "d"), ("e", "f"), ("f", "e"), ("g", "a"), ("h", "a")]
    B = _matrix(nodes, ties).astype(int)
    blocks = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    roles = block_roles(B, blocks)
    # expected internal ratio (2 - 1) / (8 - 1) = 1/7 for every block
    assert roles["expected_internal_ratio"].tolist() == pytest.approx([1 / 7] * 4)
    # block 0: inside 2, sends 2, receives 2 (g, h) -> 2/4 >= 1/7, receives <= sends
    # block 1: inside 0, sends 2, receives 3 -> broker
    # block 2: inside 2, sends 1, receives 2 -> 2/3 >= 1/7, receives > sends
    # block 3: inside 0, sends 2, receives 0
    assert roles["actual_internal_ratio"].tolist() == pytest.approx([0.5, 0, 2 / 3, 0])
    assert roles["role"].tolist() == ["bilateral spillover", "broker", "net beneficiary",
                                      "net spillover"]
    assert roles["role_zh"].tolist() == ["双向溢出", "经纪人", "净受益", "净溢出"]
    dens, image = block_density(B, blocks)
    # block 0 -> 1: 2 ties of 2 x 2 cells; overall 11 / 56 = 0.196 -> image 1
    assert dens.loc[0, 1] == pytest.approx(0.5)
    assert image.loc[0, 1] == 1 and image.loc[3, 2] == 0


def _random(n, seed):
    rng = np.random.default_rng(seed)
    idx = [f"r{k}" for k in range(n)]
    return pd.DataFrame(rng.random((n, n)), index=idx, columns=idx)


def test_qap_correlation_linear_and_seeded():
    A = _random(8, 1)
    res = qap_correlation(A, 2 * A + 3, perms=499, seed=7)
    # B = 2A + 3 is an exact linear function: r = 1, and (almost) no relabelling reaches it
    assert res["r"] == pytest.approx(1.0)
    assert res["p_two_sided"] <= 2 / 500
    again = qap_correlation(A, _random(8, 2), perms=499, seed=7)
    assert again["p_two_sided"] == qap_correlation(A, _random(8, 2), perms=499,
                                                   seed=7)["p_two_sided"]


def test_qap_regression_exact_fit():
    X1, X2 = _random(7, 3), _random(7, 4)
    Y = 1 + 2 * X1 - 0.5 * X2
    coef, fit = qap_regression(Y, {"x1": X1, "x2": X2}, perms=299, seed=1)
    # y = 1 + 2 x1 - 0.5 x2 exactly on the 7*6 = 42 cells
    assert coef["coefficient"].tolist() == pytest.approx([1.0, 2.0, -0.5])
    assert fit["R2"] == pytest.approx(1.0)
    assert fit["cells"] == 42
    assert coef.loc["x1", "p_two_sided"] <= 0.05
