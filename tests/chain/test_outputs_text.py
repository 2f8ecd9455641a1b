"""Chain results workbook: text from the data that starts with '=' is stored as text."""

from __future__ import annotations

import zipfile

import pandas as pd
from openpyxl import load_workbook

from alcarbon.chain.outputs import write_tables


def test_formula_like_text_is_text(tmp_path):
    df = pd.DataFrame({"province": ["=1+1", "@SUM(A1)", "-5 kg"], "value": [1.0, 2.0, 3.0]})
    write_tables({"t": df}, tmp_path)
    with zipfile.ZipFile(tmp_path / "chain_results.xlsx") as zf:
        xml = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml
    ws = load_workbook(tmp_path / "chain_results.xlsx")["t"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["=1+1", "@SUM(A1)", "-5 kg"]
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[1] == "=1+1,1.0"
