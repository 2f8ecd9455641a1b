"""Service bench (issue 11, the web rows): `alcarbon serve` under load on loopback, each row
beside its peer measured in the same run.

* save a revision + calculate, 8 and 32 concurrent clients: each client owns one study (the coal
  example, `examples/coal_captive_smelter.yaml`) and in a loop saves a revision with a changed
  amount (so every calculation is real, never a cache hit: the bench checks ``"cached": false``)
  and calculates it. Prints pairs/s, HTTP requests/s, p50/p95 of the pair; peer: the time per
  study in-process of what the endpoint computes (``alcarbon.engine.calculate`` and the JSON of
  its summary, this process) and the core count. Goal: p95 < 300 ms at 32 clients and >= 100
  pairs/s. Also at 8 clients with ``?rows=true`` (every contribution row in the answer, the
  contract before 0.3), to show what the rows cost.
* GET a study, 8 and 32 clients: req/s of ``GET /api/studies/{id}`` against a bare FastAPI app
  (bench/_bare_app.py) returning a JSON document of the same size, served by uvicorn with the same
  settings and worker count, started the same way. Goal: >= 50 % of the bare app.

The load generator (bench/_load.py, asyncio HTTP/1.1 keep-alive clients) is a separate process
from the servers.
Phases are interleaved over ``--reps`` repetitions (order rotated); a ratio is the median of the
per-repetition ratios. Rates are per second of wall time on a shared 2-core machine where the
load generator competes with the servers for the cores: the load average is printed.

    .venv/bin/python bench/bench_service.py [--seconds 8] [--reps 3] [--workers N] [--db URL]
        [--loop asyncio|uvloop]

``--db`` must name an empty database (e.g. PostgreSQL from scripts/start_postgres.sh); default a
fresh SQLite file. ``--workers`` default: what ``alcarbon serve`` chooses by default.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, machine, quartiles, worktree_env  # noqa: E402

PASSWORD = "bench-password-1"
EXAMPLE = ROOT / "examples" / "coal_captive_smelter.yaml"
HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(proc: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"server on port {port} did not start:\n" + log.read_text(errors="replace"))


def start(cmd: list[str], port: int, env: dict[str, str], tag: str) -> subprocess.Popen:
    log = Path(tempfile.gettempdir()) / f"alcarbon-bench-{tag}-{port}.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=fh,
                                stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
    wait_up(proc, port, log)
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()  # uvicorn's supervisor stops its workers on SIGTERM
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def example_data() -> dict:
    from alcarbon.inventory import load_study
    from alcarbon.inventory.io_yaml import study_to_data

    return json.loads(json.dumps(study_to_data(load_study(EXAMPLE))))


def engine_times(n: int) -> list[float]:
    """Seconds per ``calculate`` of the coal example and the JSON text of its summary in this
    process: what the calculate endpoint computes (the peer of the web row)."""
    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.inventory import load_study
    from alcarbon.store.results import result_text

    study, lib = load_study(EXAMPLE), load_library()
    result_text(calculate(study, lib).to_json_dict())
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        result_text(calculate(study, lib).to_json_dict())
        out.append(time.perf_counter() - t0)
    return out


def setup(base: str, data: dict, n: int) -> tuple[str, list[int]]:
    with httpx.Client(base_url=base, timeout=120) as c:
        r = c.post("/api/auth/token", json={"username": "bench", "password": PASSWORD})
        if r.status_code != 201:
            raise SystemExit("cannot log in as the bench admin: --db must be an empty database")
        tok = r.json()["token"]
        h = {"Authorization": f"Bearer {tok}"}
        site = c.post("/api/sites", json={"name": "bench plant"}, headers=h).json()
        ids = []
        for k in range(n):
            r = c.post("/api/studies", headers=h, json={
                "site_id": site["id"], "name": f"study {k}", "product": "aluminium_ingot",
                "period_start": "2023-01-01", "period_end": "2023-12-31", "study": data})
            if r.status_code != 201:
                raise SystemExit(f"cannot create a study: {r.status_code} {r.text[:500]}")
            ids.append(r.json()["id"])
        return tok, ids


def load(cfg: dict) -> dict:
    """One load phase in a separate process (bench/_load.py)."""
    p = subprocess.run([sys.executable, str(HERE / "_load.py")], input=json.dumps(cfg),
                       capture_output=True, text=True, env=worktree_env())
    if p.returncode != 0:
        raise SystemExit(f"load generator failed: {p.stderr[-2000:]}")
    return json.loads(p.stdout)


def pct(xs: list[float], q: int) -> float:
    return statistics.quantiles(xs, n=100, method="inclusive")[q - 1] if len(xs) > 1 else xs[0]


def ms(x: float) -> str:
    return f"{x * 1e3:.0f} ms" if x >= 0.01 else f"{x * 1e3:.1f} ms"


def rate_text(rates: list[float]) -> str:
    q1, med, q3 = quartiles(rates)
    return f"{med:.1f}/s (IQR {q1:.1f}-{q3:.1f}, n={len(rates)})"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=8, help="length of one load phase")
    ap.add_argument("--reps", type=int, default=3, help="interleaved repetitions")
    ap.add_argument("--workers", type=int, default=None,
                    help="server worker processes (default: alcarbon serve's default)")
    ap.add_argument("--db", default=None, help="an empty database URL (default: fresh SQLite)")
    ap.add_argument("--loop", default=None, help="the event loop of both servers (default: "
                    "alcarbon serve's default)")
    args = ap.parse_args()

    from alcarbon.cli.serve_cmd import default_workers
    from alcarbon.service.procs import DEFAULT_LOOP
    from alcarbon.store.db import resolve_url

    tmp = Path(tempfile.mkdtemp(prefix="alcarbon-bench-"))
    db_url = args.db or f"sqlite:///{tmp}/bench.sqlite3"
    backend = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    workers = args.workers or default_workers(resolve_url(db_url))
    loop = args.loop or DEFAULT_LOOP
    print(f"service bench: {machine()}")
    print(f"  store {backend}; {workers} uvicorn worker process(es) per server, {loop} event "
          "loop; load generator: "
          "a separate process of asyncio keep-alive clients; "
          f"{args.reps} reps x {args.seconds:g} s phases, interleaved")

    eng = engine_times(30)
    q1, eng_med, q3 = quartiles(eng)
    data = example_data()

    env = worktree_env() | {"ALCARBON_ADMIN_USER": "bench", "ALCARBON_ADMIN_PASSWORD": PASSWORD,
                            "ALCARBON_ADMIN_ORG": "Bench Co"}
    aport, bport = free_port(), free_port()
    serve = [sys.executable, "-m", "alcarbon.cli.main", "serve", "--host", "127.0.0.1",
             "--port", str(aport), "--db", db_url, "--loop", loop]
    if args.workers:
        serve += ["--workers", str(args.workers)]
    alc = start(serve, aport, env, "alcarbon")
    procs = [alc]
    try:
        abase = f"http://127.0.0.1:{aport}"
        tok, ids = setup(abase, data, 32)
        size = len(httpx.get(f"{abase}/api/studies/{ids[0]}",
                             headers={"Authorization": f"Bearer {tok}"}).content)
        bare = start([sys.executable, str(HERE / "_bare_app.py"), "--port", str(bport),
                      "--workers", str(workers), "--bytes", str(size), "--loop", loop],
                     bport, env, "bare")
        procs.append(bare)
        bbase = f"http://127.0.0.1:{bport}"
        bsize = len(httpx.get(f"{bbase}/api/studies/{ids[0]}").content)
        heads = dict.fromkeys(ids, 1)
        cases = []
        for n in (8, 32):
            cases += [("save", n, abase), ("get", n, abase), ("bare", n, bbase)]
        cases.insert(1, ("rows", 8, abase))
        res: dict[tuple[str, int], list[dict]] = {(k, n): [] for k, n, _ in cases}
        for r in range(args.reps):
            order = cases[r % len(cases):] + cases[:r % len(cases)]
            for kind, n, base in order:
                cfg = {"base": base, "token": tok, "clients": n, "seconds": args.seconds,
                       "mode": "get" if kind in ("get", "bare") else "save_calc",
                       "ids": ids[:n]}
                if kind in ("save", "rows"):
                    cfg |= {"heads": [heads[i] for i in ids[:n]], "study": data,
                            "calc_query": "?rows=true" if kind == "rows" else ""}
                out = load(cfg)
                for sid, k in out["saved"].items():
                    heads[int(sid)] += k
                res[(kind, n)].append(out)
        lost = 0
        with httpx.Client(base_url=abase, timeout=120,
                          headers={"Authorization": f"Bearer {tok}"}) as c:
            for sid in ids:
                numbers = [x["number"] for x in c.get(f"/api/studies/{sid}/revisions").json()]
                lost += numbers != list(range(1, heads[sid] + 1))
    finally:
        for p in procs:
            stop(p)

    cores = os.cpu_count() or 1
    print(f"  peer: `calculate` of the coal example + the JSON of its summary, in-process: "
          f"median {ms(eng_med)} "
          f"(IQR {ms(q1)}-{ms(q3)}, n={len(eng)}); {cores} cores, so the engine alone allows "
          f"at most {cores / eng_med:.0f} calculations/s")
    errors: list[str] = []
    for kind, n in (("save", 8), ("rows", 8), ("save", 32)):
        outs = res[(kind, n)]
        lat = [x for o in outs for x in o["lat"]]
        pairs = [len(o["lat"]) / o["wall"] for o in outs]
        reqs = [o["requests"] / o["wall"] for o in outs]
        errors += [e for o in outs for e in o["errors"]]
        size_kib = max(o["bytes"] for o in outs) / 1024
        p95 = pct(lat, 95)
        bound = cores / eng_med
        what = "calculate?rows=true" if kind == "rows" else "calculate"
        line = (f"  save a revision + {what}, {n:2d} clients: {rate_text(pairs)} pairs "
                f"({rate_text(reqs)} HTTP requests); p50 {ms(pct(lat, 50))} p95 {ms(p95)} "
                f"(n={len(lat)}); answer {size_kib:.0f} KiB; {statistics.median(pairs) / bound:.0%}"
                f" of the in-process bound of {bound:.0f}/s; the load generator's CPU "
                f"{sum(o['cpu'] for o in outs) / len(lat) * 1e3:.2f} ms per pair")
        if n == 32:
            line += (f"; goal p95 < 300 ms: {verdict(p95 < 0.3)}, >= 100 pairs/s: "
                     f"{verdict(statistics.median(pairs) >= 100)}")
        print(line)
    print('    (every calculation checked "cached": false: a new revision each time)')
    for n in (8, 32):
        a, b = res[("get", n)], res[("bare", n)]
        ar = [o["requests"] / o["wall"] for o in a]
        br = [o["requests"] / o["wall"] for o in b]
        errors += [e for o in a + b for e in o["errors"]]
        ratios = [x / y for x, y in zip(ar, br, strict=True)]
        r1, rmed, r3 = quartiles(ratios)
        alat = [x for o in a for x in o["lat"]]
        blat = [x for o in b for x in o["lat"]]
        print(f"  GET a study ({size} B), {n:2d} clients: alcarbon {rate_text(ar)} p50 "
              f"{ms(pct(alat, 50))} p95 {ms(pct(alat, 95))}; bare FastAPI ({bsize} B) "
              f"{rate_text(br)} p50 {ms(pct(blat, 50))} p95 {ms(pct(blat, 95))}; ratio "
              f"{rmed:.0%} (IQR {r1:.0%}-{r3:.0%}); goal >= 50 %: {verdict(rmed >= 0.5)}")
    print(f"  lost revisions: {lost}; errors: {len(errors)}"
          + (f", e.g. {errors[:3]}" if errors else ""))
    print(f"  load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if errors or lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
