"""Benchmark: `alcarbon report STUDY -o x.pdf` as a user runs it, cold, both examples, zh and en.

Run: .venv/bin/python bench/bench_report.py [--reps N (default 3)] [--study coal|hydro|both]
     [--lang zh|en|both] [--variants typst,typst-1proc,weasyprint]

Each case is a fresh process of the CLI (interpreter start, imports, load, engine, checks, 2,000
Monte Carlo iterations, sensitivity, alternatives, levers, figures, content, PDF, atomic write).
Cases of one study and language run interleaved, in an order rotated each repetition
(bench/_timing.py):

  typst        the default: Typst PDF; figures drawn by two forked workers
               (alcarbon.report.figure_pool) while the CLI imports and computes, when the
               1-minute load average is below the number of CPUs, else in the CLI's process
  typst-2w     the same with ALCARBON_FIGURE_WORKERS=2: the workers whatever the load
  typst-1proc  the same with ALCARBON_FIGURE_WORKERS=0: everything in one process (as the web
               service renders), to show what the workers gain
  weasyprint   the peer: --pdf-engine weasyprint (HTML + CSS, PNG figures at 200 dpi)

Prints per variant the wall time of the whole process (median, IQR, paired ratio to weasyprint),
its CPU time (user + system of the process and its children, less sensitive to other load on a
shared machine), and the goal (issue 11: the default PDF in at most 3 s wall) met or not. Then one
more cold process per study and language prints the CPU time of each part (the command's imports
and computation, the figure server's matplotlib import, each figure in its worker, content + Typst
+ write) and, from those, an estimate of the command's critical path when a second core is free
beside the sum of all parts (what one process would spend): an estimate, labelled as such, for
a loaded machine where wall time measures the other load.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import (  # noqa: E402
    ROOT,
    interleaved,
    machine,
    paired_ratio,
    quartiles,
    row,
    worktree_env,
)

CLI = "from alcarbon.cli.main import app; app(prog_name='alcarbon')"

# One report with the figure workers, CPU time of each part (time.process_time in the command
# and in each worker, psutil for the server's warm-up), as JSON on stdout.
SPLIT = r"""
import json, sys, time
T = time.process_time
t0 = T()
import alcarbon.cli.main
from alcarbon.report import figure_pool as fp
draw = fp._draw
def timed(task):  # a module-level function of __main__, known to the forked workers
    a = time.process_time()
    return draw(task), task[0], time.process_time() - a
from pathlib import Path
import psutil
study, lang, out = sys.argv[1:4]
t = {"cli import": T() - t0}
with fp.FigurePool(2) as pool:
    a = T()
    import alcarbon.uncertainty.limits
    from alcarbon.factors import load_library
    from alcarbon.inventory import load_study
    from alcarbon.report import api, charts
    from alcarbon.report.figures import names
    from alcarbon.report.localise import localise
    computed = api.compute(load_study(Path(study)), lib=load_library())
    facts = localise(computed.facts, lang)
    t["import + load + compute"] = T() - a
    todo = sorted(names(facts, computed.mc_samples), key=fp._ORDER.index)
    drawn = pool.map(timed, [(n, facts, lang, computed.mc_samples, None, "none") for n in todo])
    # after the reply, so the whole warm-up is in (and the forks and dispatch: an overestimate)
    c = psutil.Process(pool._proc.pid).cpu_times()
    t["server: matplotlib import + forks"] = c.user + c.system
    figs = {n: m for m, n, _ in drawn}
    per = {n: dt for _, n, dt in drawn}
    a = T()
    from alcarbon.report.content import build_report
    from alcarbon.report.render_typst import render_pdf_typst
    data = render_pdf_typst(build_report(facts, figs, lang))
    api.write_atomic(Path(out), data)
    t["content + typst + write"] = T() - a
busy = [0.0, 0.0]
for n in todo:  # map(chunksize=1): the next free worker takes the next figure
    busy[busy.index(min(busy))] += per[n]
t.update({f"figure {n}": v for n, v in per.items()})
t["figures on 2 workers"] = max(busy)
t["_critical"] = (t["cli import"] + max(t["import + load + compute"],
                                        t["server: matplotlib import + forks"])
                  + max(busy) + t["content + typst + write"])
t["_sum"] = (t["cli import"] + t["import + load + compute"]
             + t["server: matplotlib import + forks"]
             + sum(per.values()) + t["content + typst + write"])
