"""`alcarbon uncertainty`: seeded JSON output."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from alcarbon.cli.main import app

EX = "examples/hydro_smelter_yunnan.yaml"


def test_json_is_reproducible_with_a_seed():
    args = ["uncertainty", EX, "-n", "2000", "--seed", "5", "-p", "aluminium_ingot", "-f", "json"]
    a = CliRunner().invoke(app, args)
    b = CliRunner().invoke(app, args)
    assert a.exit_code == 0, a.output
    assert a.output == b.output
    data = json.loads(a.output)
    mc = data["monte_carlo"][0]
    assert mc["iterations"] == 2000 and mc["p2_5"] < mc["median"] < mc["p97_5"]
    assert data["alternatives"]["rows"][0]["name"] == "base"
    assert data["one_at_a_time"]["rows"][0]["swing"] >= data["one_at_a_time"]["rows"][1]["swing"]


def test_table_and_bad_iterations():
    r = CliRunner().invoke(app, ["uncertainty", EX, "-n", "1000", "--seed", "1"])
    assert r.exit_code == 0 and "Monte Carlo" in r.output
    r = CliRunner().invoke(app, ["uncertainty", EX, "-n", "1"])
    assert r.exit_code == 2
