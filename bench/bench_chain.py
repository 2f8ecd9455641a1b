"""Speed of `alcarbon chain run` on the bundled demo (issue 11: < 3 s with figures), and of the
model at full scale (issue 6: < 2 s).

1. Whole process, cold: `alcarbon chain template DIR --demo` once, then each repetition runs, as
   fresh processes in an order rotated each repetition (bench/_timing.py),
     run          `alcarbon chain run DIR -o OUT` (figures drawn by 2 worker processes, the default)
     run serial   the same with `--workers 0` (figures drawn in the one process)
     tables only  `--no-figures`
     compute      the floor: a process that imports the chain model and computes every result
                  table of the demo (`chain.outputs.analyse`), writing nothing
   and prints for each the wall time and the CPU time (user + system of the process and its
   workers: less sensitive than wall time to other load on a shared machine), median and IQR,
   with the paired ratio to the compute floor, and the goal (run < 3 s wall) met or not.
2. CPU time per phase inside one cold process that does the run's work in order, in one process
   (imports, read + compute + tables, CSVs, workbook, matplotlib, each figure), and the least
   wall time a 2-core run can take with those costs (see _two_core_bound).
3. The model at full scale (31 provinces x 11 years, all stages, a 434-row synthetic supply
   table), warm in-process: read, compute, indicators + attribution, LMDI.

Run: .venv/bin/python bench/bench_chain.py [--reps N (default 5)] [--skip-scale]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, machine, paired_ratio, quartiles, spread, worktree_env  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))  # this checkout's source, as the child processes get

GOAL_S = 3.0

# The compute floor: import the chain model and build every result table, nothing written.
FLOOR = "import sys; from alcarbon.chain.outputs import analyse; analyse(sys.argv[1])"

# CPU time per phase of the run's work, in one process, printed as "phase<TAB>seconds" lines.
PHASES = r"""
import sys, time
T = time.process_time
t = T()
def mark(name):
    global t
    now = T(); print(f"{name}	{now - t:.4f}"); t = now
import numpy, pandas
mark("import numpy + pandas")
from alcarbon.chain import outputs
mark("import chain outputs")
from pathlib import Path
an = outputs.analyse(sys.argv[1])
mark("read + compute + tables (imports of the model included)")
out = Path(sys.argv[2])
for name, df in an.tables.items():
    df.to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
mark("CSVs")
from alcarbon.chain.xlsx import write_workbook
write_workbook(an.tables, out / "chain_results.xlsx")
mark("workbook (chain/xlsx.py)")
from alcarbon.plotting import setup
setup()
mark("import matplotlib + font set-up")
from alcarbon.chain.figures import figure_jobs
from alcarbon.chain.fonts import in_memory
t_ = an.tables
for fn, args, kw in figure_jobs(t_["national_series"], t_["ranking"],
                                t_["attributed_intensity"], t_.get("lmdi"), out,
                                synthetic=outputs.is_synthetic(an.result.data)):
    with in_memory():  # as the run draws them (chain/parallel.py)
        fn(*args, **kw)
    mark("figure " + Path(args[-1]).name)
"""


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process (its waited-for workers included)."""
    c0, t0 = _child_cpu(), time.perf_counter()
    p = subprocess.run(argv, env=env, capture_output=True)
    wall, cpu = time.perf_counter() - t0, _child_cpu() - c0
    if p.returncode != 0:
        raise SystemExit(f"{argv} failed: {p.stderr.decode()[-2000:]}")
    return wall, cpu


