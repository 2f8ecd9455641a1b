"""Figures drawn in forked worker processes that import matplotlib once, beside the caller's work.

matplotlib's import (~0.6-0.7 s of CPU) and the figures of a report or a chain run are half of
those commands' time (docs/performance.md). A :class:`DrawPool` started before the heavy imports
forks one server process that runs ``warm`` (imports matplotlib, sets up the CJK font) while the
caller imports and computes; at the first task list the server forks its ``workers`` drawing
processes (cheap: matplotlib is already loaded) and maps the tasks over them, one task at a time.
Tasks carry everything they draw from and the workers keep nothing between task lists, so one
study's figures cannot reach another's.

Without ``fork`` (not Linux: macOS forks badly after system frameworks load, Windows cannot),
with ``workers`` 0, or when no process can be started, the tasks run in the calling process and
give the same results. Report (:mod:`alcarbon.report.figure_pool`) and chain
(:mod:`alcarbon.chain.parallel`) each say what a task is and how many workers they want.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any


def fork_available() -> bool:
    """True on Linux, where the worker processes are forked."""
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


#: set in the server process once it was asked to end (SIGTERM)
_ENDING: list[bool] = []


def _exit_on_term(signum: int, frame: Any) -> None:
    _ENDING.append(True)
    raise SystemExit(0)


def _picklable(exc: BaseException) -> BaseException:
    """The exception itself when it crosses a pipe, else a RuntimeError with its repr."""
    try:
        pickle.dumps(exc)
    except Exception:  # noqa: BLE001 - any failure to pickle
        return RuntimeError(repr(exc))
    return exc


def _serve(conn: Any, warm: Callable[[], None] | None, workers: int) -> None:
    """The server process: warm up, then answer each (function, tasks) with ("ok", results) or
    ("error", exception) until the caller hangs up. Its drawing processes are forked at the first
    task list, so until then it has no child and the caller may simply end it."""
    import multiprocessing
    import signal

    # Ctrl-C reaches the whole process group: the caller handles it and ends us (no tracebacks
    # from the server and each worker); the workers inherit this
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM (an unused pool's close) unwinds like an exception: a lock or file that
    # matplotlib's import holds (its font cache) is released, not left behind
    signal.signal(signal.SIGTERM, _exit_on_term)
    if warm is not None:
        try:
            warm()
        except BaseException:
            # the SystemExit of a SIGTERM raised inside a C extension's import comes out as
            # "ImportError: initialization failed": still a requested end, without a traceback
            if _ENDING:
                raise SystemExit(0) from None
            raise
    pool = None
    try:
        while True:
            try:
                msg = conn.recv()
            except EOFError:  # the caller has gone
                break
            if msg is None:
                break
            fn, tasks = msg
            if pool is None:
                pool = multiprocessing.get_context("fork").Pool(workers)
            try:
                conn.send(("ok", pool.map(fn, tasks, chunksize=1)))
            except Exception as exc:  # noqa: BLE001 - handed to the caller, raised there
                conn.send(("error", _picklable(exc)))
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


class DrawPool:
    """``workers`` drawing processes behind one warm server; use as a context manager.

    ``submit(fn, tasks)`` hands a task list over and returns at once; ``results()`` gives
    ``[fn(t) for t in tasks]`` in task order (an exception raised by a task is raised here, the
    workers stay usable). ``fn`` must be a module-level function (it crosses a pipe by name).
    Leaving the block ends the server and its workers; an unused pool ends at once, without
    waiting for the server's warm-up."""

    def __init__(self, warm: Callable[[], None] | None, workers: int) -> None:
        self.workers = workers if fork_available() else 0
        self._warm = warm
        self._proc: Any = None
        self._conn: Any = None
        self._used = False
        self._local: tuple[Callable[[Any], Any], list[Any]] | None = None

    @property
    def parallel(self) -> bool:
        """True when the tasks go to worker processes (else they run in the caller)."""
        return self._proc is not None

    def __enter__(self) -> DrawPool:
        if self.workers > 0:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            self._conn, theirs = ctx.Pipe()
            # not a daemon: a daemonic process may not fork its own workers
            proc = ctx.Process(target=_serve, args=(theirs, self._warm, self.workers),
                               name="alcarbon-figures")
            try:
                proc.start()
            except OSError:  # no process to spare (ulimit, memory): draw here instead
                self._conn.close()
                self._conn = None
            else:
                self._proc = proc
            theirs.close()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def submit(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> None:
        """Hand ``tasks`` to the workers (or keep them to run here in :meth:`results`)."""
        if self._proc is None:
            self._local = (fn, list(tasks))
            return
        self._used = True
        self._conn.send((fn, list(tasks)))

    def results(self) -> list[Any]:
        """The results of the last :meth:`submit`, in task order."""
        if self._proc is None:
            if self._local is None:
                raise RuntimeError("DrawPool.results() without a submit()")
            fn, tasks = self._local
            self._local = None
            return [fn(t) for t in tasks]
        try:
            status, value = self._conn.recv()
        except EOFError:
            raise RuntimeError("the figure process ended unexpectedly") from None
        if status == "error":
            raise value
        return value

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> list[Any]:
        """``[fn(t) for t in tasks]``, drawn by the workers."""
        self.submit(fn, tasks)
        return self.results()

    def close(self) -> None:
        """End the server and its workers (idempotent)."""
        if self._proc is None:
            return
        if not self._used:  # no child yet (see _serve): no need to wait for its warm-up
            self._proc.terminate()
            self._proc.join(timeout=5)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
            self._conn.close()
            self._proc = self._conn = None
            return
        try:
            self._conn.send(None)
        except OSError:  # the server has already gone
            pass
        self._conn.close()
        self._proc.join(timeout=5)
        if self._proc.is_alive():  # stuck: end its workers, then the server
            import psutil

            try:
                for child in psutil.Process(self._proc.pid).children(recursive=True):
                    child.kill()
            except psutil.Error:
                pass
            self._proc.terminate()
            self._proc.join()
        self._proc = self._conn = None

