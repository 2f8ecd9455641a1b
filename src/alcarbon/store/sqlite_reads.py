"""Short reads of a SQLite store straight through the DB-API, for the one read every API request
makes: its credentials (issue 11).

Checking out a pooled connection and running one Core statement through SQLAlchemy's execution
layer cost ~0.65 ms per request inside a loaded server process, ~4 % of a save + calculate pair;
the same statement on a connection of the thread's own through ``sqlite3`` costs ~0.15 ms
(in-process over the ASGI app, 300 pairs; docs/performance.md, session 27). The statements stay
SQLAlchemy Core: each is compiled once by the engine's dialect to its SQL text, and run with its
bound parameters in compiled order. No result type is converted: a caller reads only integers and
text (a SQLite boolean comes back as 0 or 1). Errors come out as SQLAlchemy's, so a missing or
locked file answers 503 as on the pooled path.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.sql import Executable

#: ``run(statement, params) -> rows``: Core statements run in one read transaction; rows are
#: tuples of plain values (alcarbon.store.db.Database.short_reads)
Reader = Callable[[Executable, dict[str, Any]], list[tuple]]

#: milliseconds a read waits for a lock (only a schema change or a checkpoint in TRUNCATE mode
#: takes one a reader meets in WAL mode); as the pooled connections (store.db.SQLITE_BUSY_MS)
BUSY_MS = 30_000


class SqliteReads:
    """Read-only statements on ``path`` from each thread's own ``sqlite3`` connection."""

    def __init__(self, path: str, engine: Engine):
        self.path, self.dialect = path, engine.dialect
        self._local = threading.local()
        self._compiled: dict[int, tuple[Executable, str, tuple[str, ...]]] = {}
        self._open: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def _sql(self, stmt: Executable) -> tuple[str, tuple[str, ...]]:
        # keyed by identity: the statements are module constants; the statement is kept in the
        # entry so that its id is never reused by another object
        hit = self._compiled.get(id(stmt))
        if hit is None:
            compiled = stmt.compile(dialect=self.dialect)
            hit = self._compiled[id(stmt)] = (stmt, str(compiled),
                                              tuple(compiled.positiontup or ()))
        return hit[1], hit[2]

    def _conn(self) -> sqlite3.Connection:
        if self._pid != os.getpid():  # a forked child never uses its parent's connections
            self._pid, self._local, self._open = os.getpid(), threading.local(), []
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            with self._lock:
                self._open.append(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (every statement in it sees the same committed state)."""
        try:
            conn = self._conn()
            conn.execute("BEGIN")
        except sqlite3.Error as exc:
            raise sqlalchemy_error(exc, "BEGIN") from exc
        try:
            yield conn
        finally:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:  # a broken connection: this thread opens a new one next time
                self._local.conn = None

    def rows(self, conn: sqlite3.Connection, stmt: Executable,
             params: dict[str, Any]) -> list[tuple]:
        """The rows of ``stmt`` with ``params`` (by bound-parameter name), in ``snapshot()``."""
        sql, names = self._sql(stmt)
        try:
            return conn.execute(sql, tuple(params[n] for n in names)).fetchall()
        except sqlite3.Error as exc:
            raise sqlalchemy_error(exc, sql) from exc

    def close(self) -> None:
        """Close every thread's connection (the store is disposed)."""
        with self._lock:
            conns, self._open = self._open, []
        for conn in conns:
            conn.close()
        self._local = threading.local()


def sqlalchemy_error(exc: sqlite3.Error, sql: str) -> DatabaseError:
    """SQLAlchemy's wrapper of the driver's error, as the pooled path raises it."""
    kind = OperationalError if isinstance(exc, sqlite3.OperationalError) else \
        IntegrityError if isinstance(exc, sqlite3.IntegrityError) else DatabaseError
    return kind(sql, None, exc)
