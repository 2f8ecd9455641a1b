"""Look-ups that apply isolation and permissions: another organisation's object is a 404."""

from __future__ import annotations

from sqlalchemy.orm import Session

from alcarbon.service.deps import can_read_site, not_found, require_edit
from alcarbon.store import studies
from alcarbon.store.accounts import Principal
from alcarbon.store.models import Revision, Site, StudyRecord


def site_for_read(s: Session, p: Principal, site_id: int) -> Site:
    site = studies.get_site(s, p.org_id, site_id)
    if site is None or not can_read_site(p, site.id):
        raise not_found(f"site_id {site_id}: no such site", "path", "site_id")
    return site


def study_for_read(s: Session, p: Principal, study_id: int) -> StudyRecord:
    st = studies.get_study(s, p.org_id, study_id)
    if st is None or not can_read_site(p, st.site_id):
        raise not_found(f"study_id {study_id}: no such study", "path", "study_id")
    return st


def study_for_edit(s: Session, p: Principal, study_id: int) -> StudyRecord:
    st = study_for_read(s, p, study_id)
    require_edit(p, st.site_id)
    return st


def revision_of(s: Session, st: StudyRecord, number: int | None) -> Revision:
    rev = studies.get_revision(s, st, number)
    if rev is None:
        raise not_found(f"revision {number}: study {st.id} has no such revision", "revision")
    return rev
