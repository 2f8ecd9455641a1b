"""Accounts: Argon2 password hashes, API tokens, sessions, per-organisation look-ups."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from alcarbon.errors import InputError
from alcarbon.store import accounts, studies
from alcarbon.store.models import ApiToken, User, utcnow


def test_password_hash_is_argon2_and_verifies(db, org_study):
    with db.read() as s:
        user = s.get(User, org_study["user"])
        assert user.password_hash.startswith("$argon2id$")
        assert "password-a1" not in user.password_hash
        assert accounts.authenticate(s, "alice", "password-a1").id == user.id
        assert accounts.authenticate(s, "alice", "password-a2") is None
        assert accounts.authenticate(s, "nobody", "password-a1") is None


def test_short_password_and_bad_role_refused(db, org_study):
    with db.write() as s:
        with pytest.raises(InputError, match="at least 8"):
            accounts.hash_password("short")
        with pytest.raises(InputError, match="unknown role 'boss'"):
            accounts.create_user(s, org_study["org"], "bob", accounts.hash_password("long-enough"),
                                 "boss")


def test_create_user_refuses_a_clear_password(db, org_study):
    """create_user stores what it is given: a clear password (not an Argon2 hash) is refused."""
    with db.write() as s, pytest.raises(ValueError, match="hash_password"):
        accounts.create_user(s, org_study["org"], "bob", "password-b1", "editor")


def test_token_stored_as_sha256_and_revocable(db, org_study):
    with db.write() as s:
        tok, clear = accounts.create_token(s, org_study["user"], "ci")
        tid = tok.id
    with db.read() as s:
        row = s.get(ApiToken, tid)
        assert row.token_hash == hashlib.sha256(clear.encode()).hexdigest()
        assert accounts.user_for_token(s, clear).username == "alice"
        assert accounts.user_for_token(s, clear + "x") is None
    with db.write() as s:
        assert accounts.revoke_token(s, org_study["user"], tid)
    with db.read() as s:
        assert accounts.user_for_token(s, clear) is None


def test_session_expires_and_ends(db, org_study):
    with db.write() as s:
        cookie, csrf = accounts.start_session(s, org_study["user"])
    with db.read() as s:
        user, got_csrf = accounts.session_user(s, cookie)
        assert (user.username, got_csrf) == ("alice", csrf)
        later = utcnow() + timedelta(hours=accounts.SESSION_HOURS, minutes=1)
        assert accounts.session_user(s, cookie, now=later) is None
    with db.write() as s:
        accounts.end_session(s, cookie)
    with db.read() as s:
        assert accounts.session_user(s, cookie) is None


def test_lookups_are_scoped_to_the_organisation(db, org_study):
    with db.write() as s:
        other = accounts.create_org(s, "Org B")
        with pytest.raises(InputError, match="unknown site id"):
            accounts.create_user(s, other.id, "bob", accounts.hash_password("password-b1"),
                                 "editor",
                                       site_ids=[org_study["site"]])
    with db.read() as s:
        bob_org = other.id
        assert studies.get_study(s, bob_org, org_study["study"]) is None
        assert studies.get_site(s, bob_org, org_study["site"]) is None
        assert studies.list_studies(s, bob_org) == []
        assert accounts.get_user(s, bob_org, org_study["user"]) is None
        assert studies.get_study(s, org_study["org"], org_study["study"]) is not None
