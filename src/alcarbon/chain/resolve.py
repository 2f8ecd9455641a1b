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

    def positions(self, province: str, year: int) -> np.ndarray:
        """Row indices covered by a (province or "", year or -1) key."""
        ps = range(self.n_p) if province == "" else [self._pi.get(province, -1)]
        ys = range(self.n_y) if year == -1 else [self._yi.get(year, -1)]
        idx = [p * self.n_y + y for p in ps for y in ys if p >= 0 and y >= 0]
        return np.asarray(idx, dtype=int)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"province": self.prov, "year": self.year})


def fill(grid: Grid, rows: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Values of ``column`` over the grid (NaN where nothing applies) and the index of the row of
    ``rows`` that supplied each value (-1 where none). Blank (NaN) cells do not override."""
    values = np.full(grid.size, np.nan)
    origin = np.full(grid.size, -1, dtype=int)
    if rows.empty:
        return values, origin
    prov = rows["province"].to_numpy()
    year = rows["year"].to_numpy()
    cells = rows[column].to_numpy()
    index = rows.index.to_numpy()
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


def parameter_arrays(grid: Grid, params: pd.DataFrame,
                     stage: str) -> dict[str, tuple[np.ndarray, str]]:
    """Every parameter of ``stage`` as (values over the grid, unit). Units within one parameter are
    converted to the unit of its first row."""
    generic = params[params["stage"] == "processing"] if stage.startswith("processing:") else None
    exact = params[params["stage"] == stage]
    parts = [generic, exact] if generic is not None else [exact]
    names = pd.unique(pd.concat([p["parameter"] for p in parts]))
    # each part split by parameter once (rows keep their index: it is the row's origin)
    groups = [dict(list(p.groupby("parameter", sort=False))) for p in parts]
    out: dict[str, tuple[np.ndarray, str]] = {}
    for name in names:
        unit = ""
        values = np.full(grid.size, np.nan)
        for group in groups:
            sub = group.get(name)
            if sub is None or sub.empty:
                continue
            unit = unit or sub["unit"].iloc[0]
            if (sub["unit"] != unit).any():
                sub = sub.copy()
                sub["value"] = [
                    v if u == unit else _convert(v, u, unit, w)
                    for v, u, w in zip(sub["value"], sub["unit"], sub["where"], strict=True)
                ]
            v, _ = fill(grid, sub, "value")
            values = np.where(np.isnan(v), values, v)
        out[name] = (values, unit)
    return out


def _convert(value: float, unit: str, to: str, where: str) -> float:
    try:
        return convert(value, unit, to)
    except InputError as e:
        raise e.located(where) from None
