"""Even out keep-alive connections over the server processes of `alcarbon serve --workers N`.

The processes share one listening socket and the kernel gives each new connection to whichever
process accepts first, so a burst of connections mostly lands on one of them: 29 of 32
keep-alive clients on one of two processes (bench/bench_service.py, session 20). They stay
there as long as they live; that process runs at its limit while the other idles, and its
clients wait in a queue of 29.

Each process counts its open connections in a shared board (a small file mapped by every process
of the server, made by the supervisor). A process holding more than one connection above the
least loaded other process answers the request in hand with ``Connection: close`` (HTTP/1.1,
RFC 9112 9.6); the client opens a new connection, which the less busy process, waiting to
accept, takes. When the counts are even nothing is closed. Like a proxy's per-connection request
limit (nginx ``keepalive_requests``), but only where the load is uneven.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
from pathlib import Path
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: environment variable naming the board file (set by the supervisor, service/procs.py)
ENV_BOARD = "ALCARBON_CONNECTION_BOARD"
#: one slot per process: its pid and its open connections (signed 64-bit, little-endian)
_SLOT = struct.Struct("<qq")
_CLOSE = (b"connection", b"close")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Board:
    """Open connections per server process, in a file every process maps."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with open(self.path, "r+b") as fh:
            self.map = mmap.mmap(fh.fileno(), 0)
        self.slots = len(self.map) // _SLOT.size
        self.mine = -1
        #: (host, port) of connections this process has told to close, already taken off its
        #: count: the decision is made per request, several at once, and must not overshoot
        self.leaving: set[tuple[Any, ...]] = set()

    @staticmethod
    def create(path: Path, processes: int) -> Path:
        """A zeroed board with room for ``processes`` (twice over, for restarted workers)."""
        Path(path).write_bytes(bytes(_SLOT.size * max(2, 2 * processes)))
        return Path(path)

    def claim(self, pid: int | None = None) -> int:
        """This process's slot (``pid``: this process by default): a free one, or one whose
        process is gone (a restarted worker)."""
        if self.mine >= 0:
            return self.mine
        pid = pid or os.getpid()
        with open(self.path, "r+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # two workers starting together take two slots
            for i in range(self.slots):
                owner, _ = _SLOT.unpack_from(self.map, i * _SLOT.size)
                if owner in (0, pid) or not _alive(owner):
                    _SLOT.pack_into(self.map, i * _SLOT.size, pid, 0)
                    self.mine = i
                    return i
        raise RuntimeError(f"connection board {self.path}: no free slot for process {pid}")

    def add(self, delta: int) -> None:
        """Count a connection opened (+1) or closed (-1) in this process (only it writes)."""
        at = self.claim() * _SLOT.size
        pid, n = _SLOT.unpack_from(self.map, at)
        _SLOT.pack_into(self.map, at, pid, n + delta)

    def counts(self) -> tuple[int, list[int]]:
        """(this process's open connections, those of every other process on the board)."""
        mine, others = 0, []
        for i in range(self.slots):
            pid, n = _SLOT.unpack_from(self.map, i * _SLOT.size)
            if i == self.mine:
                mine = n
            elif pid:
                others.append(n)
        return mine, others

    def over_share(self) -> bool:
        """True when this process holds at least two connections more than another process."""
        mine, others = self.counts()
        return bool(others) and mine > min(others) + 1

    def let_go(self, client: tuple[Any, ...]) -> bool:
        """Take the connection from ``client`` off this process's count now, if it is over its
        share (its close follows the answer); True when it was taken off."""
        if client in self.leaving or not self.over_share():
            return False
        self.leaving.add(client)
        self.add(-1)
        return True

    def lost(self, client: tuple[Any, ...] | None) -> None:
        """A connection of this process closed."""
        if client in self.leaving:
            self.leaving.discard(client)
        else:
            self.add(-1)


_board: Board | None = None


def board() -> Board | None:
    """This process's board when its supervisor made one (several processes), else None."""
    global _board
    if _board is None:
        path = os.environ.get(ENV_BOARD, "")
        if not path or not Path(path).is_file():
            return None
        _board = Board(Path(path))
        _board.claim()
    return _board


class CountedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, counting its connections on the board."""

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        b = board()
        if b is not None:
            b.add(1)

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        b = board()
        if b is not None:
            b.lost(tuple(self.client) if self.client else None)


class ConnectionTurnover:
    """Plain ASGI middleware: while this process holds more than its share of connections,
    its HTTP/1.1 answers close their connection."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        b = board()
        client = scope.get("client")
        if (scope["type"] != "http" or b is None or client is None
                or scope.get("http_version") != "1.1" or not b.let_go(tuple(client))):
            return await self.app(scope, receive, send)

        async def closing(msg: dict) -> None:
            if msg["type"] == "http.response.start":
                headers = [h for h in msg.get("headers") or () if h[0].lower() != b"connection"]
                msg = {**msg, "headers": [*headers, _CLOSE]}
            await send(msg)

        return await self.app(scope, receive, closing)
