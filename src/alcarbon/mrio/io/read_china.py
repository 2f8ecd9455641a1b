"""Reader for MRIO tables in the China provincial MRIO spreadsheet layout (CEADs; Zheng et al.
2021, Sci Data 8).  Blocks are located by their codes (see :mod:`alcarbon.mrio.io.layout`):

    Z (regions x sectors)^2 | TIU | FU101..FU202 per region | EX | TFU | ERR | GO
    rows: data rows, then IM, TII, VA001..VA004, TVA, TI and optionally a CO2 (Mt) row.

EX becomes a final-demand column of the pseudo-region ``Export`` and ERR one of ``Others``, so
the row identity GO = TIU + sum FD + EX + ERR keeps holding (research/china-mrio.md 1.7).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.mrio.core.model import EXPORT, OTHERS, IOTable, Satellite
from alcarbon.mrio.io.layout import DEFAULT_LAYOUT, Layout


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _code(v: Any, width: int) -> str:
    """Normalise a cell holding a code: 1, 1.0, '1' -> '01'; text codes unchanged."""
    if v is None:
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if float(v).is_integer():
            return str(int(v)).zfill(width)
        return str(v)
    s = str(v).strip()
    if s.replace(".", "", 1).isdigit() and float(s).is_integer():
        return str(int(float(s))).zfill(width)
    return s


def _ffill(values: list[str]) -> list[str]:
    out, last = [], ""
    for v in values:
        last = v or last
        out.append(last)
    return out


def _num(rows: list[tuple], r: int, cols: list[int], where: str) -> np.ndarray:
    row = rows[r]
    if cols and cols[-1] - cols[0] + 1 == len(cols):  # adjacent columns: convert in bulk
        try:
            a = np.array(row[cols[0]:cols[-1] + 1], dtype=float)  # empty cells -> nan
        except (TypeError, ValueError):
            pass  # text somewhere: cell by cell below, for the located message
        else:
            if len(a) == len(cols):
                return np.nan_to_num(a, nan=0.0, posinf=np.inf, neginf=-np.inf)
    vals = []
    for c in cols:
        v = row[c] if c < len(row) else None
        if v is None or v == "":
            vals.append(0.0)
        elif isinstance(v, (int, float)):
            vals.append(float(v))
        else:
            try:
                vals.append(float(str(v).replace(",", "")))
            except ValueError:
                raise InputError(f"non-numeric value {v!r}", where=f"{where}, row {r + 1}, "
                                 f"column {c + 1}", expected="a number") from None
    return np.array(vals)


def read_china_mrio(path: str | Path, layout: Layout = DEFAULT_LAYOUT
                    ) -> tuple[IOTable, Satellite | None]:
    """Read a China-MRIO-layout workbook; returns the table and, when the sheet has an
    emission row (``layout.emission_row_prefix``), the satellite (``layout.emission_unit``).

    The sheet is read by :func:`alcarbon.mrio.io.xlsx_io.read_sheet` (a streaming scan of the
    sheet XML, about 1 s for 31 x 42; openpyxl read-only mode as the fallback).
    Money values in ``layout.money_unit``.  Balance checks (research/china-mrio.md 1.9) are
    stored as a DataFrame in ``table.meta["checks"]``.
    """
    from alcarbon.mrio.io.xlsx_io import read_sheet, sheet_names

    p = Path(path)
    sheet = layout.pick_sheet(sheet_names(p), str(p))
    rows = read_sheet(p, sheet)
    where = f"{p.name}, sheet {sheet!r}"
    table, sat = parse_rows(rows, layout, where)
    h = hashlib.sha256(p.read_bytes()).hexdigest()
    table.meta.update({"source_file": str(p), "sheet": sheet, "sha256": h})
    return table, sat


def _find_code_row(rows: list[tuple], lay: Layout, where: str) -> int:
    need = {lay.fd_codes[0]} | ({lay.export_code} if lay.export_code else set())
    for r, row in enumerate(rows[: lay.header_scan_rows]):
        texts = {_text(v) for v in row}
        if need <= texts:
            return r
    raise InputError("no code row found", where=where,
                     expected=f"a row within the first {lay.header_scan_rows} holding the "
                     f"codes {sorted(need)}")


def parse_rows(rows: list[tuple], lay: Layout, where: str) -> tuple[IOTable, Satellite | None]:
    """Parse the cell values of a table sheet (list of row tuples)."""
    cr = _find_code_row(rows, lay, where)
    width = max(len(r) for r in rows)
    rows = [tuple(r) + (None,) * (width - len(r)) for r in rows]
    codes = [_code(v, lay.code_width) for v in rows[cr]]
    reg_row = _ffill([_text(v) for v in rows[cr + lay.region_row_offset]])
    aliases = dict(lay.region_aliases)
    reg_row = [aliases.get(v, v) for v in reg_row]
    first_fd = codes.index(lay.fd_codes[0])
    stop = codes.index(lay.total_intermediate_code) if lay.total_intermediate_code in codes \
        else first_fd
    z_cols = [c for c in range(lay.code_col + 1, stop) if codes[c]]
    # data rows: after the code row, until the first footer / emission row
    footer = set(lay.footer_codes)
    data_rows, foot_rows, em_row = [], {}, None
    for r in range(cr + 1, len(rows)):
        cells = [_text(rows[r][c]) for c in (lay.region_col, lay.sector_col, lay.code_col)]
        tag = next((t for t in cells if t in footer), None)
        if lay.emission_row_prefix and any(t.startswith(lay.emission_row_prefix) for t in cells):
            em_row = r
            continue
        if tag:
            foot_rows[tag] = r
            continue
        if foot_rows or not any(cells):
            continue
        data_rows.append(r)
    row_regions = [aliases.get(v, v) for v in
                   _ffill([_text(rows[r][lay.region_col]) for r in data_rows])]
    row_codes = [_code(rows[r][lay.code_col], lay.code_width) for r in data_rows]
    row_names = [_text(rows[r][lay.sector_col]) for r in data_rows]
    regions = tuple(dict.fromkeys(row_regions))
    n = len(data_rows)
    if n == 0 or n % len(regions):
        raise InputError(f"{n} data rows for {len(regions)} provinces", where=where,
                         expected="provinces x sectors data rows under the code row")
    S = n // len(regions)
    sec_codes = row_codes[:S]
    names = row_names[:S]
    for k, r in enumerate(data_rows):
        if row_regions[k] != regions[k // S] or row_codes[k] != sec_codes[k % S]:
            raise InputError(
                f"province/sector order breaks at {row_regions[k]!r} {row_codes[k]!r}",
                where=f"{where}, row {r + 1}",
                expected=f"{regions[k // S]!r} {sec_codes[k % S]!r} (province-major blocks of "
                "the same sector list)")
    col_keys = [(reg_row[c], codes[c]) for c in z_cols]
    row_keys = [(row_regions[k], row_codes[k]) for k in range(n)]
    if col_keys != row_keys:
        bad = next(k for k in range(min(len(col_keys), n)) if col_keys[k] != row_keys[k]) \
            if len(col_keys) == n else None
        raise InputError(
            f"Z has {len(z_cols)} columns for {n} rows"
            if bad is None else f"column {z_cols[bad] + 1} is {col_keys[bad]}",
            where=where, expected="the same province/sector order on rows and columns"
            + ("" if bad is None else f" ({row_keys[bad]})"))
    Z = np.vstack([_num(rows, r, z_cols, where) for r in data_rows])
    fd_cols = [c for c in range(first_fd, width) if codes[c] in lay.fd_codes]
    fd_regions = [reg_row[c] for c in fd_cols]
    fd_cats = [codes[c] for c in fd_cols]
    Y_parts = [np.vstack([_num(rows, r, fd_cols, where) for r in data_rows])]

    def col_of(code: str | None) -> int | None:
        return codes.index(code) if code and code in codes else None

    for code, label in ((lay.export_code, EXPORT), (lay.others_code, OTHERS)):
        c = col_of(code)
        if c is not None:
            Y_parts.append(np.array([_num(rows, r, [c], where)[0] for r in data_rows])[:, None])
            fd_regions.append(label)
            fd_cats.append(code)
    Y = np.hstack(Y_parts)
    go_c = col_of(lay.output_code)
    x = np.array([_num(rows, r, [go_c], where)[0] for r in data_rows]) if go_c is not None \
        else None
    va_labels = [c for c in ((lay.import_row_code,) + lay.va_row_codes) if c in foot_rows]
    va = np.vstack([_num(rows, foot_rows[c], z_cols, where) for c in va_labels]) \
        if va_labels else None
    meta: dict[str, Any] = {"sector_codes": dict(zip(names, sec_codes, strict=True)),
                            "title": _text(rows[0][0]) if rows and rows[0] else ""}
    if lay.import_row_code in foot_rows:
        meta["imports_final"] = _num(rows, foot_rows[lay.import_row_code], fd_cols, where)
    sectors = tuple(names if len(set(names)) == S and all(names) else sec_codes)
    table = IOTable(Z=Z, Y=Y, regions=regions, sectors=sectors, fd_regions=tuple(fd_regions),
                    fd_categories=tuple(fd_cats), x=x, unit=lay.money_unit, va=va,
                    va_labels=tuple(va_labels), meta=meta)
    tiu_c = col_of(lay.total_intermediate_code)
    tiu = np.array([_num(rows, r, [tiu_c], where)[0] for r in data_rows]) \
        if tiu_c is not None else None
    ti = _num(rows, foot_rows["TI"], z_cols, where) if "TI" in foot_rows else None
    meta["checks"] = balance_checks(table, tiu=tiu, ti=ti)
    sat = None
    if em_row is not None:
        F = _num(rows, em_row, z_cols, where)
        F_Y = _num(rows, em_row, fd_cols, where)
        F_Y = np.concatenate([F_Y, np.zeros(Y.shape[1] - len(fd_cols))])
        sat = Satellite(F=F, F_Y=F_Y, name=_text(rows[em_row][lay.sector_col])
                        or _text(rows[em_row][lay.region_col]) or "CO2",
                        unit=lay.emission_unit, meta={"row": em_row + 1})
    return table, sat


def balance_checks(table: IOTable, tiu: np.ndarray | None = None,
                   ti: np.ndarray | None = None, tol: float = 1e-6) -> pd.DataFrame:
    """The identities of research/china-mrio.md 1.9, as rows (check, max relative gap, ok)."""
    Z = np.asarray(table.Z)
    out = []
    x = table.output()
    scale = np.maximum(np.abs(x), 1e-12)
    if tiu is not None:
        out.append(("sum_j Z_ij = TIU_i", float(np.max(np.abs(Z.sum(1) - tiu) / scale))))
    if table.x is not None:
        gap = np.abs(Z.sum(1) + table.Y.sum(1) - table.x) / scale
        out.append(("TIU + FD + EX + ERR = GO", float(gap.max())))
    if ti is not None:
        if table.va is not None:
            out.append(("sum_i Z_ij + IM_j + VA_j = TI_j",
                        float(np.max(np.abs(Z.sum(0) + table.va.sum(0) - ti) / scale))))
        out.append(("TI = GO", float(np.max(np.abs(ti - x) / scale))))
    if OTHERS in table.fd_regions:
        err = table.Y[:, table.fd_regions.index(OTHERS)]
        out.append(("|ERR| / GO < 5 %", float(np.max(np.abs(err) / scale))))
    df = pd.DataFrame(out, columns=["check", "max_relative_gap"])
    df["ok"] = [g < (0.05 if c.startswith("|ERR|") else tol) for c, g in
                zip(df["check"], df["max_relative_gap"], strict=True)]
    return df
