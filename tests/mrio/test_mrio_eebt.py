"""EEBT (Peters 2008) on a 3-region x 1-sector toy, solved by hand."""

import numpy as np
import pytest

from alcarbon.mrio import IOTable, Prepared, Satellite, consumption_account
from alcarbon.mrio.core.eebt import (
    bilateral_exports,
    domestic_multipliers,
    eebt_flows,
    pseudo_attribution,
    reconciliation,
)


@pytest.fixture
def toy3():
    """Regions A, B, C with one sector each; final demand columns A, B, C, Export.

    Z = [[20, 10, 10], [5, 30, 15], [10, 5, 10]]
    Y: A (40, 10, 0, 10) -> x_A = 40 + 60 = 100
       B (10, 30, 10, 0) -> x_B = 50 + 50 = 100
       C ( 0,  5, 20, 0) -> x_C = 25 + 25 = 50
    Own blocks a_AA = 20/100 = 0.2, a_BB = 30/100 = 0.3, a_CC = 10/50 = 0.2.
    F = (16, 14, 8) -> f = (0.16, 0.14, 0.16); m_dom = f / (1 - a_rr) = (0.2, 0.2, 0.2).
    """
    Z = np.array([[20.0, 10, 10], [5, 30, 15], [10, 5, 10]])
    Y = np.array([[40.0, 10, 0, 10], [10, 30, 10, 0], [0, 5, 20, 0]])
    t = IOTable(Z=Z, Y=Y, regions=("A", "B", "C"), sectors=("s",),
                fd_regions=("A", "B", "C", "Export"), fd_categories=("hh",) * 4, unit="money")
    return t, Satellite(F=np.array([16.0, 14.0, 8.0]), unit="t")


def test_domestic_multipliers(toy3):
    assert domestic_multipliers(Prepared(*toy3)) == pytest.approx([0.2, 0.2, 0.2], rel=1e-12)


def test_bilateral_exports(toy3):
    # t^AB = z_AB + y_AB = 10 + 10 = 20; t^AC = 10 + 0; own column y_AA = 40; Export 10
    # t^BA = 5 + 10 = 15; t^BC = 15 + 10 = 25; y_BB = 30
    # t^CA = 10 + 0 = 10; t^CB = 5 + 5 = 10; y_CC = 20
    T = bilateral_exports(Prepared(*toy3))
    assert T.tolist() == [[40, 20, 10, 10], [15, 30, 25, 0], [10, 10, 20, 0]]


def test_eebt_flows_and_reconciliation(toy3):
    p = Prepared(*toy3)
    E = eebt_flows(p)
    # EEBT = 0.2 x t: A (8, 4, 2, 2), B (3, 6, 5, 0), C (2, 2, 4, 0); rows sum to F (16, 14, 8)
    assert E.to_numpy().ravel() == pytest.approx(
        np.array([[8, 4, 2, 2], [3, 6, 5, 0], [2, 2, 4, 0]]).ravel(), rel=1e-12)
    rec = reconciliation(p)
    # exports A 4+2+2 = 8, B 3+5 = 8, C 2+2 = 4; imports A 3+2 = 5, B 4+2 = 6, C 2+5 = 7
    # CBA_EEBT = PBA - exports + imports: A 16-8+5 = 13, B 14-8+6 = 12, C 8-4+7 = 11
    assert rec.loc[["A", "B", "C"], "EEBT_exports"].tolist() == pytest.approx([8, 8, 4])
    assert rec.loc[["A", "B", "C"], "EEBT_imports"].tolist() == pytest.approx([5, 6, 7])
    assert rec.loc[["A", "B", "C"], "CBA_EEBT"].tolist() == pytest.approx([13, 12, 11])
    # totals: sum CBA_EEBT = 36 = 38 (all F) - 2 (charged to Export)
    assert rec.loc["total", "CBA_EEBT"] == pytest.approx(36.0)
    # MRIO side: CBA_MRIO is the library's m'y_d; it and its Export share close to the 38 t
    cba = consumption_account(p, include_pseudo=True)
    assert rec.loc[["A", "B", "C"], "CBA_MRIO"].tolist() == pytest.approx(cba.iloc[:3].tolist())
    pa = pseudo_attribution(p)
    assert pa.loc["Export", "EEBT"] == pytest.approx(2.0)
    assert rec.loc["total", "CBA_MRIO"] + pa.loc["Export", "MRIO"] == pytest.approx(38.0)
    # difference = CBA_EEBT - CBA_MRIO, and its total is the gap in the Export attribution
    assert rec["difference"].to_numpy() == pytest.approx(
        (rec["CBA_EEBT"] - rec["CBA_MRIO"]).to_numpy())
    assert rec.loc["total", "difference"] == pytest.approx(
        pa.loc["Export", "MRIO"] - pa.loc["Export", "EEBT"])


def test_eebt_rows_conserve_production_on_random_system():
    from alcarbon.mrio import random_system

    t, s = random_system(4, 5, n_categories=2, seed=3)
    E = eebt_flows(Prepared(t, s))
    # production conservation: each row sums to the region's direct emissions of its nodes
    assert E.sum(axis=1).to_numpy() == pytest.approx(s.F.reshape(4, 5).sum(axis=1), rel=1e-10)


def test_sparse_and_dense_Z_agree():
    from alcarbon.mrio import random_system

    t, s = random_system(4, 5, n_categories=2, seed=3)  # sparse Z
    dense = t.with_(Z=t.Z.toarray())
    np.testing.assert_allclose(eebt_flows(Prepared(t, s)), eebt_flows(Prepared(dense, s)),
                               rtol=1e-12)
