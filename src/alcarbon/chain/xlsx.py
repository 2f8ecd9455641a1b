"""The chain results workbook: every table one sheet, its SpreadsheetML written directly.

A run's workbook holds about 82,000 cells. ``DataFrame.to_excel`` built a formatted cell object
per value (1.7-1.9 s of CPU), xlsxwriter's cell calls and XML writer about 0.5-0.65 s; this
module writes the same sheets as text, a column's cells formatted in one pass, in about a third
of that (bench/bench_chain.py, part 2). The content is what pandas ``to_excel(index=False)``
writes: a plain header row, then numbers as numbers, text as text in the shared-string table
(never a formula or a link), booleans as booleans, NaN and None as empty cells, +-inf as the
text ``inf``/``-inf``. Numbers are written with Python's shortest exact form (``repr``), so a
value read back is the float that was written. The package holds the parts ECMA-376 Part 1
asks of a workbook (content types, relationships, workbook, styles, shared strings, one part per
sheet); openpyxl and pandas read it (tests/chain/test_xlsx_writer.py), Excel and LibreOffice were
not available to check.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# characters XML 1.0 cannot carry: written as Excel's _xHHHH_ escape (ECMA-376 22.9.2.19), and
# a literal "_xHHHH_" in the text escaped in turn so that it reads back unchanged
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")


def column_letter(c: int) -> str:
    """Excel's column name of the 0-based column ``c``: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        name = chr(65 + rem) + name
    return name


def _xml_text(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in s:
        s = _LITERAL_ESCAPE.sub(r"_x005F\1", s)
    if _CONTROL.search(s):
        s = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", s)
    return s


class _Strings:
    """The shared-string table: each distinct text once, cells refer to it by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def ref(self, s: str) -> int:
        self.count += 1
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.index)
        return i

    def xml(self) -> str:
        items = []
        for s in self.index:
            # leading or trailing white space is kept only when marked so (XML 2.10)
            space = ' xml:space="preserve"' if s[:1].isspace() or s[-1:].isspace() else ""
            items.append(f"<si><t{space}>{_xml_text(s)}</t></si>")
        return (f'{_HEAD}<sst xmlns="{_NS}" count="{self.count}" uniqueCount="{len(self.index)}">'
                + "".join(items) + "</sst>")


def _text_cell(ref: str, s: str, strings: _Strings) -> str:
    return f'<c r="{ref}" t="s"><v>{strings.ref(s)}</v></c>'


def _column_cells(s: pd.Series, letter: str, strings: _Strings) -> list[str]:
    """The XML of rows 2.. of one column (an empty string for an empty cell)."""
    n = len(s)
    rows = range(2, n + 2)
    if pd.api.types.is_bool_dtype(s.dtype):
        return [_value_cell(f"{letter}{r}", v, strings)
                for r, v in zip(rows, s.tolist(), strict=True)]
    if pd.api.types.is_numeric_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
        values = s.to_numpy(dtype=float, na_value=np.nan)
        if pd.api.types.is_integer_dtype(s.dtype) and np.isfinite(values).all():
            return [f'<c r="{letter}{r}"><v>{v}</v></c>'
                    for r, v in zip(rows, s.to_numpy().tolist(), strict=True)]
        cells = [f'<c r="{letter}{r}"><v>{v!r}</v></c>'
                 for r, v in zip(rows, values.tolist(), strict=True)]
        for i in np.flatnonzero(~np.isfinite(values)).tolist():
            v = values[i]
            cells[i] = ("" if v != v else
                        _text_cell(f"{letter}{i + 2}", "inf" if v > 0 else "-inf", strings))
        return cells
    return [_value_cell(f"{letter}{r}", v, strings) for r, v in zip(rows, s.tolist(), strict=True)]


def _value_cell(ref: str, v: Any, strings: _Strings) -> str:
    """One cell of a column of mixed or text values."""
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, str):
        return _text_cell(ref, v, strings)
    if isinstance(v, bool | np.bool_):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | np.integer):
        return f'<c r="{ref}"><v>{int(v)}</v></c>'
    if isinstance(v, float | np.floating):
        x = float(v)
        if math.isnan(x):
            return ""
        if math.isinf(x):
            return _text_cell(ref, "inf" if x > 0 else "-inf", strings)
        return f'<c r="{ref}"><v>{x!r}</v></c>'
    return _text_cell(ref, str(v), strings)


def _sheet_xml(df: pd.DataFrame, strings: _Strings) -> str:
    letters = [column_letter(c) for c in range(len(df.columns))]
    header = "".join(_text_cell(f"{L}1", str(col), strings)
                     for L, col in zip(letters, df.columns, strict=True))
    columns = [_column_cells(df.iloc[:, c], L, strings) for c, L in enumerate(letters)]
    rows = [f'<row r="1">{header}</row>']
    rows += [f'<row r="{r}">{"".join(cells)}</row>'
             for r, cells in enumerate(zip(*columns, strict=True), start=2)]
    last = f"{letters[-1]}{len(df) + 1}" if letters else "A1"
    return (f'{_HEAD}<worksheet xmlns="{_NS}" xmlns:r="{_R}"><dimension ref="A1:{last}"/>'
            f'<sheetData>{"".join(rows)}</sheetData></worksheet>')


# the smallest style part Excel accepts: one font, the two fills it requires, one border, one
# cell format (General)
_STYLES = (f'{_HEAD}<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="11"/>'
           '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
           'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
           '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
           'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
           'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle '
           'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _attr(s: str) -> str:
    return _xml_text(s).replace('"', "&quot;")


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> None:
    """One sheet per table (name cut to Excel's 31 characters), header row first."""
    strings = _Strings()
    names = [name[:31] for name in tables]
    sheets = [_sheet_xml(df, strings) for df in tables.values()]
    n = len(sheets)
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}'
                    f'worksheet+xml"/>' for i in range(1, n + 1))
    content_types = (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}sharedStrings+xml"/>'
        f"{types}</Types>")
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root_rels = (f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                 f'Type="{doc}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    sheet_list = "".join(f'<sheet name="{_attr(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(names, start=1))
    workbook = (f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_R}"><sheets>{sheet_list}</sheets>'
                "</workbook>")
    rels = "".join(f'<Relationship Id="rId{i}" Type="{doc}/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
    rels += (f'<Relationship Id="rId{n + 1}" Type="{doc}/styles" Target="styles.xml"/>'
             f'<Relationship Id="rId{n + 2}" Type="{doc}/sharedStrings" '
             'Target="sharedStrings.xml"/>')
    workbook_rels = f'{_HEAD}<Relationships xmlns="{_PKG}">{rels}</Relationships>'
    parts = [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", workbook_rels),
             ("xl/styles.xml", _STYLES), ("xl/sharedStrings.xml", strings.xml())]
    parts += [(f"xl/worksheets/sheet{i}.xml", xml) for i, xml in enumerate(sheets, start=1)]
    # deflate level 1: the sheets' repetitive XML packs nearly as well as at the default 6
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, xml in parts:
            z.writestr(name, xml.encode("utf-8"))
