"""Draw a chain run's figures in worker processes while the parent computes and writes tables.

A run's figures cost more CPU than its model, tables and workbook together (docs/chain.md,
"Speed"); on two cores they are drawn beside the rest. One worker is forked at the start of the
run, after pandas is loaded and before the model is, and loads matplotlib (and the CJK font)
while the parent reads and computes; the parent then hands it the figure jobs and writes the
CSVs and the workbook meanwhile. The worker forks ``workers - 1`` more processes, which start
with matplotlib already loaded (one import, not one per process), and each draws an equal share
of the jobs. Only the figure inputs (a few small tables) cross to the workers and only file
paths come back, so nothing is shared between runs.

Where ``fork`` is not available (not Linux) or ``workers`` is 0, the same jobs run in this
process, one after the other, and give the same files.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

#: A figure job: function, positional and keyword arguments; it returns the files it wrote.
Job = tuple[Callable[..., list[Path]], tuple[Any, ...], dict[str, Any]]


def _warm() -> None:
    """Worker start-up: matplotlib, its CJK font set-up and the figure module, loaded once."""
    from alcarbon.plotting import setup

    setup()
    import alcarbon.chain.figures  # noqa: F401


def fork_available() -> bool:
    """True on Linux, where worker processes are forked (cheap, no re-import of pandas)."""
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _draw(jobs: Sequence[Job]) -> list[list[Path]]:
    return [fn(*args, **kwargs) for fn, args, kwargs in jobs]


def draw_shared(jobs: Sequence[Job], ways: int) -> list[list[Path]]:
    """The files of each job (in job order), the jobs dealt round-robin over this process and
    ``ways - 1`` processes forked from it; a child's failure is raised here as it was raised."""
    if ways < 2 or len(jobs) < 2 or not fork_available():
        return _draw(jobs)
    shares = [list(jobs[i::ways]) for i in range(ways)]
    children: list[tuple[int, int]] = []
    try:
        for share in shares[1:]:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: draw its share, send the result or the error, leave
                try:
                    os.close(read)
                    try:
                        payload = pickle.dumps((True, _draw(share)))
                    except BaseException as exc:  # noqa: BLE001 - handed to the parent
                        try:
                            payload = pickle.dumps((False, exc))
                        except Exception:  # noqa: BLE001 - an error that does not pickle
                            payload = pickle.dumps((False, RuntimeError(repr(exc))))
                    with os.fdopen(write, "wb") as fh:
                        fh.write(payload)
                finally:
                    os._exit(0)
            os.close(write)
            children.append((pid, read))
        done = [_draw(shares[0])]
    finally:
        received = []
        for pid, read in children:
            with os.fdopen(read, "rb") as fh:
                data = fh.read()
            os.waitpid(pid, 0)
            received.append(data)
    for data in received:
        if not data:
            raise RuntimeError("a figure process ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        done.append(value)
    return [done[j % ways][j // ways] for j in range(len(jobs))]


class FigureWorkers:
    """``workers`` drawing processes (0: none, jobs run here), used as a context manager."""

    def __init__(self, workers: int) -> None:
        self._pool = None
        self._ways = workers
        if workers > 0 and fork_available():
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_warm)
            # the pool starts its worker at the first submission: start it now, so matplotlib
            # loads while the parent computes
            self._pool.submit(int)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, jobs: Sequence[Job]) -> Any:
        """Hand the jobs to the workers; run nothing yet when there are none."""
        if self._pool is None:
            return list(jobs)
        return self._pool.submit(draw_shared, list(jobs), self._ways)

    def results(self, pending: Any) -> list[Path]:
        """The files of every job, in job order; a failure is raised as it was raised."""
        per_job = _draw(pending) if self._pool is None else pending.result()
        return [f for files in per_job for f in files]

    def __enter__(self) -> FigureWorkers:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
