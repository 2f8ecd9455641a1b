"""The two write transactions of the service's hot path (a save, a result) on SQLite through the
DB-API, and the writer interface their statements run on (issue 11).

After the reads went direct (alcarbon.store.sqlite_reads), SQLAlchemy still had ~19 % of the
py-spy samples of a save + calculate pair, in these two transactions; through the DB-API the
store's share is ~11 % (SQLite's own work) and the pair 4.7 % fewer instructions
(docs/performance.md, session 27). Here each thread keeps its own ``sqlite3`` connection for writing
(foreign keys on, the same busy timeout and sync level as the pooled ones) and runs the Core
statements on it (alcarbon.store.sqlite_direct: a ``datetime`` is stored as SQLAlchemy stores
it). ``BEGIN IMMEDIATE`` ... ``COMMIT`` or ``ROLLBACK``. The caller holds the store's write gate
(:meth:`alcarbon.store.db.Database.short_writes`).

:class:`Writer` is what the statements of ``store.studies.append_revision`` and
``store.results.put_result_text`` run on: this module's, or :func:`as_writer` of a SQLAlchemy
connection or session (PostgreSQL, the ORM paths, the tests).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.sql import Executable

from alcarbon.store.sqlite_direct import ThreadConnections, sqlalchemy_error


@dataclass(frozen=True)
class Done:
    """What a statement did: rows changed (-1 for a query) and the rows it returned."""

    rowcount: int
    rows: list[tuple]


@dataclass(frozen=True)
class Writer:
    """``writer(statement, params) -> Done`` inside one write transaction on a database of
    ``dialect`` (its SQLAlchemy name: "sqlite", "postgresql")."""

    run: Callable[[Executable, dict[str, Any]], Done]
    dialect: str

    def __call__(self, stmt: Executable, params: dict[str, Any]) -> Done:
        return self.run(stmt, params)


def as_writer(c: Any) -> Writer:
    """A :class:`Writer` over a SQLAlchemy connection or session (``c`` if it is one)."""
    if isinstance(c, Writer):
        return c

    def run(stmt: Executable, params: dict[str, Any]) -> Done:
        r = c.execute(stmt, params)
        return Done(r.rowcount, r.all() if r.returns_rows else [])
    bind = c if isinstance(c, Connection) else c.get_bind()
    return Writer(run, bind.dialect.name)


class SqliteWrites(ThreadConnections):
    """Write transactions on ``path`` from each thread's own ``sqlite3`` connection."""

    def __init__(self, path: str, engine: Engine):
        super().__init__(path, engine)
        #: SQLite's automatic checkpoint in commits (off while a server's checkpointer runs)
        self.auto_checkpoint = True

    def _opened(self, conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        self._local.auto = None

    def _writer(self) -> sqlite3.Connection:
        conn = self._conn()
        if self._local.auto != self.auto_checkpoint:
            # SQLite's default of 1,000 pages, or none (alcarbon.store.checkpoint)
            conn.execute(f"PRAGMA wal_autocheckpoint={1000 if self.auto_checkpoint else 0}")
            self._local.auto = self.auto_checkpoint
        return conn

    def _run(self, conn: sqlite3.Connection, stmt: Executable, params: dict[str, Any]) -> Done:
        rows, rowcount = self._execute(conn, stmt, params)
        return Done(rowcount, rows)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Writer]:
        """``BEGIN IMMEDIATE``; a :class:`Writer`; ``COMMIT``, or ``ROLLBACK`` on any exception."""
        conn = self._begin(self._writer, "BEGIN IMMEDIATE")
        try:
            yield Writer(partial(self._run, conn), self.dialect.name)
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):  # the COMMIT itself failed
                raise sqlalchemy_error(exc, "COMMIT") from exc
            raise
