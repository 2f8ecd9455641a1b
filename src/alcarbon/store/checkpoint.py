"""SQLite WAL checkpoints off the request path, for a server process (issue 11).

By default SQLite checkpoints the write-ahead log inside the commit that takes it past 1,000
pages: that commit copies the log into the database file and syncs it, 10-25 ms measured at 32
clients on the coal example (one save + calculate pair writes ~30 KB), while the server
process's event loop and its write gate wait. A server instead turns the automatic checkpoint
off on its own connections and runs a PASSIVE checkpoint from a thread of its own whenever the
log has changed (checked every :data:`PERIOD_S`): the copy and the sync run with the GIL released,
beside the requests, and never wait for a reader or a writer. Other programs on the same file
(the CLI, batch workers) keep SQLite's default.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading

from sqlalchemy import Engine, event

from alcarbon.store.db import Database

log = logging.getLogger("alcarbon.store")

#: seconds between two looks at the log; at ~2 MB/s of writes the log stays under ~1 MB
PERIOD_S = 0.5


def _no_auto(dbapi_conn, _record) -> None:
    dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")


class Checkpointer:
    """A daemon thread checkpointing the SQLite log of ``db``; :meth:`start`, :meth:`stop`."""

    def __init__(self, db: Database, period_s: float = PERIOD_S):
        self.db, self.period_s = db, period_s
        self.path = db.sqlite_file()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0  # checkpoints run
        #: SQLite's answer to the last one: (busy, frames in the log, frames copied back)
        self.last: tuple[int, int, int] | None = None

    def start(self) -> bool:
        """Turn the automatic checkpoint off on this process's connections and start the
        thread; False (nothing done) for an in-memory database or one not on SQLite."""
        if self.path is None or self._thread is not None:
            return False
        for eng in self._engines():
            event.listen(eng, "connect", _no_auto)
            eng.dispose()  # pooled connections are opened again, with the pragma
        if self.db.fast_writes is not None:
            self.db.fast_writes.auto_checkpoint = False
        self._thread = threading.Thread(target=self._run, name="alcarbon-wal-checkpoint",
                                        daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        """Stop the thread after one last checkpoint; SQLite's default comes back."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(10)
        self._thread = None
        for eng in self._engines():
            event.remove(eng, "connect", _no_auto)
            eng.dispose()
        if self.db.fast_writes is not None:
            self.db.fast_writes.auto_checkpoint = True

    def _engines(self) -> list[Engine]:
        db = self.db
        return [db.read_engine] + ([db.write_engine] if db.write_engine is not db.read_engine
                                   else [])

    def _run(self) -> None:
        wal = f"{self.path}-wal"
        seen = None
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:  # the file is gone: SQLite's own checkpoints are lost too
            log.warning("WAL checkpoints not run for %s: %s", self.path, exc)
            return
        try:
            while True:
                stopping = self._stop.wait(self.period_s)
                try:
                    st = os.stat(wal)
                    now = (st.st_mtime_ns, st.st_size)
                except OSError:  # no log yet (or the file was closed by its last user)
                    now = None
                if now is not None and now != seen:
                    try:
                        self.last = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                        self.runs += 1
                        seen = now
                    except sqlite3.Error as exc:  # e.g. another process is checkpointing
                        log.debug("WAL checkpoint skipped: %s", exc)
                if stopping:
                    return
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
