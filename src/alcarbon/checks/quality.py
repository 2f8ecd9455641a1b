"""Data quality (GB/T 44905 6.2, 6.3 Table 2): ratings per datum, aggregated by contribution.

Each datum's five Table 2 ratings are scored good 1, fair 2, poor 3; its score is their mean.
An indicator the user did not rate (None) is reported as not rated, never as good; where a grade
must be computed it scores 3 (poor: the conservative reading), and the share of the CFP resting
on data with any unrated indicator is reported apart (``unrated_share``).
Aggregates (per unit process and per product) weight each datum by |its share of the CFP|, the
elasticity d ln CFP / d ln datum (for an emission line this is its contribution share; for a link
such as alumina per t Al, the share of the footprint that moves with it). An aggregate <= 1.5 is
labelled good, <= 2.5 fair, above poor (alcarbon's convention, docs/checks.md).
Data with any criterion rated poor or not rated and a share over 1 % are listed: 6.3 requires
sensitivity analysis of poor data, and a datum whose quality is unknown cannot be shown not to be
poor (``unrated_as_poor=False`` lists rated-poor data only; docs/checks.md).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from alcarbon.uncertainty import pedigree
from alcarbon.uncertainty.model import LinearModel
from alcarbon.uncertainty.sensitivity import oat_rows

POOR_SHARE_THRESHOLD = 0.01  # GB/T 44905 6.3 with the 1 % significance of 5.3.4


@dataclass
class DatumQuality:
    param: str
    label: str
    kind: str
    unit: str
    ratings: dict[str, str | None]  # None: not rated (未评级)
    primary: bool
    source: str
    score: float  # mean of the five criteria, 1 (good) .. 3 (poor); unrated scores 3
    share: float  # elasticity of the CFP to this datum
    gsd: float  # geometric standard deviation used for Monte Carlo
    gsd_source: str

    @property
    def unrated(self) -> list[str]:
        """The Table 2 criteria this datum has no rating for."""
        return [c for c in pedigree.CRITERIA if self.ratings.get(c) is None]


@dataclass
class ProductQuality:
    product: str
    score: float
    rating: str  # good / fair / poor of the score; "not_rated" when no datum carries weight
    criteria: dict[str, float]
    primary_share: float  # share-weighted fraction of primary data
    unrated_share: float  # share-weighted fraction of data with any indicator not rated
    units: dict[str, dict[str, Any]]
    poor_over_1pct: list[DatumQuality]
    data: list[DatumQuality] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


def label_of(score: float) -> str:
    return "good" if score <= 1.5 else ("fair" if score <= 2.5 else "poor")


def _aggregate(rows: list[DatumQuality]) -> dict[str, Any]:
    w = sum(abs(r.share) for r in rows)
    if w <= 0:
        return {"score": None, "rating": None, "criteria": {}, "primary_share": None,
                "unrated_share": None, "unrated_n": 0, "weight": 0.0}
    crit = {c: sum(abs(r.share) * pedigree.score(r.ratings)[c] for r in rows) / w
            for c in pedigree.CRITERIA}
    score = sum(abs(r.share) * r.score for r in rows) / w
    primary = sum(abs(r.share) for r in rows if r.primary) / w
    unrated = [r for r in rows if r.unrated]
    return {"score": score, "rating": label_of(score), "criteria": crit,
            "primary_share": primary, "unrated_share": sum(abs(r.share) for r in unrated) / w,
            "unrated_n": len(unrated), "weight": w}


def product_quality(model: LinearModel, product_index: int, *,
                    unrated_as_poor: bool = True) -> ProductQuality:
    """Data quality of one product from the parameter model (activity and link data).

    ``unrated_as_poor``: list data with an unrated indicator among the poor data > 1 % (default,
    conservative); False lists only data rated poor.
    """
    shares = {r.param: r.elasticity for r in oat_rows(model, 0.01, product_index)}
    data: list[DatumQuality] = []
    for p in model.params:
        if p.kind == "factor":
            continue
        dq = p.dq or {}
        ratings = {c: dq.get(c) or None for c in pedigree.CRITERIA}
        sc = pedigree.score(dq)
        data.append(DatumQuality(
            p.key, p.label, p.kind, p.key.split(":", 1)[1].split("/")[0], ratings,
            dq.get("primary") is True, dq.get("source") or "",
            sum(sc.values()) / len(sc), shares.get(p.key, 0.0), math.exp(p.sigma),
            p.sigma_source))
    data.sort(key=lambda d: (-abs(d.share), d.param))
    agg = _aggregate(data)
    units = {}
    for u in sorted({d.unit for d in data}):
        units[u] = _aggregate([d for d in data if d.unit == u])
    poor = [d for d in data
            if ("poor" in d.ratings.values() or (unrated_as_poor and d.unrated))
            and abs(d.share) > POOR_SHARE_THRESHOLD]
    # no weighted datum: nothing to grade, and no grade is made up (never "good" by default)
    return ProductQuality(model.products[product_index], agg["score"] or 0.0,
                          agg["rating"] or "not_rated", agg["criteria"],
                          agg["primary_share"] or 0.0, agg["unrated_share"] or 0.0,
                          units, poor, data)
