"""Chain footprint per tonne of primary aluminium of each smelting province (attributed view).

Territorial emissions stay where they occur (a refinery in Shanxi counts in Shanxi). To give
each smelting province a cradle-to-gate intensity per t Al, upstream stages are attributed to
smelters through the material ratios of the parameters and the supplier intensities:

    bauxite at refinery r:   b_r = sum_j share_rj x u_bauxite_j
    alumina (with bauxite):  a_r = u_alumina_r + bauxite_per_alumina_r x b_r
    per t Al of smelter i:   I_i = u_electrolysis_i + alumina_per_al_i x sum_j share_ij x a_j
                                   + anode_per_al_i x sum_j share_ij x u_anode_j
                                   + casting_i / primary_i

Casting (GB/T 44905 5.3.3.5) happens at the smelter: the province's casting emissions are spread
over its primary output (t CO2e per t Al, not per t ingot: liquid metal sent directly to alloying
or processing is not cast). Casting in a province without primary output stays territorial only.

u_s = stage emissions / stage output of a province-year (t CO2e/t). Shares come from the optional
``supply`` table; without rows for a consumer (or for ``from_province`` national) the national
production-weighted average of that year is used. ``anode_per_al`` defaults to
``net_anode_consumption`` when not given (the anode consumed; butts recycled into new anodes are
then not counted twice). The same rules give the chain energy per t Al (GJ/t).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alcarbon.chain.model import ChainResult, _required
from alcarbon.errors import InputError


def _unit(total: np.ndarray, prod: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(prod > 0, total / prod, np.nan)


def _national(res: ChainResult, unit: np.ndarray, prod: np.ndarray) -> np.ndarray:
    """Production-weighted national average of ``unit`` per year, broadcast to the grid rows."""
    g = res.grid
    num = np.nan_to_num(unit * prod).reshape(g.n_p, g.n_y).sum(axis=0)
    den = prod.reshape(g.n_p, g.n_y).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        avg = np.where(den > 0, num / den, np.nan)
    return np.tile(avg, g.n_p)


def _supplied(res: ChainResult, product: str, unit: np.ndarray, prod: np.ndarray,
              need: np.ndarray) -> np.ndarray:
    """Intensity of ``product`` as supplied to each grid row (supply shares or national).

    ``need``: the rows that consume the product (refineries for bauxite, smelters for alumina
    and anodes). A named supplier without output of the product that year is an error there
    (its intensity does not exist; blank ``from_province`` asks for the national average)."""
    g = res.grid
    nat = _national(res, unit, prod)
    out = nat.copy()
    sup = res.data.supply
    sup = sup[sup["product"] == product] if len(sup) else sup
    if sup.empty:
        return out
    acc = np.zeros(g.size)
    share_sum = np.zeros(g.size)
    row_of = {(p, y): k for k, (p, y) in enumerate(zip(g.prov, g.year, strict=True))}
    specific = sup[sup["year"] != -1]
    has_specific = set(zip(specific["province"], specific["year"], strict=True))
    rows = pd.concat([sup[sup["year"] == -1], specific])
    for prov, year, src, share, where in zip(rows["province"], rows["year"],
                                             rows["from_province"], rows["share"],
                                             rows["where"], strict=True):
        for y in g.years if year == -1 else [year]:
            k = row_of.get((prov, y))
            if k is None or (year == -1 and (prov, y) in has_specific):
                continue  # year-specific rows replace the all-years rows
            j = row_of.get((src, y)) if src else None
            if src and need[k] and (j is None or np.isnan(unit[j])):
                raise InputError(
                    f"{prov} {y}: supplier {src} has no {product} output in {y}",
                    where=where, expected=f"a from_province with {product} output that year "
                    "in the production table, or a blank from_province (national average)")
            val = nat[k] if j is None else unit[j]
            acc[k] += share * val
            share_sum[k] += share
    has = share_sum > 0
    bad = has & (np.abs(share_sum - 1.0) > 1e-6)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{product} supply shares of {g.prov[k]} {g.year[k]} add up to {share_sum[k]:g}",
            where=res.data.files.get("supply", "supply"), expected="shares that add up to 1")
    out[has] = acc[has]
    return out


def _ratio(res: ChainResult, stage: str, name: str, fallback: str | None = None) -> np.ndarray:
    params = res.params[stage]
    if name not in params and fallback is not None:
        name = fallback
    return _required(res.grid, res.production[stage], params, stage, name, res.data)


def attributed(res: ChainResult) -> pd.DataFrame:
    """Per province x year: primary output (t), chain t CO2e and GJ attributed to it, intensity
    per t Al (total and per stage), energy per t Al."""
    totals = res.stage_tco2e()
    p = res.production
    cols: dict[str, np.ndarray] = {}
    for kind, amounts in (("tco2e", totals), ("gj", res.energy)):
        u = {s: _unit(amounts[s], p[s]) for s in ("bauxite_mining", "alumina_refining",
                                                   "anode_production", "electrolysis")}
        smelt = p["electrolysis"] > 0
        bx = _supplied(res, "bauxite", u["bauxite_mining"], p["bauxite_mining"],
                       p["alumina_refining"] > 0)
        bpa = _ratio(res, "alumina_refining", "bauxite_per_alumina")
        # Per t alumina at each refinery: its own refining, and the bauxite it consumed.
        alu_bx = np.where(p["alumina_refining"] > 0, bpa * bx, np.nan)
        alu_own = _supplied(res, "alumina", u["alumina_refining"], p["alumina_refining"], smelt)
        alu_bx = _supplied(res, "alumina", alu_bx, p["alumina_refining"], smelt)
        an = _supplied(res, "prebaked_anode", u["anode_production"], p["anode_production"],
                       smelt)
        apa = _ratio(res, "electrolysis", "alumina_per_al")
        npa = _ratio(res, "electrolysis", "anode_per_al", "net_anode_consumption")
        parts = {
            "bauxite_mining": apa * np.nan_to_num(alu_bx),
            "alumina_refining": apa * np.nan_to_num(alu_own),
            "anode_production": npa * np.nan_to_num(an),
            "electrolysis": u["electrolysis"],
            "casting": _unit(amounts["casting"], p["electrolysis"]),
        }
        for s, v in parts.items():
            cols[f"{kind}_per_t_{s}"] = np.where(smelt, v, np.nan)
        total = sum(np.nan_to_num(v) for v in parts.values())
        cols[f"{kind}_per_t"] = np.where(smelt, total, np.nan)
    df = res.grid.frame()
    df["primary_t"] = p["electrolysis"]
    for k, v in cols.items():
        df[k] = v
    df["tco2e"] = np.nan_to_num(df["tco2e_per_t"]) * df["primary_t"]
    df["gj"] = np.nan_to_num(df["gj_per_t"]) * df["primary_t"]
    return df

