"""Organisations, users, site assignments, API tokens and web sessions.

Passwords are hashed with Argon2id (argon2-cffi defaults, RFC 9106 low-memory profile). API tokens
and session tokens are 256-bit random strings; only their sha256 is stored.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from alcarbon.errors import InputError
from alcarbon.store.models import (
    ROLES,
    ApiToken,
    AuditEvent,
    Organisation,
    Site,
    User,
    UserSite,
    WebSession,
    utcnow,
)
from alcarbon.store.sqlite_reads import Reader, as_reader

TOKEN_PREFIX = "alc_"
#: Argon2 verifications running at once in this process: one per CPU core. Each takes 64 MiB
#: (argon2-cffi default memory_cost); without a cap a log-in flood multiplies that by the
#: request thread pool (40) and starves every other request of CPU.
VERIFY_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 2)
SESSION_HOURS = 12


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (tens of ms on purpose): call it before opening a write
    transaction, never inside one (on SQLite it would hold the single write lock that long)."""
    if len(password) < 8:
        raise InputError("password too short", where="password", expected="at least 8 characters")
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is asking: user, organisation, role and (for editors) the sites they may edit."""

    user_id: int
    org_id: int
    username: str
    role: str
    is_superadmin: bool = False
    site_ids: frozenset[int] = field(default_factory=frozenset)
    via: str = "token"  # "token" (Authorization header) or "session" (cookie)
    csrf_token: str = ""


def count_users(s: Session) -> int:
    return s.scalar(select(func.count(User.id))) or 0


def create_org(s: Session, name: str) -> Organisation:
    name = name.strip()
    if not name:
        raise InputError("empty organisation name", where="name")
    if s.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
        raise InputError(f"organisation {name!r} exists already", where="name",
                         expected="a new name")
    org = Organisation(name=name)
    s.add(org)
    s.flush()
    return org


def create_user(s: Session, org_id: int, username: str, password_hash: str, role: str,
                display_name: str = "", is_superadmin: bool = False,
                site_ids: list[int] | None = None) -> User:
    """A new active user. ``password_hash`` comes from :func:`hash_password`, computed before the
    write transaction (issue 12 item 5: hash outside any transaction)."""
    if not password_hash.startswith("$argon2"):
        # a programming error, not user input: a clear password must never be stored
        raise ValueError("create_user takes the hash from hash_password(), not a password")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", where="role", expected=", ".join(ROLES))
    username = username.strip()
    if not username:
        raise InputError("empty user name", where="username")
    if s.scalar(select(User.id).where(User.username == username)) is not None:
        raise InputError(f"user name {username!r} is taken", where="username",
                         expected="a new user name")
    user = User(org_id=org_id, username=username, display_name=display_name,
                password_hash=password_hash, role=role, is_superadmin=is_superadmin,
                active=True)
    s.add(user)
    s.flush()
    set_user_sites(s, user, site_ids or [])
    return user


def set_user_sites(s: Session, user: User, site_ids: list[int]) -> None:
    """Replace the sites assigned to ``user``; every site must belong to the user's organisation."""
    ids = sorted(set(site_ids))
    if ids:
        found = set(s.scalars(select(Site.id).where(Site.id.in_(ids), Site.org_id == user.org_id)))
        bad = [i for i in ids if i not in found]
        if bad:
            raise InputError(f"unknown site id(s) {bad}", where="site_ids",
                             expected="ids of sites of your organisation")
    for row in s.scalars(select(UserSite).where(UserSite.user_id == user.id)):
        s.delete(row)
    s.flush()
    for i in ids:
        s.add(UserSite(user_id=user.id, site_id=i))
    s.flush()


def user_site_ids(s: Session, user_id: int) -> list[int]:
    return list(s.scalars(select(UserSite.site_id).where(UserSite.user_id == user_id)
                          .order_by(UserSite.site_id)))


def principal_for(s: Session, user: User, via: str, csrf: str = "") -> Principal:
    """The principal of ``user``; site ids are loaded for editors only (the only role they
    limit, alcarbon.service.deps)."""
    return Principal(user.id, user.org_id, user.username, user.role, user.is_superadmin,
                     _sites_if_editor(as_reader(s), user.id, user.role), via, csrf)


