"""Database down or busy (issue 12 item 8): 503 with a clear message (JSON under /api, a small
page for the web), one log line per failure and no traceback; `serve` refuses to start on an
unreachable store with exit code 3; the service recovers when the database is back."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alcarbon.service.settings import Settings
from alcarbon.store import connect
from alcarbon.store import db as store_db

from .conftest import LIMIT, bearer

SRC = Path(__file__).resolve().parents[2] / "src"


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def down_client():
    from alcarbon.service.app import create_app

    db = connect(f"postgresql+psycopg://alc:secret@127.0.0.1:{_closed_port()}/none",
                 migrate=False)
    with TestClient(create_app(db, Settings(max_upload_bytes=LIMIT))) as c:
        yield c
    db.dispose()


def test_api_answers_503_when_the_database_is_unreachable(down_client, caplog):
    caplog.set_level(logging.ERROR, logger="alcarbon.service")
    assert down_client.get("/api/health").status_code == 200  # liveness needs no database
    r = down_client.get("/api/me", headers=bearer("alc_whatever"))
    assert r.status_code == 503
    assert r.json()["detail"].startswith("database unavailable: retry in 5 s")
    assert r.headers["Retry-After"] == "5"
    r = down_client.post("/api/auth/token", json={"username": "a", "password": "b"})
    assert r.status_code == 503
    lines = [rec for rec in caplog.records if rec.name == "alcarbon.service"]
    assert len(lines) == 2  # one line per failed request
    assert all(rec.exc_info is None for rec in lines)  # no traceback
    assert "GET /api/me" in lines[0].getMessage() and "secret" not in caplog.text


def test_web_page_503_in_the_reader_language(down_client):
    down_client.cookies.set("alcarbon_session", "x")
    r = down_client.get("/", headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 503 and "服务暂不可用" in r.text and "database" not in r.text
    r = down_client.get("/", headers={"Accept-Language": "en"})
    assert r.status_code == 503 and "Service unavailable" in r.text


def test_locked_sqlite_gives_503_then_recovers(template_store, tmp_path, monkeypatch):
    """A write lock held longer than busy_timeout: 503 'database busy', nothing saved; once the
    lock is released the same request succeeds."""
    import shutil

    from alcarbon.service.app import create_app

    src, ids = template_store
    path = tmp_path / "s.sqlite3"
    shutil.copyfile(src, path)
    monkeypatch.setattr(store_db, "SQLITE_BUSY_MS", 200)
    db = connect(f"sqlite:///{path}")
    url = f"/api/studies/{ids['a_study']}/revisions"
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        with TestClient(create_app(db, Settings(max_upload_bytes=LIMIT))) as c:
            head = c.get(f"/api/studies/{ids['a_study']}", headers=bearer(ids["a_admin"]))
            base = head.json()["head_revision"]
            body = {"base_revision": base, "reason": "while locked",
                    "study": c.get(f"{url}/{base}", headers=bearer(ids["a_admin"])).json()["study"]}
            holder.execute("BEGIN IMMEDIATE")
            r = c.post(url, json=body, headers=bearer(ids["a_admin"]))
            assert r.status_code == 503 and r.json()["detail"].startswith("database busy")
            holder.execute("ROLLBACK")
            r = c.post(url, json=body, headers=bearer(ids["a_admin"]))
            assert r.status_code == 201 and r.json()["number"] == base + 1
    finally:
        holder.close()
        db.dispose()


def _serve(db_url: str, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(SRC), ALCARBON_ADMIN_USER="boss",
               ALCARBON_ADMIN_PASSWORD="very-secret-1", XDG_DATA_HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "alcarbon.cli.main", "serve", "--db", db_url,
                           "--port", str(_closed_port())], env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_serve_with_unreachable_database_says_so_and_exits_3(tmp_path):
    r = _serve(f"postgresql://alc:secret@127.0.0.1:{_closed_port()}/none", tmp_path)
    assert r.returncode == 3, r.stderr
    assert "cannot open the database" in r.stderr and "Traceback" not in r.stderr
    assert "secret" not in r.stderr and "***" in r.stderr  # password masked


def test_serve_with_unwritable_sqlite_folder_exits_3(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = _serve(f"sqlite:///{blocker}/sub/s.sqlite3", tmp_path)
    assert r.returncode == 3, r.stderr
    assert "cannot create the folder" in r.stderr and "Traceback" not in r.stderr
