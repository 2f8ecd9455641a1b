"""Repository functions of the ``jobs`` table (see :mod:`alcarbon.store.jobs_models`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from alcarbon.store.canonical import canonical_json
from alcarbon.store.db import Database
from alcarbon.store.jobs_models import JOB_KINDS, Job
from alcarbon.store.models import StudyRecord, utcnow

MAX_MESSAGE = 2000  # characters of an error message kept


def create_job(s: Session, st: StudyRecord, revision_number: int, owner_id: int, kind: str,
               params: dict[str, Any]) -> Job:
    """A new queued job on a revision of a study."""
    if kind not in JOB_KINDS:
        raise ValueError(f"job kind {kind!r}: expected one of {JOB_KINDS}")
    job = Job(org_id=st.org_id, owner_id=owner_id, kind=kind, study_id=st.id,
              revision_number=revision_number, params=canonical_json(params), state="queued",
              progress=0.0, message="", media_type="", filename="")
    s.add(job)
    s.flush()
    return job


def get_job(s: Session, org_id: int, job_id: int) -> Job | None:
    """The job of that organisation (None for another organisation's job)."""
    return s.scalar(select(Job).where(Job.id == job_id, Job.org_id == org_id))


def _set(db: Database, job_id: int, **values: Any) -> None:
    with db.write() as s:
        s.execute(update(Job).where(Job.id == job_id).values(**values))


def mark_running(db: Database, job_id: int, message: str = "") -> None:
    _set(db, job_id, state="running", started_at=utcnow(), message=message)


def set_progress(db: Database, job_id: int, progress: float, message: str = "") -> None:
    """Progress in 0..1 (clipped) and the stage's message."""
    _set(db, job_id, progress=min(1.0, max(0.0, float(progress))), message=message)


def mark_done(db: Database, job_id: int, *, result_key: str | None = None,
              output: bytes | None = None, media_type: str = "", filename: str = "",
              message: str = "") -> None:
    _set(db, job_id, state="done", progress=1.0, finished_at=utcnow(), result_key=result_key,
         output=output, media_type=media_type, filename=filename, message=message)


def mark_failed(db: Database, job_id: int, message: str) -> None:
    _set(db, job_id, state="failed", finished_at=utcnow(), message=message[:MAX_MESSAGE])


def prune(s: Session, before: datetime) -> int:
    """Delete the jobs that finished before ``before`` (UTC), and those never finished that were
    created before it (their process is gone: the job timeout is far shorter); returns how many.
    A report's bytes go with its row; Monte Carlo / Sobol' results stay in ``results``."""
    cut = s.execute(delete(Job).where(or_(
        Job.finished_at < before,
        and_(Job.finished_at.is_(None), Job.created_at < before))))
    return int(cut.rowcount or 0)
