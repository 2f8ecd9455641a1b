"""Read and validate a chain data set: a directory of CSV files or one xlsx workbook.

Tables (file ``<name>.csv`` or sheet ``<name>``; names and columns in :data:`schema.TABLES`):
``production`` (required), ``parameters`` (required), ``electricity`` (required), ``supply``
(optional). In a directory a file may carry a prefix, e.g. ``demo_synthetic_production.csv``: the
table name is the part after the last ``_`` group that matches. Every bad cell raises
:class:`InputError` naming file (and sheet), row (as numbered in a spreadsheet, header = row 1) and
column, with what was expected.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from alcarbon.chain import schema
from alcarbon.chain.provinces import normalise
from alcarbon.errors import InputError, UnitError
from alcarbon.units import convert

_FACTOR_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


@dataclass
class ChainData:
    """Validated tables. Province ids are canonical (``NATIONAL`` rows get ``""``), years int or -1
    for "all years"; ``where`` columns keep 'file, row N' for later messages."""

    production: pd.DataFrame
    parameters: pd.DataFrame
    electricity: pd.DataFrame
    supply: pd.DataFrame
    origin: str = ""
    files: dict[str, str] = field(default_factory=dict)


def _find_csv(folder: Path, name: str) -> Path | None:
    exact = folder / f"{name}.csv"
    if exact.exists():
        return exact
    hits = sorted(p for p in folder.glob(f"*_{name}.csv"))
    if len(hits) > 1:
        raise InputError(
            f"several files for table {name!r}: {', '.join(h.name for h in hits)}",
            where=str(folder),
            expected="one file per table",
        )
    return hits[0] if hits else None


def _read_csv(f: Path) -> pd.DataFrame:
    import io

    from alcarbon.textio import read_text

    try:
        return pd.read_csv(io.StringIO(read_text(f)), dtype=str, keep_default_na=False,
                           comment="#")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"not a readable CSV table ({exc})", where=str(f),
                         expected="comma-separated columns with a header row") from None


def _read_raw(path: Path) -> dict[str, tuple[pd.DataFrame, str]]:
    """Raw string tables keyed by table name, each with its location label."""
    out: dict[str, tuple[pd.DataFrame, str]] = {}
    if path.is_dir():
        for name in schema.TABLES:
            f = _find_csv(path, name)
            if f is not None:
                df = _read_csv(f)
                out[name] = (df, str(f))
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        from alcarbon.inventory.xlsx_guard import DATA_MAX_UNPACKED, check_cells, check_xlsx

        check_xlsx(path, max_unpacked=DATA_MAX_UNPACKED)
        try:
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False,
                                   engine="calamine")
        except Exception as exc:  # calamine raises its own error types for a damaged sheet
            raise InputError(f"cannot read the workbook ({exc})", where=str(path),
                             expected="an .xlsx saved by Excel, WPS or LibreOffice") from None
        for name, df in sheets.items():
            check_cells(df.shape[0] + 1, df.shape[1], f"{path}, sheet {name}")
        for name in schema.TABLES:
            if name in sheets:
                out[name] = (sheets[name], f"{path}, sheet {name}")
    elif not path.exists():
        raise InputError("no such file or directory", where=str(path))
    else:
        raise InputError(
            "not a chain data set", where=str(path), expected="a directory of CSV files or an .xlsx"
        )
    for name in schema.REQUIRED_TABLES:
        if name not in out:
            raise InputError(
                f"table {name!r} is missing",
                where=str(path),
                expected=f"a file {name}.csv (or *_{name}.csv) or a sheet {name!r}; "
                "`alcarbon chain template DIR` writes empty ones",
            )
    return out


def _check_columns(df: pd.DataFrame, name: str, where: str) -> pd.DataFrame:
    df = df.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in schema.TABLES[name] if c not in df.columns]
    missing = [c for c in missing if c not in schema.OPTIONAL_COLUMNS]
    if missing:
        raise InputError(
            f"column(s) {', '.join(missing)} missing",
            where=where,
            expected=f"columns {', '.join(schema.TABLES[name])}",
        )
    for c in schema.TABLES[name]:
        if c not in df.columns:
            df[c] = ""
    return df


def _records(df: pd.DataFrame) -> list[dict]:
    """The rows of ``df`` as dicts of column -> cell, as ``to_dict("records")`` gives them, read
    column by column (``to_dict`` boxes each cell on its own: 60 ms of the demo's 1,870 rows)."""
    names = [str(c) for c in df.columns]
    columns = [df.iloc[:, j].tolist() for j in range(df.shape[1])]
    return [dict(zip(names, cells, strict=True)) for cells in zip(*columns, strict=True)]


class _Cells:
    """Cell parsers that name file, row and column on error."""

    def __init__(self, where: str):
        self.where = where

    def at(self, row: int, col: str) -> str:
        return f"{self.where}, row {row + 2}, column {col}"

    def number(self, text: str, row: int, col: str, *, blank_ok: bool = False) -> float:
        s = str(text).strip()
        if not s:
            if blank_ok:
                return math.nan
            raise InputError("empty cell", where=self.at(row, col), expected="a number")
        try:
            v = float(s)
        except ValueError:
            raise InputError(f"{s!r} is not a number", where=self.at(row, col)) from None
        if not math.isfinite(v) or v < 0:
            raise InputError(f"{s!r} is not allowed", where=self.at(row, col), expected=">= 0")
        return v

    def year(self, text: str, row: int, *, blank_ok: bool) -> int:
        s = str(text).strip()
        if not s and blank_ok:
            return -1
        try:
            y = int(float(s))
        except ValueError:
            y = 0
        if not 1950 <= y <= 2100:
            hint = " or blank (all years)" if blank_ok else ""
            raise InputError(f"{s!r} is not a year", where=self.at(row, "year"),
                             expected="a year such as 2021" + hint)
        return y

    def province(self, text: str, row: int, col: str, *, national_ok: bool) -> str:
        s = str(text).strip()
        if s.lower() in schema.NATIONAL:
            if national_ok:
                return ""
            raise InputError("a province is required here", where=self.at(row, col))
        return normalise(s, where=self.at(row, col))

    def choice(self, text: str, row: int, col: str, allowed: tuple[str, ...]) -> str:
        s = str(text).strip()
        if s not in allowed:
            raise InputError(f"{s!r} is not valid", where=self.at(row, col),
                             expected="one of " + ", ".join(allowed))
        return s


def _production(df: pd.DataFrame, c: _Cells) -> pd.DataFrame:
    rows = []
    for i, r in enumerate(_records(df)):
        unit = str(r["unit"]).strip() or "t"
        amount = c.number(r["amount"], i, "amount")
        try:
            amount = convert(amount, unit, "t")
        except UnitError as e:
            raise e.located(c.at(i, "unit")) from None
        rows.append(dict(
            province=c.province(r["province"], i, "province", national_ok=False),
            year=c.year(r["year"], i, blank_ok=False),
            product=c.choice(r["product"], i, "product", schema.PRODUCTS),
            amount=amount, where=c.at(i, "amount")))
    out = pd.DataFrame(rows, columns=["province", "year", "product", "amount", "where"])
    dup = out.duplicated(["province", "year", "product"], keep=False)
    if dup.any():
        first = out[dup].iloc[1]
        raise InputError("duplicate province/year/product", where=first["where"],
                         expected="one row per province, year and product")
    return out


def _parameter_name(text: str, row: int, c: _Cells) -> str:
    s = str(text).strip()
    if s in schema.SCALAR_PARAMS:
        return s
    fam, _, suffix = s.partition(".")
    if fam in schema.FAMILIES and suffix:
        return s
    raise InputError(f"unknown parameter {s!r}", where=c.at(row, "parameter"),
                     expected="one of " + ", ".join(schema.SCALAR_PARAMS)
                     + " or fuel.<id>, carbonate.<mineral>, material.<flow id>, direct.<gas>")


def _parameters(df: pd.DataFrame, c: _Cells) -> pd.DataFrame:
    stages = (*schema.STAGES, "processing")
    rows = []
    for i, r in enumerate(_records(df)):
        name = _parameter_name(r["parameter"], i, c)
        value = c.number(r["value"], i, "value")
        unit = str(r["unit"]).strip()
        canon = schema.SCALAR_PARAMS.get(name)
        if canon and unit and unit != canon and canon not in ("percent", "fraction"):
            try:
                value = convert(value, unit, canon)
            except UnitError as e:
                raise e.located(c.at(i, "unit")) from None
            unit = canon
        if name.partition(".")[0] in ("fuel", "material") and not unit:
            raise InputError("a unit is required for fuel and material amounts",
                             where=c.at(i, "unit"), expected="e.g. kg/t, Nm3/t, GJ/t")
        rows.append(dict(
            province=c.province(r["province"], i, "province", national_ok=True),
            year=c.year(r["year"], i, blank_ok=True),
            stage=c.choice(r["stage"], i, "stage", stages), parameter=name, value=value,
            unit=unit or (canon or ""), source=str(r["source"]).strip(), where=c.at(i, "value")))
    return pd.DataFrame(rows, columns=["province", "year", "stage", "parameter", "value", "unit",
                                       "source", "where"])


def _electricity(df: pd.DataFrame, c: _Cells) -> pd.DataFrame:
    num_cols = [k for k in schema.TABLES["electricity"]
                if k.endswith("_factor") or k.endswith("_share")]
    rows = []
    for i, r in enumerate(_records(df)):
        row = dict(
            province=c.province(r["province"], i, "province", national_ok=True),
            year=c.year(r["year"], i, blank_ok=True),
            basis=c.choice(r["basis"], i, "basis", schema.BASES),
            source=str(r["source"]).strip(), where=c.at(i, "grid_factor"))
        for k in num_cols:
            cell = str(r[k]).strip()
            if k.endswith("_factor") and _FACTOR_ID.match(cell):
                row[k], row[f"{k}_id"] = math.nan, cell  # a factor-library id
            else:
                row[k] = c.number(cell, i, k, blank_ok=True)
        shares = sum(row[k] for k in num_cols if k.endswith("_share") and not math.isnan(row[k]))
        if shares > 1 + 1e-9:
            raise InputError(f"captive, hydro and other shares add up to {shares:g}",
                             where=c.at(i, "captive_share"), expected="a sum <= 1")
        rows.append(row)
    ids = [f"{k}_id" for k in num_cols if k.endswith("_factor")]
    df = pd.DataFrame(rows, columns=["province", "year", "basis", *num_cols, *ids, "source",
                                     "where"])
    df[ids] = df[ids].astype(object).where(df[ids].notna(), "")
    return df


def _supply(df: pd.DataFrame, c: _Cells) -> pd.DataFrame:
    rows = []
    for i, r in enumerate(_records(df)):
        share = c.number(r["share"], i, "share")
        if share > 1:
            raise InputError(f"share {share:g} > 1", where=c.at(i, "share"), expected="0..1")
        rows.append(dict(
            province=c.province(r["province"], i, "province", national_ok=False),
            year=c.year(r["year"], i, blank_ok=True),
            product=c.choice(r["product"], i, "product", ("bauxite", "alumina", "prebaked_anode")),
            from_province=c.province(r["from_province"], i, "from_province", national_ok=True),
            share=share, where=c.at(i, "share")))
    return pd.DataFrame(rows, columns=["province", "year", "product", "from_province", "share",
                                       "where"])


def read_chain_data(path: str | Path) -> ChainData:
    """Read and validate a chain data set (see module docstring)."""
    p = Path(path)
    raw = _read_raw(p)
    parsers = {"production": _production, "parameters": _parameters,
               "electricity": _electricity, "supply": _supply}
    tables: dict[str, pd.DataFrame] = {}
    for name, parse in parsers.items():
        if name in raw:
            df, where = raw[name]
            df = _check_columns(df, name, where)
            tables[name] = parse(df, _Cells(where))
        else:
            tables[name] = _supply(pd.DataFrame(columns=schema.TABLES["supply"]), _Cells(""))
    return ChainData(**tables, origin=str(p), files={k: v[1] for k, v in raw.items()})
