"""Jobs: how long a request waits when heavy work is a job, beside the synchronous route.

On the coal example (in a temporary SQLite store) it times, interleaved over rounds and as
medians: the synchronous ``POST .../uncertainty`` (a new seed each time, so never a cache hit),
the ``POST .../jobs`` answer (202) for the same Monte Carlo and the job's end-to-end time until
``done`` (polling every 20 ms) on a warm LocalCluster of 2 worker processes; then the same for
the PDF report (``GET .../report?fmt=pdf`` against a report job). Run:
`.venv/bin/python bench/bench_jobs.py [--rounds 3] [--iterations 20000]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup(tmp: Path):
    from alcarbon.service.app import create_app
    from alcarbon.service.settings import Settings
    from alcarbon.store import accounts, connect, studies
    from alcarbon.textdata import load_yaml

    db = connect(f"sqlite:///{tmp / 'bench.sqlite3'}")
    path = ROOT / "examples" / "coal_captive_smelter.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    with db.write() as s:
        org = accounts.create_org(s, "bench")
        site = studies.create_site(s, org.id, "plant", "Shandong")
        user = accounts.create_user(s, org.id, "bench", accounts.hash_password("x" * 12), "admin")
        token = accounts.create_token(s, user.id, "bench")[1]
        st = studies.create_study(s, site, "coal", "liquid_aluminium", date(2024, 1, 1),
                                  date(2024, 12, 31), user, data)
        sid = st.id
    return create_app(db, Settings(max_iterations=1_000_000)), sid, token


def _wait(client, job_id: int, h: dict) -> dict:
    while True:
        st = client.get(f"/api/jobs/{job_id}", headers=h).json()
        if st["state"] in ("done", "failed"):
            return st
        time.sleep(0.02)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=20_000)
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from alcarbon.service.jobs import ENGINE

    with tempfile.TemporaryDirectory() as tmp:
        app, sid, token = _setup(Path(tmp))
        h = {"Authorization": f"Bearer {token}"}
        t: dict[str, list[float]] = {k: [] for k in ("sync_mc", "post_mc", "job_mc",
                                                     "sync_pdf", "post_pdf", "job_pdf")}
        with TestClient(app) as c:
            t0 = time.perf_counter()  # warm-up: cluster start, imports on the workers
            j = c.post(f"/api/studies/{sid}/jobs", headers=h,
                       json={"kind": "montecarlo", "iterations": 1000, "seed": 0}).json()
            _wait(c, j["id"], h)
            print(f"first job incl. LocalCluster start: {time.perf_counter() - t0:.2f} s")
            for r in range(args.rounds):
                body = {"iterations": args.iterations, "seed": 1000 + r}
                t0 = time.perf_counter()
                assert c.post(f"/api/studies/{sid}/uncertainty", headers=h,
                              json=body).status_code == 200
                t["sync_mc"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                j = c.post(f"/api/studies/{sid}/jobs", headers=h,
                           json={"kind": "montecarlo", "iterations": args.iterations,
                                 "seed": 2000 + r})
                t["post_mc"].append(time.perf_counter() - t0)
                assert _wait(c, j.json()["id"], h)["state"] == "done"
                t["job_mc"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                assert c.get(f"/api/studies/{sid}/report?fmt=pdf&lang=zh",
                             headers=h).status_code == 200
                t["sync_pdf"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                j = c.post(f"/api/studies/{sid}/jobs", headers=h,
                           json={"kind": "report", "fmt": "pdf", "lang": "zh"})
                t["post_pdf"].append(time.perf_counter() - t0)
                assert _wait(c, j.json()["id"], h)["state"] == "done"
                t["job_pdf"].append(time.perf_counter() - t0)
        ENGINE.shutdown()
    for k, v in t.items():
        print(f"{k:9s} median {statistics.median(v) * 1000:9.1f} ms  "
              f"(min {min(v) * 1000:.1f}, max {max(v) * 1000:.1f}, n={len(v)})")
    print(f"request wait, Monte Carlo {args.iterations}: job POST / synchronous = "
          f"{statistics.median(t['post_mc']) / statistics.median(t['sync_mc']):.3f}")
    print(f"request wait, PDF report: job POST / synchronous = "
          f"{statistics.median(t['post_pdf']) / statistics.median(t['sync_pdf']):.3f}")


if __name__ == "__main__":
    sys.exit(main())
