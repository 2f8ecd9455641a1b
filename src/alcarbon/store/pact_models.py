"""Tables of the PACT host: customer organisations with OAuth 2 client credentials, their access
tokens, and released footprints (who released which revision of which study, for whom).

A release row is never deleted: withdrawal and supersession are bookkeeping columns set once
(``withdrawn_at``, ``superseded_at``); the footprint document is frozen at release.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from alcarbon.store.models import Base, utcnow


class PactCustomer(Base):
    """A customer organisation (PACT data recipient) and its client credentials (sha256 of a
    256-bit random secret: a high-entropy secret needs no slow hash)."""

    __tablename__ = "pact_customers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    # where asynchronous answers go (the customer's own PACT Action Events endpoint) and the
    # client credentials its host issued to us; kept in clear because we must present them
    events_url: Mapped[str] = mapped_column(String(500), default="")
    callback_client_id: Mapped[str] = mapped_column(String(200), default="")
    callback_secret: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PactToken(Base):
    """An access token issued by /auth/token (sha256 of the clear text) and its expiry."""

    __tablename__ = "pact_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("pact_customers.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PactRelease(Base):
    """One released footprint: a computed revision of a study for one declared product."""

    __tablename__ = "pact_releases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    revision_number: Mapped[int] = mapped_column(Integer)
    product: Mapped[str] = mapped_column(String(40))
    pf_id: Mapped[str] = mapped_column(String(36), unique=True)
    inputs_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    released_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                           nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # what the v2.3 shape needs beyond the document (CPC code, 1..3 DQRs), JSON; None for
    # releases made before v2.3 was served
    v2_extras: Mapped[str | None] = mapped_column(Text, nullable=True)


class PactGrant(Base):
    """Which customer may see which release."""

    __tablename__ = "pact_grants"
    release_id: Mapped[int] = mapped_column(ForeignKey("pact_releases.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("pact_customers.id"), primary_key=True)


class PactOutbox(Base):
    """An event to POST to a customer's Action Events endpoint (PublishedEvent on release),
    kept until delivered so retries survive a restart: ``attempts`` so far, ``next_at`` the
    time of the next one, ``failed_at`` set when the retries are exhausted."""

    __tablename__ = "pact_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("pact_customers.id"), index=True)
    event: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
