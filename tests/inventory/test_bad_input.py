"""Every malformed input gives a clear, located error and exit code 2 (issue: engine, Tests)."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from typer.testing import CliRunner

from alcarbon.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "coal_captive_smelter.yaml"
runner = CliRunner()


def _data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _run(tmp_path: Path, data: dict, name: str = "s.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return runner.invoke(app, ["calc", str(p), "--format", "json"])


def _unit(data: dict, uid: str) -> dict:
    return next(u for u in data["units"] if u["id"] == uid)


def test_negative_amount(tmp_path):
    d = _data()
    _unit(d, "electrolysis")["inputs"][2]["amount"] = -5
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "units[3] ('electrolysis').inputs[2] ('aluminium_fluoride').amount" in r.stderr
    assert "non-negative" in r.stderr


def test_non_numeric_amount(tmp_path):
    d = _data()
    _unit(d, "casting")["inputs"][1]["amount"] = "lots"
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "inputs[1] ('natural_gas').amount" in r.stderr and "number" in r.stderr


def test_unknown_unit(tmp_path):
    d = _data()
    _unit(d, "casting")["inputs"][1]["unit"] = "bananas"
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "unit" in r.stderr and "bananas" in r.stderr


def test_incompatible_unit(tmp_path):
    d = _data()
    _unit(d, "electrolysis")["inputs"][0]["unit"] = "kWh"  # alumina in kWh
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "unit 'electrolysis', inputs[0] 'alumina'" in r.stderr
    assert "'kWh'" in r.stderr and "'t'" in r.stderr


def test_missing_factors_listed_at_once(tmp_path):
    d = _data()
    d["factors"] = [f for f in d["factors"] if f["id"] == "study.fuel_oil_proxy"]
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    # the three factors no public source gives are all named in one message
    for flow in ("calcined_coke", "coal_tar_pitch", "aluminium_fluoride"):
        assert flow in r.stderr
    assert "3 emission factor(s)" in r.stderr


def test_factor_without_default_must_be_supplied(tmp_path):
    d = _data()
    _unit(d, "electrolysis")["inputs"].append(
        {"flow": "cryolite", "amount": 100, "unit": "t"})
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "upstream factor of 'cryolite'" in r.stderr


def test_unlinked_product(tmp_path):
    d = _data()
    _unit(d, "electrolysis")["inputs"][1]["provider"] = "anode_from_nowhere"
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "anode_from_nowhere" in r.stderr and "no unit process makes" in r.stderr


def test_duplicate_product(tmp_path):
    d = _data()
    extra = copy.deepcopy(_unit(d, "casting"))
    extra["id"] = "casting_line_2"
    d["units"].append(extra)
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "'aluminium_ingot' is produced by both 'casting' and 'casting_line_2'" in r.stderr


def test_duplicate_unit_id(tmp_path):
    d = _data()
    d["units"].append(copy.deepcopy(_unit(d, "casting")))
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "unit id 'casting' appears twice" in r.stderr


def test_wrong_gwp_set(tmp_path):
    d = _data()
    d["gwp_set"] = "AR7"
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "AR7" in r.stderr and "AR6" in r.stderr


def test_unknown_declared_product(tmp_path):
    d = _data()
    d["declared_products"] = ["aluminium_ingot", "scandium"]
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "declared_products" in r.stderr


def test_unknown_field_is_refused(tmp_path):
    d = _data()
    _unit(d, "casting")["inputs"][1]["amout"] = 3
    r = _run(tmp_path, d)
    assert r.exit_code == 2
    assert "amout" in r.stderr


def test_file_not_found_and_bad_type(tmp_path):
    r = runner.invoke(app, ["calc", str(tmp_path / "missing.yaml")])
    assert r.exit_code == 2 and "file not found" in r.stderr
    bad = tmp_path / "s.txt"
    bad.write_text("x")
    r = runner.invoke(app, ["calc", str(bad)])
    assert r.exit_code == 2 and ".yaml, .yml, .json or .xlsx" in r.stderr


def test_broken_yaml(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("units: [\n  - id: x\n    inputs: {", encoding="utf-8")
    r = runner.invoke(app, ["calc", str(p)])
    assert r.exit_code == 2 and "cannot parse" in r.stderr
