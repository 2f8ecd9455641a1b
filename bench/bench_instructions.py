"""Instructions per engine call, counted by valgrind's callgrind: a measure of the engine's work
that does not move with this virtual machine's speed (its wall-clock floors moved up to 4x
between hours; docs/performance.md).

Each case runs in two processes under callgrind, one making the case's call ``k`` times after
its set-up and one warm call, the other making no more than the set-up and that call; the
difference divided by ``k`` is the instructions of one warm call. Cases:

- the coal example, ``calculate`` of its 5 declared products, and its floor of one product
  (``spsolve`` of A s = f + the GWP-weighted item sum: bench_engine.py's floor);
- synthetic studies of 500 and 5,000 unit processes (bench/_synth_study.py): the exponent of
  the work, log(instructions 5,000 / instructions 500) / log(10).

Slow: about 50x native speed under callgrind, 3-5 minutes in all. Needs valgrind
(``apt-get install valgrind``).

    .venv/bin/python bench/bench_instructions.py
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, machine, worktree_env  # noqa: E402

#: the child: set up one case, make its call once (warm), then ``k`` more times
CHILD = """
import sys
sys.path[:0] = [{bench!r}, {src!r}]
case, k = sys.argv[1], int(sys.argv[2])
from alcarbon.engine import calculate
from alcarbon.factors import load_library
lib = load_library()
if case in ("coal", "floor"):
    from alcarbon.inventory import load_study
    study = load_study({coal!r})
    if case == "floor":
        from bench_engine import _floor
        one = study.model_copy(update={{"declared_products": ["aluminium_ingot"]}})
        call = _floor(calculate(one, lib).system, "aluminium_ingot")
    else:
        call = lambda: calculate(study, lib)
else:
    from _synth_study import synth_study
    from alcarbon.inventory.model import Study
    big = Study.model_validate(synth_study(int(case)))
    call = lambda: calculate(big, lib)
call()
for _ in range(k):
    call()
"""

CASES = {  # case: (label, calls counted)
    "coal": ("coal example, calculate 5 products", 200),
    "floor": ("coal example, floor (spsolve + item sum, 1 product)", 2000),
    "500": ("synthetic   500 units, calculate", 8),
    "5000": ("synthetic 5,000 units, calculate", 2),
}


def _collected(case: str, k: int, tmp: Path) -> int:
    """Instructions callgrind counted in a child process of ``case`` making ``k`` calls."""
    code = CHILD.format(bench=str(ROOT / "bench"), src=str(ROOT / "src"),
                        coal=str(ROOT / "examples" / "coal_captive_smelter.yaml"))
    env = dict(worktree_env(), PYTHONHASHSEED="0")
    out = tmp / f"callgrind.{case}.{k}"
    p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        sys.executable, "-c", code, case, str(k)],
                       env=env, capture_output=True, text=True)
    found = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
    if p.returncode != 0 or not found:
        raise SystemExit(f"callgrind of case {case} (k={k}) failed: {p.stderr[-2000:]}")
    return int(found.group(1))


def per_call(case: str, k: int, tmp: Path) -> float:
    """Instructions of one warm call of ``case``."""
    return (_collected(case, k, tmp) - _collected(case, 0, tmp)) / k


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-5000", action="store_true", help="leave out the 5,000-unit case")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions: valgrind is not installed (apt-get install valgrind)")
    print(machine())
    cases = [c for c in CASES if not (args.skip_5000 and c == "5000")]
    got: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="alcarbon-callgrind-") as tmp:
        for case in cases:
            label, k = CASES[case]
            got[case] = per_call(case, k, Path(tmp))
            print(f"{label}: {got[case] / 1e6:,.3f} M instructions a call "
                  f"(callgrind, {k} calls after the set-up minus none)")
    print(f"coal example, calculate / floor: {got['coal'] / got['floor']:.1f}x the instructions")
    if "5000" in got:
        r = got["5000"] / got["500"]
        print(f"500 -> 5,000 units: {r:.2f}x the instructions for 10x the units; exponent "
              f"{math.log(r) / math.log(10):.3f} (bench_engine.py prints the wall-clock one)")


if __name__ == "__main__":
    main()
