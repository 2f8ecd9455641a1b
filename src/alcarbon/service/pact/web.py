"""Web page /pact (admin): PACT customers and their credentials (the secret shown once), release
a study's head revision to customers, withdraw a release. Same store functions and rules as
/api/pact; Chinese and English."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse

from alcarbon.errors import AlcarbonError, InputError
from alcarbon.service.deps import get_db, principal, require_role
from alcarbon.service.pact import outbox
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.web.i18n import lang_of
from alcarbon.service.web.render import redirect, render
from alcarbon.store import pact as store
from alcarbon.store import studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import utcnow

router = APIRouter(include_in_schema=False)

TEXT: dict[str, tuple[str, str]] = {
    "title": ("PACT 数据交换：客户与发布", "PACT data exchange: customers and releases"),
    "intro": ("客户系统按 WBCSD PACT 协议（技术规范 3.0）通过 HTTPS 拉取已发布给它的产品碳足迹。",
              "Customers' systems pull the footprints released to them over HTTPS (WBCSD PACT "
              "Technical Specifications 3.0)."),
    "customers": ("客户", "Customers"), "name": ("名称", "Name"),
    "client_id": ("客户端标识", "Client id"), "active": ("有效", "Active"),
    "revoked": ("已停用", "Revoked"), "revoke": ("停用", "Revoke"),
    "new_customer": ("新建客户", "New customer"), "create": ("创建", "Create"),
    "secret_once": ("客户端密钥（只显示这一次，请通过单独渠道交给客户）：",
                    "Client secret (shown only this once; give it to the customer over a "
                    "separate channel):"),
    "releases": ("已发布的碳足迹", "Released footprints"), "study": ("研究", "Study"),
    "revision": ("修订", "Revision"), "product": ("产品", "Product"),
    "status": ("状态", "Status"), "released_at": ("发布时间", "Released"),
    "Active": ("有效", "Active"), "Deprecated": ("已被新版本取代", "Deprecated"),
    "withdrawn": ("已撤回", "Withdrawn"), "withdraw": ("撤回", "Withdraw"),
    "reason": ("原因", "Reason"), "release": ("发布", "Release"),
    "new_release": ("发布研究的最新修订", "Release the head revision of a study"),
    "to": ("发布给", "To"), "none": ("暂无", "None yet"),
    "release_needs": ("发布需要至少一个有效客户和一项研究：请先在上方新建客户。",
                      "A release needs at least one active customer and a study: create a "
                      "customer above first."),
}


def _page(request: Request, db: Database, p: Principal, error: str = "", status: int = 200,
          secret: str = "", new_client: str = ""):
    idx = 0 if lang_of(request) == "zh" else 1
    with db.read() as s:
        customers = store.list_customers(s, p.org_id)
        releases = [(r, store.served_document(r)) for r in store.releases_of(s, p.org_id)]
        all_studies = studies.list_studies(s, p.org_id)
    return render(request, "pact.html", status=status, customers=customers, releases=releases,
                  studies=all_studies, error=error, secret=secret, new_client=new_client,
                  pt=lambda k: TEXT[k][idx], iso=store.iso)


@router.get("/pact", response_class=HTMLResponse)
def pact_page(request: Request, p: Principal = Depends(principal),
              db: Database = Depends(get_db)):
    require_role(p, "admin")
    return _page(request, db, p)


@router.post("/pact/customers", response_class=HTMLResponse)
def create_customer(request: Request, name: str = Form(..., max_length=200),
                    p: Principal = Depends(principal), db: Database = Depends(get_db)):
    require_role(p, "admin")
    try:
        with db.write() as s:
            c, secret = store.create_customer(s, p.org_id, name.replace("\x00", ""), p.user_id)
            client = c.client_id
    except AlcarbonError as exc:
        return _page(request, db, p, exc.render(), 422)
    return _page(request, db, p, secret=secret, new_client=client, status=201)


@router.post("/pact/customers/{customer_id}/revoke", response_class=HTMLResponse)
def revoke_customer(customer_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                    p: Principal = Depends(principal), db: Database = Depends(get_db)):
    require_role(p, "admin")
    with db.write() as s:
        c = store.get_customer(s, p.org_id, customer_id)
        if c is not None:
            store.revoke_customer(s, c, p.user_id)
    return redirect("/pact")


@router.post("/pact/releases", response_class=HTMLResponse)
def release(request: Request, study_id: int = Form(..., ge=1, le=MAX_ID),
            customer_ids: list[int] = Form([]), p: Principal = Depends(principal),
            db: Database = Depends(get_db)):
    from alcarbon.service.access import revision_of, study_for_edit
    from alcarbon.service.pact.release import build

    require_role(p, "admin")
    try:
        with db.read() as s:
            data = revision_of(s, study_for_edit(s, p, study_id), None).data
        doc, h = build(data, None, utcnow())
        with db.write() as s:
            st = study_for_edit(s, p, study_id)
            rev = revision_of(s, st, None)
            if rev.data != data:  # a save landed meanwhile: release what was computed only
                raise InputError("the study changed while it was computed", where="study_id",
                                 expected="release again")
            r = store.release(s, st, rev, st.product, doc, h, p.user_id,
                              [i for i in customer_ids if 0 < i <= MAX_ID])
            outbox.published(s, r, str(request.base_url) + "3/events")
        outbox.kick(request.app)
    except AlcarbonError as exc:
        return _page(request, db, p, exc.render(), 422)
    return redirect("/pact")


@router.post("/pact/releases/{pf_id}/withdraw", response_class=HTMLResponse)
def withdraw(request: Request, pf_id: Annotated[str, Path(max_length=36)],
             reason: str = Form("", max_length=400), p: Principal = Depends(principal),
             db: Database = Depends(get_db)):
    require_role(p, "admin")
    try:
        with db.write() as s:
            store.withdraw(s, p.org_id, pf_id, p.user_id, reason.replace("\x00", ""))
    except AlcarbonError as exc:
        return _page(request, db, p, exc.render(), 422)
    return redirect("/pact")
