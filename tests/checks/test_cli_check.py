"""`alcarbon check`: exit codes and JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml
from typer.testing import CliRunner

from alcarbon.cli.main import app


def _write(tmp_path, study):
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(study.model_dump(mode="json"), allow_unicode=True),
                 encoding="utf-8")
    return p


def test_exit_0_when_no_shall_fails(tmp_path, hydro, make_complete):
    r = CliRunner().invoke(app, ["check", str(_write(tmp_path, make_complete(hydro))),
                                 "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["failed_shall"] is False and len(data["compliance"]) == 49  # ids 1-49 of the csv


def test_exit_1_when_a_shall_fails(tmp_path, hydro, make_complete):
    s = make_complete(hydro)
    s.gwp_set = "AR5"
    r = CliRunner().invoke(app, ["check", str(_write(tmp_path, s))])
    assert r.exit_code == 1
    assert "need verifier confirmation" in r.output


def test_exit_2_on_bad_input(tmp_path):
    r = CliRunner().invoke(app, ["check", str(tmp_path / "missing.yaml")])
    assert r.exit_code == 2
    r = CliRunner().invoke(app, ["check", "examples/hydro_smelter_yunnan.yaml", "-p", "copper"])
    assert r.exit_code == 2


def test_cli_modules_import_only_typer():
    code = ("import sys; import alcarbon.cli.check_cmd, alcarbon.cli.uncertainty_cmd; "
            "print(any(m in sys.modules for m in ('numpy', 'pandas', 'scipy', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
