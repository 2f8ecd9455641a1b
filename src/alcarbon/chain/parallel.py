"""Draw a chain run's figures in worker processes while the parent computes and writes tables.

A run's figures cost more CPU than its model, tables and workbook together (docs/chain.md,
"Speed"); on two cores they are drawn beside the rest. The :class:`alcarbon.drawpool.DrawPool`
server is forked at the start of the run, after pandas is loaded and before the model is, and
loads matplotlib (and the CJK font) while the parent reads and computes; the parent then hands
it the figure jobs and writes the CSVs and the workbook meanwhile. Only the figure inputs (a few
small tables) cross to the workers and only file paths come back, so nothing is shared between
runs. Where ``fork`` is not available (not Linux) or ``workers`` is 0, the same jobs run in this
process, one after the other, and give the same files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from alcarbon.drawpool import DrawPool, fork_available

__all__ = ["FigureWorkers", "Job", "fork_available"]

#: A figure job: function, positional and keyword arguments; it returns the files it wrote.
Job = tuple[Callable[..., list[Path]], tuple[Any, ...], dict[str, Any]]


def _warm() -> None:
    """Worker start-up, done once in the server before it forks the workers: matplotlib, its CJK
    font set-up, the figure module and the SVG backend loaded, the fonts switched to reading from
    memory and opened (:mod:`alcarbon.chain.fonts`), so that each worker inherits them instead of
    loading them itself; then the start-up's objects are moved out of the garbage collector's
    reach (``gc.freeze``: the workers' collections no longer scan these inherited objects, which
    also spares their pages from being copied). A full collection first would cost about 40 ms
    here, and the server's start-up runs beside the parent's computation, so it is skipped."""
    import gc

    import matplotlib.backends.backend_svg  # noqa: F401
    from matplotlib import font_manager

    import alcarbon.chain.figures  # noqa: F401
    from alcarbon.chain.fonts import install
    from alcarbon.plotting import FONTS, setup

    setup()
    install()  # this process and its workers only draw: fonts read from memory (chain/fonts.py)
    font_manager.get_font(font_manager.fontManager._find_fonts_by_props(
        font_manager.FontProperties(family=FONTS)))
    gc.freeze()


def _run(job: Job) -> list[Path]:
    from alcarbon.chain.fonts import in_memory

    fn, args, kwargs = job
    with in_memory():  # a no-op in the drawing processes: their fonts are installed already
        return fn(*args, **kwargs)


class FigureWorkers(DrawPool):
    """``workers`` drawing processes (0: none, jobs run here), used as a context manager; the
    server starts on entering the block, so matplotlib loads while the parent computes."""

    def __init__(self, workers: int) -> None:
        super().__init__(_warm, workers)

    def submit_jobs(self, jobs: Sequence[Job]) -> None:
        """Hand the jobs to the workers; run nothing yet when there are none."""
        self.submit(_run, jobs)

    def files(self) -> list[Path]:
        """The files of every job, in job order; a failure is raised as it was raised."""
        return [f for files in self.results() for f in files]