# Built once: on every API request; building and cache-keying the statement cost as much as
# running it on SQLite.
_TOKEN_USER = (select(User.id, User.org_id, User.username, User.role, User.is_superadmin)
               .join(ApiToken, ApiToken.user_id == User.id)
               .where(ApiToken.token_hash == bindparam("token_hash"),
                      ApiToken.revoked_at.is_(None), User.active.is_(True)))
_USER_SITES = (select(UserSite.site_id).where(UserSite.user_id == bindparam("user_id"))
               .order_by(UserSite.site_id))


def _sites_if_editor(run: Reader, user_id: int, role: str) -> frozenset[int]:
    if role != "editor":
        return frozenset()
    return frozenset(r[0] for r in run(_USER_SITES, {"user_id": user_id}))


def token_principal(run: Reader, clear: str) -> Principal | None:
    """The principal of a live API token of an active user, else None (``run``: the reader of
    :meth:`alcarbon.store.db.Database.short_reads`)."""
    if not clear.startswith(TOKEN_PREFIX):
        return None
    found = run(_TOKEN_USER, {"token_hash": _token_hash(clear)})
    if not found:
        return None
    uid, org_id, username, role, superadmin = found[0]
    return Principal(uid, org_id, username, role, bool(superadmin),
                     _sites_if_editor(run, uid, role), "token")


def authenticate(s: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (for CLI and tests; the service
    uses :func:`check_login`, which hashes outside any transaction)."""
    user = s.scalar(select(User).where(User.username == username.strip()))
    found = LoginRecord(user.id, user.password_hash, user.active) if user else None
    return user if password_matches(found, password) else None


@dataclass(frozen=True)
class LoginRecord:
    """What a log-in needs of a user row, read in a short read transaction."""

    user_id: int
    password_hash: str
    active: bool


def login_record(s: Session, username: str) -> LoginRecord | None:
    row = s.execute(select(User.id, User.password_hash, User.active)
                    .where(User.username == username.strip())).first()
    return LoginRecord(row[0], row[1], bool(row[2])) if row else None


def password_matches(record: LoginRecord | None, password: str) -> bool:
    """Verify ``password``: against a dummy hash when the account is unknown or inactive, so that
    every failed log-in costs one Argon2 verification and the timing does not tell which
    accounts exist or are deactivated."""
    with VERIFY_SLOTS:
        if record is None or not record.active:
            verify_password(_dummy(), password)
            return False
        return verify_password(record.password_hash, password)


def check_login(db, username: str, password: str) -> LoginRecord | None:
    """The record of the active user with these credentials, else None.

    The Argon2 verification (tens of ms, on purpose) runs after the read session is closed: on
    SQLite a hash inside a write transaction holds the single write lock that long, and parallel
    wrong-password requests stalled every writer ("database is locked")."""
    with db.read() as s:
        record = login_record(s, username)
    return record if password_matches(record, password) else None


def login_still_valid(s: Session, record: LoginRecord) -> bool:
    """In the write transaction that starts the session or token: the account is still active
    with the password just verified (an admin may have reset or deactivated it meanwhile)."""
    row = s.execute(select(User.password_hash, User.active)
                    .where(User.id == record.user_id)).first()
    return row is not None and row[0] == record.password_hash and bool(row[1])


_DUMMY_HASH: list[str] = [""]


def _dummy() -> str:
    if not _DUMMY_HASH[0]:
        _DUMMY_HASH[0] = _hasher().hash(secrets.token_hex(16))
    return _DUMMY_HASH[0]


def audit(s: Session, org_id: int, actor_id: int | None, target_user_id: int | None,
          action: str, detail: str = "") -> None:
    """Append an audit event (account changes; GB/T 44905 6.3 records)."""
    s.add(AuditEvent(org_id=org_id, actor_id=actor_id, target_user_id=target_user_id,
                     action=action, detail=detail[:500]))


def audit_events(s: Session, org_id: int) -> list[AuditEvent]:
    return list(s.scalars(select(AuditEvent).where(AuditEvent.org_id == org_id)
                          .order_by(AuditEvent.id)))


def end_all_access(s: Session, user_id: int) -> tuple[int, int]:
    """End every open web session and revoke every API token of the user; (sessions, tokens)."""
    now = utcnow()
    sess = s.execute(update(WebSession).where(WebSession.user_id == user_id,
                                              WebSession.ended_at.is_(None))
                     .values(ended_at=now)).rowcount
    toks = s.execute(update(ApiToken).where(ApiToken.user_id == user_id,
                                            ApiToken.revoked_at.is_(None))
                     .values(revoked_at=now)).rowcount
    return sess, toks


def change_user(s: Session, actor: Principal, user: User, *, role: str | None = None,
                active: bool | None = None, display_name: str | None = None,
                password_hash: str | None = None, site_ids: list[int] | None = None) -> None:
    """Apply an administrator's changes to ``user`` (None = unchanged), audit each change, and
    end the user's sessions and API tokens on a password reset or a deactivation.

    ``password_hash`` comes from :func:`hash_password`, computed before the write transaction.
    """
    if role is not None and role not in ROLES:
        raise InputError(f"unknown role {role!r}", where="role", expected=", ".join(ROLES))
    events: list[tuple[str, str]] = []
    if role is not None and role != user.role:
        events.append(("role", f"{user.role} -> {role}"))
        user.role = role
    if active is not None and active != user.active:
        events.append(("activate" if active else "deactivate", ""))
        user.active = active
    if display_name is not None:
        user.display_name = display_name
    if password_hash is not None:
        events.append(("password_reset", ""))
        user.password_hash = password_hash
    if site_ids is not None:
        before = user_site_ids(s, user.id)
        set_user_sites(s, user, site_ids)
        after = user_site_ids(s, user.id)
        if after != before:
            events.append(("sites", f"{before} -> {after}"))
    if password_hash is not None or active is False:
        ended, revoked = end_all_access(s, user.id)
        events.append(("access_ended", f"{ended} session(s), {revoked} token(s)"))
    for action, detail in events:
        audit(s, user.org_id, actor.user_id, user.id, action, detail)
    s.flush()


def get_user(s: Session, org_id: int, user_id: int) -> User | None:
    return s.scalar(select(User).where(User.id == user_id, User.org_id == org_id))


def list_users(s: Session, org_id: int) -> list[User]:
    return list(s.scalars(select(User).where(User.org_id == org_id).order_by(User.id)))


def create_token(s: Session, user_id: int, name: str) -> tuple[ApiToken, str]:
    """A new API token; the clear text is returned once and never stored."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    tok = ApiToken(user_id=user_id, name=name.strip() or "token", token_hash=_token_hash(clear),
                   prefix=clear[:10])
    s.add(tok)
    s.flush()
    return tok, clear


