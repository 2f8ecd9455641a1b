"""Batch throughput: studies/s of a plain serial loop vs `alcarbon.batch` on 1 and 2 workers.

The serial loop parses and computes each study in this process (what `alcarbon calc` does per
file). The Dask runs send the same tasks to a LocalCluster of 1 or 2 worker processes that is
already started and warmed (its start-up time is printed apart). CPU time spent in the computing
process(es) per study is printed too: unlike wall time it hardly depends on other load on the
machine, so it shows the per-task cost of going through Dask. Rounds are interleaved
(serial, 1 worker, 2 workers, serial, ...) so a change of machine load hits every variant; the
median over rounds is reported. Run: `.venv/bin/python bench/bench_batch.py [--studies 24]
[--rounds 3]`.
"""

from __future__ import annotations

import argparse
import logging
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


def _serial(tasks: list) -> tuple[float, float]:
    """(wall s, CPU s of this process) for the plain loop."""
    from alcarbon.batch.run import run_task

    t0, c0 = time.perf_counter(), time.process_time()
    for t in tasks:
        rows = run_task(t)
        assert rows[0]["status"] == "ok", rows[0]["error"]
    return time.perf_counter() - t0, time.process_time() - c0


def _workers_cpu(client) -> float:
    """CPU seconds used so far by all worker processes of ``client``'s cluster."""
    return sum(client.run(time.process_time).values())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--studies", type=int, default=24)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from distributed import Client

    # the clusters' closing messages (INFO) are not the bench's figures
    logging.getLogger("distributed").setLevel(logging.WARNING)
    from alcarbon.batch.core import local_cluster, run_tasks

    tasks = _tasks(args.studies)
    _serial(tasks[:2])  # warm this process (imports, factor library)
    clusters, clients, starts = {}, {}, {}
    for n in (1, 2):
        t0 = time.perf_counter()
        clusters[n] = local_cluster(n)
        clients[n] = Client(clusters[n])
        clients[n].wait_for_workers(n)
        starts[n] = time.perf_counter() - t0
        run_tasks(tasks[: 2 * n], scheduler=clusters[n].scheduler_address)  # warm workers
    labels = {0: "serial", 1: "dask 1 worker", 2: "dask 2 workers"}
    times: dict[str, list[float]] = {v: [] for v in labels.values()}
    cpu: dict[str, list[float]] = {v: [] for v in labels.values()}
    try:
        for _ in range(args.rounds):
            wall, c = _serial(tasks)
            times["serial"].append(wall)
            cpu["serial"].append(c)
            for n in (1, 2):
                c0, t0 = _workers_cpu(clients[n]), time.perf_counter()
                rows = run_tasks(tasks, scheduler=clusters[n].scheduler_address)
                times[labels[n]].append(time.perf_counter() - t0)
                cpu[labels[n]].append(_workers_cpu(clients[n]) - c0)
                assert all(r["status"] == "ok" for r in rows)
    finally:
        for n in clusters:
            clients[n].close()
            clusters[n].close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.studies} studies (examples, 5 products each), {args.rounds} interleaved "
          f"rounds, {os.cpu_count()} CPUs, load average {load:.1f}")
    base = statistics.median(times["serial"])
    for label, ts in times.items():
        med = statistics.median(ts)
        per = 1e3 * statistics.median(cpu[label]) / args.studies
        print(f"  {label:15s} median {med:6.2f} s  {args.studies / med:6.1f} studies/s  "
              f"x{base / med:4.2f} vs serial  CPU {per:5.1f} ms/study in the computing "
              f"process(es)  (rounds: {', '.join(f'{t:.2f}' for t in ts)} s)")
    for n, s in starts.items():
        print(f"  LocalCluster start-up, {n} worker(s): {s:.1f} s (paid once per command)")


if __name__ == "__main__":
    sys.exit(main())
