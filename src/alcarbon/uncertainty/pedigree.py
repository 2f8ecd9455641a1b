"""Table 2 ratings (GB/T 44905 6.3) -> lognormal uncertainty, pedigree-matrix style.

A datum rated on the five criteria of Table 2 (technology, time, geography, reliability,
completeness; good / fair / poor) gets a lognormal distribution with its median at the static
value and a standard deviation of ln(x)

    sigma^2 = sigma_basic^2 + sum over criteria of sigma_criterion^2,    GSD = exp(sigma)

Source of the additive variances (variance of the log-transformed data per pedigree score 1..5):
Weidema B.P., Bauer C., Hischier R., Mutel C., Nemecek T., Reinhard J., Vadenbo C.O., Wernet G.
(2013), "Overview and methodology. Data quality guideline for the ecoinvent database version 3",
ecoinvent Report 1 (v3), St. Gallen, Table 10.5 ("uncertainty factors" of the pedigree matrix).

The three Table 2 levels are mapped onto pedigree scores by wording (alcarbon's documented
choice, docs/checks.md):

=============  =====================  ========================  =========================
criterion      good                   fair                      poor
=============  =====================  ========================  =========================
technology     1 same technology      3 similar technology      5 different technology
time           1 <= 3 a               2 3-5 a (< 6 a)           3 5-10 a (< 10 a)
geography      1 same area            3 similar area            5 different area
reliability    1 measured/verified    2 partly measured         4 secondary estimate
completeness   1 basically complete   2 >= 80 %                 3 >= 50 %
=============  =====================  ========================  =========================

Basic uncertainty (sigma_basic^2) of an activity datum: 0.0006 for demands of energy, materials
and intermediate products and for measured emissions, 0.12 for transport services in t.km —
the ecoinvent v3 default basic uncertainties (Weidema et al. 2013, Table 10.4), which equal the
ecoinvent v2 basic uncertainty factors GSD^2 = 1.05 and 2.0 (Frischknecht et al. 2007, ecoinvent
report No. 1, Table 7.2) converted by sigma^2 = (ln GSD^2 / 2)^2.

Emission factors carry no Table 2 rating; their library ``confidence`` is mapped to a basic
uncertainty on the same ecoinvent scale: high -> 0.0006 (GSD^2 1.05, the class of CO2 from fuel
combustion), medium -> 0.04 (GSD^2 1.5), low -> 0.12 (GSD^2 2.0). Measured emissions use the
identity factor 1 with no uncertainty (the measurement's uncertainty is on the activity).
A criterion not rated (None, 未评级) gets pedigree score 5, the poorest of the matrix (whose
score 5 reads "unknown" for reliability, completeness, time and geography): the conservative
choice, so an unrated datum is never less uncertain than a rated one. In :func:`score`, used for
the Table 2 aggregates, it counts as poor (3).
A user-given ``gsd`` on a datum's rating overrides all of this: sigma = ln(gsd).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

CRITERIA = ("technology", "time", "geography", "reliability", "completeness")
RATINGS = ("good", "fair", "poor")

#: Weidema et al. 2013, Table 10.5: variance of ln per pedigree score 1..5.
PEDIGREE_VARIANCE: dict[str, tuple[float, float, float, float, float]] = {
    "reliability": (0.0, 0.0006, 0.002, 0.008, 0.04),
    "completeness": (0.0, 0.0001, 0.0006, 0.002, 0.008),
    "time": (0.0, 0.0002, 0.002, 0.008, 0.04),  # temporal correlation
    "geography": (0.0, 0.000025, 0.0001, 0.0006, 0.002),  # geographical correlation
    "technology": (0.0, 0.0006, 0.008, 0.04, 0.12),  # further technological correlation
}

#: Table 2 level -> pedigree score (1 best .. 5 worst), per criterion (see module docstring).
UNRATED_SCORE = 5  # pedigree score of a criterion not rated: the poorest (conservative)
RATING_TO_SCORE: dict[str, dict[str, int]] = {
    "technology": {"good": 1, "fair": 3, "poor": 5},
    "time": {"good": 1, "fair": 2, "poor": 3},
    "geography": {"good": 1, "fair": 3, "poor": 5},
    "reliability": {"good": 1, "fair": 2, "poor": 4},
    "completeness": {"good": 1, "fair": 2, "poor": 3},
}

#: ecoinvent v3 default basic uncertainty (variance of ln), Weidema et al. 2013 Table 10.4.
BASIC_VARIANCE = {"demand": 0.0006, "transport": 0.12}
#: Factor confidence -> basic variance on the same scale (GSD^2 1.05 / 1.5 / 2.0).
CONFIDENCE_VARIANCE = {"high": 0.0006, "medium": 0.04, "low": 0.12}
MAPPING_SOURCE = (
    "Weidema et al. 2013, ecoinvent data quality guideline v3, Tables 10.4-10.5 "
    "(pedigree approach); Table 2 levels mapped to pedigree scores as in docs/checks.md"
)


def pedigree_variance(dq: Mapping[str, Any] | None) -> float:
    """Sum of the pedigree variances of the five Table 2 ratings (variance of ln).

    A criterion not rated (missing or None) takes the poorest pedigree score, 5.
    """
    dq = dq or {}
    total = 0.0
    for c in CRITERIA:
        level = dq.get(c)
        s = RATING_TO_SCORE[c][level] if level else UNRATED_SCORE
        total += PEDIGREE_VARIANCE[c][s - 1]
    return total


def activity_sigma(dq: Mapping[str, Any] | None, *, transport: bool = False) -> tuple[float, str]:
    """Standard deviation of ln for an activity datum, and where it comes from."""
    if dq and dq.get("gsd"):
        return math.log(float(dq["gsd"])), "user gsd"
    basic = BASIC_VARIANCE["transport" if transport else "demand"]
    return math.sqrt(basic + pedigree_variance(dq)), "pedigree"


def factor_sigma(confidence: str, factor_id: str) -> tuple[float, str]:
    """Standard deviation of ln for an emission factor from its library confidence.

    Unknown or empty confidence is treated as low (the conservative end).
    """
    if factor_id == "measured":
        return 0.0, "measured (identity factor)"
    conf = confidence if confidence in CONFIDENCE_VARIANCE else "low"
    return math.sqrt(CONFIDENCE_VARIANCE[conf]), f"confidence {conf}"


def score(dq: Mapping[str, Any] | None) -> dict[str, int]:
    """Table 2 levels as numbers for aggregation: good 1, fair 2, poor 3, per criterion.

    A criterion not rated (missing or None) scores 3, as poor (conservative).
    """
    dq = dq or {}
    return {c: RATINGS.index(dq.get(c) or "poor") + 1 for c in CRITERIA}
