"""Load generator of the service bench, run as its own process: N concurrent HTTP/1.1
keep-alive clients for a fixed time; prints one JSON object (latencies in seconds, errors,
counts) on stdout.

The clients speak HTTP/1.1 over asyncio streams directly (a request line, headers, a body of
Content-Length bytes): a general client library (httpx) cost more CPU per request than the
bare FastAPI peer and so became the bottleneck, which flattered the ratio.

Input: one JSON object on stdin with ``base`` (http://host:port), ``token``, ``mode`` ("get" or
"save_calc"), ``clients``, ``seconds``, ``ids`` (study ids), ``heads`` (their head revisions,
save_calc), ``study`` (the inventory saved with a changed amount each time, save_calc) and
optionally ``calc_query`` (e.g. "?rows=true").
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import sys
import time
from urllib.parse import urlsplit

FRESH = re.compile(rb'"cached"\s*:\s*false')


class Conn:
    """One keep-alive connection; ``request`` returns (status, body)."""

    def __init__(self, host: str, port: int, token: str):
        self.host, self.port = host, port
        self.auth = f"Authorization: Bearer {token}\r\n".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.reconnects = 0

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Content-Length: {len(body)}\r\n").encode() + self.auth
        if body:
            head += b"Content-Type: application/json\r\n"
        self.writer.write(head + b"\r\n" + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.split(b"\r\n")
        status = int(lines[0].split()[1])
        length, close = None, False
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            k = k.strip().lower()
            if k == b"content-length":
                length = int(v)
            elif k == b"transfer-encoding":
                raise RuntimeError("chunked answers are not supported by this load generator")
            elif k == b"connection" and b"close" in v.lower():
                close = True
        data = await self.reader.readexactly(length or 0)
        if close:  # the server ends this connection: the next request opens a new one
            self.close()
            self.writer = self.reader = None
            self.reconnects += 1
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _get(c: Conn, k: int, cfg: dict, until: float, out: dict) -> None:
    ids = cfg["ids"]
    n = k
    while time.perf_counter() < until:
        sid = ids[n % len(ids)]
        n += 1
        t0 = time.perf_counter()
        try:
            status, body = await c.request("GET", f"/api/studies/{sid}")
            ok, why = status == 200, status
            out["bytes"] = len(body)
        except (OSError, asyncio.IncompleteReadError, RuntimeError) as exc:
            ok, why = False, repr(exc)
        out["lat"].append(time.perf_counter() - t0)
        out["requests"] += 1
        if not ok:
            out["errors"].append(f"get: {why}")


def _body_tail(study: dict) -> tuple[bytes, bytes]:
    """The JSON of ``study`` split where its first input's amount goes (before, after)."""
    mark = 8.125e-321  # a float no study holds (denormal), written once in the text
    data = json.loads(json.dumps(study))
    data["units"][0]["inputs"][0]["amount"] = mark
    before, found, after = json.dumps(data).encode().partition(repr(mark).encode())
    if not found or repr(mark).encode() in after:
        raise RuntimeError("cannot place the amount in the study's JSON")
    return before, after + b"}"


async def _save_calc(c: Conn, k: int, cfg: dict, until: float, out: dict) -> None:
    """One client owns one study: save a revision with a changed amount, then calculate it."""
    sid = cfg["ids"][k]
    head = cfg["heads"][k]
    rng = random.Random(os.urandom(16))  # amounts never repeat across phases: no cache hits
    amount = cfg["study"]["units"][0]["inputs"][0]["amount"]
    tail = _body_tail(cfg["study"])
    while time.perf_counter() < until:
        # the JSON of the request, the first input's amount changed, without dumping the
        # 24 KB study again per pair (this process shares the cores with the servers)
        body = (b'{"base_revision": %d, "reason": "bench", "study": ' % head
                + tail[0] + repr(amount * rng.uniform(0.9, 1.1)).encode() + tail[1])
        t0 = time.perf_counter()
        try:
            status, data = await c.request("POST", f"/api/studies/{sid}/revisions", body)
            ok, why = status == 201, (status, data[:200])
            if ok:
                head += 1
                out["saved"][str(sid)] = out["saved"].get(str(sid), 0) + 1
                status, data = await c.request("POST", f"/api/studies/{sid}/calculate"
                                               + cfg.get("calc_query", ""))
                ok = status == 200 and FRESH.search(data[:400]) is not None
                why = (status, data[:200])
                out["bytes"] = len(data)
            out["requests"] += 2
        except (OSError, asyncio.IncompleteReadError, RuntimeError) as exc:
            ok, why = False, repr(exc)
        out["lat"].append(time.perf_counter() - t0)
        if not ok:
            out["errors"].append(f"save+calculate: {why}")


async def run(cfg: dict) -> dict:
    out = {"lat": [], "errors": [], "requests": 0, "saved": {}, "bytes": 0}
    url = urlsplit(cfg["base"])
    conns = [Conn(url.hostname, url.port, cfg["token"]) for _ in range(cfg["clients"])]
    job = _get if cfg["mode"] == "get" else _save_calc
    t0 = time.perf_counter()
    until = t0 + cfg["seconds"]
    await asyncio.gather(*(job(c, k, cfg, until, out) for k, c in enumerate(conns)))
    out["wall"] = time.perf_counter() - t0
    out["cpu"] = time.process_time()
    out["reconnects"] = sum(c.reconnects for c in conns)
    for c in conns:
        c.close()
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.load(sys.stdin)))))
