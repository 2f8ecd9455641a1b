"""Request dependencies: the store, the authenticated principal, permission checks.

Authentication: ``Authorization: Bearer alc_...`` (API token, for scripts) or the
``alcarbon_session`` cookie (browser, with a CSRF token on state-changing requests, see
:mod:`alcarbon.service.csrf`).

Permissions (GB/T 44905 6.3 data management; organisations are isolated):

============  =========  ==============  ========  =====
action        editor     manager         verifier  admin
============  =========  ==============  ========  =====
read          own sites  all org sites   all       all
enter data    own sites  all             no        all
sites         no         create/rename   no        yes
comment       own sites  yes             yes       yes
compute       own sites  yes             yes       yes
users         no         no              no        yes
============  =========  ==============  ========  =====

An object of another organisation, or a site an editor is not assigned to, is reported as 404.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import HTTPException, Request

from alcarbon.store.accounts import (
    LoginRecord,
    Principal,
    principal_for,
    session_user,
    token_principal,
)
from alcarbon.store.db import Database
from alcarbon.store.models import User

SESSION_COOKIE = "alcarbon_session"
security_log = logging.getLogger("alcarbon.security")
READ_ALL = frozenset({"manager", "verifier", "admin"})
EDIT_ALL = frozenset({"manager", "admin"})


class LoginRequired(Exception):
    """No valid credentials (API: 401; web page: redirect to the login page)."""


async def get_db(request: Request) -> Database:
    """The store. ``async``: FastAPI runs a plain ``def`` dependency in the thread pool, one
    thread hand-off per request just to read an attribute."""
    return request.app.state.db


def authenticate(request: Request, db: Database) -> Principal | None:
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer":
            return None
        with db.short_reads() as run:
            return token_principal(run, token.strip())
    with db.read() as s:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        if cookie:
            found = session_user(s, cookie)
            if found:
                return principal_for(s, found[0], "session", found[1])
    return None


async def short_read(db: Database, fn, *args):
    """``fn(*args)``, a short read of the store from async code: on the event loop for SQLite
    (a local file: a thread hand-off would cost more than the query), in the thread pool for a
    database server, whose round trip would otherwise stall every request of the process."""
    return await sized(db, 0, fn, *args)


#: the largest study (unit processes plus their input and output rows) whose save or calculation
#: runs on the event loop of its server process rather than in the thread pool. Project choice,
#: measured (docs/performance.md, "Service"): the thread hand-off and the GIL traffic it causes
#: cost ~4-6 ms of CPU per save + calculate pair of the coal example (6 units, 29 rows; ~5 ms of
#: work); a study of 100 lines keeps the loop busy for some 10-30 ms; bigger ones go to the
#: pool so that one calculation does not stall every other request of its process for longer.
INLINE_LINES = 100


def study_lines(data: Any) -> int:
    """Unit processes plus their input and output rows in study data (its size for
    :func:`sized`); a study that is not even shaped like one counts as small (it fails fast)."""
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, list):
        return 0
    return len(units) + sum(len(u.get("inputs") or []) + len(u.get("outputs") or [])
                            for u in units if isinstance(u, dict))


async def sized(db: Database, lines: int, fn, *args):
    """``fn(*args)`` for a study of ``lines`` (:func:`study_lines`): on the event loop when the
    study is small and the store is SQLite, else in the thread pool (see :data:`INLINE_LINES`)."""
    if lines <= INLINE_LINES and db.backend == "sqlite":
        return fn(*args)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)


async def principal(request: Request) -> Principal:
    """The caller; enforces CSRF on cookie-authenticated state-changing requests."""
    from alcarbon.service.csrf import require_csrf

    # the store read directly, not as a sub-dependency: one dependency less to solve per request
    p = await short_read(request.app.state.db, authenticate, request, request.app.state.db)
    if p is None:
        raise LoginRequired()
    if p.via == "session":
        await require_csrf(request, p.csrf_token)
    request.state.principal = p
    return p


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def login_or_throttle(request: Request, db: Database, username: str,
                      password: str) -> LoginRecord | None:
    """The user's log-in record for these credentials, None if wrong; raises Throttled (429)
    when the account or the client address has used up its log-in attempts. Failures are logged (one
    line: account and address, never the password)."""
    from alcarbon.store.accounts import check_login

    limiter = request.app.state.limiter
    address = client_address(request)
    limiter.before_attempt(username, address)
    record = check_login(db, username, password)
    if record is None:
        limiter.failed(username)
        security_log.warning("failed log-in for %r from %s", username.strip()[:100], address)
    return record


def can_read_site(p: Principal, site_id: int) -> bool:
    return p.role in READ_ALL or site_id in p.site_ids


def can_edit_site(p: Principal, site_id: int) -> bool:
    return p.role in EDIT_ALL or (p.role == "editor" and site_id in p.site_ids)


def readable_site_ids(p: Principal) -> frozenset[int] | None:
    """None = every site of the organisation."""
    return None if p.role in READ_ALL else p.site_ids


class Located(HTTPException):
    """An HTTP error that names where the problem is: the JSON body gets ``loc`` (as in
    FastAPI's 422 items), e.g. ``["path", "study_id"]``."""

    def __init__(self, status_code: int, detail: str, loc: tuple[str, ...] | list[str] = (),
                 headers: dict[str, str] | None = None):
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        self.loc = list(loc)


def not_found(what: str = "not found", *loc: str) -> HTTPException:
    return Located(404, what, loc)


def forbidden(what: str, *loc: str) -> HTTPException:
    return Located(403, what, loc)


def require_edit(p: Principal, site_id: int) -> None:
    if not can_edit_site(p, site_id):
        raise forbidden(f"role {p.role!r} may not change data of site {site_id}", "site_id")


def require_role(p: Principal, *roles: str) -> None:
    if p.role not in roles:
        raise forbidden(f"needs role {' or '.join(roles)}; you are {p.role!r}", "header",
                        "Authorization")


def load_user(s, p: Principal) -> User:
    user = s.get(User, p.user_id)
    if user is None:  # deleted between authentication and use: treat as logged out
        raise LoginRequired()
    return user
