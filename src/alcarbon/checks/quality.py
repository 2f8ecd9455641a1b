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

The product's headline block (``declared_quality``: score, rated and primary share) is weighted by
the |t CO2e| of the CFP's contribution rows, the same figures in ``calc --format json``, the PACT
export, the report and the web page. A row is primary only when its datum is stated primary and
its emission is computed on site (combustion, process or measured); the factors of purchased
materials, fuels, electricity/heat, transport and supplier declarations are background data,
secondary per GB/T 44905 6.1 ("外购原辅材料和燃料的上游排放因子、运输排放因子…为次级数据").
``unrated="exclude"`` (study setting ``dq_unrated``) scores only rated criteria and states the
share scored, instead of counting an unrated criterion as poor.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the uncertainty layer is imported where used: calc --format json stays light
    from alcarbon.uncertainty.model import LinearModel

#: GB/T 44905 Table 2 criteria (the columns of DataQuality; as alcarbon.uncertainty.pedigree)
CRITERIA = ("technology", "time", "geography", "reliability", "completeness")

POOR_SHARE_THRESHOLD = 0.01  # GB/T 44905 6.3 with the 1 % significance of 5.3.4
_LEVEL = {"good": 1.0, "fair": 2.0, "poor": 3.0}  # Table 2 rows, best to worst
UNRATED_MODES = ("worst", "exclude")
#: Factor ids of emissions computed on site from the unit's own activity data (6.1 Table 1
#: "现场数据 ... 温室气体排放量"): fuel burnt on site, process methods, measured emissions.
SITE_FACTOR_PREFIXES = ("combustion:", "method:", "measured")
DECLARED_BASIS = (
    "|t CO2e| of the contribution rows of the product's CFP; a row is primary when its datum is "
    "stated primary and its emission is computed on site (combustion, process, measured); "
    "background factors and supplier declarations are secondary (GB/T 44905 6.1)")


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
        return [c for c in CRITERIA if self.ratings.get(c) is None]


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
    #: the headline block by CFP contribution (:func:`declared_quality`); when present, score,
    #: rating, criteria, primary_share and unrated_share above are its figures
    declared: dict[str, Any] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


def label_of(score: float) -> str:
    return "good" if score <= 1.5 else ("fair" if score <= 2.5 else "poor")


def criterion_scores(dq: dict[str, Any] | None, unrated: str = "worst") -> dict[str, float | None]:
    """Table 2 level per criterion as good 1, fair 2, poor 3; a criterion not rated scores 3
    (``unrated="worst"``) or None, left out of every mean (``"exclude"``)."""
    if unrated not in UNRATED_MODES:
        raise ValueError(f"unrated must be one of {UNRATED_MODES}, not {unrated!r}")
    dq = dq or {}
    worst = None if unrated == "exclude" else _LEVEL["poor"]
    return {c: _LEVEL[dq[c]] if dq.get(c) in _LEVEL else worst for c in CRITERIA}


def _weighted(rows: list[tuple[float, dict[str, float | None], bool, bool]]
              ) -> dict[str, Any]:
    """Weighted grade of (weight, criterion scores, primary, fully rated) rows."""
    w = sum(r[0] for r in rows)
    if w <= 0:
        return {"score": None, "rating": None, "criteria": {}, "primary_share": None,
                "rated_share": None, "scored_share": None, "weight": 0.0}
    crit: dict[str, float | None] = {}
    for c in CRITERIA:
        wc = sum(x for x, sc, _p, _r in rows if sc[c] is not None)
        crit[c] = sum(x * sc[c] for x, sc, _p, _r in rows if sc[c] is not None) / wc if wc \
            else None
    means = [(x, [v for v in sc.values() if v is not None]) for x, sc, _p, _r in rows]
    ws = sum(x for x, v in means if v)
    score = sum(x * sum(v) / len(v) for x, v in means if v) / ws if ws > 0 else None
    return {"score": score, "rating": None if score is None else label_of(score),
            "criteria": crit, "primary_share": sum(x for x, _s, p, _r in rows if p) / w,
            "rated_share": sum(x for x, _s, _p, r in rows if r) / w, "scored_share": ws / w,
            "weight": w}


def _aggregate(rows: list[DatumQuality], unrated: str = "worst") -> dict[str, Any]:
    agg = _weighted([(abs(r.share), criterion_scores(r.ratings, unrated), r.primary,
                      not r.unrated) for r in rows])
    rated = agg.pop("rated_share")
    agg["unrated_share"] = None if rated is None else 1.0 - rated
    agg["unrated_n"] = sum(1 for r in rows if r.unrated)
    return agg


def is_site_emission(factor_id: str) -> bool:
    """True for an emission computed on site from the unit's own data (not a background
    factor or a supplier declaration, which are secondary data per GB/T 44905 6.1)."""
    return factor_id.startswith(SITE_FACTOR_PREFIXES)


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key)


