"""CLI: synth -> run on a small synthetic table; bad input exits 2."""

import pandas as pd
from typer.testing import CliRunner

from alcarbon.cli.main import app

runner = CliRunner()


def test_synth_and_run(tmp_path):
    r = runner.invoke(app, ["mrio", "synth", str(tmp_path / "t.xlsx"), "--regions", "4",
                            "--sectors", "6", "--seed", "3"])
    assert r.exit_code == 0, r.output
    table = tmp_path / "t_synthetic.xlsx"
    assert table.exists()
    out = tmp_path / "out"
    r = runner.invoke(app, ["mrio", "run", str(table), str(table), "--labels", "2012,2017",
                            "-s", "02,04", "-o", str(out)])
    assert r.exit_code == 0, r.output
    bal = pd.read_csv(out / "2012_balance.csv", index_col=0)
    # the same table twice: PBA and CBA totals agree with each other across years
    cmp = pd.read_csv(out / "compare_years_PBA.csv", index_col=0)
    assert (cmp["2012"] == cmp["2017"]).all()
    assert bal["PBA"].sum() > 0
    for name in ("2012_chord.png", "2012_upstream.png", "2012_mrio_results.xlsx",
                 "2012_target_flows.csv", "2012_spa.csv"):
        assert (out / name).stat().st_size > 0
    r = runner.invoke(app, ["mrio", "spa", str(table), "--region", "北京", "-o", str(out),
                            "--no-figures"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["mrio", "network", str(table), "-o", str(out), "--source", "北京",
                            "--target", "河北"])
    assert r.exit_code == 0, r.output
    assert (out / "network_top_paths.csv").exists()


def test_bad_input_exits_2(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("nothing", encoding="utf-8")
    r = runner.invoke(app, ["mrio", "accounts", str(bad), "-o", str(tmp_path)])
    assert r.exit_code == 2
    assert "unknown table format" in r.output
