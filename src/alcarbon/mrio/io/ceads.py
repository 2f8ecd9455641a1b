"""Reader for CEADs provincial inventories (Shan et al. 2018, Sci Data 5:170201; 2020, 7:54):
one sheet per province, fuels x 47 sectors, IPCC sectoral approach (research/china-mrio.md 3).

Sheet grid (china-mrio.md 3.3, confidence M): header rows, then ``Total Consumption``, the 45
production sectors, ``Urban`` and ``Rural`` (household direct use).  Column A is the sector,
then one column per fuel (17 in CEADs), ``Process`` (cement process CO2) and ``Total``.
Everything is found by label, as described by a :class:`CeadsLayout` (JSON/YAML), never by
fixed cell ranges, so layout variants load without code changes.

``values: energy`` (the default): fuel columns are amounts of fuel, each in the unit written on
the unit row (``unit_row_offset`` below the fuel-label row) or given in ``fuel_units``.  Each
sector's CO2 is then computed by :func:`alcarbon.mrio.core.satellite.emissions_from_energy`:

    CE_(j) = sum_i AD_(i,j) x NCV_i x CC_i x O_i x 44/12 (+ Process)     (china-mrio.md 3.1)

with NCV, CC and O from the factor library (``fuel_ids`` maps fuel labels to library fuel ids;
``factors`` overrides or adds fuel rows).  These are not the CEADs factors (Liu et al. 2015),
which are not packaged: results differ from the published CEADs emissions.
``values: co2``: fuel columns already hold CO2 in ``co2_unit`` and are summed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.mrio.io.layout import read_mapping_file
from alcarbon.mrio.io.read_china import _num, _text
from alcarbon.mrio.outputs.labels import CEADS_FUEL_IDS, CEADS_FUELS, canonical_province


@dataclass(frozen=True)
class CeadsLayout:
    """Where things are in a CEADs inventory sheet (columns and offsets 0-based)."""

    values: str = "energy"  # "energy" (fuel amounts) or "co2" (CO2 per fuel)
    sheets: tuple[str, ...] | None = None  # province sheets; None = every sheet named a province
    province_aliases: tuple[tuple[str, str], ...] = ()
    header_scan_rows: int = 10
    sector_col: int = 0
    fuel_labels: tuple[str, ...] = CEADS_FUELS
    process_label: str | None = "Process"  # CO2 in co2_unit (cement process)
    total_label: str | None = "Total"  # checked against the fuel sum in "co2" mode
    unit_row_offset: int | None = 1  # row of fuel units, relative to the fuel-label row
    fuel_units: tuple[tuple[str, str], ...] = ()  # fuel label -> unit, when no unit row
    total_row_label: str | None = "Total Consumption"
    urban_label: str = "Urban"
    rural_label: str = "Rural"
    co2_unit: str = "Mt"
    fuel_ids: tuple[tuple[str, str], ...] = tuple(CEADS_FUEL_IDS.items())
    factor_table: str | None = "ceads"  # fuels_ceads.csv: all 17 CEADs fuels


DEFAULT_CEADS_LAYOUT = CeadsLayout()


def load_ceads_layout(path: str | Path | None = None, **overrides: Any) -> CeadsLayout:
    """A layout from a .json/.yaml file (any subset of the fields; mappings such as
    ``fuel_ids: {"Raw Coal": bituminous_coal}`` are merged over the defaults)."""
    data: dict[str, Any] = read_mapping_file(path) if path is not None else {}
    data.update(overrides)
    known = {f.name for f in fields(CeadsLayout)}
    bad = sorted(set(data) - known)
    if bad:
        raise InputError(f"unknown CEADs layout field(s) {bad}", where=str(path or "layout"),
                         expected="fields among " + ", ".join(sorted(known)))
    clean: dict[str, Any] = {}
    for k, v in data.items():
        if k == "fuel_ids" and isinstance(v, Mapping):
            v = {**CEADS_FUEL_IDS, **v}
        if isinstance(v, Mapping):
            v = tuple((str(a), str(b)) for a, b in v.items())
        elif isinstance(v, list):
            v = tuple(tuple(x) if isinstance(x, list) else x for x in v)
        clean[k] = v
    lay = CeadsLayout(**clean)
    if lay.values not in ("energy", "co2"):
        raise InputError(f"values {lay.values!r}", where=str(path or "layout"),
                         expected="energy or co2")
    return lay


@dataclass
class CeadsInventory:
    """Per-province results of one inventory workbook (CO2 in t).

    ``sectors``: CO2 per (region, CEADs sector), production sectors only, fuels + process.
    ``households``: CO2 per region, columns ``urban`` and ``rural``.
    ``energy``: long table region, sector, fuel, amount, unit ("energy" mode, non-zero rows).
    """

    sectors: pd.Series
    households: pd.DataFrame
    energy: pd.DataFrame | None
    sector_order: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)


def read_ceads(path: str | Path, layout: CeadsLayout = DEFAULT_CEADS_LAYOUT,
               factors: pd.DataFrame | None = None, library=None) -> CeadsInventory:
    """Read every province sheet and compute CO2 per province x sector (t)."""
    from alcarbon.mrio.io.xlsx_io import read_sheet, sheet_names

    p = Path(path)
    names = sheet_names(p)
    aliases = dict(layout.province_aliases)
    known = _province_names()
    if layout.sheets is not None:
        missing = [s for s in layout.sheets if s not in names]
        if missing:
            raise InputError(f"no sheet(s) {missing}", where=str(p),
                             expected="one of " + ", ".join(names))
        chosen = list(layout.sheets)
    else:
        chosen = [n for n in names if _region(n, aliases) in known]
    if not chosen:
        raise InputError("no province sheet found", where=str(p),
                         expected="sheets named after provinces (Beijing, InnerMongolia, ...)"
                         "; sheets are " + ", ".join(names))
    long_parts, process, order, checks = [], {}, None, []
    for sheet in chosen:
        where = f"{p.name}, sheet {sheet!r}"
        region = _region(sheet, aliases)
        df, proc, sec_order, chk = _parse_sheet(read_sheet(p, sheet), layout, where, region)
        long_parts.append(df)
        process[region] = proc
        order = order or sec_order
        checks.append(chk)
    long = pd.concat(long_parts, ignore_index=True)
    if layout.values == "energy":
        co2 = _energy_to_co2(long, layout, factors, library, p.name)
        energy = long
    else:
        from alcarbon.units import convert

        scale = convert(1.0, layout.co2_unit, "t")
        co2 = (long.assign(t=long["amount"] * scale)
               .groupby(["region", "sector"], sort=False)["t"].sum())
        energy = None
    proc_t = pd.concat(process, names=["region", "sector"])
    co2 = co2.add(proc_t, fill_value=0.0).rename("CO2_t")
    hh_labels = {layout.urban_label: "urban", layout.rural_label: "rural"}
    sec = co2.index.get_level_values("sector")
    households = (co2[sec.isin(list(hh_labels))].rename(index=hh_labels, level="sector")
                  .unstack("sector").reindex(columns=["urban", "rural"]).fillna(0.0))
    meta = {"source_file": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
            "sheets": chosen, "ignored_sheets": [n for n in names if n not in chosen],
            "values": layout.values, "checks": pd.DataFrame(checks)}
    return CeadsInventory(sectors=co2[~sec.isin(list(hh_labels))], households=households,
                          energy=energy, sector_order=tuple(s for s in order
                                                            if s not in hh_labels), meta=meta)


def _province_names() -> set[str]:
    from alcarbon.mrio.outputs.labels import PROVINCES_ZH

    return set(PROVINCES_ZH)


def _region(sheet: str, aliases: Mapping[str, str]) -> str:
    name = sheet.strip()
    return canonical_province(aliases.get(name, name))


def _parse_sheet(rows: list[list[Any]], lay: CeadsLayout, where: str, region: str
                 ) -> tuple[pd.DataFrame, pd.Series, list[str], dict[str, Any]]:
    """Long table (region, sector, fuel, amount, unit), process CO2 (t) by sector, sector
    order, and the Total Consumption check of one sheet."""
    from alcarbon.units import convert

    hr, cols = None, {}
    for r, row in enumerate(rows[: lay.header_scan_rows]):
        texts = {_text(v): c for c, v in enumerate(row) if _text(v)}
        if lay.fuel_labels[0] in texts:
            hr, cols = r, texts
            break
    if hr is None:
        raise InputError("no fuel header row found", where=where,
                         expected=f"a row within the first {lay.header_scan_rows} holding "
                         f"{lay.fuel_labels[0]!r}")
    missing = [f for f in lay.fuel_labels if f not in cols]
    if missing:
        raise InputError(f"fuel column(s) {missing} not found", where=f"{where}, row {hr + 1}",
                         expected="every fuel of the layout's fuel_labels on the header row")
    fuel_cols = [cols[f] for f in lay.fuel_labels]
    units = dict(lay.fuel_units)
    first = hr + 1
    if lay.unit_row_offset is not None:
        ur = hr + lay.unit_row_offset
        first = max(first, ur + 1)
        for f, c in zip(lay.fuel_labels, fuel_cols, strict=True):
            units[f] = _text(rows[ur][c]) or units.get(f, "")
    if lay.values == "energy":
        for f, c in zip(lay.fuel_labels, fuel_cols, strict=True):
            if not units.get(f):
                raise InputError(f"no unit for fuel {f!r}", where=f"{where}, column {c + 1}",
                                 expected="a unit on the unit row, or fuel_units in the layout")
    proc_c = cols.get(lay.process_label) if lay.process_label else None
    tot_c = cols.get(lay.total_label) if lay.total_label else None
    sectors, data_rows, total_row = [], [], None
    for r in range(first, len(rows)):
        label = _text(rows[r][lay.sector_col]) if lay.sector_col < len(rows[r]) else ""
        if not label:
            continue
        if label == lay.total_row_label:
            total_row = r
            continue
        if label in sectors:
            raise InputError(f"sector {label!r} appears twice", where=f"{where}, row {r + 1}",
                             expected="each sector once per sheet")
        sectors.append(label)
        data_rows.append(r)
    if not data_rows:
        raise InputError("no sector rows", where=where, expected="sector rows under the header")
    A = np.vstack([_num(rows, r, fuel_cols, where) for r in data_rows])
    k_sec, k_fuel = np.nonzero(A)
    df = pd.DataFrame({"region": region, "sector": np.array(sectors, dtype=object)[k_sec],
                       "fuel": np.array(lay.fuel_labels, dtype=object)[k_fuel],
                       "amount": A[k_sec, k_fuel],
                       "unit": [units.get(lay.fuel_labels[k], "") for k in k_fuel]})
    scale = convert(1.0, lay.co2_unit, "t")
    proc = np.array([_num(rows, r, [proc_c], where)[0] for r in data_rows]) * scale \
        if proc_c is not None else np.zeros(len(data_rows))
    chk: dict[str, Any] = {"region": region, "sheet": where}
    if total_row is not None:
        tot = _num(rows, total_row, fuel_cols, where)
        gap = np.abs(A.sum(0) - tot) / np.maximum(np.abs(tot), 1e-12)
        chk["total_consumption_max_relative_gap"] = float(gap.max())
    if lay.values == "co2" and tot_c is not None:
        tc = np.array([_num(rows, r, [tot_c], where)[0] for r in data_rows])
        gap = np.abs(A.sum(1) + proc / scale - tc) / np.maximum(np.abs(tc), 1e-12)
        chk["row_total_max_relative_gap"] = float(gap.max())
    return df, pd.Series(proc, index=pd.Index(sectors, name="sector")), sectors, chk


def _energy_to_co2(long: pd.DataFrame, lay: CeadsLayout, factors: pd.DataFrame | None,
                   library, where: str) -> pd.Series:
    """t CO2 per (region, sector) from fuel amounts, factors from the library by fuel id."""
    from alcarbon.errors import MissingFactorError
    from alcarbon.mrio.core.satellite import emissions_from_energy, factor_table_from_library

    used = list(dict.fromkeys(long["fuel"]))
    given = set(factors["fuel"].astype(str)) if factors is not None else set()
    ids = dict(lay.fuel_ids)
    unmapped = [f for f in used if f not in ids and f not in given]
    if unmapped:
        raise MissingFactorError(
            [f"fuel {f!r}: no factor-library fuel is mapped to it; add it to the CEADs layout's "
             "fuel_ids (a library fuel id) or give a factor (fuel, ef, unit, source)"
             for f in unmapped], where=where)
    lib_fuels = [f for f in used if f not in given]
    tab = factor_table_from_library([ids[f] for f in lib_fuels], library, lay.factor_table)
    tab["fuel"] = lib_fuels
    if factors is not None:
        tab = pd.concat([tab, factors], ignore_index=True)
    return emissions_from_energy(long, tab)
