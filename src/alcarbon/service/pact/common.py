"""What the v2.3 and v3.0 actions share: limit/offset pages with absolute ``Link`` headers, the
lookup of one footprint the token's customer may see, and reading an event body."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse

from alcarbon.service.pact.auth import customer_of
from alcarbon.service.pact.errors import error
from alcarbon.store import pact as store

DEFAULT_LIMIT = 100  # page size when the recipient gives none (the spec lets the host choose)


def page_link(request: Request, offset: int, limit: int) -> str:
    """The request's own absolute URL with ``offset`` and ``limit`` replaced."""
    q = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit")]
    return str(request.url.replace(query=urlencode(q + [("offset", str(offset)),
                                                        ("limit", str(limit))])))


def page(request: Request, items: list[Any], offset: int, limit: int) -> JSONResponse:
    """``{"data": items[offset:offset + limit]}`` with first/next/last/prev links as needed."""
    links = []
    if offset + limit < len(items):
        last = ((len(items) - 1) // limit) * limit
        links = [f'<{page_link(request, 0, limit)}>; rel="first"',
                 f'<{page_link(request, offset + limit, limit)}>; rel="next"',
                 f'<{page_link(request, last, limit)}>; rel="last"']
    if offset > 0:
        links.append(f'<{page_link(request, max(0, offset - limit), limit)}>; rel="prev"')
    return JSONResponse({"data": items[offset:offset + limit]},
                        headers={"Link": ", ".join(links)} if links else None)


def granted_release(s: Any, customer: Any, pf_id: str) -> Any:
    """The release ``pf_id`` if the customer may see it, else the spec's error response
    (404 when it is not this host's organisation's, 403 when not released to the customer)."""
    r = store.find_release(s, pf_id)
    if r is None or r.org_id != customer.org_id:
        return error("NotFound", f"Footprint with ID '{pf_id}' does not exist")
    if not store.granted(s, r, customer):
        return error("AccessDenied", "Access denied: this footprint is not released to you")
    return r


async def event_body(request: Request) -> Any:
    """The parsed JSON body of an event, or a 400 response when it is not JSON."""
    try:
        return json.loads(await request.body())
    except ValueError:
        return error("BadRequest", "the body is not JSON")


async def customer_event(request: Request) -> tuple[Any, Any] | JSONResponse:
    """(customer, event body) of an events POST, or the error answer (unauthenticated, bad
    JSON) to return as it is."""
    c = customer_of(request)
    if isinstance(c, JSONResponse):
        return c
    ev = await event_body(request)
    if isinstance(ev, JSONResponse):
        return ev
    return c, ev


def envelope_invalid(ev: Any, types: tuple[str, ...], version: str) -> str | None:
    """Why ``ev`` is not a CloudEvent (structured mode, specversion 1.0) of one of ``types`` with
    an object as data, named for PACT ``version`` (None when it is)."""
    if not isinstance(ev, dict):
        return "the body must be a JSON object (a CloudEvent in structured mode)"
    for k in ("specversion", "id", "source", "type"):
        if not isinstance(ev.get(k), str) or not ev[k].strip():
            return f"{k}: a non-empty string is required"
    if ev["specversion"] != "1.0":
        return "specversion must be '1.0'"
    if ev["type"] not in types:
        return f"type '{ev['type']}' is not a PACT {version} event type"
    if not isinstance(ev.get("data"), dict):
        return "data: an object is required"
    return None
