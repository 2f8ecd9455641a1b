"""Optional analyses from the checks and uncertainty layers, turned into report facts.

The report includes their output when the modules are installed; otherwise it says so (never an
invented number). ``run(study, result)`` calls whatever is available; ``facts_from`` converts the
objects (duck-typed on the documented attribute names) into plain rounded data.
"""

from __future__ import annotations

import importlib.util
from typing import Any

_NEEDED = {"checks": ("run_checks",), "uncertainty": ("monte_carlo", "one_at_a_time_95",
                                                       "alternatives")}


def available() -> dict[str, bool]:
    """Which optional analysis modules exist with the functions the report uses."""
    out = {}
    for m, names in _NEEDED.items():
        try:
            mod = importlib.import_module(f"alcarbon.{m}")
        except ImportError:
            out[m] = False
            continue
        out[m] = all(hasattr(mod, n) for n in names)
    return out


def run(study: Any, result: Any, product: str, *, lib: Any = None, iterations: int = 2000,
        seed: int = 1) -> dict[str, Any]:
    """checks, mc, oat and alts for the study; None for each piece that is not available."""
    out: dict[str, Any] = {"checks": None, "mc": None, "oat": None, "alts": None}
    have = available()
    if have["checks"]:
        from alcarbon.checks import run_checks

        out["checks"] = run_checks(study, result, product=product, library=lib)
    if have["uncertainty"]:
        from alcarbon import uncertainty as unc

        out["mc"] = unc.monte_carlo(study, result, iterations=iterations, seed=seed,
                                    product=product)
        # tornado over each datum's own 95 % interval (docs/checks.md), not a uniform +-10 %
        out["oat"] = unc.one_at_a_time_95(study, result, product=product)
        out["alts"] = unc.alternatives(study, product=product, library=lib)
    return out


def _r(x: Any) -> Any:
    """Round floats recursively to 1e-6 so the JSON is stable."""
    if isinstance(x, bool) or x is None or isinstance(x, str | int):
        return x
    if isinstance(x, float):
        v = round(x, 6)
        return 0.0 if v == 0 else v
    if isinstance(x, dict):
        return {str(k): _r(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_r(v) for v in x]
    try:
        return _r(float(x))
    except (TypeError, ValueError):
        return str(x)


def _mc_for(mc: Any, product: str) -> dict[str, Any] | None:
    if not mc:
        return None
    m = mc.get(product) if isinstance(mc, dict) else mc
    if m is None:
        return None
    out = {k: _r(getattr(m, k, None)) for k in ("mean", "median", "p2_5", "p97_5", "cv")}
    out["iterations"] = int(getattr(m, "iterations", 0) or len(getattr(m, "samples", ())))
    vc = getattr(m, "variance_contributions", None) or {}
    items = vc.items() if isinstance(vc, dict) else vc
    out["variance_contributions"] = _r(sorted(([str(k), float(v)] for k, v in items),
                                              key=lambda kv: -kv[1])[:10])
    out["scheme"] = _scheme()
    rows = {r["param"]: r for r in getattr(m, "parameters", None) or []}
    out["parameters"] = [_param(rows[k]) for k, _v in out["variance_contributions"] if k in rows]
    return out


def _scheme() -> list[str] | None:
    """[zh, en] text of the uncertainty scheme, or None when the module is absent."""
    try:
        from alcarbon.uncertainty.pedigree import SCHEME, SCHEME_ZH
    except ImportError:
        return None
    return [SCHEME_ZH, SCHEME]


def _param(r: dict[str, Any]) -> dict[str, Any]:
    """One parameter's scheme for the report: type, sigma basic, pedigree scores, sigma, GSD^2."""
    crit = ("technology", "time", "geography", "reliability", "completeness")
    return {"param": r["param"], "exchange_type": r["exchange_type"],
            "sigma_basic": _r(r["sigma_basic"]),
            "pedigree": [r.get(f"pedigree_{c}") for c in crit],
            "sigma_total": _r(r["sigma_total"]), "gsd2": _r(r["gsd2"])}


def _rows(rows: Any, fields: tuple[str, ...]) -> list[dict[str, Any]] | None:
    if rows is None:
        return None
    return [{f: _r(getattr(r, f, None)) for f in fields} for r in rows]


def _checks(checks: Any, product: str) -> dict[str, Any]:
    """Cut-off, data quality, validation findings and compliance checklist for ``product``."""
    cut = checks.cutoff.get(product)
    q = checks.data_quality.get(product)
    poor = [{"unit": getattr(d, "unit", ""), "datum": str(getattr(d, "param", "") or
                                                          getattr(d, "label", "")),
             "share": _r(getattr(d, "share", None))} for d in (q.poor_over_1pct if q else [])]
    return {
        "cutoff": None if cut is None else {
            "text": [cut.text_zh, cut.text_en], "finding": [cut.finding_zh, cut.finding_en],
            "passes": cut.passes,
            "omitted_share": _r(cut.omitted_share), "undeclared": list(cut.undeclared)},
        "quality": None if q is None else {
            "score": _r(q.score), "rating": q.rating, "criteria": _r(q.criteria),
            "primary_share": _r(q.primary_share),
            "unrated_share": _r(getattr(q, "unrated_share", None)), "poor_over_1pct": poor,
            # the headline block (checks.quality.declared_quality), as calc's JSON and PACT
            "declared": _r(getattr(q, "declared", None))},
        "validation": [{"severity": f.severity, "code": f.code, "unit": f.unit,
                        "message": [f.message_zh, f.message_en], "value": _r(f.value),
                        "range": _r(list(f.expected_range)) if f.expected_range else None,
                        "source": f.source} for f in checks.validation],
        "compliance": {"counts": dict(checks.counts), "failed_shall": checks.failed_shall,
                       "rows": [{"clause": c.clause, "status": c.status, "reason": c.reason,
                                 "key": getattr(c, "key", ""),
                                 "detail": getattr(c, "detail", {}),
                                 "requirement": [c.requirement_zh, c.requirement_en]}
                                for c in checks.compliance]},
    }


def facts_from(product: str, *, checks: Any = None, mc: Any = None, oat: Any = None,
               alts: Any = None) -> dict[str, Any]:
    """The 'checks', 'sensitivity', 'uncertainty' and 'alternatives' facts (None when absent)."""
    ck = _checks(checks, product) if checks is not None else None
    oat_rows = _rows(oat, ("param", "label", "kind", "base", "low", "high", "swing"))
    if oat_rows is not None:
        oat_rows.sort(key=lambda r: -abs(r["swing"] or 0.0))
    return {
        "checks": ck,
        "sensitivity": oat_rows,
        "uncertainty": _mc_for(mc, product),
        "alternatives": _rows(alts, ("name", "description_zh", "description_en", "cfp",
                                     "delta", "delta_pct")),
    }


def mc_samples(mc: Any, product: str) -> Any:
    """The Monte Carlo samples of ``product`` (for the histogram), or None."""
    if not mc:
        return None
    m = mc.get(product) if isinstance(mc, dict) else mc
    return None if m is None else getattr(m, "samples", None)
