"""Timing helpers shared by the benches: interleaved paired repetitions, median and spread.

Every case of a comparison runs once per repetition, in an order rotated each repetition, so
load on a shared machine hits all sides alike; a ratio is the median of the per-repetition
ratios (paired), never a ratio of two medians taken at different times.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def interleaved(cases: dict[str, Callable[[], Any]], reps: int,
                warmup: int = 1) -> dict[str, list[float]]:
    """Seconds per call of each case, ``reps`` paired repetitions after ``warmup`` rounds."""
    names = list(cases)
    for _ in range(warmup):
        for n in names:
            cases[n]()
    out: dict[str, list[float]] = {n: [] for n in names}
    for r in range(reps):
        order = names[r % len(names):] + names[:r % len(names)]
        for n in order:
            t0 = time.perf_counter()
            cases[n]()
            out[n].append(time.perf_counter() - t0)
    return out


def quartiles(xs: Sequence[float]) -> tuple[float, float, float]:
    """(first quartile, median, third quartile); with fewer than 4 values, (min, median, max)."""
    s = sorted(xs)
    if len(s) < 4:
        return s[0], statistics.median(s), s[-1]
    q = statistics.quantiles(s, n=4, method="inclusive")
    return q[0], q[1], q[2]


def fmt_time(t: float) -> str:
    return f"{t * 1e3:.3f} ms" if t < 1.0 else f"{t:.3f} s"


def spread(xs: Sequence[float]) -> str:
    """'median X (IQR a-b, min-max c-d, n=k)'."""
    q1, med, q3 = quartiles(xs)
    return (f"median {fmt_time(med)} (IQR {fmt_time(q1)}-{fmt_time(q3)}, "
            f"min-max {fmt_time(min(xs))}-{fmt_time(max(xs))}, n={len(xs)})")


def paired_ratio(xs: Sequence[float], refs: Sequence[float]) -> tuple[float, float, float]:
    """Quartiles of the per-repetition ratios xs[i] / refs[i]."""
    return quartiles([x / r for x, r in zip(xs, refs, strict=True)])


def row(label: str, xs: Sequence[float], refs: Sequence[float] | None = None,
        ref_label: str = "") -> str:
    """One printed bench row: the spread of ``xs`` and its paired ratio to ``refs``."""
    line = f"{label}: {spread(xs)}"
    if refs is not None:
        q1, med, q3 = paired_ratio(xs, refs)
        line += f"; ratio to {ref_label}: {med:.2f}x (IQR {q1:.2f}-{q3:.2f})"
    return line


def loglog_slope(ns: Sequence[float], ts: Sequence[float]) -> float:
    """Least-squares slope of log t against log n (the fitted scaling exponent)."""
    lx = [math.log(n) for n in ns]
    ly = [math.log(t) for t in ts]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return (sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True))
            / sum((x - mx) ** 2 for x in lx))


def worktree_env() -> dict[str, str]:
    """Environment for child processes that run this checkout's source (src first), caching
    bytecode as Python does by default: a shell with PYTHONDONTWRITEBYTECODE set (this machine's
    agent shells) would otherwise compile every module of src/ in every cold process, which no
    installed copy does."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"]
                                             if env.get("PYTHONPATH") else "")
    return env


def process_case(argv: list[str], env: dict[str, str] | None = None) -> Callable[[], None]:
    """A case that runs ``argv`` as a fresh (cold) process and checks it succeeded."""
    env = env or worktree_env()

    def run() -> None:
        p = subprocess.run(argv, env=env, capture_output=True)
        if p.returncode != 0:
            raise SystemExit(f"{argv} failed: {p.stderr.decode()[-2000:]}")
    return run


def machine() -> str:
    """Python version, cores and load average: the context every printed figure needs."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load} "
            "(1/5/15 min)")


def python_argv(*args: str) -> list[str]:
    return [sys.executable, *args]
