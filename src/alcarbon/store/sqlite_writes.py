"""The two write transactions of the service's hot path (a save, a result) on SQLite through the
DB-API, and the writer interface their statements run on (issue 11).

Beginning a pooled SQLAlchemy transaction and running its Core statements cost about a fifth of
a save + calculate pair in a loaded server process after the reads went direct
(alcarbon.store.sqlite_reads). Here each thread keeps its own ``sqlite3`` connection for writing
(foreign keys on, the same busy timeout and sync level as the pooled ones); the statements stay
SQLAlchemy Core, compiled once by the dialect, their parameters passed through the types' own
bind processors (a ``datetime`` is stored as SQLAlchemy stores it). ``BEGIN IMMEDIATE`` ...
``COMMIT`` or ``ROLLBACK``; errors come out as SQLAlchemy's. The caller holds the store's write gate
(:meth:`alcarbon.store.db.Database.short_writes`).

:data:`Writer` is what the statements of ``store.studies.append_revision`` and
``store.results.put_result_text`` run on: this module's, or :func:`as_writer` of a SQLAlchemy
connection or session (PostgreSQL, the ORM paths, the tests).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.sql import Executable

from alcarbon.store.sqlite_reads import BUSY_MS, sqlalchemy_error


@dataclass(frozen=True)
class Done:
    """What a statement did: rows changed (-1 for a query) and the rows it returned."""

    rowcount: int
    rows: list[tuple]


#: ``run(statement, params) -> Done`` inside one write transaction
Writer = Callable[[Executable, dict[str, Any]], Done]


def as_writer(c: Any) -> Writer:
    """A :data:`Writer` over a SQLAlchemy connection or session (or ``c`` if it is one)."""
    if not hasattr(c, "execute"):
        return c

    def run(stmt: Executable, params: dict[str, Any]) -> Done:
        r = c.execute(stmt, params)
        return Done(r.rowcount, r.all() if r.returns_rows else [])
    return run


class SqliteWrites:
    """Write transactions on ``path`` from each thread's own ``sqlite3`` connection."""

    def __init__(self, path: str, engine: Engine):
        self.path, self.dialect = path, engine.dialect
        self._local = threading.local()
        self._compiled: dict[tuple, tuple[Any, str, tuple[str, ...], tuple]] = {}
        self._open: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        #: SQLite's automatic checkpoint in commits (off while a server's checkpointer runs)
        self.auto_checkpoint = True

    def _statement(self, stmt: Executable, params: dict[str, Any]
                   ) -> tuple[str, tuple[str, ...], tuple]:
        # an INSERT's columns are those given; any other statement names its parameters itself
        cols = tuple(sorted(params)) if getattr(stmt, "is_insert", False) else ()
        key = (id(stmt), cols)
        hit = self._compiled.get(key)
        if hit is None:
            compiled = stmt.compile(dialect=self.dialect, column_keys=list(cols) or None)
            names = tuple(compiled.positiontup or ())
            procs = tuple(compiled.binds[n].type.dialect_impl(self.dialect)
                          .bind_processor(self.dialect) for n in names)
            # the statement is kept in the entry so that its id is never reused by another
            hit = self._compiled[key] = (stmt, str(compiled), names, procs)
        return hit[1], hit[2], hit[3]

    def _conn(self) -> sqlite3.Connection:
        if self._pid != os.getpid():  # a forked child never uses its parent's connections
            self._pid, self._local, self._open = os.getpid(), threading.local(), []
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            with self._lock:
                self._open.append(conn)
            self._local.conn, self._local.auto = conn, None
        if self._local.auto != self.auto_checkpoint:
            # SQLite's default of 1,000 pages, or none (alcarbon.store.checkpoint)
            conn.execute(f"PRAGMA wal_autocheckpoint={1000 if self.auto_checkpoint else 0}")
            self._local.auto = self.auto_checkpoint
        return conn

    def _run(self, conn: sqlite3.Connection, stmt: Executable, params: dict[str, Any]) -> Done:
        sql, names, procs = self._statement(stmt, params)
        values = tuple(params[n] if p is None else p(params[n])
                       for n, p in zip(names, procs, strict=True))
        try:
            cur = conn.execute(sql, values)
            rows = cur.fetchall() if cur.description else []
            return Done(cur.rowcount, rows)
        except sqlite3.Error as exc:
            raise sqlalchemy_error(exc, sql) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Writer]:
        """``BEGIN IMMEDIATE``; a :data:`Writer`; ``COMMIT``, or ``ROLLBACK`` on any exception."""
        try:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise sqlalchemy_error(exc, "BEGIN IMMEDIATE") from exc
        try:
            yield partial(self._run, conn)
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):  # the COMMIT itself failed
                raise sqlalchemy_error(exc, "COMMIT") from exc
            raise

    def close(self) -> None:
        """Close every thread's connection (the store is disposed)."""
        with self._lock:
            conns, self._open = self._open, []
        for conn in conns:
            conn.close()
        self._local = threading.local()
