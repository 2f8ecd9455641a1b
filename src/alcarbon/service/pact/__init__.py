"""PACT Data Exchange host (WBCSD Technical Specifications v3.0): customers pull the footprints
the plant released to them. Routes: /auth/token, /.well-known/openid-configuration,
/3/footprints, /3/footprints/{id}, /3/events; management under /api/pact and the /pact page."""

from __future__ import annotations

from fastapi import APIRouter

from alcarbon.service.pact import admin, auth, events, footprints, web


def routers() -> list[APIRouter]:
    """Every router of the PACT host, for the application to include."""
    return [auth.router, footprints.router, events.router, admin.router, web.router]
