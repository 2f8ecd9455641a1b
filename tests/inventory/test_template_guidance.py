"""Issue 10 §2: the Appendix C template alone guides an accountant to a study that computes.

The workbook is filled ONLY from what the template itself wrote: each study row's example cell
copied into its value cell, each unit row's example-plant amount into its amount cell, and each
auxiliary sheet's example row (row 3) copied to row 4.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.errors import InputError
from alcarbon.inventory import load_study, save_study

runner = CliRunner()
GUIDED = ("purpose", "product_description", "report_items", "gwp_latest")


def _template(tmp_path: Path, lang: str) -> Path:
    out = tmp_path / f"t_{lang}.xlsx"
    r = runner.invoke(app, ["template", str(out), "--lang", lang])
    assert r.exit_code == 0, r.output
    return out


def _header_cols(ws, row: int) -> dict[str, int]:
    return {c.value: c.column for c in ws[row] if c.value is not None}


def _fill_from_guidance(src: Path, dst: Path) -> None:
    wb = load_workbook(src)
    for ws in wb:
        head = [c.value for c in ws[1]]
        if head[:5] in (["字段", "说明", "填写值", "条款", "示例"],
                        ["key", "label", "value", "clause", "example"]):
            for r in range(2, ws.max_row + 1):
                ws.cell(r, 3).value = ws.cell(r, 5).value  # example -> value
        elif ws.cell(7, 1).value in ("输入", "input"):  # a Table C.x sheet
            cols: dict[str, int] = {}
            for r in range(7, ws.max_row + 1):
                first = ws.cell(r, 1).value
                if first in ("输入", "输出", "input", "output"):
                    cols = _header_cols(ws, r)
                    amount = cols.get("数量") or cols["amount"]
                    example = next(v for k, v in cols.items() if k.startswith(("示例数量",
                                                                                "example amount")))
                    continue
                if cols and isinstance(ws.cell(r, example).value, int | float):
                    ws.cell(r, amount).value = ws.cell(r, example).value
        else:  # auxiliary sheet: the example row 3 copied as the first data row
            for c in range(1, ws.max_column + 1):
                ws.cell(4, c).value = ws.cell(3, c).value
    wb.save(dst)


@pytest.fixture(scope="module", params=["zh", "en"])
def filled(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"guide_{request.param}")
    dst = tmp / "filled.xlsx"
    _fill_from_guidance(_template(tmp, request.param), dst)
    return request.param, dst


def test_filled_template_has_every_field_and_computes(filled):
    from alcarbon.checks import run_checks
    from alcarbon.engine import calculate

    lang, path = filled
    s = load_study(path)
    # values the template's example column holds, read back as the model's types
    assert s.report_date == date(2025, 3, 31)
    assert s.product.picture == "product_photo.jpg" and s.product.grade == "Al99.70"
    assert s.illustrative is False  # 否 / no
    assert s.period.start == date(2024, 1, 1) and s.declared_products == ["aluminium_ingot"]
    assert list(s.electricity.supplies) == ["grid"]  # the unchanged example row 3 is not read
    assert s.electricity.supplies["grid"].region == ("云南" if lang == "zh" else "Yunnan")
    assert len(s.omitted_flows) == 1 and s.omitted_flows[0].estimated_t_co2e == 5
    cfp = s.unit("anode_production").inputs[0].supplier_cfp
    assert (cfp.value, cfp.amount_unit, cfp.per, cfp.year, cfp.verified) == (0.36, "t", "t",
                                                                             2024, False)
    res = calculate(s)
    p = res.product("aluminium_ingot")
    flows = p.by("flow")
    # supplier footprint of calcined coke: 28 399 t x 0.36 t CO2e/t over 100 000 t of ingot
    # (all anodes go to the pots, all liquid metal to the ingot): 0.102236 t CO2e/t
    assert flows["calcined_coke"] == pytest.approx(28_399 * 0.36 / 100_000, rel=1e-9)
    # anode effect by guideline factors 0.0701 kg CF4/t and 0.00406 kg C2F6/t Al, AR6 GWP100
    # 7380 and 12400 (Appendix D): 0.0701e-3 x 7380 = 0.517338 and 0.00406e-3 x 12400 = 0.050344
    gas = p.by_gas()
    assert gas["CF4"] == pytest.approx(0.517338, rel=1e-9)
    assert gas["C2F6"] == pytest.approx(0.050344, rel=1e-9)
    rep = run_checks(s, res)
    status = {c.key: (c.status, c.reason) for c in rep.compliance}
    for key in GUIDED:  # clauses 4, 5.1, 8.1, 10: nothing 'missing' or 'not stated'
        assert status[key][0] == "pass", status[key]


def test_filled_template_report_has_no_not_given(filled, tmp_path):
    from alcarbon.report.api import compute
    from alcarbon.report.content import build_report
    from alcarbon.report.render_html import render_html

    lang, path = filled
    word = "未提供" if lang == "zh" else "not given"
    html = render_html(build_report(compute(load_study(path), analyses=False).facts, {}, lang))
    assert word not in html
    # the same study without the study sheet's values shows the marker: the check can fail
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "producer.phone":
            ws.cell(r, 3).value = None
    wb.save(tmp_path / "less.xlsx")
    html = render_html(build_report(compute(load_study(tmp_path / "less.xlsx"),
                                            analyses=False).facts, {}, lang))
    assert html.count(word) == 1


def test_unfilled_template_reads_nothing_from_examples(tmp_path):
    with pytest.raises(InputError, match="no data rows"):
        load_study(_template(tmp_path, "zh"))


def test_hidden_row_survives_round_trip(filled, tmp_path):
    lang, path = filled
    wb = load_workbook(path)
    ws = next(w for w in wb if w.title.startswith("C.4"))
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 7).value == "diesel")
    ws.row_dimensions[row].hidden = True
    wb.save(tmp_path / "hidden.xlsx")
    s = load_study(tmp_path / "hidden.xlsx")
    diesel = [i for i in s.unit("electrolysis").inputs if i.flow == "diesel"]
    assert [i.amount for i in diesel] == [3890]
    save_study(s, tmp_path / "back.xlsx", lang=lang)
    back = load_workbook(tmp_path / "back.xlsx")
    ws2 = next(w for w in back if w.title.startswith("C.4"))
    rows = [[c.value for c in r] for r in ws2.iter_rows(min_row=8)]
    assert any(r[6] == "diesel" and r[2] == 3890 for r in rows)
    assert load_study(tmp_path / "back.xlsx") == s


def test_standard_words_read_as_ratings_and_booleans(filled, tmp_path):
    lang, path = filled
    wb = load_workbook(path)
    ws = next(w for w in wb if w.title.startswith("C.4"))
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 7).value == "electricity")
    # columns N..S: technology, time, geography, reliability, completeness, primary
    for col, word in zip("NOPQRS", ("好", "一般", "较差", "一般", "好", "否"), strict=True):
        ws[f"{col}{row}"] = word
    sup = wb["供应商碳足迹" if lang == "zh" else "Supplier footprints"]
    sup["J4"] = "是"
    study = wb.worksheets[0]
    r = next(r for r in range(2, study.max_row + 1) if study.cell(r, 1).value == "illustrative")
    study.cell(r, 3).value = "是"
    wb.save(tmp_path / "words.xlsx")
    s = load_study(tmp_path / "words.xlsx")
    dq = next(i for i in s.unit("electrolysis").inputs if i.flow == "electricity").dq
    assert (dq.technology, dq.time, dq.geography, dq.reliability, dq.completeness) == (
        "good", "fair", "poor", "fair", "good")
    assert dq.primary is False and s.illustrative is True
    assert s.unit("anode_production").inputs[0].supplier_cfp.verified is True


def _lists(ws) -> dict[str, str]:
    """Cell range -> the drop-down's items (Excel list data validation)."""
    return {str(dv.sqref): dv.formula1.strip('"') for dv in ws.data_validations.dataValidation
            if dv.type == "list"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_drop_downs_on_the_right_columns(tmp_path, lang):
    wb = load_workbook(_template(tmp_path, lang))
    zh = lang == "zh"
    unit = _lists(next(w for w in wb if w.title.startswith("C.4")))
    by_col = {rng.split(":")[0].rstrip("0123456789"): items for rng, items in unit.items()}
    # B unit, H kind, N-R Table 2 ratings, S primary (yes/no)
    assert "kWh" in by_col["B"].split(",") and "t" in by_col["B"].split(",")
    assert {"material", "fuel", "electricity", "product", "waste"} <= set(by_col["H"].split(","))
    for col in "NOPQR":
        assert by_col[col] == ("好,一般,较差" if zh else "good,fair,poor")
    assert by_col["S"] == ("是,否" if zh else "yes,no")
    sup = _lists(wb["电力供应" if zh else "Electricity supply"])
    assert sup["B3:B500"] == "grid,captive,direct_line,contract"  # 7.1.5 supply types
    assert sup["J3:J500"] == ("是,否" if zh else "yes,no")
    cfp = _lists(wb["供应商碳足迹" if zh else "Supplier footprints"])
    assert cfp["J3:J500"] == ("是,否" if zh else "yes,no") and cfp["D3:D500"] == "t,kg"
    study = _lists(wb.worksheets[0])
    assert "AR6,AR5,AR4,SAR" in study.values()


def test_aux_sheet_error_names_sheet_row_and_column(filled, tmp_path):
    lang, path = filled
    zh = lang == "zh"
    wb = load_workbook(path)
    proc = wb["过程排放参数" if zh else "Process emissions"]
    proc["J4"] = -1  # anode_effect.ef_cf4_kg_per_t must be >= 0
    sup = wb["电力供应" if zh else "Electricity supply"]
    sup["B4"] = "solar"  # not a 7.1.5 supply type
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as e:
        load_study(tmp_path / "bad.xlsx")
    msg = str(e.value)
    assert f"sheet '{proc.title}', row 4, column J (anode_effect.ef_cf4_kg_per_t)" in msg
    assert f"sheet '{sup.title}', row 4, column B (type)" in msg
    r = runner.invoke(app, ["check", str(tmp_path / "bad.xlsx")])
    assert r.exit_code == 2


def test_supplier_row_for_unknown_flow_names_its_cell(filled, tmp_path):
    lang, path = filled
    wb = load_workbook(path)
    ws = wb["供应商碳足迹" if lang == "zh" else "Supplier footprints"]
    ws["B4"] = "petroleum_coke"  # no such input row in the anode sheet once filled
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError, match=rf"sheet '{ws.title}', row 4, column B"):
        load_study(tmp_path / "bad.xlsx")


