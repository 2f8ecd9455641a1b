"""CLI messages a newcomer meets: each mistake exits 2 and names the option and the fix.

Expectations are written by hand: product names are GB/T 44905 5.2 a)-d); the toy study's CFP is
derived in tests/conftest.py (10.8 + 1.92 + 0.862 + 0.4 x 0.976 x 44/12 = 15.0134667 t CO2e/t).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import get_args

import yaml
from typer.testing import CliRunner

from alcarbon.cli.main import app

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "hydro_smelter_yunnan.yaml")
TOY_CFP = 10.8 + 1.92 + 0.862 + 0.4 * 0.976 * 44 / 12

runner = CliRunner()

USER_FACTORS = (
    "id,name,kind,value,amount_unit,per,gas,basis,region,year,confidence,document,issuer,"
    "source_year\n"
    "my.alumina,Purchased alumina (supplier CFP),material_upstream,1.0,t,t,CO2e,life_cycle,CN,"
    "2024,medium,Supplier declaration,Supplier A,2024\n")


def _toy_with_factor_id(tmp_path: Path, rep_toy_data: dict) -> tuple[Path, Path]:
    """The toy study whose purchased alumina cites 'my.alumina' (1.0 t/t, defined only in a
    user factor file) instead of carrying its supplier CFP: same CFP, 15.0134667 t CO2e/t."""
    d = copy.deepcopy(rep_toy_data)
    alumina = d["units"][0]["inputs"][0]
    del alumina["supplier_cfp"]
    alumina["factor"] = "my.alumina"
    study = tmp_path / "toy.yaml"
    study.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    factors = tmp_path / "mine.csv"
    factors.write_text(USER_FACTORS, encoding="utf-8")
    return study, factors


def test_products_are_the_five_declared_units_of_5_2():
    """The five declared units of 5.2, and the Al(OH)3 co-product whose own footprint 7.3.2 d
    computes (issue 15 item 11)."""
    from alcarbon.cli.errors_cli import PRODUCTS
    from alcarbon.inventory.model import Study

    assert PRODUCTS == ("bauxite", "alumina", "prebaked_anode", "liquid_aluminium",
                        "aluminium_ingot", "aluminium_hydroxide")
    literal = Study.model_fields["declared_products"].annotation
    assert set(get_args(get_args(literal)[0])) == set(PRODUCTS)


def test_calc_misspelt_product_exits_2_with_suggestion():
    r = runner.invoke(app, ["calc", EXAMPLE, "-p", "aluminum_ingot"])
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert "--product" in r.output
    assert "did you mean 'aluminium_ingot'" in r.output


def test_calc_table_prints_each_note_once_and_no_negative_zero(tmp_path, rep_toy_data):
    from alcarbon.cli.calc_cmd import _pct, unique

    assert _pct(-1e-9) == "0.0 %"           # a rounding-size negative share
    assert _pct(0.1234) == "12.3 %"
    assert unique(["a", "b", "a"]) == ["a", "b"]
    study = tmp_path / "toy.yaml"
    study.write_text(yaml.safe_dump(rep_toy_data, allow_unicode=True), encoding="utf-8")
    r = runner.invoke(app, ["calc", str(study)])
    assert r.exit_code == 0, r.output
    assert f"{TOY_CFP:.4f}" in r.output     # 15.0135
    assert "-0.0 %" not in r.output


def test_user_factor_file_works_in_check_and_uncertainty(tmp_path, rep_toy_data):
    study, factors = _toy_with_factor_id(tmp_path, rep_toy_data)
    r = runner.invoke(app, ["check", str(study)])
    assert r.exit_code == 2                 # my.alumina unknown without the file
    assert "my.alumina" in r.output
    r = runner.invoke(app, ["check", str(study), "--factors", str(factors), "-f", "json"])
    assert r.exit_code in (0, 1), r.output  # checks ran (1: some shall clause fails)
    r = runner.invoke(app, ["uncertainty", str(study), "--factors", str(factors), "-n", "50",
                            "--seed", "1", "-f", "json"])
    assert r.exit_code == 0, r.output
    mc = json.loads(r.stdout)["monte_carlo"][0]
    assert abs(mc["deterministic"] - TOY_CFP) < 1e-9


def test_uncertainty_option_ranges_name_the_option():
    r = runner.invoke(app, ["uncertainty", EXAMPLE, "--sobol", "3", "--sobol-samples", "300"])
    assert r.exit_code == 2
    assert "--sobol-samples" in r.output and "power of 2" in r.output
    r = runner.invoke(app, ["uncertainty", EXAMPLE, "--delta", "10"])
    assert r.exit_code == 2
    assert "--delta" in r.output and "0.1" in r.output


def test_export_checks_options_before_computing(tmp_path):
    missing = str(tmp_path / "no_such_study.yaml")
    # the option errors come first, so the study file is not even read
    r = runner.invoke(app, ["export", missing, "-o", str(tmp_path / "p.json"), "-f", "xml"])
    assert r.exit_code == 2 and "--format" in r.output
    r = runner.invoke(app, ["export", missing, "-o", str(tmp_path / "p.csv")])
    assert r.exit_code == 2 and ".json" in r.output
    r = runner.invoke(app, ["export", missing, "-o", str(tmp_path / "p.json"),
                            "--created", "yesterday"])
    assert r.exit_code == 2 and "--created" in r.output and "ISO 8601" in r.output
    r = runner.invoke(app, ["export", missing, "-o", str(tmp_path / "p.json"), "-p", "ingot"])
    assert r.exit_code == 2 and "did you mean 'aluminium_ingot'" in r.output
    assert not list(tmp_path.iterdir())


def test_export_product_not_declared_is_a_message_not_a_traceback(tmp_path, rep_toy_data):
    study = tmp_path / "toy.yaml"              # declares liquid_aluminium only
    study.write_text(yaml.safe_dump(rep_toy_data, allow_unicode=True), encoding="utf-8")
    r = runner.invoke(app, ["export", str(study), "-o", str(tmp_path / "p.json"),
                            "-p", "aluminium_ingot"])
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert "not a declared product" in r.output and "liquid_aluminium" in r.output


def test_export_cbam_anode_switch(tmp_path):
    r = runner.invoke(app, ["export", EXAMPLE, "-f", "cbam", "--no-anode",
                            "-o", str(tmp_path / "c.json")])
    assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / "c.json").read_text("utf-8"))
    assert data["anode_production_included"] is False
    assert "anode_production" not in data["boundary_units"]
    r = runner.invoke(app, ["export", "--help"])
    assert "--no-no-anode" not in r.output


def test_convert_refuses_unknown_target_suffix(tmp_path):
    r = runner.invoke(app, ["convert", EXAMPLE, str(tmp_path / "study.txt")])
    assert r.exit_code == 2
    assert ".yaml, .json or .xlsx" in r.output
    assert not (tmp_path / "study.txt").exists()


def test_template_says_what_to_fill(tmp_path):
    r = runner.invoke(app, ["template", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0, r.output
    assert '["aluminium_ingot"]' in r.output     # declared_products is a list
    assert "--factors" in r.output
    r = runner.invoke(app, ["template", str(tmp_path / "f.xlsx"), "--lang", "fr"])
    assert r.exit_code == 2 and "zh or en" in r.output
    assert not (tmp_path / "f.xlsx").exists()


def test_factors_typos_get_suggestions():
    r = runner.invoke(app, ["factors", "list", "--kind", "electrcity"])
    assert r.exit_code == 2 and "did you mean 'electricity'" in r.output
    r = runner.invoke(app, ["factors", "show", "柴油"])
    assert r.exit_code == 2 and "fuel.diesel" in r.output
    r = runner.invoke(app, ["factors", "list", "--region", "yunnan", "--year", "1990"])
    assert r.exit_code == 0 and "no factor matches" in r.output
    r = runner.invoke(app, ["factors", "list", "-f", "csv", "--search", "hydro",
                            "--year", "2024"])
    assert r.exit_code == 0
    # the 2024 official annex: hydropower 0.0141 kg CO2e/kWh (docs/factors.md)
    assert "elec.footprint.hydro.2024,0.0141,kg/kWh" in r.stdout


def test_check_requirement_is_cut_at_a_word():
    from alcarbon.cli.check_cmd import shorten

    assert shorten("short text", 70) == "short text"
    assert shorten("The functional unit shall be measurable", 25) == "The functional unit…"


def test_mrio_synth_and_network_messages(tmp_path):
    r = runner.invoke(app, ["mrio", "synth", str(tmp_path / "t.txt")])
    assert r.exit_code == 2 and ".xlsx or .csv" in r.output
    r = runner.invoke(app, ["mrio", "synth", str(tmp_path / "t.xlsx"), "--regions", "4",
                            "--sectors", "5"])
    assert r.exit_code == 0, r.output
    assert "t_synthetic.xlsx" in r.output and "SYNTHETIC" in r.output
    table = str(tmp_path / "t_synthetic.xlsx")
    out = str(tmp_path / "out")
    r = runner.invoke(app, ["mrio", "network", table, "-o", out, "--source", "北京"])
    assert r.exit_code == 2 and "--target" in r.output
    # the synthetic China layout names its first four regions 北京, 天津, 河北, 山西
    r = runner.invoke(app, ["mrio", "network", table, "-o", out, "--source", "北京",
                            "--target", "XX"])
    assert r.exit_code == 2
    assert "--target" in r.output and "北京, 天津, 河北, 山西" in r.output
