"""Loading inputs by file type and writing analysis outputs (CSV per table, one xlsx), each
file through a temporary name renamed at the end."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from alcarbon.atomic import atomic_path
from alcarbon.errors import InputError
from alcarbon.mrio.layout import DEFAULT_LAYOUT, Layout, load_layout
from alcarbon.mrio.model import IOTable, Satellite


def load_table(path: str | Path, *, layout: str | Path | None = None,
               emissions: str | Path | None = None,
               emission_unit: str | None = None) -> tuple[IOTable, Satellite]:
    """.xlsx (China MRIO layout) or .csv (long form); ``emissions`` a CSV with columns
    region, sector, value (overrides any emission row of the table)."""
    from alcarbon.mrio.read_china import read_china_mrio
    from alcarbon.mrio.read_long import read_long_csv

    p = Path(path)
    if not p.exists():
        raise InputError("file not found", where=str(p))
    lay: Layout = load_layout(layout) if layout else DEFAULT_LAYOUT
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        table, sat = read_china_mrio(p, lay)
    elif p.suffix.lower() == ".csv":
        table, sat = read_long_csv(p)
    else:
        raise InputError(f"unknown table format {p.suffix!r}", where=str(p),
                         expected=".xlsx (China MRIO layout) or .csv (long form)")
    if emissions is not None:
        sat = read_emissions_csv(table, emissions, unit=emission_unit or "Mt")
    if sat is None:
        raise InputError("the table has no emission row and no --emissions file was given",
                         where=str(p), expected="a CO2 row or an emissions CSV "
                         "(region, sector, value)")
    return table, sat


def read_emissions_csv(table: IOTable, path: str | Path, unit: str = "Mt") -> Satellite:
    """Direct emissions per region x sector: CSV columns region, sector, value.  Sectors may be
    labels or codes (table.meta["sector_codes"])."""
    from alcarbon.mrio.satellite import satellite_from_series

    p = Path(path)
    try:
        df = pd.read_csv(p, dtype={"region": str, "sector": str})
    except (OSError, pd.errors.ParserError) as exc:
        raise InputError(f"cannot read emissions ({exc})", where=str(p)) from None
    if {"region", "sector", "value"} - set(df.columns):
        raise InputError("missing columns", where=f"{p.name}, header",
                         expected="region, sector, value")
    by_code = {c: lab for lab, c in table.meta.get("sector_codes", {}).items()}
    sectors = [s if s in table.sectors else by_code.get(s, s) for s in df["sector"]]
    s = pd.Series(df["value"].astype(float).to_numpy(),
                  index=pd.MultiIndex.from_arrays([df["region"], sectors]))
    try:
        return satellite_from_series(table, s, unit=unit)
    except InputError as exc:
        raise exc.located(p.name) from None


def _atomic(path: Path, writer) -> Path:
    with atomic_path(path) as tmp:
        writer(str(tmp))
    return path


def write_outputs(results: Mapping[str, Any], out_dir: str | Path, *, prefix: str = "",
                  xlsx: bool = True) -> list[Path]:
    """Every pandas object of ``results`` as ``<prefix><name>.csv`` and, with ``xlsx``, all of
    them as sheets of ``<prefix>mrio_results.xlsx``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = {k: (v.to_frame() if isinstance(v, pd.Series) else v) for k, v in results.items()
              if isinstance(v, (pd.Series, pd.DataFrame))}
    written = []
    for name, df in frames.items():
        written.append(_atomic(out / f"{prefix}{name}.csv",
                               lambda t, df=df: df.to_csv(t, encoding="utf-8-sig")))
    if xlsx and frames:
        def _x(tmp: str) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for name, df in frames.items():
                    df.to_excel(xw, sheet_name=name[:31])
        written.append(_atomic(out / f"{prefix}mrio_results.xlsx", _x))
    return written
