"""Report figures drawn by worker processes, in parallel with the rest of the report.

matplotlib's import (~0.7 s of CPU) and the five figures (~1 s) were half of a PDF report's process
(bench/bench_report.py). A :class:`FigurePool` started first thing in ``alcarbon report`` forks
workers that import matplotlib while the parent imports the engine and computes; the figures are
then drawn one per task, two workers at a time, and come back as the same SVG/PNG markup the
parent would have drawn itself (same code, same matplotlib settings, fixed SVG hash salt).

Each task carries everything it draws from (facts, language, Monte Carlo samples, PNG dpi, SVG
font type) and the workers keep nothing between tasks, so one study's figures cannot leak into
another's. Without ``fork`` (Windows, macOS), on one CPU, or with ``workers=0`` the pool draws in
the calling process, exactly as :func:`alcarbon.report.figures.build_figures`.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

# the figures' longest first, so two workers finish together (boundary ~ sankey > mc > others)
_ORDER = ("boundary", "sankey", "mc", "tornado", "stages")


def _warm() -> None:
    """Worker start: import matplotlib and the figure code once, set up fonts and backend."""
    from alcarbon.plotting import setup
    from alcarbon.report import figures  # noqa: F401

    setup()


def _draw(task: tuple[str, dict[str, Any], str, Any, int | None, str]) -> str:
    """One figure in a worker, under the caller's figure settings."""
    import contextlib

    from alcarbon.report import charts
    from alcarbon.report.figures import draw

    name, facts, lang, samples, dpi, fonttype = task
    with contextlib.ExitStack() as stack:
        if dpi is not None:
            stack.enter_context(charts.raster(dpi))
        if fonttype == "none":
            stack.enter_context(charts.svg_text())
        return draw(name, facts, lang, samples)


def default_workers() -> int:
    """Worker processes to use here: 2 with ``fork`` on Linux and at least 2 CPUs, else 0."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 0  # macOS forks badly after system frameworks load; Windows cannot fork
    return 2 if (os.cpu_count() or 1) >= 2 else 0


class FigurePool:
    """Worker processes that draw report figures; use as a context manager.

    Start it before the heavy imports (``with FigurePool(): ...``), so the workers' matplotlib
    import overlaps the caller's own work; leaving the block ends the workers."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else workers
        self._pool: Any = None

    def __enter__(self) -> FigurePool:
        if self.workers > 0:
            import multiprocessing

            self._pool = multiprocessing.get_context("fork").Pool(self.workers,
                                                                  initializer=_warm)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """End the workers (idempotent)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def build_figures(self, facts: dict[str, Any], lang: str,
                      mc_samples: Any = None) -> dict[str, str]:
        """name -> markup, as :func:`alcarbon.report.figures.build_figures` under the figure
        settings in force in the caller (``charts.raster``, ``charts.svg_text``)."""
        from alcarbon.report import charts, figures

        if self._pool is None:
            return figures.build_figures(facts, lang, mc_samples)
        dpi, fonttype = charts.settings()
        todo = figures.names(facts, mc_samples)
        order = sorted(todo, key=lambda n: _ORDER.index(n) if n in _ORDER else len(_ORDER))
        drawn = self._pool.map(_draw, [(n, facts, lang, mc_samples, dpi, fonttype)
                                       for n in order], chunksize=1)
        out = dict(zip(order, drawn, strict=True))
        return {n: out[n] for n in todo}
