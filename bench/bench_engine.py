"""Engine speed against floors measured in the same run (issue 11).

Rows printed, each with its paired ratio to its floor:
1. the coal example calculated in-process (5 products and 1 product; 5 products with the
   summary JSON `calc` prints, which reads the row arrays the engine makes only when read; 5
   products with the JSON of every contribution row) against the floor:
   a sparse solve (scipy spsolve) of the same A and the item sum for the same demand;
2. synthetic chains of 5 / 50 / 500 / 5,000 unit processes (bench/_synth_study.py): calculate
   against the same floor, and the fitted exponent (log-log slope) of both; the exponent of the
   goal from 500 -> 5,000 units paired: 10 calls at 500 units and one at 5,000 back to back per
   repetition, 9 repetitions (the rows' medians are a minute apart and move with the machine);
   each goal of issue 11 printed beside its figure, met or not;
3. cold processes: `alcarbon --help` and `alcarbon calc` of the coal example against
   `python -c pass` and a process importing exactly the modules calc imports; calc with the
   factor cache in place (as every run after the first) and off (the first run after an
   install, an upgrade or a data edit parses the packaged factor files); 11 interleaved
   processes per case (with 5 the median paired ratio moved by +-0.05 between runs).

Run: ``nice python bench/bench_engine.py [--quick] [--in-process]`` (``--quick``: fewer
repetitions, sizes up to 500; ``--in-process``: without the cold processes). Uses this
checkout's src first on the path. Each row also prints the CPU time of this process (user + sys)
per call: on a shared, loaded machine the wall time mostly measures the other jobs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import (  # noqa: E402
    ROOT,
    fmt_time,
    interleaved,
    loglog_slope,
    machine,
    paired_ratio,
    process_case,
    python_argv,
    quartiles,
    row,
    worktree_env,
)

sys.path.insert(0, str(ROOT / "src"))

COAL = ROOT / "examples" / "coal_captive_smelter.yaml"
CALC_ARGS = ["calc", str(COAL), "--format", "json"]


def _floor(system, product: str):
    """The floor of one footprint: sparse solve of A s = f and the GWP-weighted item sum."""
    import numpy as np
    from scipy.sparse.linalg import spsolve

    from alcarbon.engine import demand_vector
    from alcarbon.engine.solve import item_arrays

    A = system.A_sparse.tocsc()
    f = demand_vector(system, product)
    cols, co2e, _gas = item_arrays(system)

    def run() -> float:
        s = spsolve(A, f)
        return float(np.dot(co2e, s[cols]))
    return run


#: Goals of issue 11 (engine rows of its table).
GOAL_COAL_S = 1e-3  # the coal example (5 declared products), calculate, warm, median
GOAL_5000_S = 1.0  # 5,000 synthetic units, calculate, median
#: "linear": the fitted exponent over 500 -> 5,000 units at most this (a stated criterion)
GOAL_EXPONENT = 1.10
GOAL_HELP_S = 0.2  # `alcarbon --help`, cold process, median
GOAL_CALC_RATIO = 1.1  # `alcarbon calc` cold process against its import floor, paired median


def _goal(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _with_cpu(cases: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """The cases, each also recording its CPU time (user + sys of this process, seconds per
    call): on a loaded machine the wall time mostly measures the other jobs."""
    cpu: dict[str, list[float]] = {k: [] for k in cases}

    def timed(k: str, f: Any) -> Any:
        def run() -> Any:
            t0 = time.process_time()
            try:
                return f()
            finally:
                cpu[k].append(time.process_time() - t0)
        return run
    return {k: timed(k, f) for k, f in cases.items()}, cpu


def _cpu(label: str, xs: list[float], skip: int) -> str:
    """CPU-time median of the timed repetitions (the first ``skip`` calls were warm-up)."""
    return f"  CPU time, {label}: median {fmt_time(statistics.median(xs[skip:]))}"


def in_process(reps: int) -> None:
    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.inventory import load_study

    lib = load_library()
    study = load_study(COAL)
    one = study.model_copy(update={"declared_products": ["aluminium_ingot"]})
    res = calculate(one, lib)
    floor = _floor(res.system, "aluminium_ingot")

    def summary() -> None:
        # what `calc --format json` prints and the service answers: totals, stages (both
        # sides), categories, gases, electricity; it reads the row arrays calculate defers
        calculate(study, lib).to_json_dict()

    def everything() -> None:
        # what `calc --format json` and a report read: the summary, every row of both sides
        r = calculate(study, lib)
        r.to_json_dict(detail=True)

    cases, cpu = _with_cpu({"5": lambda: calculate(study, lib),
                            "1": lambda: calculate(one, lib), "summary": summary,
                            "all": everything,
                            "floor": floor})
    t = interleaved(cases, reps)
    print(row("coal example, calculate 1 product ", t["1"], t["floor"], "floor"))
    print(row("coal example, calculate 5 products", t["5"], t["floor"], "floor"))
    print(row("coal example, calculate 5 products + summary JSON (what calc prints)",
              t["summary"], t["floor"], "floor"))
    print(row("coal example, calculate 5 products + JSON with every row", t["all"],
              t["floor"], "floor"))
    print(row("  floor: spsolve + item sum, 1 product", t["floor"]))
    for k, label in (("1", "calculate 1 product"), ("5", "calculate 5 products"),
                     ("summary", "5 products + summary JSON"),
                     ("all", "5 products + JSON with every row"), ("floor", "floor")):
        print(_cpu(label, cpu[k], 1))
    med, med_cpu = quartiles(t["5"])[1], statistics.median(cpu["5"][1:])
    print(f"goal: coal example (5 products) calculate <= {GOAL_COAL_S * 1e3:.0f} ms median: "
          f"{_goal(med <= GOAL_COAL_S)} ({med * 1e3:.3f} ms wall; CPU time {med_cpu * 1e3:.3f} "
          f"ms: {_goal(med_cpu <= GOAL_COAL_S)})")


def scaling(sizes: list[int], reps: dict[int, int], paired_reps: int) -> None:
    from _synth_study import synth_study

    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.inventory.model import Study

    lib = load_library()
    med_calc, med_floor, studies = [], [], {}
    for n in sizes:
        study = studies[n] = Study.model_validate(synth_study(n))
        res = calculate(study, lib)
        cases, cpu = _with_cpu({"calc": lambda s=study: calculate(s, lib),
                                "floor": _floor(res.system, "aluminium_ingot")})
        t = interleaved(cases, reps[n], warmup=0)
        print(row(f"synthetic {n:>5} units ({len(res.system.items)} items), calculate",
                  t["calc"], t["floor"], "floor"))
        print(row(f"  floor {n:>5} units", t["floor"]))
        print(_cpu(f"calculate {n} units", cpu["calc"], 0))
        med_calc.append(quartiles(t["calc"])[1])
        med_floor.append(quartiles(t["floor"])[1])
    print(f"fitted exponent (log-log slope of median time over {sizes} units): calculate "
          f"{loglog_slope(sizes, med_calc):.2f}, floor {loglog_slope(sizes, med_floor):.2f}")
    big = [n for n in sizes if n >= 500]
    if len(big) == 2:
        _paired_exponent(big[0], big[1], studies, lib, paired_reps)
    last = sizes[-1]
    if last >= 5000:
        print(f"goal: {last:,} units < {GOAL_5000_S:.0f} s: {_goal(med_calc[-1] < GOAL_5000_S)} "
              f"({med_calc[-1]:.3f} s wall)")


def _paired_exponent(n1: int, n2: int, studies: dict[int, Any], lib: Any, reps: int) -> None:
    """The exponent n1 -> n2 from paired repetitions: each repetition times ``n2 // n1`` calls
    of the small study and one of the large one back to back (order alternated), so both see
    the machine of the same seconds; exponent = log(median per-repetition ratio of the times
    per call) / log(n2 / n1). The medians of the separate rows above were taken a minute apart
    and move with this virtual machine's speed."""
    import math

    from alcarbon.engine import calculate

    k = max(1, n2 // n1)
    small, large = studies[n1], studies[n2]

    def batch() -> None:
        for _ in range(k):
            calculate(small, lib)

    cases, cpu = _with_cpu({"small": batch, "large": lambda: calculate(large, lib)})
    t = interleaved(cases, reps, warmup=1)
    wall = [b / (a / k) for a, b in zip(t["small"], t["large"], strict=True)]
    cpu_r = [b / (a / k) for a, b in zip(cpu["small"][1:], cpu["large"][1:], strict=True)]
    log_n = math.log(n2 / n1)
    r1, rmed, r3 = quartiles(wall)
    q1, med, q3 = (math.log(x) / log_n for x in (r1, rmed, r3))
    cmed = math.log(statistics.median(cpu_r)) / log_n
    print(f"paired {n1} -> {n2} units ({reps} repetitions, each {k} calls of {n1} units and one "
          f"of {n2}, alternated): time ratio per call {rmed:.2f} (IQR {r1:.2f}-{r3:.2f}); "
          f"exponent {med:.2f} (IQR {q1:.2f}-{q3:.2f}); CPU time {cmed:.2f}")
    print(f"goal: linear (paired exponent {n1} -> {n2} units <= {GOAL_EXPONENT:.2f}): "
          f"{_goal(med <= GOAL_EXPONENT)} ({med:.2f} wall; CPU time {cmed:.2f}: "
          f"{_goal(cmed <= GOAL_EXPONENT)})")
    print("  (the work's own exponent, in instructions: bench/bench_instructions.py; the time's "
          "excess over it is neither the collector nor the flow memo (docs/performance.md, "
          "session 33): most likely memory, the larger study's objects outgrowing the caches)")


def _calc_modules() -> list[str]:
    """Modules a `calc` process imports beyond a bare interpreter (probed in a child)."""
    import ast
    import subprocess

    probe = ("import sys\nfrom alcarbon.cli.main import app\n"
             f"try:\n    app({CALC_ARGS!r}, prog_name='alcarbon')\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('MODULES=' + repr(sorted(sys.modules)))\n")
    bare = subprocess.run(python_argv("-c", "import sys; print(repr(sorted(sys.modules)))"),
                          env=worktree_env(), capture_output=True, text=True, check=True)
    p = subprocess.run(python_argv("-c", probe), env=worktree_env(), capture_output=True,
                       text=True, check=True)
    mods = ast.literal_eval(p.stderr.rsplit("MODULES=", 1)[1])
    return [m for m in mods if m not in set(ast.literal_eval(bare.stdout))]


def processes(reps: int) -> None:
    exe = Path(sys.executable).parent / "alcarbon"
    mods = _calc_modules()  # its calc run also writes the factor cache (factors/cache.py)
    # like for like: the floor freezes its heap at exit as every alcarbon command does
    # (cli.main._freeze_at_exit), so neither side pays the shutdown collections
    floor_src = (f"import atexit, gc, importlib\natexit.register(gc.freeze)\nfor m in {mods!r}:"
                 "\n    try:\n        importlib.import_module(m)\n    except Exception:\n"
                 "        pass\n")
    # the first calc after an install, an upgrade or a data edit parses the factor files
    no_cache = {**worktree_env(), "ALCARBON_CACHE_DIR": "off"}
    t = interleaved({
        "pass": process_case(python_argv("-c", "pass")),
        "help": process_case([str(exe), "--help"]),
        "floor": process_case(python_argv("-c", floor_src)),
        "calc": process_case([str(exe), *CALC_ARGS]),
        "calc_parse": process_case([str(exe), *CALC_ARGS], env=no_cache),
    }, reps)
    print(row("process `python -c pass`", t["pass"]))
    print(row("process `alcarbon --help`", t["help"], t["pass"], "python -c pass"))
    print(row(f"process importing the {len(mods)} modules calc imports (floor)", t["floor"]))
    print(row("process `alcarbon calc coal_captive_smelter.yaml --format json` (factor cache "
              "written)", t["calc"], t["floor"], "import floor"))
    print(row("the same, factor cache off (ALCARBON_CACHE_DIR=off: parses the factor files)",
              t["calc_parse"], t["floor"], "import floor"))
    help_med = statistics.median(t["help"])
    ratio = paired_ratio(t["calc"], t["floor"])[1]
    ratio_parse = paired_ratio(t["calc_parse"], t["floor"])[1]
    print(f"goal: `alcarbon --help` < {GOAL_HELP_S:.1f} s: {_goal(help_med < GOAL_HELP_S)} "
          f"({help_med:.3f} s); `calc` <= {GOAL_CALC_RATIO:.1f}x its import floor (median "
          f"paired ratio): {_goal(ratio <= GOAL_CALC_RATIO)} ({ratio:.2f}x; factor cache off "
          f"{ratio_parse:.2f}x: {_goal(ratio_parse <= GOAL_CALC_RATIO)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--in-process", action="store_true",
                    help="only the in-process rows (no cold processes)")
    a = ap.parse_args()
    print(f"{machine()}; cases interleaved, ratios paired per repetition")
    in_process(30 if a.quick else 200)
    if a.quick:
        scaling([5, 50, 500], {5: 10, 50: 5, 500: 2}, 0)
    else:
        scaling([5, 50, 500, 5000], {5: 30, 50: 10, 500: 5, 5000: 3}, 9)
    if not a.in_process:
        processes(3 if a.quick else 11)
    print(f"at the end: {machine()}")


if __name__ == "__main__":
    main()
