"""API: calculate, check, uncertainty (cached by input hash), report download, verifier trace."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from alcarbon import __version__
from alcarbon.service import compute
from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.deps import get_db, not_found, principal, short_read, sized
from alcarbon.service.results_svc import (
    Computed,
    Pending,
    calc_result,
    finish,
    get_or_compute,
    lookup,
)
from alcarbon.service.schemas import MAX_ID, ComputeOut, UncertaintyIn
from alcarbon.service.trace_data import trace_for
from alcarbon.service.views import dashboard
from alcarbon.store import studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database

router = APIRouter(prefix="/api", dependencies=[Depends(principal)], tags=["results"])
SID = Annotated[int, Path(ge=1, le=MAX_ID)]
RevQ = Annotated[int | None, Query(ge=1, le=MAX_ID, description="default: the head revision")]
_501 = {501: {"description": "the computing layer is not installed"}}
RowsQ = Annotated[bool, Query(description=(
    "include every contribution row of both bases (declared and location-based: unit, stage, "
    "flow, gas, activity, factor, source, data quality; ~440 KB for the coal example); "
    "default: the summary of each product"))]


def _out(c: Computed) -> Response:
    """A ComputeOut answer with the result's stored JSON text spliced in as it is: parsing
    ~500 KB of stored JSON, validating it into the model and serialising it again cost more
    than the calculation itself."""
    head = ComputeOut(study_id=c.study_id, revision=c.revision, key=c.key, cached=c.cached,
                      factor_library_version=c.library_version, alcarbon_version=__version__,
                      result={}).model_dump_json(exclude={"result"})
    body = head[:-1] + ',"result":' + c.text + "}"
    return Response(body.encode("utf-8"), media_type="application/json")


@router.post("/studies/{study_id}/calculate", response_model=ComputeOut, responses=_501)
async def calculate(study_id: SID, revision: RevQ = None, rows: RowsQ = False,
                    p: Principal = Depends(principal), db: Database = Depends(get_db)
                    ) -> Response:
    """Footprint of every declared product (GB/T 44905 8.2): per product the CFP (declared,
    location- and market-based), Table E.2 stages, gases, categories, electricity and notes;
    ``rows=true`` adds every contribution row."""
    # async: a small study is computed on the event loop, a big one in the thread pool (sized)
    found = await short_read(db, lookup, db, p, study_id, revision,
                             "calc" if rows else "calc_summary")
    if isinstance(found, Pending):
        found = await sized(db, found.lines, finish, db, found)
    return _out(found)


@router.get("/studies/{study_id}/result", response_model=ComputeOut)
def stored_result(study_id: SID, revision: RevQ = None, rows: RowsQ = False,
                  p: Principal = Depends(principal), db: Database = Depends(get_db)) -> Response:
    """The stored calculation of a revision (404 until calculated), as ``calculate`` answers."""
    c = calc_result(db, p, study_id, revision, rows, compute_missing=False)
    if c is None:
        raise not_found(f"revision {revision or 'head'} of study_id {study_id}: not calculated "
                        "yet; POST .../calculate first", "query", "revision")
    return _out(c)


@router.get("/studies/{study_id}/dashboard")
def dashboard_data(study_id: SID, revision: RevQ = None, p: Principal = Depends(principal),
                   db: Database = Depends(get_db)) -> list[dict[str, Any]]:
    """Table E.2, hotspots and data-quality flags of the stored calculation."""
    c = calc_result(db, p, study_id, revision, True, compute_missing=False)
    if c is None:
        raise not_found(f"revision {revision or 'head'} of study_id {study_id}: not calculated "
                        "yet; POST .../calculate first", "query", "revision")
    return dashboard(c.data)


@router.post("/studies/{study_id}/check", response_model=ComputeOut, responses=_501)
def check(study_id: SID, revision: RevQ = None, p: Principal = Depends(principal),
          db: Database = Depends(get_db)) -> Response:
    """Compliance and data-quality findings (cut-off, balances, 'shall' clauses)."""
    return _out(get_or_compute(db, p, study_id, revision, "check"))


@router.post("/studies/{study_id}/uncertainty", response_model=ComputeOut, responses=_501)
def uncertainty(body: UncertaintyIn, study_id: SID, request: Request,
                p: Principal = Depends(principal), db: Database = Depends(get_db)) -> Response:
    """Monte Carlo uncertainty of the footprint (seeded, so repeatable and cacheable)."""
    limit = request.app.state.settings.max_iterations
    if body.iterations > limit:
        from fastapi import HTTPException

        raise HTTPException(status_code=422, detail=[{
            "loc": ["body", "iterations"],
            "msg": f"iterations above this server's limit of {limit}"}])
    params = {"iterations": body.iterations, "seed": body.seed}
    return _out(get_or_compute(db, p, study_id, body.revision, "uncertainty", params))


@router.get("/studies/{study_id}/report", responses={
    200: {"content": {t: {} for t in compute.REPORT_FORMATS.values()}}, **_501})
def report(study_id: SID, revision: RevQ = None,
           fmt: Literal["pdf", "html", "xlsx", "json"] = "html",
           lang: Literal["zh", "en"] = "zh", p: Principal = Depends(principal),
           db: Database = Depends(get_db)) -> Response:
    """The Appendix E report of a revision."""
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        rev = revision_of(s, st, revision)
        data = studies.revision_data(rev)
    body = compute.report(compute.study_from_data(data, "stored revision"), fmt, lang)
    name = f"cfp-report-study{st.id}-r{rev.number}-{lang}.{fmt}"
    return Response(body, media_type=compute.REPORT_FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/studies/{study_id}/trace")
def trace(study_id: SID, revision: RevQ = None, p: Principal = Depends(principal),
          db: Database = Depends(get_db)) -> list[dict[str, Any]]:
    """Verifier view: every number with factor, source, rating, evidence files and history."""
    return trace_for(db, p, study_id, revision)
