"""Server worker processes: a worker stops when its supervisor is gone."""

from __future__ import annotations

import os
import signal
import socket
import threading
from typing import Any

import uvicorn

#: seconds between looks at the parent process
WATCH_S = 1.0

#: the event loops ``alcarbon serve --loop`` offers (uvicorn's names)
LOOPS = ("asyncio", "uvloop")
#: Project choice, measured (docs/performance.md, "Session 26"): the standard library's loop.
#: Under a saturating load of keep-alive clients, uvloop served a few connections of each process
#: only every other round (16 clients on one process: 14 at 172 ms a save + calculate pair, 2 at
#: 339 ms, the same two all along), and those few made the p95; asyncio served every client
#: alike (all 16 within 1 %) at the same throughput, since a request's ~5 ms of Python dwarfs
#: the loop's own cost.
DEFAULT_LOOP = "asyncio"


def watch_parent(parent: int, interval: float = WATCH_S) -> threading.Thread:
    """A daemon thread that sends this process SIGTERM (uvicorn's graceful stop) once its
    parent ``parent`` is gone (the process was re-parented), even when the parent was killed
    by SIGKILL and could not stop its workers itself."""
    def run() -> None:
        stop = threading.Event()
        while not stop.wait(interval):
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    t = threading.Thread(target=run, name="alcarbon-parent-watch", daemon=True)
    t.start()
    return t


#: the cyclic GC's first-generation threshold of a server process (Python's default: 700).
#: A save + calculate pair allocates and frees thousands of containers (a study's models, its
#: JSON), so at 700 the GC ran ~0.9 young and 0.08 middle collections per pair, 0.65-0.8 ms of
#: each ~14 ms pair; at 7,000, 3 young collections in 400 pairs (gc.callbacks around the pairs
#: in-process over the ASGI app, session 27, docs/performance.md). Cyclic garbage waits for at
#: most ~7,000 new containers before it is freed.
GC_YOUNG = 7000


def settle_heap() -> None:
    """Before serving: load what the requests use (the factor library, the engine's modules),
    then freeze the heap and raise the GC's first threshold (:data:`GC_YOUNG`). The ~160,000
    objects a server process holds after start-up are otherwise rescanned by every full
    collection of the cyclic GC: 110-140 ms each on this machine (measured, session 20), a stall
    of every request of that process, which showed as the tail of the service bench's
    latencies. Frozen objects are still freed when their reference count drops; only cycles
    among them are left to the operating system."""
    import gc
    import logging

    from alcarbon.service import compute

    try:
        compute.preload()
    except Exception as exc:  # the first request needing them reports it, as without this
        logging.getLogger("alcarbon.service").warning("not preloaded: %s", exc)
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def run_workers(app: str, workers: int, **options: Any) -> None:
    """``uvicorn.run(app, workers=workers, **options)``, with TCP_NODELAY set on the listening
    socket. uvicorn hands the socket to its worker processes as a file descriptor, and the
    socket rebuilt from it reports protocol 0, so asyncio does not turn Nagle's algorithm off
    on the connections it accepts: an answer's body then waited for the client's delayed ACK
    of its head, 40 ms on every request (bench/bench_service.py: one client, 44 ms a GET with 2
    workers, 1.4 ms with 1). Linux copies the option from the listening socket to each
    accepted connection."""
    import tempfile
    from pathlib import Path

    from uvicorn.supervisors import Multiprocess

    from alcarbon.service.turnover import ENV_BOARD, Board

    # the workers count their connections on a shared board and even them out (turnover.py)
    with tempfile.TemporaryDirectory(prefix="alcarbon-serve-") as tmp:
        os.environ[ENV_BOARD] = str(Board.create(Path(tmp) / "connections", workers))
        options.setdefault("http", "alcarbon.service.turnover:CountedHttpTools")
        config = NoDelayConfig(app, workers=workers, **options)
        try:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        finally:
            os.environ.pop(ENV_BOARD, None)


class NoDelayConfig(uvicorn.Config):
    """uvicorn's configuration, its listening socket with TCP_NODELAY (see run_workers)."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
