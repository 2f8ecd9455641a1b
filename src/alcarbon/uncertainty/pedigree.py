"""Uncertainty scheme: basic uncertainty per exchange type + Table 2 pedigree factors.

Every uncertain datum gets a lognormal multiplier with median 1 and a standard deviation of ln

    sigma^2 = sigma_basic^2 + sum over the five criteria of sigma_pedigree_i^2,   GSD = exp(sigma)

the additive variance of ln of the ecoinvent v3 pedigree approach (Weidema B.P., Bauer C.,
Hischier R., Mutel C., Nemecek T., Reinhard J., Vadenbo C.O., Wernet G. (2013), "Overview and
methodology. Data quality guideline for the ecoinvent database version 3", ecoinvent Report 1
(v3), St. Gallen, section 10.2 and Tables 10.4-10.5). Which basic variance and which pedigree
scores each datum gets is the *exchange type* (:data:`BASIC_VARIANCE`, docs/checks.md):

- ``input``: demand of energy, materials, intermediate products, and measured emissions -> 0.0006;
- ``transport``: demand of transport services (t.km) -> 0.12;
- ``process``: the activity of a process emission (metal produced, anode consumed) -> 0.0006;
- ``link``: an amount passed between two units of the study itself (liquid aluminium per t ingot,
  alumina or anodes per t Al, captive kWh): fixed by the plant's own mass and energy balance,
  so it gets the basic variance 0.0006 (GSD^2 1.05) and **no pedigree term** — technology, time
  and geography are the study's own by construction, and a "low confidence" source of some other
  number must not spread a mass balance;
- factors: ``combustion CO2`` and ``process CO2`` 0.0006, ``combustion CH4/N2O`` and ``process
  PFC`` 0.04, ``secondary factor`` (cradle-to-gate, grid, freight, supplier) 0.0006.

Basic variances are the ecoinvent v2 basic uncertainty factors GSD^2 (Frischknecht R. et al.
2007, ecoinvent report No. 1 (v2.0): demand 1.05, transport 2.0, air CO2 combustion/process
1.05, CH4 and N2O combustion 1.5, inorganic emissions to air, others, process 1.5) as
sigma^2 = (ln GSD^2 / 2)^2, which gives the rounded v3 values of Weidema et al. 2013 Table 10.4.

Pedigree scores come from the Table 2 ratings (GB/T 44905 6.3) of the datum, mapped by wording
(:data:`RATING_TO_SCORE`); a criterion not rated (None) takes score 5, the poorest (conservative).
Emission factors carry no Table 2 rating: their library ``confidence`` sets the reliability score
(:data:`CONFIDENCE_TO_RELIABILITY`; high = published by the issuing authority, 1; medium, 3; low
= a third-party transcription, 4 "qualified estimate"); the factor's representativeness for the
plant (technology, time, geography) is what the datum's own Table 2 rating describes, so it is
not counted twice. A user ``gsd`` on a datum overrides all of this: sigma = ln(gsd).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
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

#: Table 2 level -> pedigree score (1 best .. 5 worst), per criterion (docs/checks.md).
UNRATED_SCORE = 5  # pedigree score of a criterion not rated: the poorest (conservative)
RATING_TO_SCORE: dict[str, dict[str, int]] = {
    "technology": {"good": 1, "fair": 3, "poor": 5},
    "time": {"good": 1, "fair": 2, "poor": 3},
    "geography": {"good": 1, "fair": 3, "poor": 5},
    "reliability": {"good": 1, "fair": 2, "poor": 4},
    "completeness": {"good": 1, "fair": 2, "poor": 3},
}

#: Basic variance of ln per exchange type: the basic uncertainty factors GSD^2 of Frischknecht et
#: al. 2007 converted by (ln GSD^2 / 2)^2 (1.05 -> 0.000595, 1.5 -> 0.0411, 2.0 -> 0.120), rounded
#: as in Weidema et al. 2013 Table 10.4.
BASIC_VARIANCE: dict[str, float] = {
    "input": 0.0006,  # demand of energy, materials, intermediate products; measured emissions
    "transport": 0.12,  # demand of transport services (t.km)
    "process": 0.0006,  # activity of a process emission (a production amount)
    "link": 0.0006,  # amount passed between the study's own units (no pedigree term)
    "combustion CO2": 0.0006,  # air, CO2, combustion: GSD^2 1.05
    "combustion CH4/N2O": 0.04,  # air, CH4 / N2O, combustion: GSD^2 1.5
    "process CO2": 0.0006,  # air, CO2, process: GSD^2 1.05
    "process PFC": 0.04,  # air, inorganic emissions, others, process: GSD^2 1.5
    "secondary factor": 0.0006,  # cradle-to-gate, grid, freight or supplier factor
}
#: Library confidence of a factor -> pedigree reliability score (Weidema's wording: 1 verified
#: data based on measurements, 3 non-verified data partly based on qualified estimates, 4
#: qualified estimate). Empty or unknown confidence: 5 (not rated, conservative).
CONFIDENCE_TO_RELIABILITY = {"high": 1, "medium": 3, "low": 4}
SCHEME = ("ecoinvent v3 pedigree approach: sigma^2 = basic variance by exchange type + Table 2 "
          "pedigree variances (Weidema et al. 2013, Tables 10.4-10.5; Frischknecht et al. 2007, "
          "ecoinvent report No. 1); links between the study's own units: basic only; unrated "
          "criterion: score 5")
# written with its Chinese marks: the ";" and "," between two cited works stand among ASCII
# letters, where the report's rule (alcarbon/zh_marks.py) cannot tell they are Chinese text's
SCHEME_ZH = ("ecoinvent 第 3 版谱系矩阵法：σ² = 按交换类型的基本方差 + 表 2 各项谱系方差"
             "（Weidema 等 2013，表 10.4-10.5；Frischknecht 等 2007，ecoinvent 第 1 号报告）；"
             "本研究单元间的衔接量仅取基本方差；未评级项按最差分值 5 计")
MAPPING_SOURCE = SCHEME  # kept for callers of the earlier name


@dataclass(frozen=True)
class Spread:
    """Where a datum's sigma comes from: exchange type, basic variance, pedigree scores."""

    sigma: float  # standard deviation of ln(multiplier)
    etype: str  # exchange type, a key of BASIC_VARIANCE, or "user gsd" / "measured"
    basic_var: float = 0.0
    scores: dict[str, int] = field(default_factory=dict)  # criterion -> pedigree score 1..5

    @property
    def sigma_basic(self) -> float:
        return math.sqrt(self.basic_var)

    @property
    def gsd2(self) -> float:
        """Square of the geometric standard deviation, exp(2 sigma): the 95 % factor."""
        return math.exp(2.0 * self.sigma)

    @property
    def source(self) -> str:
        if self.etype in ("user gsd", "measured"):
            return self.etype
        return f"pedigree ({self.etype})" if self.scores else f"basic ({self.etype})"


