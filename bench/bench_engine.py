"""Engine speed: one full-chain calculation in-process, and `alcarbon calc` as a whole process.

Targets (issue 2): < 5 ms per full-chain calculation after loading; `alcarbon calc` on an
example under 1 s. Prints the figures; run with `.venv/bin/python bench/bench_engine.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.inventory import load_study

    for name in ("coal_captive_smelter", "hydro_smelter_yunnan"):
        study = load_study(ROOT / "examples" / f"{name}.yaml")
        lib = load_library()
        calculate(study, lib)  # warm-up (imports, caches)
        one = study.model_copy(update={"declared_products": ["aluminium_ingot"]})
        for label, s in (("1 product", one), ("5 products", study)):
            times = []
            for _ in range(200):
                t0 = time.perf_counter()
                calculate(s, lib)
                times.append(time.perf_counter() - t0)
            print(f"{name:24s} {label:10s} calculate: median {1e3 * statistics.median(times):.2f}"
                  f" ms, p95 {1e3 * sorted(times)[189]:.2f} ms")
    exe = ROOT / ".venv" / "bin" / "alcarbon"
    for args in (["--help"], ["calc", str(ROOT / "examples" / "coal_captive_smelter.yaml"),
                              "--format", "json"],
                 ["calc", str(ROOT / "examples" / "coal_captive_smelter.xlsx"), "--format",
                  "json"]):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run([str(exe), *args], check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        print(f"process `alcarbon {' '.join(a if '/' not in a else Path(a).name for a in args)}`"
              f": median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    sys.exit(main())
