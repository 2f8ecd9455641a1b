"""PACT host: customers with client credentials, access tokens, released footprints, grants.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _fk(name: str, target: str, *, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable, index=index)


def upgrade() -> None:
    op.create_table(
        "pact_customers", sa.Column("id", sa.Integer(), primary_key=True),
        _fk("org_id", "organisations.id", index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("events_url", sa.String(500), nullable=False),
        sa.Column("callback_client_id", sa.String(200), nullable=False),
        sa.Column("callback_secret", sa.String(200), nullable=False),
        _fk("created_by", "users.id"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
    )
    op.create_table(
        "pact_tokens", sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _fk("customer_id", "pact_customers.id", index=True),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_table(
        "pact_releases", sa.Column("id", sa.Integer(), primary_key=True),
        _fk("org_id", "organisations.id", index=True),
        _fk("study_id", "studies.id", index=True),
        _fk("revision_id", "revisions.id"),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(40), nullable=False),
        sa.Column("pf_id", sa.String(36), nullable=False, unique=True),
        sa.Column("inputs_hash", sa.String(64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        _fk("released_by", "users.id"),
        sa.Column("released_at", TS, nullable=False),
        sa.Column("superseded_at", TS, nullable=True),
        sa.Column("withdrawn_at", TS, nullable=True),
        _fk("withdrawn_by", "users.id", nullable=True),
    )
    op.create_table(
        "pact_grants",
        sa.Column("release_id", sa.Integer(), sa.ForeignKey("pact_releases.id"),
                  primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("pact_customers.id"),
                  primary_key=True),
    )


def downgrade() -> None:
    for t in ("pact_grants", "pact_releases", "pact_tokens", "pact_customers"):
        op.drop_table(t)
