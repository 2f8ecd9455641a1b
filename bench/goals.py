"""Issue 11's table in one run: each bench of its rows, one after the other (never two at once:
they would share the 2 cores), and the lines each printed about its goal, peer or floor.

Every figure below is a line a bench printed in this run, copied as it is; this script computes
nothing itself. About 6 minutes with the service bench, 2 without (``--skip-service``). The
Monte Carlo row needs bw2calc, which lives in a venv of its own (bench_uncertainty.py's
docstring); without it that row says so.

    .venv/bin/python bench/goals.py [--skip-service] [--mrio-full]
                                    [--bw-python /tmp/bwvenv/bin/python]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, machine, worktree_env  # noqa: E402

BENCH = ROOT / "bench"

#: (issue 11 row, bench and arguments, the lines to show: a regex over each printed line)
ROWS: list[tuple[str, list[str], str]] = [
    ("PDF report <= 3 s", ["bench_report.py", "--reps", "3"], r"-> goal"),
    ("web: save + calculate, GET a study", ["bench_service.py"],
     r"goal|lost revisions"),
    ("engine: coal <= 1 ms; 5,000 units < 1 s; calc <= 1.1x; --help < 0.2 s",
     ["bench_engine.py"], r"^goal|^fitted exponent|^paired"),
    ("MRIO auto solver", ["bench_leontief.py"], r"auto chose|method auto"),
    ("chain run < 3 s", ["bench_chain.py", "--reps", "5", "--skip-scale"],
     r"goal \(issue 11\)|lower bound"),
    ("MRIO against pymrio", ["bench_mrio.py", "--skip-31x42", "--skip-io"],
     r"ratio to alcarbon|PBA \+ CBA \+ flows: median"),
    ("batch on Dask", ["bench_batch.py"], r"studies/s"),
]
MC_ROW = ("Monte Carlo against bw2calc", ["bench_uncertainty.py"], r"ratio to (bw2calc|floor)")


def run(label: str, argv: list[str], pattern: str, python: str) -> tuple[str, list[str], float]:
    """(label, the matching lines or the failure, seconds) of one bench."""
    t0 = time.perf_counter()
    p = subprocess.run([python, str(BENCH / argv[0]), *argv[1:]], cwd=ROOT, env=worktree_env(),
                       capture_output=True, text=True)
    took = time.perf_counter() - t0
    if p.returncode != 0:
        tail = (p.stderr or p.stdout).strip().splitlines()[-1:] or ["(no output)"]
        return label, [f"{argv[0]} failed (exit {p.returncode}): {tail[0]}"], took
    found = re.compile(pattern)
    return label, [ln.rstrip() for ln in p.stdout.splitlines() if found.search(ln)], took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-service", action="store_true", help="leave out bench_service.py")
    ap.add_argument("--mrio-full", action="store_true",
                    help="the MRIO row at 9,800 sectors (pymrio: ~30 s a repetition, ~6 GB)")
    ap.add_argument("--bw-python", default="",
                    help="the Python of a venv with the bench extra (bw2calc), for Monte Carlo")
    args = ap.parse_args()
    rows = [r for r in ROWS if not (args.skip_service and r[1][0] == "bench_service.py")]
    if args.mrio_full:
        rows = [(label, [*argv, "--size", "full", "--reps", "3"]
                 if argv[0] == "bench_mrio.py" else argv, pattern)
                for label, argv, pattern in rows]
    print(f"start: {machine()}")
    for label, argv, pattern in rows:
        show(*run(label, argv, pattern, sys.executable))
    if args.bw_python:
        show(*run(*MC_ROW, args.bw_python))
    else:
        print(f"\n== {MC_ROW[0]}: not run (give --bw-python, a venv with the bench extra)")
    print(f"\nend: {machine()}")


def show(label: str, lines: list[str], took: float) -> None:
    print(f"\n== {label} ({took:.0f} s)")
    for ln in lines or ["(no line matched: read the bench's own output)"]:
        print(f"  {ln.strip()}")


if __name__ == "__main__":
    main()
