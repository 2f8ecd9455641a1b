"""Additive LMDI-I decomposition (Ang 2005, Energy Policy 33:867-871) of a change in emissions.

Identity per province i (smelter-attributed chain emissions, see :mod:`alcarbon.chain.indicators`):

    C_i = Q x S_i x I_i x F_i,   Q = sum_i Q_i,  S_i = Q_i / Q,  I_i = E_i / Q_i,  F_i = C_i / E_i

Q national primary-aluminium output (t), S_i province share of it, I_i chain energy per t Al
(GJ/t), F_i emissions per unit of energy (t CO2e/GJ; it carries the electricity-carbon effect and
the process emissions). The effect of factor x from year 0 to year T is

    dC_x = sum_i L(C_i^T, C_i^0) x ln(x_i^T / x_i^0),
    L(a, b) = (a - b) / (ln a - ln b),  L(a, a) = a

and sum_x dC_x = C^T - C^0 (Ang 2005, Table 2). Zeros (a province that starts or stops smelting)
use the small-value strategy of Ang & Liu (2007, Energy Policy 35:238-246): a zero share (or any
value below ``DELTA``) is replaced by ``DELTA`` (1e-20) and an undefined intensity or factor (0/0)
takes the value of the other year, so its effect is zero and the change is carried by the structure
effect. With these substitutions the identity holds again, and the effects are computed from the
substituted C_i, so they add up to the change to floating-point precision (the substitution itself
shifts a total by at most Q x DELTA x I x F, below 1e-9 t for any real data set).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alcarbon.errors import InputError

DELTA = 1e-20
EFFECTS = ("output", "structure", "energy_intensity", "carbon_factor")
EFFECT_ZH = {"output": "产量效应", "structure": "结构效应(省份构成)",
             "energy_intensity": "能源强度效应", "carbon_factor": "能源碳排放因子效应"}


def logmean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Logarithmic mean L(a, b) = (a - b)/(ln a - ln b); L(a, a) = a; elementwise, a, b > 0."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (a - b) / (np.log(a) - np.log(b))
    same = np.isclose(a, b, rtol=1e-12, atol=0.0) | ~np.isfinite(out)
    return np.where(same, (a + b) / 2.0, out)


def factors(q: np.ndarray, e: np.ndarray, c: np.ndarray) -> dict[str, np.ndarray]:
    """The four factors (Q, S_i, I_i, F_i) of one year from province output ``q`` (t Al),
    energy ``e`` (GJ) and emissions ``c`` (t CO2e). Undefined I, F are NaN."""
    q, e, c = (np.asarray(x, dtype=float) for x in (q, e, c))
    total = q.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        s = q / total if total > 0 else np.zeros_like(q)
        i = np.where(q > 0, e / q, np.nan)
        f = np.where(e > 0, c / e, np.nan)
    return {"output": np.full_like(q, total), "structure": s, "energy_intensity": i,
            "carbon_factor": f}


def _substitute(x0: np.ndarray, x1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x0, x1 = x0.copy(), x1.copy()
    both = np.isnan(x0) & np.isnan(x1)
    x0[both] = x1[both] = 1.0
    x0 = np.where(np.isnan(x0), x1, x0)
    x1 = np.where(np.isnan(x1), x0, x1)
    # Values below DELTA count as zero: subnormal floats (e.g. a share 5e-324/1.5) are rounded
    # by up to 50 %, which breaks C = Q S I F and the exact sum of the effects.
    x0 = np.where(x0 < DELTA, DELTA, x0)
    x1 = np.where(x1 < DELTA, DELTA, x1)
    return x0, x1


def decompose(q0, e0, c0, q1, e1, c1, provinces=None) -> pd.DataFrame:
    """LMDI-I effects per province (rows) and factor (columns), plus ``total`` and ``change``.

    Inputs are arrays over the same provinces: output ``q`` (t Al), energy ``e`` (GJ), emissions
    ``c`` (t CO2e) for the base year (0) and the target year (1). A province with c > 0 needs
    q > 0 and e > 0 (emissions without output or energy cannot be written as the identity).
    ``change`` is the substituted C^T - C^0, ``total`` the sum of the effects; they agree to
    floating point.
    """
    f0, f1 = factors(q0, e0, c0), factors(q1, e1, c1)
    for tag, (q, e, c) in {"base": (q0, e0, c0), "target": (q1, e1, c1)}.items():
        bad = (np.asarray(c) > 0) & ((np.asarray(q) <= 0) | (np.asarray(e) <= 0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            name = provinces[i] if provinces is not None and i < len(provinces) else f"#{i}"
            raise InputError(f"{tag} year: {name} has emissions but no output or energy",
                             where="LMDI decomposition",
                             expected="output and energy wherever there are emissions")
    sub = {k: _substitute(f0[k], f1[k]) for k in EFFECTS}
    c0s = np.prod([sub[k][0] for k in EFFECTS], axis=0)
    c1s = np.prod([sub[k][1] for k in EFFECTS], axis=0)
    w = logmean(c1s, c0s)
    out = {k: w * (np.log(sub[k][1]) - np.log(sub[k][0])) for k in EFFECTS}
    df = pd.DataFrame(out, index=provinces)
    df["total"] = df[list(EFFECTS)].sum(axis=1)
    df["change"] = c1s - c0s
    return df


def national(df: pd.DataFrame) -> pd.Series:
    """National effects: the sum over provinces (additive LMDI is aggregation-consistent)."""
    return df.sum(axis=0)
