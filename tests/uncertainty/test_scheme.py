"""The uncertainty scheme (issue 15 item 8): basic variance per exchange type + Table 2
pedigree variances (Weidema et al. 2013 Tables 10.4-10.5), tight mass-balance links, and the
per-parameter table. Every expected value is computed by hand in the comments."""

from __future__ import annotations

import csv
import json
import math

import pytest
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.engine import calculate
from alcarbon.inventory import load_study
from alcarbon.inventory.model import Study
from alcarbon.uncertainty import build_model, monte_carlo, one_at_a_time_95, parameter_table
from alcarbon.uncertainty import pedigree as pd

from .conftest import EXAMPLES


def test_sigma_of_one_exchange_from_its_ratings():
    # input: basic 0.0006; technology fair -> score 3 -> 0.008; time poor -> 3 -> 0.002;
    # geography good -> 1 -> 0; reliability fair -> 2 -> 0.0006; completeness not rated -> 5
    # -> 0.008. sigma = sqrt(0.0006 + 0.008 + 0.002 + 0 + 0.0006 + 0.008) = sqrt(0.0192)
    # = 0.1385641; GSD^2 = exp(2 x 0.1385641) = 1.319335
    dq = {"technology": "fair", "time": "poor", "geography": "good", "reliability": "fair",
          "completeness": None}
    sp = pd.activity_spread(dq, "input")
    assert sp.scores == {"technology": 3, "time": 3, "geography": 1, "reliability": 2,
                         "completeness": 5}
    assert sp.basic_var == 0.0006
    assert sp.sigma == pytest.approx(0.1385641, abs=1e-7)
    assert sp.gsd2 == pytest.approx(1.319335, abs=1e-6)


def test_nothing_rated_is_the_worst_case_and_transport_basic():
    # every criterion unrated -> score 5: 0.12 + 0.04 + 0.002 + 0.04 + 0.008 = 0.21, plus basic
    # 0.0006 -> sqrt(0.2106) = 0.4589118
    assert pd.activity_spread({}, "input").sigma == pytest.approx(0.4589118, abs=1e-7)
    # transport leg rated good x5: basic 0.12 only -> sqrt(0.12) = 0.3464102
    good = dict.fromkeys(pd.CRITERIA, "good")
    assert pd.activity_spread(good, "transport").sigma == pytest.approx(0.3464102, abs=1e-7)
    # a user gsd overrides: sigma = ln 1.3 = 0.2623643
    assert pd.activity_spread({"gsd": 1.3}, "input").sigma == pytest.approx(0.2623643, abs=1e-7)


def test_factor_spread_by_type_and_confidence():
    # combustion CO2, library confidence low -> reliability 4 (0.008): sqrt(0.0006 + 0.008)
    # = sqrt(0.0086) = 0.0927362 (before: confidence low gave sqrt(0.12) = 0.346, x2.0 at 95 %)
    c = pd.factor_spread("fuel_combustion", "CO2", "low", "combustion:bituminous_coal")
    assert (c.etype, c.sigma) == ("combustion CO2", pytest.approx(0.0927362, abs=1e-7))
    # process PFC, medium -> reliability 3 (0.002): sqrt(0.04 + 0.002) = 0.2049390
    f = pd.factor_spread("process", "CF4", "medium", "method:anode_effect")
    assert (f.etype, f.sigma) == ("process PFC", pytest.approx(0.2049390, abs=1e-7))
    # grid / cradle-to-gate factor, high -> reliability 1 (0): sqrt(0.0006) = 0.0244949
    g = pd.factor_spread("energy", "CO2e", "high", "grid.cn")
    assert (g.etype, g.sigma) == ("secondary factor", pytest.approx(0.0244949, abs=1e-7))
    # no confidence -> reliability 5 (0.04): sqrt(0.0406) = 0.2014944
    assert pd.factor_spread("other", "CO2e", "", "x").sigma == pytest.approx(0.2014944, abs=1e-7)
    assert pd.factor_spread("other", "CO2e", "high", "measured").sigma == 0.0


