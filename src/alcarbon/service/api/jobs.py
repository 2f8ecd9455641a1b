"""API: jobs for heavy work (report, Monte Carlo, Sobol'): start (202), status, result."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from alcarbon.service import jobs
from alcarbon.service.access import study_for_read
from alcarbon.service.deps import Located, get_db, not_found, principal
from alcarbon.service.schemas import MAX_ID, RevNo, _In
from alcarbon.store import jobs as store_jobs
from alcarbon.store import results
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.jobs_models import Job

router = APIRouter(prefix="/api", dependencies=[Depends(principal)], tags=["jobs"])
SID = Annotated[int, Path(ge=1, le=MAX_ID)]
JID = Annotated[int, Path(ge=1, le=MAX_ID)]


class JobIn(_In):
    """A job: ``report`` (fmt, lang), ``montecarlo`` (iterations, seed) or ``sobol``
    (n base samples, a power of 2; top_n inputs; seed)."""

    kind: Literal["report", "montecarlo", "sobol"]
    revision: RevNo | None = None
    fmt: Literal["pdf", "html", "xlsx", "json"] = "pdf"
    lang: Literal["zh", "en"] = "zh"
    iterations: int = Field(5000, ge=10, le=1_000_000)
    n: int = Field(1024, ge=2, le=16_384)
    top_n: int = Field(8, ge=1, le=20)
    seed: int = Field(1, ge=0, le=MAX_ID)


class JobOut(BaseModel):
    id: int
    kind: str
    study_id: int
    revision: int
    params: dict[str, Any]
    state: Literal["queued", "running", "done", "failed"]
    progress: float = Field(description="0..1")
    message: str
    result_url: str | None = Field(None, description="set when the job is done")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def spec_of(body: JobIn, max_iterations: int) -> jobs.JobSpec:
    """The job's parameters (only those of its kind, so equal requests share a cached result)."""
    if body.kind == "report":
        return jobs.JobSpec("report", {"fmt": body.fmt, "lang": body.lang})
    if body.kind == "montecarlo":
        if body.iterations > max_iterations:
            raise Located(422, f"iterations above this server's limit of {max_iterations}",
                          ["body", "iterations"])
        return jobs.JobSpec("montecarlo", {"iterations": body.iterations, "seed": body.seed})
    if body.n & (body.n - 1):
        raise Located(422, f"n: {body.n} is not a power of 2 (expected 256, 512, 1024 ...)",
                      ["body", "n"])
    return jobs.JobSpec("sobol", {"n": body.n, "top_n": body.top_n, "seed": body.seed})


def job_for_read(db: Database, p: Principal, job_id: int) -> Job:
    """The job, if the caller may read its study (another organisation's job is a 404, with the
    same words as a job that never was or was deleted after the retention)."""
    gone = (f"job_id {job_id}: no such job (a finished job is deleted after the server's "
            "retention, ALCARBON_JOB_RETENTION_DAYS)")
    with db.read() as s:
        job = store_jobs.get_job(s, p.org_id, job_id)
        if job is None:
            raise not_found(gone, "path", "job_id")
        try:
            study_for_read(s, p, job.study_id)
        except HTTPException:
            raise not_found(gone, "path", "job_id") from None
    return job


def job_out(job: Job, request: Request) -> JobOut:
    state, message = job.state, job.message
    if jobs.lost_after(job, request.app.state.settings):
        state, message = "failed", (f"{jobs.LOST} the server process running this job "
                                    "stopped before it finished; start it again")
    return JobOut(id=job.id, kind=job.kind, study_id=job.study_id, revision=job.revision_number,
                  params=json.loads(job.params), state=state, progress=job.progress,
                  message=message,
                  result_url=f"/api/jobs/{job.id}/result" if state == "done" else None,
                  created_at=job.created_at, started_at=job.started_at,
                  finished_at=job.finished_at)


@router.post("/studies/{study_id}/jobs", status_code=202, response_model=JobOut)
def start_job(body: JobIn, study_id: SID, request: Request, p: Principal = Depends(principal),
              db: Database = Depends(get_db)) -> JSONResponse:
    """Start a job on a revision (default: the head); 202 with the job and its Location."""
    settings = request.app.state.settings
    job_id = jobs.start(db, settings, p, study_id, body.revision,
                        spec_of(body, settings.max_iterations))
    out = job_out(job_for_read(db, p, job_id), request)
    return JSONResponse(out.model_dump(mode="json"), status_code=202,
                        headers={"Location": f"/api/jobs/{job_id}"})


@router.get("/jobs/{job_id}", response_model=JobOut)
def job_status(job_id: JID, request: Request, p: Principal = Depends(principal),
               db: Database = Depends(get_db)) -> JobOut:
    """State (queued, running, done, failed), progress 0..1, message, result link when done."""
    return job_out(job_for_read(db, p, job_id), request)


def result_response(db: Database, p: Principal, job: Job, request: Request) -> Response:
    """The job's result: the document (report) or the JSON (Monte Carlo, Sobol'); 409 before
    the job is done."""
    out = job_out(job, request)
    if out.state != "done":
        raise Located(409, f"job_id {job.id}: {out.state}, no result"
                      + (f" ({out.message})" if out.message else ""), ["path", "job_id"])
    if job.kind == "report":
        return Response(job.output or b"", media_type=job.media_type, headers={
            "Content-Disposition": f'attachment; filename="{job.filename}"'})
    with db.read() as s:
        row = results.get_result(s, p.org_id, job.result_key or "")
    if row is None:
        raise not_found(f"job_id {job.id}: its result is no longer stored", "path", "job_id")
    return Response(row.data, media_type="application/json")


@router.get("/jobs/{job_id}/result", responses={
    200: {"content": {"application/json": {}, "application/pdf": {}}},
    409: {"description": "the job is not done"}})
def job_result(job_id: JID, request: Request, p: Principal = Depends(principal),
               db: Database = Depends(get_db)) -> Response:
    """The result of a done job: report bytes, or the Monte Carlo / Sobol' JSON."""
    return result_response(db, p, job_for_read(db, p, job_id), request)
