"""CLI: every analysis reachable (upstream, aggregate, compare, eebt, indices, blocks, qap, mc)."""

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from alcarbon.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli_more")
    r = runner.invoke(app, ["mrio", "synth", str(d / "t_synthetic.csv"), "--regions", "5",
                            "--sectors", "6", "--seed", "2"])
    assert r.exit_code == 0, r.output
    return d / "t_synthetic.csv"


@pytest.fixture(scope="module")
def sectors(table):
    from alcarbon.mrio import read_long_csv

    return read_long_csv(table)[0].sectors


def _run(*args):
    r = runner.invoke(app, ["mrio", *map(str, args)])
    assert r.exit_code == 0, r.output
    return r


def test_help_lists_every_analysis():
    out = _run("--help").output
    for cmd in ("accounts", "sector", "spa", "network", "run", "upstream", "aggregate",
                "compare", "eebt", "indices", "blocks", "qap", "mc"):
        assert cmd in out


def test_eebt_reconciliation_closes(table, tmp_path):
    _run("eebt", table, "-o", tmp_path)
    raw = (tmp_path / "eebt_reconciliation.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.startswith(b"region,")
    rec = pd.read_csv(tmp_path / "eebt_reconciliation.csv", index_col="region")
    pseudo = pd.read_csv(tmp_path / "eebt_pseudo.csv", index_col="destination")
    # every tonne is charged once: sum CBA_EEBT + EEBT to pseudo-destinations = sum PBA,
    # and the same for the MRIO view
    tot = rec.loc["total"]
    assert tot["CBA_EEBT"] + pseudo["EEBT"].sum() == pytest.approx(tot["PBA"], rel=1e-9)
    assert tot["CBA_MRIO"] + pseudo["MRIO"].sum() == pytest.approx(tot["PBA"], rel=1e-9)


def test_upstream_bases(table, sectors, tmp_path):
    _run("upstream", table, "-s", sectors[0], "--basis", "final_demand", "-o", tmp_path)
    _run("upstream", table, "-s", sectors[0], "--basis", "output", "-o", tmp_path)
    fd = pd.read_csv(tmp_path / "upstream_final_demand_by_sector.csv", index_col="sector")
    op = pd.read_csv(tmp_path / "upstream_output_by_sector.csv", index_col="sector")
    # gross output x_J >= final demand y_J for the target (x = Z1 + y), so more is embodied
    assert op["embodied"].sum() > fd["embodied"].sum() > 0
    r = runner.invoke(app, ["mrio", "upstream", str(table), "-s", sectors[0], "--basis", "x",
                            "-o", str(tmp_path)])
    assert r.exit_code == 2


def test_aggregate_then_accounts(table, sectors, tmp_path):
    conc = tmp_path / "conc.csv"
    conc.write_text("from,to\n" + "".join(f"{s},{'AB' if k < 2 else 'C'}\n"
                                          for k, s in enumerate(sectors)), encoding="utf-8")
    agg = tmp_path / "agg.csv"
    _run("aggregate", table, "--concordance", conc, "-o", agg)
    _run("accounts", table, "-o", tmp_path / "a")
    _run("accounts", agg, "-o", tmp_path / "b")
    pa = pd.read_csv(tmp_path / "a" / "accounts_balance.csv", index_col=0)
    pb = pd.read_csv(tmp_path / "b" / "accounts_balance.csv", index_col=0)
    # aggregation sums F within each region: PBA per region unchanged
    assert pb["PBA"].to_numpy() == pytest.approx(pa["PBA"].to_numpy(), rel=1e-9)
    assert pd.read_csv(tmp_path / "b" / "accounts_flows_by_sector.csv")["sector"].nunique() == 2


def test_compare_years(table, sectors, tmp_path):
    _run("compare", table, table, "--labels", "2012,2017", "-s", sectors[0], "-o", tmp_path)
    cmp = pd.read_csv(tmp_path / "compare_years_CBA.csv", index_col="region")
    assert (cmp["2012"] == cmp["2017"]).all()
    assert (tmp_path / "compare_years_target.csv").exists()


def test_indices_blocks_qap(table, tmp_path):
    _run("indices", table, "-o", tmp_path)
    ix = pd.read_csv(tmp_path / "sna_indices.csv", index_col="index")["value"]
    ties = pd.read_csv(tmp_path / "sna_ties.csv", index_col="producing")
    # density = ties / (N (N - 1)) with N = 5
    assert float(ix["density"]) == pytest.approx(ties.to_numpy().sum() / 20)
    _run("blocks", table, "-o", tmp_path)
    roles = pd.read_csv(tmp_path / "blocks_roles.csv", index_col="block")
    assert roles["size"].sum() == 5
    regions = list(ties.index)
    rng = np.random.default_rng(0)
    dist = pd.DataFrame(rng.random((5, 5)), index=regions, columns=regions)
    dist.index.name = "region"
    dist.to_csv(tmp_path / "dist.csv")
    _run("qap", table, "--x", f"dist={tmp_path / 'dist.csv'}", "--perms", "99", "-o", tmp_path)
    fit = pd.read_csv(tmp_path / "qap_fit.csv", index_col="statistic")["value"]
    assert float(fit["cells"]) == 20
    r = runner.invoke(app, ["mrio", "qap", str(table), "--x", "dist", "-o", str(tmp_path)])
    assert r.exit_code == 2


def test_mc(table, tmp_path):
    cvb = tmp_path / "cv.csv"
    cvb.write_text("matrix,row_region,col_region,cv\nA,*,*,0.05\nF,*,,0.2\n", encoding="utf-8")
    _run("mc", table, "--draws", "50", "--top", "3", "--cv-domestic", "0.1", "--cv-trade", "0.1",
         "--cv-f", "0.1", "--cv-blocks", cvb, "-o", tmp_path)
    fp = pd.read_csv(tmp_path / "mc_footprints.csv", index_col="region")
    assert (fp["p2.5"] <= fp["median"]).all() and (fp["median"] <= fp["p97.5"]).all()
    assert len(pd.read_csv(tmp_path / "mc_top_flows.csv", index_col="flow")) == 3
    # the intervals as a figure, marked synthetic (the table is the generator's)
    png = tmp_path / "mc_footprints.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = tmp_path / "bad.csv"
    bad.write_text("matrix,row_region,col_region,cv\nA,Atlantis,*,0.1\n", encoding="utf-8")
    r = runner.invoke(app, ["mrio", "mc", str(table), "--cv-domestic", "0.1", "--cv-trade", "0.1",
                            "--cv-f", "0.1", "--cv-blocks", str(bad), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "line 2" in r.output
