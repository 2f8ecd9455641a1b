"""`alcarbon serve` first start: the admin account comes from environment variables."""

from __future__ import annotations

from alcarbon.cli.serve_cmd import _first_admin
from alcarbon.store import accounts, connect


def test_first_start_creates_admin_from_env_once(tmp_path, monkeypatch):
    monkeypatch.setenv("ALCARBON_ADMIN_USER", "boss")
    monkeypatch.setenv("ALCARBON_ADMIN_PASSWORD", "very-secret-1")
    monkeypatch.setenv("ALCARBON_ADMIN_ORG", "Smelter Co")
    db = connect(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        notice = _first_admin(db)
        assert "boss" in notice and "Smelter Co" in notice and "very-secret-1" not in notice
        assert _first_admin(db) is None  # second start: nothing to do
        with db.read() as s:
            user = accounts.authenticate(s, "boss", "very-secret-1")
            assert (user.role, user.is_superadmin) == ("admin", True)
    finally:
        db.dispose()


def test_first_start_without_env_generates_and_prints_password(tmp_path, monkeypatch):
    for k in ("ALCARBON_ADMIN_USER", "ALCARBON_ADMIN_PASSWORD", "ALCARBON_ADMIN_ORG"):
        monkeypatch.delenv(k, raising=False)
    db = connect(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        notice = _first_admin(db)
        password = notice.split("generated password ")[1].split(" ")[0]
        with db.read() as s:
            assert accounts.authenticate(s, "admin", password) is not None
    finally:
        db.dispose()
