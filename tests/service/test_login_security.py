"""Log-in under attack (issue 12 items 5-7): the password hash runs outside any write
transaction, log-ins are throttled per account and per address (429), every failed log-in
costs one hash whether or not the account exists, and an admin's password reset or
deactivation ends the user's sessions and tokens, with the change audited."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from alcarbon.service.settings import Settings
from alcarbon.store import accounts

from .conftest import LIMIT, PASSWORD, bearer, web_login


def _client(store, **limits) -> TestClient:
    from alcarbon.service.app import create_app

    return TestClient(create_app(store[0], Settings(max_upload_bytes=LIMIT, **limits)))


@pytest.fixture
def verify_calls(monkeypatch):
    """Records every Argon2 verification (the hasher is still really called)."""
    calls: list[str] = []
    real = accounts.verify_password

    def spy(stored_hash: str, password: str) -> bool:
        calls.append(password)
        return real(stored_hash, password)

    monkeypatch.setattr(accounts, "verify_password", spy)
    return calls


def test_password_hash_runs_outside_the_write_lock(store, client, monkeypatch):
    """While the password is verified, another connection can take SQLite's write lock at once
    (before: the hash ran inside BEGIN IMMEDIATE, so 16 parallel wrong passwords stalled
    every writer and produced 500 'database is locked')."""
    path = store[0].url.removeprefix("sqlite:///")
    could_write: list[bool] = []
    real = accounts.verify_password

    def probe(stored_hash: str, password: str) -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            could_write.append(True)
        except sqlite3.OperationalError:  # database is locked
            could_write.append(False)
        finally:
            other.close()
        return real(stored_hash, password)

    monkeypatch.setattr(accounts, "verify_password", probe)
    r = client.post("/api/auth/token", json={"username": "a_editor", "password": "wrong-pass"})
    assert r.status_code == 401
    r = client.post("/api/auth/token", json={"username": "a_editor", "password": PASSWORD})
    assert r.status_code == 201
    page = client.get("/login")
    import re

    pre = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"username": "a_editor", "password": PASSWORD,
                                    "csrf_token": pre, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303
    assert could_write == [True, True, True]


@pytest.mark.parametrize("username", ["nobody", "a_inactive", "a_editor"])
def test_every_failed_login_costs_one_hash(store, client, auth, ids, verify_calls, username):
    """Unknown, deactivated and existing accounts: one Argon2 verification each, so the
    response time does not tell them apart (before: an inactive account answered without
    hashing)."""
    if username == "a_inactive":
        r = client.patch(f"/api/users/{ids['a_verifier_id']}", json={"active": False},
                         headers=auth(ids["a_admin"]))
        assert r.status_code == 200
        username = "a_verifier"
        password = PASSWORD  # the right password of a deactivated account
    else:
        password = "wrong-password"
    r = client.post("/api/auth/token", json={"username": username, "password": password})
    assert r.status_code == 401
    assert verify_calls == [password]


def test_login_throttled_per_account(store, verify_calls):
    """3 failures a minute per account: the 4th attempt (even with the right password) is 429
    without hashing; other accounts are not affected."""
    with _client(store, login_limit_account="3/minute", login_limit_address="") as c:
        for _ in range(3):
            r = c.post("/api/auth/token", json={"username": "a_editor", "password": "bad-bad-1"})
            assert r.status_code == 401
        assert len(verify_calls) == 3
        r = c.post("/api/auth/token", json={"username": "A_Editor ", "password": PASSWORD})
        assert r.status_code == 429
        assert len(verify_calls) == 3  # refused before the hash
        assert "username" in r.json()["detail"] and r.json()["loc"] == ["body", "username"]
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        r = c.post("/api/auth/token", json={"username": "a_manager", "password": PASSWORD})
        assert r.status_code == 201


def test_successful_logins_do_not_use_up_the_account_limit(store):
    with _client(store, login_limit_account="2/minute", login_limit_address="") as c:
        for _ in range(4):
            r = c.post("/api/auth/token", json={"username": "a_editor", "password": PASSWORD})
            assert r.status_code == 201


def test_login_throttled_per_address_api_and_web(store):
    """5 attempts a minute per address, counted over the API and the log-in form together."""
    with _client(store, login_limit_account="", login_limit_address="5/minute") as c:
        for i in range(5):
            r = c.post("/api/auth/token", json={"username": f"user{i}", "password": "x"})
            assert r.status_code == 401
        r = c.post("/api/auth/token", json={"username": "a_editor", "password": PASSWORD})
        assert r.status_code == 429
        assert "client address testclient" in r.json()["detail"]
        page = c.get("/login", headers={"Accept-Language": "en"})
        import re

        pre = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/login", data={"username": "a_editor", "password": PASSWORD,
                                   "csrf_token": pre, "next": "/"},
                   headers={"Accept-Language": "en"}, follow_redirects=False)
        assert r.status_code == 429 and "Too many log-in attempts" in r.text
        assert "Retry-After" in r.headers


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALCARBON_LOGIN_LIMIT_ACCOUNT", "7/hour")
    monkeypatch.setenv("ALCARBON_LOGIN_LIMIT_ADDRESS", "")
    monkeypatch.setenv("ALCARBON_RATE_LIMIT_STORAGE", "memory://")
    s = Settings.from_env()
    assert (s.login_limit_account, s.login_limit_address) == ("7/hour", "")


def _audit(store, org_id):
    with store[0].read() as s:
        return [(e.action, e.detail) for e in accounts.audit_events(s, org_id)]


def test_password_reset_ends_sessions_and_tokens(store, client, auth, ids):
    victim = TestClient(client.app)
    web_login(victim, "a_editor")
    assert victim.get("/", follow_redirects=False).status_code == 200
    r = client.patch(f"/api/users/{ids['a_editor_id']}", json={"password": "new-password-9"},
                     headers=auth(ids["a_admin"]))
    assert r.status_code == 200
    assert client.get("/api/me", headers=bearer(ids["a_editor"])).status_code == 401
    assert victim.get("/", follow_redirects=False).status_code == 303  # back to log-in
    assert _audit(store, ids["a_org"]) == [("password_reset", ""),
                                           ("access_ended", "1 session(s), 1 token(s)")]
    r = client.post("/api/auth/token", json={"username": "a_editor",
                                             "password": "new-password-9"})
    assert r.status_code == 201


def test_deactivation_ends_access_and_reactivation_does_not_revive_it(store, client, auth, ids):
    admin = auth(ids["a_admin"])
    url = f"/api/users/{ids['a_manager_id']}"
    assert client.patch(url, json={"active": False}, headers=admin).status_code == 200
    assert client.patch(url, json={"active": True}, headers=admin).status_code == 200
    # the old token was revoked, not merely hidden while the account was inactive
    assert client.get("/api/me", headers=bearer(ids["a_manager"])).status_code == 401
    assert _audit(store, ids["a_org"]) == [("deactivate", ""),
                                           ("access_ended", "0 session(s), 1 token(s)"),
                                           ("activate", "")]


def test_role_change_is_audited_with_actor(store, client, auth, ids):
    r = client.patch(f"/api/users/{ids['a_editor_id']}", json={"role": "manager"},
                     headers=auth(ids["a_admin"]))
    assert r.status_code == 200 and r.json()["role"] == "manager"
    with store[0].read() as s:
        (ev,) = accounts.audit_events(s, ids["a_org"])
        assert (ev.action, ev.detail, ev.actor_id, ev.target_user_id) == (
            "role", "editor -> manager", ids["a_admin_id"], ids["a_editor_id"])
    # a role change alone does not log the user out
    assert client.get("/api/me", headers=bearer(ids["a_editor"])).status_code == 200
    assert _audit(store, ids["b_org"]) == []


def test_web_password_reset_ends_sessions(store, client, ids):
    victim = TestClient(client.app)
    web_login(victim, "a_editor")
    csrf = web_login(client, "a_admin")
    r = client.post(f"/users/{ids['a_editor_id']}",
                    data={"role": "editor", "active": "on", "display_name": "",
                          "password": "new-password-9", "site_ids": [ids["a_site1"]],
                          "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert victim.get("/", follow_redirects=False).status_code == 303
    assert client.get("/api/me", headers=bearer(ids["a_editor"])).status_code == 401
    assert [a for a, _ in _audit(store, ids["a_org"])] == ["password_reset", "access_ended"]


def test_argon2_verifications_are_capped(monkeypatch):
    """8 parallel failed log-ins with 2 slots: never more than 2 hashes at once (before: all 8,
    64 MiB each)."""
    import threading
    import time

    monkeypatch.setattr(accounts, "VERIFY_SLOTS", threading.BoundedSemaphore(2))
    running, peak, lock = [0], [0], threading.Lock()

    def slow_verify(stored_hash: str, password: str) -> bool:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
        return False

    monkeypatch.setattr(accounts, "verify_password", slow_verify)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", ["$argon2id$dummy"])
    threads = [threading.Thread(target=accounts.password_matches, args=(None, "pw"))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert peak[0] == 2


def test_user_creation_is_audited(store, client, auth, ids):
    r = client.post("/api/users", json={"username": "newbie", "password": "newbie-pass-1",
                                        "role": "verifier"}, headers=auth(ids["a_admin"]))
    assert r.status_code == 201
    assert _audit(store, ids["a_org"]) == [("user_created", "newbie as verifier")]


def test_password_reset_during_the_hash_refuses_the_login(store, client, ids, monkeypatch):
    """The hash runs outside any transaction, so an admin may reset the password (or deactivate
    the account) while it runs: the token is then not issued."""
    real = accounts.verify_password

    def reset_meanwhile(stored_hash: str, password: str) -> bool:
        ok = real(stored_hash, password)
        with store[0].write() as s:
            user = s.get(accounts.User, ids["a_editor_id"])
            user.password_hash = accounts.hash_password("reset-by-admin-1")
        return ok

    monkeypatch.setattr(accounts, "verify_password", reset_meanwhile)
    r = client.post("/api/auth/token", json={"username": "a_editor", "password": PASSWORD})
    assert r.status_code == 401
    with store[0].read() as s:
        assert len(accounts.list_tokens(s, ids["a_editor_id"])) == 1  # only the fixture's


@pytest.fixture
def hash_probe(store, monkeypatch):
    """Wraps the Argon2 hasher: every ``hash`` (a new password) first tries to take SQLite's write
    lock from a second connection and records whether it could."""
    path = store[0].url.removeprefix("sqlite:///")
    could_write: list[bool] = []
    real = accounts._hasher

    class Probe:
        def __init__(self):
            self._real = real()

        def hash(self, password: str) -> str:
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                could_write.append(True)
            except sqlite3.OperationalError:  # database is locked
                could_write.append(False)
            finally:
                other.close()
            return self._real.hash(password)

        def verify(self, stored_hash: str, password: str) -> bool:
            return self._real.verify(stored_hash, password)

    monkeypatch.setattr(accounts, "_hasher", Probe)
    return could_write


def test_new_passwords_are_hashed_outside_the_write_lock(client, ids, auth, hash_probe):
    """Issue 12 item 5, for every place that hashes a new password: creating a user (API and
    form), creating an organisation with its admin (API), resetting a password (API and form).
    Before: create_user hashed inside the write transaction, holding the lock for the hash."""
    admin = auth(ids["a_admin"])
    r = client.post("/api/users", headers=admin, json={
        "username": "a_api_new", "password": "long-enough-1", "role": "editor"})
    assert r.status_code == 201, r.text
    r = client.post("/api/orgs", headers=admin, json={
        "name": "Org C", "admin_username": "c_admin", "admin_password": "long-enough-2"})
    assert r.status_code == 201, r.text
    r = client.patch(f"/api/users/{ids['a_verifier_id']}", headers=admin,
                     json={"password": "long-enough-3"})
    assert r.status_code == 200, r.text
    assert hash_probe == [True, True, True]
    csrf = web_login(client, "a_admin")
    r = client.post("/users", follow_redirects=False, data={
        "csrf_token": csrf, "username": "a_web_new", "password": "long-enough-4",
        "role": "editor"})
    assert r.status_code == 303, r.text
    r = client.post(f"/users/{ids['a_manager_id']}", follow_redirects=False, data={
        "csrf_token": csrf, "role": "manager", "active": "on", "password": "long-enough-5"})
    assert r.status_code == 303, r.text
    assert hash_probe == [True] * 5
    # the new passwords work
    for name, pw in (("a_api_new", "long-enough-1"), ("c_admin", "long-enough-2"),
                     ("a_verifier", "long-enough-3"), ("a_web_new", "long-enough-4"),
                     ("a_manager", "long-enough-5")):
        r = client.post("/api/auth/token", json={"username": name, "password": pw})
        assert r.status_code == 201, (name, r.text)
