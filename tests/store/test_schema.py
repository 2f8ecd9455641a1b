"""Migrations build exactly the models' schema; revisions and evidence cannot be changed in SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from alcarbon.store.db import resolve_url
from alcarbon.store.migrate import current, upgrade
from alcarbon.store.models import Base


def test_migration_matches_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.read_engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []
    assert current(db.read_engine) == "0006"


def test_upgrade_is_idempotent(db):
    upgrade(db.write_engine)  # second run: nothing to do, no error
    assert current(db.write_engine) == "0006"


@pytest.mark.parametrize("sql", [
    "UPDATE revisions SET reason = 'rewritten'",
    "DELETE FROM revisions",
])
def test_revisions_are_immutable_in_sql(db, org_study, sql):
    with pytest.raises(DBAPIError, match="immutable"):
        with db.write() as s:
            s.execute(text(sql))
    with db.read() as s:
        assert s.execute(text("SELECT reason FROM revisions")).scalars().all() == ["created"]


@pytest.mark.parametrize("sql", [
    "UPDATE audit_events SET detail = 'nothing happened'",
    "DELETE FROM audit_events",
])
def test_audit_events_are_immutable_in_sql(db, org_study, sql):
    from alcarbon.store import accounts

    with db.write() as s:
        accounts.audit(s, org_study["org"], org_study["user"], org_study["user"], "role",
                       "editor -> admin")
    with pytest.raises(DBAPIError, match="immutable"):
        with db.write() as s:
            s.execute(text(sql))
    with db.read() as s:
        assert s.execute(text("SELECT detail FROM audit_events")).scalars().all() == [
            "editor -> admin"]


def test_sqlite_file_created_on_first_use(tmp_path, monkeypatch):
    from alcarbon.store import connect

    monkeypatch.delenv("ALCARBON_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    database = connect()
    try:
        assert (tmp_path / "xdg" / "alcarbon" / "alcarbon.sqlite3").is_file()
        assert database.backend == "sqlite"
    finally:
        database.dispose()


def test_resolve_url(tmp_path, monkeypatch):
    monkeypatch.setenv("ALCARBON_DB", "postgresql://u:p@h:5/d")
    assert resolve_url() == "postgresql+psycopg://u:p@h:5/d"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    from alcarbon.errors import InputError

    with pytest.raises(InputError, match="unsupported database 'mysql'"):
        resolve_url("mysql://u@h/d")
