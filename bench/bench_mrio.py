"""MRIO speed: every analysis on a 31 x 42 table, and PBA + CBA + region x region flows on a
49 x 200 (9,800-sector) sparse random system against pymrio ``calc_all`` (which computes the
same accounts and more) and a floor (the bare power series on scipy CSR for the same
quantities), in interleaved repetitions with paired ratios.

    .venv/bin/python bench/bench_mrio.py --size small            # 10 x 200 = 2,000 sectors
    .venv/bin/python bench/bench_mrio.py --size full   # 49 x 200 = 9,800 (pymrio ~90 s, ~6 GB)
    .venv/bin/python bench/bench_mrio.py --size full --skip-pymrio
    .venv/bin/python bench/bench_mrio.py --io-only      # workbook I/O, ours vs openpyxl

Workbook I/O: write and read a 31 x 42 China-layout workbook (and a 30-province CEADs
inventory) with alcarbon's streaming xlsx code, against openpyxl's write-only / read-only
modes on the same rows (the implementation before), best of 3 for ours, 1 run for openpyxl.

Each large-system job runs in its own process (spawned), which builds the SYNTHETIC system
from the same seed and reports its wall time and its own peak RSS (resource.ru_maxrss).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, machine, row  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))  # this checkout's alcarbon, also in spawned jobs

DENSITY = {"block_density": 0.3, "trade_density": 0.005}


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB -> GiB


def _system(regions: int, sectors: int):
    from alcarbon.mrio import random_system

    return random_system(regions, sectors, n_categories=3, seed=42, **DENSITY)


def job_alcarbon(regions: int, sectors: int, method: str, q) -> None:
    from alcarbon.mrio import Prepared, consumption_account, embodied_flows
    from alcarbon.mrio.core.accounts import production_account

    table, sat = _system(regions, sectors)
    t0 = time.perf_counter()
    p = Prepared(table, sat, method=method)
    cba = consumption_account(p, include_pseudo=True).to_numpy()
    t_cba = time.perf_counter() - t0
    production_account(p)
    embodied_flows(p)  # region x region flows: what calc_all's D_cba_reg / D_pba_reg give
    t_all = time.perf_counter() - t0
    q.put({"job": f"alcarbon {p.solver.method}", "cba_s": t_cba, "all_s": t_all,
           "iterations": p.solver.iterations, "peak_gb": _peak_gb(), "cba": cba,
           "nnz_share": table.Z.nnz / table.n ** 2})


def job_floor(regions: int, sectors: int, q) -> None:
    """The floor of the same work: x, A, s, then the bare power series on scipy CSR
    (m = sum (A')^k s and L Yd = sum A^k Yd, stopped at 1e-13), CBA and the flow sums."""
    import scipy.sparse as sp

    from alcarbon.mrio.core.accounts import F_Y_by_destination
    from alcarbon.mrio.core.leontief import calc_A, calc_S

    table, sat = _system(regions, sectors)
    t0 = time.perf_counter()
    x = table.output()
    A = sp.csr_matrix(calc_A(table.Z, x))
    At = sp.csr_matrix(A.T)
    s = calc_S(sat.F, x)
    Yd = table.Y_by_destination()

    def series(M, B):
        X, term = B.copy(), B.copy()
        while np.abs(term).max() > 1e-13 * np.abs(X).max():
            term = M @ term
            X += term
        return X
    m = series(At, s)
    cba = m @ Yd + F_Y_by_destination(table, sat)
    t_cba = time.perf_counter() - t0
    Q = s[:, None] * series(A, Yd)
    Q.reshape(regions, sectors, -1).sum(axis=1)
    q.put({"job": "floor (bare power series)", "cba_s": t_cba,
           "all_s": time.perf_counter() - t0, "peak_gb": _peak_gb(), "cba": cba})


def job_pymrio(regions: int, sectors: int, q) -> None:
    import pandas as pd
    import pymrio

    table, sat = _system(regions, sectors)
    idx = table.index
    cols = pd.MultiIndex.from_arrays([list(table.fd_regions), list(table.fd_categories)],
                                     names=["region", "category"])
    io = pymrio.IOSystem(Z=pd.DataFrame(table.Z.toarray(), index=idx, columns=idx),
                         Y=pd.DataFrame(table.Y, index=idx, columns=cols), unit=None)
    io.emissions = pymrio.Extension(
        name="emissions", F=pd.DataFrame([sat.F], index=["CO2"], columns=idx),
        F_Y=pd.DataFrame([sat.F_Y], index=["CO2"], columns=cols))
    t0 = time.perf_counter()
    io.calc_all()
    dt = time.perf_counter() - t0
    cba = io.emissions.D_cba_reg.loc["CO2"].reindex(list(table.regions)).to_numpy()
    q.put({"job": "pymrio calc_all", "cba_s": None, "all_s": dt, "peak_gb": _peak_gb(),
           "cba": cba})


def run_job(target, *args):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, q))
    proc.start()
    res = q.get()
    proc.join()
    return res


