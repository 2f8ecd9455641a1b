"""Energy -> emissions satellite, concordances."""

import numpy as np
import pandas as pd
import pytest

from alcarbon.errors import MissingFactorError
from alcarbon.mrio import (
    Prepared,
    aggregate_results,
    aggregate_table,
    consumption_account,
    emissions_from_energy,
    satellite_from_series,
)
from alcarbon.mrio.core.satellite import ef_from_ncv


def test_energy_to_emissions():
    energy = pd.DataFrame({
        "region": ["N", "N", "S"], "sector": ["agr", "agr", "ind"],
        "fuel": ["coal", "gas", "coal"], "amount": [2.0, 3.0, 1000.0],
        "unit": ["t", "10000*Nm3", "kg"]})
    factors = pd.DataFrame({"fuel": ["coal", "gas"], "ef": [2.0, 20.0],
                            "unit": ["t", "10000*Nm3"]})
    F = emissions_from_energy(energy, factors)
    # N/agr = 2 t x 2 + 3 x 20 = 64 t; S/ind = 1000 kg = 1 t x 2 = 2 t
    assert F[("N", "agr")] == pytest.approx(64.0)
    assert F[("S", "ind")] == pytest.approx(2.0)
    with pytest.raises(MissingFactorError, match="fuel gas"):
        emissions_from_energy(energy, {"coal": 2.0})


def test_ef_from_ncv():
    # 20 GJ/t x 0.025 tC/GJ x 0.9 x 44/12 = 0.45 x 3.6667 = 1.65 t CO2/t
    assert ef_from_ncv(20.0, 0.025, 0.9) == pytest.approx(1.65)


def test_satellite_from_series(hand4):
    table, _ = hand4
    F = pd.Series([64.0], index=pd.MultiIndex.from_tuples([("N", "agr")]))
    sat = satellite_from_series(table, F, scale=1e-6, unit="Mt", F_Y={"S": 2e6})
    assert sat.F.tolist() == pytest.approx([64e-6, 0, 0, 0])
    # household emissions of S are counted in S's footprint: CBA_S = m.yS + 2
    # with only N/agr emitting: s1 = 64e-6/100, m1 = s1, yS at node 1 = 0, and node 2..4
    # carry m = s1 * (L)_1j: m2 = s1 a12 = 0.2 s1, m4 = s1 a12 a24 = 0.03 s1, m3 = 0
    s1 = 64e-6 / 100
    cba_s = 0.2 * s1 * 20 + 0.03 * s1 * 150 + 2.0
    assert consumption_account(Prepared(table, sat))["S"] == pytest.approx(cba_s)


def test_aggregate_table(hand4):
    table, sat = hand4
    agg, asat = aggregate_table(table, sat, sectors={"agr": "all", "ind": "all"})
    # Z*: N = z12 = 20; N->S = z24 = 30; S = z34 = 10
    np.testing.assert_allclose(agg.Z, [[20.0, 30.0], [0.0, 10.0]])
    np.testing.assert_allclose(asat.F, [30.0, 45.0])
    # totals are conserved
    assert Prepared(agg, asat).x.sum() == pytest.approx(450.0)
    s = pd.Series([1.0, 2.0, 3.0], index=pd.Index(["agr", "ind", "agr"], name="sector"))
    assert aggregate_results(s, {"agr": "A", "ind": "B"}).to_dict() == {"A": 4.0, "B": 2.0}


def test_factor_table_from_library_if_present():
    pytest.importorskip("alcarbon.factors")
    from alcarbon.factors import load_library
    from alcarbon.mrio import factor_table_from_library

    lib = load_library()
    fuel_id = _first_fuel_id(lib)
    if fuel_id is None:
        pytest.skip("the factor library exposes no fuel ids")
    fp = lib.fuel(fuel_id)
    tab = factor_table_from_library([fuel_id], lib)
    assert tab.loc[0, "ef"] == pytest.approx(fp.ncv * fp.carbon_content * fp.oxidation * 44 / 12)
    assert tab.loc[0, "source"]


def _first_fuel_id(lib):
    for attr in ("fuel_ids", "fuels"):
        v = getattr(lib, attr, None)
        if v is not None:
            ids = list(v() if callable(v) else v)
            if ids:
                return ids[0] if isinstance(ids[0], str) else getattr(ids[0], "id", None)
    return None