def test_chinese_workbook_writes_the_standards_words(tmp_path):
    root = Path(__file__).resolve().parents[2]
    s = load_study(root / "examples" / "hydro_smelter_yunnan.yaml")
    save_study(s, tmp_path / "zh.xlsx", lang="zh")
    ws = load_workbook(tmp_path / "zh.xlsx")["C.1 铝土矿采选"]
    # the mine's first input (fuel oil) is rated technology 'fair', primary false in the YAML
    assert (ws["N8"].value, ws["S8"].value) == ("一般", "否")
    supplies = load_workbook(tmp_path / "zh.xlsx")["电力供应"]
    cols = {c.value: c.column_letter for c in supplies[1]}
    assert "是" in [supplies[f"{cols['exclusive_claim']}{r}"].value for r in range(4, 7)]
    assert load_study(tmp_path / "zh.xlsx") == s


def test_user_factor_and_study_field_errors_name_their_cells(filled, tmp_path):
    lang, path = filled
    wb = load_workbook(path)
    fac = wb["用户排放因子" if lang == "zh" else "User factors"]
    fac["E4"] = "kWh"  # amount_unit must be a mass unit
    study = wb.worksheets[0]
    row = next(r for r in range(2, study.max_row + 1) if study.cell(r, 1).value == "period.end")
    study.cell(row, 3).value = "2023-12-31"  # before period.start 2024-01-01
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError, match=rf"sheet '{fac.title}', row 4, column E \(amount_unit\)"):
        load_study(tmp_path / "bad.xlsx")
    fac["E4"] = "t"
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as e:
        load_study(tmp_path / "bad.xlsx")
    # the period is validated as a whole: the error names both period rows of the study sheet
    start = next(r for r in range(2, study.max_row + 1)
                 if study.cell(r, 1).value == "period.start")
    assert f"sheet '{study.title}', rows {start}, {row}, column C (period)" in str(e.value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_aux_sheets_have_labels_units_and_an_example(tmp_path, lang):
    from alcarbon.units import parse_unit

    wb = load_workbook(_template(tmp_path, lang))
    zh_names = ["过程排放参数", "电力供应", "用户排放因子", "取舍", "供应商碳足迹"]
    names = zh_names if lang == "zh" else ["Process emissions", "Electricity supply",
                                           "User factors", "Cut-off", "Supplier footprints"]
    for name in names:
        ws = wb[name]
        keys, labels, example = ([c.value for c in ws[r]] for r in (1, 2, 3))
        assert all(keys) and all(labels) and len(keys) == len(labels)
        assert example[0] not in (None, "")  # one example row, first column filled
    cfp = [c.value for c in wb[names[4]][1]]
    assert cfp == ["unit", "flow", "value", "amount_unit", "per", "basis", "source",
                   "verified_by", "year", "verified"]
    labels = [c.value for c in wb[names[3]][2]]
    # zh: the unit in Chinese brackets after Chinese text (GB/T 15834), no space
    assert labels[2] == ("估算排放（t CO2e）" if lang == "zh" else "estimated emissions (t CO2e)")
    # every unit offered by the unit sheets' drop-down is one alcarbon reads
    units = _lists(next(w for w in wb if w.title.startswith("C.1")))
    for u in next(v for k, v in units.items() if k.startswith("B")).split(","):
        parse_unit(u)