def _datum_key(row: Any) -> tuple[str, str]:
    """The inventory datum behind a contribution row: its unit and flow (gases and the
    combustion/upstream rows of one fuel are one datum; a supply unit's row in a consumer is
    the supply unit's datum)."""
    unit, origin, flow = _get(row, "unit"), _get(row, "origin_unit"), _get(row, "flow")
    if origin and origin != unit and ":" in flow:
        flow = flow.split(":", 1)[1]  # "electricity:bituminous_coal" in a consumer
    return origin or unit, flow


def _links(study: Any) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Links between the study's own units: (consumer unit, datum key, provider unit, dq) of
    every input the engine links to a unit's product (``provider``, a product of the study not
    bought with a factor, or electricity from a captive supply; as engine/lines.py)."""
    made = {o.flow: u.id for u in study.units for o in u.products()}
    supplies = study.electricity.supplies
    out = []
    for u in study.units:
        for k, inp in enumerate(u.inputs):
            if inp.burden_free:
                continue
            bought = inp.supplier_cfp is not None or inp.factor is not None
            product = inp.provider or (inp.flow if inp.flow in made and not bought else None)
            if inp.kind == "electricity" and not (product and not inp.supply):
                sup = supplies.get(inp.supply or study.electricity.default_supply or "")
                product = sup.provider if sup is not None and sup.type == "captive" else None
            if product in made:
                out.append((u.id, f"inputs/{k}:{inp.flow}", made[product], inp.dq.model_dump()))
    return out


def link_paths(study: Any, product: str) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """For each unit upstream of the unit making ``product``: the link data its emissions pass
    through on the way to the product (every path; (datum key, dq) pairs)."""
    links = _links(study)
    made = {o.flow: u.id for u in study.units for o in u.products()}
    top = made.get(product)
    feeds: set[str] = {top} if top else set()  # units whose output reaches the product
    changed = True
    while changed:
        changed = False
        for consumer, _k, provider, _dq in links:
            if consumer in feeds and provider not in feeds:
                feeds.add(provider)
                changed = True
    paths: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for origin in feeds:
        reach, todo = {origin}, [origin]
        while todo:
            v = todo.pop()
            for consumer, _k, provider, _dq in links:
                if provider == v and consumer in feeds and consumer not in reach:
                    reach.add(consumer)
                    todo.append(consumer)
        paths[origin] = [((c, k), dq) for c, k, pv, dq in links if pv in reach and c in feeds]
        # a supply unit's row reported in one consumer: only that consumer's link(s) to it
        for c, k, pv, dq in links:
            if pv == origin and c in feeds:
                paths.setdefault(f"{origin}>{c}", []).append(((c, k), dq))
    for key in [k for k in paths if ">" in k]:
        consumer = key.split(">", 1)[1]
        paths[key] = paths[key] + [x for x in paths.get(consumer, []) if x not in paths[key]]
    return paths


def study_quality(study: Any, result: Any, product: str) -> dict[str, Any]:
    """:func:`declared_quality` of ``product`` with the study's links and ``dq_unrated``: the
    one entry point of calc's JSON, PACT, run_checks, the report and the web page."""
    return declared_quality(result.products[product].contributions, study.dq_unrated,
                            link_paths(study, product))


#: the dq of a row without one (never changed)
_NO_DQ: dict[str, Any] = {}


def _worst(a: dict[str, float | None], b: dict[str, float | None]) -> dict[str, float | None]:
    return {c: b[c] if a[c] is None else a[c] if b[c] is None else max(a[c], b[c])
            for c in CRITERIA}


