"""Repository functions of the PACT host: customers and their credentials, access tokens,
releases of footprints (versioning per the PACT data model), withdrawal, what a customer sees.

Versioning (PACT Technical Specifications v3.0, ProductFootprint ``id``/``version``/``status``/
``precedingPfIds``): each release gets a new footprint id whose ``precedingPfIds`` lists the ids
earlier released (and not withdrawn) for the same study and product; the earlier footprints then
turn ``Deprecated`` (``version`` 2, ``updated`` = the time of the newer release). A withdrawn
footprint is no longer served at all. Every release and withdrawal is an audit event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from alcarbon.store.accounts import audit
from alcarbon.store.models import Revision, StudyRecord, utcnow
from alcarbon.store.pact_models import PactCustomer, PactGrant, PactRelease, PactToken

TOKEN_LIFETIME_S = 3600  # one hour, the expires_in of the conformance document's example
CLIENT_PREFIX = "pact_"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _aware(t: datetime) -> datetime:
    from datetime import UTC

    return t if t.tzinfo else t.replace(tzinfo=UTC)


def iso(t: datetime) -> str:
    """RFC 3339 UTC timestamp with a Z, seconds precision."""
    return _aware(t).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- customers and tokens ---------------------------------------------------------------------

def create_customer(s: Session, org_id: int, name: str, actor_id: int) -> tuple[PactCustomer, str]:
    """A customer organisation with new client credentials; the clear secret is returned once."""
    name = name.strip()
    if not name:
        from alcarbon.errors import InputError

        raise InputError("customer name is empty", where="name",
                         expected="the customer organisation's name")
    secret = secrets.token_urlsafe(32)
    c = PactCustomer(org_id=org_id, name=name[:200],
                     client_id=CLIENT_PREFIX + secrets.token_hex(12),
                     secret_hash=_sha(secret), created_by=actor_id)
    s.add(c)
    s.flush()
    audit(s, org_id, actor_id, None, "pact_customer", f"created {c.client_id} ({c.name})")
    return c, secret


def set_callback(s: Session, c: PactCustomer, events_url: str, client_id: str, secret: str,
                 actor_id: int) -> None:
    """Register the customer's Action Events endpoint (https) and the credentials its host
    issued for our answers to its footprint requests."""
    from alcarbon.errors import InputError

    url = events_url.strip()
    if url and not url.startswith("https://"):
        raise InputError(f"events_url '{url}' is not an https URL", where="events_url",
                         expected="https://host/…/3/events of the customer's PACT host")
    c.events_url, c.callback_client_id, c.callback_secret = url, client_id.strip(), secret
    audit(s, c.org_id, actor_id, None, "pact_customer", f"callback of {c.client_id}: {url}")


def list_customers(s: Session, org_id: int) -> list[PactCustomer]:
    return list(s.scalars(select(PactCustomer).where(PactCustomer.org_id == org_id)
                          .order_by(PactCustomer.id)))


def get_customer(s: Session, org_id: int, customer_id: int) -> PactCustomer | None:
    c = s.get(PactCustomer, customer_id)
    return c if c is not None and c.org_id == org_id else None


def revoke_customer(s: Session, c: PactCustomer, actor_id: int) -> None:
    """End the customer's access: credentials and every token stop working."""
    if c.revoked_at is None:
        c.revoked_at = utcnow()
        audit(s, c.org_id, actor_id, None, "pact_customer", f"revoked {c.client_id}")


def customer_for_credentials(s: Session, client_id: str, secret: str) -> PactCustomer | None:
    c = s.scalars(select(PactCustomer).where(PactCustomer.client_id == client_id)).first()
    expected = c.secret_hash if c is not None else _sha(secrets.token_hex(8))
    ok = hmac.compare_digest(expected, _sha(secret))
    return c if ok and c is not None and c.revoked_at is None else None


def issue_token(s: Session, c: PactCustomer) -> str:
    """A new opaque bearer token valid for TOKEN_LIFETIME_S seconds (only its hash is kept)."""
    now = utcnow()
    # expired tokens of this customer are of no use: drop them so the table does not grow
    s.execute(delete(PactToken).where(PactToken.customer_id == c.id,
                                      PactToken.expires_at < now))
    clear = secrets.token_urlsafe(32)
    s.add(PactToken(token_hash=_sha(clear), customer_id=c.id,
                    expires_at=now + timedelta(seconds=TOKEN_LIFETIME_S)))
    return clear


def customer_for_token(s: Session, clear: str, now: datetime | None = None
                       ) -> tuple[PactCustomer | None, bool]:
    """(customer, expired): the token's customer, or (None, True) for an expired token."""
    row = s.execute(select(PactToken, PactCustomer)
                    .join(PactCustomer, PactCustomer.id == PactToken.customer_id)
                    .where(PactToken.token_hash == _sha(clear))).first()
    if row is None or row[1].revoked_at is not None:
        return None, False
    if _aware(row[0].expires_at) <= (now or utcnow()):
        return None, True
    return row[1], False


# -- releases ---------------------------------------------------------------------------------

def _chain(s: Session, st: StudyRecord, product: str) -> list[PactRelease]:
    return list(s.scalars(select(PactRelease).where(
        PactRelease.study_id == st.id, PactRelease.product == product).order_by(PactRelease.id)))


