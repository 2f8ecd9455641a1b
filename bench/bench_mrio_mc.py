"""EEBT and MRIO Monte Carlo on a SYNTHETIC 31 x 42 China-layout table, each against a plain
numpy baseline computing the same numbers, in interleaved repetitions with paired ratios.

    .venv/bin/python bench/bench_mrio_mc.py                      # 1,000 draws, 2 repetitions
    .venv/bin/python bench/bench_mrio_mc.py --skip-eebt --reps 1 # docs/mrio.md figure
    .venv/bin/python bench/bench_mrio_mc.py --draws 100 --reps 3

EEBT: ``eebt_flows`` + ``reconciliation`` (the latter includes the MRIO consumption account)
against numpy: np.linalg.inv of each region's I - A_rr and a Python loop over region pairs for
m_r' (Z_rs 1 + Y_rs 1), plus np.linalg.solve for the MRIO multipliers.

Monte Carlo: ``monte_carlo`` (one factorisation of I - A reused by the batched fixed-point
iteration) against numpy: per draw, the perturbed dense I - A* and one np.linalg.solve with the
same right-hand sides (multipliers and one per top-flow source region), the same lognormal
factors drawn from the same seed; the two results are compared.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, interleaved, machine, row  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))

from alcarbon.mrio import Prepared  # noqa: E402
from alcarbon.mrio.core.accounts import F_Y_by_destination, embodied_flows  # noqa: E402
from alcarbon.mrio.core.eebt import eebt_flows, reconciliation  # noqa: E402
from alcarbon.mrio.core.model import region_of_nodes  # noqa: E402
from alcarbon.mrio.core.montecarlo import CVs, lognormal_factors, monte_carlo  # noqa: E402
from alcarbon.mrio.io.synth_china import synthetic_china_table  # noqa: E402


def eebt_only_numpy(table, sat):
    """EEBT flows alone, plain numpy: inverse of each I - A_rr, loop over region pairs."""
    R, S = len(table.regions), len(table.sectors)
    Z = np.asarray(table.Z, dtype=float)
    Yd = table.Y_by_destination()
    x = table.output()
    f = sat.F / x
    E = np.zeros((R, Yd.shape[1]))
    for r in range(R):
        b = slice(r * S, (r + 1) * S)
        md = f[b] @ np.linalg.inv(np.eye(S) - Z[b, b] / x[None, b])
        for d in range(Yd.shape[1]):
            t = Yd[b, d].copy()
            if d < R and d != r:
                t += Z[b, d * S:(d + 1) * S].sum(axis=1)
            E[r, d] = md @ t
    return E


def eebt_numpy(table, sat):
    R, S = len(table.regions), len(table.sectors)
    Z = np.asarray(table.Z, dtype=float)
    Yd = table.Y_by_destination()
    x = table.output()
    A = Z / x[None, :]
    f = sat.F / x
    E = np.zeros((R, Yd.shape[1]))
    for r in range(R):
        b = slice(r * S, (r + 1) * S)
        md = f[b] @ np.linalg.inv(np.eye(S) - A[b, b])
        for d in range(Yd.shape[1]):
            t = Yd[b, d].copy()
            if d < R and d != r:
                t += Z[b, d * S:(d + 1) * S].sum(axis=1)
            E[r, d] = md @ t
    m = np.linalg.solve((np.eye(R * S) - A).T, f)
    fy = np.zeros(R)  # household emissions F_Y of each region's own final-demand columns
    if sat.F_Y is not None:
        for k, reg in enumerate(table.fd_regions):
            if reg in table.regions:
                fy[table.regions.index(reg)] += sat.F_Y[k]
    return E, m @ Yd[:, :R] + fy


def mc_numpy(p, cvs, draws, seed, top, chunk=50):
    """Same draws as ``monte_carlo`` (same generator calls per chunk), one solve per draw."""
    t = p.table
    n, R = t.n, len(t.regions)
    Ad = np.asarray(p.A, dtype=float)
    rows, cols = np.nonzero(Ad)  # row-major, the order monte_carlo draws its factors in
    a = Ad[rows, cols]
    reg = region_of_nodes(t)
    cvA = cvs.block_matrix(t.regions)[reg[rows], reg[cols]]
    cvF = cvs.F_vector(t.regions)[reg]
    E0 = embodied_flows(p, include_pseudo=False).to_numpy().copy()
    np.fill_diagonal(E0, -np.inf)
    pairs = [(int(i // R), int(i % R)) for i in np.argsort(E0, axis=None)[::-1][:top]]
    srcs = sorted({r for r, _ in pairs})
    masks = np.stack([(reg == r).astype(float) for r in srcs], axis=1)
    fy = F_Y_by_destination(t, p.satellite)
    rng = np.random.default_rng(seed)
    foot, flows = [], []
    for start in range(0, draws, chunk):
        k = min(chunk, draws - start)
        gA = lognormal_factors(rng, cvA, k)
        gF = lognormal_factors(rng, cvF, k)
        for i in range(k):
            As = Ad.copy()
            As[rows, cols] = a * gA[:, i]
            s = p.satellite.F * gF[:, i] / p.x
            C = np.column_stack([s, s[:, None] * masks])
            X = np.linalg.solve((np.eye(n) - As).T, C)
            foot.append(X[:, 0] @ p.Yd + fy)
            Q = X[:, 1:].T @ p.Yd[:, :R]
            flows.append([Q[srcs.index(r), d] for r, d in pairs])
    return np.array(foot), np.array(flows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--eebt-reps", type=int, default=10)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--skip-mc", action="store_true", help="EEBT only.")
    ap.add_argument("--skip-eebt", action="store_true", help="Monte Carlo only.")
    args = ap.parse_args()
    print(machine())
    table, sat = synthetic_china_table(31, 42, seed=0)
    p = Prepared(table, sat, method="dense")
    print(f"SYNTHETIC 31 x 42 table: n = {table.n}, A non-zero share "
          f"{np.count_nonzero(p.A) / table.n ** 2:.3%}")

    if not args.skip_eebt:
        bench_eebt(table, sat, args.eebt_reps)
    if args.skip_mc:
        return
    bench_mc(p, args.draws, args.reps, args.top)


def bench_eebt(table, sat, reps: int) -> None:
    def eebt_ours():
        q = Prepared(table, sat, method="dense")
        e = eebt_flows(q)
        return e, reconciliation(q, e)

    ours_e, rec = eebt_ours()
    ref_e, ref_cba = eebt_numpy(table, sat)
    print("EEBT max relative difference to numpy: "
          f"{np.abs(ours_e.to_numpy() - ref_e).max() / np.abs(ref_e).max():.1e}; CBA "
          f"{np.abs(rec['CBA_MRIO'].iloc[:-1].to_numpy() - ref_cba).max() / ref_cba.max():.1e}")
    tm = interleaved({"alcarbon": eebt_ours, "numpy": lambda: eebt_numpy(table, sat)},
                     reps=reps)
    print(row("EEBT + reconciliation, alcarbon", tm["alcarbon"], tm["numpy"], "numpy"))
    print(row("EEBT + CBA, numpy baseline", tm["numpy"]))
    tm = interleaved({"alcarbon": lambda: eebt_flows(Prepared(table, sat, method="dense")),
                      "numpy": lambda: eebt_only_numpy(table, sat)}, reps=reps)
    print(row("EEBT flows alone, alcarbon", tm["alcarbon"], tm["numpy"], "numpy"))
    print(row("EEBT flows alone, numpy baseline", tm["numpy"]))


def bench_mc(p, draws: int, reps: int, top: int) -> None:
    cvs = CVs(A_domestic=0.1, A_trade=0.2, F=0.1)
    box: dict = {}

    def mc_ours():
        t0 = time.perf_counter()
        box["ours"] = monte_carlo(p, cvs, draws=draws, seed=1, top=top)
        box["t_ours"] = time.perf_counter() - t0

    def mc_ref():
        box["ref"] = mc_numpy(p, cvs, draws, 1, top)

    tm = interleaved({"alcarbon": mc_ours, "numpy": mc_ref}, reps=reps, warmup=0)
    res, (rf, rfl) = box["ours"], box["ref"]
    print(f"Monte Carlo, {draws} draws, CV A domestic 0.1 / traded 0.2, F 0.1, top "
          f"{top} flows: iterations per chunk {min(res.iterations)}-"
          f"{max(res.iterations)}, fallback draws {res.fallback_draws}; max relative "
          f"difference to numpy footprints "
          f"{np.abs(res.footprints.to_numpy() - rf).max() / np.abs(rf).max():.1e}, flows "
          f"{np.abs(res.flows.to_numpy() - rfl).max() / np.abs(rfl).max():.1e}")
    print(row("Monte Carlo, alcarbon (reuse)", tm["alcarbon"], tm["numpy"], "numpy"))
    print(row("Monte Carlo, numpy baseline (solve per draw)", tm["numpy"]))


if __name__ == "__main__":
    main()
