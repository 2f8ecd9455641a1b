"""Sites, studies and their immutable inventory revisions, always scoped to one organisation.

Every lookup takes the caller's ``org_id``: an object of another organisation is simply not found
(the service answers 404), whatever id is guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from alcarbon.errors import InputError
from alcarbon.store.canonical import canonical_json, sha256_text
from alcarbon.store.models import Revision, Site, StudyRecord, User, utcnow
from alcarbon.store.sqlite_writes import Writer, as_writer


class RevisionConflict(Exception):
    """The study moved on since the caller's base revision (optimistic locking)."""

    def __init__(self, study_id: int, expected: int, actual: int):
        self.study_id, self.expected, self.actual = study_id, expected, actual
        super().__init__(
            f"study {study_id} is at revision {actual}, not {expected}: someone saved in between; "
            "reload, re-apply your changes and save again")


def create_site(s: Session, org_id: int, name: str, province: str = "") -> Site:
    name = name.strip()
    if not name:
        raise InputError("empty site name", where="name")
    if s.scalar(select(Site.id).where(Site.org_id == org_id, Site.name == name)) is not None:
        raise InputError(f"site {name!r} exists already", where="name", expected="a new name")
    site = Site(org_id=org_id, name=name, province=province.strip())
    s.add(site)
    s.flush()
    return site


def get_site(s: Session, org_id: int, site_id: int) -> Site | None:
    return s.scalar(select(Site).where(Site.id == site_id, Site.org_id == org_id))


def list_sites(s: Session, org_id: int, only: frozenset[int] | None = None) -> list[Site]:
    q = select(Site).where(Site.org_id == org_id).order_by(Site.name)
    if only is not None:
        q = q.where(Site.id.in_(sorted(only)))
    return list(s.scalars(q))


def rename_site(s: Session, site: Site, name: str | None, province: str | None) -> Site:
    if name is not None and name.strip() and name.strip() != site.name:
        if s.scalar(select(Site.id).where(Site.org_id == site.org_id,
                                          Site.name == name.strip())) is not None:
            raise InputError(f"site {name!r} exists already", where="name")
        site.name = name.strip()
    if province is not None:
        site.province = province.strip()
    s.flush()
    return site


def create_study(s: Session, site: Site, name: str, product: str, start: date, end: date,
                 author: User, data: dict[str, Any], reason: str = "created") -> StudyRecord:
    """A new study and its revision 1 (``data`` must already be validated study data)."""
    if end < start:
        raise InputError("period end is before its start", where="period_end")
    st = StudyRecord(org_id=site.org_id, site_id=site.id, name=name.strip() or product,
                     product=product, period_start=start, period_end=end, head_revision=0,
                     created_by=author.id)
    s.add(st)
    s.flush()
    save_revision(s, st, data, author, reason, base=0, source="create")
    return st


# built once: on the path of most requests
_STUDY = select(StudyRecord).where(StudyRecord.id == bindparam("study_id"),
                                   StudyRecord.org_id == bindparam("org_id"))


def get_study(s: Session, org_id: int, study_id: int) -> StudyRecord | None:
    return s.scalar(_STUDY, {"study_id": study_id, "org_id": org_id})


_STUDY_SITE = select(StudyRecord.site_id).where(StudyRecord.id == bindparam("study_id"),
                                                StudyRecord.org_id == bindparam("org_id"))


def study_site(c: Connection | Session | Writer, org_id: int, study_id: int) -> int | None:
    """The site id of study ``study_id`` of organisation ``org_id``; None when it has no such
    study (one Core statement)."""
    rows = as_writer(c)(_STUDY_SITE, {"study_id": study_id, "org_id": org_id}).rows
    return rows[0][0] if rows else None


def list_studies(s: Session, org_id: int, site_ids: frozenset[int] | None = None,
                 site_id: int | None = None) -> list[StudyRecord]:
    q = select(StudyRecord).where(StudyRecord.org_id == org_id)
    if site_ids is not None:
        q = q.where(StudyRecord.site_id.in_(sorted(site_ids)))
    if site_id is not None:
        q = q.where(StudyRecord.site_id == site_id)
    return list(s.scalars(q.order_by(StudyRecord.period_start.desc(), StudyRecord.id)))


