"""Web pages: log in/out, language, API tokens (users: web.users)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse

from alcarbon.service.csrf import PRE_COOKIE, tokens_match
from alcarbon.service.deps import SESSION_COOKIE, get_db, login_or_throttle, principal
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web import i18n
from alcarbon.service.web.render import redirect, render, safe_next
from alcarbon.store import accounts
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/"):
    pre = secrets.token_urlsafe(24)
    resp = render(request, "login.html", pre=pre, next=safe_next(next), error="")
    resp.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict",
                    secure=request.app.state.settings.secure_cookies)
    return resp


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""),
          csrf_token: str = Form(""), next: str = Form("/"), db: Database = Depends(get_db)):
    """Log-in CSRF protection: the form's token must equal the pre-session cookie."""
    if not tokens_match(request.cookies.get(PRE_COOKIE, ""), csrf_token):
        return render(request, "login.html", status=403, pre="", next=safe_next(next),
                      error="CSRF")
    record = login_or_throttle(request, db, username, password)  # Throttled -> 429 page
    cookie = None
    if record is not None:
        with db.write() as s:  # still active with this password (a reset may have come between)
            if accounts.login_still_valid(s, record):
                cookie, _ = accounts.start_session(s, record.user_id)
    if cookie is None:
        pre = secrets.token_urlsafe(24)
        t = i18n.translator(i18n.lang_of(request))
        resp = render(request, "login.html", status=401, pre=pre, next=safe_next(next),
                      error=t("login_failed"))
        resp.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict")
        return resp
    resp = redirect(safe_next(next))
    resp.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="lax",
                    secure=request.app.state.settings.secure_cookies,
                    max_age=accounts.SESSION_HOURS * 3600)
    resp.delete_cookie(PRE_COOKIE)
    return resp


@router.post("/logout")
def logout(request: Request, p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.write() as s:
        accounts.end_session(s, request.cookies.get(SESSION_COOKIE, ""))
    resp = redirect("/login")
    resp.delete_cookie(SESSION_COOKIE)
    return resp


@router.get("/lang/{code}")
def set_language(code: str, next: str = "/"):
    resp = redirect(safe_next(next))
    if code in i18n.LANGS:
        resp.set_cookie("lang", code, max_age=365 * 86400, samesite="lax")
    return resp


@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, p: Principal = Depends(principal),
                db: Database = Depends(get_db)):
    with db.read() as s:
        rows = accounts.list_tokens(s, p.user_id)
    return render(request, "tokens.html", tokens=rows, new_token="")


@router.post("/tokens", response_class=HTMLResponse)
def create_token(request: Request, name: str = Form("script", max_length=100),
                 p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.write() as s:
        _, clear = accounts.create_token(s, p.user_id, name.replace("\x00", ""))
        rows = accounts.list_tokens(s, p.user_id)
    return render(request, "tokens.html", tokens=rows, new_token=clear)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: Annotated[int, Path(ge=1, le=MAX_ID)], p: Principal = Depends(principal),
                 db: Database = Depends(get_db)):
    with db.write() as s:
        accounts.revoke_token(s, p.user_id, token_id)
    return redirect("/tokens")
