"""Short reads of a SQLite store straight through the DB-API, for the reads every API request
makes (its credentials) and a calculation's look-up of its revision and stored result
(issue 11).

Checking out a pooled connection and running one Core statement through SQLAlchemy's execution
layer cost ~0.65 ms per request inside a loaded server process, ~4 % of a save + calculate pair;
the same statement on a connection of the thread's own through ``sqlite3`` costs ~0.15 ms
(in-process over the ASGI app, 300 pairs; docs/performance.md, session 27). The statements stay
SQLAlchemy Core (alcarbon.store.sqlite_direct). No result type is converted: a caller reads only
integers and text (a SQLite boolean comes back as 0 or 1).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.sql import Executable

from alcarbon.store.sqlite_direct import ThreadConnections

#: ``run(statement, params) -> rows``: Core statements run in one read transaction; rows are
#: tuples of plain values (alcarbon.store.db.Database.short_reads)
Reader = Callable[[Executable, dict[str, Any]], list[tuple]]


def as_reader(c: Any) -> Reader:
    """A :data:`Reader` over a SQLAlchemy connection or session."""
    return lambda stmt, params: c.execute(stmt, params).all()


class SqliteReads(ThreadConnections):
    """Read-only statements on ``path`` from each thread's own ``sqlite3`` connection."""

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (every statement in it sees the same committed state)."""
        conn = self._begin(self._conn, "BEGIN")
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
        return self._execute(conn, stmt, params)[0]
