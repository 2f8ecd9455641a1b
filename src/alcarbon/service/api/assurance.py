"""API: a verifier's sign-off (assurance) of one revision of a study, its withdrawal, and the
list of sign-offs. Who may sign follows the verify page: the study must be readable to the
caller (another organisation's study is a 404) and the caller's role must be ``verifier``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.deps import get_db, load_user, not_found, principal, require_role
from alcarbon.service.schemas import MAX_ID
from alcarbon.store import assurance
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database

router = APIRouter(prefix="/api", dependencies=[Depends(principal)], tags=["assurance"])
SID = Annotated[int, Path(ge=1, le=MAX_ID)]
REV = Annotated[int, Path(ge=1, le=MAX_ID)]


class SignoffIn(BaseModel):
    provider_name: str = Field(min_length=1, max_length=200,
                               description="the independent verification body (PACT "
                                           "providerName)")
    level: Literal["limited", "reasonable"]
    standard_name: str = Field(default=assurance.DEFAULT_STANDARD, max_length=200)
    comment: str = Field(default="", max_length=10_000)
    completed_at: datetime | None = Field(default=None, description="default: now (UTC)")


def signoff_out(a: Any) -> dict[str, Any]:
    """A sign-off as JSON: the record and the PACT Assurance fields it yields."""
    from alcarbon.store.pact import iso

    return {"id": a.id, "study_id": a.study_id, "revision": a.revision_number,
            "verifier_id": a.verifier_id, "created_at": iso(a.created_at),
            "active": a.withdrawn_at is None,
            "withdrawn_at": iso(a.withdrawn_at) if a.withdrawn_at else None,
            "withdraw_reason": a.withdraw_reason, "pact": assurance.pact_fields(a)}


@router.get("/studies/{study_id}/assurance")
def list_study(study_id: SID, p: Principal = Depends(principal),
               db: Database = Depends(get_db)) -> list[dict[str, Any]]:
    """Every sign-off of the study (withdrawn ones included)."""
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        return [signoff_out(a) for a in assurance.of_study(s, st.id)]


@router.get("/studies/{study_id}/revisions/{number}/assurance")
def list_revision(study_id: SID, number: REV, p: Principal = Depends(principal),
                  db: Database = Depends(get_db)) -> list[dict[str, Any]]:
    """The sign-offs of one revision (withdrawn ones included)."""
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        rev = revision_of(s, st, number)
        return [signoff_out(a) for a in assurance.of_study(s, st.id)
                if a.revision_number == rev.number]


@router.post("/studies/{study_id}/revisions/{number}/assurance", status_code=201)
def sign(body: SignoffIn, study_id: SID, number: REV, p: Principal = Depends(principal),
         db: Database = Depends(get_db)) -> dict[str, Any]:
    """Sign off a revision (role verifier). A release of it made afterwards carries the
    assurance in its PACT footprint."""
    with db.write() as s:
        st = study_for_read(s, p, study_id)
        require_role(p, "verifier")
        rev = revision_of(s, st, number)
        a = assurance.sign(s, st, rev, load_user(s, p), body.provider_name, body.level,
                           body.standard_name, body.comment.replace("\x00", ""),
                           body.completed_at)
        return signoff_out(a)


@router.delete("/studies/{study_id}/revisions/{number}/assurance")
def withdraw(study_id: SID, number: REV,
             reason: str = Query(min_length=1, max_length=400),
             p: Principal = Depends(principal),
             db: Database = Depends(get_db)) -> dict[str, Any]:
    """Withdraw the sign-off in force for a revision (role verifier; audited with the
    reason). Footprints already released keep theirs; the next release carries none."""
    with db.write() as s:
        st = study_for_read(s, p, study_id)
        require_role(p, "verifier")
        rev = revision_of(s, st, number)
        a = assurance.active(s, st.id, rev.number)
        if a is None:
            raise not_found(f"revision {rev.number} of study {st.id} has no sign-off in force",
                            "path", "number")
        return signoff_out(assurance.withdraw(s, a, load_user(s, p), reason))
