"""Web pages: result dashboard (Table E.2, stage chart, hotspots, data-quality flags), verifier
view (every number with source, rating, evidence and history; comments), revision diff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse

from alcarbon.errors import AlcarbonError, MissingFactorError
from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.compute import NotAvailable
from alcarbon.service.deps import can_edit_site, get_db, load_user, principal
from alcarbon.service.findings import checklist, comparison, dq_summary
from alcarbon.service.results_svc import get_or_compute
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.trace_data import trace_for
from alcarbon.service.views import dashboard, notes
from alcarbon.service.web import i18n
from alcarbon.service.web.labels import failure, missing_factor_lines, unit_names
from alcarbon.service.web.render import redirect, render
from alcarbon.store import assurance, evidence, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.diff import diff

router = APIRouter(include_in_schema=False)
SID = Annotated[int, Path(ge=1, le=MAX_ID)]
REV = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.get("/studies/{study_id}/results", response_class=HTMLResponse)
def results_page(request: Request, study_id: SID, rev: REV = None,
                 p: Principal = Depends(principal), db: Database = Depends(get_db)):
    lang = i18n.lang_of(request)
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        revision = revision_of(s, st, rev)
        number, data = revision.number, studies.revision_data(revision)
    error, products, warnings, key, missing, error_zh = None, [], [], "", False, []
    try:
        c = get_or_compute(db, p, study_id, number, "calc")
        products, key = dashboard(c.data), c.key
        warnings = notes(c.data.get("warnings", []), c.data.get("warnings_zh"))
        elec = {x["product"]: x.get("electricity") or {} for x in c.data.get("products", [])}
        for x in products:
            x["electricity"], x["comparison"] = elec.get(x["product"], {}), comparison(x)
            x["notes"] = notes(x["warnings"], x["warnings_zh"])
    except (AlcarbonError, NotAvailable) as exc:
        error, missing = failure(exc, lang), isinstance(exc, MissingFactorError)
        error_zh = missing_factor_lines(exc) if missing else []
    checks, check_error = None, None
    if error is None:  # the checklist needs a result; cached like the calculation
        try:
            ck = get_or_compute(db, p, study_id, number, "check").data
            checks = {"clauses": checklist(ck, data), "dq": dq_summary(ck),
                      "counts": ck.get("compliance_counts", {}),
                      "validation": ck.get("validation", [])}
        except (AlcarbonError, NotAvailable) as exc:
            check_error = failure(exc, lang)
    # report downloads only for a revision that has a successful result (else they would 422)
    return render(request, "results.html", st=st, rev_no=number, products=products,
                  warnings=warnings, error=error, key=key, has_result=error is None,
                  missing_factors=missing, error_zh=error_zh, checks=checks,
                  check_error=check_error, unit_names=unit_names(data),
                  can_edit=can_edit_site(p, st.site_id),
                  iterations=min(5000, request.app.state.settings.max_iterations))


@router.get("/studies/{study_id}/verify", response_class=HTMLResponse)
def verify_page(request: Request, study_id: SID, rev: REV = None,
                p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        number = revision_of(s, st, rev).number
        comments = evidence.list_comments(s, st)
        signoffs = [a for a in assurance.of_study(s, st.id) if a.revision_number == number]
        names = studies.user_names(s, {c.author_id for c in comments}
                                   | {a.verifier_id for a in signoffs})
    error, products = None, []
    try:
        products = trace_for(db, p, study_id, number)
    except (AlcarbonError, NotAvailable) as exc:
        error = failure(exc, i18n.lang_of(request))
    return render(request, "verify.html", st=st, rev_no=number, products=products, error=error,
                  comments=comments, names=names, signoffs=signoffs,
                  can_sign=p.role == "verifier",
                  standard_default=assurance.DEFAULT_STANDARD)


@router.post("/studies/{study_id}/comments")
def add_comment(study_id: SID, body: str = Form(..., max_length=10_000),
                target: str = Form("", max_length=300), p: Principal = Depends(principal),
                db: Database = Depends(get_db)):
    with db.write() as s:
        st = study_for_read(s, p, study_id)
        evidence.add_comment(s, st, load_user(s, p), body.replace("\x00", ""),
                             target.replace("\x00", ""))
    return redirect(f"/studies/{study_id}/verify#comments")


@router.get("/studies/{study_id}/diff", response_class=HTMLResponse)
def diff_page(request: Request, study_id: SID, a: REV = None, b: REV = None,
              p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        head = st.head_revision
        a = a or max(head - 1, 1)
        b = b or head
        old = studies.revision_data(revision_of(s, st, a))
        new = studies.revision_data(revision_of(s, st, b))
    return render(request, "diff.html", st=st, a=a, b=b, changes=diff(old, new), head=head)
