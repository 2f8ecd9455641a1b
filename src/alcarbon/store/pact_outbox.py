"""Outbox of the PACT host: events for customers' Action Events endpoints (a PublishedEvent per
release), kept in the store until delivered so that retries survive a restart.

Retry schedule: after the n-th failed attempt the next comes 2 s x 4^(n-1) later (2 s, 8 s,
32 s, ... 131,072 s); after MAX_ATTEMPTS attempts the event is marked failed. The ten attempts
span 2 x (4^9 - 1) / 3 = 174,762 s, about 2.0 days: inside the 3 days over which the PACT
v3.0 rest-api lets a host keep retrying an event.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from alcarbon.store.models import utcnow
from alcarbon.store.pact_models import PactCustomer, PactOutbox

MAX_ATTEMPTS = 10
FIRST_DELAY_S = 2.0
FACTOR = 4
#: How long a sender holds an event it took (its next attempt moved this far ahead): longer
#: than one delivery's HTTP timeouts, so of several server processes (``alcarbon serve``
#: runs one per CPU) only the one that took it sends it; if that process dies mid-send, the
#: event is due again after this, or at the next start. Project choice: 120 s.
CLAIM_S = 120.0


def delay_after(attempts: int) -> float:
    """Seconds between failed attempt number ``attempts`` (1-based) and the next."""
    return FIRST_DELAY_S * FACTOR ** (attempts - 1)


def enqueue(s: Session, customer_id: int, event: dict[str, Any]) -> PactOutbox:
    """Queue ``event`` for the customer, due now."""
    row = PactOutbox(customer_id=customer_id, event=json.dumps(event), attempts=0,
                     next_at=utcnow(), last_error="")
    s.add(row)
    s.flush()
    return row


def due(s: Session, now: datetime | None = None) -> list[int]:
    """Ids of undelivered, not failed events whose next attempt is due."""
    now = now or utcnow()
    return list(s.scalars(select(PactOutbox.id).where(
        PactOutbox.delivered_at.is_(None), PactOutbox.failed_at.is_(None),
        PactOutbox.next_at <= now).order_by(PactOutbox.id)))


def all_due_now(s: Session) -> int:
    """On server start: every pending event is due at once (a restart is a retry point)."""
    res = s.execute(update(PactOutbox).where(PactOutbox.delivered_at.is_(None),
                                             PactOutbox.failed_at.is_(None))
                    .values(next_at=utcnow()))
    return res.rowcount or 0


def target(s: Session, outbox_id: int) -> tuple[dict[str, Any], str, str, str] | None:
    """Take a due event for sending: (event, url, client id, secret); None when another
    process took it first or it is no longer due, or when its customer has no endpoint any more
    or was revoked (then the event is marked failed)."""
    now = utcnow()
    took = s.execute(update(PactOutbox).where(
        PactOutbox.id == outbox_id, PactOutbox.delivered_at.is_(None),
        PactOutbox.failed_at.is_(None), PactOutbox.next_at <= now)
        .values(next_at=now + timedelta(seconds=CLAIM_S))
        .execution_options(synchronize_session=False))
    if took.rowcount != 1:
        return None
    row = s.get(PactOutbox, outbox_id)
    c = s.get(PactCustomer, row.customer_id)
    if not c.events_url or c.revoked_at is not None:
        row.failed_at, row.last_error = utcnow(), "customer has no endpoint or was revoked"
        return None
    return json.loads(row.event), c.events_url, c.callback_client_id, c.callback_secret


def record(s: Session, outbox_id: int, error: str | None) -> None:
    """Book one attempt: delivered (``error`` None) or the next attempt scheduled."""
    row = s.get(PactOutbox, outbox_id)
    row.attempts += 1
    now = utcnow()
    if error is None:
        row.delivered_at, row.last_error = now, ""
        return
    row.last_error = error[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.failed_at = now
    else:
        row.next_at = now + timedelta(seconds=delay_after(row.attempts))


def pending(s: Session) -> list[PactOutbox]:
    return list(s.scalars(select(PactOutbox).order_by(PactOutbox.id)))
