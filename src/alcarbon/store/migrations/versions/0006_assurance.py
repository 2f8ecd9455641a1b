"""Verifier sign-offs (assurance) of study revisions, carried into released PACT footprints.

Numbered 0006 after 0005; 0004 (jobs) comes from another branch and is chained by the lead.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "assurance_signoffs", sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False,
                  index=True),
        sa.Column("study_id", sa.Integer(), sa.ForeignKey("studies.id"), nullable=False,
                  index=True),
        sa.Column("revision_id", sa.Integer(), sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("verifier_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("provider_name", sa.String(200), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("standard_name", sa.String(200), nullable=False),
        sa.Column("boundary", sa.String(20), nullable=False),
        sa.Column("coverage", sa.String(20), nullable=False),
        sa.Column("completed_at", TS, nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("withdrawn_at", TS, nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("withdraw_reason", sa.String(400), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("assurance_signoffs")
