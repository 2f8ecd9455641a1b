"""Industry ranges with sources (``data/ranges/industry_ranges.csv``) and the study's values.

Each range is a per-tonne quantity of the unit process that makes ``unit_product``: the sum of the
unit's inputs selected by ``numerator`` (``flow:a;b`` by flow id, ``kind:electricity`` or
``kind:fuel`` by input kind, ``special:net_anode``) in ``quantity_unit``, divided by the unit's
output of ``unit_product`` in t. Values are compared in GB/T 44905 7.2 ("数据审定可参考行业平均值").

A refinery that also sells uncalcined aluminium hydroxide (7.3.2, P2) used its inputs for both:
per-t-alumina quantities divide by the alumina-equivalent output P1 + P2 x M(Al2O3)/(2 M(Al(OH)3))
(2 Al(OH)3 -> Al2O3 + 3 H2O), as refinery statistics do.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from alcarbon.errors import AlcarbonError
from alcarbon.inventory.flows import canonical_flow

# IUPAC 2021 standard atomic weights (abridged): Al 26.9815384, O 15.999, H 1.008.
_AL, _O, _H = 26.9815384, 15.999, 1.008
#: t Al2O3 per t Al(OH)3: 101.9601 / (2 x 78.0025) = 0.65357.
AL2O3_PER_HYDROXIDE = (2 * _AL + 3 * _O) / (2 * (_AL + 3 * (_O + _H)))


@dataclass(frozen=True)
class Range:
    key: str
    unit_product: str
    numerator: str
    quantity_unit: str
    low: float
    high: float
    quantity_zh: str
    quantity_en: str
    sources: str
    confidence: str


@lru_cache(maxsize=1)
def load_ranges() -> tuple[Range, ...]:
    """The packaged industry ranges, in file order."""
    text = resources.files("alcarbon").joinpath("data/ranges/industry_ranges.csv").read_text(
        encoding="utf-8")
    rows = []
    for r in csv.DictReader(text.splitlines()):
        rows.append(Range(r["key"], r["unit_product"], r["numerator"], r["quantity_unit"],
                          float(r["low"]), float(r["high"]), r["quantity_zh"], r["quantity_en"],
                          r["sources"], r["confidence"]))
    return tuple(rows)


def producer(study: Any, product: str) -> Any | None:
    """The unit process whose outputs include ``product`` (None when the study has none)."""
    for u in study.units:
        if any(o.flow == product and o.kind in ("product", "co_product") for o in u.outputs):
            return u
    return None


def output_t(unit: Any, flow: str) -> float | None:
    from alcarbon.units import convert, is_mass

    total = None
    for o in unit.outputs:
        if canonical_flow(o.flow) == flow and is_mass(o.unit):
            total = (total or 0.0) + convert(o.amount, o.unit, "t")
    return total


def sum_inputs(unit: Any, selector: str, to_unit: str) -> float | None:
    """Sum of selected inputs converted to ``to_unit``; None if none, or one is not convertible."""
    from alcarbon.units import convert

    how, _, what = selector.partition(":")
    names = set(what.split(";"))
    picked = [i for i in unit.inputs
              if (how == "flow" and canonical_flow(i.flow) in names)
              or (how == "kind" and i.kind in names)]
    if not picked:
        return None
    total = 0.0
    for i in picked:
        try:
            total += convert(i.amount, i.unit, to_unit)
        except AlcarbonError:
            return None  # e.g. a fuel in t when GJ is asked: not compared
    return total


def net_anode(unit: Any) -> float | None:
    """Net anode consumption, t anode per t Al: given, or (anode input - butts output) / Al."""
    pe = unit.process_emissions.anode_consumption
    if pe is not None and pe.net_anode_t_per_t is not None:
        return pe.net_anode_t_per_t
    al = output_t(unit, "liquid_aluminium")
    gross = sum_inputs(unit, "flow:prebaked_anode", "t")
    if not al or gross is None:
        return None
    return (gross - (output_t(unit, "anode_butts") or 0.0)) / al


def value_of(study: Any, rng: Range) -> tuple[Any, float] | None:
    """(unit process, per-tonne value) of a range's quantity in the study, or None."""
    unit = producer(study, rng.unit_product)
    if unit is None:
        return None
    if rng.numerator == "special:net_anode":
        v = net_anode(unit)
        return None if v is None else (unit, v)
    out = output_t(unit, rng.unit_product)
    if out and rng.unit_product == "alumina":  # alumina-equivalent output of the refinery
        out += (output_t(unit, "aluminium_hydroxide") or 0.0) * AL2O3_PER_HYDROXIDE
    num = sum_inputs(unit, rng.numerator, rng.quantity_unit)
    if not out or num is None:
        return None
    return unit, num / out
