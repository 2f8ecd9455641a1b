"""ASGI entry point for process managers: ``uvicorn alcarbon.service.asgi:app`` (store from
``$ALCARBON_DB``). ``alcarbon serve`` with several processes starts each worker from here.

A worker whose parent (uvicorn's supervisor) dies, even by SIGKILL, stops itself within a
second: without this, orphaned workers would go on serving the port unseen.
"""

from __future__ import annotations

import os

from alcarbon.service.app import create_app
from alcarbon.service.procs import settle_heap, watch_parent
from alcarbon.store import connect

app = create_app(connect())
settle_heap()
if os.name == "posix" and os.environ.get("ALCARBON_SERVER_PROCESSES", "1") not in ("", "1"):
    watch_parent(os.getppid())
