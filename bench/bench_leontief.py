"""The MRIO ``auto`` Leontief solver against each fixed method, in the same run (issue 11).

Workload of one table (alcarbon.mrio.core.accounts.Prepared): factorise I - A, multipliers
m = L' s (one transposed solve) and L [y_1 ... y_D] for D destinations. A is a random
2,000 x 2,000 matrix of 3.5 % density with column sums drawn in [0.3, 0.7] (the share of
intermediate inputs in output, so spectral radius <= 0.7), synthetic, not a real table.

Run: ``nice python bench/bench_leontief.py [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, interleaved, machine, quartiles, row  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))


def table(n: int, density: float, dests: int, seed: int = 0):
    import numpy as np
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    R = sp.random(n, n, density=density, random_state=rng, format="csc")
    sums = np.asarray(R.sum(axis=0)).ravel()
    sums[sums == 0] = 1.0
    A = sp.csc_matrix(R @ sp.diags(rng.uniform(0.3, 0.7, n) / sums))
    return A, rng.random(n), rng.random((n, dests))


def main() -> None:
    import numpy as np

    from alcarbon.mrio.core.leontief import LeontiefSolver, choose_method

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    print(machine())
    n, density, dests = 2000, 0.035, 33
    A, s, Y = table(n, density, dests)
    ch = choose_method(A, rhs=1 + dests)
    print(f"A {n} x {n}, nnz {A.nnz} (density {A.nnz / n / n:.3f}), {dests} destinations; "
          f"auto chose {ch['method']} (spectral radius estimate {ch['rho_estimate']:.3f}, "
          f"~{ch.get('terms_estimate', '-')} terms; {ch['reason']})")

    def case(method: str):
        def run():
            sol = LeontiefSolver(A, method=method, rhs=1 + dests)
            return sol.solve_T(s), sol.solve(Y)
        return run

    methods = ("auto", "dense", "splu", "power")
    res = {m: case(m)() for m in methods}
    ref = res["dense"]
    for m in methods:
        err = max(float(np.max(np.abs(x - r) / np.maximum(np.abs(r), 1e-300)))
                  for x, r in zip(res[m], ref, strict=True))
        print(f"  {m:6s} max relative difference to dense LU: {err:.1e}")
    t = interleaved({m: case(m) for m in methods}, 3 if a.quick else 10)
    fastest = min(("dense", "splu", "power"), key=lambda m: quartiles(t[m])[1])
    for m in ("dense", "splu", "power"):
        print(row(f"MRIO {n} sectors, method {m}", t[m]))
    print(row(f"MRIO {n} sectors, method auto", t["auto"], t["dense"], "dense LU"))
    print(row(f"MRIO {n} sectors, method auto", t["auto"], t[fastest],
              f"fastest fixed method ({fastest})"))


if __name__ == "__main__":
    main()
