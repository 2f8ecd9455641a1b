"""Action Events (PACT v3.0): CloudEvents in structured JSON mode. A RequestCreatedEvent is
answered asynchronously with a RequestFulfilledEvent (the matching footprints released to the
requesting customer) or a RequestRejectedEvent (none), POSTed to the customer's registered
Action Events endpoint; PublishedEvent, RequestFulfilledEvent and RequestRejectedEvent are
accepted and logged (this host is a data owner; it does not yet act on them)."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response

from alcarbon.service.pact import filters
from alcarbon.service.pact.common import customer_event, envelope_invalid
from alcarbon.service.pact.errors import error
from alcarbon.store import pact as store

router = APIRouter(include_in_schema=False)
log = logging.getLogger("alcarbon.pact")
NS = "org.wbcsd.pact.ProductFootprint."
CREATED, FULFILLED, REJECTED, PUBLISHED = (NS + n + ".3" for n in (
    "RequestCreatedEvent", "RequestFulfilledEvent", "RequestRejectedEvent", "PublishedEvent"))
RETRIES = (0.0, 2.0, 8.0)  # seconds before each attempt: exponential back-off, three tries


def _invalid(ev: Any) -> str | None:
    """Why ``ev`` is not a CloudEvent of a type this endpoint handles (None when it is)."""
    why = envelope_invalid(ev, (CREATED, FULFILLED, REJECTED, PUBLISHED), "v3")
    if why is not None:
        return why
    d = ev["data"]
    if ev["type"] == PUBLISHED and not (isinstance(d.get("pfIds"), list) and d["pfIds"]):
        return "data.pfIds: a non-empty list of footprint ids is required"
    if ev["type"] in (FULFILLED, REJECTED) and not isinstance(d.get("requestEventId"), str):
        return "data.requestEventId: a string is required"
    return None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def answer(db: Any, customer_id: int, request_id: str, criteria: dict[str, Any],
           own_url: str) -> dict[str, Any]:
    """The response event to a footprint request: fulfilled with the matching footprints
    released to the customer, or rejected when there is none."""
    from alcarbon.store.pact_models import PactCustomer

    with db.read() as s:
        c = s.get(PactCustomer, customer_id)
        docs = [store.served_document(r) for r in store.visible(s, c)]
    pfs = [d for d in docs if filters.matches(d, criteria)]
    base = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": own_url, "time": _now()}
    if pfs:
        return {**base, "type": FULFILLED, "data": {"requestEventId": request_id, "pfs": pfs}}
    return {**base, "type": REJECTED, "data": {"requestEventId": request_id, "error": {
        "code": "NotFound", "message": "The requested footprint could not be found."}}}


def post_event(url: str, cid: str, secret: str, event: dict[str, Any]) -> str | None:
    """One attempt to POST ``event`` to a customer's Action Events endpoint ``url``,
    authenticating with the client credentials its host issued to us (token from its
    /auth/token); None when accepted, else why not."""
    import httpx

    origin = httpx.URL(url).copy_with(path="/", query=None)
    try:
        with httpx.Client(timeout=20) as h:
            headers = {"Content-Type": "application/cloudevents+json; charset=UTF-8"}
            if cid:
                t = h.post(str(origin.join("/auth/token")), auth=(cid, secret),
                           data={"grant_type": "client_credentials"})
                t.raise_for_status()
                headers["Authorization"] = f"Bearer {t.json()['access_token']}"
            r = h.post(url, content=json.dumps(event), headers=headers)
    except (httpx.HTTPError, KeyError, ValueError) as e:
        return f"{type(e).__name__}: {e}"
    if 200 <= r.status_code < 300:
        log.info("PACT %s %s delivered to %s", event["type"], event["id"], url)
        return None
    return f"HTTP {r.status_code}"


def deliver(db: Any, customer_id: int, event: dict[str, Any]) -> bool:
    """POST ``event`` to the customer's Action Events endpoint, up to three attempts with
    back-off (RETRIES); True when accepted."""
    from alcarbon.store.pact_models import PactCustomer

    with db.read() as s:
        c = s.get(PactCustomer, customer_id)
        url, cid, secret = c.events_url, c.callback_client_id, c.callback_secret
    for pause in RETRIES:
        time.sleep(pause)
        why = post_event(url, cid, secret, event)
        if why is None:
            return True
        log.warning("PACT event delivery to %s failed: %s", url, why)
    return False


def _fulfil(answer_fn: Any, db: Any, customer_id: int, request_id: str,
            criteria: dict[str, Any], own_url: str) -> None:
    deliver(db, customer_id, answer_fn(db, customer_id, request_id, criteria, own_url))


def schedule_answer(answer_fn: Any, c: Any, request_id: str, criteria: dict[str, Any],
                    request: Request, tasks: BackgroundTasks) -> Response | None:
    """Queue the asynchronous answer (``answer_fn``: the v3 or v2 event builder) to a request
    event; a BadRequest when the customer has no events URL to send it to."""
    if not c.events_url:
        return error("BadRequest", "no Action Events endpoint is registered for your "
                     "organisation, so an answer cannot be sent; ask the data owner to "
                     "register it")
    tasks.add_task(_fulfil, answer_fn, request.app.state.db, c.id, request_id, criteria,
                   str(request.url))
    return None


@router.post("/3/events")
async def events(request: Request, tasks: BackgroundTasks):
    got = await customer_event(request)
    if isinstance(got, Response):
        return got
    c, ev = got
    if isinstance(ev, dict) and str(ev.get("type", "")).startswith("org.wbcsd.pathfinder."):
        from alcarbon.service.pact.v2 import handle  # a v2 event (conformance v2 case 14.A)

        return handle(ev, c, request, tasks)
    why = _invalid(ev)
    if why:
        return error("BadRequest", why)
    if ev["type"] == CREATED:
        data = {k: v for k, v in ev["data"].items() if k != "comment"}
        try:
            criteria = filters.parse(list(data.items()))
        except KeyError as e:
            return error("BadRequest", f"data.{e.args[0]}: not a PACT request criterion")
        except filters.BadCriteria as e:
            return error("BadRequest", f"data.{e}")
        refused = schedule_answer(answer, c, ev["id"], criteria, request, tasks)
        if refused is not None:
            return refused
    else:
        log.info("PACT %s %s from %s (customer %s) accepted", ev["type"], ev["id"],
                 ev["source"], c.client_id)
    return Response(status_code=200)
