"""Loading inputs by file type and writing analysis outputs (CSV per table, one xlsx), each
file through a temporary name renamed at the end."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from alcarbon.atomic import atomic_path
from alcarbon.errors import InputError
from alcarbon.mrio.core.model import IOTable, Satellite
from alcarbon.mrio.io.layout import DEFAULT_LAYOUT, Layout, load_layout


def load_table(path: str | Path, *, layout: str | Path | None = None,
               emissions: str | Path | None = None,
               emission_unit: str | None = None, ceads: str | Path | None = None,
               concordance: str | Path | None = None, ceads_layout: str | Path | None = None,
               ceads_factors: str | Path | None = None) -> tuple[IOTable, Satellite]:
    """.xlsx (China MRIO layout) or .csv (long form); ``emissions`` a CSV with columns
    region, sector, value (overrides any emission row of the table); ``ceads`` a CEADs
    inventory workbook bridged to the table's sectors by the user's ``concordance`` CSV
    (``ceads_layout`` a CEADs layout file, ``ceads_factors`` a CSV fuel,ef,unit,source)."""
    from alcarbon.mrio.io.read_china import read_china_mrio
    from alcarbon.mrio.io.read_long import read_long_csv

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
    if ceads is not None:
        sat = satellite_from_ceads(table, ceads, concordance, ceads_layout, ceads_factors)
    if sat is None:
        raise InputError("the table has no emission row and no --emissions file was given",
                         where=str(p), expected="a CO2 row or an emissions CSV "
                         "(region, sector, value)")
    return table, sat


def read_emissions_csv(table: IOTable, path: str | Path, unit: str = "Mt") -> Satellite:
    """Direct emissions per region x sector: CSV columns region, sector, value.  Sectors may be
    labels or codes (table.meta["sector_codes"])."""
    from alcarbon.mrio.core.satellite import satellite_from_series

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


def satellite_from_ceads(table: IOTable, ceads: str | Path, concordance: str | Path | None,
                         layout: str | Path | None = None,
                         factors: str | Path | None = None) -> Satellite:
    """Read a CEADs inventory and bridge it to ``table`` (Mt CO2)."""
    from alcarbon.mrio.io.ceads import load_ceads_layout, read_ceads
    from alcarbon.mrio.io.ceads_bridge import ceads_satellite, read_ceads_concordance

    if concordance is None:
        raise InputError("a CEADs inventory needs a sector concordance", where="--concordance",
                         expected="a CSV from,to[,weight] mapping the CEADs sectors to the "
                         "table's sectors; none ships because no published 47 -> 42 "
                         "concordance was found (docs/mrio.md)")
    inv = read_ceads(ceads, load_ceads_layout(layout), factors=read_ceads_factors(factors))
    return ceads_satellite(table, inv, read_ceads_concordance(concordance))


def read_ceads_factors(factors: str | Path | None) -> pd.DataFrame | None:
    """A CSV fuel,ef,unit,source of factors (t CO2 per unit) overriding the library, or None."""
    if factors is None:
        return None
    fp = Path(factors)
    try:
        ftab = pd.read_csv(fp, dtype={"fuel": str, "unit": str}, comment="#")
    except (OSError, pd.errors.ParserError) as exc:
        raise InputError(f"cannot read factors ({exc})", where=str(fp)) from None
    if {"fuel", "ef", "unit", "source"} - set(ftab.columns):
        raise InputError("missing columns", where=f"{fp.name}, header",
                         expected="fuel, ef (t CO2 per unit), unit, source")
    return ftab


def ceads_fuel_split(table: IOTable, prepared, sectors, cd: Mapping[str, Any]):
    """Per-fuel split of the target ``sectors`` (:func:`alcarbon.mrio.core.fuels.fuel_split`)
    from the CEADs options of a run (keys ceads, concordance, ceads_layout, ceads_factors)."""
    from alcarbon.mrio.core.fuels import ceads_fuel_satellites, fuel_split
    from alcarbon.mrio.core.pipeline import resolve_sectors

    per = ceads_fuel_satellites(table, cd["ceads"], cd["concordance"], cd.get("ceads_layout"),
                                read_ceads_factors(cd.get("ceads_factors")))
    return fuel_split(prepared, per, resolve_sectors(table, sectors))


def _atomic(path: Path, writer) -> Path:
    with atomic_path(path) as tmp:
        writer(str(tmp))
    return path


#: Index column names of the results whose index carries no name (first matching key wins:
#: exact result name, then its suffix after the last "_").
INDEX_NAMES = {
    "balance": "region", "net_transfers": "region", "centrality": "region",
    "target_centrality": "region", "upstream_by_region": "region", "summary": "metric",
    "network_summary": "metric", "backbone_summary": "metric", "spa_summary": "metric",
    "upstream_by_sector": "sector", "target_direct_embodied": "region",
    "target_fuel_split": "fuel",
}


def named_index(name: str, df: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """``df`` with every index level named (INDEX_NAMES, else ``index`` / ``index_<k>``), and
    whether the index is written at all (a plain unnamed 0..n-1 range is not)."""
    if isinstance(df.index, pd.RangeIndex) and df.index.name is None:
        return df, False
    key = INDEX_NAMES.get(name) or INDEX_NAMES.get(name.rsplit("_", 1)[-1])
    names = list(df.index.names)
    if len(names) == 1:
        names = [names[0] or key or "index"]
    else:
        names = [n or f"index_{k}" for k, n in enumerate(names)]
    return df.rename_axis(names), True


def write_outputs(results: Mapping[str, Any], out_dir: str | Path, *, prefix: str = "",
                  xlsx: bool = True, bom: bool = False) -> list[Path]:
    """Every pandas object of ``results`` as ``<prefix><name>.csv`` (UTF-8, without BOM unless
    ``bom``; every index column named, see :func:`named_index`) and, with ``xlsx``, all of them
    as sheets of ``<prefix>mrio_results.xlsx``."""
    out = Path(out_dir)
    from alcarbon.atomic import make_dir

    make_dir(out)
    frames = {k: named_index(k, v.to_frame() if isinstance(v, pd.Series) else v)
              for k, v in results.items() if isinstance(v, (pd.Series, pd.DataFrame))}
    written = []
    for name, (df, idx) in frames.items():
        written.append(_atomic(out / f"{prefix}{name}.csv",
                               lambda t, df=df, idx=idx: df.to_csv(
                                   t, encoding="utf-8-sig" if bom else "utf-8", index=idx)))
    if xlsx and frames:
        def _x(tmp: str) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for name, (df, idx) in frames.items():
                    df.to_excel(xw, sheet_name=name[:31], index=idx)
        written.append(_atomic(out / f"{prefix}mrio_results.xlsx", _x))
    return written
