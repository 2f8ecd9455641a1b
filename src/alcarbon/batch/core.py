"""Run batch tasks on Dask distributed: a LocalCluster of worker processes, or a running scheduler.

The same code serves one machine and a cluster: without ``scheduler`` a ``LocalCluster`` of
``workers`` processes (one thread each: the engine is CPU-bound Python) is started and stopped
here; with ``scheduler="tcp://host:8786"`` the tasks go to that scheduler's workers.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

from alcarbon.batch.run import StudyTask, error_row, run_task
from alcarbon.errors import InputError

INSTALL_HINT = ("Dask distributed is not installed: pip install 'alcarbon[batch]' "
                "(or pip install 'dask[distributed]')")
CONNECT_TIMEOUT = "20s"  # how long to wait for a --scheduler address to answer


def default_workers() -> int:
    """min(2, CPU count): the default number of local worker processes."""
    return max(1, min(2, os.cpu_count() or 1))


def require_dask() -> Any:
    """The ``distributed`` module, or an InputError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise InputError(INSTALL_HINT, where="alcarbon batch") from None
    return distributed


def collected(make: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``make(*args, **kwargs)`` (a Dask ``Client`` or ``LocalCluster``) after a garbage
    collection. A client whose start failed (a scheduler that does not answer) is left half made;
    if the collector finalises it while another client or cluster starts its event loop, its
    ``__del__`` waits for the lock that start holds (distributed's ``LoopRunner``), and the
    process hangs. Collected here, such leftovers are finalised before any start."""
    gc.collect()
    return make(*args, **kwargs)


def connect(dist: Any, scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``; InputError when it does not answer in
    ``CONNECT_TIMEOUT`` or the address is malformed."""
    failure = None
    try:
        return collected(dist.Client, scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:  # refused, timed out, malformed
        failure = str(exc)
    # outside the handler, so nothing keeps the half-made client alive: finalised now
    gc.collect()
    raise InputError(f"cannot reach the Dask scheduler ({failure})",
                     where=f"--scheduler {scheduler}",
                     expected="the address of a running `dask scheduler`, e.g. "
                     "tcp://10.0.0.5:8786")


def _client(stack: ExitStack, scheduler: str | None, workers: int) -> Any:
    dist = require_dask()
    if scheduler:
        client = stack.enter_context(connect(dist, scheduler))
        try:  # without a worker the tasks would wait forever
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError):
            raise InputError(f"the scheduler has no worker after {CONNECT_TIMEOUT}",
                             where=f"--scheduler {scheduler}",
                             expected="`dask worker ADDRESS` processes connected to it") from None
        return client
    if workers < 1:
        raise InputError(f"{workers} workers", where="--workers", expected="1 or more")
    cluster = stack.enter_context(local_cluster(workers))
    return stack.enter_context(collected(dist.Client, cluster))


def local_cluster(workers: int) -> Any:
    """A LocalCluster of ``workers`` processes x 1 thread on 127.0.0.1, without dashboard.

    Its small HTTP server (health routes) takes a free port, not 8787, so several batches (or
    other Dask users) on one machine do not collide.
    """
    dist = require_dask()
    return collected(dist.LocalCluster, n_workers=workers, threads_per_worker=1, processes=True,
                             host="127.0.0.1", dashboard_address=":0",
                             scheduler_kwargs={"dashboard": False})


def run_tasks(tasks: Sequence[StudyTask], *, scheduler: str | None = None,
              workers: int | None = None,
              on_done: Callable[[int, int], None] | None = None,
              fn: Callable[[StudyTask], list[dict[str, Any]]] = run_task,
              ) -> list[dict[str, Any]]:
    """Every task's rows (``fn(task)``, default :func:`run_task`), in task order.

    ``on_done(done, total)`` is called after each finished study. A task whose worker died
    (Dask's KilledWorker) or that was cancelled becomes an error row; other exceptions of the
    client (scheduler lost) propagate.
    """
    if not tasks:
        return []
    n = workers if workers is not None else default_workers()
    results: dict[int, list[dict[str, Any]]] = {}
    with ExitStack() as stack:
        client = _client(stack, scheduler, n)
        dist = require_dask()
        run_id = uuid.uuid4().hex[:12]  # keys unique among all clients of a shared scheduler
        futures = {client.submit(fn, t, pure=False,
                                 key=f"alcarbon-study-{run_id}-{t.index}"): t for t in tasks}
        done = 0
        for fut in dist.as_completed(futures):
            task = futures[fut]
            results[task.index] = _rows_of(fut, task)
            fut.release()
            done += 1
            if on_done is not None:
                on_done(done, len(tasks))
    return [row for t in tasks for row in results[t.index]]


def _rows_of(fut: Any, task: StudyTask) -> list[dict[str, Any]]:
    if fut.status == "finished":
        return fut.result()
    try:
        exc: BaseException = fut.exception()
    except KeyboardInterrupt:
        raise
    except BaseException as cancelled:  # a cancelled future raises instead of returning
        exc = cancelled
    row = error_row(task, exc)
    row["worker"] = None  # computed nowhere (or on a worker that is gone)
    return [row]


def failures(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The error messages of the rows that failed: one per failed study, or per failed
    allocation scenario of a study whose other scenarios were computed."""
    return [r["error"] for r in rows if r.get("status") != "ok"]
