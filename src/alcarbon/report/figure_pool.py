"""Report figures drawn by worker processes, in parallel with the rest of the report.

matplotlib's import (~0.7 s of CPU) and the five figures (~1 s) were half of a PDF report's process
(bench/bench_report.py). ``alcarbon report`` starts a :class:`FigurePool` first thing (an
:class:`alcarbon.drawpool.DrawPool`): its server imports matplotlib and the figure code while the
command imports the engine and computes, then two workers draw the five figures, one per task.
They come back as the same SVG/PNG markup the caller would have drawn itself (same code, same
matplotlib settings, fixed SVG hash salt). Each task carries everything it draws from (facts,
language, Monte Carlo samples, PNG dpi, SVG font type). With ``workers=0`` the pool draws in the
calling process, exactly as :func:`alcarbon.report.figures.build_figures`.
"""

from __future__ import annotations

import os
from typing import Any

from alcarbon.drawpool import DrawPool, fork_available

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


ENV = "ALCARBON_FIGURE_WORKERS"


def default_workers() -> int:
    """Worker processes to use here: ``$ALCARBON_FIGURE_WORKERS`` when set (0 = draw in the
    calling process), else 2 with ``fork`` on Linux, at least 2 CPUs and a 1-minute load
    average below the number of CPUs, else 0."""
    if not fork_available():
        return 0
    value = os.environ.get(ENV, "").strip()
    if value:
        if not value.isdigit() or int(value) > 8:
            from alcarbon.errors import InputError

            raise InputError(f"{ENV}={value!r}", where=ENV,
                             expected="a whole number of figure worker processes, 0 to 8")
        return int(value)
    cpus = os.cpu_count() or 1
    # every core already busy on average: a second process of ours would get no core of its
    # own and only add its own start-up (bench_report: 1.25x slower at load 5.5 on 2 cores)
    if cpus < 2 or os.getloadavg()[0] >= cpus:
        return 0
    return 2


class FigurePool(DrawPool):
    """Worker processes that draw report figures; use as a context manager.

    Start it before the heavy imports (``with FigurePool(): ...``), so the workers' matplotlib
    import overlaps the caller's own work; leaving the block ends the workers."""

    def __init__(self, workers: int | None = None) -> None:
        super().__init__(_warm, default_workers() if workers is None else workers)

    def build_figures(self, facts: dict[str, Any], lang: str,
                      mc_samples: Any = None) -> dict[str, str]:
        """name -> markup, as :func:`alcarbon.report.figures.build_figures` under the figure
        settings in force in the caller (``charts.raster``, ``charts.svg_text``)."""
        from alcarbon.report import charts, figures

        if not self.parallel:
            return figures.build_figures(facts, lang, mc_samples)
        dpi, fonttype = charts.settings()
        todo = figures.names(facts, mc_samples)
        order = sorted(todo, key=lambda n: _ORDER.index(n) if n in _ORDER else len(_ORDER))
        drawn = self.map(_draw, [(n, facts, lang, mc_samples, dpi, fonttype) for n in order])
        out = dict(zip(order, drawn, strict=True))
        return {n: out[n] for n in todo}
