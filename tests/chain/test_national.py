"""National 2012 case by hand (inputs: data/chain/sourced/national_case*.csv).

2012, per t Al:
  kWh   = 13458 + 1.9199 x (250 + 2.40 x 1.5) + 0.4201 x 208
        = 13458 + 486.88664 + 87.3808 = 14032.26744
  anode = 0.4201 x (100 - 2.0 - 0.4)/100 x 44/12 = 1.50339787
  PFC   = (0.0701 x 7380 + 0.00406 x 12400)/1000 = 0.567682          (AR6 CF4, C2F6)
  gas   = 1.9199 x 5.803 GJ x 0.0556116 = 0.6195788
  mats  = 1.9199 x (0.092 x 1.59 + 0.144 x 1.19) = 0.60983704
  diesel= 1.9199 x 2.40 x 0.078 GJ x 0.0725853 = 0.0260875
  anode fuels = 0.4201 x (0.065 x 3.17046 + 1277 x 0.000763619) = 0.4962311
  baking= 0.4201 x 0.130 = 0.054613
  N     = 3.8774273
  smelting mix EF 0.758339 -> I = 14032.26744 x 0.758339/1000 + N = 14.5186
  paper 17.6 -> EF* = (17.6 - 3.8774273) / 14032.26744 x 1000 = 0.97793 kg/kWh
"""

from __future__ import annotations

import pytest

from alcarbon.chain.national import national_case

KWH = 13458 + 1.9199 * (250 + 2.40 * 1.5) + 0.4201 * 208
N = (0.4201 * 0.976 * 44 / 12 + (0.0701 * 7380 + 0.00406 * 12400) / 1000
     + 1.9199 * 5.803 * 0.0556116 + 1.9199 * (0.092 * 1.59 + 0.144 * 1.19)
     + 1.9199 * 2.40 * 0.078 * 0.0725853 + 0.4201 * (0.065 * 3.17046 + 1277 * 0.000763619)
     + 0.4201 * 0.130)


def test_national_2012_by_hand():
    df = national_case().set_index(["year", "basis"])
    assert KWH == pytest.approx(14032.26744, rel=1e-12)
    assert N == pytest.approx(3.8774273, rel=1e-7)
    r = df.loc[(2012, "smelting_mix")]
    assert r["chain_kwh_per_t"] == pytest.approx(KWH, rel=1e-12)
    assert r["non_electric_t"] == pytest.approx(N, rel=1e-12)
    assert r["intensity_t"] == pytest.approx(KWH * 0.758339 / 1000 + N, rel=1e-12)
    assert r["intensity_t"] == pytest.approx(14.5186, abs=1e-4)
    assert r["paper_implied_ef"] == pytest.approx(0.97793, abs=1e-5)
    # the basis that reproduces the paper gives back exactly its value
    assert df.loc[(2012, "paper_implied"), "intensity_t"] == 17.6


def test_implied_factors_match_the_issue():
    """The paper's values imply about 0.97 (2012) and 0.54 (2022) kg/kWh (issue 13 item 7);
    with this case's non-electric part the implied factors are 0.978 and 0.551."""
    df = national_case().set_index(["year", "basis"])
    assert df.loc[(2012, "paper_implied"), "ef_kg_per_kwh"] == pytest.approx(0.97, abs=0.02)
    assert df.loc[(2022, "paper_implied"), "ef_kg_per_kwh"] == pytest.approx(0.54, abs=0.02)


def test_cli_prints_paper_beside_case(tmp_path):
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    r = CliRunner().invoke(app, ["chain", "national", "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.output.splitlines() if x.startswith("2012  smelting_mix"))
    assert "14.52" in line and "17.6" in line  # 14.5186 by hand above
    raw = (tmp_path / "national_case.csv").read_bytes()
    assert raw.count(b"\n") == 9  # header + 2 years x 4 bases
