"""Agreement with pymrio's consumption-based accounts on pymrio's own test system."""

import numpy as np
import pytest

pymrio = pytest.importorskip("pymrio")

from alcarbon.mrio import from_pymrio  # noqa: E402


@pytest.fixture(scope="module")
def io():
    io = pymrio.load_test()
    io.calc_all()
    return io


@pytest.mark.parametrize("method", ["dense", "power"])
def test_footprint_matches_pymrio_D_cba(io, method):
    for stressor in io.emissions.F.index:
        acc = from_pymrio(io, "emissions", stressor, method=method)
        # region totals, household emissions F_Y included (pymrio D_cba_reg)
        ref = io.emissions.D_cba_reg.loc[stressor]
        got = acc.footprint_by_region().reindex(ref.index)
        np.testing.assert_allclose(got.to_numpy(), ref.to_numpy(), rtol=1e-9)
        # consumer region x demanded sector detail (pymrio D_cba)
        detail = acc.footprint_by_region_sector()
        ref_d = io.emissions.D_cba.loc[stressor]
        got_d = np.array([detail.loc[sec, reg] for reg, sec in ref_d.index])
        np.testing.assert_allclose(got_d, ref_d.to_numpy(), rtol=1e-9, atol=1e-9 * abs(
            ref_d).max())


def test_flows_by_column_equal_footprint_minus_household(io):
    stressor = io.emissions.F.index[0]
    acc = from_pymrio(io, "emissions", stressor)
    E = acc.embodied_flows()
    ref = io.emissions.D_cba_reg.loc[stressor] - io.emissions.F_Y.loc[stressor].groupby(
        level=0, sort=False).sum()
    np.testing.assert_allclose(E.sum(axis=0).reindex(ref.index).to_numpy(), ref.to_numpy(),
                               rtol=1e-9)
    # rows: pymrio's production account per region without F_Y
    pba = io.emissions.D_pba.loc[stressor].groupby(level=0, sort=False).sum()
    np.testing.assert_allclose(E.sum(axis=1).reindex(pba.index).to_numpy(), pba.to_numpy(),
                               rtol=1e-9)


def test_unknown_stressor(io):
    from alcarbon.errors import InputError

    with pytest.raises(InputError, match="no stressor"):
        from_pymrio(io, "emissions", "nope")
