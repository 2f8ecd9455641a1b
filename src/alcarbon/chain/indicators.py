"""Result tables of a chain run: totals, intensities, national series, shares, ranking, processing.

All emissions in t CO2e, outputs in t. "Territorial" sums emissions where they occur; the chain
intensity per t Al divides the national cradle-to-gate total (bauxite mining, alumina refining,
anode production, electrolysis) by national primary-aluminium output, as in Yan et al.; the
per-province intensity is the attributed footprint of :mod:`alcarbon.chain.attribution`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alcarbon.chain import schema
from alcarbon.chain.model import ChainResult


def by_stage_category(res: ChainResult) -> pd.DataFrame:
    """province, year, stage, category, tco2e (territorial)."""
    e = res.emissions
    return (e.groupby(["province", "year", "stage", "category"], as_index=False, sort=True)["tco2e"]
            .sum())


def province_year(res: ChainResult) -> pd.DataFrame:
    """Territorial totals per province x year: one column per stage, ``upstream`` (cradle to
    primary metal), ``processing``, ``total``, and the outputs of bauxite/alumina/anode/Al."""
    g = res.grid
    st = res.stage_tco2e()
    df = g.frame()
    for s in schema.STAGES:
        df[s] = st[s]
    proc = [s for s in schema.STAGES if s.startswith("processing:")]
    df["upstream"] = df[list(schema.UPSTREAM_STAGES)].sum(axis=1)
    df["processing"] = df[proc].sum(axis=1)
    df["total"] = df["upstream"] + df["processing"]
    for s in schema.UPSTREAM_STAGES:
        df[f"output_{schema.STAGE_OUTPUT[s]}_t"] = res.production[s]
    return df


def national_series(res: ChainResult, py: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per year: totals per stage, upstream, processing, total, primary output, chain intensity
    (upstream / primary, t CO2e/t Al) and each upstream stage's contribution to it. ``py``: the
    :func:`province_year` table of ``res`` when already built (not modified)."""
    py = province_year(res) if py is None else py
    cols = [*schema.STAGES, "upstream", "processing", "total", "output_primary_aluminium_t"]
    nat = py.groupby("year", as_index=False)[cols].sum()
    q = nat["output_primary_aluminium_t"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        nat["intensity_t_per_t_al"] = np.where(q > 0, nat["upstream"] / q, np.nan)
        for s in schema.UPSTREAM_STAGES:
            nat[f"intensity_{s}"] = np.where(q > 0, nat[s] / q, np.nan)
    return nat


def stage_shares(res: ChainResult, *, level: str = "national",
                 py: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of each stage in the upstream total (national per year, or per province x year);
    ``py`` as in :func:`national_series`."""
    py = province_year(res) if py is None else py
    keys = ["year"] if level == "national" else ["province", "year"]
    agg = py.groupby(keys, as_index=False)[[*schema.UPSTREAM_STAGES, "upstream"]].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        for s in schema.UPSTREAM_STAGES:
            agg[f"share_{s}"] = np.where(agg["upstream"] > 0, agg[s] / agg["upstream"], np.nan)
    return agg[[*keys, *(f"share_{s}" for s in schema.UPSTREAM_STAGES)]]


def ranking(res: ChainResult, attributed: pd.DataFrame, year: int | None = None,
            py: pd.DataFrame | None = None) -> pd.DataFrame:
    """Provinces of ``year`` (default the last) ranked by territorial total, with the attributed
    intensity per t Al and its rank (1 = highest); ``py`` as in :func:`national_series`."""
    year = max(res.grid.years) if year is None else year
    py = province_year(res) if py is None else py
    py = py[py["year"] == year][["province", "year", "upstream", "processing", "total"]]
    at = attributed[attributed["year"] == year][["province", "primary_t", "tco2e_per_t"]]
    df = py.merge(at, on="province", how="left")
    df["rank_total"] = df["total"].rank(ascending=False, method="min").astype(int)
    df["rank_intensity"] = df["tco2e_per_t"].rank(ascending=False, method="min")
    return df.sort_values("rank_total").reset_index(drop=True)


def processing(res: ChainResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Processing emissions per product type: (series, correlation).

    series: product, year, output_t, tco2e, t CO2e per t product (national).
    correlation: product, Pearson r of emissions with output across years (national series) and
    across all province-years with output, and the number of points of each.
    """
    g = res.grid
    st = res.stage_tco2e()
    rows, corr = [], []
    for p in schema.PROCESSED:
        s = f"processing:{p}"
        out, em = res.production[s], st[s]
        o_y = out.reshape(g.n_p, g.n_y).sum(axis=0)
        e_y = em.reshape(g.n_p, g.n_y).sum(axis=0)
        for y, o, e in zip(g.years, o_y, e_y, strict=True):
            rows.append(dict(product=p, year=y, output_t=o, tco2e=e,
                             tco2e_per_t=e / o if o > 0 else np.nan))
        mask = out > 0
        corr.append(dict(product=p, r_years=_pearson(o_y, e_y), n_years=int((o_y > 0).sum()),
                         r_province_years=_pearson(out[mask], em[mask]),
                         n_province_years=int(mask.sum())))
    return pd.DataFrame(rows), pd.DataFrame(corr)


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation; NaN with fewer than 3 points or no variation."""
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])
