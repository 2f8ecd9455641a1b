"""Monte Carlo intervals of the chain intensities (t CO2e per t primary aluminium).

Same parameter scheme as the product footprint (:mod:`alcarbon.uncertainty`, GB/T 44905 9.2 b):
every uncertain input is a lognormal multiplier with median 1 (the static value is the median),
``M = exp(sigma Z)``, Z standard normal, drawn for all inputs at once with a seeded
``numpy.random.default_rng``.

Inputs. An emission flow of a stage (``emissions_long`` rows of one ``stage`` and ``flow``,
e.g. ``electrolysis:electricity``, ``electrolysis:anode_consumption``,
``alumina_refining:fuel.natural_gas``) is the product of an activity datum per t (kWh/t,
t anode/t, Nm3/t ...) and a factor (kg/kWh, the IPCC constants ...), so one multiplier per flow
group, with

    sigma^2 = sigma_activity^2 + sigma_factor^2

sigma_activity: an activity datum of the chain tables carries no GB/T 44905 Table 2 rating, so
it is *unrated*: basic variance 0.0006 plus pedigree score 5 on every criterion (0.21), as the
product footprint treats an unrated datum (:func:`alcarbon.uncertainty.pedigree.activity_sigma`;
Weidema et al. 2013, ecoinvent data quality guideline v3, Tables 10.4-10.5).
sigma_factor: a chain factor has no library confidence, so it is a secondary factor (basic 0.0006)
with reliability unrated (score 5, 0.04; :func:`~alcarbon.uncertainty.pedigree.factor_spread`); a
measured ``direct.<gas>`` flow has no factor (0). Default sigma = sqrt(0.2106 + 0.0406) = 0.501
(GSD 1.65): wide, on purpose,
until the data are rated. ``gsd`` overrides a group by ``stage:flow``, ``stage`` or ``flow``.

Correlation. One multiplier per group for all provinces and years (the same parameter, such as
the anode-consumption rate or the grid factor basis, is uncertain in the same direction
everywhere; as a factor id shared by several lines of a footprint). Conservative: independent
province draws would average out in the national band.

Vectorised evaluation. The attributed intensity (:mod:`alcarbon.chain.attribution`) and the
national intensity are linear in the stage emissions for fixed production and ratios, so the
contribution ``C[g, r]`` of each group g to each province-year r is computed once (one
attribution per group) and the draws are ``I = M @ C``: one matrix product for all iterations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from alcarbon.chain import schema
from alcarbon.chain.model import ChainResult
from alcarbon.errors import InputError
from alcarbon.uncertainty.limits import check_iterations, check_seed
from alcarbon.uncertainty.pedigree import activity_sigma, factor_spread

#: Percentiles reported (a central 95 % interval and the median).
PERCENTILES = (2.5, 50.0, 97.5)
#: Most draws x province-year cells held at once (8 bytes each: 160 MB). The percentiles need
#: every draw of a cell, so iterations are capped at MAX_CELLS // province-years (about 58,000
#: for 31 provinces x 11 years).
MAX_CELLS = 20_000_000


@dataclass
class ChainMC:
    """Intervals per province x year (``province``) and per year (``national``), and the
    uncertain groups with their sigma (``groups``); ``samples`` (iterations x rows) of the
    province intensities are kept for further use."""

    province: pd.DataFrame
    national: pd.DataFrame
    groups: pd.DataFrame
    samples: np.ndarray


def group_sigma(group: str, gsd: Mapping[str, float] | None = None) -> tuple[float, str]:
    """sigma of ln of a group ``stage:flow`` and where it comes from (module docstring)."""
    stage, flow = group.split(":", 1) if ":" in group else (group, "")
    for key in (group, stage, flow):
        if gsd and key in gsd:
            g = float(gsd[key])
            if not g >= 1.0:
                raise InputError(f"GSD {g:g} for {key!r} is below 1", where=f"gsd[{key!r}]",
                                 expected="a geometric standard deviation >= 1 (1 = certain)")
            return math.log(g), f"user gsd {g:g}"
    sa, _ = activity_sigma(None)
    if flow.startswith("direct."):
        return sa, "unrated measured value (pedigree score 5, no factor)"
    # a chain factor has no library confidence here: secondary factor, reliability unrated (5)
    sf = factor_spread("other", "CO2e", "", "").sigma
    return math.sqrt(sa**2 + sf**2), "unrated activity (pedigree score 5) x unrated factor"


def _groups(res: ChainResult) -> pd.Series:
    em = res.emissions
    keep = em["stage"].isin(schema.UPSTREAM_STAGES)
    return (em["stage"] + ":" + em["flow"]).where(keep)


def contributions(res: ChainResult) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Group names, their contribution to the attributed intensity (groups x grid rows, NaN
    where the row has no primary output) and to the national intensity (groups x years)."""
    from alcarbon.chain.attribution import attributed

    g = _groups(res)
    names = sorted(set(g.dropna()))
    em = res.emissions
    q = res.production["electrolysis"].reshape(res.grid.n_p, res.grid.n_y).sum(axis=0)
    C = np.empty((len(names), res.grid.size))
    N = np.empty((len(names), res.grid.n_y))
    for k, name in enumerate(names):
        sub = em[g == name]
        at = attributed(replace(res, emissions=sub))
        C[k] = at["tco2e_per_t"].to_numpy()
        rows = np.zeros(res.grid.size)
        np.add.at(rows, sub["_row"].to_numpy(), sub["tco2e"].to_numpy())
        with np.errstate(divide="ignore", invalid="ignore"):
            N[k] = np.where(q > 0, rows.reshape(res.grid.n_p, res.grid.n_y).sum(axis=0) / q,
                            np.nan)
    return names, C, N