def list_tokens(s: Session, user_id: int) -> list[ApiToken]:
    return list(s.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                          .order_by(ApiToken.id)))


def revoke_token(s: Session, user_id: int, token_id: int) -> bool:
    res = s.execute(update(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id,
                                           ApiToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))
    return res.rowcount == 1


def user_for_token(s: Session, clear: str) -> User | None:
    if not clear.startswith(TOKEN_PREFIX):
        return None
    row = s.execute(select(User).join(ApiToken, ApiToken.user_id == User.id)
                    .where(ApiToken.token_hash == _token_hash(clear),
                           ApiToken.revoked_at.is_(None), User.active.is_(True))).first()
    return row[0] if row else None


def start_session(s: Session, user_id: int) -> tuple[str, str]:
    """A new web session: (cookie value, CSRF token)."""
    clear = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    s.add(WebSession(token_hash=_token_hash(clear), user_id=user_id, csrf_token=csrf,
                     expires_at=utcnow() + timedelta(hours=SESSION_HOURS)))
    s.flush()
    return clear, csrf


def session_user(s: Session, clear: str, now: datetime | None = None) -> tuple[User, str] | None:
    """(user, CSRF token) of a live session cookie, else None."""
    now = now or utcnow()
    row = s.execute(select(User, WebSession).join(WebSession, WebSession.user_id == User.id)
                    .where(WebSession.token_hash == _token_hash(clear),
                           WebSession.ended_at.is_(None), User.active.is_(True))).first()
    if row is None:
        return None
    user, sess = row
    expires = sess.expires_at
    if expires.tzinfo is None:  # SQLite returns naive UTC
        from datetime import UTC

        expires = expires.replace(tzinfo=UTC)
    if expires <= now:
        return None
    return user, sess.csrf_token


def end_session(s: Session, clear: str) -> None:
    s.execute(update(WebSession).where(WebSession.token_hash == _token_hash(clear))
              .values(ended_at=utcnow()))
