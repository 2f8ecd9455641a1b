"""Report figures drawn by worker processes, in parallel with the rest of the report.

matplotlib's import (~0.7 s of CPU) and the five figures (~1 s) were half of a PDF report's process
(bench/bench_report.py). A :class:`FigurePool` started first thing in ``alcarbon report`` forks one
server process that imports matplotlib while the caller imports the engine and computes; the
server then forks its workers (cheap: matplotlib is already loaded, so it is imported once, not
once per worker), and the figures are drawn one per task, two workers at a time. They come back as
the same SVG/PNG markup the caller would have drawn itself (same code, same matplotlib settings,
fixed SVG hash salt).

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


ENV = "ALCARBON_FIGURE_WORKERS"


def default_workers() -> int:
    """Worker processes to use here: ``$ALCARBON_FIGURE_WORKERS`` when set (0 = draw in the
    calling process), else 2 with ``fork`` on Linux, at least 2 CPUs and a 1-minute load
    average below the number of CPUs, else 0."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 0  # macOS forks badly after system frameworks load; Windows cannot fork
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


def _exit_on_term(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _serve(conn: Any, workers: int) -> None:
    """The server process: warm up, then answer each list of tasks with ("ok", markups) or
    ("error", exception) until the caller hangs up. Its ``workers`` drawing processes are forked
    at the first task (cheap: matplotlib is loaded), so until then it has no child and the
    caller may simply kill it."""
    import multiprocessing
    import signal

    # Ctrl-C reaches the whole process group: the caller handles it and ends us (no tracebacks
    # from the server and each worker); the workers inherit this
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM (an unused pool's close) unwinds like an exception: a lock or file that
    # matplotlib's import holds (its font cache) is released, not left behind
    signal.signal(signal.SIGTERM, _exit_on_term)
    _warm()
    pool = None
    try:
        while True:
            try:
                tasks = conn.recv()
            except EOFError:  # the caller has gone
                break
            if tasks is None:
                break
            if pool is None:
                pool = multiprocessing.get_context("fork").Pool(workers)
            try:
                conn.send(("ok", pool.map(_draw, tasks, chunksize=1)))
            except Exception as exc:  # noqa: BLE001 - handed to the caller, raised there
                conn.send(("error", exc))
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


class FigurePool:
    """Worker processes that draw report figures; use as a context manager.

    Start it before the heavy imports (``with FigurePool(): ...``), so the workers' matplotlib
    import overlaps the caller's own work; leaving the block ends the workers."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else workers
        self._proc: Any = None
        self._conn: Any = None
        self._used = False

    def __enter__(self) -> FigurePool:
        if self.workers > 0:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            self._conn, theirs = ctx.Pipe()
            # not a daemon: a daemonic process may not fork its own workers
            proc = ctx.Process(target=_serve, args=(theirs, self.workers),
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

    def build_figures(self, facts: dict[str, Any], lang: str,
                      mc_samples: Any = None) -> dict[str, str]:
        """name -> markup, as :func:`alcarbon.report.figures.build_figures` under the figure
        settings in force in the caller (``charts.raster``, ``charts.svg_text``)."""
        from alcarbon.report import charts, figures

        if self._proc is None:
            return figures.build_figures(facts, lang, mc_samples)
        dpi, fonttype = charts.settings()
        todo = figures.names(facts, mc_samples)
        order = sorted(todo, key=lambda n: _ORDER.index(n) if n in _ORDER else len(_ORDER))
        self._used = True
        self._conn.send([(n, facts, lang, mc_samples, dpi, fonttype) for n in order])
        try:
            status, drawn = self._conn.recv()
        except EOFError:
            raise RuntimeError("the report figure process ended unexpectedly") from None
        if status == "error":
            raise drawn
        out = dict(zip(order, drawn, strict=True))
        return {n: out[n] for n in todo}
