"""ASGI entry point for process managers: ``uvicorn alcarbon.service.asgi:app`` (store from
``$ALCARBON_DB``)."""

from __future__ import annotations

from alcarbon.service.app import create_app
from alcarbon.store import connect

app = create_app(connect())
