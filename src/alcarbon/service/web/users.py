"""Web page: users of the organisation (admin): list, create, change role and sites, deactivate
or reactivate, reset the password. Same rules as PATCH /api/users/{id}: users are never deleted,
and an admin cannot demote or deactivate themself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse

from alcarbon.errors import AlcarbonError, InputError
from alcarbon.service.deps import get_db, not_found, principal, require_role
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web.render import redirect, render
from alcarbon.store import accounts, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import ROLES

router = APIRouter(include_in_schema=False)
MIN_PASSWORD = 8


def _users_page(request: Request, db: Database, p: Principal, error: str = "", status=200,
                edited: int | None = None):
    with db.read() as s:
        users = [(u, accounts.user_site_ids(s, u.id)) for u in accounts.list_users(s, p.org_id)]
        sites = studies.list_sites(s, p.org_id)
    return render(request, "users.html", status=status, users=users, sites=sites, error=error,
                  roles=ROLES, edited=edited)


def _sites(site_ids: list[int]) -> list[int]:
    return [i for i in site_ids if 0 < i <= MAX_ID]


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, p: Principal = Depends(principal),
               db: Database = Depends(get_db)):
    require_role(p, "admin")
    return _users_page(request, db, p)


@router.post("/users", response_class=HTMLResponse)
def create_user(request: Request, username: str = Form(..., max_length=100),
                password: str = Form(..., max_length=200), role: str = Form(...),
                display_name: str = Form("", max_length=200),
                site_ids: list[int] = Form([]), p: Principal = Depends(principal),
                db: Database = Depends(get_db)):
    require_role(p, "admin")
    try:
        if len(password) < MIN_PASSWORD:
            raise InputError("password too short", where="password",
                             expected=f"at least {MIN_PASSWORD} characters")
        new_hash = accounts.hash_password(password)  # before the write lock
        with db.write() as s:
            u = accounts.create_user(s, p.org_id, username.replace("\x00", ""), new_hash, role,
                                     display_name.replace("\x00", ""), site_ids=_sites(site_ids))
            accounts.audit(s, p.org_id, p.user_id, u.id, "user_created",
                           f"{u.username} as {u.role}")
    except AlcarbonError as exc:
        return _users_page(request, db, p, exc.render(), 422)
    return redirect("/users")


@router.post("/users/{user_id}", response_class=HTMLResponse)
def update_user(request: Request, user_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                role: str = Form(...), active: str | None = Form(None),
                display_name: str = Form("", max_length=200),
                password: str = Form("", max_length=200), site_ids: list[int] = Form([]),
                p: Principal = Depends(principal), db: Database = Depends(get_db)):
    require_role(p, "admin")
    is_active = active is not None
    try:
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}", where="role", expected=", ".join(ROLES))
        if password and len(password) < MIN_PASSWORD:
            raise InputError("password too short", where="password",
                             expected=f"at least {MIN_PASSWORD} characters, or empty")
        new_hash = accounts.hash_password(password) if password else None  # before the lock
        with db.write() as s:
            u = accounts.get_user(s, p.org_id, user_id)
            if u is None:
                raise not_found("no such user")
            if u.id == p.user_id and (not is_active or role != "admin"):
                raise InputError("you cannot demote or deactivate yourself",
                                 where=f"user {u.username}")
            # audited; a password reset or deactivation ends the user's sessions and tokens
            accounts.change_user(s, p, u, role=role, active=is_active,
                                 display_name=display_name.replace("\x00", ""),
                                 password_hash=new_hash, site_ids=_sites(site_ids))
    except AlcarbonError as exc:
        return _users_page(request, db, p, exc.render(), 422, edited=user_id)
    return redirect("/users")
