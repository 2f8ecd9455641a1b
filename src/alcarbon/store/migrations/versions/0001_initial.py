"""Initial schema: organisations, users, sites, studies, revisions, evidence, results.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(name: str, target: str, *, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable, index=index)


def upgrade() -> None:
    op.create_table(
        "organisations", _id(),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "users", _id(),
        _fk("org_id", "organisations.id", index=True),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("is_superadmin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "sites", _id(),
        _fk("org_id", "organisations.id", index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("province", sa.String(100), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("org_id", "name"),
    )
    op.create_table(
        "user_sites",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), primary_key=True),
    )
    op.create_table(
        "api_tokens", _id(),
        _fk("user_id", "users.id", index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
    )
    op.create_table(
        "web_sessions", _id(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _fk("user_id", "users.id", index=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("ended_at", TS, nullable=True),
    )
    op.create_table(
        "studies", _id(),
        _fk("org_id", "organisations.id", index=True),
        _fk("site_id", "sites.id", index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("product", sa.String(40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("head_revision", sa.Integer(), nullable=False),
        _fk("created_by", "users.id"),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "revisions", _id(),
        _fk("study_id", "studies.id", index=True),
        sa.Column("number", sa.Integer(), nullable=False),
        _fk("parent_id", "revisions.id", nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        _fk("author_id", "users.id"),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("study_id", "number"),
    )
    op.create_table(
        "evidence", _id(),
        _fk("org_id", "organisations.id", index=True),
        _fk("study_id", "studies.id", index=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        _fk("uploaded_by", "users.id"),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "evidence_links", _id(),
        _fk("evidence_id", "evidence.id", index=True),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("flow", sa.String(200), nullable=False),
        _fk("created_by", "users.id"),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "factor_libraries", _id(),
        sa.Column("version", sa.String(200), nullable=False, unique=True),
        sa.Column("first_used_at", TS, nullable=False),
    )
    op.create_table(
        "results", _id(),
        _fk("org_id", "organisations.id", index=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        _fk("study_id", "studies.id", index=True),
        _fk("revision_id", "revisions.id"),
        _fk("factor_library_id", "factor_libraries.id", nullable=True),
        sa.Column("alcarbon_version", sa.String(40), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("org_id", "key"),
    )
    op.create_table(
        "comments", _id(),
        _fk("study_id", "studies.id", index=True),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _fk("author_id", "users.id"),
        sa.Column("created_at", TS, nullable=False),
    )
    _immutability_triggers()


def _immutability_triggers() -> None:
    """Revisions and evidence can be neither changed nor deleted, even by hand-written SQL."""
    if op.get_bind().dialect.name == "sqlite":
        for table in ("revisions", "evidence"):
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END"
                )
    else:
        op.execute(
            "CREATE FUNCTION alcarbon_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME; END $$"
        )
        for table in ("revisions", "evidence"):
            op.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION alcarbon_immutable()"
            )


def downgrade() -> None:
    for table in ("comments", "results", "factor_libraries", "evidence_links", "evidence",
                  "revisions", "studies", "web_sessions", "api_tokens", "user_sites", "sites",
                  "users", "organisations"):
        op.drop_table(table)
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS alcarbon_immutable()")
