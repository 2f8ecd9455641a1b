"""Web forms of the verify page: a verifier signs off the shown revision (assurance) or
withdraws the sign-off in force, with a reason. Same rules as the API
(:mod:`alcarbon.service.api.assurance`); CSRF is checked by the ``principal`` dependency."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path

from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.deps import get_db, load_user, not_found, principal, require_role
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web.render import redirect
from alcarbon.store import assurance
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database

router = APIRouter(include_in_schema=False)
SID = Annotated[int, Path(ge=1, le=MAX_ID)]


def _clean(text: str) -> str:
    return text.replace("\x00", "")


@router.post("/studies/{study_id}/assurance")
def sign(study_id: SID, rev: int = Form(..., ge=1, le=MAX_ID),
         provider_name: str = Form(..., min_length=1, max_length=200),
         level: Literal["limited", "reasonable"] = Form(...),
         standard_name: str = Form(assurance.DEFAULT_STANDARD, max_length=200),
         comment: str = Form("", max_length=10_000),
         p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.write() as s:
        st = study_for_read(s, p, study_id)
        require_role(p, "verifier")
        revision = revision_of(s, st, rev)
        assurance.sign(s, st, revision, load_user(s, p), _clean(provider_name), level,
                       _clean(standard_name), _clean(comment))
    return redirect(f"/studies/{study_id}/verify?rev={rev}#assurance")


@router.post("/studies/{study_id}/assurance/withdraw")
def withdraw(study_id: SID, rev: int = Form(..., ge=1, le=MAX_ID),
             reason: str = Form(..., min_length=1, max_length=400),
             p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.write() as s:
        st = study_for_read(s, p, study_id)
        require_role(p, "verifier")
        revision = revision_of(s, st, rev)
        a = assurance.active(s, st.id, revision.number)
        if a is None:
            raise not_found(f"revision {rev} of study {study_id} has no sign-off in force",
                            "form", "rev")
        assurance.withdraw(s, a, load_user(s, p), _clean(reason))
    return redirect(f"/studies/{study_id}/verify?rev={rev}#assurance")
