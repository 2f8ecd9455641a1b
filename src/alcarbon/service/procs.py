"""Server worker processes: a worker stops when its supervisor is gone."""

from __future__ import annotations

import os
import signal
import threading

#: seconds between looks at the parent process
WATCH_S = 1.0


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
