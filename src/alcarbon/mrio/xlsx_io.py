"""Fast streaming .xlsx cell I/O with the standard library (zipfile + regular expressions).

A 31 x 42 China MRIO sheet has about 1,310 x 1,470 = 1.9 million cells; openpyxl needs about
12-19 s to read or write it even in its read-only / write-only modes (bench/bench_mrio.py).
Here a sheet is read by scanning its XML with one compiled regular expression and written as
plain SpreadsheetML with inline strings, which takes about a second each way.

Reading falls back to openpyxl's read-only mode whenever the sheet XML holds anything the fast
scanner does not recognise (prefixed elements, cells without an ``r`` reference, rich content):
the number of ``<c`` elements must equal the number of cells the scanner matched.  Both paths
return the same thing: the rows of the sheet from A1, each a list padded to the sheet's width,
with ``None`` for empty cells, floats for numbers, str for text and bool for booleans.
"""

from __future__ import annotations

import html
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from alcarbon.atomic import atomic_path
from alcarbon.errors import InputError

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_ROW_NUM = re.compile(rb'\br="(\d+)"')
_FIRST = re.compile(rb'<c r="([A-Z]{1,3})\d+"')
_V = re.compile(rb"<v>([^<]*)</v>")
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})\d+"([^>]*?)(?:/>|>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?'
    rb"(?:<v>([^<]*)</v>|<v/>)?((?:<is>.*?</is>)?)</c>)", re.S)
_TYPE = re.compile(rb'\bt="(\w+)"')
_T = re.compile(rb"<t\b[^>]*>([^<]*)</t>")


def _col_letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


_COLS: list[str] = []
_COL_INDEX: dict[bytes, int] = {}


def _cols(n: int) -> list[str]:
    while len(_COLS) < n:
        letters = _col_letters(len(_COLS))
        _COL_INDEX[letters.encode()] = len(_COLS)
        _COLS.append(letters)
    return _COLS


def _col_index(letters: bytes) -> int:
    k = _COL_INDEX.get(letters)
    if k is None:
        k = 0
        for ch in letters:
            k = k * 26 + ch - 64
        k -= 1
        _COL_INDEX[letters] = k
    return k


def sheet_names(path: str | Path) -> list[str]:
    """Sheet names of a workbook, in workbook order."""
    with _open(path) as zf:
        return [name for name, _ in _sheet_targets(zf, path)]


def read_sheet(path: str | Path, sheet: str) -> list[list[Any]]:
    """All rows of one sheet (cached values, as ``data_only=True``), see the module docstring."""
    with _open(path) as zf:
        targets = dict(_sheet_targets(zf, path))
        if sheet not in targets:
            raise InputError(f"no sheet {sheet!r}", where=str(path),
                             expected="one of " + ", ".join(targets))
        data = zf.read(targets[sheet])
        shared = _shared_strings(zf)
    rows = _scan(data, shared)
    return rows if rows is not None else _read_openpyxl(path, sheet)


def _open(path: str | Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot open workbook ({exc})", where=str(path),
                         expected="an .xlsx file") from None


