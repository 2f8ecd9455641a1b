"""Plain-data views built from a stored result and the revision history, for API and pages.

* :func:`dashboard`: Table E.2 (declared and location-based), hotspots and data-quality flags.
* :func:`trace`: for the verifier (GB/T 44905 7.1.2 c), every contribution with its factor and
  source, the datum's data-quality rating (6.3 Table 2), its evidence files and the revisions in
  which it changed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from alcarbon.engine.result import hotspots
from alcarbon.store.diff import flatten
from alcarbon.store.evidence import FACTOR_LINK

INDICATORS = ("technology", "time", "geography", "reliability", "completeness")
_RANK = {"good": 0, "fair": 1, "poor": 2}


def worst_rating(dq: dict[str, Any] | None) -> str:
    """The worst of the five Table 2 ratings of a datum ('' when it has no rating)."""
    if not dq:
        return ""
    ratings = [dq.get(k) for k in INDICATORS if dq.get(k) in _RANK]
    return max(ratings, key=_RANK.__getitem__) if ratings else ""


def dq_flags(contributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Data that need attention: a 'poor' rating (sensitivity analysis, 6.3) or secondary data."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for c in contributions:
        dq = c.get("dq") or {}
        worst = worst_rating(dq)
        secondary = dq.get("primary") is False
        if worst != "poor" and not secondary:
            continue
        key = (c.get("origin_unit") or c["unit"], c["flow"])
        row = seen.setdefault(key, {"unit": key[0], "flow": c["flow"], "rating": worst,
                                    "primary": not secondary, "t_co2e": 0.0,
                                    "poor": [k for k in INDICATORS if dq.get(k) == "poor"]})
        row["t_co2e"] += c["t_co2e"]
    return sorted(seen.values(), key=lambda r: -abs(r["t_co2e"]))


def notes(en: list[str], zh: list[str] | None) -> list[dict[str, str]]:
    """Engine notes as {"en", "zh"} ("zh" empty when the note has no Chinese text, or the cached
    result predates ``warnings_zh``)."""
    zh = zh if zh and len(zh) == len(en) else [""] * len(en)
    return [{"en": e, "zh": z} for e, z in zip(en, zh, strict=True)]


def dashboard(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Per declared product: totals, Table E.2 rows, hotspots and data-quality flags."""
    out = []
    for p in result.get("products", []):
        loc = {r["stage"]: r["t_co2e"] for r in p.get("stages_location_based", [])}
        rows = [dict(r, t_co2e_location=loc.get(r["stage"], 0.0)) for r in p["stages"]]
        peak = max((abs(r["t_co2e"]) for r in rows), default=0.0) or 1.0
        for r in rows:
            r["bar"] = abs(r["t_co2e"]) / peak
        contribs = p.get("contributions", [])
        out.append({"product": p["product"], "declared_unit": p["declared_unit"],
                    "cfp": p["cfp"], "cfp_location_based": p["cfp_location_based"],
                    "cfp_grid_mix_analysis": p.get("cfp_grid_mix_analysis"),
                    "grid_mix_note": p.get("grid_mix_note"),
                    "grid_mix_note_zh": p.get("grid_mix_note_zh"),
                    "stages": rows, "by_category": p.get("by_category", {}),
                    "by_gas": p.get("by_gas", {}), "hotspots": hotspots(contribs),
                    "flags": dq_flags(contribs), "warnings": p.get("warnings", []),
                    "warnings_zh": [n["zh"] for n in notes(p.get("warnings", []),
                                                           p.get("warnings_zh"))]})
    return out


def datum_path(study: dict[str, Any], unit: str, flow: str) -> str:
    """Readable path of the study datum behind a contribution (see alcarbon.store.diff)."""
    for u in study.get("units", []):
        if u.get("id") != unit:
            continue
        for side in ("inputs", "outputs"):
            if any(row.get("flow") == flow for row in u.get(side, [])):
                return f"units[{unit}].{side}[{flow}]"
        return f"units[{unit}]"
    return ""


def _history(path: str, revisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Revisions in which the datum at ``path`` appeared or changed, oldest first."""
    out, last = [], None
    for rev in revisions:
        flat = rev["flat"]
        now = {k: v for k, v in flat.items() if k == path or k.startswith(path + ".")}
        if now != last:
            amount = flat.get(path + ".amount")
            out.append({"revision": rev["number"], "author": rev["author"],
                        "created_at": rev["created_at"], "reason": rev["reason"],
                        "amount": amount, "unit": flat.get(path + ".unit"),
                        "removed": not now})
            last = now
    return out


def trace(study: dict[str, Any], result: dict[str, Any], revisions: list[dict[str, Any]],
          evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every contribution of every product with source, rating, evidence and datum history.

    ``revisions``: dicts with number, author, created_at, reason and ``data`` (study data), oldest
    first. ``evidence``: dicts with id, filename, sha256 and ``links`` [{unit, flow}]; a link to
    unit ``factors`` (FACTOR_LINK) with a factor id shows on every row using that factor.
    """
    for rev in revisions:
        rev.setdefault("flat", flatten(rev["data"]))
    by_name = defaultdict(list)
    for ev in evidence:
        by_name[ev["filename"]].append(ev)
    histories: dict[str, list[dict[str, Any]]] = {}
    out = []
    for p in result.get("products", []):
        rows = []
        for c in p.get("contributions", []):
            unit = c.get("origin_unit") or c["unit"]
            path = datum_path(study, unit, c["flow"])
            if path and path not in histories:
                histories[path] = _history(path, revisions)
            dq = c.get("dq") or {}
            files = {ev["id"]: ev for name in dq.get("evidence", [])
                     for ev in by_name.get(name, [])}
            for ev in evidence:
                for link in ev.get("links", []):
                    if (link["unit"] == unit and link["flow"] in ("", c["flow"])) or (
                            link["unit"] == FACTOR_LINK and link["flow"]
                            and link["flow"] == c.get("factor_id")):  # the factor's document
                        files[ev["id"]] = ev
            rows.append({**{k: c.get(k) for k in (
                "unit", "stage", "category", "flow", "gas", "activity", "activity_unit", "factor",
                "factor_unit", "factor_id", "basis", "t_co2e", "source")},
                "origin_unit": unit, "datum": path, "dq": dq, "rating": worst_rating(dq),
                "data_source": dq.get("source", ""), "primary": dq.get("primary", True),
                "evidence_names": list(dq.get("evidence", [])),
                "evidence": [{"id": e["id"], "filename": e["filename"], "sha256": e["sha256"]}
                             for e in files.values()],
                "history": histories.get(path, [])})
        out.append({"product": p["product"], "cfp": p["cfp"], "rows": rows})
    return out
