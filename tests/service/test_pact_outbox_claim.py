"""Several server processes share one outbox: an event is taken by one sender only."""

from __future__ import annotations

from datetime import timedelta

from alcarbon.store import accounts, connect, pact, pact_outbox
from alcarbon.store.models import utcnow
from alcarbon.store.pact_models import PactOutbox


def test_a_due_event_is_taken_by_one_sender_until_its_claim_runs_out(tmp_path):
    db = connect(f"sqlite:///{tmp_path / 'o.sqlite3'}")
    try:
        with db.write() as s:
            org = accounts.create_org(s, "Smelter Co")
            boss = accounts.create_user(s, org.id, "boss", accounts.hash_password("pw-123456"),
                                          "admin")
            c, _ = pact.create_customer(s, org.id, "Buyer", boss.id)
            c.events_url = "https://buyer.example/3/events"
            oid = pact_outbox.enqueue(s, c.id, {"type": "t", "data": {}}).id
        with db.write() as s:
            first = pact_outbox.target(s, oid)
        with db.write() as s:
            second = pact_outbox.target(s, oid)  # another process, same moment
        assert first is not None and first[1] == "https://buyer.example/3/events"
        assert second is None
        with db.read() as s:
            assert pact_outbox.due(s) == []
            # due again once the claim (CLAIM_S) has run out: a sender that died mid-send
            later = utcnow() + timedelta(seconds=pact_outbox.CLAIM_S + 1)
            assert pact_outbox.due(s, later) == [oid]
        with db.write() as s:
            pact_outbox.record(s, oid, "HTTP 503")  # the taker's failed attempt
        with db.read() as s:
            row = s.get(PactOutbox, oid)
            assert row.attempts == 1 and row.delivered_at is None
            # next attempt after the back-off of attempt 1 (2 s), not after the claim
            assert (row.next_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None)
                    ) < timedelta(seconds=pact_outbox.FIRST_DELAY_S + 1)
    finally:
        db.dispose()
