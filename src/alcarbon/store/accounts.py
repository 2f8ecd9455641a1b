"""Organisations, users, site assignments, API tokens and web sessions.

Passwords are hashed with Argon2id (argon2-cffi defaults, RFC 9106 low-memory profile). API tokens
and session tokens are 256-bit random strings; only their sha256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from alcarbon.errors import InputError
from alcarbon.store.models import (
    ROLES,
    ApiToken,
    Organisation,
    Site,
    User,
    UserSite,
    WebSession,
    utcnow,
)

TOKEN_PREFIX = "alc_"
SESSION_HOURS = 12


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
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


def create_user(s: Session, org_id: int, username: str, password: str, role: str,
                display_name: str = "", is_superadmin: bool = False,
                site_ids: list[int] | None = None) -> User:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", where="role", expected=", ".join(ROLES))
    username = username.strip()
    if not username:
        raise InputError("empty user name", where="username")
    if s.scalar(select(User.id).where(User.username == username)) is not None:
        raise InputError(f"user name {username!r} is taken", where="username",
                         expected="a new user name")
    user = User(org_id=org_id, username=username, display_name=display_name,
                password_hash=hash_password(password), role=role, is_superadmin=is_superadmin,
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
    return Principal(user.id, user.org_id, user.username, user.role, user.is_superadmin,
                     frozenset(user_site_ids(s, user.id)), via, csrf)


def authenticate(s: Session, username: str, password: str) -> User | None:
    user = s.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        verify_password(_DUMMY_HASH[0] or _dummy(), password)  # same time as a real check
        return None
    if not user.active or not verify_password(user.password_hash, password):
        return None
    return user


_DUMMY_HASH: list[str] = [""]


def _dummy() -> str:
    _DUMMY_HASH[0] = _hasher().hash(secrets.token_hex(16))
    return _DUMMY_HASH[0]


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