print(json.dumps(t))
"""

ALL_VARIANTS = ("typst", "typst-2w", "typst-1proc", "weasyprint")
REF = "weasyprint"
STUDIES = {"coal": "coal_captive_smelter.yaml", "hydro": "hydro_smelter_yunnan.yaml"}
GOAL = 3.0  # seconds, whole process, default PDF (issue 11)


def _arg(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _case(variant: str, study: str, lang: str, out: Path,
          cpu: list[float]) -> Callable[[], None]:
    """A cold CLI process; its CPU time (with its own children) is appended to ``cpu``."""
    env = worktree_env()
    argv = [sys.executable, "-c", CLI, "report", study, "-o", str(out), "--lang", lang]
    if variant == "weasyprint":
        argv += ["--pdf-engine", "weasyprint"]
    if variant in ("typst-2w", "typst-1proc"):
        env["ALCARBON_FIGURE_WORKERS"] = "2" if variant == "typst-2w" else "0"

    def run() -> None:
        c0 = _cpu()
        p = subprocess.run(argv, env=env, capture_output=True, text=True)
        if p.returncode != 0 or not out.is_file():
            raise SystemExit(f"{variant} {study} {lang} failed: {p.stderr[-2000:]}")
        cpu.append(_cpu() - c0)
        out.unlink()
    return run


def _split(study: str, lang: str, out: Path) -> dict[str, float]:
    p = subprocess.run([sys.executable, "-c", SPLIT, study, lang, str(out)], env=worktree_env(),
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"split {study} {lang} failed: {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    reps = int(_arg("--reps", "3"))
    studies = list(STUDIES) if _arg("--study", "both") == "both" else [_arg("--study", "")]
    langs = ["zh", "en"] if _arg("--lang", "both") == "both" else [_arg("--lang", "")]
    variants = _arg("--variants", ",".join(ALL_VARIANTS)).split(",")
    if any(v not in ALL_VARIANTS for v in variants) or "typst" not in variants:
        raise SystemExit(f"--variants: a comma list of {', '.join(ALL_VARIANTS)} with typst")
    print(machine())
    print(f"{reps} interleaved repetitions of `alcarbon report STUDY -o x.pdf --lang L`, cold "
          f"processes, no warm-up; goal: default PDF <= {GOAL:.0f} s wall, whole process")
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        for key in studies:
            study = str(ROOT / "examples" / STUDIES[key])
            for lang in langs:
                cpu: dict[str, list[float]] = {v: [] for v in variants}
                cases = {v: _case(v, study, lang, Path(tmp) / f"{key}_{lang}_{v}.pdf", cpu[v])
                         for v in variants}
                times = interleaved(cases, reps, warmup=0)
                print(f"\n== {key} ({STUDIES[key]}), {lang}")
                for v in variants:
                    ref = times[REF] if REF in variants and v != REF else None
                    q1, med, q3 = quartiles(cpu[v])
                    print(row(f"  {v:<11} wall", times[v], ref, REF) +
                          f"\n  {'':<11} CPU (user+sys, with children) median {med:.2f} s "
                          f"(IQR {q1:.2f}-{q3:.2f})")
                if "typst-1proc" in variants and "typst-2w" in variants:
                    q1, med, q3 = paired_ratio(times["typst-2w"], times["typst-1proc"])
                    print(f"  figure workers: wall typst-2w / typst-1proc {med:.2f}x "
                          f"(IQR {q1:.2f}-{q3:.2f}, paired)")
                print(f"  load average after this case: {os.getloadavg()[0]:.1f} (1 min)")
                s = _split(study, lang, Path(tmp) / f"{key}_{lang}_split.pdf")
                print("  CPU per part (one more cold run): " + ", ".join(
                    f"{k} {v:.2f} s" for k, v in s.items() if not k.startswith("_")))
                print(f"  estimate from those CPU times (not a measurement): critical path with "
                      f"a free second core {s['_critical']:.2f} s, all in one process "
                      f"{s['_sum']:.2f} s (+ interpreter and typer start-up)")
                best = statistics.median(times["typst"])
                verdicts.append(f"{key} {lang}: typst median {best:.2f} s wall, "
                                f"{statistics.median(cpu['typst']):.2f} s CPU -> goal "
                                f"{'met' if best <= GOAL else 'NOT met'}")
    print(f"\ngoal (default PDF <= {GOAL:.0f} s wall, whole process):")
    for v in verdicts:
        print("  " + v)


if __name__ == "__main__":
    main()
