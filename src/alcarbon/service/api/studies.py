"""API: sites, studies, inventory revisions (optimistic locking), upload, diff, workbook."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, Response, UploadFile

from alcarbon.service import compute
from alcarbon.service.access import revision_of, site_for_read, study_for_edit, study_for_read
from alcarbon.service.deps import (
    can_edit_site,
    can_read_site,
    get_db,
    load_user,
    not_found,
    principal,
    readable_site_ids,
    require_edit,
    require_role,
    short_read,
    sized,
    study_lines,
)
from alcarbon.service.heads import Header, header_of, headers, study_with_header
from alcarbon.service.schemas import (
    MAX_ID,
    DiffOut,
    RevisionDetail,
    RevisionIn,
    RevisionOut,
    SiteIn,
    SiteOut,
    SitePatch,
    StudyCreate,
    StudyOut,
    StudyPatch,
)
from alcarbon.service.study_memo import MEMO
from alcarbon.service.uploads import STUDY_TYPES, check_type, read_limited, safe_name
from alcarbon.store import evidence, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.canonical import canonical_json
from alcarbon.store.db import Database
from alcarbon.store.diff import diff

router = APIRouter(prefix="/api", dependencies=[Depends(principal)])
SID = Annotated[int, Path(ge=1, le=MAX_ID)]


def _site_out(x) -> SiteOut:
    return SiteOut(id=x.id, name=x.name, province=x.province)


def _study_out(st, head: Header) -> StudyOut:
    """A study with the product and period of its head revision (see alcarbon.service.heads)."""
    return StudyOut(id=st.id, site_id=st.site_id, name=st.name, product=head.product,
                    period_start=head.period_start, period_end=head.period_end,
                    head_revision=st.head_revision, created_at=st.created_at)


def _one(s, st) -> StudyOut:
    return _study_out(st, headers(s, [st])[st.id])


def _rev_out(rev, names: dict[int, str], parent_numbers: dict[int, int]) -> RevisionOut:
    return RevisionOut(number=rev.number, sha256=rev.sha256, author=names.get(rev.author_id, "?"),
                       reason=rev.reason, source=rev.source, created_at=rev.created_at,
                       parent=parent_numbers.get(rev.parent_id) if rev.parent_id else None)


def normalise(data: dict, source: str = "study") -> dict:
    """Validate study data (InputError -> 422 naming every bad field) into canonical plain data."""
    return _validated(data, source)[1]


def _validated(data: dict, source: str = "study") -> tuple[Any, dict]:
    """The Study of ``data`` (InputError -> 422 naming every bad field) and its canonical data."""
    from alcarbon.inventory.io_yaml import study_to_data

    study = compute.study_from_data(data, source)
    return study, study_to_data(study)


@router.get("/sites", response_model=list[SiteOut], tags=["sites"])
def list_sites(p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.read() as s:
        return [_site_out(x) for x in studies.list_sites(s, p.org_id, readable_site_ids(p))]


@router.post("/sites", status_code=201, response_model=SiteOut, tags=["sites"])
def create_site(body: SiteIn, p: Principal = Depends(principal), db: Database = Depends(get_db)):
    require_role(p, "manager", "admin")
    with db.write() as s:
        return _site_out(studies.create_site(s, p.org_id, body.name, body.province))


@router.get("/sites/{site_id}", response_model=SiteOut, tags=["sites"])
def get_site(site_id: int = Path(ge=1, le=MAX_ID), p: Principal = Depends(principal),
             db: Database = Depends(get_db)):
    with db.read() as s:
        return _site_out(site_for_read(s, p, site_id))


@router.patch("/sites/{site_id}", response_model=SiteOut, tags=["sites"])
def patch_site(body: SitePatch, site_id: int = Path(ge=1, le=MAX_ID),
               p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.write() as s:
        site = site_for_read(s, p, site_id)
        require_role(p, "manager", "admin")
        return _site_out(studies.rename_site(s, site, body.name, body.province))


@router.get("/studies", response_model=list[StudyOut], tags=["studies"])
def list_studies(site_id: int | None = Query(None, ge=1, le=MAX_ID),
                 p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.read() as s:
        sts = studies.list_studies(s, p.org_id, readable_site_ids(p), site_id)
        heads = headers(s, sts)
        return [_study_out(st, heads[st.id]) for st in sts]


def skeleton(name: str, product: str, start, end) -> dict:
    """Study data of a new, empty inventory (units are entered or uploaded later)."""
    return {"title": name, "period": {"start": start.isoformat(), "end": end.isoformat()},
            "declared_products": [product], "units": []}


@router.post("/studies", status_code=201, response_model=StudyOut, tags=["studies"])
def create_study(body: StudyCreate, p: Principal = Depends(principal),
                 db: Database = Depends(get_db)):
    """A study (product x period) of a site; revision 1 is the given or an empty inventory."""
    data = normalise(body.study if body.study is not None else
                     skeleton(body.name, body.product, body.period_start, body.period_end))
    with db.write() as s:
        site = site_for_read(s, p, body.site_id)
        require_edit(p, site.id)
        st = studies.create_study(s, site, body.name, body.product, body.period_start,
                                  body.period_end, load_user(s, p), data, body.reason)
        return _study_out(st, header_of(st, data))


@router.get("/studies/{study_id}", response_model=StudyOut, tags=["studies"])
async def get_study(study_id: SID, p: Principal = Depends(principal),
                    db: Database = Depends(get_db)) -> Response:
    # async: one indexed query, on the event loop for SQLite like the token look-up before it
    # (a plain def would cost a thread hand-off per request), in the pool for a database server
    found = await short_read(db, _study_with_header, db, p.org_id, study_id)
    if found is None or not can_read_site(p, found[0].site_id):
        raise not_found(f"study_id {study_id}: no such study", "path", "study_id")
    # the model serialised here: returned as a model, FastAPI would validate it once more
    return Response(_study_out(*found).model_dump_json().encode(), media_type="application/json")


def _study_with_header(db: Database, org_id: int, study_id: int):
    with db.read_conn() as c:
        return study_with_header(c, org_id, study_id)


@router.patch("/studies/{study_id}", response_model=StudyOut, tags=["studies"])
def patch_study(body: StudyPatch, study_id: SID, p: Principal = Depends(principal),
                db: Database = Depends(get_db)):
    with db.write() as s:
        st = study_for_edit(s, p, study_id)
        studies.rename_study(s, st, body.name)
        return _one(s, st)


@router.get("/studies/{study_id}/revisions", response_model=list[RevisionOut],
            tags=["revisions"])
def list_revisions(study_id: SID, p: Principal = Depends(principal),
                   db: Database = Depends(get_db)):
    with db.read() as s:
        revs = studies.list_revisions(s, study_for_read(s, p, study_id))
        names = studies.user_names(s, {r.author_id for r in revs})
        numbers = {r.id: r.number for r in revs}
        return [_rev_out(r, names, numbers) for r in revs]


@router.get("/studies/{study_id}/revisions/{number}", response_model=RevisionDetail,
            tags=["revisions"])
def get_revision(study_id: SID, number: int = Path(ge=1, le=MAX_ID),
                 p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        rev = revision_of(s, st, number)
        names = studies.user_names(s, {rev.author_id})
        parent = number - 1 if rev.parent_id else None
        out = _rev_out(rev, names, {})
        return RevisionDetail(**out.model_dump() | {"parent": parent},
                              study=studies.revision_data(rev))


@router.post("/studies/{study_id}/revisions", status_code=201, response_model=RevisionOut,
             tags=["revisions"])
async def save_revision(body: RevisionIn, study_id: SID, p: Principal = Depends(principal),
                        db: Database = Depends(get_db)):
    """Save the inventory as a new revision. 409 if ``base_revision`` is not the head any more."""
    # async: a small study is validated and stored on the event loop, a big one in the pool
    return await sized(db, study_lines(body.study), _save, body, study_id, p, db)


def _save(body: RevisionIn, study_id: int, p: Principal, db: Database) -> RevisionOut:
    study, data = _validated(body.study)
    text = canonical_json(data)
    # the access check is the first statement of the write transaction (one short look-up by
    # key: no read transaction of its own); the conditional head update decides conflicts.
    # The author is the principal: users are deactivated, never deleted.
    with db.short_writes() as run:
        site = studies.study_site(run, p.org_id, study_id)
        allowed = site is not None and can_edit_site(p, site)
        if allowed:
            rev = studies.append_revision(run, study_id, body.base_revision, text, p.user_id,
                                          body.reason, "api")
    if not allowed:  # the 404 or 403 it is, worded as every other route words it
        with db.read() as s:
            study_for_edit(s, p, study_id)
        raise AssertionError("unreachable: study_for_edit raises")  # pragma: no cover
    MEMO.put(rev.sha256, study)  # the calculation that follows need not validate it again
    # the parent of revision base + 1 is revision base (append_revision)
    return _rev_out(rev, {p.user_id: p.username}, {rev.parent_id: body.base_revision})


@router.post("/studies/{study_id}/upload", status_code=201, response_model=RevisionOut,
             tags=["revisions"])
async def upload(request: Request, study_id: SID,
                 file: UploadFile = File(..., description="Appendix C .xlsx, .yaml or .json"),
                 base_revision: int = Form(..., ge=0, le=MAX_ID),
                 reason: str = Form("", max_length=2000),
                 p: Principal = Depends(principal), db: Database = Depends(get_db)):
    """Replace the inventory by an uploaded workbook/YAML (new revision; the file is kept as
    evidence). Oversized (413) or wrong-type (415) files and invalid content (422) store nothing."""
    limit = request.app.state.settings.max_upload_bytes
    with db.read() as s:
        study_for_edit(s, p, study_id)
    name = safe_name(file.filename)
    content = await read_limited(file, limit)
    ext = check_type(name, content, STUDY_TYPES)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_store_upload, db, p, study_id, name, ext, content,
                                   base_revision, reason)


def _store_upload(db: Database, p: Principal, study_id: int, name: str, ext: str,
                  content: bytes, base: int, reason: str) -> RevisionOut:
    from alcarbon.inventory.io_yaml import study_to_data
    from alcarbon.service.uploads import EVIDENCE_TYPES

    data = study_to_data(compute.read_upload(name, content))
    with db.write() as s:
        st = study_for_edit(s, p, study_id)
        user = load_user(s, p)
        why = reason.replace("\x00", "").strip() or f"upload {name}"
        rev = studies.save_revision(s, st, data, user, why, base, f"upload:{name}")
        evidence.add_evidence(s, st, name, EVIDENCE_TYPES.get(ext, "application/octet-stream"),
                              content, user, note=f"uploaded inventory of revision {rev.number}")
        return _rev_out(rev, {user.id: user.username}, {rev.parent_id: base})


@router.get("/studies/{study_id}/diff", response_model=DiffOut, tags=["revisions"])
def revision_diff(study_id: SID,
                  from_revision: int = Query(..., alias="from", ge=1, le=MAX_ID),
                  to_revision: int = Query(..., alias="to", ge=1, le=MAX_ID),
                  p: Principal = Depends(principal), db: Database = Depends(get_db)):
    """What changed between two revisions, field by field."""
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        a = studies.revision_data(revision_of(s, st, from_revision))
        b = studies.revision_data(revision_of(s, st, to_revision))
    return DiffOut(from_revision=from_revision, to_revision=to_revision, changes=diff(a, b))


@router.get("/studies/{study_id}/workbook", tags=["revisions"],
            responses={200: {"content": {"application/octet-stream": {}}}})
def workbook(study_id: SID, revision: int | None = Query(None, ge=1, le=MAX_ID),
             lang: Literal["zh", "en"] = "zh", p: Principal = Depends(principal),
             db: Database = Depends(get_db)) -> Response:
    """The inventory of a revision as an Appendix C workbook (.xlsx)."""
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        rev = revision_of(s, st, revision)
    body = compute.workbook(compute.study_from_data(studies.revision_data(rev)), lang)
    return Response(body, media_type=compute.REPORT_FORMATS["xlsx"], headers={
        "Content-Disposition": f'attachment; filename="study-{st.id}-r{rev.number}.xlsx"'})
