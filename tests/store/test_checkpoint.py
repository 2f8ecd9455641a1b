"""The server's WAL checkpoints (alcarbon.store.checkpoint): off the commit, in a thread."""

from __future__ import annotations

import time

from sqlalchemy import text

from alcarbon.store import connect
from alcarbon.store.checkpoint import Checkpointer


def _autocheckpoint(db) -> int:
    with db.write_conn() as c:
        return c.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()


def _write_rows(db, n: int) -> None:
    with db.write_conn() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS t (x TEXT)"))
        for _ in range(n):
            c.execute(text("INSERT INTO t VALUES (:x)"), {"x": "a" * 4000})


def test_commits_leave_the_log_to_the_thread(tmp_path):
    db = connect(f"sqlite:///{tmp_path / 's.sqlite3'}")
    assert db.sqlite_file() == str(tmp_path / "s.sqlite3")
    # SQLite's documented default: a commit checkpoints once the log passes 1,000 pages
    assert _autocheckpoint(db) == 1000
    cp = Checkpointer(db, period_s=0.02)
    assert cp.start()
    try:
        assert _autocheckpoint(db) == 0  # the server's connections never checkpoint in a commit
        _write_rows(db, 50)  # ~200 KB: 50+ pages in the log
        deadline = time.monotonic() + 10
        while (cp.last is None or cp.last[1] < 50) and time.monotonic() < deadline:
            time.sleep(0.02)
        busy, frames, copied = cp.last
        # every frame of the log copied back into the database file (nobody was reading)
        assert busy == 0 and frames >= 50 and copied == frames
        # the thread reads the log's size and time before it checkpoints, so a run may still
        # follow the one above once (its reading was taken before the commit's last frame);
        # after that no write comes
        time.sleep(0.1)
        runs = cp.runs
        time.sleep(0.2)  # ten periods without a write: the log did not change, nothing is run
        assert cp.runs == runs
    finally:
        cp.stop()
    assert _autocheckpoint(db) == 1000  # SQLite's default is back for the next user
    db.dispose()


def test_the_server_runs_it_while_it_serves(tmp_path):
    from fastapi.testclient import TestClient

    from alcarbon.service.app import create_app

    db = connect(f"sqlite:///{tmp_path / 's.sqlite3'}")
    app = create_app(db)
    cp = app.state.checkpointer
    with TestClient(app) as client:
        assert client.get("/api/health").status_code == 200
        assert cp._thread is not None and cp._thread.is_alive()
        assert _autocheckpoint(db) == 0
    assert cp._thread is None and _autocheckpoint(db) == 1000
    db.dispose()
