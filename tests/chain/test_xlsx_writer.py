"""The chain workbook (chain/xlsx.py, xlsxwriter): read back by openpyxl and pandas, every cell
is the value of the table it came from."""

from __future__ import annotations

import math
import zipfile

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from alcarbon.chain.outputs import analyse
from alcarbon.chain.template import write_template
from alcarbon.chain.xlsx import write_workbook


def test_text_escaped_numbers_exact(tmp_path):
    df = pd.DataFrame({'a <&> "q"': [" lead", "tail ", "省份", "x"],
                       "n": [0.1 + 0.2, 1e-300, -2.5e17, 2.0 ** 53],
                       "i": [2 ** 40, 1, -3, 0],
                       "b": pd.array([True, None, False, True], dtype="boolean")})
    write_workbook({"s&<": df}, tmp_path / "e.xlsx")
    wb = load_workbook(tmp_path / "e.xlsx")
    assert wb.sheetnames == ["s&<"]
    rows = [[c.value for c in r] for r in wb["s&<"].iter_rows()]
    # by hand: markup characters and quotes kept, white space at either end kept, a missing
    # boolean empty; numbers as xlsxwriter writes them, to 16 significant digits ("%.16G"):
    # 0.1 + 0.2 = 0.30000000000000004 is written 0.3000000000000000 and reads back as 0.3 (the
    # CSVs keep every digit); 2**53, 1e-300 and -2.5e17 have at most 16 digits and come back
    assert rows == [['a <&> "q"', "n", "i", "b"],
                    [" lead", 0.3, 1099511627776, True],
                    ["tail ", 1e-300, 1, None],
                    ["省份", -2.5e17, -3, False],
                    ["x", 9007199254740992, 0, True]]


def test_demo_tables_read_back_equal(tmp_path):
    write_template(tmp_path / "demo", demo=True)  # 28 provinces x 11 years, 12 tables
    tables = analyse(tmp_path / "demo").tables
    path = tmp_path / "chain_results.xlsx"
    write_workbook(tables, path)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    back = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(back) == [name[:31] for name in tables]
    for name, df in tables.items():
        got = back[name[:31]]
        assert list(got.columns) == [str(c) for c in df.columns], name
        assert len(got) == len(df), name
        for col in df.columns:
            want, have = df[col], got[str(col)]
            if pd.api.types.is_numeric_dtype(want.dtype):
                a = want.to_numpy(dtype=float, na_value=np.nan)
                b = have.to_numpy(dtype=float, na_value=np.nan)
                # 16 significant digits (xlsxwriter's "%.16G"): within 5e-16 relative
                assert np.allclose(a, b, rtol=6e-16, atol=0.0, equal_nan=True), (name, col)
            else:
                a = ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
                     for v in want.tolist()]
                b = ["" if isinstance(v, float) and math.isnan(v) else str(v)
                     for v in have.tolist()]
                assert a == b, (name, col)
