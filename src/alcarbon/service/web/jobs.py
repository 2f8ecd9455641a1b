"""Web: heavy work as jobs. The results page's PDF, Monte Carlo and Sobol' buttons post here;
with JavaScript the page shows a progress bar (polling ``/api/jobs/{id}``) and then the result
in place; without it the browser lands on the job's page, which has a refresh link and, once
done, the result."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from alcarbon.service import jobs
from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.api.jobs import JobIn, job_for_read, job_out, spec_of
from alcarbon.service.deps import get_db, principal
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web import i18n
from alcarbon.service.web.analysis import SEED, mc_rows
from alcarbon.service.web.labels import param_label
from alcarbon.service.web.render import redirect, render
from alcarbon.store import results, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database

router = APIRouter(include_in_schema=False)
ID = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post("/studies/{study_id}/jobs")
def start(request: Request, study_id: ID, kind: Literal["report", "montecarlo", "sobol"] = Form(),
          rev: int = Form(..., ge=1, le=MAX_ID), fmt: Literal["pdf", "html", "xlsx", "json"] =
          Form("pdf"), iterations: int = Form(5000, ge=100, le=1_000_000),
          n: int = Form(1024, ge=2, le=16_384), p: Principal = Depends(principal),
          db: Database = Depends(get_db)) -> Response:
    """Start a job; JSON (id, status and fragment URLs) for the page's script, else 303 to the
    job's page."""
    settings = request.app.state.settings
    lang = i18n.lang_of(request)
    body = JobIn(kind=kind, revision=rev, fmt=fmt, lang=lang,
                 iterations=min(iterations, settings.max_iterations), n=n,
                 seed=SEED)
    job_id = jobs.start(db, settings, p, study_id, rev, spec_of(body, settings.max_iterations))
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"id": job_id, "status": f"/api/jobs/{job_id}",
                             "page": f"/jobs/{job_id}", "fragment": f"/jobs/{job_id}/fragment"},
                            status_code=202)
    return redirect(f"/jobs/{job_id}")


def _context(request: Request, db: Database, p: Principal, job_id: int) -> dict:
    """The job's status and, once done, what its result shows."""
    lang = i18n.lang_of(request)
    job = job_for_read(db, p, job_id)
    out = job_out(job, request)
    ctx = {"job": out, "rows": [], "sobol": None, "error": None, "download": None}
    if out.state == "failed":
        ctx["error"] = _failure(job.kind, out.message, lang)
    if out.state != "done":
        return ctx
    if job.kind == "report":
        ctx["download"] = out.result_url
        return ctx
    with db.read() as s:
        row = results.get_result(s, p.org_id, job.result_key or "")
        st = study_for_read(s, p, job.study_id)
        data = studies.revision_data(revision_of(s, st, job.revision_number))
    result = json.loads(row.data) if row is not None else {}
    if job.kind == "montecarlo":
        ctx["rows"] = mc_rows(result, data, lang)
    elif result:
        ctx["sobol"] = [{"name": param_label(k, lbl, data, lang), "S1": s1, "ST": st_}
                        for k, lbl, s1, st_ in zip(result["names"], result.get("labels") or
                                                   result["names"], result["S1"], result["ST"],
                                                   strict=True)]
    return ctx


def _failure(kind: str, message: str, lang: str) -> tuple[str, str]:
    """(lead sentence in ``lang``, the stored message as the engine or the job gave it) of a
    failed job; a job whose server process stopped is told so in ``lang`` alone."""
    t = i18n.translator(lang)
    if message.startswith(jobs.LOST):
        return t("job_lost"), ""
    return t("job_failed_lead").format(what=t("job_kind_" + kind)), message


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def page(request: Request, job_id: ID, p: Principal = Depends(principal),
         db: Database = Depends(get_db)):
    return render(request, "job.html", **_context(request, db, p, job_id))


@router.get("/jobs/{job_id}/fragment", response_class=HTMLResponse)
def fragment(request: Request, job_id: ID, p: Principal = Depends(principal),
             db: Database = Depends(get_db)):
    """The result (or the failure) as an HTML fragment for the results page."""
    return render(request, "_job_result.html", **_context(request, db, p, job_id))
