"""API: evidence files (original vouchers) with links to the data they support; comments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from alcarbon.service.access import study_for_edit, study_for_read
from alcarbon.service.deps import can_read_site, get_db, load_user, not_found, principal
from alcarbon.service.schemas import MAX_ID, CommentIn, CommentOut, EvidenceOut, LinkIn
from alcarbon.service.uploads import EVIDENCE_TYPES, check_type, read_limited, safe_name
from alcarbon.store import evidence, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import StudyRecord

router = APIRouter(prefix="/api", dependencies=[Depends(principal)], tags=["evidence"])
SID = Annotated[int, Path(ge=1, le=MAX_ID)]
EID = Annotated[int, Path(ge=1, le=MAX_ID)]


def _ev_out(ev, names: dict[int, str], links: list[dict[str, str]]) -> EvidenceOut:
    return EvidenceOut(id=ev.id, filename=ev.filename, content_type=ev.content_type,
                       size=ev.size, sha256=ev.sha256, note=ev.note,
                       revision_number=ev.revision_number,
                       uploaded_by=names.get(ev.uploaded_by, "?"), created_at=ev.created_at,
                       links=links)


def _evidence_for_read(s, p: Principal, evidence_id: int):
    ev = evidence.get_evidence(s, p.org_id, evidence_id)
    if ev is None:
        raise not_found(f"evidence_id {evidence_id}: no such evidence file", "path",
                        "evidence_id")
    st = s.get(StudyRecord, ev.study_id)
    if st is None or not can_read_site(p, st.site_id):
        raise not_found(f"evidence_id {evidence_id}: no such evidence file", "path",
                        "evidence_id")
    return ev, st


@router.get("/studies/{study_id}/evidence", response_model=list[EvidenceOut])
def list_evidence(study_id: SID, p: Principal = Depends(principal),
                  db: Database = Depends(get_db)):
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        rows = evidence.list_evidence(s, st)
        names = studies.user_names(s, {e.uploaded_by for e in rows})
        links: dict[int, list[dict[str, str]]] = {}
        for link in evidence.links_of_study(s, st):
            links.setdefault(link.evidence_id, []).append({"unit": link.unit, "flow": link.flow})
        return [_ev_out(e, names, links.get(e.id, [])) for e in rows]


@router.post("/studies/{study_id}/evidence", status_code=201, response_model=EvidenceOut)
async def upload_evidence(request: Request, study_id: SID, file: UploadFile = File(...),
                          unit: str = Form("", max_length=100),
                          flow: str = Form("", max_length=200),
                          note: str = Form("", max_length=2000),
                          p: Principal = Depends(principal), db: Database = Depends(get_db)):
    """Store an original voucher (pdf, image, office file, csv, text) with its sha256; link it
    to a unit process (and flow) when given."""
    with db.read() as s:
        study_for_edit(s, p, study_id)
    name = safe_name(file.filename)
    content = await read_limited(file, request.app.state.settings.max_upload_bytes)
    ext = check_type(name, content, tuple(EVIDENCE_TYPES))
    clean = [x.replace("\x00", "") for x in (unit, flow, note)]
    return await run_in_threadpool(_store, db, p, study_id, name, EVIDENCE_TYPES[ext], content,
                                   *clean)


def _store(db: Database, p: Principal, study_id: int, name: str, ctype: str, content: bytes,
           unit: str, flow: str, note: str) -> EvidenceOut:
    with db.write() as s:
        st = study_for_edit(s, p, study_id)
        user = load_user(s, p)
        ev = evidence.add_evidence(s, st, name, ctype, content, user, note)
        links = []
        if unit.strip():
            evidence.link_evidence(s, ev, unit, flow, user)
            links.append({"unit": unit.strip(), "flow": flow.strip()})
        return _ev_out(ev, {user.id: user.username}, links)


@router.get("/evidence/{evidence_id}", response_model=EvidenceOut)
def evidence_meta(evidence_id: EID, p: Principal = Depends(principal),
                  db: Database = Depends(get_db)):
    with db.read() as s:
        ev, st = _evidence_for_read(s, p, evidence_id)
        links = [{"unit": x.unit, "flow": x.flow} for x in evidence.links_of_study(s, st)
                 if x.evidence_id == ev.id]
        return _ev_out(ev, studies.user_names(s, {ev.uploaded_by}), links)


@router.get("/evidence/{evidence_id}/download",
            responses={200: {"content": {"application/octet-stream": {}}}})
def download_evidence(evidence_id: EID, p: Principal = Depends(principal),
                      db: Database = Depends(get_db)) -> Response:
    """The original file, byte-exact (its sha256 is in the metadata)."""
    with db.read() as s:
        ev, _ = _evidence_for_read(s, p, evidence_id)
        from urllib.parse import quote

        return Response(ev.content, media_type=ev.content_type, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(ev.filename)}",
            "X-Content-SHA256": ev.sha256, "X-Content-Type-Options": "nosniff"})


@router.post("/evidence/{evidence_id}/links", status_code=201, response_model=EvidenceOut)
def add_link(body: LinkIn, evidence_id: EID, p: Principal = Depends(principal),
             db: Database = Depends(get_db)):
    """Link an evidence file to a further datum (unit process id, flow)."""
    with db.write() as s:
        ev, st = _evidence_for_read(s, p, evidence_id)
        study_for_edit(s, p, st.id)
        evidence.link_evidence(s, ev, body.unit, body.flow, load_user(s, p))
        links = [{"unit": x.unit, "flow": x.flow} for x in evidence.links_of_study(s, st)
                 if x.evidence_id == ev.id]
        return _ev_out(ev, studies.user_names(s, {ev.uploaded_by}), links)


@router.get("/studies/{study_id}/comments", response_model=list[CommentOut], tags=["comments"])
def list_comments(study_id: SID, p: Principal = Depends(principal),
                  db: Database = Depends(get_db)):
    with db.read() as s:
        rows = evidence.list_comments(s, study_for_read(s, p, study_id))
        names = studies.user_names(s, {c.author_id for c in rows})
        return [CommentOut(id=c.id, revision_number=c.revision_number, target=c.target,
                           body=c.body, author=names.get(c.author_id, "?"),
                           created_at=c.created_at) for c in rows]


@router.post("/studies/{study_id}/comments", status_code=201, response_model=CommentOut,
             tags=["comments"])
def add_comment(body: CommentIn, study_id: SID, p: Principal = Depends(principal),
                db: Database = Depends(get_db)):
    """A remark on the study or one datum (every role that can read the study, verifiers too)."""
    with db.write() as s:
        st = study_for_read(s, p, study_id)
        user = load_user(s, p)
        c = evidence.add_comment(s, st, user, body.body, body.target)
        return CommentOut(id=c.id, revision_number=c.revision_number, target=c.target,
                          body=c.body, author=user.username, created_at=c.created_at)
