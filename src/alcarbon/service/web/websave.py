"""Saving a web form as a new revision: the base revision the form was rendered from, the reason,
validation of the whole study (pydantic locations for inline messages) and the optimistic lock
(:func:`alcarbon.store.studies.save_revision` raises RevisionConflict on a stale base)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from alcarbon.service.access import study_for_edit
from alcarbon.service.deps import load_user
from alcarbon.service.study_memo import MEMO
from alcarbon.store import studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import StudyRecord


@dataclass
class Base:
    """What a submitted form started from."""

    st: StudyRecord
    number: int  # revision number named by the form (-1 when missing)
    data: dict[str, Any] | None  # its study data; None when that revision does not exist
    reason: str


def load_base(db: Database, p: Principal, study_id: int, form: Mapping[str, Any]) -> Base:
    """The study (edit permission checked), the form's base revision and reason."""
    try:
        number = int(str(form.get("base_revision", "")))
    except ValueError:
        number = -1
    reason = str(form.get("reason", "")).replace("\x00", "").strip()[:2000]
    with db.read() as s:
        st = study_for_edit(s, p, study_id)
        rev = studies.get_revision(s, st, number) if number > 0 else None
    return Base(st, number, studies.revision_data(rev) if rev else None, reason)


def validate(data: dict[str, Any]):
    """The study model of ``data``; raises pydantic ValidationError with field locations."""
    from alcarbon.inventory.model import Study

    return Study.model_validate(data)


def commit(db: Database, p: Principal, base: Base, study, source: str):
    """Append the validated study as revision base+1 (RevisionConflict when the head moved)."""
    from alcarbon.inventory.io_yaml import study_to_data

    with db.write() as s:
        st = study_for_edit(s, p, base.st.id)
        rev = studies.save_revision(s, st, study_to_data(study), load_user(s, p), base.reason,
                                    base.number, source)
    # the results page the saved form leads to need not validate the study again (as an API
    # save): the caller leaves the study as it is from here on
    MEMO.put(rev.sha256, study)
    return rev
