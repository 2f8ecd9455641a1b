"""Compute-and-cache: results keyed by the sha256 of their inputs (see alcarbon.store.results).

A calculation only reads the stored revision; whatever fails, the revision stays untouched and no
result row is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Integer, bindparam, func, select

from alcarbon import __version__
from alcarbon.service import compute
from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.deps import can_read_site, study_lines
from alcarbon.service.study_memo import MEMO, lines_of
from alcarbon.store import results
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import Revision, StudyRecord
from alcarbon.store.sqlite_reads import Reader


@dataclass
class Computed:
    """A result and its stored JSON ``text``; ``data`` is parsed from the text when first used
    (the API answers with the text as stored, without parsing and re-serialising it)."""

    study_id: int
    revision: int
    key: str
    cached: bool
    library_version: str
    text: str
    _data: Any = field(default=None, repr=False)

    @property
    def data(self) -> Any:
        if self._data is None:
            self._data = json.loads(self.text)
        return self._data


#: the kinds whose computation only reads the study, so it may come from the memo
_READ_ONLY = frozenset({"calc", "calc_summary"})


def _compute(kind: str, study: Any, params: dict[str, Any]) -> dict[str, Any]:
    if kind == "uncertainty":
        return compute.uncertainty(study, params["iterations"], params["seed"])
    res = compute.calculate(study)
    if kind in ("calc", "calc_summary"):
        return _with_zh(res, res.to_json_dict(detail=kind == "calc"))
    if kind == "check":
        return compute.check(study, res)
    raise ValueError(kind)


def _with_zh(res: Any, out: dict[str, Any]) -> dict[str, Any]:
    """Add ``warnings_zh`` beside every ``warnings`` list: the Chinese text each engine note
    carries (:class:`alcarbon.messages.Msg`), "" for a note that has none; the JSON of a
    result keeps only the English str."""
    from alcarbon.messages import texts

    out["warnings_zh"] = [texts(w)[1] for w in res.warnings]
    for pj, p in zip(out.get("products", []), res.products.values(), strict=False):
        pj["warnings_zh"] = [texts(w)[1] for w in p.warnings]
    return out


def calc_result(db: Database, p: Principal, study_id: int, revision: int | None, rows: bool,
                compute_missing: bool = True) -> Computed | None:
    """The footprint result of a revision: with every contribution row of both bases (``rows``,
    kind ``calc``: what the dashboard and the verifier trace read) or its summary alone (kind
    ``calc_summary``: the per-product totals, Table E.2 stages, gases, categories, electricity
    and notes, about 12 KB instead of ~440 KB for the coal example). Without
    ``compute_missing`` the revision must have been calculated in either form; the other form
    is then derived by the same calculation (same inputs, same key scheme)."""
    kind, other = ("calc", "calc_summary") if rows else ("calc_summary", "calc")
    if compute_missing:
        return get_or_compute(db, p, study_id, revision, kind)
    c = get_or_compute(db, p, study_id, revision, kind, compute_missing=False)
    if c is not None:
        return c
    done = get_or_compute(db, p, study_id, revision, other, compute_missing=False)
    return None if done is None else get_or_compute(db, p, study_id, done.revision, kind)


_REVISION = (select(StudyRecord.id, StudyRecord.org_id, StudyRecord.site_id,
                    Revision.id.label("rev_id"), Revision.number, Revision.sha256, Revision.data)
             .join(Revision, Revision.study_id == StudyRecord.id)
             .where(StudyRecord.id == bindparam("study_id"),
                    StudyRecord.org_id == bindparam("org_id"),
                    Revision.number == func.coalesce(bindparam("number", type_=Integer),
                                                     StudyRecord.head_revision)))


def _revision_row(run: Reader, db: Database, p: Principal, study_id: int, revision: int | None
                  ) -> tuple[SimpleNamespace, SimpleNamespace]:
    """The study (id, org_id) and revision (id, number, sha256, data) a result is computed
    from, with the same isolation as :func:`study_for_read` and :func:`revision_of`: one Core
    query; when it finds nothing, those functions say which of the two is missing (404)."""
    found = run(_REVISION, {"study_id": study_id, "org_id": p.org_id, "number": revision})
    if not found or not can_read_site(p, found[0][2]):
        with db.read() as s:
            revision_of(s, study_for_read(s, p, study_id), revision)
        raise AssertionError("unreachable: the look-ups above raise a 404")  # pragma: no cover
    sid, org_id, _site, rev_id, number, sha256, data = found[0]
    return (SimpleNamespace(id=sid, org_id=org_id),
            SimpleNamespace(id=rev_id, number=number, sha256=sha256, data=data))


@dataclass
class Pending:
    """A result not stored yet: what :func:`finish` needs to compute and store it."""

    st: SimpleNamespace
    rev: SimpleNamespace
    key: str
    kind: str
    library_version: str
    params: dict[str, Any]
    _data: Any = field(default=None, repr=False)

    @property
    def data(self) -> dict[str, Any]:
        """The revision's study data, parsed once."""
        if self._data is None:
            self._data = json.loads(self.rev.data)
        return self._data

    def _kept(self) -> Any | None:
        """The study this process validated when it saved the revision (:mod:`study_memo`),
        for a computation that only reads it."""
        return MEMO.get(self.rev.sha256) if self.kind in _READ_ONLY else None

    @property
    def lines(self) -> int:
        """The size of the calculation (:func:`alcarbon.service.deps.study_lines`)."""
        kept = self._kept()
        return lines_of(kept) if kept is not None else study_lines(self.data)

    def study(self) -> Any:
        """The revision's Study: the one kept at its save, else validated from its text."""
        kept = self._kept()
        if kept is not None:
            return kept
        return compute.study_from_data(self.data, "stored revision")


