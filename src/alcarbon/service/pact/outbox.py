"""Delivery of the outbox (alcarbon.store.pact_outbox): a PublishedEvent (PACT v3.0 event shape)
to every customer with a registered Action Events endpoint when a footprint is released to it,
sent by a background thread, retried with the persisted back-off, and retried at once when the
server starts again."""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from alcarbon.store import pact_outbox as box

log = logging.getLogger("alcarbon.pact")
POLL_S = 1.0  # how often the worker looks for due retries (a release wakes it at once)


def published(s: Any, r: Any, source: str) -> int:
    """Queue a PublishedEvent for release ``r`` to each granted customer with an endpoint;
    the number queued. ``source``: this host's /3/events URL."""
    from sqlalchemy import select

    from alcarbon.service.pact.events import PUBLISHED, _now
    from alcarbon.store.pact_models import PactCustomer, PactGrant

    q = select(PactCustomer).join(PactGrant, PactGrant.customer_id == PactCustomer.id)
    n = 0
    for c in s.scalars(q.where(PactGrant.release_id == r.id)):
        if c.events_url and c.revoked_at is None:
            box.enqueue(s, c.id, {"type": PUBLISHED, "specversion": "1.0",
                                  "id": str(uuid.uuid4()), "source": source, "time": _now(),
                                  "data": {"pfIds": [r.pf_id]}})
            n += 1
    return n


def run_once(db: Any) -> int:
    """One attempt for every due event; the number delivered."""
    from alcarbon.service.pact.events import post_event

    with db.read() as s:
        ids = box.due(s)
    sent = 0
    for oid in ids:
        with db.write() as s:
            t = box.target(s, oid)
        if t is None:
            continue
        why = post_event(t[1], t[2], t[3], t[0])
        if why is not None:
            log.warning("PACT %s to %s failed: %s", t[0]["type"], t[1], why)
        with db.write() as s:
            box.record(s, oid, why)
        sent += why is None
    return sent


def retry_pending(db: Any) -> None:
    """Every pending event due now (at a server start)."""
    try:
        with db.write() as s:
            n = box.all_due_now(s)
        if n:
            log.info("PACT outbox: %d pending event(s) retried at start", n)
    except Exception:  # noqa: BLE001 - a store down at start must not stop the server;
        log.exception("PACT outbox at start")  # the loop retries the due events later


class Worker:
    """The background sender: started with the application, woken by each release."""

    def __init__(self, db: Any):
        self.db, self.wake, self.stop_flag = db, threading.Event(), threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, retry_all: bool = True) -> None:
        """Start sending; ``retry_all``: make every pending event due now (a restart is a retry
        point). Off in the worker processes of ``alcarbon serve --workers N``: serve does it
        once before they start, as one worker's reset would release an event another has
        just taken for sending (pact_outbox.CLAIM_S) and it would be sent twice."""
        if retry_all:
            retry_pending(self.db)
        self.thread = threading.Thread(target=self._loop, name="pact-outbox", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop_flag.is_set():
            try:
                run_once(self.db)
            except Exception:  # noqa: BLE001 - a store hiccup must not end the sender
                log.exception("PACT outbox delivery")
            self.wake.wait(POLL_S)
            self.wake.clear()

    def stop(self) -> None:
        self.stop_flag.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout=30)


def install(app: Any) -> None:
    """Start the outbox worker with the application and stop it at shutdown."""
    def _start() -> None:
        app.state.pact_outbox = Worker(app.state.db)
        app.state.pact_outbox.start(retry_all=app.state.settings.server_processes <= 1)

    def _stop() -> None:
        w = getattr(app.state, "pact_outbox", None)
        if w is not None:
            w.stop()

    app.router.on_startup.append(_start)
    app.router.on_shutdown.append(_stop)


def kick(app: Any) -> None:
    """Wake the worker (after a release queued events)."""
    w = getattr(app.state, "pact_outbox", None)
    if w is not None:
        w.wake.set()
