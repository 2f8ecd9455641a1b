"""The 2-region x 2-sector system of conftest.hand4, solved by hand."""

import numpy as np
import pytest

from alcarbon.mrio import (
    Prepared,
    balance,
    consumption_account,
    direct_vs_embodied,
    embodied_flows,
    net_position,
    net_transfers,
    production_account,
    sector_flows,
    structural_paths,
    upstream_decomposition,
)

# Multipliers m' = s'L (L = I + A + A^2 since the supply chain 1 -> 2 -> 4, 3 -> 4 is acyclic):
#   m1 = s1 = 0.1;  m3 = s3 = 0.1;  m2 = s2 + s1 a12 = 0.2 + 0.1*0.2 = 0.22
#   m4 = s4 + s2 a24 + s1 a12 a24 + s3 a34 = 0.2 + 0.03 + 0.003 + 0.005 = 0.238
M_HAND = [0.1, 0.22, 0.1, 0.238]


@pytest.mark.parametrize("method", ["dense", "splu", "power", "krylov"])
def test_multipliers(hand4, method):
    p = Prepared(*hand4, method=method)
    assert p.m == pytest.approx(M_HAND, rel=1e-12)


def test_accounts(hand4):
    p = Prepared(*hand4)
    # CBA_N = m.yN = 0.1*80 + 0.22*50 + 0.1*0 + 0.238*50 = 8 + 11 + 11.9 = 30.9
    # CBA_S = 0.22*20 + 0.1*40 + 0.238*150 = 4.4 + 4 + 35.7 = 44.1
    assert consumption_account(p).to_list() == pytest.approx([30.9, 44.1], rel=1e-12)
    # PBA_N = 10 + 20 = 30, PBA_S = 5 + 40 = 45
    assert production_account(p).to_list() == pytest.approx([30.0, 45.0])


def test_embodied_flows(hand4):
    p = Prepared(*hand4)
    # L yN = (80 + 0.2*57.5, 50 + 0.15*50, 0.05*50, 50) = (91.5, 57.5, 2.5, 50)
    #   s * L yN = (9.15, 11.5, 0.25, 10) -> E_NN = 20.65, E_SN = 10.25
    # L yS = (0.2*42.5, 20 + 0.15*150, 40 + 0.05*150, 150) = (8.5, 42.5, 47.5, 150)
    #   s * L yS = (0.85, 8.5, 4.75, 30)  -> E_NS = 9.35, E_SS = 34.75
    E = embodied_flows(p)
    assert E.loc["N", "N"] == pytest.approx(20.65)
    assert E.loc["S", "N"] == pytest.approx(10.25)
    assert E.loc["N", "S"] == pytest.approx(9.35)
    assert E.loc["S", "S"] == pytest.approx(34.75)
    # net N -> S = 9.35 - 10.25 = -0.9
    assert net_transfers(E).loc["N", "S"] == pytest.approx(-0.9)
    b = balance(p)
    assert b.loc["N", "net_outflow"] == pytest.approx(-0.9)
    assert b.loc["S", "inflow"] == pytest.approx(9.35)


def test_target_sector(hand4):
    p = Prepared(*hand4)
    t = direct_vs_embodied(p, "ind")
    # direct: N 20, S 40; embodied: N 0.22*(50+20) = 15.4, S 0.238*200 = 47.6
    assert t["direct"].to_list() == pytest.approx([20.0, 40.0])
    assert t["embodied"].to_list() == pytest.approx([15.4, 47.6])
    assert t["net_outflow"].to_list() == pytest.approx([4.6, -7.6])
    # production flows: N/ind emits 0.2*57.5 = 11.5 for N, 0.2*42.5 = 8.5 for S;
    #                   S/ind emits 0.2*50 = 10 for N, 0.2*150 = 30 for S
    D = sector_flows(p, "ind", "production")
    assert D.to_numpy() == pytest.approx(np.array([[11.5, 8.5], [10.0, 30.0]]))
    # product flows: 0.22*50 = 11, 0.22*20 = 4.4; 0.238*50 = 11.9, 0.238*150 = 35.7
    P = sector_flows(p, "ind", "product")
    assert P.to_numpy() == pytest.approx(np.array([[11.0, 4.4], [11.9, 35.7]]))
    # net position on D: N out 8.5, in 10 -> -1.5
    assert net_position(D).loc["N", "net_outflow"] == pytest.approx(-1.5)


def test_upstream(hand4):
    p = Prepared(*hand4)
    # v = final demand of ind nodes = (0, 70, 0, 200); L v = (0.2*100, 70 + 0.15*200,
    # 0.05*200, 200) = (20, 100, 10, 200); u = s * L v = (2, 20, 1, 40), total 63 = 15.4 + 47.6
    up = upstream_decomposition(p, "ind")
    assert up.total == pytest.approx(63.0)
    assert up.by_sector["agr"] == pytest.approx(3.0)
    assert up.by_sector["ind"] == pytest.approx(60.0)
    assert up.by_region["N"] == pytest.approx(22.0)
    assert up.by_region["S"] == pytest.approx(41.0)


def test_spa_hand(hand4):
    p = Prepared(*hand4)
    y = p.Yd[:, 0]  # final demand of N
    # order 0: s_j y_j = 8 (1), 10 (2), 10 (4); order 1: 1->2 0.1*0.2*50 = 1.0,
    # 2->4 0.2*0.15*50 = 1.5, 3->4 0.1*0.05*50 = 0.25; order 2: 1->2->4 0.1*0.2*0.15*50 = 0.15
    res = structural_paths(p.A, p.s, p.m, y, labels=["N/agr", "N/ind", "S/agr", "S/ind"],
                           top_k=10, max_depth=5, threshold=0.0)
    vals = dict(zip(res.paths["path"], res.paths["value"], strict=True))
    assert vals["N/agr"] == pytest.approx(8.0)
    assert vals["N/ind -> S/ind"] == pytest.approx(1.5)
    assert vals["N/agr -> N/ind -> S/ind"] == pytest.approx(0.15)
    assert vals["S/agr -> S/ind"] == pytest.approx(0.25)
    assert len(res.paths) == 7
    assert res.total == pytest.approx(30.9)
    assert res.covered == pytest.approx(30.9)
    # top 2 paths (10 + 10) cover 20/30.9 of the total
    res2 = structural_paths(p.A, p.s, p.m, y, top_k=2, threshold=0.0)
    assert res2.top_share == pytest.approx(20.0 / 30.9)
