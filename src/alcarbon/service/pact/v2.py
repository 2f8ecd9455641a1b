"""The PACT v2.3 routes beside v3.0 (research/pact/openapi_v2_3.yaml): /2/footprints,
/2/footprints/{id} and /2/events, serving the same released footprints in the v2.3 shape
(alcarbon.exchange.pact_v2). A footprint without an honest v2.3 form (no sourced UN CPC code
for its product) is left out of /2/ and named as such; it stays available at /3/."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response

from alcarbon.exchange.pact_v2 import NotServableV2
from alcarbon.service.pact import filters
from alcarbon.service.pact.auth import customer_of
from alcarbon.service.pact.common import (
    DEFAULT_LIMIT,
    customer_event,
    envelope_invalid,
    granted_release,
    page,
)
from alcarbon.service.pact.errors import error
from alcarbon.service.pact.events import _now, log, schedule_answer
from alcarbon.store import pact as store

router = APIRouter(include_in_schema=False)
NS = "org.wbcsd.pathfinder."
CREATED, FULFILLED, REJECTED = (NS + f"ProductFootprintRequest.{n}.v1"
                                for n in ("Created", "Fulfilled", "Rejected"))
PUBLISHED = NS + "ProductFootprint.Published.v1"
#: ProductFootprintFragment properties of a v2 request -> v3 filter criterion
FRAGMENT = {"productIds": "productId", "companyIds": "companyId",
            "productClassifications": "classification"}


def _servable(rows: list[Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(v3 document, v2.3 document) of each release that has a v2.3 form."""
    out = []
    for r in rows:
        try:
            out.append((store.served_document(r), store.served_document_v2(r)))
        except NotServableV2:
            continue
    return out


def _int(text: str, name: str, least: int) -> int | None:
    try:
        v = int(text)
    except ValueError:
        return None
    return v if v >= least else None



@router.get("/2/footprints")
async def list_footprints(request: Request):
    c = customer_of(request)
    if isinstance(c, JSONResponse):
        return c
    offset, limit = 0, DEFAULT_LIMIT
    for k, v in request.query_params.multi_items():
        if k == "$filter":
            return error("BadRequest", "$filter: OData filtering is not supported by this "
                         "host; list without it (or use the filters of /3/footprints)")
        if k not in ("offset", "limit"):
            return error("BadRequest", f"unknown query parameter '{k}'")
        n = _int(v, k, 0 if k == "offset" else 1)
        if n is None:
            return error("BadRequest", f"{k} must be an integer >= {0 if k == 'offset' else 1}"
                         f", got '{v}'")
        offset, limit = (n, limit) if k == "offset" else (offset, n)
    with request.app.state.db.read() as s:
        docs = [v2 for _v3, v2 in _servable(store.visible(s, c))]
    return page(request, docs, offset, limit)


@router.get("/2/footprints/{pf_id}")
async def get_footprint(pf_id: str, request: Request):
    c = customer_of(request)
    if isinstance(c, JSONResponse):
        return c
    with request.app.state.db.read() as s:
        r = granted_release(s, c, pf_id)
        if isinstance(r, JSONResponse):
            return r
        try:
            return JSONResponse({"data": store.served_document_v2(r)})
        except NotServableV2 as e:
            return error("NotFound", str(e))


def _invalid(ev: Any) -> str | None:
    """Why ``ev`` is not a v2 CloudEvent this endpoint handles (None when it is)."""
    why = envelope_invalid(ev, (CREATED, FULFILLED, REJECTED, PUBLISHED), "v2")
    if why is not None:
        return why
    d = ev["data"]
    if ev["type"] == PUBLISHED:
        ids = d.get("pfIds")
        if not (isinstance(ids, list) and ids):
            return "data.pfIds: a non-empty list of footprint ids is required"
        for i in ids:
            try:
                uuid.UUID(str(i))
            except ValueError:
                return f"data.pfIds: '{i}' is not a footprint id (a UUID)"
    if ev["type"] == CREATED and not isinstance(d.get("pf"), dict) and not (set(d) - {"comment"}):
        return "data.pf: a ProductFootprintFragment object is required"
    if ev["type"] in (FULFILLED, REJECTED) and not isinstance(d.get("requestEventId"), str):
        return "data.requestEventId: a string is required"
    return None


def criteria_of(data: dict[str, Any]) -> dict[str, Any]:
    """v3 filter criteria of a v2 request's data: its ProductFootprintFragment ``pf``, or else
    v3 criteria given directly (``productId`` ..., as the conformance document's case 14.A
    sends them); BadCriteria for anything else."""
    if "pf" not in data:
        try:
            return filters.parse([(k, v) for k, v in data.items() if k != "comment"])
        except KeyError as e:
            raise filters.BadCriteria(f"data.{e.args[0]}: not a request criterion") from None
    fragment = data["pf"]
    out: dict[str, Any] = {}
    for k, v in fragment.items():
        if k not in FRAGMENT:
            raise filters.BadCriteria(f"data.pf.{k}: not supported as a request criterion "
                                      f"(use {', '.join(FRAGMENT)})")
        if not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            raise filters.BadCriteria(f"data.pf.{k}: a list of URNs is required")
        out[FRAGMENT[k]] = list(v)
    return out


def answer(db: Any, customer_id: int, request_id: str, criteria: dict[str, Any],
           own_url: str) -> dict[str, Any]:
    """The v2 response event: Fulfilled with the matching footprints (v2.3 shape) released to
    the customer, or Rejected when there is none."""
    from alcarbon.store.pact_models import PactCustomer

    with db.read() as s:
        pairs = _servable(store.visible(s, s.get(PactCustomer, customer_id)))
    pfs = [v2 for v3, v2 in pairs if filters.matches(v3, criteria)]
    base = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": own_url, "time": _now()}
    if pfs:
        return {**base, "type": FULFILLED, "data": {"requestEventId": request_id, "pfs": pfs}}
    return {**base, "type": REJECTED, "data": {"requestEventId": request_id, "error": {
        "code": "NotFound", "message": "The requested footprint could not be found."}}}


@router.post("/2/events")
async def events(request: Request, tasks: BackgroundTasks):
    got = await customer_event(request)
    if isinstance(got, Response):
        return got
    return handle(got[1], got[0], request, tasks)


def handle(ev: Any, c: Any, request: Request, tasks: BackgroundTasks) -> Response:
    """Answer a v2 event ``ev`` of customer ``c`` (also when it arrives at /3/events)."""
    why = _invalid(ev)
    if why:
        return error("BadRequest", why)
    if ev["type"] == CREATED:
        try:
            criteria = criteria_of(ev["data"])
        except filters.BadCriteria as e:
            return error("BadRequest", str(e))
        refused = schedule_answer(answer, c, ev["id"], criteria, request, tasks)
        if refused is not None:
            return refused
    else:
        log.info("PACT v2 %s %s from %s (customer %s) accepted", ev["type"], ev["id"],
                 ev["source"], c.client_id)
    return Response(status_code=200)
