"""Web pages: sites and studies, study overview (revisions, upload, evidence), and the Appendix C
data entry per unit process with inline validation messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from alcarbon.errors import AlcarbonError
from alcarbon.service.access import site_for_read, study_for_edit, study_for_read
from alcarbon.service.api.studies import _store_upload, normalise, skeleton
from alcarbon.service.deps import (
    can_edit_site,
    get_db,
    load_user,
    principal,
    readable_site_ids,
    require_edit,
    require_role,
)
from alcarbon.service.heads import header_of, headers
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.uploads import (
    EVIDENCE_TYPES,
    STUDY_TYPES,
    check_type,
    read_limited,
    safe_name,
)
from alcarbon.service.web import i18n, labels
from alcarbon.service.web.render import redirect, render
from alcarbon.store import evidence, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import STANDARD_UNITS
from alcarbon.store.studies import RevisionConflict

router = APIRouter(include_in_schema=False)
FACTOR_LINK = evidence.FACTOR_LINK  # pseudo unit of evidence linked to a user factor
SID = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.read() as s:
        sites = studies.list_sites(s, p.org_id, readable_site_ids(p))
        rows = studies.list_studies(s, p.org_id, readable_site_ids(p))
        heads = headers(s, rows)
    by_site = {x.id: [st for st in rows if st.site_id == x.id] for x in sites}
    return render(request, "home.html", sites=sites, by_site=by_site, heads=heads,
                  editable={x.id for x in sites if can_edit_site(p, x.id)},
                  products=list(i18n.PRODUCT_LABELS), year=date.today().year - 1)


@router.post("/sites")
def create_site(name: str = Form(..., max_length=200), province: str = Form("", max_length=100),
                p: Principal = Depends(principal), db: Database = Depends(get_db)):
    require_role(p, "manager", "admin")
    with db.write() as s:
        studies.create_site(s, p.org_id, name.replace("\x00", ""), province.replace("\x00", ""))
    return redirect("/")


@router.post("/studies")
def create_study(site_id: int = Form(..., ge=1, le=MAX_ID), name: str = Form("", max_length=200),
                 product: str = Form(...), period_start: date = Form(...),
                 period_end: date = Form(...), p: Principal = Depends(principal),
                 db: Database = Depends(get_db)):
    if product not in i18n.PRODUCT_LABELS:
        raise HTTPException(status_code=422, detail=f"unknown product {product!r}")
    name = name.replace("\x00", "")
    data = normalise(skeleton(name, product, period_start, period_end))
    with db.write() as s:
        site = site_for_read(s, p, site_id)
        require_edit(p, site.id)
        st = studies.create_study(s, site, name, product, period_start, period_end,
                                  load_user(s, p), data)
    return redirect(f"/studies/{st.id}")


def overview(request: Request, db: Database, p: Principal, study_id: int, message: str = "",
             error: str = "", status: int = 200, elec=None, elec_errors=None,
             elec_base: int | None = None, fac=None, fac_errors=None,
             fac_base: int | None = None):
    """The study page; ``elec*`` / ``fac*``: the electricity or factor form as submitted, with
    its messages."""
    from alcarbon.service.web import forms_elec, forms_factors

    with db.read() as s:
        st = study_for_read(s, p, study_id)
        site = studies.get_site(s, p.org_id, st.site_id)
        revs = studies.list_revisions(s, st)
        names = studies.user_names(s, {r.author_id for r in revs})
        head = json.loads(revs[-1].data) if revs else {}
        files = evidence.list_evidence(s, st)
        fnames = studies.user_names(s, {e.uploaded_by for e in files})
        by_id = {e.id: e for e in files}
        fac_files: dict[str, list] = {}  # factor id -> evidence files linked to it
        for link in evidence.links_of_study(s, st):
            if link.unit == FACTOR_LINK and link.evidence_id in by_id:
                fac_files.setdefault(link.flow, []).append(by_id[link.evidence_id])
    units = [u.get("id") for u in head.get("units", [])]
    return render(request, "study.html", status=status, st=st, site=site,
                  head=header_of(st, head),
                  revs=list(reversed(revs)), names=names, units=units, files=files,
                  unit_names=labels.unit_names(head),
                  fnames=fnames, can_edit=can_edit_site(p, st.site_id), message=message,
                  error=error, standard_units=[u for u in STANDARD_UNITS if u not in units],
                  elec=elec or forms_elec.state_from_data(head.get("electricity") or {}),
                  elec_errors=elec_errors or {}, sup_types=forms_elec.TYPES,
                  sup_flags=forms_elec.FLAGS, bases=("life_cycle", "combustion_co2"),
                  elec_base=st.head_revision if elec_base is None else elec_base,
                  blank_supply=forms_elec.blank_supply(),
                  unit_ids=units,
                  fac=fac or forms_factors.state_from_data(head.get("factors") or []),
                  fac_errors=fac_errors or {}, fac_files=fac_files, fac_link=FACTOR_LINK,
                  fac_base=st.head_revision if fac_base is None else fac_base,
                  fac_kinds=forms_factors.KINDS, fac_bases=forms_factors.BASES,
                  fac_conf=forms_factors.CONFIDENCE)


@router.get("/studies/{study_id}", response_class=HTMLResponse)
def study_page(request: Request, study_id: SID, p: Principal = Depends(principal),
               db: Database = Depends(get_db)):
    return overview(request, db, p, study_id)


async def stored_upload(request: Request, db: Database, p: Principal, study_id: int,
                        file: UploadFile, types: Any, store: Callable[..., Any],
                        base_revision: int, reason: str,
                        failure: Callable[[AlcarbonError, str], str]) -> Any:
    """Check an uploaded file (size, type) and hand it to ``store(db, p, study_id, name, ext,
    content, base_revision, reason)`` in a worker thread; its result, or the study page with the
    error when the file is refused (413/415), invalid (422, ``failure(exc, lang)``) or based on an
    old revision (409)."""
    lang = i18n.lang_of(request)
    with db.read() as s:
        study_for_edit(s, p, study_id)
    name = safe_name(file.filename)
    try:
        content = await read_limited(file, request.app.state.settings.max_upload_bytes)
        ext = check_type(name, content, types)
        return await run_in_threadpool(store, db, p, study_id, name, ext, content,
                                       base_revision, reason)
    except HTTPException as exc:
        if exc.status_code not in (413, 415):
            raise
        return overview(request, db, p, study_id, error=str(exc.detail), status=exc.status_code)
    except AlcarbonError as exc:
        return overview(request, db, p, study_id, error=failure(exc, lang), status=422)
    except RevisionConflict:
        return overview(request, db, p, study_id, error=i18n.translator(lang)("conflict"),
                        status=409)


@router.post("/studies/{study_id}/upload", response_class=HTMLResponse)
async def upload(request: Request, study_id: SID, file: UploadFile = File(...),
                 base_revision: int = Form(..., ge=0, le=MAX_ID),
                 reason: str = Form("", max_length=2000),
                 p: Principal = Depends(principal), db: Database = Depends(get_db)):
    rev = await stored_upload(request, db, p, study_id, file, STUDY_TYPES, _store_upload,
                              base_revision, reason, labels.upload_failure)
    if isinstance(rev, Response):
        return rev
    return redirect(f"/studies/{study_id}/results?rev={rev.number}")


@router.post("/studies/{study_id}/evidence", response_class=HTMLResponse)
async def upload_evidence(request: Request, study_id: SID, file: UploadFile = File(...),
                          unit: str = Form("", max_length=100),
                          flow: str = Form("", max_length=200),
                          note: str = Form("", max_length=2000),
                          p: Principal = Depends(principal), db: Database = Depends(get_db)):
    from alcarbon.service.api.evidence import _store

    with db.read() as s:
        study_for_edit(s, p, study_id)
    name = safe_name(file.filename)
    try:
        content = await read_limited(file, request.app.state.settings.max_upload_bytes)
        ext = check_type(name, content, tuple(EVIDENCE_TYPES))
        await run_in_threadpool(_store, db, p, study_id, name, EVIDENCE_TYPES[ext], content,
                                *(x.replace("\x00", "") for x in (unit, flow, note)))
    except HTTPException as exc:
        if exc.status_code not in (413, 415):
            raise
        return overview(request, db, p, study_id, error=str(exc.detail), status=exc.status_code)
    except AlcarbonError as exc:
        return overview(request, db, p, study_id, error=exc.render(), status=422)
    return redirect(f"/studies/{study_id}")


@router.get("/studies/{study_id}/unit")
def goto_unit(request: Request, study_id: SID, unit: str = "", custom: str = "",
              p: Principal = Depends(principal), db: Database = Depends(get_db)):
    """The 'add unit process' form: open the (empty) entry page of the chosen standard unit
    (GB/T 44905 5.3.3) or, when typed, of a unit id of the user's own (e.g. a captive plant)."""
    import re

    chosen = custom.strip() or unit.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", chosen):
        t = i18n.translator(i18n.lang_of(request))
        return overview(request, db, p, study_id, status=422,
                        error=f"{t('bad_unit_id')}: {chosen[:100]!r}")
    return redirect(f"/studies/{study_id}/units/{chosen}")
