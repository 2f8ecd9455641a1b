"""PACT release workflow in the store: versioning (precedingPfIds, Deprecated, version 2),
withdrawal audited and no longer served, customers see only their grants, hashed secrets,
token expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from alcarbon.errors import InputError
from alcarbon.store import accounts, pact
from alcarbon.store.models import Revision, StudyRecord, utcnow

DOC = {"specVersion": "3.0.0", "companyName": "Smelter Co", "productIds": ["urn:x:1"],
       "pcf": {"pcfExcludingBiogenicUptake": "5"}}


def _release(db, ids, customers, doc=DOC):
    with db.write() as s:
        st = s.get(StudyRecord, ids["study"])
        rev = s.query(Revision).filter_by(study_id=st.id).one()
        r = pact.release(s, st, rev, "liquid_aluminium", doc, "ab" * 32, ids["user"], customers)
        return r.pf_id


@pytest.fixture
def two_customers(db, org_study):
    with db.write() as s:
        a, secret_a = pact.create_customer(s, org_study["org"], "Car maker", org_study["user"])
        b, _ = pact.create_customer(s, org_study["org"], "Battery maker", org_study["user"])
        return {**org_study, "a": a.id, "b": b.id, "a_client": a.client_id, "a_secret": secret_a}


def test_newer_release_deprecates_the_earlier_one(db, two_customers):
    ids = two_customers
    first = _release(db, ids, [ids["a"]])
    second = _release(db, ids, [ids["a"]])
    with db.read() as s:
        docs = {r.pf_id: pact.served_document(r)
                for r in pact.visible(s, pact.get_customer(s, ids["org"], ids["a"]))}
    # two releases of the same study and product: the newer one names the older one as its
    # predecessor; the older one is now Deprecated, version 1 -> 2, with an updated time
    assert docs[second]["status"] == "Active" and docs[second]["version"] == 1
    assert docs[second]["precedingPfIds"] == [first]
    assert docs[first]["status"] == "Deprecated" and docs[first]["version"] == 2
    assert "updated" in docs[first] and "precedingPfIds" not in docs[first]


def test_customer_sees_only_its_grants_and_withdrawal_is_audited(db, two_customers):
    ids = two_customers
    for_a = _release(db, ids, [ids["a"]])
    for_b = _release(db, ids, [ids["b"]])
    with db.read() as s:
        a = pact.get_customer(s, ids["org"], ids["a"])
        assert [r.pf_id for r in pact.visible(s, a)] == [for_a]
    with db.write() as s:
        pact.withdraw(s, ids["org"], for_b, ids["user"], "wrong electricity factor")
    with db.read() as s:
        b = pact.get_customer(s, ids["org"], ids["b"])
        assert pact.visible(s, b) == [] and pact.find_release(s, for_b) is None
        actions = [(e.action, e.detail) for e in accounts.audit_events(s, ids["org"])]
    assert ("pact_withdraw", f"{for_b}: wrong electricity factor") in actions
    assert sum(a == "pact_release" for a, _ in actions) == 2
    with pytest.raises(InputError, match="not released"), db.write() as s:
        pact.withdraw(s, ids["org"], for_b, ids["user"], "again")


def test_release_needs_a_customer_of_the_same_organisation(db, two_customers):
    ids = two_customers
    with db.write() as s:
        other = accounts.create_org(s, "Org B")
        c, _ = pact.create_customer(s, other.id, "Foreign", ids["user"])
        foreign = c.id
    with pytest.raises(InputError, match="customers of this organisation"):
        _release(db, ids, [foreign])
    with pytest.raises(InputError):
        _release(db, ids, [])


def test_secret_is_stored_hashed_and_tokens_expire(db, two_customers):
    ids = two_customers
    with db.read() as s:
        stored = s.execute(text("SELECT secret_hash FROM pact_customers WHERE id = :i"),
                           {"i": ids["a"]}).scalar_one()
    assert ids["a_secret"] not in stored and len(stored) == 64
    with db.write() as s:
        assert pact.customer_for_credentials(s, ids["a_client"], "wrong") is None
        c = pact.customer_for_credentials(s, ids["a_client"], ids["a_secret"])
        tok = pact.issue_token(s, c)
    with db.read() as s:
        assert pact.customer_for_token(s, tok)[0].id == ids["a"]
        # lifetime 3600 s: one second after it, the token is expired
        later = utcnow() + timedelta(seconds=pact.TOKEN_LIFETIME_S + 1)
        assert pact.customer_for_token(s, tok, later) == (None, True)
        assert pact.customer_for_token(s, "not-a-token") == (None, False)
    with db.write() as s:  # an expired token is dropped when the next one is issued
        s.execute(text("UPDATE pact_tokens SET expires_at = :t"),
                  {"t": utcnow() - timedelta(seconds=1)})
        pact.issue_token(s, pact.get_customer(s, ids["org"], ids["a"]))
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM pact_tokens")).scalar_one() == 1
        assert pact.customer_for_token(s, tok) == (None, False)
    with db.write() as s:
        tok = pact.issue_token(s, pact.get_customer(s, ids["org"], ids["a"]))
    with db.write() as s:
        pact.revoke_customer(s, pact.get_customer(s, ids["org"], ids["a"]), ids["user"])
    with db.write() as s:
        assert pact.customer_for_credentials(s, ids["a_client"], ids["a_secret"]) is None
        assert pact.customer_for_token(s, tok) == (None, False)
