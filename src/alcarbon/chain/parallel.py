"""Draw a chain run's figures in worker processes while the parent computes and writes tables.

A run's figures cost more CPU than its model, tables and workbook together (docs/chain.md,
"Speed"); on two cores they are drawn beside the rest. The workers are forked at the start of
the run, after pandas is loaded and before the model is, so each loads matplotlib (and the CJK
font) while the parent reads and computes; the parent then hands them one job per figure and
writes the CSVs and the workbook meanwhile. Only the figure inputs (a few small tables) cross
to the workers and only file paths come back, so nothing is shared between runs.

Where ``fork`` is not available (not Linux) or ``workers`` is 0, the same jobs run in this
process, one after the other, and give the same files.
"""

from __future__ import annotations

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


class FigureWorkers:
    """``workers`` forked processes (0: none, jobs run here), used as a context manager."""

    def __init__(self, workers: int) -> None:
        self._pool = None
        if workers > 0 and fork_available():
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(
                "fork"), initializer=_warm)
            # with fork the pool starts every worker at the first submission: start them now,
            # so matplotlib loads while the parent computes
            self._pool.submit(int)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, jobs: Sequence[Job]) -> list[Any]:
        """Hand the jobs to the workers (in order); run nothing yet when there are none."""
        if self._pool is None:
            return list(jobs)
        return [self._pool.submit(fn, *args, **kwargs) for fn, args, kwargs in jobs]

    def results(self, pending: list[Any]) -> list[Path]:
        """The files of every job, in job order; the first failure is raised as it was."""
        files: list[Path] = []
        for p in pending:
            if self._pool is None:
                fn, args, kwargs = p
                files += fn(*args, **kwargs)
            else:
                files += p.result()
        return files

    def __enter__(self) -> FigureWorkers:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