def scores(dq: Mapping[str, Any] | None) -> dict[str, int]:
    """Pedigree score 1..5 per criterion from Table 2 ratings; not rated -> 5."""
    dq = dq or {}
    out = {}
    for c in CRITERIA:
        level = dq.get(c)
        out[c] = RATING_TO_SCORE[c][level] if level in RATING_TO_SCORE[c] else UNRATED_SCORE
    return out


def variance_of(sc: Mapping[str, int]) -> float:
    """Sum of the pedigree variances (Weidema et al. 2013 Table 10.5) of the given scores."""
    return sum(PEDIGREE_VARIANCE[c][s - 1] for c, s in sc.items())


def pedigree_variance(dq: Mapping[str, Any] | None) -> float:
    """Sum of the pedigree variances of the five Table 2 ratings (not rated: score 5)."""
    return variance_of(scores(dq))


def _user(dq: Mapping[str, Any] | None) -> Spread | None:
    if dq and dq.get("gsd"):
        return Spread(math.log(float(dq["gsd"])), "user gsd")
    return None


def activity_spread(dq: Mapping[str, Any] | None, etype: str = "input") -> Spread:
    """Spread of an activity datum of exchange type ``etype`` (input, transport, process, link)."""
    user = _user(dq)
    if user is not None:
        return user
    basic = BASIC_VARIANCE[etype]
    if etype == "link":  # mass/energy balance between the study's own units: basic only
        return Spread(math.sqrt(basic), etype, basic)
    sc = scores(dq)
    return Spread(math.sqrt(basic + variance_of(sc)), etype, basic, sc)


def factor_type(category: str, gas: str) -> str:
    """Exchange type of an emission factor from its line item's category and gas."""
    if category == "fuel_combustion":
        return "combustion CO2" if gas == "CO2" else "combustion CH4/N2O"
    if category == "process":
        return "process CO2" if gas == "CO2" else "process PFC"
    return "secondary factor"


def factor_spread(category: str, gas: str, confidence: str, factor_id: str) -> Spread:
    """Spread of an emission factor: basic variance of its type + reliability from confidence."""
    if factor_id == "measured":
        return Spread(0.0, "measured")
    etype = factor_type(category, gas)
    basic = BASIC_VARIANCE[etype]
    sc = {"reliability": CONFIDENCE_TO_RELIABILITY.get(confidence, UNRATED_SCORE)}
    return Spread(math.sqrt(basic + variance_of(sc)), etype, basic, sc)


def activity_sigma(dq: Mapping[str, Any] | None, *, transport: bool = False) -> tuple[float, str]:
    """(sigma, "pedigree" or "user gsd") of an activity datum; see :func:`activity_spread`."""
    sp = activity_spread(dq, "transport" if transport else "input")
    return sp.sigma, ("pedigree" if sp.scores else sp.source)


def score(dq: Mapping[str, Any] | None) -> dict[str, int]:
    """Table 2 levels as numbers for aggregation: good 1, fair 2, poor 3, per criterion.

    A criterion not rated (missing or None) scores 3, as poor (conservative).
    """
    dq = dq or {}
    return {c: RATINGS.index(dq.get(c) or "poor") + 1 for c in CRITERIA}
