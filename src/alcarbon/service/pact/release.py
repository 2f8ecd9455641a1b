"""The footprint document a release freezes: the stored revision computed with the packaged
factor library, turned into a PACT v3.0 ProductFootprint by ``alcarbon.exchange.pact.to_pact``,
with the validity period the data model allows (from the later of the release and the end of
the reference period to 3 years after the reference period's end)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from alcarbon.errors import InputError


def _years_later(t: datetime, years: int) -> datetime:
    try:
        return t.replace(year=t.year + years)
    except ValueError:  # 29 February
        return t.replace(year=t.year + years, day=28)


def build(revision_data: str, product: str | None, now: datetime) -> tuple[dict[str, Any], str]:
    """(ProductFootprint without lifecycle fields, reproducibility hash) of a stored revision."""
    from alcarbon.exchange.pact import to_pact, validate
    from alcarbon.facts import inputs_hash
    from alcarbon.service import compute
    from alcarbon.store.pact import iso

    study = compute.study_from_data(json.loads(revision_data))
    product = product or study.declared_products[0]
    if product not in study.declared_products:
        raise InputError(f"product '{product}' is not declared by the study", where="product",
                         expected=" or ".join(study.declared_products))
    result = compute.calculate(study)
    doc = to_pact(study, result, product, created=iso(now))
    ref_end = datetime.fromisoformat(doc["pcf"]["referencePeriodEnd"].replace("Z", "+00:00"))
    # PACT v3.0 data model, validityPeriodStart: >= referencePeriodEnd, end <= that + 3 years
    start, end = max(now.astimezone(UTC), ref_end), _years_later(ref_end, 3)
    if start >= end:
        raise InputError(f"the reference period ended {iso(ref_end)}, more than 3 years ago: "
                         "PACT does not allow the footprint to be declared valid any more",
                         where="revision", expected="a study whose period ended < 3 years ago")
    doc["validityPeriodStart"], doc["validityPeriodEnd"] = iso(start), iso(end)
    validate({**doc, "version": 1, "status": "Active"})
    from alcarbon.exchange.pact_v2 import extras

    # store.release freezes these beside the document, for the v2.3 shape served at /2/
    doc["_v2"] = extras(study, result, product)
    return doc, inputs_hash(study, result.factor_library_version)
