"""Web: import a factor file (.csv, .yaml, .json — the very file ``alcarbon calc --factors FILE``
reads, ``alcarbon.factors.io``) into the study's ``factors``: every record validated as a Factor
(errors name the file, the row and the field), merged by id (an imported id replaces the study's
factor of that id), saved as a new revision; the file is kept as evidence linked to each
imported factor. All in one transaction: nothing is written when anything fails."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from alcarbon.errors import AlcarbonError
from alcarbon.service.access import study_for_edit
from alcarbon.service.deps import get_db, load_user, principal
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.uploads import EVIDENCE_TYPES
from alcarbon.service.web.render import redirect
from alcarbon.service.web.study import FACTOR_LINK, stored_upload
from alcarbon.store import evidence, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.studies import RevisionConflict

router = APIRouter(include_in_schema=False)
TYPES = (".csv", ".yaml", ".yml", ".json")


def read_factor_file(name: str, content: bytes) -> list[dict[str, Any]]:
    """The file's records as validated Factor data (JSON form, empty fields left out)."""
    from alcarbon.factors import io as fio
    from alcarbon.factors.model import Factor

    with tempfile.TemporaryDirectory(prefix="alcarbon-factors-") as tmp:
        path = Path(tmp) / f"factors{Path(name).suffix.lower()}"
        path.write_bytes(content)
        try:
            records = fio.read_records(path)
        except AlcarbonError as exc:  # name the user's file, not our temporary copy
            exc.where = name
            raise
    if not records:
        from alcarbon.errors import InputError

        raise InputError("no factor records", where=name, expected="at least one row")
    out = []
    for i, rec in enumerate(records, 1):
        f = fio.build(Factor, rec, f"{name}, row {i}")
        out.append({k: v for k, v in f.model_dump(mode="json", exclude_none=True).items()
                    if v != []})
    return out


def merge(current: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``current`` with each factor of ``new`` replacing the one of the same id, or appended."""
    by_id = {f["id"]: f for f in new}
    out = [by_id.pop(f.get("id"), f) for f in current]
    return out + [f for f in new if f["id"] in by_id]


def _failure(exc: AlcarbonError, lang: str) -> str:
    lead = ("未导入：因子文件有误，请按以下说明修改后重新上传。" if lang == "zh" else
            "Nothing was imported: the factor file has errors; fix them as described below.")
    return f"{lead}\n{exc.render()}"


@router.post("/studies/{study_id}/factors/import", response_class=HTMLResponse)
async def import_factors(request: Request,
                         study_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
                         file: UploadFile = File(...),
                         base_revision: int = Form(..., ge=0, le=MAX_ID),
                         reason: str = Form("", max_length=2000),
                         p: Principal = Depends(principal), db: Database = Depends(get_db)):
    number = await stored_upload(request, db, p, study_id, file, TYPES, _store, base_revision,
                                 reason, _failure)
    if isinstance(number, Response):
        return number
    return redirect(f"/studies/{study_id}?saved={number}#factors")


def _store(db: Database, p: Principal, study_id: int, name: str, ext: str, content: bytes,
           base: int, reason: str) -> int:
    from alcarbon.inventory.io_yaml import study_to_data
    from alcarbon.service.web.websave import validate

    imported = read_factor_file(name, content)
    with db.write() as s:
        st = study_for_edit(s, p, study_id)
        rev = studies.get_revision(s, st, base) if base > 0 else None
        if rev is None:  # a base that does not exist: the form is stale
            raise RevisionConflict(st.id, base, st.head_revision)
        data = studies.revision_data(rev)
        data["factors"] = merge(data.get("factors") or [], imported)
        data = study_to_data(validate(data))
        user = load_user(s, p)
        why = reason.replace("\x00", "").strip() or f"import factors {name}"
        new = studies.save_revision(s, st, data, user, why, base, f"factors:{name}")
        ev = evidence.add_evidence(s, st, name, EVIDENCE_TYPES[ext], content, user,
                                   note=f"factor file of revision {new.number}")
        for f in imported:
            evidence.link_evidence(s, ev, FACTOR_LINK, f["id"], user)
        return new.number