def whole_process(demo: Path, tmp: Path, reps: int) -> None:
    env = worktree_env()
    script = Path(sys.executable).parent / "alcarbon"  # the console script users run
    cli = [str(script)] if script.exists() else [
        sys.executable, "-c", "import sys; from alcarbon.cli.main import app; sys.exit(app())"]
    cases = {
        "run": [*cli, "chain", "run", str(demo), "-o", str(tmp / "run")],
        "run serial": [*cli, "chain", "run", str(demo), "-o", str(tmp / "serial"),
                       "--workers", "0"],
        "tables only": [*cli, "chain", "run", str(demo), "-o", str(tmp / "tables"),
                        "--no-figures"],
        "compute": [sys.executable, "-c", FLOOR, str(demo)],
    }
    names = list(cases)
    for n in names:  # warm-up round: file caches, matplotlib's font cache
        _timed(cases[n], env)
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for r in range(reps):
        for n in names[r % len(names):] + names[:r % len(names)]:
            w, c = _timed(cases[n], env)
            wall[n].append(w)
            cpu[n].append(c)
    print(f"1. whole process, cold, {reps} interleaved repetitions ({machine()})")
    for n in names:
        line = f"  {n:<12} wall {spread(wall[n])}\n  {'':<12} CPU  {spread(cpu[n])}"
        if n != "compute":
            q1, med, q3 = paired_ratio(wall[n], wall["compute"])
            c1, cmed, c3 = paired_ratio(cpu[n], cpu["compute"])
            line += (f"\n  {'':<12} ratio to compute floor: wall {med:.2f}x (IQR {q1:.2f}-"
                     f"{q3:.2f}), CPU {cmed:.2f}x (IQR {c1:.2f}-{c3:.2f})")
        print(line)
    med = quartiles(wall["run"])[1]
    print(f"  goal (issue 11): chain run with figures < {GOAL_S:.0f} s wall: "
          f"{'met' if med < GOAL_S else 'NOT met'} (median {med:.2f} s; CPU median "
          f"{quartiles(cpu['run'])[1]:.2f} s over the process and its workers)")


