"""OAuth 2 client credentials (RFC 6749 4.4) for PACT customers: POST /auth/token with HTTP
Basic authentication and a form body, the OpenID provider discovery document, and the bearer
check of the API actions."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from alcarbon.service.pact.errors import error, https_required, insecure
from alcarbon.store import pact as store
from alcarbon.store.pact_models import PactCustomer

router = APIRouter(include_in_schema=False)


def _oauth_error(code: str, description: str, status: int = 400) -> JSONResponse:
    # RFC 6749 5.2: 401 with WWW-Authenticate when the client authenticated with a header
    headers = {"WWW-Authenticate": 'Basic realm="pact"'} if status == 401 else None
    return JSONResponse({"error": code, "error_description": description}, status_code=status,
                        headers={**(headers or {}), "Cache-Control": "no-store"})


def _basic(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        raw = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, pw = raw.partition(":")
    # RFC 6749 2.3.1: client id and secret are form-urlencoded before Basic encoding
    return (unquote(user), unquote(pw)) if sep else None


@router.post("/auth/token")
async def token(request: Request) -> JSONResponse:
    """Action Authenticate: an access token for valid client credentials."""
    if insecure(request):
        return _oauth_error("invalid_request", "HTTPS is required; no token over plain HTTP")
    form = await request.form()
    if form.get("grant_type") != "client_credentials":
        return _oauth_error("unsupported_grant_type",
                            "grant_type must be client_credentials")
    header = request.headers.get("authorization", "")
    creds = _basic(header) if header else None
    if creds is None and not header and form.get("client_id"):
        creds = (str(form.get("client_id")), str(form.get("client_secret") or ""))
    if creds is None:
        return _oauth_error("invalid_client", "Client authentication failed: send the client "
                            "id and secret with HTTP Basic authentication", 401)
    db = request.app.state.db
    with db.write() as s:
        c = store.customer_for_credentials(s, *creds)
        if c is None:
            return _oauth_error("invalid_client", "Client authentication failed", 401)
        clear = store.issue_token(s, c)
    return JSONResponse({"access_token": clear, "token_type": "Bearer",
                         "expires_in": store.TOKEN_LIFETIME_S},
                        headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


@router.get("/.well-known/openid-configuration")
async def discovery(request: Request) -> JSONResponse:
    """OpenID provider configuration: where the token endpoint is (PACT authentication flow)."""
    if insecure(request):
        return https_required()
    base = str(request.base_url).rstrip("/")
    return JSONResponse({
        "issuer": base, "token_endpoint": f"{base}/auth/token",
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "response_types_supported": ["token"],
        "scopes_supported": ["footprint:list", "footprint:read"],
    })


def customer_of(request: Request) -> PactCustomer | JSONResponse:
    """The customer of the request's bearer token, or the error response to return."""
    if insecure(request):
        return https_required()
    scheme, _, tok = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not tok.strip():
        return error("BadRequest", "Authorization: a Bearer access token from /auth/token is "
                     "required", 401)
    with request.app.state.db.read() as s:
        c, expired = store.customer_for_token(s, tok.strip())
        if c is not None:
            s.expunge(c)
    if expired:
        return error("TokenExpired", "The specified access token has expired")
    if c is None:
        return error("BadRequest", "Invalid token provided", 401)
    return c
