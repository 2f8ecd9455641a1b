"""Appendix C workbook: lossless round trip, template, and errors by sheet/row/column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.errors import InputError
from alcarbon.inventory import load_study, save_study

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.mark.parametrize("name", ["coal_captive_smelter", "hydro_smelter_yunnan"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_yaml_xlsx_yaml_round_trip(tmp_path, name, lang):
    original = load_study(ROOT / "examples" / f"{name}.yaml")
    save_study(original, tmp_path / "s.xlsx", lang=lang)
    back = load_study(tmp_path / "s.xlsx")
    save_study(back, tmp_path / "s.yaml")
    assert load_study(tmp_path / "s.yaml") == original


def test_bundled_workbook_equals_yaml():
    for name in ("coal_captive_smelter", "hydro_smelter_yunnan"):
        assert load_study(ROOT / "examples" / f"{name}.xlsx") == load_study(
            ROOT / "examples" / f"{name}.yaml")


def test_template_layout(tmp_path):
    out = tmp_path / "t.xlsx"
    r = runner.invoke(app, ["template", str(out), "--lang", "zh"])
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames[:6] == ["研究信息", "C.1 铝土矿采选", "C.2 氧化铝生产", "C.3 预焙阳极生产",
                                 "C.4 铝电解生产", "C.5 铝液铸锭"]
    ws = wb["C.4 铝电解生产"]
    assert ws["A1"].value == "表 C.4 铝电解生产单元输入、输出数据收集表"
    header = [c.value for c in ws[7]][:6]
    # the six columns of Table C.4, in the standard's order
    assert header == ["输入", "单位", "数量", "运距/km", "运输方式", "规格、成分/来源"]
    labels = [ws.cell(row=r, column=1).value for r in range(8, 15)]
    assert labels[:3] == ["氧化铝", "预焙阳极", "氟化铝"]


def test_unfilled_template_says_which_sheet(tmp_path):
    out = tmp_path / "t.xlsx"
    runner.invoke(app, ["template", str(out)])
    with pytest.raises(InputError, match="C.1 铝土矿采选.*no data rows"):
        load_study(out)


def test_bad_cell_named_by_sheet_row_column(tmp_path):
    p = tmp_path / "s.xlsx"
    save_study(load_study(ROOT / "examples" / "hydro_smelter_yunnan.yaml"), p, lang="zh")
    wb = load_workbook(p)
    ws = wb["C.4 铝电解生产"]
    row = next(r for r in range(8, 30) if ws.cell(row=r, column=7).value == "aluminium_fluoride")
    ws.cell(row=row, column=3).value = "abc"
    wb.save(p)
    r = runner.invoke(app, ["calc", str(p)])
    assert r.exit_code == 2
    assert f"sheet 'C.4 铝电解生产', row {row}, column C (数量)" in r.stderr
    assert "expected a number" in r.stderr


def test_empty_unit_sheet(tmp_path):
    p = tmp_path / "s.xlsx"
    save_study(load_study(ROOT / "examples" / "hydro_smelter_yunnan.yaml"), p, lang="en")
    wb = load_workbook(p)
    ws = wb["C.5 Casting"]
    for row in ws.iter_rows(min_row=8):
        for c in row:
            c.value = None
    wb.save(p)
    r = runner.invoke(app, ["calc", str(p)])
    assert r.exit_code == 2
    assert "sheet 'C.5 Casting'" in r.stderr and "no data rows" in r.stderr


def test_not_a_workbook(tmp_path):
    p = tmp_path / "s.xlsx"
    p.write_bytes(b"not a zip")
    r = runner.invoke(app, ["calc", str(p)])
    assert r.exit_code == 2 and "not an .xlsx workbook" in r.stderr
