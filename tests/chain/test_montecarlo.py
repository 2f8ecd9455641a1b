"""Monte Carlo intervals of the chain intensities (inputs in conftest.two_by_two, hand values as
in test_model.py).

One uncertain parameter: the smelting electricity of Yunnan 2021 contributes
13000 kWh/t x 0.1 kg/kWh = 1.3 t CO2e/t Al; with GSD 2 and every other group certain (GSD 1),
the intensity is  rest + 1.3 x M,  M lognormal with median 1 and sigma ln 2, so

    p2.5  = rest + 1.3 x 2^-1.96 = rest + 1.3 x 0.25701
    p97.5 = rest + 1.3 x 2^+1.96 = rest + 1.3 x 3.89086
    mean  = rest + 1.3 x exp(ln(2)^2 / 2) = rest + 1.3 x 1.27149

rest = anode 1.4314667 + PFC 0.1269897 + 2.0 t alumina/t x the national alumina of 2021
(Shandong only: 0.120 + 0.0439712 t/t).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.chain.montecarlo import group_sigma, monte_carlo
from alcarbon.errors import InputError

ANODE = 0.3904 * 11 / 3
PFC = 0.0143e-3 * 7380 + 0.0017303e-3 * 12400
REST_YN_2021 = ANODE + PFC + 2.0 * (0.120 + 0.1 * 44.009 / 100.086)
ONE = {"alumina_refining": 1.0, "electrolysis": 1.0, "electrolysis:electricity": 2.0}


def _row(df, prov, year):
    return df[(df["province"] == prov) & (df["year"] == year)].iloc[0]


def test_one_parameter_interval_by_hand(case):
    res = compute(read_chain_data(case))
    mc = monte_carlo(res, iterations=200_000, seed=7, gsd=ONE)
    r = _row(mc.province, "yunnan", 2021)
    assert r["static"] == pytest.approx(REST_YN_2021 + 1.3, rel=1e-12)
    # 2^-1.96 = 0.257013, 2^1.96 = 3.890861 (hand: exp(-+1.96 x 0.693147))
    assert (r["p2_5"] - REST_YN_2021) / 1.3 == pytest.approx(0.257013, rel=0.02)
    assert (r["p97_5"] - REST_YN_2021) / 1.3 == pytest.approx(3.890861, rel=0.02)
    assert (r["median"] - REST_YN_2021) / 1.3 == pytest.approx(1.0, rel=0.01)
    assert (r["mean"] - REST_YN_2021) / 1.3 == pytest.approx(1.271495, rel=0.01)


def test_certain_inputs_give_a_point(case):
    res = compute(read_chain_data(case))
    mc = monte_carlo(res, iterations=50, seed=1, gsd={"alumina_refining": 1, "electrolysis": 1})
    assert np.allclose(mc.province["p2_5"], mc.province["static"], rtol=1e-12)
    assert np.allclose(mc.national["p97_5"], mc.national["static"], rtol=1e-12)


def test_national_band_static_and_seed(case):
    """National 2021: (Yunnan 1e5 t x EL_YN + Shandong 3e5 t x EL_SD_2021
    + 8e5 t alumina x ALU_SD_2021) / 4e5 t Al."""
    res = compute(read_chain_data(case))
    a, b = (monte_carlo(res, iterations=300, seed=3) for _ in range(2))
    el_yn, el_sd = 1.3 + ANODE + PFC, 9.10 + ANODE + PFC
    alu = 0.120 + 0.1 * 44.009 / 100.086
    want = (1e5 * el_yn + 3e5 * el_sd + 8e5 * alu) / 4e5
    nat = a.national.set_index("year")
    assert nat.loc[2021, "static"] == pytest.approx(want, rel=1e-12)
    assert nat.loc[2021, "p2_5"] < want < nat.loc[2021, "p97_5"]
    assert np.array_equal(a.samples, b.samples)  # seeded


def test_default_sigma_is_unrated_scheme():
    # activity unrated: 0.0006 + pedigree score 5 (0.04 + 0.008 + 0.04 + 0.002 + 0.12 = 0.21);
    # factor: secondary-factor basic 0.0006 + reliability unrated, score 5 (0.04) = 0.0406
    # -> sigma^2 = 0.2106 + 0.0406 = 0.2512
    s, _ = group_sigma("electrolysis:electricity")
    assert s == pytest.approx(math.sqrt(0.2512), rel=1e-12)
    s, _ = group_sigma("anode_production:direct.CO2")
    assert s == pytest.approx(math.sqrt(0.2106), rel=1e-12)
    with pytest.raises(InputError, match="below 1"):
        group_sigma("electrolysis:electricity", {"electrolysis": 0.5})


def test_iterations_capped_by_memory(case, monkeypatch):
    # 2 provinces x 2 years = 4 cells; with MAX_CELLS 40 at most 40 / 4 = 10 iterations
    from alcarbon.chain import montecarlo as mc_mod

    res = compute(read_chain_data(case))
    with pytest.raises(InputError, match="outside the limit"):  # the global 1,000,000 first
        monte_carlo(res, iterations=2_000_000)
    monkeypatch.setattr(mc_mod, "MAX_CELLS", 40)
    with pytest.raises(InputError, match="at most 10 iterations"):
        monte_carlo(res, iterations=11)
    assert len(monte_carlo(res, iterations=10).samples) == 10


def test_cli_run_writes_intervals(case, tmp_path):
    import pandas as pd
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["chain", "run", str(case), "-o", str(out), "--iterations", "200",
                                 "--seed", "5", "--no-figures"])
    assert r.exit_code == 0, r.output
    nat = pd.read_csv(out / "national_intervals.csv").set_index("year")
    el_yn, el_sd = 1.3 + ANODE + PFC, 9.10 + ANODE + PFC
    alu = 0.120 + 0.1 * 44.009 / 100.086
    # static national 2021 as in test_national_band_static_and_seed
    assert nat.loc[2021, "static"] == pytest.approx((1e5 * el_yn + 3e5 * el_sd + 8e5 * alu) / 4e5)
    assert set(pd.read_csv(out / "intensity_intervals.csv")["province"]) == {"yunnan", "shandong"}
    r = CliRunner().invoke(app, ["chain", "run", str(case), "-o", str(out), "--iterations", "1"])
    assert r.exit_code == 2 and "--iterations" in r.output
