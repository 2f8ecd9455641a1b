"""Computed results cached by the sha256 of their inputs.

The key of a result is sha256 over (kind, revision sha256, factor-library version, alcarbon version,
parameters): the same inventory computed with the same data and code is never computed twice, and a
new factor library or program version gives a new key (GB/T 44905 7.1.2 c: traceable to its
calculation).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from alcarbon.store.canonical import canonical_json, sha256_text
from alcarbon.store.models import FactorLibraryVersion, Result, Revision, StudyRecord, utcnow
from alcarbon.store.sqlite_writes import Writer, as_writer


def result_key(kind: str, revision_sha: str, library_version: str, alcarbon_version: str,
               params: dict[str, Any] | None = None) -> str:
    return sha256_text(canonical_json([kind, revision_sha, library_version, alcarbon_version,
                                       params or {}]))


def get_result(s: Session, org_id: int, key: str) -> Result | None:
    return s.scalar(select(Result).where(Result.org_id == org_id, Result.key == key))


def factor_library(s: Session, version: str) -> FactorLibraryVersion:
    """The row of a factor-library version, created the first time it is used."""
    row = s.scalar(select(FactorLibraryVersion).where(FactorLibraryVersion.version == version))
    if row is None:
        try:
            with s.begin_nested():
                row = FactorLibraryVersion(version=version)
                s.add(row)
        except IntegrityError:  # created concurrently
            row = s.scalar(select(FactorLibraryVersion)
                           .where(FactorLibraryVersion.version == version))
    return row


# id of each factor-library version per engine, for rows found already committed (never for a row
# this transaction created: it could still be rolled back). Such rows are never deleted or changed.
_LIBRARY_IDS: WeakKeyDictionary[Any, dict[str, int]] = WeakKeyDictionary()


def factor_library_id(s: Session, version: str) -> int:
    """The id of :func:`factor_library`'s row, without a query once the row is known."""
    known = _LIBRARY_IDS.setdefault(s.get_bind(), {})
    if version in known:
        return known[version]
    row = s.scalar(select(FactorLibraryVersion).where(FactorLibraryVersion.version == version))
    if row is None:
        return factor_library(s, version).id
    known[version] = row.id
    return row.id


def list_factor_libraries(s: Session) -> list[FactorLibraryVersion]:
    return list(s.scalars(select(FactorLibraryVersion).order_by(FactorLibraryVersion.id)))


def result_text(data: Any) -> str:
    """The stored JSON text of a result: what ``json.dumps(data, ensure_ascii=False)`` gives
    (NaN and infinities as the same constants), written by pydantic-core's serialiser, about
    6x faster on a detailed result of 500 KB."""
    from pydantic_core import to_json

    return to_json(data, inf_nan_mode="constants").decode("utf-8")


def put_result(s: Session, st: StudyRecord, rev: Revision, key: str, kind: str,
               library_version: str, alcarbon_version: str, params: dict[str, Any],
               data: Any, text: str | None = None) -> Result:
    """Store a result (or return the one stored meanwhile under the same key); ``text``: its
    JSON (:func:`result_text`) when the caller has it already. The insert of
    :func:`put_result_text` on the session's connection, then the row as stored."""
    lib = factor_library_id(s, library_version) if library_version else None
    put_result_text(s.connection(), st, rev, key, kind, lib, alcarbon_version, params,
                    text if text is not None else result_text(data))
    row = get_result(s, st.org_id, key)
    if row is None:  # pragma: no cover - inserted or found in this transaction
        raise LookupError(f"result {key!r} neither stored nor found")
    return row


def known_library_id(bind: Any, version: str) -> int | None:
    """The id of a factor-library version's row already found committed through the engine
    ``bind`` (:func:`factor_library_id`), else None."""
    known = _LIBRARY_IDS.get(bind)
    return known.get(version) if known else None


#: the stored text of a result: parameters org_id, key
STORED_TEXT = select(Result.data).where(Result.org_id == bindparam("org_id"),
                                        Result.key == bindparam("key"))
#: INSERT ... ON CONFLICT (org_id, key) DO NOTHING per dialect, built once
_INSERT_RESULT: dict[str, Any] = {}


def _insert_result(dialect: str) -> Any:
    stmt = _INSERT_RESULT.get(dialect)
    if stmt is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = _INSERT_RESULT[dialect] = insert(Result).on_conflict_do_nothing(
            index_elements=["org_id", "key"])
    return stmt


def put_result_text(c: Connection | Writer, st: Any, rev: Any, key: str, kind: str,
                    library_id: int | None, alcarbon_version: str, params: dict[str, Any],
                    text: str) -> str:
    """Store a result's JSON ``text`` and return what is stored under ``key``: this text, or the
    one another request stored meanwhile (the same inputs). One ``INSERT ... ON CONFLICT DO
    NOTHING`` (SQLite and PostgreSQL) on a plain connection in the caller's write transaction;
    ``library_id``: the factor library's row (:func:`factor_library_id`)."""
    values = {"org_id": st.org_id, "key": key, "kind": kind, "study_id": st.id,
              "revision_id": rev.id, "alcarbon_version": alcarbon_version,
              "factor_library_id": library_id, "params": canonical_json(params), "data": text,
              "created_at": utcnow()}
    run = as_writer(c)
    if run(_insert_result(run.dialect), values).rowcount == 1:
        return text
    return run(STORED_TEXT, {"org_id": st.org_id, "key": key}).rows[0][0]
