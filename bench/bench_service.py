"""Load test of `alcarbon serve` on loopback: 50 concurrent clients calculating, reading and
saving studies for 60 s. Prints throughput, p50/p95 latency per kind, errors, and checks that no
saved revision was lost (every 201 on a save is a revision in the store, numbered without gaps).

    .venv/bin/python bench/bench_service.py [--seconds 60] [--clients 50] [--db URL]

Starts uvicorn in a subprocess on 127.0.0.1 over a fresh SQLite file (or --db). Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-1"


def study(kwh: float) -> dict:
    """One electrolysis unit on a direct line (0.5 kg CO2e/kWh, 100 t): CFP = kwh/100*0.5/1000."""
    return {"title": "bench", "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "declared_products": ["liquid_aluminium"],
            "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                                  "basis": "life_cycle", "source": "bench"}},
                            "default_supply": "line"},
            "units": [{"id": "electrolysis",
                       "inputs": [{"flow": "electricity", "kind": "electricity",
                                   "amount": kwh, "unit": "kWh", "supply": "line"}],
                       "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}]}]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, ALCARBON_ADMIN_USER="bench", ALCARBON_ADMIN_PASSWORD=PASSWORD,
               ALCARBON_ADMIN_ORG="Bench Co")
    cmd = [sys.executable, "-m", "alcarbon.cli.main", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--db", db_url]
    log = open(Path(tempfile.gettempdir()) / f"alcarbon-bench-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start:\n" + Path(log.name).read_text(errors="replace"))


async def setup(base: str, n_studies: int) -> tuple[str, list[int]]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        r = await c.post("/api/auth/token", json={"username": "bench", "password": PASSWORD})
        if r.status_code != 201:
            raise SystemExit("cannot log in as the bench admin: --db must be an empty database")
        tok = r.json()["token"]
        h = {"Authorization": f"Bearer {tok}"}
        site = (await c.post("/api/sites", json={"name": "bench plant"}, headers=h)).json()
        ids = []
        for k in range(n_studies):
            r = await c.post("/api/studies", headers=h, json={
                "site_id": site["id"], "name": f"study {k}", "product": "liquid_aluminium",
                "period_start": "2024-01-01", "period_end": "2024-12-31",
                "study": study(1_000_000 + k)})
            ids.append(r.json()["id"])
        return tok, ids


async def client(base: str, tok: str, ids: list[int], until: float, seed: int, stats: dict):
    rng = random.Random(seed)
    h = {"Authorization": f"Bearer {tok}"}
    async with httpx.AsyncClient(base_url=base, headers=h, timeout=60) as c:
        while time.perf_counter() < until:
            sid = rng.choice(ids)
            kind = rng.choices(("read", "calculate", "save"), weights=(4, 4, 2))[0]
            t0 = time.perf_counter()
            try:
                if kind == "read":
                    r = await c.get(f"/api/studies/{sid}")
                    ok = r.status_code == 200
                    if ok:
                        r = await c.get(f"/api/studies/{sid}/revisions")
                        ok = r.status_code == 200
                elif kind == "calculate":
                    r = await c.post(f"/api/studies/{sid}/calculate")
                    ok = r.status_code == 200
                else:
                    head = (await c.get(f"/api/studies/{sid}")).json()["head_revision"]
                    r = await c.post(f"/api/studies/{sid}/revisions", json={
                        "base_revision": head, "reason": f"bench {seed}",
                        "study": study(rng.uniform(9e5, 1.1e6))})
                    ok = r.status_code in (201, 409)
                    if r.status_code == 201:
                        stats["saved"][sid] = stats["saved"].get(sid, 0) + 1
                    elif r.status_code == 409:
                        stats["conflicts"] += 1
            except httpx.HTTPError as exc:
                ok, r = False, exc
            stats["lat"].setdefault(kind, []).append(time.perf_counter() - t0)
            if not ok:
                stats["errors"].append(f"{kind}: {getattr(r, 'status_code', r)}")


async def verify(base: str, tok: str, ids: list[int], saved: dict[int, int]) -> int:
    """Lost revisions: 201 answers that are not in the store, or gaps in the numbering."""
    lost = 0
    async with httpx.AsyncClient(base_url=base, timeout=60,
                                 headers={"Authorization": f"Bearer {tok}"}) as c:
        for sid in ids:
            revs = (await c.get(f"/api/studies/{sid}/revisions")).json()
            numbers = [r["number"] for r in revs]
            expected = 1 + saved.get(sid, 0)
            if numbers != list(range(1, expected + 1)):
                lost += abs(expected - len(numbers)) or 1
    return lost


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100)[q - 1] if len(xs) >= 2 else (xs[0] if xs else 0.0)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--studies", type=int, default=20)
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="alcarbon-bench-")
    db_url = args.db or f"sqlite:///{tmp}/bench.sqlite3"
    port = free_port()
    proc = start_server(db_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        tok, ids = await setup(base, args.studies)
        stats = {"lat": {}, "errors": [], "saved": {}, "conflicts": 0}
        t0 = time.perf_counter()
        until = t0 + args.seconds
        await asyncio.gather(*(client(base, tok, ids, until, k, stats)
                               for k in range(args.clients)))
        wall = time.perf_counter() - t0
        lost = await verify(base, tok, ids, stats["saved"])
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    all_lat = [x for xs in stats["lat"].values() for x in xs]
    backend = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    print(f"alcarbon serve bench: {args.clients} clients, {wall:.1f} s, {backend}, "
          f"{args.studies} studies, uvicorn 1 worker, 127.0.0.1")
    print(f"  operations: {len(all_lat)}  throughput: {len(all_lat) / wall:.1f} ops/s")
    print(f"  latency all: p50 {1000 * pct(all_lat, 50):.1f} ms  "
          f"p95 {1000 * pct(all_lat, 95):.1f} ms")
    for kind, xs in sorted(stats["lat"].items()):
        print(f"  {kind:9s} n={len(xs):6d}  p50 {1000 * pct(xs, 50):7.1f} ms  "
              f"p95 {1000 * pct(xs, 95):7.1f} ms")
    saved = sum(stats["saved"].values())
    print(f"  revisions saved: {saved}  conflicts (409, expected under contention): "
          f"{stats['conflicts']}  lost revisions: {lost}")
    print(f"  errors: {len(stats['errors'])}" + (f" e.g. {stats['errors'][:5]}"
                                                  if stats["errors"] else ""))
    if stats["errors"] or lost:
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
