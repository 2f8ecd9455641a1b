"""CSRF protection for cookie-authenticated requests.

A browser sends the session cookie with every request, also one forged by another site. Every
state-changing request authenticated by the cookie must therefore carry the session's CSRF token, in
the ``X-CSRF-Token`` header (JavaScript) or the ``csrf_token`` form field (HTML forms). Requests
authenticated by an ``Authorization: Bearer`` API token carry no ambient credential and need none.
The login form uses a double-submit token (cookie ``alcarbon_precsrf`` equal to the form field).
"""

from __future__ import annotations

import hmac

from fastapi import Request

from alcarbon.service.deps import Located

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "x-csrf-token"
FIELD = "csrf_token"
PRE_COOKIE = "alcarbon_precsrf"


async def submitted_token(request: Request) -> str:
    """The CSRF token sent with a request (header first, then the form field)."""
    token = request.headers.get(HEADER, "")
    if token:
        return token
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        try:
            form = await request.form()
        except Exception:  # malformed body: treat as no token
            return ""
        value = form.get(FIELD)
        return value if isinstance(value, str) else ""
    return ""


def tokens_match(expected: str, given: str) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode(),
                                                                  given.encode())


async def require_csrf(request: Request, expected: str) -> None:
    if request.method in SAFE_METHODS:
        return
    if not tokens_match(expected, await submitted_token(request)):
        raise Located(403, "csrf_token: CSRF token missing or wrong: reload the page",
                      ["csrf_token"])
