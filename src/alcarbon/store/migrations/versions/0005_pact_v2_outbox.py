"""PACT host: the v2.3 extras frozen with a release, and the outbox of events to customers
(PublishedEvent on release) with persisted retries.

Follows 0004 (jobs).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("pact_releases") as b:
        b.add_column(sa.Column("v2_extras", sa.Text(), nullable=True))
    op.create_table(
        "pact_outbox", sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("pact_customers.id"),
                  nullable=False, index=True),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", TS, nullable=False, index=True),
        sa.Column("delivered_at", TS, nullable=True),
        sa.Column("failed_at", TS, nullable=True),
        sa.Column("last_error", sa.String(500), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pact_outbox")
    with op.batch_alter_table("pact_releases") as b:
        b.drop_column("v2_extras")
