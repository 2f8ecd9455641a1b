"""Keep-alive connections are evened out over the server processes (service/turnover.py): a
process holding at least two connections more than another closes the connection of the request
in hand after answering it, and only then."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections import Counter

import pytest

from alcarbon.service import turnover
from alcarbon.service.turnover import Board, ConnectionTurnover


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_each_process_takes_its_own_slot_and_a_dead_ones_slot_is_reused(tmp_path):
    path = Board.create(tmp_path / "b", 2)  # room for 4
    a, b, c = Board(path), Board(path), Board(path)
    assert (a.claim(pid=os.getpid()), b.claim(pid=_dead_pid())) == (0, 1)
    # b's process is gone: a new worker (c) takes its slot instead of a fresh one
    assert c.claim(pid=os.getppid()) == 1


def _two_boards(tmp_path) -> tuple[Board, Board]:
    """The boards of two server processes (this one and its parent) on one board file."""
    path = Board.create(tmp_path / "b", 2)
    a, b = Board(path), Board(path)
    a.claim(pid=os.getpid())
    b.claim(pid=os.getppid())
    return a, b


def test_over_share_means_two_more_than_the_least_loaded_other(tmp_path):
    a, b = _two_boards(tmp_path)
    for _ in range(5):
        a.add(1)
    for _ in range(4):
        b.add(1)
    assert a.counts() == (5, [4]) and b.counts() == (4, [5])
    assert not a.over_share()  # 5 vs 4: one more is even enough
    a.add(1)
    assert a.over_share() and not b.over_share()  # 6 vs 4


def test_a_let_go_connection_is_counted_off_once(tmp_path):
    a, b = _two_boards(tmp_path)
    for _ in range(4):
        a.add(1)
    b.add(1)
    # 4 vs 1: a lets go of two connections (4 -> 3 -> 2), not of every one in hand
    assert a.let_go(("127.0.0.1", 5001)) and a.let_go(("127.0.0.1", 5002))
    assert not a.let_go(("127.0.0.1", 5003))
    assert a.counts() == (2, [1])
    a.lost(("127.0.0.1", 5001))  # the let-go connection closes: already off the count
    a.lost(("127.0.0.1", 5004))  # another one closes by its client: off now
    assert a.counts() == (1, [1])


def _run(app, board):
    sent = []

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"), (b"connection", b"keep-alive")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(msg):
        sent.append(msg)

    scope = {"type": "http", "http_version": "1.1", "client": ("127.0.0.1", 6000),
             "path": "/", "headers": []}
    asyncio.run(ConnectionTurnover(inner)(scope, receive, send))
    return dict(sent[0]["headers"])


def test_the_middleware_closes_only_when_over_share(tmp_path, monkeypatch):
    a, b = _two_boards(tmp_path)
    monkeypatch.setattr(turnover, "_board", a)
    a.add(1)
    assert _run(ConnectionTurnover, a)[b"connection"] == b"keep-alive"  # 1 vs 0: kept
    a.add(2)  # 3 vs 0
    headers = _run(ConnectionTurnover, a)
    assert headers[b"connection"] == b"close" and headers[b"content-type"] == b"text/plain"
    assert a.counts() == (2, [0])


def test_without_a_board_nothing_changes(monkeypatch):
    monkeypatch.setattr(turnover, "_board", None)
    monkeypatch.delenv(turnover.ENV_BOARD, raising=False)
    assert _run(ConnectionTurnover, None)[b"connection"] == b"keep-alive"


APP = """
import os
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from alcarbon.service.turnover import ConnectionTurnover

def create():
    app = FastAPI()

    @app.get("/pid")
    def pid():
        import time
        time.sleep(0.002)  # some work, so that a busy process is seen busy
        return PlainTextResponse(str(os.getpid()))

    app.add_middleware(ConnectionTurnover)
    return app
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Client:
    """One keep-alive client: GETs /pid one after the other, opening a new connection when an
    answer says ``Connection: close``; counts the answers per server process and the reconnects."""

    def __init__(self, port: int):
        self.port, self.reconnects, self.served = port, 0, Counter()

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def get(self) -> None:
        self.writer.write(b"GET /pid HTTP/1.1\r\nHost: x\r\n\r\n")
        head = (await self.reader.readuntil(b"\r\n\r\n")).lower()
        length = int(head.split(b"content-length:")[1].split(b"\r\n")[0])
        self.served[await self.reader.readexactly(length)] += 1
        if b"connection: close" in head:
            self.writer.close()
            self.reconnects += 1
            await self.open()

    async def rounds(self, n: int) -> None:
        for _ in range(n):
            await self.get()


async def _board_counts(board_dir, n: int) -> list[int]:
    """Open connections per server process on the server's board, once all ``n`` are counted
    (a reconnection may still wait in the accept queue)."""
    (path,) = board_dir.glob("alcarbon-serve-*/connections")
    deadline = time.monotonic() + 10
    while True:
        counts = sorted(Board(path).counts()[1])
        if sum(counts) == n or time.monotonic() > deadline:
            return counts
        await asyncio.sleep(0.05)


async def _burst(port: int, n: int, rounds: int, board_dir) -> dict:
    """``n`` keep-alive clients opened at once, each sending ``rounds`` GETs one after the other;
    then settling rounds, every client one GET, until the board shows the connections even (one
    apart at most), 20 rounds at most."""
    clients = [_Client(port) for _ in range(n)]
    await asyncio.gather(*(c.open() for c in clients))
    await asyncio.gather(*(c.rounds(rounds) for c in clients))
    counts = await _board_counts(board_dir, n)
    settling = 0
    while len(counts) == 2 and counts[1] - counts[0] > 1 and settling < 20:
        settling += 1
        await asyncio.gather(*(c.get() for c in clients))
        counts = await _board_counts(board_dir, n)
    for c in clients:
        c.writer.close()
    served = sum((c.served for c in clients), Counter())
    return {"counts": counts, "settling": settling, "served": sorted(served.values()),
            "reconnects": sum(c.reconnects for c in clients)}


@pytest.mark.skipif(sys.platform != "linux", reason="process supervisor test on Linux")
def test_two_server_processes_end_with_even_connections(tmp_path):
    """A burst of 12 keep-alive clients on a 2-process server (the launcher of `alcarbon serve`),
    40 requests each, no request failing. However the kernel first split them, each process
    answered at least 30 % of the 480 requests (12 keep-alive clients split 11/1 would give the
    one-client process 1/12 = 8 %); and the board shows the connections even, 6 and 6 (one apart
    at most), when the burst ends or within a few more requests per client. Not at the burst's
    very end always: a client told to close by its last answer opens its next connection on
    whichever process accepts first, and no later request moves it (CI, 2 busy cores: 5/7)."""
    (tmp_path / "tiny_app.py").write_text(textwrap.dedent(APP))
    port = _free_port()
    code = ("from alcarbon.service.procs import run_workers\n"
            f"run_workers('tiny_app:create', 2, host='127.0.0.1', port={port}, factory=True,"
            " log_level='warning')\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]),
               TMPDIR=str(tmp_path))
    server = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("the 2-process server did not start") from None
                time.sleep(0.2)
        time.sleep(1.0)  # both workers listening
        seen = asyncio.run(_burst(port, 12, 40, tmp_path))
        counts, served = seen["counts"], seen["served"]
        assert sum(counts) == 12 and len(counts) == 2, seen
        assert counts[1] - counts[0] <= 1, seen
        assert len(served) == 2 and sum(served) == 12 * (40 + seen["settling"]), seen
        assert served[0] >= 0.3 * 12 * 40, seen
    finally:
        server.terminate()
        server.wait(20)
