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


def test_sobol_option():
    """--sobol 3 adds Sobol indices of the 3 most uncertain inputs; for this nearly additive
    model every first-order index lies in [0, 1] (within the estimate's error) and together
    they cannot explain more than all of the variance."""
    r = CliRunner().invoke(app, ["uncertainty", EX, "-n", "1000", "--seed", "2", "-p",
                                 "aluminium_ingot", "-f", "json", "--sobol", "3",
                                 "--sobol-samples", "128"])
    assert r.exit_code == 0, r.output
    sob = json.loads(r.output)["sobol"]
    assert len(sob["names"]) == 3 and sob["evaluations"] == 128 * (3 + 2)
    for s1, conf in zip(sob["S1"], sob["S1_conf"], strict=True):
        assert -conf - 0.05 <= s1 <= 1 + conf + 0.05
    assert sum(sob["S1"]) <= 1 + sum(sob["S1_conf"]) + 0.05
