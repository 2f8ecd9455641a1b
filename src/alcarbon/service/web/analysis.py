"""Web: the uncertainty analysis on demand (GB/T 44905 6.3, 9.2 b). The results page's button
posts here with JavaScript and puts the returned HTML fragment in place (no full reload); the
fragment also serves a plain form post."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from alcarbon.errors import AlcarbonError
from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.compute import NotAvailable
from alcarbon.service.deps import get_db, principal
from alcarbon.service.results_svc import get_or_compute
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web import i18n
from alcarbon.service.web.labels import failure, param_label
from alcarbon.service.web.render import render
from alcarbon.store import studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database

router = APIRouter(include_in_schema=False)
#: Fixed seed, so the page's interval is repeatable and cached per revision (the API's default).
SEED = 1
TOP = 10  # sensitivity rows shown


def mc_rows(result: dict, data: dict, lang: str) -> list[dict]:
    """Rows of ``_uncertainty.html``: each product's interval and its top sensitivity rows
    with parameter names in ``lang``."""
    rows = []
    for product, r in result.items():
        top = sorted(r.get("variance_contributions", []), key=lambda v: -v["share"])[:TOP]
        rows.append(dict(r, product=product, top=[
            dict(v, name=param_label(v["param"], v.get("label", ""), data, lang))
            for v in top]))
    return rows


@router.post("/studies/{study_id}/uncertainty", response_class=HTMLResponse)
async def run_uncertainty(request: Request, study_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                          rev: int = Form(..., ge=1, le=MAX_ID),
                          iterations: int = Form(5000, ge=100, le=1_000_000),
                          p: Principal = Depends(principal), db: Database = Depends(get_db)):
    lang = i18n.lang_of(request)
    iterations = min(iterations, request.app.state.settings.max_iterations)
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        data = studies.revision_data(revision_of(s, st, rev))
    error, rows = None, []
    try:
        out = await run_in_threadpool(get_or_compute, db, p, study_id, rev, "uncertainty",
                                      {"iterations": iterations, "seed": SEED})
        rows = mc_rows(out.data, data, lang)
    except (AlcarbonError, NotAvailable) as exc:
        error = failure(exc, lang)
    return render(request, "_uncertainty.html", status=200 if error is None else 422,
                  rows=rows, error=error)
