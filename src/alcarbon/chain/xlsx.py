"""The chain results workbook: every table one sheet, written straight with xlsxwriter.

``DataFrame.to_excel`` builds a formatted cell object per value before xlsxwriter sees it; on the
demo's 82,000 cells that was 1.7-1.9 s of a run's CPU, this writer 0.8 s (bench/bench_chain.py
profiles). The content is what pandas 3 ``to_excel(index=False)`` writes: a plain header row, then
numbers as numbers, text as text (never a formula or a link: ``strings_to_formulas`` and
``strings_to_urls`` off), NaN and None as empty cells, +-inf as the text ``inf``/``-inf``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> None:
    """One sheet per table (name cut to Excel's 31 characters), header row first."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), _OPTIONS)
    try:
        for name, df in tables.items():
            ws = wb.add_worksheet(name[:31])
            for c, col in enumerate(df.columns):
                ws.write_string(0, c, str(col))
            for c, col in enumerate(df.columns):
                _write_column(ws, c, df[col])
    finally:
        wb.close()


def _write_column(ws: Any, c: int, s: pd.Series) -> None:
    """Rows 1.. of column ``c`` from ``s``: a numeric column as numbers with no per-cell type
    dispatch, anything else value by value."""
    if pd.api.types.is_bool_dtype(s.dtype):
        for r, v in enumerate(s.tolist(), start=1):
            if v is not None and v is not pd.NA:  # a nullable boolean's NA: an empty cell
                ws.write_boolean(r, c, bool(v))
        return
    if pd.api.types.is_numeric_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
        values = s.to_numpy(dtype=float, na_value=np.nan)
        finite = np.isfinite(values)
        number = ws.write_number
        for r in np.flatnonzero(finite).tolist():
            number(r + 1, c, float(values[r]))
        for r in np.flatnonzero(np.isinf(values)).tolist():
            ws.write_string(r + 1, c, "inf" if values[r] > 0 else "-inf")
        return
    for r, v in enumerate(s.tolist(), start=1):
        _write_value(ws, r, c, v)


def _write_value(ws: Any, r: int, c: int, v: Any) -> None:
    if v is None or v is pd.NA or v is pd.NaT:
        return
    if isinstance(v, str):
        ws.write_string(r, c, v)
    elif isinstance(v, bool | np.bool_):
        ws.write_boolean(r, c, bool(v))
    elif isinstance(v, int | float | np.integer | np.floating):
        x = float(v)
        if math.isnan(x):
            return
        if math.isinf(x):
            ws.write_string(r, c, "inf" if x > 0 else "-inf")
        else:
            ws.write_number(r, c, v if isinstance(v, int) else x)
    else:
        ws.write_string(r, c, str(v))
