"""Management API of the PACT host under /api/pact (alcarbon users, not PACT customers):
customers and their credentials (admin), releases and withdrawals (manager or admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from alcarbon.service.access import revision_of, study_for_edit
from alcarbon.service.deps import get_db, not_found, principal, require_role
from alcarbon.service.pact import outbox
from alcarbon.service.schemas import MAX_ID, Id
from alcarbon.store import pact as store
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import utcnow

router = APIRouter(prefix="/api/pact", tags=["pact"], dependencies=[Depends(principal)])
RELEASERS = ("manager", "admin")


class CustomerIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class CallbackIn(BaseModel):
    events_url: str = Field(max_length=500)
    client_id: str = Field(default="", max_length=200)
    client_secret: str = Field(default="", max_length=200)


class ReleaseIn(BaseModel):
    study_id: Id
    revision: int | None = Field(default=None, ge=1, le=MAX_ID)
    product: str | None = Field(default=None, max_length=40)
    customer_ids: list[Id] = Field(min_length=1, max_length=1000)


class WithdrawIn(BaseModel):
    reason: str = Field(min_length=1, max_length=400)


def _customer(c: Any, secret: str | None = None) -> dict[str, Any]:
    out = {"id": c.id, "name": c.name, "client_id": c.client_id, "events_url": c.events_url,
           "created_at": store.iso(c.created_at), "active": c.revoked_at is None}
    if secret is not None:
        out["client_secret"] = secret  # shown once
    return out


def _release(r: Any) -> dict[str, Any]:
    doc = store.served_document(r)
    return {"pf_id": r.pf_id, "study_id": r.study_id, "revision": r.revision_number,
            "product": r.product, "inputs_hash": r.inputs_hash, "released_by": r.released_by,
            "released_at": store.iso(r.released_at), "status": doc["status"],
            "version": doc["version"], "withdrawn": r.withdrawn_at is not None,
            "precedingPfIds": doc.get("precedingPfIds", []), "v2": _v2_state(r)}


def _v2_state(r: Any) -> str:
    """'served' when /2/ serves the footprint in the v2.3 shape, else why not."""
    from alcarbon.exchange.pact_v2 import NotServableV2

    try:
        store.served_document_v2(r)
    except NotServableV2 as e:
        return str(e)
    return "served"


@router.post("/customers", status_code=201)
def create_customer(body: CustomerIn, p: Principal = Depends(principal),
                    db: Database = Depends(get_db)) -> dict[str, Any]:
    """A customer organisation with new client credentials (the secret is shown only here)."""
    require_role(p, "admin")
    with db.write() as s:
        c, secret = store.create_customer(s, p.org_id, body.name, p.user_id)
        return _customer(c, secret)


@router.get("/customers")
def list_customers(p: Principal = Depends(principal),
                   db: Database = Depends(get_db)) -> list[dict[str, Any]]:
    require_role(p, "admin")
    with db.read() as s:
        return [_customer(c) for c in store.list_customers(s, p.org_id)]


def _own_customer(s: Any, p: Principal, customer_id: int) -> Any:
    c = store.get_customer(s, p.org_id, customer_id)
    if c is None:
        raise not_found(f"customer_id {customer_id}: no such customer", "path", "customer_id")
    return c


@router.post("/customers/{customer_id}/revoke")
def revoke_customer(customer_id: int = Path(ge=1, le=MAX_ID), p: Principal = Depends(principal),
                    db: Database = Depends(get_db)) -> dict[str, Any]:
    require_role(p, "admin")
    with db.write() as s:
        c = _own_customer(s, p, customer_id)
        store.revoke_customer(s, c, p.user_id)
        return _customer(c)


@router.put("/customers/{customer_id}/callback")
def set_callback(body: CallbackIn, customer_id: int = Path(ge=1, le=MAX_ID),
                 p: Principal = Depends(principal),
                 db: Database = Depends(get_db)) -> dict[str, Any]:
    """Where answers to the customer's footprint requests go, and the credentials to use."""
    require_role(p, "admin")
    with db.write() as s:
        c = _own_customer(s, p, customer_id)
        store.set_callback(s, c, body.events_url, body.client_id, body.client_secret, p.user_id)
        return _customer(c)


@router.post("/releases", status_code=201)
def release(body: ReleaseIn, request: Request, p: Principal = Depends(principal),
            db: Database = Depends(get_db)) -> dict[str, Any]:
    """Release a revision (default: the head) of a study to customers as a PACT footprint."""
    from alcarbon.service.pact.release import build

    require_role(p, *RELEASERS)
    with db.read() as s:
        st = study_for_edit(s, p, body.study_id)
        data = revision_of(s, st, body.revision).data
    now = utcnow()
    doc, h = build(data, body.product, now)  # computed outside the write lock
    with db.write() as s:
        st = study_for_edit(s, p, body.study_id)
        rev = revision_of(s, st, body.revision)
        r = store.release(s, st, rev, body.product or st.product, doc, h, p.user_id,
                          body.customer_ids)
        outbox.published(s, r, str(request.base_url) + "3/events")
        out = _release(r)
    outbox.kick(request.app)
    return out


@router.get("/releases")
def list_releases(p: Principal = Depends(principal),
                  db: Database = Depends(get_db)) -> list[dict[str, Any]]:
    require_role(p, *RELEASERS)
    with db.read() as s:
        return [_release(r) for r in store.releases_of(s, p.org_id)]


@router.post("/releases/{pf_id}/withdraw")
def withdraw(body: WithdrawIn, pf_id: str = Path(max_length=36), p: Principal = Depends(principal),
             db: Database = Depends(get_db)) -> dict[str, Any]:
    require_role(p, *RELEASERS)
    with db.write() as s:
        return _release(store.withdraw(s, p.org_id, pf_id, p.user_id, body.reason))
