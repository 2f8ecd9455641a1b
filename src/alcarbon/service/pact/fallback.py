"""Errors in the PACT shape (``{"code", "message"}``) for requests under /2/ and /3/ that no
action answers: an unknown path is 404 NotFound; a known path with a method it does not take
is 400 BadRequest (the spec's error codes have no 405; the v2 conformance case 21 expects 400
for a POST to /2/footprints). Included after every PACT router, so it only sees the rest."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request

from alcarbon.service.pact.errors import error

router = APIRouter(include_in_schema=False)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
#: path pattern -> the method its action takes
ACTIONS = {r"footprints": "GET", r"footprints/[^/]+": "GET", r"events": "POST"}


def _answer(version: str, rest: str, request: Request):
    for pattern, method in ACTIONS.items():
        if re.fullmatch(pattern, rest):
            return error("BadRequest", f"{request.method} is not supported on "
                         f"/{version}/{rest}; use {method}")
    return error("NotFound", f"/{version}/{rest}: no such PACT action (the actions are "
                 f"/{version}/footprints, /{version}/footprints/{{id}}, /{version}/events)")


@router.api_route("/2/{rest:path}", methods=METHODS)
async def v2(rest: str, request: Request):
    return _answer("2", rest, request)


@router.api_route("/3/{rest:path}", methods=METHODS)
async def v3(rest: str, request: Request):
    return _answer("3", rest, request)
