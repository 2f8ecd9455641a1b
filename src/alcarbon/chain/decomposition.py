"""LMDI decomposition of a chain run between two years (per province and national).

Uses the attributed chain emissions and energy of each smelting province (t CO2e, GJ) and its
primary-aluminium output, so C = sum_i Q x S_i x I_i x F_i holds exactly (see
:mod:`alcarbon.chain.lmdi` for the identity and the treatment of zeros).
"""

from __future__ import annotations

import pandas as pd

from alcarbon.chain import lmdi
from alcarbon.chain.attribution import attributed
from alcarbon.chain.model import ChainResult
from alcarbon.errors import InputError


def decompose_years(res: ChainResult, year0: int, year1: int,
                    table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Effects (t CO2e) per province plus a ``national`` row, columns :data:`lmdi.EFFECTS`,
    ``total`` and ``change``; ``table`` is a precomputed :func:`attributed` result."""
    for y in (year0, year1):
        if y not in res.grid.years:
            raise InputError(f"year {y} is not in the data",
                             where=res.data.files.get("production", "production"),
                             expected="one of " + ", ".join(map(str, res.grid.years)))
    at = attributed(res) if table is None else table
    a0 = at[at["year"] == year0].set_index("province")
    a1 = at[at["year"] == year1].set_index("province").reindex(a0.index)
    df = lmdi.decompose(a0["primary_t"].to_numpy(), a0["gj"].to_numpy(), a0["tco2e"].to_numpy(),
                        a1["primary_t"].to_numpy(), a1["gj"].to_numpy(), a1["tco2e"].to_numpy(),
                        provinces=list(a0.index))
    df.loc["national"] = lmdi.national(df)
    df.index.name = "province"
    df.insert(0, "year_to", year1)
    df.insert(0, "year_from", year0)
    df["emissions_from"] = list(a0["tco2e"]) + [a0["tco2e"].sum()]
    df["emissions_to"] = list(a1["tco2e"]) + [a1["tco2e"].sum()]
    return df.reset_index()
