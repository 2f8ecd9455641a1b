"""Plain-data views of a check result (``alcarbon.checks.run_checks(...).to_json_dict()``) for the
results page: the compliance checklist with the data each finding names (so a page can link to
the field to fix), the data-quality summary, and the declared vs location-based comparison."""

from __future__ import annotations

import re
from typing import Any

#: Clause keys of alcarbon.checks whose fix is not a unit process row, and where it is made.
_WHERE = {"captive_lifecycle": "electricity", "contract_conditions": "electricity",
          "grid_region": "electricity", "certificates_separate": "electricity",
          "secondary_data": "factors", "direct_line_factor": "electricity",
          **{f"contract_{a}": "electricity" for a in (
              "conveys_generator_info", "exclusive_claim", "retired_by_reporter",
              "matches_period")}}


def targets(study: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """The unit-process rows of ``study`` named in a finding's text.

    A row is named as ``unit/inputs/3``, ``unit/flow`` or ``unit: flow`` (the forms the checks
    use). Returns dicts with unit, side (inputs/outputs), index and flow, in the study's order.
    """
    out = []
    for u in study.get("units", []):
        uid = str(u.get("id", ""))
        if not uid or uid not in text:
            continue
        for side in ("inputs", "outputs"):
            for i, row in enumerate(u.get(side, [])):
                flow = str(row.get("flow", ""))
                named = (re.search(rf"(?<![\w.]){re.escape(uid)}/{side}/{i}(?!\d)", text)
                         or re.search(rf"(?<![\w.]){re.escape(uid)}(/|: ){re.escape(flow)}"
                                      r"(?![\w.])", text))
                if named:
                    out.append({"unit": uid, "side": side, "index": i, "flow": flow})
    return out


def where_to_fix(key: str, study: dict[str, Any], reason: str) -> dict[str, Any]:
    """Where a clause's finding is fixed: unit rows, or a section of the study page."""
    rows = targets(study, reason)
    if rows:
        return {"rows": rows, "section": ""}
    section = _WHERE.get(key, "")
    if not section:  # a finding naming only a unit process (no row): its entry page
        units = [str(u.get("id")) for u in study.get("units", [])
                 if re.search(rf"(?<![\w.]){re.escape(str(u.get('id')))}(?![\w.])", reason)]
        if units:
            return {"rows": [{"unit": x, "side": "", "index": -1, "flow": ""} for x in units],
                    "section": ""}
        section = "study_info"
    return {"rows": [], "section": section}


def checklist(check: dict[str, Any], study: dict[str, Any]) -> list[dict[str, Any]]:
    """Every clause with its status; failed and manual ones carry where to fix them.

    Order: failed first, then to confirm, then passed and not applicable (standard's order
    inside each group), so the accountant sees the work left at the top.
    """
    rank = {"fail": 0, "manual": 1, "pass": 2, "not_applicable": 3}
    from alcarbon.report.i18n_checks import reason_zh  # the zh report's texts, keyed by id

    rows = []
    for c in check.get("compliance", []):
        row = dict(c)
        row["reason_zh"] = reason_zh(str(c.get("key", "")), str(c.get("status", "")))
        if c.get("status") == "fail":
            row["fix"] = where_to_fix(str(c.get("key", "")), study, str(c.get("reason", "")))
        rows.append(row)
    return sorted(rows, key=lambda r: rank.get(str(r.get("status")), 9))


def _rated(unrated_share: float | None) -> float | None:
    return None if unrated_share is None else 1.0 - float(unrated_share)


def dq_summary(check: dict[str, Any]) -> list[dict[str, Any]]:
    """Per product: Table 2 score (1 good .. 3 poor) and rating, primary share, per unit."""
    out = []
    for product, q in (check.get("data_quality") or {}).items():
        units = sorted(({"unit": u, **v} for u, v in (q.get("units") or {}).items()
                        if v.get("score") is not None),  # units outside this product's system
                       key=lambda r: -float(r.get("weight") or 0.0))
        for u in units:
            u["rated_share"] = _rated(u.get("unrated_share"))
        d = q.get("declared") or {}  # the block of calc's JSON and PACT (checks.quality)
        out.append({"product": product, "score": q.get("score"), "rating": q.get("rating"),
                    "criteria": q.get("criteria") or {}, "primary_share": q.get("primary_share"),
                    "rated_share": d.get("rated_share", _rated(q.get("unrated_share"))),
                    "unrated": d.get("unrated"), "data": d.get("data"), "units": units})
    return out


def comparison(product: dict[str, Any]) -> dict[str, float]:
    """Declared (GB/T 44905) vs location-based footprint of one dashboard product (t CO2e per
    declared unit). ``difference`` = declared - location; ``share`` is it relative to the
    location-based value (0 when that is 0).
    """
    decl, loc = float(product["cfp"]), float(product["cfp_location_based"])
    return {"declared": decl, "location": loc, "difference": decl - loc,
            "share": (decl - loc) / loc if loc else 0.0}
