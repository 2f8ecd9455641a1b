"""Request and response bodies of the HTTP API (they make the served OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_ID = 2_147_483_647  # 32-bit INTEGER columns on PostgreSQL
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
RevNo = Annotated[int, Field(ge=0, le=MAX_ID)]
Role = Literal["editor", "manager", "verifier", "admin"]
Product = Literal["bauxite", "alumina", "prebaked_anode", "liquid_aluminium", "aluminium_ingot",
                  "aluminium_hydroxide"]


def _clean_text(v: str) -> str:
    if "\x00" in v:
        raise ValueError("text must not contain NUL characters")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text contains an unpaired surrogate character") from None
    return v


def Text(max_length: int, min_length: int = 0) -> Any:  # noqa: N802 - type factory
    return Annotated[str, Field(min_length=min_length, max_length=max_length),
                     AfterValidator(_clean_text)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TokenRequest(_In):
    username: Text(100, 1)
    password: Text(200, 1)
    name: Text(100) = "script"


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked: bool
    token: str | None = Field(None, description="clear token, shown only when created")


class TokenCreate(_In):
    name: Text(100) = "script"


class Me(BaseModel):
    user_id: int
    username: str
    org_id: int
    organisation: str
    role: str
    site_ids: list[int]
    is_superadmin: bool


class UserCreate(_In):
    username: Text(100, 1)
    password: Text(200, 8)
    role: Role
    display_name: Text(200) = ""
    site_ids: list[Id] = Field(default_factory=list, max_length=1000)


class UserPatch(_In):
    role: Role | None = None
    display_name: Text(200) | None = None
    active: bool | None = None
    site_ids: list[Id] | None = Field(None, max_length=1000)
    password: Text(200, 8) | None = None


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    site_ids: list[int]


class OrgCreate(_In):
    name: Text(200, 1)
    admin_username: Text(100, 1)
    admin_password: Text(200, 8)


class OrgOut(BaseModel):
    id: int
    name: str


class SiteIn(_In):
    name: Text(200, 1)
    province: Text(100) = ""


class SitePatch(_In):
    name: Text(200, 1) | None = None
    province: Text(100) | None = None


class SiteOut(BaseModel):
    id: int
    name: str
    province: str


class StudyCreate(_In):
    site_id: Id
    name: Text(200) = ""
    product: Product = "aluminium_ingot"
    period_start: date
    period_end: date
    study: dict[str, Any] | None = Field(
        None, description="initial study data (YAML/JSON shape); default: an empty inventory")
    reason: Text(2000) = "created"


class StudyPatch(_In):
    name: Text(200, 1)


class StudyOut(BaseModel):
    id: int
    site_id: int
    name: str
    product: str = Field(description="the study's product if the head revision still declares "
                         "it, else the head revision's first declared product")
    period_start: date = Field(description="data period of the head revision's study data")
    period_end: date = Field(description="data period of the head revision's study data")
    head_revision: int
    created_at: datetime


class RevisionIn(_In):
    base_revision: RevNo = Field(description="the revision the edit started from (409 if stale)")
    reason: Text(2000, 1)
    study: dict[str, Any]


class RevisionOut(BaseModel):
    number: int
    sha256: str
    author: str
    reason: str
    source: str
    created_at: datetime
    parent: int | None


class RevisionDetail(RevisionOut):
    study: dict[str, Any]


class Change(BaseModel):
    path: str
    change: Literal["added", "removed", "changed"]
    old: Any = None
    new: Any = None


class DiffOut(BaseModel):
    from_revision: int
    to_revision: int
    changes: list[Change]


class EvidenceOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    note: str
    revision_number: int
    uploaded_by: str
    created_at: datetime
    links: list[dict[str, str]] = Field(default_factory=list)


class LinkIn(_In):
    unit: Text(100, 1)
    flow: Text(200) = ""


class CommentIn(_In):
    body: Text(10_000, 1)
    target: Text(300) = ""


class CommentOut(BaseModel):
    id: int
    revision_number: int
    target: str
    body: str
    author: str
    created_at: datetime


class ComputeOut(BaseModel):
    study_id: int
    revision: int
    key: str = Field(description="sha256 of the inputs (revision, factor library, version)")
    cached: bool
    factor_library_version: str
    alcarbon_version: str
    result: dict[str, Any]


class UncertaintyIn(_In):
    iterations: int = Field(1000, ge=10, le=1_000_000)
    seed: int = Field(1, ge=0, le=MAX_ID)
    revision: RevNo | None = None


class FactorLibraryOut(BaseModel):
    id: int
    version: str
    first_used_at: datetime