def declared_quality(contributions: Iterable[Any], unrated: str = "worst",
                     links: dict[str, list[tuple[Any, dict[str, Any]]]] | None = None
                     ) -> dict[str, Any]:
    """The product's data-quality block (JSON ``data_quality``, PACT, report, web).

    Weighted by |t CO2e per declared unit| of each contribution row (object or dict with
    ``t_co2e``, ``factor_id``, ``dq``, ``unit``, ``origin_unit``, ``flow``). ``rated_share``:
    share resting on data rated on all five Table 2 criteria; ``primary_share``: share from
    site emissions of data stated primary (6.1); ``score``: weighted mean of the rows' mean
    criterion (good 1 .. poor 3; unrated per ``unrated``); ``unrated``: number of distinct data
    with any criterion not rated; ``scored_share``: share in the score (below 1 only under
    ``exclude``). Shares are None for a product without contributions.

    ``links`` (:func:`link_paths`): per origin unit, the link data (own alumina per t Al,
    liquid metal per t ingot, captive kWh) between it and the product. A row rests on its datum
    and on those: it is rated only if all are, primary only if all say primary, and each
    criterion takes the poorest of them (a result is no better than its poorest datum).
    """
    if unrated not in UNRATED_MODES:
        raise ValueError(f"unrated must be one of {UNRATED_MODES}, not {unrated!r}")
    rows, unrated_data, data = [], set(), set()
    contributions = list(contributions)
    links = links or {}
    # the link data a row rests on, summed up once per path (rows of one unit share it):
    # datum keys, those not fully rated, all primary, and the poorest level per criterion
    # (taking the poorest is order-free, so folding the links first changes no value)
    paths: dict[str, tuple[list[Any], list[Any], bool, dict[str, float | None] | None]] = {}

    def _path(name: str) -> tuple[list[Any], list[Any], bool, dict[str, float | None] | None]:
        hit = paths.get(name)
        if hit is None:
            keys, loose, primary, worst = [], [], True, None
            for k, d in links.get(name, ()):
                keys.append(k)
                if not all((d or {}).get(x) in _LEVEL for x in CRITERIA):
                    loose.append(k)
                primary = primary and (d or {}).get("primary") is True
                sc_k = criterion_scores(d, unrated)
                worst = sc_k if worst is None else _worst(worst, sc_k)
            hit = paths[name] = (keys, loose, primary, worst)
        return hit

    # a row's own datum graded once per dq mapping (rows of one input share it); each entry
    # holds its mapping, so no other object can take that id while the entry is used
    graded: dict[int, tuple[Any, dict[str, float | None], bool, bool]] = {}
    # rows below 1e-9 of the total are the linear solve's round-off (e.g. 1e-22 t of an
    # alumina row in a bauxite footprint through a captive plant): not data of the product
    weights = [abs(float(_get(c, "t_co2e"))) for c in contributions]
    floor = 1e-9 * sum(weights)
    for c, weight in zip(contributions, weights, strict=True):
        if weight <= floor:
            continue
        dq = _get(c, "dq") or _NO_DQ
        own = graded.get(id(dq))
        if own is None:
            own = graded[id(dq)] = (dq, criterion_scores(dq, unrated),
                                    all(dq.get(x) in _LEVEL for x in CRITERIA),
                                    dq.get("primary") is True)
        _dq, sc, full, primary = own
        key = _datum_key(c)
        unit = _get(c, "unit")
        via = f"{key[0]}>{unit}" if unit != key[0] else None
        keys, loose, link_primary, worst = _path(
            via if via is not None and via in links else key[0])
        if worst is not None:
            sc = _worst(sc, worst)
        data.add(key)
        data.update(keys)
        if not full:
            unrated_data.add(key)
        unrated_data.update(loose)
        full = full and not loose
        primary = primary and link_primary
        rows.append((weight, sc, primary and is_site_emission(_get(c, "factor_id")), full))
    agg = _weighted(rows)
    return {"basis": DECLARED_BASIS, "unrated_scoring": unrated,
            "rated_share": agg["rated_share"], "primary_share": agg["primary_share"],
            "score": agg["score"], "rating": agg["rating"] or "not_rated",
            "criteria": agg["criteria"], "scored_share": agg["scored_share"],
            "unrated": len(unrated_data), "data": len(data)}


def product_quality(model: LinearModel, product_index: int, *,
                    unrated_as_poor: bool = True, unrated: str = "worst",
                    declared: dict[str, Any] | None = None) -> ProductQuality:
    """Data quality of one product from the parameter model (activity and link data).

    ``unrated_as_poor``: list data with an unrated indicator among the poor data > 1 % (default,
    conservative); False lists only data rated poor. ``unrated``: worst or exclude (the study's
    ``dq_unrated``) for the grades. ``declared``: the product's :func:`study_quality` block;
    given, the product-level figures are its figures.
    """
    from alcarbon.uncertainty import pedigree
    from alcarbon.uncertainty.sensitivity import oat_rows

    shares = {r.param: r.elasticity for r in oat_rows(model, 0.01, product_index)}
    data: list[DatumQuality] = []
    for p in model.params:
        if p.kind == "factor":
            continue
        dq = p.dq or {}
        ratings = {c: dq.get(c) or None for c in CRITERIA}
        sc = pedigree.score(dq)
        data.append(DatumQuality(
            p.key, p.label, p.kind, p.key.split(":", 1)[1].split("/")[0], ratings,
            dq.get("primary") is True, dq.get("source") or "",
            sum(sc.values()) / len(sc), shares.get(p.key, 0.0), math.exp(p.sigma),
            p.sigma_source))
    data.sort(key=lambda d: (-abs(d.share), d.param))
    agg = _aggregate(data, unrated)
    units = {}
    for u in sorted({d.unit for d in data}):
        units[u] = _aggregate([d for d in data if d.unit == u], unrated)
    poor = [d for d in data
            if ("poor" in d.ratings.values() or (unrated_as_poor and d.unrated))
            and abs(d.share) > POOR_SHARE_THRESHOLD]
    if declared is not None:
        rated = declared["rated_share"]
        agg = {**declared, "unrated_share": None if rated is None else 1.0 - rated,
               "rating": None if declared["score"] is None else declared["rating"]}
    # no weighted datum: nothing to grade, and no grade is made up (never "good" by default)
    return ProductQuality(model.products[product_index], agg["score"] or 0.0,
                          agg["rating"] or "not_rated", agg["criteria"],
                          agg["primary_share"] or 0.0, agg["unrated_share"] or 0.0,
                          units, poor, data, declared)
