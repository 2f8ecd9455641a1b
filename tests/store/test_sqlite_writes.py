"""The hot write transactions through ``Database.short_writes`` (the DB-API on a SQLite file,
a pooled connection on PostgreSQL): the same rows as the SQLAlchemy path, conflicts and
constraints as before, nothing half-written."""

from __future__ import annotations

import hashlib
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError

from alcarbon.store import results, studies
from alcarbon.store.canonical import canonical_json
from alcarbon.store.models import Result, StudyRecord

from .conftest import EMPTY_STUDY


def _raw_created(db, table: str) -> list[str]:
    with db.read_conn() as c:
        return [str(r[0]) for r in c.execute(sql(f"SELECT created_at FROM {table} ORDER BY id"))]


def test_a_save_stores_what_the_orm_path_stores(db, org_study):
    text = canonical_json(dict(EMPTY_STUDY, title="direct"))
    with db.short_writes() as run:
        assert studies.study_site(run, org_study["org"], org_study["study"]) == org_study["site"]
        assert studies.study_site(run, org_study["org"] + 1, org_study["study"]) is None
        row = studies.append_revision(run, org_study["study"], 1, text, org_study["user"],
                                      " direct ", "api")
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        stored, first = studies.get_revision(s, st), studies.get_revision(s, st, 1)
        assert st.head_revision == 2
        assert (stored.id, stored.number, stored.parent_id, stored.reason, stored.source) == (
            row.id, 2, first.id, "direct", "api")
        assert stored.data == text and stored.sha256 == hashlib.sha256(text.encode()).hexdigest()
        # the time reads back as the time written (SQLite: stored as text by the type's own
        # bind processor, in the format of the revision 1 the ORM wrote)
        assert stored.created_at.replace(tzinfo=None) == row.created_at.replace(tzinfo=None)
    if db.backend == "sqlite":
        orm, direct = _raw_created(db, "revisions")
        pattern = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"
        assert re.fullmatch(pattern, orm) and re.fullmatch(pattern, direct)


def test_a_stale_base_is_a_conflict_that_stores_nothing(db, org_study):
    text = canonical_json(dict(EMPTY_STUDY, title="x"))
    with db.short_writes() as run:
        studies.append_revision(run, org_study["study"], 1, text, org_study["user"], "first")
    with pytest.raises(studies.RevisionConflict) as err, db.short_writes() as run:
        studies.append_revision(run, org_study["study"], 1, text, org_study["user"], "stale")
    assert (err.value.expected, err.value.actual) == (1, 2)  # the head it found: 2
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        assert st.head_revision == 2 and len(studies.list_revisions(s, st)) == 2


def test_an_error_rolls_the_whole_transaction_back(db, org_study):
    text = canonical_json(dict(EMPTY_STUDY, title="y"))
    with pytest.raises(RuntimeError), db.short_writes() as run:
        studies.append_revision(run, org_study["study"], 1, text, org_study["user"], "half")
        raise RuntimeError("after the insert")
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        assert st.head_revision == 1 and len(studies.list_revisions(s, st)) == 1


def test_foreign_keys_hold_on_the_direct_connection(db, org_study):
    st = SimpleNamespace(id=org_study["study"] + 99, org_id=org_study["org"])
    rev = SimpleNamespace(id=10_000)
    with pytest.raises(IntegrityError), db.short_writes() as run:
        results.put_result_text(run, st, rev, "k", "calc", None, "0", {}, "{}")
    with db.read() as s:
        assert s.query(Result).count() == 0


def test_a_result_is_stored_once(db, org_study):
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        rev = studies.get_revision(s, st)
    first_text = '{"a":1}'
    with db.short_writes() as run:
        got = results.put_result_text(run, st, rev, "k1", "calc", None, "0", {"n": 1},
                                      first_text)
    assert got == first_text
    with db.short_writes() as run:  # the same key again: what is stored is answered
        got = results.put_result_text(run, st, rev, "k1", "calc", None, "0", {"n": 1},
                                      '{"a":2}')
    assert got == first_text
    with db.read() as s:
        assert s.query(Result).count() == 1


def test_the_checkpointer_turns_the_direct_connections_auto_checkpoint_off(tmp_path):
    from alcarbon.store import connect
    from alcarbon.store.checkpoint import Checkpointer

    db = connect(f"sqlite:///{tmp_path / 's.sqlite3'}")

    def auto() -> int:
        with db._writing():
            return db.fast_writes._writer().execute("PRAGMA wal_autocheckpoint").fetchone()[0]

    assert auto() == 1000
    cp = Checkpointer(db, period_s=0.05)
    cp.start()
    try:
        assert auto() == 0
    finally:
        cp.stop()
    assert auto() == 1000
    db.dispose()

