"""MRIO speed: every analysis on a 31 x 42 table, and consumption-based accounts on a 49 x 200
(9,800-sector) sparse random system against pymrio ``calc_all`` and a bare dense
``numpy.linalg.solve``, with ratios measured in the same run.

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
import time

import numpy as np

DENSITY = {"block_density": 0.3, "trade_density": 0.005}


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB -> GiB


def _system(regions: int, sectors: int):
    from alcarbon.mrio import random_system

    return random_system(regions, sectors, n_categories=3, seed=42, **DENSITY)


def job_alcarbon(regions: int, sectors: int, method: str, q) -> None:
    from alcarbon.mrio import Prepared, consumption_account, embodied_flows

    table, sat = _system(regions, sectors)
    t0 = time.perf_counter()
    p = Prepared(table, sat, method=method)
    cba = consumption_account(p, include_pseudo=True).to_numpy()
    t_cba = time.perf_counter() - t0
    t1 = time.perf_counter()
    embodied_flows(p)
    t_flows = time.perf_counter() - t1
    q.put({"job": f"alcarbon {method}", "cba_s": t_cba, "flows_s": t_flows,
           "iterations": p.solver.iterations, "peak_gb": _peak_gb(), "cba": cba,
           "nnz_share": table.Z.nnz / table.n ** 2})


def job_numpy(regions: int, sectors: int, q) -> None:
    from alcarbon.mrio.leontief import calc_A, calc_S

    table, sat = _system(regions, sectors)
    t0 = time.perf_counter()
    x = table.output()
    A = calc_A(table.Z, x).toarray()
    s = calc_S(sat.F, x)
    IA = np.eye(table.n) - A
    del A
    m = np.linalg.solve(IA.T, s)  # bare dense solve, one right-hand side
    cba = m @ table.Y_by_destination()
    from alcarbon.mrio.accounts import F_Y_by_destination

    cba = cba + F_Y_by_destination(table, sat)
    q.put({"job": "numpy.linalg.solve", "cba_s": time.perf_counter() - t0,
           "peak_gb": _peak_gb(), "cba": cba})


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
    q.put({"job": "pymrio calc_all", "cba_s": dt, "peak_gb": _peak_gb(), "cba": cba})


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
    from alcarbon.mrio.network import backbone, centrality, rank_critical, transfer_graph

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
    from alcarbon.mrio.layout import DEFAULT_LAYOUT
    from alcarbon.mrio.read_china import parse_rows
    from alcarbon.mrio.synth_china import SYNTHETIC_NOTE, _table_rows

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
    from alcarbon.mrio.ceads import load_ceads_layout, read_ceads
    from alcarbon.mrio.synth_ceads import synthetic_ceads, write_ceads_xlsx

    inv = synthetic_ceads(30, seed=1)
    ceads = os.path.join(tmp, "ceads_synthetic.xlsx")
    cw = best(lambda: write_ceads_xlsx(inv, ceads))
    lay = load_ceads_layout(fuel_ids={"Raw Coal": "bituminous_coal",
                                      "Other Coking Products": "coal_tar",
                                      "Other Petroleum Products": "petroleum_coke"})
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
    ap.add_argument("--skip-numpy", action="store_true")
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
    print(f"== {R} x {S} = {R * S:,} sectors, sparse random (SYNTHETIC) ==")
    res = [run_job(job_alcarbon, R, S, "power")]
    print(f"  A nonzero share {res[0]['nnz_share']:.2%}")
    if not args.skip_numpy:
        res.append(run_job(job_numpy, R, S))
    if not args.skip_pymrio:
        res.append(run_job(job_pymrio, R, S))
    ours = res[0]
    for r in res:
        extra = ""
        if "flows_s" in r:
            extra = f"  (+ flow matrix {r['flows_s']:.2f} s, {r['iterations']} series terms)"
        print(f"  {r['job']:22s} CBA {r['cba_s']:8.2f} s  peak RSS {r['peak_gb']:.2f} GB{extra}")
    for r in res[1:]:
        n = min(len(r["cba"]), len(ours["cba"]), R)
        rel = np.max(np.abs(ours["cba"][:n] - r["cba"][:n]) / np.abs(r["cba"][:n]))
        print(f"  vs {r['job']:19s} speed-up {r['cba_s'] / ours['cba_s']:8.1f}x  "
              f"max relative difference {rel:.2e}")


if __name__ == "__main__":
    main()
