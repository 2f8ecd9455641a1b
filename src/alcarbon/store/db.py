"""Database URL resolution, engines and sessions.

Default: one SQLite file created on first use (``$ALCARBON_DB``, else
``$XDG_DATA_HOME/alcarbon/alcarbon.sqlite3``, else ``~/.local/share/alcarbon/alcarbon.sqlite3``).
PostgreSQL by URL (``postgresql+psycopg://user:pw@host:port/db``): the same schema, applied by the
same Alembic migrations.

SQLite allows one writer at a time. Write sessions therefore start with ``BEGIN IMMEDIATE`` (they
take the write lock at once and wait up to ``busy_timeout`` for it) while read sessions use a plain
``BEGIN``; on PostgreSQL both kinds share one engine. Within one process, SQLite write sessions
also queue on a lock first: SQLite's busy handler polls with sleeps growing to 100 ms, so 30
threads polling for the lock starved some of them for seconds (p95 of 6 s at 32 clients in
bench/bench_service.py); threads blocked on a lock wake as soon as it is free, and only one
connection per process waits in SQLite (against the other server processes).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from alcarbon.errors import InputError, StoreUnavailable
from alcarbon.store.sqlite_reads import Reader, SqliteReads, as_reader
from alcarbon.store.sqlite_writes import SqliteWrites, Writer, as_writer

ENV_VAR = "ALCARBON_DB"
SQLITE_BUSY_MS = 30_000


def default_sqlite_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "alcarbon" / "alcarbon.sqlite3"


def resolve_url(url: str | None = None) -> str:
    """The database URL: the argument, else $ALCARBON_DB, else the default SQLite file.

    A bare file path is taken as a SQLite file. Only ``sqlite`` and ``postgresql`` are supported.
    """
    raw = (url or os.environ.get(ENV_VAR) or "").strip()
    if not raw:
        raw = f"sqlite:///{default_sqlite_path()}"
    elif "://" not in raw:
        raw = f"sqlite:///{Path(raw).expanduser().resolve()}"
    try:
        parsed = make_url(raw)
    except Exception:
        raise InputError(f"cannot parse database URL {raw!r}", where="--db",
                         expected="sqlite:///path/file.sqlite3 or "
                         "postgresql+psycopg://user:password@host:port/dbname") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(f"unsupported database {parsed.get_backend_name()!r}", where="--db",
                         expected="sqlite or postgresql")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        raw = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return raw


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        try:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create the folder of the SQLite file: {exc}",
                                   where=url, expected="a writable folder") from None
    eng = create_engine(url, connect_args={"check_same_thread": False,
                                           "timeout": SQLITE_BUSY_MS / 1000},
                        pool_size=20, max_overflow=40)
    # no pool_pre_ping here: a SQLite connection is a file handle with no server to lose, and
    # the ping was one more statement on every session (two per API request)

    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(eng, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return eng


@dataclass
class Database:
    """Engines and session factories of one store."""

    url: str
    read_engine: Engine
    write_engine: Engine

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        self._gate = threading.RLock() if self.backend == "sqlite" else None
        path = self.sqlite_file()
        #: a request's short reads (credentials, a result's look-up), through the DB-API
        #: (SQLite file only)
        self.fast_reads = SqliteReads(path, self.read_engine) if path else None
        #: a save's and a result's write transaction, through the DB-API (SQLite file only)
        self.fast_writes = SqliteWrites(path, self.write_engine) if path else None

    @property
    def backend(self) -> str:
        return self.read_engine.dialect.name

    def sqlite_file(self) -> str | None:
        """The path of a SQLite database file; None in memory or on a database server."""
        name = self.read_engine.url.database if self.backend == "sqlite" else None
        return name if name and name != ":memory:" and not name.startswith("file:") else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; closed at the end (loaded objects stay readable, detached)."""
        with self._read() as s:
            yield s

    @contextmanager
    def read_conn(self) -> Iterator[Connection]:
        """A plain connection for a few Core reads on the request path: an ORM session's set-up
        and statement handling cost more than the queries themselves (SQLite, issue 11)."""
        with self.read_engine.connect() as c:
            yield c

    @contextmanager
    def short_reads(self) -> Iterator[Reader]:
        """A reader ``run(statement, params) -> rows`` for the few Core reads of a request, in
        one read transaction: through the DB-API of a SQLite file (alcarbon.store.sqlite_reads),
        else on a pooled connection. Rows are tuples; read integers and text only (a boolean
        may come back as 0 or 1)."""
        reads = self.fast_reads
        if reads is not None:
            with reads.snapshot() as conn:
                yield partial(reads.rows, conn)
        else:
            with self.read_conn() as c:
                yield as_reader(c)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold this process's SQLite write gate (nothing on PostgreSQL)."""
        gate = self._gate
        if gate is not None and not gate.acquire(timeout=SQLITE_BUSY_MS / 1000):
            raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError(
                "database is locked (another write of this process holds it too long)"))
        try:
            yield
        finally:
            if gate is not None:
                gate.release()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on any exception."""
        with self._writing(), self._write() as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def write_conn(self) -> Iterator[Connection]:
        """A plain connection in a write transaction, committed at the end or rolled back on any
        exception: for the few Core statements of a hot write (a save, a result), whose time in
        an ORM session was most of the time the write lock was held (issue 11)."""
        with self._writing(), self.write_engine.begin() as c:
            yield c

    @contextmanager
    def short_writes(self) -> Iterator[Writer]:
        """A writer ``run(statement, params) -> Done`` for the few Core statements of a hot write
        (a save, a result) in one write transaction, committed at the end or rolled back on any
        exception, under the write gate: through the DB-API of a SQLite file
        (alcarbon.store.sqlite_writes), else on a pooled connection."""
        writes = self.fast_writes
        if writes is None:
            with self.write_conn() as c:
                yield as_writer(c)
        else:
            with self._writing(), writes.transaction() as run:
                yield run

    def dispose(self) -> None:
        if self.fast_reads is not None:
            self.fast_reads.close()
            self.fast_writes.close()
        self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            self.write_engine.dispose()


def connect(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open (and by default create or upgrade) the store at ``url`` (see :func:`resolve_url`)."""
    full = resolve_url(url)
    if make_url(full).get_backend_name() == "sqlite":
        db = Database(full, _sqlite_engine(full, False), _sqlite_engine(full, True))
    else:
        # pre-ping: a connection broken by a server restart is replaced, not handed out;
        # connect_timeout: an unreachable server fails in seconds instead of hanging the request
        args = {} if "connect_timeout" in make_url(full).query else {"connect_timeout": 5}
        eng = create_engine(full, pool_size=20, max_overflow=40, pool_pre_ping=True,
                            connect_args=args)
        db = Database(full, eng, eng)
    if migrate:
        from alcarbon.store.migrate import upgrade

        try:
            upgrade(db.write_engine)
        except DB_DOWN as exc:
            db.dispose()
            raise StoreUnavailable(f"cannot open the database: {short_reason(exc)}",
                                   where=safe_url(full),
                                   expected="a reachable database server, or a writable "
                                   "SQLite file") from None
    return db


#: SQLAlchemy errors meaning "the database is not there or not answering" (not a bad query)
DB_DOWN = (OperationalError, InterfaceError, PoolTimeout)


def short_reason(exc: BaseException) -> str:
    """The first line of the driver's message (no SQL, no traceback)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0][:300] if text else type(orig).__name__


def safe_url(url: str) -> str:
    """The URL with its password masked, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)
