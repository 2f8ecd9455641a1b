"""PACT Data Exchange host (WBCSD Technical Specifications v3.0): customers pull the footprints
the plant released to them. Routes: /auth/token, /.well-known/openid-configuration,
/3/footprints, /3/footprints/{id}, /3/events, the v2.3 routes under /2/, errors in the spec's
shape for anything else under /2/ and /3/; management under /api/pact and the /pact page; the
outbox sender of PublishedEvents (:func:`install`)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from alcarbon.service.pact import admin, auth, events, fallback, footprints, outbox, v2, web


def routers() -> list[APIRouter]:
    """Every router of the PACT host, for the application to include."""
    # fallback last: it answers only what no PACT action matched
    return [auth.router, footprints.router, events.router, v2.router, admin.router, web.router,
            fallback.router]


def install(app: FastAPI) -> None:
    """Start the PACT outbox sender with the application (pending events retried at start)."""
    outbox.install(app)
