"""What a study *is* now: product and data period as the head revision's study data says.

Design (docs/service.md "Study header"): a study record keeps the product and period typed in the
creation form, unchanged, as created; revisions are immutable. A later save or upload may carry
another period (a workbook of 2023 uploaded into a study created for 2025) or other declared
products. Pages and the API then show the head revision's values, so what is displayed is always
what the stored, hashed, audited data says; the creation values are shown beside them when they
differ, and nothing is rewritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, select
from sqlalchemy.orm import Session

from alcarbon.store.models import Revision, StudyRecord


@dataclass(frozen=True)
class Header:
    """Product and period (GB/T 44905 7.1.1) of a study as of its head revision."""

    product: str
    period_start: date
    period_end: date
    declared: tuple[str, ...]
    created_product: str
    created_start: date
    created_end: date

    @property
    def differs(self) -> bool:
        """True when the head data no longer says what the creation form said."""
        return (self.product, self.period_start, self.period_end) != (
            self.created_product, self.created_start, self.created_end)


def _date(text: Any, fallback: date) -> date:
    try:
        return date.fromisoformat(str(text))
    except (TypeError, ValueError):
        return fallback


def header_of(st: StudyRecord | Row, data: dict[str, Any] | None) -> Header:
    """The header of ``st`` from its head revision's study data ``data`` (None: the record's).

    Product: the record's product if the data still declares it, else the first declared one.
    """
    data = data or {}
    period = data.get("period") or {}
    declared = tuple(x for x in data.get("declared_products") or () if isinstance(x, str))
    product = st.product if (not declared or st.product in declared) else declared[0]
    return Header(product, _date(period.get("start"), st.period_start),
                  _date(period.get("end"), st.period_end), declared,
                  st.product, st.period_start, st.period_end)


#: What a header needs of a revision's data (period, declared products), by the revision's
#: sha256. Revisions are immutable and the value is a function of the data alone (the record's
#: own fields are applied by header_of), so an entry can neither go stale nor leak between
#: studies; it saves parsing the whole inventory (24 KB for the coal example) on every GET.
_HEAD_DATA: dict[str, dict[str, Any]] = {}
_HEAD_DATA_MAX = 4096


def _head_data(text: str) -> dict[str, Any]:
    data = json.loads(text)
    return {"period": data.get("period"), "declared_products": data.get("declared_products")}


_HEADS = (select(Revision.study_id, Revision.id, Revision.sha256)
          .join(StudyRecord, and_(Revision.study_id == StudyRecord.id,
                                  Revision.number == StudyRecord.head_revision))
          .where(StudyRecord.id.in_(bindparam("ids", expanding=True))))
_DATA = select(Revision.id, Revision.data).where(Revision.id.in_(bindparam("ids",
                                                                            expanding=True)))


def _data_of(s: Session | Connection, revs: dict[int, str]) -> dict[str, dict[str, Any]]:
    """Header data by sha256 for revisions ``{revision id: sha256}``: from the cache, the
    rest with one query over their data."""
    found = {sha: _HEAD_DATA.get(sha) for sha in revs.values()}  # local: another thread may clear
    missing = {rid: sha for rid, sha in revs.items() if found[sha] is None}
    if missing:
        if len(_HEAD_DATA) + len(missing) > _HEAD_DATA_MAX:
            _HEAD_DATA.clear()
        for rid, text in s.execute(_DATA, {"ids": list(missing)}):
            found[missing[rid]] = _HEAD_DATA[missing[rid]] = _head_data(text)
    return found


def headers(s: Session, sts: list[StudyRecord]) -> dict[int, Header]:
    """Headers of many studies with one query over their head revisions (and one more for the
    data of revisions not seen before by this process)."""
    if not sts:
        return {}
    rows = s.execute(_HEADS, {"ids": [st.id for st in sts]}).all()
    found = _data_of(s, {rid: sha for _, rid, sha in rows})
    data = {sid: found[sha] for sid, _, sha in rows}
    return {st.id: header_of(st, data.get(st.id)) for st in sts}


#: A study of an organisation with its head revision's id and sha256, in one query (the study's
#: columns by name, as on a StudyRecord)
_STUDY_HEAD = (select(*StudyRecord.__table__.c, Revision.id.label("head_id"),
                      Revision.sha256.label("head_sha"))
               .outerjoin(Revision, and_(Revision.study_id == StudyRecord.id,
                                         Revision.number == StudyRecord.head_revision))
               .where(StudyRecord.id == bindparam("study_id"),
                      StudyRecord.org_id == bindparam("org_id")))


def study_with_header(c: Session | Connection, org_id: int,
                      study_id: int) -> tuple[Row, Header] | None:
    """The study ``study_id`` of organisation ``org_id`` (a row with the columns of
    :class:`StudyRecord`) and its header; None if the organisation has no such study. One query
    (two when the head revision's data is not cached yet), where a StudyRecord and
    :func:`headers` took two sessions' worth of ORM work."""
    row = c.execute(_STUDY_HEAD, {"study_id": study_id, "org_id": org_id}).first()
    if row is None:
        return None
    data = _data_of(c, {row.head_id: row.head_sha})[row.head_sha] if row.head_id else None
    return row, header_of(row, data)
