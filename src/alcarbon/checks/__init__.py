"""Checks a verifier runs first (GB/T 44905 5.3.4, 6.2, 6.3, 7.2, 7.4 and every 应 clause).

``run_checks(study, result)`` returns a :class:`CheckReport`: data quality per product (Table 2
ratings aggregated by contribution, poor data over 1 %), cut-off per product, validation findings
(balances and industry ranges) and the compliance checklist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alcarbon.checks.compliance import ClauseCheck, load_clauses
from alcarbon.checks.cutoff import CutoffResult, assess, cutoff
from alcarbon.checks.quality import ProductQuality, product_quality, study_quality
from alcarbon.checks.validation import Finding, validate


@dataclass
class CheckReport:
    data_quality: dict[str, ProductQuality]
    cutoff: dict[str, CutoffResult]
    validation: list[Finding]
    compliance: list[ClauseCheck]
    failed_shall: bool
    needs_confirmation: list[str] = field(default_factory=list)  # clause numbers (manual)
    title: str = ""

    @property
    def counts(self) -> dict[str, int]:
        out = {"pass": 0, "fail": 0, "not_applicable": 0, "manual": 0}
        for c in self.compliance:
            out[c.status] += 1
        return out

    def to_json_dict(self) -> dict[str, Any]:
        """Deterministic JSON-serialisable dict (products in declaration order)."""
        return {
            "title": self.title,
            "failed_shall": self.failed_shall,
            "compliance_counts": self.counts,
            "needs_confirmation": list(self.needs_confirmation),
            "compliance": [c.to_dict() for c in self.compliance],
            "validation": [f.to_dict() for f in self.validation],
            "cutoff": {p: r.to_json_dict() for p, r in self.cutoff.items()},
            "data_quality": {p: q.to_json_dict() for p, q in self.data_quality.items()},
        }


def run_checks(study: Any, result: Any = None, *, product: str | None = None,
               library: Any = None) -> CheckReport:
    """All checks of a study; ``result`` from :func:`alcarbon.engine.calculate` (computed if None).

    ``product`` restricts data quality and cut-off to one declared product.
    """
    from alcarbon.checks.compliance import check_clauses
    from alcarbon.checks.evaluators import Ctx
    from alcarbon.engine import calculate
    from alcarbon.errors import InputError
    from alcarbon.uncertainty.model import build_model

    if result is None:
        result = calculate(study, library)
    products = [product] if product else list(result.products)
    for p in products:
        if p not in result.products:
            raise InputError(f"product {p!r} is not a declared product of the study",
                             where="--product", expected=f"one of {list(result.products)}")
    model = build_model(study, result, products=products)
    mode = study.dq_unrated
    quality = {p: product_quality(model, j, unrated_as_poor=mode == "worst", unrated=mode,
                                  declared=study_quality(study, result, p))
               for j, p in enumerate(products)}
    cut = {p: cutoff(study, result, p) for p in products}
    findings = validate(study, result, library)
    ctx = Ctx(study, result, quality, cut, findings)
    clauses = check_clauses(ctx)
    return CheckReport(
        data_quality=quality, cutoff=cut, validation=findings, compliance=clauses,
        failed_shall=any(c.status == "fail" for c in clauses),
        needs_confirmation=[c.clause for c in clauses if c.status == "manual"],
        title=study.title,
    )


__all__ = ["run_checks", "CheckReport", "ClauseCheck", "Finding", "CutoffResult",
           "ProductQuality", "assess", "load_clauses"]
