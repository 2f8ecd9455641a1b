"""Table of verifier sign-offs: a verifier's assurance of one revision of a study (PACT v3.0
data model, data type ``Assurance``; GB/T 44905-2024 is the standard assured against).

A row is never deleted: withdrawal sets ``withdrawn_at``/``withdrawn_by``/``withdraw_reason``
once, and both the sign-off and its withdrawal are audit events.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from alcarbon.store.models import Base, utcnow


class AssuranceSignoff(Base):
    """A verifier's sign-off of revision ``revision_number`` of study ``study_id``."""

    __tablename__ = "assurance_signoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    revision_number: Mapped[int] = mapped_column(Integer)
    verifier_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # PACT providerName: the independent third party engaged for the assurance
    provider_name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))  # limited | reasonable
    standard_name: Mapped[str] = mapped_column(String(200))
    boundary: Mapped[str] = mapped_column(String(20))  # Cradle-to-Gate (GB/T 44905 5.3)
    coverage: Mapped[str] = mapped_column(String(20))  # product level
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    withdraw_reason: Mapped[str] = mapped_column(String(400), default="")
