"""Filtering of footprints by the criteria of ListFootprints and of the RequestCreatedEvent
(PACT v3.0 rest-api "Filtering"): OR within a criterion, AND between criteria."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

LISTS = ("productId", "companyId", "geography", "classification")
DATES = ("validOn", "validAfter", "validBefore")
NAMES = {n.lower(): n for n in (*LISTS, *DATES, "status")}


class BadCriteria(ValueError):
    """A criterion whose value is not of the specified form."""


def when(text: str, name: str) -> datetime:
    """An RFC 3339 date-time (a date alone means its midnight UTC)."""
    try:
        t = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as e:
        raise BadCriteria(f"{name}: '{text}' is not an ISO 8601 date-time such as "
                          "2025-01-01T00:00:00Z") from e
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def parse(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Criteria from (name, value) pairs, names case-insensitive; lists may repeat."""
    out: dict[str, Any] = {}
    for raw, value in pairs:
        name = NAMES.get(raw.lower())
        if name is None:
            raise KeyError(raw)
        values = value if isinstance(value, list) else [value]
        if name in LISTS:
            out.setdefault(name, []).extend(str(v) for v in values)
        elif name in DATES:
            out[name] = when(str(values[-1]), name)
        else:
            out[name] = str(values[-1])
    return out


def _validity(pf: dict[str, Any]) -> tuple[datetime, datetime]:
    return (when(pf["validityPeriodStart"], "validityPeriodStart"),
            when(pf["validityPeriodEnd"], "validityPeriodEnd"))


def matches(pf: dict[str, Any], c: dict[str, Any]) -> bool:
    """True when footprint ``pf`` meets every criterion of ``c``."""
    pcf = pf.get("pcf", {})
    have = {
        "productId": set(pf.get("productIds", [])),
        "companyId": set(pf.get("companyIds", [])),
        "classification": set(pf.get("productClassifications", [])),
        "geography": {pcf.get(k) for k in ("geographyCountry", "geographyRegionOrSubregion",
                                            "geographyCountrySubdivision") if pcf.get(k)},
    }
    for name in LISTS:
        if name in c and not have[name].intersection(c[name]):
            return False
    if "status" in c and pf.get("status") != c["status"]:
        return False
    if any(k in c for k in DATES):
        start, end = _validity(pf)  # start inclusive, end exclusive (data model)
        if "validOn" in c and not start <= c["validOn"] < end:
            return False
        if "validAfter" in c and not c["validAfter"] < start:
            return False
        if "validBefore" in c and not c["validBefore"] > end:
            return False
    return True