def _toy(link_dq: dict, act_dq: dict) -> Study:
    """9.9e6 kWh direct line at 0.5 kg CO2e/kWh for 1000 t liquid Al (4.95 t CO2e/t), cast 1:1."""
    return Study.model_validate({
        "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["aluminium_ingot"],
        "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                              "basis": "life_cycle", "source": "supplier"}}},
        "units": [
            {"id": "electrolysis", "inputs": [
                {"flow": "electricity", "amount": 9_900_000.0, "unit": "kWh",
                 "kind": "electricity", "supply": "line", "dq": act_dq}],
             "outputs": [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t"}]},
            {"id": "casting", "inputs": [
                {"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t",
                 "kind": "intermediate", "dq": link_dq}],
             "outputs": [{"flow": "aluminium_ingot", "amount": 1000.0, "unit": "t"}]},
        ],
    })


def test_mass_balance_link_is_tight_whatever_its_ratings():
    # the casting input of liquid aluminium comes from the study's own electrolysis: a link,
    # basic variance only -> sqrt(0.0006) = 0.0244949 (GSD^2 = exp(0.0489898) = 1.050209),
    # although it is rated poor on every criterion (rated as an input it would be
    # sqrt(0.0006 + 0.12 + 0.002 + 0.002 + 0.008 + 0.002) = 0.3662)
    poor = dict.fromkeys(pd.CRITERIA, "poor")
    s = _toy(poor, {"gsd": 1.25})
    m = build_model(s, calculate(s))
    rows = {r["param"]: r for r in parameter_table(m)}
    link = rows["technosphere:casting/inputs/0"]
    assert link["exchange_type"] == "link" and link["pedigree_reliability"] is None
    assert link["sigma_total"] == pytest.approx(0.0244949, abs=1e-7)
    assert link["gsd2"] == pytest.approx(1.050209, abs=1e-6)


def test_one_exchange_toy_percentiles():
    # activity: good x4, reliability poor (score 4): 0.0006 + 0.008 = 0.0086; factor (direct
    # line, confidence high): 0.0006; link gsd 1.0000001 (~0). sigma = sqrt(0.0092) = 0.0959166
    # p97.5 = 4.95 exp(+1.959964 x 0.0959166) = 4.95 x 1.206825 = 5.973785
    # p2.5  = 4.95 exp(-1.959964 x 0.0959166) = 4.95 x 0.828620 = 4.101671
    act = dict.fromkeys(pd.CRITERIA, "good") | {"reliability": "poor"}
    s = _toy({"gsd": 1.0000001}, act)
    r = monte_carlo(s, iterations=40_000, seed=4)["aluminium_ingot"]
    assert r.deterministic == pytest.approx(4.95)
    assert r.p97_5 == pytest.approx(5.973785, rel=0.01)
    assert r.p2_5 == pytest.approx(4.101671, rel=0.01)


def test_coal_example_interval_and_ranking():
    # Before (issue 15 item 8): 10.6-30.6 t for 17.1 t, 84.5 % of the variance from the
    # combustion factor (sigma 0.346), and the liquid-aluminium link on top of the tornado.
    # Now the two coal parameters have sigma ~0.093-0.096 and carry ~73 % and ~74 % of the CFP:
    # sigma_ln(CFP) ~ sqrt((0.74 x 0.0964)^2 + (0.73 x 0.0927)^2 + small) ~ 0.10, so the 95 %
    # interval is about x exp(-+1.96 x 0.10) = 0.82 .. 1.22 of the static CFP.
    s = load_study(EXAMPLES / "coal_captive_smelter.yaml")
    res = calculate(s)
    r = monte_carlo(s, res, iterations=5000, seed=1, product="aluminium_ingot")["aluminium_ingot"]
    assert 0.78 < r.p2_5 / r.deterministic < 0.86
    assert 1.16 < r.p97_5 / r.deterministic < 1.28
    top = next(iter(r.variance_contributions))
    assert not top.startswith("technosphere:")
    assert r.variance_contributions[top] < 0.6
    oat = one_at_a_time_95(s, res, product="aluminium_ingot")
    assert oat[0].kind != "technosphere"


def test_cli_prints_scheme_and_writes_parameter_csv(tmp_path):
    out = tmp_path / "params.csv"
    ex = str(EXAMPLES / "hydro_smelter_yunnan.yaml")
    r = CliRunner().invoke(app, ["uncertainty", ex, "-n", "500", "--seed", "1", "-p",
                                 "aluminium_ingot", "-f", "json", "--parameters-csv", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert "Weidema" in data["scheme"]["en"] and "Weidema" in data["scheme"]["zh"]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len(data["parameters"]) > 10
    for row in rows:  # sigma_total^2 = sigma_basic^2 + sum of the pedigree variances
        if row["source"] in ("user gsd", "measured"):
            continue
        ped = sum(pd.PEDIGREE_VARIANCE[c][int(row[f"pedigree_{c}"]) - 1]
                  for c in pd.CRITERIA if row[f"pedigree_{c}"])
        assert float(row["sigma_total"]) == pytest.approx(
            math.sqrt(float(row["sigma_basic"]) ** 2 + ped), rel=1e-9)
        assert float(row["gsd2"]) == pytest.approx(math.exp(2 * float(row["sigma_total"])))
    links = [x for x in rows if x["param"].startswith("technosphere:")]
    assert links and all(x["exchange_type"] == "link" for x in links)


def test_report_facts_state_the_scheme_and_parameters():
    # toy with the link rated poor x5 and the activity gsd 1.25: the report's uncertainty facts
    # carry the scheme text and, per parameter, type / sigma: activity ln 1.25 = 0.223144
    # (user gsd), direct-line factor sqrt(0.0006) = 0.024495, link sqrt(0.0006) = 0.024495.
    from alcarbon.report import analyses

    s = _toy(dict.fromkeys(pd.CRITERIA, "poor"), {"gsd": 1.25})
    mc = monte_carlo(s, iterations=2000, seed=2)
    facts = analyses.facts_from("aluminium_ingot", mc=mc)["uncertainty"]
    assert facts["scheme"] == [pd.SCHEME_ZH, pd.SCHEME]
    rows = {p["param"]: p for p in facts["parameters"]}
    assert rows["activity:electrolysis/inputs/0"]["exchange_type"] == "user gsd"
    assert rows["activity:electrolysis/inputs/0"]["sigma_total"] == pytest.approx(0.223144)
    link = rows["technosphere:casting/inputs/0"]
    assert link["exchange_type"] == "link" and link["pedigree"] == [None] * 5
    assert link["sigma_total"] == pytest.approx(0.024495)
    assert mc["aluminium_ingot"].to_json_dict()["scheme"] == pd.SCHEME
