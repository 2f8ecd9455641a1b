"""Closure identities and solver agreement on random systems (no hand numbers needed: each
side is an independent formula)."""

import numpy as np
import pytest

from alcarbon.mrio import (
    Prepared,
    consumption_account,
    direct_vs_embodied,
    embodied_flows,
    production_account,
    random_system,
    sector_flows,
    synthetic_china_table,
    upstream_decomposition,
)
from alcarbon.mrio.core.leontief import calc_L
from alcarbon.mrio.core.model import Satellite


@pytest.fixture(scope="module")
def sys_sparse():
    return random_system(5, 12, block_density=0.4, trade_density=0.05, seed=7)


def test_flows_close_to_accounts_when_all_emissions_industrial(sys_sparse):
    table, sat = sys_sparse
    sat = Satellite(F=sat.F)  # no household emissions
    p = Prepared(table, sat)
    E = embodied_flows(p)
    # column sums = consumption-based account, row sums = production-based account
    assert E.sum(axis=0).to_numpy() == pytest.approx(
        consumption_account(p, include_pseudo=True).to_numpy(), rel=1e-10)
    assert E.sum(axis=1).to_numpy() == pytest.approx(production_account(p).to_numpy(),
                                                     rel=1e-10)
    # and everything emitted is attributed somewhere: sum PBA = sum CBA = sum F
    assert consumption_account(p).sum() == pytest.approx(sat.F.sum(), rel=1e-10)


def test_household_emissions_enter_both_accounts(sys_sparse):
    table, sat = sys_sparse
    p = Prepared(table, sat)
    assert production_account(p).sum() == pytest.approx(sat.F.sum() + sat.F_Y.sum())
    assert consumption_account(p).sum() == pytest.approx(sat.F.sum() + sat.F_Y.sum())


@pytest.mark.parametrize("method", ["splu", "power", "krylov"])
def test_methods_agree_with_explicit_inverse(sys_sparse, method):
    table, sat = sys_sparse
    p = Prepared(table, sat, method=method)
    L = calc_L(p.A)
    # m' = s'L by the explicit inverse (an independent route)
    assert p.m == pytest.approx(p.s @ L, rel=1e-10)
    assert p.LYd == pytest.approx(L @ p.Yd, rel=1e-9, abs=1e-12)


def test_china_synthetic_target_closure():
    table, sat = synthetic_china_table(4, 6, seed=2)
    p = Prepared(table, sat)
    sectors = [table.sectors[1], table.sectors[3]]
    de = direct_vs_embodied(p, sectors)
    # rows of the production flows sum to the direct emissions, rows of the product flows
    # to the embodied emissions (destinations include Export and Others)
    assert sector_flows(p, sectors, "production").sum(axis=1).to_numpy() == pytest.approx(
        de["direct"].to_numpy(), rel=1e-10)
    assert sector_flows(p, sectors, "product").sum(axis=1).to_numpy() == pytest.approx(
        de["embodied"].to_numpy(), rel=1e-10)
    # the upstream decomposition sums to the embodied total
    assert upstream_decomposition(p, sectors).total == pytest.approx(de["embodied"].sum())
    # output basis counts more than final-demand basis (x >= y for the target nodes here)
    assert upstream_decomposition(p, sectors, basis="output").total > de["embodied"].sum()


def test_unknown_target_sector_is_an_input_error():
    from alcarbon.errors import InputError

    table, sat = synthetic_china_table(2, 3, seed=1)
    with pytest.raises(InputError, match="unknown target sector"):
        direct_vs_embodied(Prepared(table, sat), "no such sector")


def test_power_series_reports_divergence():
    from alcarbon.errors import CalculationError
    from alcarbon.mrio import LeontiefSolver

    A = np.array([[0.6, 0.6], [0.6, 0.6]])  # spectral radius 1.2: not productive
    with pytest.raises(CalculationError, match="did not converge"):
        LeontiefSolver(A, method="power", max_iter=200).solve(np.ones(2))