def _sheet_targets(zf: zipfile.ZipFile, path: str | Path) -> list[tuple[str, str]]:
    try:
        wb = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError) as exc:
        raise InputError(f"not a spreadsheet workbook ({exc})", where=str(path),
                         expected="an .xlsx file") from None
    by_id = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    out = []
    for s in wb.findall("m:sheets/m:sheet", _NS):
        target = by_id.get(s.get(f"{{{_NS['r']}}}id"), "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        out.append((s.get("name", ""), target))
    return out


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    try:
        root = ET.fromstring(zf.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    # plain <t> or rich-text runs <r><t>; phonetic runs <rPh> are not part of the value
    return ["".join(t.text or "" for t in si.findall("m:t", _NS) + si.findall("m:r/m:t", _NS))
            for si in root]


def _rows(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(row start tag, row body) for every ``<row>`` element, found with bytes.find."""
    pos = 0
    while True:
        i = data.find(b"<row", pos)
        if i < 0:
            return
        j = data.find(b">", i)
        if data[i + 4:i + 5] not in (b" ", b">", b"/"):  # <rowBreaks> etc.
            pos = j + 1
            continue
        if data[j - 1:j] == b"/":
            yield data[i:j + 1], b""
            pos = j + 1
            continue
        k = data.find(b"</row>", j)
        yield data[i:j + 1], data[j + 1:k]
        pos = k + 6


def _scan(data: bytes, shared: list[str]) -> list[list[Any]] | None:
    """Cells of a sheet's XML, or None when the fast scanner cannot vouch for the result.

    The run of plain numeric cells at the end of a row (nearly all of an MRIO table) is
    converted in bulk when its columns are adjacent; everything else cell by cell."""
    grid: dict[int, list[Any]] = {}
    n_cells = 0
    for head, body in _rows(data):
        m = _ROW_NUM.search(head)
        if m is None:
            return None
        line: list[Any] = []
        grid[int(m.group(1)) - 1] = line
        if not body:
            continue
        body = body.replace(b' t="n"', b"")  # explicit number type (openpyxl writes it)
        cut = max(body.rfind(b' t="'), body.rfind(b"<f"), body.rfind(b"/>"))
        cut = 0 if cut < 0 else body.find(b"</c>", cut) + 4
        tail = body[cut:]
        vals = _V.findall(tail)
        m0 = _FIRST.match(tail)
        if m0 and all(vals) and len(vals) == tail.count(b"<c "):
            first = _col_index(m0.group(1))
            last = _col_index(_FIRST.match(tail, tail.rfind(b"<c ")).group(1))
            if last - first + 1 == len(vals):
                n_cells += _cells(body[:cut], line, shared) + len(vals)
                line.extend([None] * (first - len(line)))
                line.extend(map(float, vals))
                continue
        n_cells += _cells(body, line, shared)
    if not grid or n_cells != data.count(b"<c ") + data.count(b"<c>"):
        return None
    width = max(len(line) for line in grid.values())
    return [(grid.get(r) or []) + [None] * (width - len(grid.get(r) or []))
            for r in range(max(grid) + 1)]


def _cells(body: bytes, line: list[Any], shared: list[str]) -> int:
    """Put the cells of ``body`` into ``line``, one by one; returns how many were matched."""
    cells = _CELL.findall(body)
    for col, cattr, v, rest in cells:
        j = _col_index(col)
        mt = _TYPE.search(cattr)
        t = mt.group(1) if mt else b"n"
        if t == b"n":
            if not v:
                continue
            val: Any = float(v)
        elif t == b"s":
            val = shared[int(v)]
        elif t == b"inlineStr":
            val = html.unescape(b"".join(_T.findall(rest)).decode("utf-8"))
        elif t == b"b":
            val = v == b"1"
        else:  # str (formula text), e (error), d (ISO date): kept as text
            val = html.unescape(v.decode("utf-8"))
        if len(line) <= j:
            line.extend([None] * (j + 1 - len(line)))
        line[j] = val
    return len(cells)


def _read_openpyxl(path: str | Path, sheet: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


# -- writing ---------------------------------------------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.styles+xml"/>{sheets}</Types>')
_CT_SHEET = ('<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
              'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
              '</Relationships>')
_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
           '<patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
           '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
           'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
           'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1">'
           '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _row_xml(k: int, row: Sequence[Any], cols: list[str]) -> str:
    rs = str(k)
    parts = [f'<row r="{rs}">']
    for j, v in enumerate(row):
        if v is None:
            continue
        tv = type(v)
        if tv is float or tv is int:
            if tv is float and not math.isfinite(v):
                raise ValueError(f"non-finite number in cell {cols[j]}{rs}")
            parts.append(f'<c r="{cols[j]}{rs}"><v>{v!r}</v></c>')
        elif tv is bool:
            parts.append(f'<c r="{cols[j]}{rs}" t="b"><v>{int(v)}</v></c>')
        elif tv is str:
            if v:
                parts.append(f'<c r="{cols[j]}{rs}" t="inlineStr"><is><t xml:space="preserve">'
                             f"{_esc(v)}</t></is></c>")
        elif hasattr(v, "is_integer") or hasattr(v, "__index__"):  # numpy scalars
            return _row_xml(k, [x.item() if hasattr(x, "item") else x for x in row], cols)
        else:
            parts.append(f'<c r="{cols[j]}{rs}" t="inlineStr"><is><t xml:space="preserve">'
                         f"{_esc(str(v))}</t></is></c>")
    parts.append("</row>")
    return "".join(parts)


def write_xlsx(path: str | Path, sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]],
               *, compresslevel: int = 1) -> Path:
    """Write ``(sheet name, rows)`` pairs as an .xlsx (numbers, text, booleans; no styling),
    streaming each row, through a temporary file renamed at the end."""
    out = Path(path)
    names = [name for name, _ in sheets]
    with atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED,
                                                  compresslevel=compresslevel) as zf:
        zf.writestr("[Content_Types].xml", _CT.format(sheets="".join(
            _CT_SHEET.format(k=k + 1) for k in range(len(names)))))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="'
            + _NS["m"] + f'" xmlns:r="{_REL}"><sheets>' + "".join(
                f'<sheet name="{_esc(n)}" sheetId="{k + 1}" r:id="rId{k + 1}"/>'
                for k, n in enumerate(names)) + "</sheets></workbook>"))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
            + _NS["rel"] + '">' + "".join(
                f'<Relationship Id="rId{k + 1}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{k + 1}.xml"/>' for k in range(len(names)))
            + f'<Relationship Id="rId{len(names) + 1}" Type="{_REL}/styles" '
            'Target="styles.xml"/></Relationships>'))
        zf.writestr("xl/styles.xml", _STYLES)
        for k, (_, rows) in enumerate(sheets):
            with zf.open(f"xl/worksheets/sheet{k + 1}.xml", "w", force_zip64=True) as fh:
                fh.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          f'<worksheet xmlns="{_NS["m"]}"><sheetData>').encode())
                buf: list[str] = []
                for i, row in enumerate(rows):
                    buf.append(_row_xml(i + 1, row, _cols(len(row))))
                    if len(buf) >= 64:
                        fh.write("".join(buf).encode("utf-8"))
                        buf.clear()
                fh.write(("".join(buf) + "</sheetData></worksheet>").encode("utf-8"))
    return out
