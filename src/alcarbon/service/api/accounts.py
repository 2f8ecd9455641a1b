"""API: tokens, the current user, users and organisations, factor-library versions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request

from alcarbon.service.deps import (
    Located,
    get_db,
    login_or_throttle,
    not_found,
    principal,
    require_role,
)
from alcarbon.service.schemas import (
    MAX_ID,
    FactorLibraryOut,
    Me,
    OrgCreate,
    OrgOut,
    TokenCreate,
    TokenOut,
    TokenRequest,
    UserCreate,
    UserOut,
    UserPatch,
)
from alcarbon.store import accounts
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import Organisation
from alcarbon.store.results import list_factor_libraries

public = APIRouter(prefix="/api", tags=["auth"])
router = APIRouter(prefix="/api", dependencies=[Depends(principal)])


def _token_out(t, clear: str | None = None) -> TokenOut:
    return TokenOut(id=t.id, name=t.name, prefix=t.prefix, created_at=t.created_at,
                    revoked=t.revoked_at is not None, token=clear)


@public.get("/health")
def health() -> dict[str, str]:
    """Liveness probe."""
    return {"status": "ok"}


@public.post("/auth/token", status_code=201, response_model=TokenOut,
             responses={401: {"description": "wrong user name or password"},
                        429: {"description": "too many log-in attempts (Retry-After)"}})
def token_from_password(body: TokenRequest, request: Request,
                        db: Database = Depends(get_db)) -> TokenOut:
    """Exchange user name and password for an API token (for scripts). Throttled per account
    and per client address (429)."""
    wrong = Located(401, "username, password: wrong user name or password", ["body", "password"])
    record = login_or_throttle(request, db, body.username, body.password)
    if record is None:
        raise wrong
    with db.write() as s:
        if not accounts.login_still_valid(s, record):
            raise wrong
        tok, clear = accounts.create_token(s, record.user_id, body.name)
        return _token_out(tok, clear)


@router.get("/me", response_model=Me, tags=["auth"])
def me(p: Principal = Depends(principal), db: Database = Depends(get_db)) -> Me:
    with db.read() as s:
        org = s.get(Organisation, p.org_id)
        return Me(user_id=p.user_id, username=p.username, org_id=p.org_id,
                  organisation=org.name if org else "", role=p.role,
                  site_ids=accounts.user_site_ids(s, p.user_id), is_superadmin=p.is_superadmin)


@router.get("/tokens", response_model=list[TokenOut], tags=["auth"])
def tokens(p: Principal = Depends(principal), db: Database = Depends(get_db)) -> list[TokenOut]:
    with db.read() as s:
        return [_token_out(t) for t in accounts.list_tokens(s, p.user_id)]


@router.post("/tokens", status_code=201, response_model=TokenOut, tags=["auth"])
def new_token(body: TokenCreate, p: Principal = Depends(principal),
              db: Database = Depends(get_db)) -> TokenOut:
    with db.write() as s:
        tok, clear = accounts.create_token(s, p.user_id, body.name)
        return _token_out(tok, clear)


@router.delete("/tokens/{token_id}", status_code=204, tags=["auth"])
def revoke(token_id: int = Path(ge=1, le=MAX_ID), p: Principal = Depends(principal),
           db: Database = Depends(get_db)) -> None:
    with db.write() as s:
        if not accounts.revoke_token(s, p.user_id, token_id):
            raise not_found(f"token_id {token_id}: no such active token of yours", "path",
                            "token_id")


def _user_out(s, u) -> UserOut:
    return UserOut(id=u.id, username=u.username, display_name=u.display_name, role=u.role,
                   active=u.active, site_ids=accounts.user_site_ids(s, u.id))


@router.get("/users", response_model=list[UserOut], tags=["users"])
def users(p: Principal = Depends(principal), db: Database = Depends(get_db)) -> list[UserOut]:
    """Users of your organisation (admin and manager)."""
    require_role(p, "admin", "manager")
    with db.read() as s:
        return [_user_out(s, u) for u in accounts.list_users(s, p.org_id)]


@router.post("/users", status_code=201, response_model=UserOut, tags=["users"])
def create_user(body: UserCreate, p: Principal = Depends(principal),
                db: Database = Depends(get_db)) -> UserOut:
    """A new user of your organisation (admin)."""
    require_role(p, "admin")
    # hashed before the write transaction (a hash holds SQLite's single write lock otherwise)
    new_hash = accounts.hash_password(body.password)
    with db.write() as s:
        u = accounts.create_user(s, p.org_id, body.username, new_hash, body.role,
                                 body.display_name, site_ids=list(body.site_ids))
        accounts.audit(s, p.org_id, p.user_id, u.id, "user_created", f"{u.username} as {u.role}")
        return _user_out(s, u)


@router.patch("/users/{user_id}", response_model=UserOut, tags=["users"])
def patch_user(body: UserPatch, user_id: int = Path(ge=1, le=MAX_ID),
               p: Principal = Depends(principal), db: Database = Depends(get_db)) -> UserOut:
    """Change role, name, sites, password or deactivate (admin). Users are never deleted."""
    require_role(p, "admin")
    # hashed before the write transaction (a hash holds SQLite's single write lock otherwise)
    new_hash = accounts.hash_password(body.password) if body.password is not None else None
    with db.write() as s:
        u = accounts.get_user(s, p.org_id, user_id)
        if u is None:
            raise not_found(f"user_id {user_id}: no such user in your organisation", "path",
                            "user_id")
        if u.id == p.user_id and (body.active is False or body.role not in (None, "admin")):
            raise Located(409, "role, active: you cannot demote or deactivate yourself",
                          ["body", "role" if body.role not in (None, "admin") else "active"])
        accounts.change_user(s, p, u, role=body.role, active=body.active,
                             display_name=body.display_name, password_hash=new_hash,
                             site_ids=None if body.site_ids is None else list(body.site_ids))
        return _user_out(s, u)


@router.post("/orgs", status_code=201, response_model=OrgOut, tags=["users"])
def create_org(body: OrgCreate, p: Principal = Depends(principal),
               db: Database = Depends(get_db)) -> OrgOut:
    """A new, isolated organisation with its first admin (instance administrator only)."""
    if not p.is_superadmin:
        raise Located(403, "only the instance administrator (the account created at first "
                      "start) may create organisations", ["header", "Authorization"])
    new_hash = accounts.hash_password(body.admin_password)  # before the write lock
    with db.write() as s:
        org = accounts.create_org(s, body.name)
        u = accounts.create_user(s, org.id, body.admin_username, new_hash, "admin")
        accounts.audit(s, org.id, None, u.id, "user_created",
                       f"{u.username} as admin, with the organisation, by {p.username}")
        return OrgOut(id=org.id, name=org.name)


@router.get("/factor-libraries", response_model=list[FactorLibraryOut], tags=["results"])
def factor_libraries(db: Database = Depends(get_db)) -> list[FactorLibraryOut]:
    """Factor-library versions used by stored results."""
    with db.read() as s:
        return [FactorLibraryOut(id=f.id, version=f.version, first_used_at=f.first_used_at)
                for f in list_factor_libraries(s)]
