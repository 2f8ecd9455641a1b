"""Data quality (GB/T 44905 6.2, 6.3 Table 2): ratings per datum, aggregated by contribution.

Each datum's five Table 2 ratings are scored good 1, fair 2, poor 3; its score is their mean.
Aggregates (per unit process and per product) weight each datum by |its share of the CFP|, the
elasticity d ln CFP / d ln datum (for an emission line this is its contribution share; for a link
such as alumina per t Al, the share of the footprint that moves with it). An aggregate <= 1.5 is
labelled good, <= 2.5 fair, above poor (alcarbon's convention, docs/checks.md).
Data with any criterion rated poor and a share over 1 % are listed: 6.3 requires their
sensitivity analysis, which :func:`alcarbon.uncertainty.one_at_a_time` provides.
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
    ratings: dict[str, str]
    primary: bool
    source: str
    score: float  # mean of the five criteria, 1 (good) .. 3 (poor)
    share: float  # elasticity of the CFP to this datum
    gsd: float  # geometric standard deviation used for Monte Carlo
    gsd_source: str


@dataclass
class ProductQuality:
    product: str
    score: float
    rating: str
    criteria: dict[str, float]
    primary_share: float  # share-weighted fraction of primary data
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
                "weight": 0.0}
    crit = {c: sum(abs(r.share) * pedigree.score(r.ratings)[c] for r in rows) / w
            for c in pedigree.CRITERIA}
    score = sum(abs(r.share) * r.score for r in rows) / w
    primary = sum(abs(r.share) for r in rows if r.primary) / w
    return {"score": score, "rating": label_of(score), "criteria": crit,
            "primary_share": primary, "weight": w}


def product_quality(model: LinearModel, product_index: int) -> ProductQuality:
    """Data quality of one product from the parameter model (activity and link data)."""
    shares = {r.param: r.elasticity for r in oat_rows(model, 0.01, product_index)}
    data: list[DatumQuality] = []
    for p in model.params:
        if p.kind == "factor":
            continue
        dq = p.dq or {}
        ratings = {c: dq.get(c) or "good" for c in pedigree.CRITERIA}
        sc = pedigree.score(dq)
        data.append(DatumQuality(
            p.key, p.label, p.kind, p.key.split(":", 1)[1].split("/")[0], ratings,
            bool(dq.get("primary", True)), dq.get("source") or "",
            sum(sc.values()) / len(sc), shares.get(p.key, 0.0), math.exp(p.sigma),
            p.sigma_source))
    data.sort(key=lambda d: (-abs(d.share), d.param))
    agg = _aggregate(data)
    units = {}
    for u in sorted({d.unit for d in data}):
        units[u] = _aggregate([d for d in data if d.unit == u])
    poor = [d for d in data
            if "poor" in d.ratings.values() and abs(d.share) > POOR_SHARE_THRESHOLD]
    return ProductQuality(model.products[product_index], agg["score"] or 0.0,
                          agg["rating"] or "good", agg["criteria"], agg["primary_share"] or 0.0,
                          units, poor, data)
