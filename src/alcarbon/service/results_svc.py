"""Compute-and-cache: results keyed by the sha256 of their inputs (see alcarbon.store.results).

A calculation only reads the stored revision; whatever fails, the revision stays untouched and no
result row is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from alcarbon import __version__
from alcarbon.service import compute
from alcarbon.service.access import revision_of, study_for_read
from alcarbon.store import results, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database


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


def _compute(kind: str, data: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    study = compute.study_from_data(data, "stored revision")
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


def get_or_compute(db: Database, p: Principal, study_id: int, revision: int | None, kind: str,
                   params: dict[str, Any] | None = None, compute_missing: bool = True
                   ) -> Computed | None:
    """The cached result of ``kind`` for a revision, computed and stored when missing."""
    params = params or {}
    lib = compute.library_version()
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        rev = revision_of(s, st, revision)
        key = results.result_key(kind, rev.sha256, lib, __version__, params)
        row = results.get_result(s, p.org_id, key)
        if row is not None:
            return Computed(st.id, rev.number, key, True, lib, row.data)
        data = studies.revision_data(rev)
    if not compute_missing:
        return None
    out = _compute(kind, data, params)
    text = results.result_text(out)
    with db.write() as s:
        # st and rev as read above: a revision is immutable and studies are never deleted, so
        # reading them again in this transaction (two queries) would find the same rows
        # stored meanwhile by another request: answer with what is stored (the same inputs)
        text = results.put_result_text(s, st, rev, key, kind, lib, __version__, params, text)
    return Computed(study_id, rev.number, key, False, lib, text)