def rename_study(s: Session, st: StudyRecord, name: str) -> None:
    if name.strip():
        st.name = name.strip()
        s.flush()


# statements of a save built once (building them per call was a few per cent of a save)
_MOVE_HEAD = (update(StudyRecord)
              .where(StudyRecord.id == bindparam("study_id"),
                     StudyRecord.head_revision == bindparam("base"))
              .values(head_revision=bindparam("head"))
              .execution_options(synchronize_session=False))
_REVISION_ID = select(Revision.id).where(Revision.study_id == bindparam("study_id"),
                                         Revision.number == bindparam("number"))
_HEAD = select(StudyRecord.head_revision).where(StudyRecord.id == bindparam("study_id"))
_INSERT_REVISION = insert(Revision).returning(Revision.id)


@dataclass(frozen=True)
class RevisionRow:
    """A revision just appended (the columns of :class:`Revision`)."""

    id: int
    study_id: int
    number: int
    parent_id: int | None
    sha256: str
    author_id: int
    reason: str
    source: str
    created_at: datetime


def append_revision(c: Connection | Writer, study_id: int, base: int, text: str, author_id: int,
                    reason: str, source: str = "") -> RevisionRow:
    """Append revision ``base + 1`` holding ``text`` (canonical JSON of validated study data,
    :func:`alcarbon.store.canonical.canonical_json`); raise :class:`RevisionConflict` if the
    head is not ``base``. Three Core statements on ``c``, in the caller's write transaction.

    The head moves with one conditional UPDATE (``... WHERE head_revision = base``), so of two
    concurrent saves on the same base exactly one succeeds, on SQLite and on PostgreSQL alike; the
    unique (study_id, number) constraint backs it up.
    """
    reason = reason.strip()
    if not reason:
        raise InputError("a revision needs a reason", where="reason",
                         expected="a short note of what changed and why")
    run = as_writer(c)
    moved = run(_MOVE_HEAD, {"study_id": study_id, "base": base, "head": base + 1})
    if moved.rowcount != 1:
        actual = run(_HEAD, {"study_id": study_id}).rows
        raise RevisionConflict(study_id, base, actual[0][0] if actual else -1)
    parent = run(_REVISION_ID, {"study_id": study_id, "number": base}).rows[0][0] \
        if base > 0 else None
    row = {"study_id": study_id, "number": base + 1, "parent_id": parent, "data": text,
           "sha256": sha256_text(text), "author_id": author_id, "reason": reason,
           "source": source[:200], "created_at": utcnow()}
    new_id = run(_INSERT_REVISION, row).rows[0][0]
    del row["data"]
    return RevisionRow(id=new_id, **row)


def save_revision(s: Session, st: StudyRecord, data: dict[str, Any], author: User, reason: str,
                  base: int, source: str = "") -> Revision:
    """:func:`append_revision` of ``data`` in the session ``s``; the new Revision object."""
    new = append_revision(s.connection(), st.id, base, canonical_json(data), author.id, reason,
                          source)
    set_committed_value(st, "head_revision", base + 1)
    return s.get_one(Revision, new.id)


def get_revision(s: Session, st: StudyRecord, number: int | None = None) -> Revision | None:
    """Revision ``number`` of the study, or its head revision."""
    n = st.head_revision if number is None else number
    return s.scalar(select(Revision).where(Revision.study_id == st.id, Revision.number == n))


def list_revisions(s: Session, st: StudyRecord) -> list[Revision]:
    return list(s.scalars(select(Revision).where(Revision.study_id == st.id)
                          .order_by(Revision.number)))


def revision_data(rev: Revision) -> dict[str, Any]:
    return json.loads(rev.data)


def user_names(s: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(s.execute(select(User.id, User.username).where(User.id.in_(sorted(ids)))).all())
