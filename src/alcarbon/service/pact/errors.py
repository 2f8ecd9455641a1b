"""Error responses of the PACT API (Technical Specifications v3.0, "Error responses"): a JSON
object ``{"code", "message"}`` with the HTTP status of the code's row in the error table."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

#: Error code -> HTTP status: the codes of the v3.0 OpenAPI ``Error`` schema (its enum names
#: NotFound where the rest-api text's table says NoSuchFootprint, and NotImplemented is 501).
STATUS = {"AccessDenied": 403, "BadRequest": 400, "NotFound": 404, "NotImplemented": 501,
          "TokenExpired": 401, "InternalError": 500}


def error(code: str, message: str, status: int | None = None) -> JSONResponse:
    """The spec's error response for ``code`` (status from the table unless given)."""
    headers = {"WWW-Authenticate": "Bearer"} if (status or STATUS[code]) == 401 else None
    return JSONResponse({"code": code, "message": message}, status_code=status or STATUS[code],
                        headers=headers)


def insecure(request: Request) -> bool:
    """True for a request that did not arrive over HTTPS (directly, or through a proxy on
    loopback that sets X-Forwarded-Proto, which uvicorn honours): PACT traffic is refused."""
    return request.url.scheme != "https"


def https_required() -> JSONResponse:
    return error("BadRequest", "HTTPS is required for the PACT API: this request came over "
                 "plain HTTP and is refused")
