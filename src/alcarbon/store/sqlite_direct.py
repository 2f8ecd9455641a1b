"""Each thread's own ``sqlite3`` connection to a SQLite store, and SQLAlchemy Core statements run
on it through the DB-API: what the request path's reads (alcarbon.store.sqlite_reads) and hot
writes (alcarbon.store.sqlite_writes) share (issue 11).

A statement stays SQLAlchemy Core: it is compiled once by the engine's dialect to its SQL text
(an INSERT for the columns given), and its parameters pass through the column types' own bind
processors in compiled order, so a value is stored as the pooled path stores it. Driver errors
come out as SQLAlchemy's, so a missing or locked file answers 503 as on the pooled path.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.sql import Executable

#: milliseconds a statement waits for a lock, as the pooled connections (store.db.SQLITE_BUSY_MS)
BUSY_MS = 30_000


class ThreadConnections:
    """One ``sqlite3`` connection to ``path`` per thread (and per process: a forked child opens
    its own); :meth:`_opened` sets a new one up."""

    def __init__(self, path: str, engine: Engine):
        self.path, self.dialect = path, engine.dialect
        self._local = threading.local()
        self._compiled: dict[tuple, tuple[Any, str, tuple[str, ...], tuple]] = {}
        self._open: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def _opened(self, conn: sqlite3.Connection) -> None:
        """Set up a connection just opened (nothing here)."""

    def _conn(self) -> sqlite3.Connection:
        if self._pid != os.getpid():  # a forked child never uses its parent's connections
            self._pid, self._local, self._open = os.getpid(), threading.local(), []
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            self._opened(conn)
            with self._lock:
                self._open.append(conn)
            self._local.conn = conn
        return conn

    def _begin(self, conn: Callable[[], sqlite3.Connection], sql: str) -> sqlite3.Connection:
        """The connection ``conn()`` gives, in a transaction begun by ``sql``."""
        try:
            c = conn()
            c.execute(sql)
            return c
        except sqlite3.Error as exc:
            raise sqlalchemy_error(exc, sql) from exc

    def _statement(self, stmt: Executable, params: dict[str, Any]
                   ) -> tuple[str, tuple[str, ...], tuple]:
        """SQL text, parameter names in order and their bind processors (None: as given)."""
        # an INSERT's columns are those given; any other statement names its parameters itself
        cols = tuple(sorted(params)) if getattr(stmt, "is_insert", False) else ()
        key = (id(stmt), cols)
        hit = self._compiled.get(key)
        if hit is None:
            compiled = stmt.compile(dialect=self.dialect, column_keys=list(cols) or None)
            names = tuple(compiled.positiontup or ())
            procs = tuple(compiled.binds[n].type.dialect_impl(self.dialect)
                          .bind_processor(self.dialect) for n in names)
            # keyed by identity (the statements are module constants); the statement is kept in
            # the entry so that its id is never reused by another object
            hit = self._compiled[key] = (stmt, str(compiled), names, procs)
        return hit[1], hit[2], hit[3]

    def _execute(self, conn: sqlite3.Connection, stmt: Executable,
                 params: dict[str, Any]) -> tuple[list[tuple], int]:
        """Run ``stmt`` with ``params`` (by bound-parameter name): (its rows, rows changed)."""
        sql, names, procs = self._statement(stmt, params)
        values = tuple(params[n] if p is None else p(params[n])
                       for n, p in zip(names, procs, strict=True))
        try:
            cur = conn.execute(sql, values)
            return (cur.fetchall() if cur.description else []), cur.rowcount
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