def lookup(db: Database, p: Principal, study_id: int, revision: int | None, kind: str,
           params: dict[str, Any] | None = None) -> Computed | Pending:
    """The stored result of ``kind`` for a revision, or what computing it needs (two queries)."""
    params = params or {}
    lib = compute.library_version()
    with db.short_reads() as run:
        st, rev = _revision_row(run, db, p, study_id, revision)
        key = results.result_key(kind, rev.sha256, lib, __version__, params)
        stored = run(results.STORED_TEXT, {"org_id": st.org_id, "key": key})
    if stored:
        return Computed(st.id, rev.number, key, True, lib, stored[0][0])
    return Pending(st, rev, key, kind, lib, params)


def finish(db: Database, job: Pending) -> Computed:
    """Compute a pending result and store it (or answer with what another request stored
    meanwhile under the same key: the same inputs)."""
    out = _compute(job.kind, job.study(), job.params)
    text = results.result_text(out)
    lib_id = None
    if job.library_version:
        lib_id = results.known_library_id(db.write_engine, job.library_version)
        if lib_id is None:  # the first result of this library version in this process
            with db.write() as s:
                lib_id = results.factor_library_id(s, job.library_version)
    with db.short_writes() as run:
        # st and rev as looked up: a revision is immutable and studies are never deleted, so
        # reading them again in this transaction would find the same rows
        text = results.put_result_text(run, job.st, job.rev, job.key, job.kind, lib_id,
                                       __version__, job.params, text)
    return Computed(job.st.id, job.rev.number, job.key, False, job.library_version, text)


def get_or_compute(db: Database, p: Principal, study_id: int, revision: int | None, kind: str,
                   params: dict[str, Any] | None = None, compute_missing: bool = True
                   ) -> Computed | None:
    """The cached result of ``kind`` for a revision, computed and stored when missing."""
    found = lookup(db, p, study_id, revision, kind, params)
    if isinstance(found, Computed):
        return found
    return finish(db, found) if compute_missing else None
