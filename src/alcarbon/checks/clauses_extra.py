"""Evaluators of the clauses added in issue 15: 6.1 (secondary data), 7.1.5.2 (direct line), the
four 7.1.5.3 instrument conditions one by one, and 7.4 a)/b) (:mod:`alcarbon.checks.inputs_listed`).

Registered in ``EXTRA``; :func:`alcarbon.checks.evaluators.evaluate` looks a key up here when it
is not one of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alcarbon.checks import inputs_listed
from alcarbon.checks.evaluators import FAIL, NA, PASS, SIGNIFICANT, Ctx, _documented, _list


def secondary_justified(c: Ctx) -> tuple[str, str, dict[str, Any]]:
    """6.1: secondary data only where primary data cannot be collected, or for processes of low
    importance. Read as: a secondary datum carrying more than 1 % of the CFP (5.3.4's
    significance) states why no primary datum was collected (the row's ``note`` or vouchers)."""
    seen: dict[str, Any] = {}
    for q in c.quality.values():
        for d in q.data:
            if not d.primary and abs(d.share) > SIGNIFICANT and d.param not in seen:
                seen[d.param] = d
    if not seen:
        return PASS, "no secondary datum above 1 % of the CFP", {}
    bad = [d for d in seen.values() if not _documented(c.study, d.param)]
    detail = {"no_reason": [[d.unit, d.label.split(": ", 1)[-1]] for d in bad]}
    if bad:
        return FAIL, (f"{len(bad)} of {len(seen)} secondary data above 1 % of the CFP give no "
                      f"reason why primary data were not collected (row note): "
                      f"{_list([d.label for d in bad])}"), detail
    return PASS, f"{len(seen)} secondary data above 1 % of the CFP, each with its reason", detail


def direct_line_factor(c: Ctx) -> tuple[str, str]:
    """7.1.5.2: a dedicated line not sold on uses the supplier's emission factor."""
    lines = {n: s for n, s in c.study.electricity.supplies.items() if s.type == "direct_line"}
    if not lines:
        return NA, "no direct-line electricity"
    bad = [n for n, s in lines.items()
           if (s.value is None and not s.factor) or not (s.source or s.factor)]
    return (FAIL, f"direct line(s) without the supplier's factor and its source: {_list(bad)}") \
        if bad else (PASS, f"{len(lines)} direct line(s) at the supplier's factor, source stated")


def _condition(attr: str, what: str) -> Callable[[Ctx], tuple[str, str]]:
    def check(c: Ctx) -> tuple[str, str]:
        cons = {n: s for n, s in c.study.electricity.supplies.items() if s.type == "contract"}
        if not cons:
            return NA, "no contractual instrument"
        bad = [n for n, s in cons.items() if not getattr(s, attr)]
        return (FAIL, f"instrument(s) {_list(bad)}: not stated that it {what} ({attr})") if bad \
            else (PASS, f"every instrument {what} ({attr})")
    check.__name__ = f"contract_{attr}"
    check.__doc__ = f"7.1.5.3 condition: the instrument {what}."
    return check


CONDITIONS = (
    _condition("conveys_generator_info", "conveys the generating unit and its characteristics"),
    _condition("exclusive_claim", "guarantees an exclusive claim"),
    _condition("retired_by_reporter", "is tracked, redeemed, retired or cancelled by or for "
                                      "the reporting entity"),
    _condition("matches_period", "is close to the period the instrument applies to"),
)

EXTRA: dict[str, Callable[[Ctx], Any]] = {
    f.__name__: f for f in (secondary_justified, direct_line_factor, *CONDITIONS)}
EXTRA.update(inputs_listed.EXTRA)
