"""The pull side of PACT: fetch a supplier's footprints from any PACT v3.0 host (OAuth 2 client
credentials, ListFootprints with its ``Link`` pagination) and turn each into a supplier-declared
footprint (``supplier_cfp``) a study can use for a purchased input, keeping the footprint's id
and version as the evidence.

Units: PACT values are kg CO2e per declared unit (``declaredUnitAmount`` x
``declaredUnitOfMeasurement``); the supplier_cfp gets ``value`` kg CO2e ``per`` one unit
(value divided by the declared amount). ``pcfExcludingBiogenicUptake`` is used: the figure
PACT defines for use without biogenic removals (data model, CarbonFootprint).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from alcarbon.errors import InputError

#: PACT v3.0 declaredUnitOfMeasurement -> pint unit of alcarbon.units.
UNITS = {"kilogram": "kg", "liter": "L", "cubic meter": "m**3", "kilowatt hour": "kWh",
         "megajoule": "MJ", "ton kilometer": "t*km", "square meter": "m**2"}
MAX_PAGES = 1000  # a host that never stops paginating is refused


def _token(h: Any, base: str, client_id: str, secret: str) -> str:
    """An access token: the OpenID-discovered token endpoint, else {base}/auth/token."""
    endpoint = f"{base}/auth/token"
    try:
        d = h.get(f"{base}/.well-known/openid-configuration")
        if d.status_code == 200 and isinstance(d.json().get("token_endpoint"), str):
            endpoint = d.json()["token_endpoint"]
    except ValueError:
        pass
    r = h.post(endpoint, auth=(client_id, secret), data={"grant_type": "client_credentials"})
    if r.status_code != 200:
        raise InputError(f"{endpoint}: authentication failed (HTTP {r.status_code})",
                         where="--client-id/--client-secret",
                         expected="client credentials the supplier issued to you")
    return r.json()["access_token"]


def fetch(url: str, client_id: str, secret: str, *, verify: Any = True,
          query: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every footprint the host at ``url`` (base URL, without /3/...) releases to this client,
    each validated against the PACT v3.0 ProductFootprint schema."""
    import httpx
    import jsonschema

    from alcarbon.exchange.pact import validate

    base = url.rstrip("/")
    out: list[dict[str, Any]] = []
    with httpx.Client(verify=verify, timeout=60) as h:
        tok = _token(h, base, client_id, secret)
        nxt: str | None = f"{base}/3/footprints"
        params = query
        for _ in range(MAX_PAGES):
            if not nxt:
                return out
            r = h.get(nxt, params=params, headers={"Authorization": f"Bearer {tok}"})
            params = None  # the next link carries the query
            if r.status_code not in (200, 202):
                raise InputError(f"{nxt}: HTTP {r.status_code}: {r.text[:200]}", where=url,
                                 expected="a PACT v3.0 ListFootprints answer")
            for pf in r.json().get("data", []):
                try:
                    validate(pf)
                except jsonschema.ValidationError as e:
                    raise InputError(f"footprint {pf.get('id', '?')} from {base} is not a valid "
                                     f"PACT v3.0 ProductFootprint: {e.message}", where=url,
                                     expected="schema-valid footprints") from e
                out.append(pf)
            nxt = r.links.get("next", {}).get("url")
    raise InputError(f"{url}: more than {MAX_PAGES} pages", where=url,
                     expected="a host whose pagination ends")


def supplier_footprint(pf: dict[str, Any], host: str) -> dict[str, Any]:
    """The study's supplier_cfp block for one footprint, with its id and version as evidence."""
    pcf = pf["pcf"]
    where = f"footprint {pf['id']}"
    unit = UNITS.get(pcf["declaredUnitOfMeasurement"])
    if unit is None:
        raise InputError(f"{where}: declared unit '{pcf['declaredUnitOfMeasurement']}' has no "
                         "mass/energy/volume equivalent here", where=where,
                         expected=", ".join(UNITS))
    try:
        amount = Decimal(pcf["declaredUnitAmount"])
        value = Decimal(pcf["pcfExcludingBiogenicUptake"]) / amount
    except (InvalidOperation, ZeroDivisionError) as e:
        raise InputError(f"{where}: declaredUnitAmount/pcfExcludingBiogenicUptake are not "
                         "decimals", where=where, expected="PACT decimal strings") from e
    if value < 0:
        raise InputError(f"{where}: a negative footprint ({value}) cannot be a purchased "
                         "input's cradle-to-gate burden", where=where, expected=">= 0")
    year = int(pcf["referencePeriodStart"][:4])
    return {
        "value": float(value), "amount_unit": "kg", "per": unit, "basis": "life_cycle",
        "source": (f"PACT footprint {pf['id']} version {pf['version']} ({pf['status']}) of "
                   f"{pf['companyName']}, created {pf['created']}, pulled from {host}"),
        "verified": "assurance" in pcf or "assurance" in pf,
        "year": year,
    }


def pulled(pfs: list[dict[str, Any]], host: str) -> list[dict[str, Any]]:
    """One entry per footprint: id, version, status, product ids and its supplier_cfp."""
    return [{"pf_id": pf["id"], "version": pf["version"], "status": pf["status"],
             "product": pf.get("productNameCompany") or pf["productDescription"],
             "product_ids": pf["productIds"], "supplier_cfp": supplier_footprint(pf, host)}
            for pf in pfs]
