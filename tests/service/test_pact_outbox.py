"""PublishedEvent on release through the persisted outbox: retries with back-off survive a
restart of `alcarbon serve` and are retried at once when it starts again; the retry schedule;
the v2.3 mapping of DQRs and CPC codes (alcarbon.exchange.pact_v2)."""

from __future__ import annotations

import ssl
import time
from datetime import date, timedelta

import httpx
import pytest

from alcarbon.exchange.pact_v2 import NotServableV2, dqi, to_v2
from alcarbon.store import accounts, connect, pact_outbox, studies
from alcarbon.store.models import utcnow
from alcarbon.store.pact_models import PactOutbox

from .pact_live import Receiver, Server, free_port, make_cert, validate
from .test_pact_conformance import YEAR, _study

PUBLISHED = "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"


def test_retry_schedule():
    # 2 s x 4^(n-1): 2, 8, 32 s after the 1st, 2nd, 3rd failure
    assert [pact_outbox.delay_after(n) for n in (1, 2, 3)] == [2, 8, 32]
    # the waits between 10 attempts: 2 x (1 + 4 + ... + 4^8) = 2 x (4^9 - 1) / 3 = 174,762 s,
    # about 2.02 days: inside the 3 days PACT lets a host retry
    assert sum(pact_outbox.delay_after(n) for n in range(1, pact_outbox.MAX_ATTEMPTS)) == 174_762


def test_record_books_attempts_and_gives_up(tmp_path):
    db = connect(f"sqlite:///{tmp_path / 's.sqlite3'}")
    pw = accounts.hash_password("pact-pass-1")
    with db.write() as s:
        org = accounts.create_org(s, "o")
        u = accounts.create_user(s, org.id, "u", pw, "admin")
        from alcarbon.store import pact

        c, _ = pact.create_customer(s, org.id, "c", u.id)
        oid = pact_outbox.enqueue(s, c.id, {"type": PUBLISHED}).id
    with db.write() as s:
        before = utcnow()
        pact_outbox.record(s, oid, "HTTP 503")
        after = utcnow()
        row = s.get(PactOutbox, oid)
        nxt = row.next_at if row.next_at.tzinfo else row.next_at.replace(tzinfo=before.tzinfo)
        # first failure: next attempt 2 s after the failure was booked, which happened between
        # `before` and `after` (a window against `before` alone failed in CI when the booking
        # itself took 1.4 s on a loaded machine)
        assert row.attempts == 1 and row.last_error == "HTTP 503"
        assert before + timedelta(seconds=2) <= nxt <= after + timedelta(seconds=2)
    with db.write() as s:
        for _ in range(pact_outbox.MAX_ATTEMPTS - 1):
            pact_outbox.record(s, oid, "HTTP 503")
        assert s.get(PactOutbox, oid).failed_at is not None
        assert pact_outbox.due(s, utcnow() + timedelta(days=9)) == []
    db.dispose()


def _v3(ipcc: str = "AR6") -> dict:
    return {"id": "7f3c0e9e-2a43-4c55-9a65-3b8f4c1f8a11", "pcf": {
        "ipccCharacterizationFactors": [ipcc], "exemptedEmissionsPercent": "1.5",
        "crossSectoralStandards": ["ISO14067"]}}


def test_v2_dqi_maps_table2_levels_and_never_rates_unrated_best():
    q = {"rated_share": 0.4, "criteria": {"technology": 1.0, "time": 2.5, "geography": 1.2,
                                          "completeness": 3.0, "reliability": 2.0}}
    # Table 2 good 1 / fair 2 / poor 3 is the v2.3 scale 1..3: the means carry over unchanged;
    # 40 % of the CFP rests on data rated on all five criteria -> coveragePercent 40
    assert dqi(q) == {"coveragePercent": 40.0, "technologicalDQR": 1.0, "temporalDQR": 2.5,
                      "geographicalDQR": 1.2, "completenessDQR": 3.0, "reliabilityDQR": 2.0}
    # dq_unrated exclude with no rated datum for a criterion: dqi left out, not a made-up 1
    assert dqi({**q, "criteria": {**q["criteria"], "reliability": None}}) is None


def test_v2_refuses_without_a_cpc_code_or_with_a_gwp_set_outside_v2():
    with pytest.raises(NotServableV2, match="productCategoryCpc"):
        to_v2(_v3(), {"cpc": None, "product": "alumina", "dqi": None})
    with pytest.raises(NotServableV2, match="AR5 or AR6"):
        to_v2(_v3("AR4"), {"cpc": "41431", "product": "liquid_aluminium", "dqi": None})


def _outbox(url: str) -> list[PactOutbox]:
    db = connect(url)
    try:
        with db.read() as s:
            rows = pact_outbox.pending(s)
            for r in rows:
                s.expunge(r)
        return rows
    finally:
        db.dispose()


def test_published_event_survives_a_restart(tmp_path):
    cert, key = make_cert(tmp_path)
    url = f"sqlite:///{tmp_path / 'host.sqlite3'}"
    db = connect(url)
    with db.write() as s:
        org = accounts.create_org(s, "Smelter Co")
        admin = accounts.create_user(s, org.id, "boss", accounts.hash_password("pact-pass-1"),
                                     "admin")
        token = accounts.create_token(s, admin.id, "t")[1]
        site = studies.create_site(s, org.id, "plant", "Yunnan")
        sid = studies.create_study(s, site, "s", "liquid_aluminium", date(YEAR, 1, 1),
                                   date(YEAR, 12, 31), admin, _study(1_000_000)).id
    db.dispose()
    port = free_port()  # the customer's host: down at first
    ctx = ssl.create_default_context(cafile=str(cert))
    srv = Server(url, cert, key, tmp_path / "serve1.log")
    try:
        with httpx.Client(base_url=srv.base, verify=ctx, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as h:
            c = h.post("/api/pact/customers", json={"name": "Car maker"}).json()
            assert h.put(f"/api/pact/customers/{c['id']}/callback", json={
                "events_url": f"https://127.0.0.1:{port}/3/events",
                "client_id": Receiver.CLIENT, "client_secret": Receiver.SECRET},
            ).status_code == 200
            r = h.post("/api/pact/releases", json={"study_id": sid, "customer_ids": [c["id"]]})
            assert r.status_code == 201, r.text
            pf_id = r.json()["pf_id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (_outbox(url) and _outbox(url)[0].attempts):
            time.sleep(0.3)
    finally:
        srv.stop()
    [row] = _outbox(url)
    assert row.attempts >= 1 and row.delivered_at is None and row.last_error
    tried = row.attempts
    receiver = Receiver(cert, key, port)  # the customer's host is back
    srv = Server(url, cert, key, tmp_path / "serve2.log")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not receiver.events:
            time.sleep(0.2)
        [(auth, ev)] = receiver.events
        validate("PublishedEvent", ev)
        assert (ev["type"], ev["data"]["pfIds"], auth) == (PUBLISHED, [pf_id],
                                                           "Bearer receiver-token")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _outbox(url)[0].delivered_at is None:
            time.sleep(0.2)
        [row] = _outbox(url)
        # delivered by the attempt made at start, right after the failed ones
        assert row.delivered_at is not None and row.attempts == tried + 1
    finally:
        srv.stop()
        receiver.stop()