def _summary(static: np.ndarray, draws: np.ndarray) -> dict[str, np.ndarray]:
    p = np.percentile(draws, PERCENTILES, axis=0)
    return {"static": static, "mean": draws.mean(axis=0), "p2_5": p[0], "median": p[1],
            "p97_5": p[2], "std": draws.std(axis=0, ddof=1)}


def monte_carlo(res: ChainResult, *, iterations: int = 1000, seed: int | None = 1,
                gsd: Mapping[str, float] | None = None,
                attributed_table: pd.DataFrame | None = None) -> ChainMC:
    """Seeded lognormal Monte Carlo of the attributed province x year intensities and the
    national intensity per year (t CO2e/t Al); see the module docstring for the scheme."""
    check_iterations(iterations)
    check_seed(seed)
    if iterations * res.grid.size > MAX_CELLS:
        raise InputError(f"{iterations:,} iterations x {res.grid.size} province-years is above "
                         "the memory limit", where="--iterations",
                         expected=f"at most {MAX_CELLS // res.grid.size:,} iterations for this "
                         "data set (alcarbon.chain.montecarlo.MAX_CELLS)")
    names, C, N = contributions(res)
    sig = [group_sigma(n, gsd) for n in names]
    sigma = np.array([s for s, _ in sig])
    rng = np.random.default_rng(seed)
    M = np.exp(rng.standard_normal((iterations, len(names))) * sigma)
    smelt = res.production["electrolysis"] > 0
    draws = M @ np.nan_to_num(C)  # rows without primary output are set to NaN below
    nat_draws = M @ np.nan_to_num(N)
    static = np.nan_to_num(C).sum(axis=0)
    if attributed_table is not None:  # the groups must add up to the published intensity
        ref = np.nan_to_num(attributed_table["tco2e_per_t"].to_numpy())
        if not np.allclose(static, ref, rtol=1e-9, atol=1e-9):
            raise RuntimeError("Monte Carlo groups do not add up to the attributed intensity")
    df = res.grid.frame()
    for k, v in _summary(static, draws).items():
        df[k] = np.where(smelt, v, np.nan)
    df = df[smelt].reset_index(drop=True)
    nat = pd.DataFrame({"year": res.grid.years})
    for k, v in _summary(np.nan_to_num(N).sum(axis=0), nat_draws).items():
        nat[k] = v
    groups = pd.DataFrame({"group": names, "sigma": sigma, "gsd": np.exp(sigma),
                           "sigma_source": [s for _, s in sig]})
    for frame in (df, nat):
        frame["iterations"] = iterations
        frame["seed"] = seed
    return ChainMC(df, nat, groups, draws[:, smelt])
