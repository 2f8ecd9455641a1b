"""CLI: `alcarbon report` and `alcarbon export` write files; bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from alcarbon.cli.main import app

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "hydro_smelter_yunnan.yaml")


def test_report_json_and_export(tmp_path):
    r = CliRunner().invoke(app, ["report", EXAMPLE, "-o", str(tmp_path / "r.json")])
    assert r.exit_code == 0, r.output
    facts = json.loads((tmp_path / "r.json").read_text("utf-8"))
    r = CliRunner().invoke(app, ["export", EXAMPLE, "-o", str(tmp_path / "p.json"),
                                 "--created", "2025-01-01T00:00:00Z"])
    assert r.exit_code == 0, r.output
    pf = json.loads((tmp_path / "p.json").read_text("utf-8"))
    assert float(pf["pcf"]["pcfExcludingBiogenicUptake"]) == facts["result"]["cfp"]
    r = CliRunner().invoke(app, ["export", EXAMPLE, "-o", str(tmp_path / "c.json"), "-f", "cbam"])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "c.json").read_text("utf-8"))["cn_code"] == "7601"


def test_bad_suffix_and_language_exit_2(tmp_path):
    r = CliRunner().invoke(app, ["report", EXAMPLE, "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 2
    assert not (tmp_path / "r.docx").exists()
    r = CliRunner().invoke(app, ["report", EXAMPLE, "-o", str(tmp_path / "r.html"),
                                 "--lang", "fr"])
    assert r.exit_code == 2
