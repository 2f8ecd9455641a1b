"""Action ListFootprints and Action GetFootprint (PACT v3.0): only footprints released to the
token's customer and not withdrawn; limit/offset pagination with an absolute ``Link`` header."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from alcarbon.service.pact import filters
from alcarbon.service.pact.auth import customer_of
from alcarbon.service.pact.common import DEFAULT_LIMIT, granted_release, page
from alcarbon.service.pact.errors import error
from alcarbon.store import pact as store

router = APIRouter(include_in_schema=False)


def _int(text: str, name: str, least: int) -> int:
    try:
        v = int(text)
    except ValueError:
        v = least - 1
    if v < least:
        raise filters.BadCriteria(f"{name} must be an integer >= {least}, got '{text}'")
    return v



@router.get("/3/footprints")
async def list_footprints(request: Request):
    c = customer_of(request)
    if isinstance(c, JSONResponse):
        return c
    pairs: dict[str, list[str]] = {}
    offset, limit = 0, DEFAULT_LIMIT
    try:
        for k, v in request.query_params.multi_items():
            if k.startswith("$"):
                return error("BadRequest", f"{k}: OData filtering is deprecated in PACT v3.0 "
                             "and not supported; use the filter parameters")
            if k == "offset":
                offset = _int(v, k, 0)
            elif k == "limit":
                limit = _int(v, k, 1)
            else:
                pairs.setdefault(k, []).append(v)
        criteria = filters.parse(list(pairs.items()))
    except KeyError as e:
        return error("BadRequest", f"unknown query parameter {e.args[0]!r}")
    except filters.BadCriteria as e:
        return error("BadRequest", str(e))
    with request.app.state.db.read() as s:
        docs = [store.served_document(r) for r in store.visible(s, c)]
    hits = [d for d in docs if filters.matches(d, criteria)]
    return page(request, hits, offset, limit)


@router.get("/3/footprints/{pf_id}")
async def get_footprint(pf_id: str, request: Request):
    c = customer_of(request)
    if isinstance(c, JSONResponse):
        return c
    with request.app.state.db.read() as s:
        r = granted_release(s, c, pf_id)
        if isinstance(r, JSONResponse):
            return r
        return JSONResponse({"data": store.served_document(r)})