def bench_31x42(repeat: int = 3) -> None:
    from alcarbon.mrio import (
        Prepared,
        analyse,
        balance,
        direct_vs_embodied,
        embodied_flows,
        sector_flows,
        structural_paths,
        synthetic_china_table,
        upstream_decomposition,
    )
    from alcarbon.mrio.core.network import backbone, centrality, rank_critical, transfer_graph

    table, sat = synthetic_china_table(31, 42, seed=1)
    mining = list(table.sectors[1:5])
    steps = {}

    def timed(name, fn):
        best = min(_once(fn) for _ in range(repeat))
        steps[name] = best

    def _once(fn):
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    holder = {}

    def prep():
        holder["p"] = Prepared(table, sat)
        holder["p"].m  # noqa: B018 - factorise and solve for multipliers
    timed("factorise (I-A) + multipliers", prep)
    p = holder["p"]
    timed("accounts (PBA, CBA, balance)", lambda: balance(Prepared(table, sat)))
    timed("region x region flows (31 RHS)", lambda: embodied_flows(Prepared(table, sat)))
    timed("target sector (direct/embodied, flows)", lambda: (
        direct_vs_embodied(p, mining), sector_flows(p, mining), sector_flows(p, mining,
                                                                              "product")))
    timed("upstream decomposition", lambda: upstream_decomposition(p, mining))
    y = p.Yd[:, 10]
    timed("SPA (region final demand, depth 6, 1e-4)", lambda: structural_paths(
        p.A, p.s, p.m, y, top_k=20, max_depth=6, threshold=1e-4))
    E = embodied_flows(p)
    timed("network metrics + backbone + ranking", lambda: (
        rank_critical(centrality(transfer_graph(E))), backbone(transfer_graph(E))))
    timed("ALL: analyse() incl. target, SPA, network", lambda: analyse(
        table, sat, sectors=mining))
    print(f"== 31 x 42 (1,302 sectors, SYNTHETIC, best of {repeat}) ==")
    for k, v in steps.items():
        print(f"  {k:45s} {v * 1000:8.1f} ms")
    try:
        import pandas as pd
        import pymrio

        idx = table.index
        io = pymrio.IOSystem(Z=pd.DataFrame(np.asarray(table.Z), index=idx, columns=idx),
                             Y=pd.DataFrame(table.Y, index=idx, columns=pd.MultiIndex.from_arrays(
                                 [list(table.fd_regions), list(table.fd_categories)],
                                 names=["region", "category"])), unit=None)
        io.emissions = pymrio.Extension(name="e", F=pd.DataFrame([sat.F], index=["CO2"],
                                                                 columns=idx))
        t0 = time.perf_counter()
        io.calc_all()
        dt = time.perf_counter() - t0
        ratio = dt / steps["ALL: analyse() incl. target, SPA, network"]
        print(f"  {'pymrio calc_all (same system)':45s} {dt * 1000:8.1f} ms   ratio "
              f"calc_all / alcarbon ALL = {ratio:.2f}")
    except ImportError:
        print("  pymrio not installed: no peer timing")


