"""Safety checks around every .xlsx the package reads or writes.

Reading: :func:`check_xlsx` looks at the zip archive *before* any spreadsheet library opens it
(is it a zip, how many members, how large unpacked, how well compressed) so a small upload cannot
inflate to gigabytes; :func:`read_study_sheets` then reads a study workbook in openpyxl's
streaming (read-only) mode with a row and cell limit. Writing: :func:`defuse_formulas` turns every
text cell that openpyxl would store as a formula (text starting with ``=``) back into text, so a
title such as ``=1+1`` is written and read back as typed (OWASP "CSV/formula injection").
The limits are listed in docs/limits.md.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alcarbon.errors import InputError

#: Most files in one .xlsx archive (a study workbook has about 20; Excel itself stays far below).
MAX_MEMBERS = 2_000
#: Unpacked size of a study workbook (Appendix C), all members together, in bytes.
STUDY_MAX_UNPACKED = 64 * 1024 * 1024
#: Unpacked size of a data workbook (chain data set, MRIO table), in bytes. A 31-province x
#: 42-sector China MRIO sheet (1.9 million cells) unpacks to about 90 MB.
DATA_MAX_UNPACKED = 512 * 1024 * 1024
#: Largest unpacked/packed ratio of one member bigger than RATIO_MIN_BYTES. Spreadsheet XML packs
#: 5-30 times; deflate bombs reach about 1000.
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024
#: Rows of one sheet of a study workbook (a unit-process sheet needs some tens).
STUDY_MAX_ROWS = 5_000
#: Cells (rows x columns) of one sheet of a study workbook.
STUDY_MAX_CELLS = 200_000
#: Cells of one sheet of a data workbook (chain tables, MRIO tables: 1.9 million for China).
DATA_MAX_CELLS = 5_000_000

_MiB = 1024 * 1024
_checked: set[tuple] = set()  # files already found sound (path, size, mtime, limit)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_xlsx(path: str | Path, *, max_unpacked: int = STUDY_MAX_UNPACKED,
               verify: bool = True) -> None:
    """Refuse a file that is not a sound, reasonably sized .xlsx archive (InputError naming it).

    With ``verify`` every member is also decompressed (bounded by its declared size) so a
    member whose header under-states its size fails its CRC check here, not inside a reader."""
    p = Path(path)
    where = str(p)
    if p.is_dir():
        raise InputError("is a directory", where=where, expected="an .xlsx workbook file")
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_size, st.st_mtime_ns, max_unpacked, verify)
    except OSError:
        key = None
    if key in _checked:  # a reader that opens the same file twice checks it once
        return
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise InputError("file not found", where=where) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=where) from None
    if head == _OLE2:
        raise InputError("an old-format (.xls) or password-protected workbook", where=where,
                         expected="an unprotected .xlsx: open it and save as Excel Workbook "
                         "(.xlsx)")
    if not head.startswith(b"PK\x03\x04"):
        raise InputError("not an .xlsx workbook (the file is not a zip archive; was another "
                         "file renamed to .xlsx?)", where=where,
                         expected="a workbook saved by Excel, WPS or LibreOffice as .xlsx")
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            _check_members(infos, where, max_unpacked)
            if verify:
                for info in infos:
                    with zf.open(info) as member:
                        while member.read(_MiB):
                            pass
        if key is not None:
            _checked.add(key)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError,
            EOFError, ValueError) as exc:
        raise InputError(f"a damaged .xlsx archive ({exc})", where=where,
                         expected="a workbook saved by Excel, WPS or LibreOffice as .xlsx"
                         ) from None
    except Exception as exc:  # zlib.error and friends from a corrupt deflate stream
        raise InputError(f"a damaged .xlsx archive ({type(exc).__name__}: {exc})",
                         where=where) from None


def _check_members(infos: list[zipfile.ZipInfo], where: str, max_unpacked: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"the archive holds {len(infos)} files", where=where,
                         expected=f"at most {MAX_MEMBERS} (docs/limits.md)")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise InputError("a zip archive but not an .xlsx workbook (no [Content_Types].xml)",
                         where=where, expected="a workbook saved as .xlsx")
    total = 0
    for info in infos:
        total += info.file_size
        if total > max_unpacked:
            raise InputError(f"the workbook unpacks to more than {max_unpacked // _MiB} MB",
                             where=where, expected=f"at most {max_unpacked // _MiB} MB unpacked "
                             "(docs/limits.md); split the data or delete unused sheets")
        if info.file_size > RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise InputError(f"member {info.filename} is compressed {ratio:.0f}:1, which "
                                 "only a compression bomb does", where=where,
                                 expected=f"at most {MAX_RATIO}:1 (docs/limits.md)")


def check_cells(rows: int, cols: int, where: str, *, max_cells: int = DATA_MAX_CELLS) -> None:
    """Refuse a sheet of more than ``max_cells`` cells (rows x columns)."""
    if rows * cols > max_cells:
        raise InputError(f"the sheet has {rows} rows x {cols} columns = {rows * cols} cells",
                         where=where, expected=f"at most {max_cells} cells (docs/limits.md)")


@dataclass
class _Cell:
    value: Any


class SheetRows:
    """A sheet read into memory as row tuples, offering the few Worksheet calls the study reader
    uses (``title``, ``iter_rows``, ``ws["B2"]``, ``cell(row, column)``)."""

    def __init__(self, title: str, rows: list[tuple[Any, ...]]):
        self.title = title
        self.rows = rows

    def iter_rows(self, min_row: int = 1, values_only: bool = True) -> Any:
        return iter(self.rows[min_row - 1:])

    def cell(self, row: int, column: int) -> _Cell:
        vals = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
        return _Cell(vals[column - 1] if 0 < column <= len(vals) else None)

    def __getitem__(self, ref: str) -> _Cell:
        from openpyxl.utils.cell import coordinate_to_tuple

        r, c = coordinate_to_tuple(ref)
        return self.cell(r, c)


class SheetBook:
    """Sheets by name, in workbook order (``sheetnames``, ``book[name]``)."""

    def __init__(self, sheets: dict[str, SheetRows]):
        self.sheets = sheets
        self.sheetnames = list(sheets)

    def __getitem__(self, name: str) -> SheetRows:
        return self.sheets[name]


def read_study_sheets(path: Path, *, data_only: bool) -> SheetBook:
    """Every sheet of a (checked) study workbook, streamed with openpyxl's read-only mode; more
    than STUDY_MAX_ROWS rows or STUDY_MAX_CELLS cells in a sheet is refused, naming the sheet."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=data_only, read_only=True)
    try:
        sheets: dict[str, SheetRows] = {}
        for ws in wb.worksheets:
            rows: list[tuple[Any, ...]] = []
            cells = 0
            for vals in ws.iter_rows(values_only=True):
                rows.append(tuple(vals))
                cells += len(vals)
                if len(rows) > STUDY_MAX_ROWS or cells > STUDY_MAX_CELLS:
                    raise InputError(
                        f"more than {STUDY_MAX_ROWS} rows or {STUDY_MAX_CELLS} cells",
                        where=f"{path}, sheet '{ws.title}'",
                        expected="an Appendix C study workbook (docs/limits.md); delete rows "
                        "below the data or formatting applied to whole columns")
            while rows and not any(v not in (None, "") for v in rows[-1]):
                rows.pop()  # formatted but empty rows at the bottom
            width = max((len(r) for r in rows), default=0)
            sheets[ws.title] = SheetRows(ws.title, [r + (None,) * (width - len(r))
                                                    for r in rows])
        return SheetBook(sheets)
    finally:
        wb.close()


def defuse_formulas(wb: Any) -> None:
    """Store every openpyxl cell typed as a formula as plain text instead (no writer of this
    package writes formulas; text such as ``=1+1`` or ``@SUM(A1)`` stays text)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
