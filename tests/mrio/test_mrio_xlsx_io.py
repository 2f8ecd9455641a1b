"""Whole-sheet xlsx I/O (alcarbon.mrio.io.xlsx_io, python-calamine + XlsxWriter): agreement with
openpyxl on openpyxl-written workbooks (shared strings, styles, gaps), a write/read round trip."""

import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from alcarbon.errors import InputError
from alcarbon.mrio.io.xlsx_io import read_sheet, sheet_names, write_xlsx


def test_matches_openpyxl_on_openpyxl_file(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Table"
    ws.append(["title", None, None, "天津"])
    ws.append(["北京", "煤炭", 2, 0.25, None, 1e-9])
    ws["B5"] = "after gap"
    ws["C2"].number_format = "0.00"
    wb.create_sheet("Other").append([1])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    assert sheet_names(path) == ["Table", "Other"]
    got = read_sheet(path, "Table")
    ref = load_workbook(path, read_only=True, data_only=True)
    want = [[float(v) if isinstance(v, int) else v for v in r]
            for r in ref["Table"].iter_rows(values_only=True)]
    ref.close()
    assert got == want
    assert got[1][2] == 2.0 and got[4][1] == "after gap"


def test_write_then_read_round_trip(tmp_path):
    rows = [["省份", None, "代码"], ["北京", "a<b", 1], [None, None, 0.1, 2.5, -7.0], [True]]
    path = write_xlsx(tmp_path / "o.xlsx", [("Note", [["SYNTHETIC"]]), ("T", rows)])
    assert sheet_names(path) == ["Note", "T"]
    got = read_sheet(path, "T")
    # numbers come back as floats; rows padded to the widest row (5 columns)
    assert got == [["省份", None, "代码", None, None], ["北京", "a<b", 1.0, None, None],
                   [None, None, 0.1, 2.5, -7.0], [True, None, None, None, None]]
    # openpyxl (an independent reader) sees the same cells
    wb = load_workbook(path)
    assert wb["T"]["B2"].value == "a<b" and wb["T"]["E3"].value == -7.0
    with zipfile.ZipFile(path) as zf:
        assert "xl/worksheets/sheet2.xml" in zf.namelist()
    with pytest.raises(InputError, match="no sheet 'Nope'"):
        read_sheet(path, "Nope")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        sheet_names(bad)