def bench_io(repeat: int = 3, peer: bool = True) -> None:
    import os
    import tempfile

    from alcarbon.mrio import read_china_mrio, synthetic_china_table, write_china_xlsx
    from alcarbon.mrio.io.layout import DEFAULT_LAYOUT
    from alcarbon.mrio.io.read_china import parse_rows
    from alcarbon.mrio.io.synth_china import SYNTHETIC_NOTE, _table_rows

    table, sat = synthetic_china_table(31, 42, seed=1)
    codes = [f"{k + 1:02d}" for k in range(42)]
    tmp = tempfile.mkdtemp()
    ours = os.path.join(tmp, "io_synthetic.xlsx")

    def best(fn):
        out = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
        return min(out)

    w = best(lambda: write_china_xlsx(table, sat, ours))
    r = best(lambda: read_china_mrio(ours))
    size = os.path.getsize(ours) / 1e6
    print(f"== workbook I/O, 31 x 42 China layout (SYNTHETIC, {size:.1f} MB), best of {repeat} ==")
    print(f"  {'alcarbon write (xlsx_io, XlsxWriter)':45s} {w:8.2f} s")
    print(f"  {'alcarbon read (xlsx_io, calamine + parse)':45s} {r:8.2f} s")
    from alcarbon.mrio.io.ceads import load_ceads_layout, read_ceads
    from alcarbon.mrio.io.synth_ceads import synthetic_ceads, write_ceads_xlsx

    inv = synthetic_ceads(30, seed=1)
    ceads = os.path.join(tmp, "ceads_synthetic.xlsx")
    cw = best(lambda: write_ceads_xlsx(inv, ceads))
    # the packaged 'ceads' fuel table names all 17 CEADs inventory fuels (docs/mrio.md)
    lay = load_ceads_layout()
    cr = best(lambda: read_ceads(ceads, lay))
    print(f"  {'CEADs inventory write (30 sheets x 47 x 19)':45s} {cw:8.2f} s")
    print(f"  {'CEADs inventory read + CO2 from fuel use':45s} {cr:8.2f} s")
    if peer:
        from openpyxl import Workbook, load_workbook

        def write_openpyxl():
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("Table_synthetic")
            for row in _table_rows(table, sat, DEFAULT_LAYOUT, codes, SYNTHETIC_NOTE):
                ws.append(row)
            wb.save(os.path.join(tmp, "peer_synthetic.xlsx"))

        def read_openpyxl():
            wb = load_workbook(ours, read_only=True, data_only=True)
            rows = [tuple(x) for x in wb["Table_synthetic"].iter_rows(values_only=True)]
            wb.close()
            parse_rows(rows, DEFAULT_LAYOUT, "peer")

        pw, pr = _time(write_openpyxl), _time(read_openpyxl)
        print(f"  {'openpyxl write-only (same rows)':45s} {pw:8.2f} s   ratio {pw / w:5.1f}x")
        print(f"  {'openpyxl read-only + same parser':45s} {pr:8.2f} s   ratio {pr / r:5.1f}x")


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=["small", "full"], default="small")
    ap.add_argument("--skip-pymrio", action="store_true")
    ap.add_argument("--reps", type=int, default=3, help="interleaved repetitions (large system)")
    ap.add_argument("--skip-31x42", action="store_true")
    ap.add_argument("--skip-io", action="store_true", help="no workbook I/O timings")
    ap.add_argument("--skip-openpyxl", action="store_true", help="no openpyxl I/O peer (~35 s)")
    ap.add_argument("--io-only", action="store_true", help="only the workbook I/O timings")
    args = ap.parse_args()
    if not args.skip_io:
        bench_io(peer=not args.skip_openpyxl)
    if args.io_only:
        return
    if not args.skip_31x42:
        bench_31x42()
    R, S = (49, 200) if args.size == "full" else (10, 200)
    print(machine())
    print(f"== {R} x {S} = {R * S:,} sectors, sparse random (SYNTHETIC): PBA + CBA + region x "
          f"region flows on every side, {args.reps} interleaved repetitions ==")
    jobs = {"alcarbon": (job_alcarbon, R, S, "auto"), "floor": (job_floor, R, S)}
    if not args.skip_pymrio:
        jobs["pymrio"] = (job_pymrio, R, S)
    names = list(jobs)
    runs: dict[str, list[dict]] = {n: [] for n in names}
    for r in range(args.reps):
        for n in names[r % len(names):] + names[:r % len(names)]:
            runs[n].append(run_job(*jobs[n]))
    ours = runs["alcarbon"][0]
    print(f"  A nonzero share {ours['nnz_share']:.2%}; alcarbon auto chose "
          f"{ours['job'].split()[-1]} ({ours['iterations']} series terms)")
    t = {n: [x["all_s"] for x in runs[n]] for n in names}
    print("  " + row("alcarbon CBA alone", [x["cba_s"] for x in runs["alcarbon"]]))
    print("  " + row("floor CBA alone", [x["cba_s"] for x in runs["floor"]]))
    print("  " + row("alcarbon PBA + CBA + flows", t["alcarbon"], t["floor"], "floor"))
    print("  " + row("floor PBA + CBA + flows", t["floor"]))
    if "pymrio" in t:
        print("  " + row("pymrio calc_all", t["pymrio"], t["alcarbon"],
                         "alcarbon PBA + CBA + flows"))
    for n in names:
        print(f"  {n:9s} peak RSS {max(x['peak_gb'] for x in runs[n]):.2f} GB")
    for n in names[1:]:
        other = runs[n][0]["cba"]
        k = min(len(other), len(ours["cba"]), R)
        rel = np.max(np.abs(ours["cba"][:k] - other[:k]) / np.abs(other[:k]))
        print(f"  CBA max relative difference alcarbon vs {n}: {rel:.2e}")


if __name__ == "__main__":
    main()
