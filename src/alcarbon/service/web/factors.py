"""Web form: the study's user and supplier emission factors (the ``factors`` of the study data,
the web equivalent of ``alcarbon calc --factors FILE``), saved as a new revision so every
calculation of that revision uses them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from alcarbon.errors import AlcarbonError
from alcarbon.service.deps import get_db, principal
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web import forms_factors, i18n, websave
from alcarbon.service.web.render import redirect
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.studies import RevisionConflict

router = APIRouter(include_in_schema=False)


@router.post("/studies/{study_id}/factors", response_class=HTMLResponse)
async def save_factors(request: Request, study_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                       p: Principal = Depends(principal), db: Database = Depends(get_db)):
    form = await request.form()
    return await run_in_threadpool(_save, request, db, p, study_id, form)


def _save(request: Request, db: Database, p: Principal, study_id: int, form):
    from alcarbon.service.web.study import overview

    lang = i18n.lang_of(request)
    t = i18n.translator(lang)
    base = websave.load_base(db, p, study_id, form)
    rows = forms_factors.state_from_form(form)

    def again(errors, other, status, message):
        return overview(request, db, p, study_id, error="\n".join([message, *other]),
                        status=status, fac=rows + [forms_factors.blank()], fac_errors=errors,
                        fac_base=base.number)

    if base.data is None:
        return again({}, [], 409, t("conflict"))
    if not base.reason:
        return again({"fac-reason": t("required_reason")}, [], 422, t("invalid"))
    data, errors = forms_factors.apply(base.data, rows, lang)
    if errors:
        return again(errors, [], 422, t("invalid"))
    try:
        study = websave.validate(data)
        new = websave.commit(db, p, base, study, "web form: user factors")
    except ValidationError as exc:
        return again({}, [str(e.get("msg")) for e in exc.errors()], 422, t("invalid"))
    except RevisionConflict:
        return again({}, [], 409, t("conflict"))
    except AlcarbonError as exc:
        return again({}, [exc.render()], 422, t("invalid"))
    return redirect(f"/studies/{study_id}?saved={new.number}#factors")
