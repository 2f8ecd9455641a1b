"""Web form: the electricity supplies of a study (GB/T 44905 7.1.5: grid, captive plant, direct
line, contractual instruments with the four 7.1.5.3 conditions), saved as a new revision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from alcarbon.errors import AlcarbonError
from alcarbon.service.deps import get_db, principal
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web import forms_elec, i18n, websave
from alcarbon.service.web.render import redirect
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.studies import RevisionConflict

router = APIRouter(include_in_schema=False)


@router.post("/studies/{study_id}/electricity", response_class=HTMLResponse)
async def save_electricity(request: Request, study_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                           p: Principal = Depends(principal), db: Database = Depends(get_db)):
    form = await request.form()
    return await run_in_threadpool(_save, request, db, p, study_id, form)


def _save(request: Request, db: Database, p: Principal, study_id: int, form):
    from alcarbon.service.web.study import overview

    t = i18n.translator(i18n.lang_of(request))
    base = websave.load_base(db, p, study_id, form)
    state = forms_elec.state_from_form(form)

    def again(errors, other, status, message):
        return overview(request, db, p, study_id, error="\n".join([message, *other]),
                        status=status, elec=state, elec_errors=errors, elec_base=base.number)

    if base.data is None:
        return again({}, [], 409, t("conflict"))
    if not base.reason:
        return again({"elec-reason": t("required_reason")}, [], 422, t("invalid"))
    data, rows, errors = forms_elec.apply(base.data, form)
    try:
        study = websave.validate(data)
    except ValidationError as exc:
        fields, other = forms_elec.field_errors(exc, rows)
        return again(errors | fields, other, 422, t("invalid"))
    if errors:
        return again(errors, [], 422, t("invalid"))
    try:
        new = websave.commit(db, p, base, study, "web form: electricity")
    except RevisionConflict:
        return again({}, [], 409, t("conflict"))
    except AlcarbonError as exc:
        return again({}, [exc.render()], 422, t("invalid"))
    return redirect(f"/studies/{study_id}?saved={new.number}#electricity")