def phases(demo: Path, tmp: Path) -> None:
    out = tmp / "phases"
    out.mkdir()
    p = subprocess.run([sys.executable, "-c", PHASES, str(demo), str(out)], env=worktree_env(),
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(p.stderr[-2000:])
    rows = [ln.split("\t") for ln in p.stdout.splitlines() if "\t" in ln]
    total = sum(float(s) for _, s in rows)
    print(f"\n2. CPU time per phase, one cold process doing the run's work serially "
          f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    for name, s in rows:
        print(f"  {name:<58} {float(s) * 1000:7.0f} ms")
    print(f"  {'total':<58} {total * 1000:7.0f} ms")
    print(_two_core_bound({name: float(s) for name, s in rows}))


def _two_core_bound(ph: dict[str, float]) -> str:
    """The least wall time a run on two cores can take with these phase costs, as chain/parallel
    arranges the work: the imports and the model come before the first figure can be drawn; the
    drawing server's matplotlib start-up overlaps the model (only its excess waits); after the
    model the figures, CSVs and workbook share the two cores perfectly. Start-up of Python and
    the CLI, process hand-over and the slow-down of two busy cores are left out: a lower bound."""
    figures = sum(v for k, v in ph.items() if k.startswith("figure "))
    model = ph["read + compute + tables (imports of the model included)"]
    before = ph["import numpy + pandas"] + ph["import chain outputs"] + model
    after = (ph["CSVs"] + ph["workbook (chain/xlsx.py)"] + figures
             + max(0.0, ph["import matplotlib + font set-up"] - model))
    largest = max(v for k, v in ph.items() if k.startswith("figure "))
    bound = before + max(after / 2, largest)
    return (f"  lower bound of a 2-core run from these phases: {before:.2f} s before the first "
            f"figure + {after:.2f} s of CPU after it / 2 = {bound:.2f} s; the goal (< "
            f"{GOAL_S:.0f} s) is {'within' if bound < GOAL_S else 'out of'} reach in this state")


def build(folder: Path) -> Path:
    """The demo widened to every province (see the module docstring, part 3)."""
    from alcarbon.chain.provinces import provinces
    from alcarbon.chain.template import write_template

    write_template(folder, demo=True)
    prod = folder / "demo_synthetic_production.csv"
    elec = folder / "demo_synthetic_electricity.csv"
    rows = list(csv.reader(prod.open(encoding="utf-8")))
    have = {(r[0], r[2]) for r in rows[1:]}
    products = sorted({r[2] for r in rows[1:]})
    extra = []
    for p in provinces():
        for prod_name in products:
            if (p.id, prod_name) not in have:
                extra += [[p.id, y, prod_name, 1000, "t", "bench filler"]
                          for y in range(2012, 2023)]
    with prod.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(extra)
    with (folder / "bench_supply.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "year", "product", "from_province", "share", "source"])
        for p in provinces():
            w.writerow([p.id, "", "alumina", "shandong", 0.6, "bench filler"])
            w.writerow([p.id, "", "alumina", "shanxi", 0.4, "bench filler"])
            for y in range(2017, 2023):
                w.writerow([p.id, y, "alumina", "shandong", 0.5, "bench filler"])
                w.writerow([p.id, y, "alumina", "", 0.5, "bench filler (national)"])
    with elec.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(["西藏", "", "combustion_co2", 0.1, "", "", "", "", "", "",
                                 "bench filler"])
    return folder


def model_scale(reps: int) -> None:
    """The model alone at full scale (31 provinces, a 434-row supply table), warm in-process."""
    from alcarbon.chain import indicators
    from alcarbon.chain.attribution import attributed
    from alcarbon.chain.decomposition import decompose_years
    from alcarbon.chain.frames import python_strings
    from alcarbon.chain.io import read_chain_data
    from alcarbon.chain.model import compute

    tmp = Path(tempfile.mkdtemp())
    try:
        data = build(tmp / "d")
        with python_strings():  # as chain.outputs.analyse reads and computes
            compute(read_chain_data(data))  # warm-up: imports, factor library, unit registry
            times: dict[str, list[float]] = {}
            for _ in range(reps):
                t = {}
                t0 = time.perf_counter()
                d = read_chain_data(data)
                t["read"] = time.perf_counter() - t0
                t1 = time.perf_counter()
                res = compute(d)
                t["compute"] = time.perf_counter() - t1
                t2 = time.perf_counter()
                at = attributed(res)
                indicators.national_series(res)
                indicators.processing(res)
                indicators.ranking(res, at)
                t["indicators"] = time.perf_counter() - t2
                t3 = time.perf_counter()
                dec = decompose_years(res, 2012, 2022, table=at)
                t["decompose"] = time.perf_counter() - t3
                t["total"] = time.perf_counter() - t0
                for k, v in t.items():
                    times.setdefault(k, []).append(v)
        g = res.grid
        print(f"\nmodel at scale, warm in-process: {g.n_p} provinces x {g.n_y} years, "
              f"{res.emissions['stage'].nunique()} stages, {len(res.emissions)} emission rows, "
              f"{len(d.supply)} supply rows, {len(dec) - 1} provinces decomposed")
        for k, v in times.items():
            print(f"  {k:<11} {spread(v)}")
        med = statistics.median(times["total"])
        print(f"  goal (issue 6) total < 2 s: {'met' if med < 2.0 else 'NOT met'}")
    finally:
        shutil.rmtree(tmp)


def text_storage() -> str:
    """Which pandas holds the text columns with: pyarrow, when installed, is pandas 3's default
    for text and is imported with pandas (the dev and ``batch`` set-ups install it; a plain
    ``scripts/setup.sh`` does not)."""
    import importlib.util

    import pandas as pd

    arrow = "installed (imported with pandas)" if importlib.util.find_spec("pyarrow") else "absent"
    return (f"pandas {pd.__version__}, pyarrow {arrow}; the chain model holds its text columns "
            "as Python strings (chain/frames.py)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--skip-scale", action="store_true", help="skip part 3 (model at scale)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        from alcarbon.chain.template import write_template

        write_template(tmp / "demo", demo=True)
        print(text_storage())
        whole_process(tmp / "demo", tmp, a.reps)
        phases(tmp / "demo", tmp)
        if not a.skip_scale:
            model_scale(a.reps)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
