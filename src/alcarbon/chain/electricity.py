"""Electricity emission factors per province x year (kg gas per kWh = t per MWh).

Every stage uses the grid factor of its province (GB/T 44905 7.1.5.3: the grid of the region of
consumption). Electrolysis uses the supply mix of the smelters (7.1.5.1 captive plants, 7.1.5.2
direct lines such as hydro):

    EF_smelting = s_captive x EF_captive + s_hydro x EF_hydro + s_other x EF_other
                  + (1 - s_captive - s_hydro - s_other) x EF_grid

A blank ``grid_factor`` is taken from the factor library (``FactorLibrary.grid(province, year,
basis)``: MEE provincial CO2 factors 2021-2023 for ``combustion_co2``); for other years none is
published and the user must supply it. A share > 0 needs its factor in the same row (or a less
specific row): there is no packaged default for a captive plant or a hydro contract.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from alcarbon.chain.provinces import zh_name
from alcarbon.chain.resolve import Grid, fill
from alcarbon.errors import BasisError, InputError

_MIX = ("captive", "hydro", "other")


@dataclass
class ElectricityFactors:
    basis: str
    gas: str  # "CO2" for combustion_co2, "CO2e" for life_cycle
    grid: np.ndarray  # kg/kWh per grid row
    smelting: np.ndarray  # kg/kWh per grid row
    sources: pd.DataFrame  # province, year, grid_factor, grid_source, smelting_factor


def _library_grid(library, province: str, year: int, basis: str, where: str) -> tuple[float, str]:
    try:
        f = library.grid(zh_name(province), year, basis)
    except Exception as exc:  # the library says why (missing year, unknown region)
        raise InputError(
            f"no grid factor for {zh_name(province)} {year} ({basis}): {exc}",
            where=where,
            expected="a value in column grid_factor (kg/kWh); published provincial factors "
            "exist only for 2021-2023 (MEE/NBS), other years must be supplied",
        ) from None
    return f.per_unit("kWh") * 1000.0, f"factor library {f.id}"


def _resolve_ids(table: pd.DataFrame, basis: str, library) -> pd.DataFrame:
    """Replace factor-library ids in *_factor cells by their value in kg/kWh (same basis only)."""
    id_cols = [c for c in table.columns if c.endswith("_factor_id")]
    if not any((table[c] != "").any() for c in id_cols):
        return table
    if library is None:
        from alcarbon.factors import load_library

        library = load_library()
    table = table.copy()
    known: dict[str, tuple[float, str, str]] = {}  # an id named in many rows is looked up once
    for c in id_cols:
        col, cells, wheres = c[: -len("_id")], table[c].tolist(), table["where"].tolist()
        values = table[col].to_numpy(dtype=float, copy=True)
        for k, fid in enumerate(cells):
            if fid == "":
                continue
            where = wheres[k].replace("grid_factor", col)
            if fid not in known:
                try:
                    f = library.get(fid)
                    known[fid] = (f.per_unit("kWh") * 1000.0, f.basis, f.id)
                except InputError as e:
                    raise e.located(where) from None
            value, f_basis, f_id = known[fid]
            if f_basis != basis:
                raise BasisError(f"factor {f_id} has basis {f_basis}, the data set uses {basis}",
                                 where=where, expected=f"a {basis} factor")
            values[k] = value
        table[col] = values
    return table


def electricity_factors(grid: Grid, table: pd.DataFrame, library=None) -> ElectricityFactors:
    """Resolve grid and smelting factors for every row of ``grid`` (see module docstring)."""
    where_file = table["where"].iloc[0].split(", row")[0] if len(table) else "electricity"
    bases = sorted(set(table["basis"]))
    if len(bases) != 1:
        raise BasisError(
            f"electricity rows mix bases {', '.join(bases) or '(none)'}",
            where=where_file,
            expected="one basis for the whole data set: combustion_co2 (MEE grid CO2 factors) or "
            "life_cycle (electricity carbon-footprint factors); never both (DESIGN.md, 7.1.5)",
        )
    basis = bases[0]
    table = _resolve_ids(table, basis, library)
    gridf, origin = fill(grid, table, "grid_factor")
    source = dict(zip(table.index.tolist(), table["source"].tolist(), strict=True))
    src = np.array([source[i] if i >= 0 else "" for i in origin.tolist()], dtype=object)
    for k in np.flatnonzero(np.isnan(gridf)):
        if library is None:
            from alcarbon.factors import load_library

            library = load_library()
        where = f"{where_file} (province {grid.prov[k]}, year {grid.year[k]}, column grid_factor)"
        gridf[k], src[k] = _library_grid(library, grid.prov[k], int(grid.year[k]), basis, where)
    smelt = gridf.copy()
    rest = np.ones(grid.size)
    for name in _MIX:
        share, s_origin = fill(grid, table, f"{name}_share")
        share = np.nan_to_num(share)
        factor, _ = fill(grid, table, f"{name}_factor")
        bad = (share > 0) & np.isnan(factor)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"{name}_share is {share[k]:g} but {name}_factor is blank for "
                f"{grid.prov[k]} {grid.year[k]}",
                where=table.at[s_origin[k], "where"].replace("grid_factor", f"{name}_factor"),
                expected=f"the emission factor of the {name} supply in kg/kWh ({basis}); "
                "there is no packaged default",
            )
        smelt = smelt + share * (np.nan_to_num(factor) - gridf)
        rest -= share
    if (rest < -1e-9).any():
        k = int(np.flatnonzero(rest < -1e-9)[0])
        raise InputError(f"electricity shares for {grid.prov[k]} {grid.year[k]} exceed 1",
                         where=where_file, expected="captive + hydro + other shares <= 1")
    sources = grid.frame().assign(grid_factor=gridf, grid_source=src, smelting_factor=smelt)
    return ElectricityFactors(basis, "CO2" if basis == "combustion_co2" else "CO2e", gridf, smelt,
                              sources)
