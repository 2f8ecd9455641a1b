"""Fast whole-sheet .xlsx I/O for MRIO-sized tables, over two maintained libraries.

A 31 x 42 China MRIO sheet has about 1,310 x 1,470 = 1.9 million cells; openpyxl needs 12-19 s
to read or write it even in read-only / write-only mode (bench/bench_mrio.py). Reading uses
python-calamine (Rust calamine bindings) and writing XlsxWriter in constant-memory mode.

``read_sheet`` returns the rows of a sheet from A1 (cached values, like openpyxl's
``data_only=True``), each padded to the sheet's width, with ``None`` for empty cells, floats for
numbers, str for text and bool for booleans.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from alcarbon.atomic import atomic_path
from alcarbon.errors import InputError


def _workbook(path: str | Path) -> Any:
    from python_calamine import CalamineWorkbook

    from alcarbon.inventory.xlsx_guard import DATA_MAX_UNPACKED, check_xlsx

    check_xlsx(path, max_unpacked=DATA_MAX_UNPACKED)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for non-xlsx input
        raise InputError(f"cannot open workbook ({exc})", where=str(path),
                         expected="an .xlsx file") from None


def sheet_names(path: str | Path) -> list[str]:
    """Sheet names of a workbook, in workbook order."""
    return list(_workbook(path).sheet_names)


def _cell(v: Any) -> Any:
    if v == "" or v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return float(v)
    return v


def read_sheet(path: str | Path, sheet: str) -> list[list[Any]]:
    """All rows of one sheet from A1 (see the module docstring)."""
    wb = _workbook(path)
    if sheet not in wb.sheet_names:
        raise InputError(f"no sheet {sheet!r}", where=str(path),
                         expected="one of " + ", ".join(wb.sheet_names))
    from alcarbon.inventory.xlsx_guard import check_cells

    try:
        ws = wb.get_sheet_by_name(sheet)
        check_cells(ws.total_height, ws.total_width, f"{path}, sheet {sheet}")
        rows = ws.to_python(skip_empty_area=False)
    except InputError:
        raise
    except Exception as exc:  # calamine's own error types for a damaged sheet
        raise InputError(f"cannot read sheet {sheet!r} ({exc})", where=str(path)) from None
    width = max((len(r) for r in rows), default=0)
    return [[_cell(v) for v in r] + [None] * (width - len(r)) for r in rows]


def write_xlsx(path: str | Path, sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]],
               ) -> Path:
    """Write ``(sheet name, rows)`` pairs as an .xlsx (numbers, text, booleans; no styling),
    row by row in constant memory, through a temporary file renamed at the end."""
    import xlsxwriter

    out = Path(path)
    with atomic_path(out) as tmp:
        options = {"constant_memory": True, "strings_to_numbers": False,
                   "strings_to_formulas": False}
        wb = xlsxwriter.Workbook(str(tmp), options)
        try:
            for name, rows in sheets:
                ws = wb.add_worksheet(name)
                for i, row in enumerate(rows):
                    # None stays empty; NaN would become #NUM!, so it is left empty too
                    ws.write_row(i, 0, [None if isinstance(v, float) and math.isnan(v) else v
                                        for v in row])
        finally:
            wb.close()
    return out
