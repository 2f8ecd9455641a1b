"""Batch throughput: studies/s of a plain serial loop vs `alcarbon.batch` on 1 and 2 workers.

The serial loop parses and computes each study in this process (what `alcarbon calc` does per
file). The Dask runs send the same tasks to a LocalCluster of 1 or 2 worker processes that is
already started and warmed (its start-up time is printed apart). Rounds are interleaved
(serial, 1 worker, 2 workers, serial, ...) so a change of machine load hits every variant; the
median over rounds is reported. Run: `.venv/bin/python bench/bench_batch.py [--studies 24]
[--rounds 3]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tasks(n: int) -> list:
    from alcarbon.batch.run import StudyTask

    files = [ROOT / "examples" / f"{name}.yaml"
             for name in ("coal_captive_smelter", "hydro_smelter_yunnan")]
    data = [f.read_bytes() for f in files]
    return [StudyTask(index=i, source=f"{files[i % 2].name}#{i}", suffix=".yaml",
                      data=data[i % 2]) for i in range(n)]


def _serial(tasks: list) -> float:
    from alcarbon.batch.run import run_task

    t0 = time.perf_counter()
    for t in tasks:
        rows = run_task(t)
        assert rows[0]["status"] == "ok", rows[0]["error"]
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--studies", type=int, default=24)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from distributed import Client

    from alcarbon.batch.core import local_cluster, run_tasks

    tasks = _tasks(args.studies)
    _serial(tasks[:2])  # warm this process (imports, factor library)
    clusters, starts = {}, {}
    for n in (1, 2):
        t0 = time.perf_counter()
        clusters[n] = local_cluster(n)
        with Client(clusters[n]) as c:
            c.wait_for_workers(n)
        starts[n] = time.perf_counter() - t0
        run_tasks(tasks[: 2 * n], scheduler=clusters[n].scheduler_address)  # warm workers
    times: dict[str, list[float]] = {"serial": [], "dask 1 worker": [], "dask 2 workers": []}
    try:
        for _ in range(args.rounds):
            times["serial"].append(_serial(tasks))
            for n, label in ((1, "dask 1 worker"), (2, "dask 2 workers")):
                t0 = time.perf_counter()
                rows = run_tasks(tasks, scheduler=clusters[n].scheduler_address)
                times[label].append(time.perf_counter() - t0)
                assert all(r["status"] == "ok" for r in rows)
    finally:
        for c in clusters.values():
            c.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.studies} studies (examples, 5 products each), {args.rounds} interleaved "
          f"rounds, {os.cpu_count()} CPUs, load average {load:.1f}")
    base = statistics.median(times["serial"])
    for label, ts in times.items():
        med = statistics.median(ts)
        print(f"  {label:15s} median {med:6.2f} s  {args.studies / med:6.1f} studies/s  "
              f"x{base / med:4.2f} vs serial  (rounds: {', '.join(f'{t:.2f}' for t in ts)})")
    for n, s in starts.items():
        print(f"  LocalCluster start-up, {n} worker(s): {s:.1f} s (paid once per command)")


if __name__ == "__main__":
    sys.exit(main())
