"""Log-in flood against `alcarbon serve` on loopback (issue 12 item 5): 16 threads send wrong
passwords (for a user name that does not exist) while one writer saves revisions. Prints the
writer's median and p95 latency and every status seen; fails on any 5xx.

    .venv/bin/python bench/bench_login_flood.py [--seconds 20] [--flooders 16] [--no-limits]

--no-limits turns the log-in throttling off (ALCARBON_LOGIN_LIMIT_*=""), to measure the cost of
the password hashes alone; by default the flood is throttled (429) after the per-address limit.
Starts the server over a fresh SQLite file; loopback only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_service import PASSWORD, free_port, start_server, study  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--flooders", type=int, default=16)
    ap.add_argument("--no-limits", action="store_true")
    args = ap.parse_args()
    if args.no_limits:
        os.environ["ALCARBON_LOGIN_LIMIT_ACCOUNT"] = ""
        os.environ["ALCARBON_LOGIN_LIMIT_ADDRESS"] = ""
    port = free_port()
    db = Path(tempfile.mkdtemp()) / "flood.sqlite3"
    proc = start_server(f"sqlite:///{db}", port)
    base = f"http://127.0.0.1:{port}"
    try:
        tok = httpx.post(f"{base}/api/auth/token", json={"username": "bench",
                                                        "password": PASSWORD}).json()["token"]
        h = {"Authorization": f"Bearer {tok}"}
        site = httpx.post(f"{base}/api/sites", json={"name": "p"}, headers=h).json()
        st = httpx.post(f"{base}/api/studies", headers=h, json={
            "site_id": site["id"], "name": "s", "product": "liquid_aluminium",
            "period_start": "2024-01-01", "period_end": "2024-12-31"}).json()
        stop = threading.Event()
        logins: Counter = Counter()
        lock = threading.Lock()

        def flood(k: int) -> None:
            with httpx.Client(timeout=60) as c:
                for i in range(100_000):  # bounded; ended by stop
                    if stop.is_set():
                        return
                    try:
                        r = c.post(f"{base}/api/auth/token",
                                   json={"username": f"ghost{k}", "password": f"wrong-{i}"})
                        code: int | str = r.status_code
                    except httpx.HTTPError as exc:
                        code = type(exc).__name__
                    with lock:
                        logins[code] += 1

        threads = [threading.Thread(target=flood, args=(k,), daemon=True)
                   for k in range(args.flooders)]
        for t in threads:
            t.start()
        time.sleep(1)
        lat, writes, head = [], Counter(), st["head_revision"]
        end = time.monotonic() + args.seconds
        with httpx.Client(timeout=120) as c:
            while time.monotonic() < end:
                t0 = time.perf_counter()
                r = c.post(f"{base}/api/studies/{st['id']}/revisions", headers=h,
                           json={"base_revision": head, "reason": f"save {head}",
                                 "study": study(1e6 + head)})
                lat.append(time.perf_counter() - t0)
                writes[r.status_code] += 1
                if r.status_code == 201:
                    head = r.json()["number"]
        stop.set()
        for t in threads:
            t.join(timeout=120)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lat.sort()
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    print(f"flooders {args.flooders}, limits {'off' if args.no_limits else 'on'}, "
          f"{args.seconds:g} s")
    print(f"writes: {sum(writes.values())} {dict(writes)}; median {statistics.median(lat):.3f} s, "
          f"p95 {p95:.3f} s")
    print(f"log-in attempts: {dict(logins)}")
    bad = [k for k in list(writes) + list(logins) if isinstance(k, str) or k >= 500]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