def _signed(s: Session, st: StudyRecord, rev: Revision, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with the assurance of the verifier's sign-off in force for ``rev`` (none when
    unsigned), validated; frozen with the release, so a later sign-off or withdrawal changes
    only later releases."""
    from alcarbon.exchange.pact import validate_assurance, with_assurance
    from alcarbon.store.assurance import active, pact_fields

    a = active(s, st.id, rev.number)
    out = with_assurance(doc, pact_fields(a) if a is not None else None)
    validate_assurance(out["pcf"])  # the rest was validated when the document was built
    return out


def release(s: Session, st: StudyRecord, rev: Revision, product: str, document: dict[str, Any],
            inputs_hash: str, actor_id: int, customer_ids: list[int]) -> PactRelease:
    """Release ``document`` (a ProductFootprint without lifecycle fields) computed from ``rev``
    to the given customers of the study's organisation; earlier releases become Deprecated."""
    from alcarbon.errors import InputError

    customers = [get_customer(s, st.org_id, cid) for cid in customer_ids]
    if not customers or any(c is None or c.revoked_at is not None for c in customers):
        raise InputError("release needs one or more active customers of this organisation",
                         where="customer_ids", expected="ids of active PACT customers")
    now = utcnow()
    earlier = [r for r in _chain(s, st, product) if r.withdrawn_at is None]
    doc = _signed(s, st, rev, dict(document))
    v2 = doc.pop("_v2", None)  # the v2.3 extras (pact_v2.extras), frozen beside the document
    for k in ("id", "status", "version", "updated", "precedingPfIds"):
        doc.pop(k, None)
    pf_id = str(uuid.uuid4())
    if earlier:
        doc["precedingPfIds"] = [r.pf_id for r in reversed(earlier)]
    r = PactRelease(org_id=st.org_id, study_id=st.id, revision_id=rev.id,
                    revision_number=rev.number, product=product, pf_id=pf_id,
                    inputs_hash=inputs_hash, document=json.dumps(doc, sort_keys=True),
                    released_by=actor_id, released_at=now,
                    v2_extras=json.dumps(v2, sort_keys=True) if v2 is not None else None)
    s.add(r)
    s.flush()
    for old in earlier:
        if old.superseded_at is None:
            old.superseded_at = now
    for c in customers:
        s.add(PactGrant(release_id=r.id, customer_id=c.id))
    audit(s, st.org_id, actor_id, None, "pact_release",
          f"study {st.id} revision {rev.number} {product} -> {pf_id} (inputs {inputs_hash[:16]}) "
          f"for {', '.join(c.client_id for c in customers)}")
    return r


def withdraw(s: Session, org_id: int, pf_id: str, actor_id: int, reason: str) -> PactRelease:
    """Stop serving a released footprint (audited with the reason)."""
    from alcarbon.errors import InputError

    r = s.scalars(select(PactRelease).where(PactRelease.pf_id == pf_id,
                                            PactRelease.org_id == org_id)).first()
    if r is None or r.withdrawn_at is not None:
        raise InputError(f"footprint {pf_id} is not released", where="pf_id",
                         expected="the id of a released, not withdrawn footprint")
    if not reason.strip():
        raise InputError("a withdrawal needs a reason", where="reason",
                         expected="why the footprint is withdrawn")
    r.withdrawn_at, r.withdrawn_by = utcnow(), actor_id
    audit(s, org_id, actor_id, None, "pact_withdraw", f"{pf_id}: {reason.strip()}")
    return r


def releases_of(s: Session, org_id: int) -> list[PactRelease]:
    return list(s.scalars(select(PactRelease).where(PactRelease.org_id == org_id)
                          .order_by(PactRelease.id)))


def served_document(r: PactRelease) -> dict[str, Any]:
    """The ProductFootprint as served now: frozen document plus lifecycle fields."""
    doc = json.loads(r.document)
    doc["id"] = r.pf_id
    if r.superseded_at is not None:
        doc.update(status="Deprecated", version=2, updated=iso(r.superseded_at),
                   statusComment="Superseded by a newer release of the same study and product "
                                 "(see the footprint listing this id in precedingPfIds).")
    else:
        doc.update(status="Active", version=1)
    return doc


def served_document_v2(r: PactRelease) -> dict[str, Any]:
    """The footprint as served at /2/: the v2.3 shape of :func:`served_document`. Raises
    alcarbon.exchange.pact_v2.NotServableV2 when it has no honest v2.3 form."""
    from alcarbon.exchange.pact_v2 import NotServableV2, to_v2

    if r.v2_extras is None:
        raise NotServableV2(f"footprint {r.pf_id} was released before the v2.3 shape was "
                            "served; release the study again to serve it at /2/")
    return to_v2(served_document(r), json.loads(r.v2_extras))


def visible(s: Session, c: PactCustomer) -> list[PactRelease]:
    """Released, not withdrawn footprints granted to customer ``c`` (oldest first)."""
    q = select(PactRelease).join(PactGrant, PactGrant.release_id == PactRelease.id)
    return list(s.scalars(q.where(PactGrant.customer_id == c.id, PactRelease.withdrawn_at.is_(None),
                                 PactRelease.org_id == c.org_id)
                          .order_by(PactRelease.id)))


def find_release(s: Session, pf_id: str) -> PactRelease | None:
    """A served (not withdrawn) release by footprint id, whoever it is granted to."""
    return s.scalars(select(PactRelease).where(PactRelease.pf_id == pf_id,
                                               PactRelease.withdrawn_at.is_(None))).first()


def granted(s: Session, r: PactRelease, c: PactCustomer) -> bool:
    return s.get(PactGrant, (r.id, c.id)) is not None
