"""The ``jobs`` table: heavy work (report, Monte Carlo, Sobol') run outside the request path.

One row per job; every web worker process reads and writes the same rows, so a job started
through one process is visible through any other. Only the state, progress, message and result
columns change after creation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from alcarbon.store.models import Base, utcnow

JOB_KINDS = ("report", "montecarlo", "sobol")
JOB_STATES = ("queued", "running", "done", "failed")


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), index=True)
    revision_number: Mapped[int] = mapped_column(Integer)
    #: the job's parameters (canonical JSON): iterations/seed, n/seed/top_n, fmt/lang
    params: Mapped[str] = mapped_column(Text, default="{}")
    state: Mapped[str] = mapped_column(String(10), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # 0..1
    message: Mapped[str] = mapped_column(Text, default="")
    #: Monte Carlo / Sobol': the key of the row in ``results`` holding the JSON result
    result_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: report: the document's bytes, media type and file name
    output: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    media_type: Mapped[str] = mapped_column(String(120), default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
