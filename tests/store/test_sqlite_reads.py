"""Credential reads through the DB-API of a SQLite store (alcarbon.store.sqlite_reads): the same
principal as the pooled SQLAlchemy path in every case, SQLAlchemy's errors, no leaked handles."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from alcarbon.store import accounts, connect, studies
from alcarbon.store.models import User
from alcarbon.store.sqlite_reads import as_reader


@pytest.fixture
def store(tmp_path):
    db = connect(f"sqlite:///{tmp_path / 's.sqlite3'}")
    pw = accounts.hash_password("password-1")
    with db.write() as s:
        org = accounts.create_org(s, "Org A")
        s1 = studies.create_site(s, org.id, "Plant 1", "Yunnan")
        s2 = studies.create_site(s, org.id, "Plant 2", "Henan")
        boss = accounts.create_user(s, org.id, "boss", pw, "admin", is_superadmin=True)
        ed = accounts.create_user(s, org.id, "ed", pw, "editor", site_ids=[s2.id, s1.id])
        ids = {"boss": boss.id, "ed": ed.id, "sites": {s1.id, s2.id}}
        ids["boss_tok"] = accounts.create_token(s, boss.id, "t")[1]
        ed_tok, ids["ed_tok"] = accounts.create_token(s, ed.id, "t")
        ids["ed_tok_id"] = ed_tok.id
    yield db, ids
    db.dispose()


def _both(db, token):
    """The principal by a pooled SQLAlchemy connection, and by the DB-API reader."""
    with db.read_conn() as c:
        pooled = accounts.token_principal(as_reader(c), token)
    assert db.fast_reads is not None
    with db.short_reads() as run:
        return pooled, accounts.token_principal(run, token)


def _principal(db, token):
    with db.short_reads() as run:
        return accounts.token_principal(run, token)


def test_the_same_principal_as_the_pooled_path(store):
    db, ids = store
    pooled, fast = _both(db, ids["boss_tok"])
    assert fast == pooled and fast.user_id == ids["boss"]
    assert fast.is_superadmin is True and fast.role == "admin" and fast.site_ids == frozenset()
    pooled, fast = _both(db, ids["ed_tok"])
    assert fast == pooled
    assert fast.is_superadmin is False and fast.site_ids == ids["sites"]  # the editor's 2 sites
    # refused alike: unknown, not a token, revoked, user deactivated
    assert _both(db, "alc_" + "0" * 43) == (None, None)
    assert _both(db, "Bearer-ish") == (None, None)
    with db.write() as s:
        assert accounts.revoke_token(s, ids["ed"], ids["ed_tok_id"])
    assert _both(db, ids["ed_tok"]) == (None, None)
    with db.write() as s:
        s.execute(update(User).where(User.id == ids["boss"]).values(active=False))
    assert _both(db, ids["boss_tok"]) == (None, None)


def test_each_thread_its_own_connection_all_closed_at_dispose(store):
    db, ids = store
    reads = db.fast_reads
    out = []

    def work():
        out.append(_principal(db, ids["boss_tok"]).user_id)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    work()
    assert out == [ids["boss"]] * 4
    assert len(reads._open) == 4  # three threads and this one
    db.dispose()
    assert reads._open == []


def test_a_broken_store_raises_sqlalchemy_errors(store, tmp_path):
    db, ids = store
    with db.fast_reads.snapshot() as conn:
        conn.execute("SELECT 1")
    conn.execute("DROP TABLE api_tokens")  # autocommit: the table is gone for every reader
    with pytest.raises(OperationalError, match="no such table"):
        _principal(db, ids["boss_tok"])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_a_forked_child_opens_its_own_connection(store):
    db, ids = store
    assert _principal(db, ids["boss_tok"]).user_id == ids["boss"]
    parent = db.fast_reads._local.conn
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the same answer from a connection of its own
        ok = _principal(db, ids["boss_tok"]).user_id == ids["boss"] \
            and db.fast_reads._local.conn is not parent
        os.write(w, b"1" if ok else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(r, 1) == b"1"
    assert db.fast_reads._local.conn is parent  # the parent's own is untouched
