"""Resolve province x year values with national defaults (vectorised over the model grid).

Precedence, most specific last so it wins: national & all years < national & that year <
province & all years < province & that year. In ``parameters``, rows for stage ``processing`` apply
to every ``processing:<product>`` stage and are overridden by rows naming the exact stage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.units import convert


class Grid:
    """The province x year rows of a model run, in a fixed order (province-major)."""

    def __init__(self, provinces: list[str], years: list[int]):
        self.provinces = list(provinces)
        self.years = list(years)
        self.n_p, self.n_y = len(self.provinces), len(self.years)
        self.prov = np.repeat(np.array(self.provinces, dtype=object), self.n_y)
        self.year = np.tile(np.array(self.years, dtype=int), self.n_p)
        self.size = self.n_p * self.n_y
        self._pi = {p: i for i, p in enumerate(self.provinces)}
        self._yi = {y: i for i, y in enumerate(self.years)}
        self._positions: dict[tuple[str, int], np.ndarray] = {}

    def positions(self, province: str, year: int) -> np.ndarray:
        """Row indices covered by a (province or "", year or -1) key (read-only array)."""
        key = (province, int(year))
        idx = self._positions.get(key)
        if idx is None:
            ps = range(self.n_p) if province == "" else [self._pi.get(province, -1)]
            ys = range(self.n_y) if year == -1 else [self._yi.get(year, -1)]
            idx = np.asarray([p * self.n_y + y for p in ps for y in ys if p >= 0 and y >= 0],
                             dtype=int)
            idx.flags.writeable = False
            self._positions[key] = idx
        return idx

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"province": self.prov, "year": self.year})


def fill(grid: Grid, rows: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Values of ``column`` over the grid (NaN where nothing applies) and the index of the row of
    ``rows`` that supplied each value (-1 where none). Blank (NaN) cells do not override."""
    if rows.empty:
        return np.full(grid.size, np.nan), np.full(grid.size, -1, dtype=int)
    return fill_arrays(grid, rows["province"].to_numpy(), rows["year"].to_numpy(),
                       rows[column].to_numpy(), rows.index.to_numpy())


def fill_arrays(grid: Grid, prov: np.ndarray, year: np.ndarray, cells: np.ndarray,
                index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`fill` over rows given as parallel arrays (province, year, value, row index)."""
    values = np.full(grid.size, np.nan)
    origin = np.full(grid.size, -1, dtype=int)
    # least specific first, so the most specific row is written last and wins (stable: among
    # rows of one rank, the later row wins)
    rank = (prov != "").astype(int) * 2 + (year != -1).astype(int)
    for k in np.argsort(rank, kind="stable").tolist():
        v = cells[k]
        if v != v:  # NaN: a blank cell keeps the less specific value
            continue
        pos = grid.positions(prov[k], year[k])
        values[pos] = v
        origin[pos] = index[k]
    return values, origin


class ParameterRows:
    """The validated ``parameters`` table split once into plain columns and, per (stage,
    parameter), the positions of its rows in table order: a model run reads every stage's
    parameters from it without filtering the table again for each stage."""

    def __init__(self, params: pd.DataFrame):
        self.prov = params["province"].to_numpy(dtype=object)
        self.year = params["year"].to_numpy(dtype=int)
        self.value = params["value"].to_numpy(dtype=float)
        self.unit = params["unit"].tolist()
        self.where = params["where"].tolist()
        self.index = params.index.to_numpy()
        self.groups: dict[str, dict[str, list[int]]] = {}  # stage -> parameter -> positions
        for k, (st, name) in enumerate(zip(params["stage"].tolist(), params["parameter"].tolist(),
                                           strict=True)):
            self.groups.setdefault(st, {}).setdefault(name, []).append(k)


def parameter_arrays(grid: Grid, params: pd.DataFrame | ParameterRows,
                     stage: str) -> dict[str, tuple[np.ndarray, str]]:
    """Every parameter of ``stage`` as (values over the grid, unit). Units within one parameter are
    converted to the unit of its first row."""
    rows = params if isinstance(params, ParameterRows) else ParameterRows(params)
    parts = [rows.groups.get(stage, {})]
    if stage.startswith("processing:"):
        parts.insert(0, rows.groups.get("processing", {}))
    names = list(dict.fromkeys(name for part in parts for name in part))
    out: dict[str, tuple[np.ndarray, str]] = {}
    for name in names:
        unit = ""
        values = np.full(grid.size, np.nan)
        for part in parts:
            ks = part.get(name)
            if not ks:
                continue
            unit = unit or rows.unit[ks[0]]
            cells = rows.value[ks]
            if any(rows.unit[k] != unit for k in ks):
                cells = np.array([rows.value[k] if rows.unit[k] == unit
                                  else _convert(rows.value[k], rows.unit[k], unit, rows.where[k])
                                  for k in ks], dtype=float)
            v, _ = fill_arrays(grid, rows.prov[ks], rows.year[ks], cells, rows.index[ks])
            values = np.where(np.isnan(v), values, v)
        out[name] = (values, unit)
    return out


def _convert(value: float, unit: str, to: str, where: str) -> float:
    try:
        return convert(value, unit, to)
    except InputError as e:
        raise e.located(where) from None
