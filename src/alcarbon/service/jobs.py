"""Jobs: heavy work (report, Monte Carlo, Sobol') off the request path, on Dask distributed.

A POST creates a row in the ``jobs`` table and hands the job to a background thread of this web
process; the thread splits the work into Dask tasks, follows them with ``as_completed`` and
writes state and progress to the row, which any web process serving the same database reads.

The Dask client is created lazily, once per server process: on a LocalCluster of a few worker
processes (the same helper as ``alcarbon batch``, no extra server), or on the scheduler named by
``ALCARBON_SCHEDULER`` / ``alcarbon serve --scheduler ADDRESS`` (then the cluster's workers need
alcarbon installed). Every failure ends the job as ``failed`` with its message.
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np

from alcarbon import __version__
from alcarbon.errors import AlcarbonError, InputError
from alcarbon.service import compute, job_tasks
from alcarbon.service.access import revision_of, study_for_read
from alcarbon.service.settings import Settings
from alcarbon.store import jobs as store_jobs
from alcarbon.store import results, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.models import utcnow

log = logging.getLogger("alcarbon.service.jobs")

#: Tasks a Monte Carlo / Sobol' job is split into: enough for the progress bar to move in steps
#: of about 1/8 and for 2-8 workers to share the work; few enough that per-task overhead
#: (a few ms each on a LocalCluster) stays small beside the chunk's work.
CHUNKS = 8
MIN_CHUNK_ROWS = 256  # smaller chunks cost more in overhead than they save
#: Progress fractions of the stages around the parallel part (0.05: model built, 0.95: stored).
P_READY, P_STORE = 0.05, 0.95


class _Engine:
    """This process's Dask client (created on first use) and the threads that follow jobs."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.client: Any = None
        self.cluster: Any = None
        self.threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="alcarbon-job")

    def get_client(self, settings: Settings) -> Any:
        with self.lock:
            if self.client is None:
                from alcarbon.batch.core import collected, connect, local_cluster, require_dask

                dist = require_dask()
                if settings.scheduler:
                    self.client = connect(dist, settings.scheduler)
                else:
                    self.cluster = local_cluster(settings.job_workers)
                    self.client = collected(dist.Client, self.cluster)
            return self.client

    def shutdown(self) -> None:
        """Close the client and a local cluster (tests; server exit)."""
        with self.lock:
            if self.client is not None:
                self.client.close()
            if self.cluster is not None:
                self.cluster.close()
            self.client = self.cluster = None


ENGINE = _Engine()


@dataclass
class JobSpec:
    """What to run: kind and its parameters, validated before the job row is written."""

    kind: str
    params: dict[str, Any]


def start(db: Database, settings: Settings, p: Principal, study_id: int, revision: int | None,
          spec: JobSpec) -> int:
    """Create the job (queued) and start following it in the background; returns its id.

    Jobs older than the settings' retention go first, in the same transaction (no sweeper
    process to run: each start tidies the table)."""
    with db.write() as s:
        if settings.job_retention_days > 0:
            store_jobs.prune(s, utcnow() - timedelta(days=settings.job_retention_days))
        st = study_for_read(s, p, study_id)
        rev = revision_of(s, st, revision)
        job = store_jobs.create_job(s, st, rev.number, p.user_id, spec.kind, spec.params)
        job_id = job.id
    ENGINE.threads.submit(_follow, db, settings, p, job_id, study_id, rev.number, spec)
    return job_id


def _chunks(rows: int) -> list[tuple[int, int]]:
    """[start, stop) row ranges of about rows / CHUNKS rows each, in order."""
    size = max(MIN_CHUNK_ROWS, math.ceil(rows / CHUNKS))
    return [(a, min(a + size, rows)) for a in range(0, rows, size)]


def _follow(db: Database, settings: Settings, p: Principal, job_id: int, study_id: int,
            rev_no: int, spec: JobSpec) -> None:
    try:
        store_jobs.mark_running(db, job_id, "starting")
        with db.read() as s:
            st = study_for_read(s, p, study_id)
            rev = revision_of(s, st, rev_no)
            data, sha = studies.revision_data(rev), rev.sha256
        run = {"montecarlo": _montecarlo, "sobol": _sobol, "report": _report}[spec.kind]
        run(db, settings, p, job_id, study_id, rev_no, sha, data, spec.params)
    except job_tasks.TaskFailed as exc:
        store_jobs.mark_failed(db, job_id, str(exc))
    except AlcarbonError as exc:
        store_jobs.mark_failed(db, job_id, exc.render())
    except compute.NotAvailable as exc:
        store_jobs.mark_failed(db, job_id, str(exc))
    except BaseException as exc:  # a worker lost, the scheduler gone, a bug: say so
        log.exception("job %s failed", job_id)
        try:
            store_jobs.mark_failed(db, job_id, f"{type(exc).__name__}: {exc}")
        except Exception:
            log.exception("job %s: could not record the failure", job_id)


def _key(kind: str, sha: str, params: dict[str, Any]) -> str:
    return results.result_key(kind, sha, compute.library_version(), __version__, params)


def _cached(db: Database, p: Principal, job_id: int, key: str) -> bool:
    with db.read() as s:
        hit = results.get_result(s, p.org_id, key) is not None
    if hit:
        store_jobs.mark_done(db, job_id, result_key=key, message="cached")
    return hit


def _store(db: Database, p: Principal, job_id: int, study_id: int, rev_no: int, key: str,
           kind: str, params: dict[str, Any], out: Any) -> None:
    store_jobs.set_progress(db, job_id, P_STORE, "storing")
    with db.write() as s:
        st = study_for_read(s, p, study_id)
        rev = revision_of(s, st, rev_no)
        results.put_result(s, st, rev, key, kind, compute.library_version(), __version__,
                           params, out)
    store_jobs.mark_done(db, job_id, result_key=key)


def _gather(db: Database, job_id: int, client: Any, futures: list[Any], what: str) -> list[Any]:
    """Results of ``futures`` in submission order, progress moved as each one finishes."""
    from distributed import as_completed

    index = {f.key: i for i, f in enumerate(futures)}
    out: list[Any] = [None] * len(futures)
    done = 0
    try:
        for fut in as_completed(futures):
            out[index[fut.key]] = fut.result()  # re-raises the task's TaskFailed
            fut.release()
            done += 1
            store_jobs.set_progress(db, job_id,
                                    P_READY + (P_STORE - P_READY) * done / len(futures),
                                    f"{what}: {done}/{len(futures)} chunks")
    except BaseException:
        client.cancel(futures)  # one chunk failed: the others' work is wasted, stop it
        raise
    return out


def _montecarlo(db, settings, p, job_id, study_id, rev_no, sha, data, params) -> None:
    """Monte Carlo in chunks: the draws are made here from one seeded stream in row order (as
    :func:`alcarbon.uncertainty.montecarlo.run` does), the workers evaluate the chunks, and
    the partial sums are added back in row order, so a seed gives the synchronous result."""
    from alcarbon.uncertainty import montecarlo as mc

    key = _key("uncertainty", sha, params)
    if _cached(db, p, job_id, key):
        return
    iterations, seed = params["iterations"], params["seed"]
    mc.check_iterations(iterations)
    mc.check_seed(seed)
    study = compute.study_from_data(data, "stored revision")
    model, products = compute._guard("the uncertainty analysis", mc.prepare, study)
    store_jobs.set_progress(db, job_id, P_READY, "model built")
    client = get_client(settings)
    rng = np.random.default_rng(seed)
    model_f = client.scatter(model, broadcast=False)
    tag = uuid.uuid4().hex[:12]
    futures = []
    for i, (a, b) in enumerate(_chunks(iterations)):
        Z, _ = mc.draw(model, rng, b - a)
        futures.append(client.submit(job_tasks.mc_chunk, model_f, Z, pure=False,
                                     key=f"alcarbon-job{job_id}-{tag}-mc{i}"))
    parts = _gather(db, job_id, client, futures, "Monte Carlo")
    sums = mc.Sums(len(model.params), model.F.shape[1])
    for _y, part in parts:
        sums.add_partial(part)
    samples = np.concatenate([y for y, _part in parts])
    res = mc.finish(model, products, samples, sums.r2(model.sigmas), iterations, seed)
    _store(db, p, job_id, study_id, rev_no, key, "uncertainty", params,
           {k: v.to_json_dict() for k, v in res.items()})


def _sobol(db, settings, p, job_id, study_id, rev_no, sha, data, params) -> None:
    """Sobol' indices: Saltelli's sample drawn here, its rows evaluated in chunks on the
    workers, the estimator run here on the outputs in sample order."""
    from alcarbon.uncertainty.sobol import analyse, saltelli, setup

    key = _key("sobol", sha, params)
    if _cached(db, p, job_id, key):
        return
    n, seed, top_n = params["n"], params["seed"], params["top_n"]
    study = compute.study_from_data(data, "stored revision")
    su = compute._guard("the Sobol' analysis", setup, study, top_n=top_n, n=n, seed=seed)
    problem, Z = saltelli(su.chosen, n=n, seed=seed)
    store_jobs.set_progress(db, job_id, P_READY, "sample drawn")
    client = get_client(settings)
    su_f = client.scatter(su, broadcast=False)
    tag = uuid.uuid4().hex[:12]
    futures = [client.submit(job_tasks.sobol_chunk, su_f, Z[a:b], pure=False,
                             key=f"alcarbon-job{job_id}-{tag}-sobol{i}")
               for i, (a, b) in enumerate(_chunks(Z.shape[0]))]
    Y = np.concatenate(_gather(db, job_id, client, futures, "Sobol'"))
    out = compute._guard("the Sobol' analysis", analyse, problem, Y, n=n, seed=seed)
    out.labels = su.labels()
    _store(db, p, job_id, study_id, rev_no, key, "sobol", params, out.to_json_dict())


def _report(db, settings, p, job_id, study_id, rev_no, sha, data, params) -> None:
    """A report in two tasks, each a stage of the progress: the numbers, then the document."""
    from distributed import wait

    fmt, lang = params["fmt"], params["lang"]
    client = get_client(settings)
    tag = uuid.uuid4().hex[:12]
    store_jobs.set_progress(db, job_id, 0.1, "calculating")
    numbers = client.submit(job_tasks.report_compute, data, pure=False,
                            key=f"alcarbon-job{job_id}-{tag}-numbers")
    doc = client.submit(job_tasks.report_render, numbers, fmt, lang, pure=False,
                        key=f"alcarbon-job{job_id}-{tag}-render")
    wait([numbers])
    if numbers.status != "finished":
        numbers.result()  # raises the task's error
    store_jobs.set_progress(db, job_id, 0.6, "rendering")
    body = doc.result()
    numbers.release()
    doc.release()
    store_jobs.mark_done(db, job_id, output=body, media_type=compute.REPORT_FORMATS[fmt],
                         filename=f"cfp-report-study{study_id}-r{rev_no}-{lang}.{fmt}")


def get_client(settings: Settings) -> Any:
    """The Dask client of this process (see the module docstring)."""
    try:
        return ENGINE.get_client(settings)
    except (OSError, TimeoutError, ValueError, InputError) as exc:  # refused, timed out, malformed
        where = (f"ALCARBON_SCHEDULER={settings.scheduler}" if settings.scheduler
                 else "local Dask workers")
        why = exc.message if isinstance(exc, InputError) else exc
        raise AlcarbonError(f"cannot start or reach the Dask workers ({why})", where=where,
                            expected="the address of a running `dask scheduler` with workers, "
                            "or none for local workers") from None


#: The start of the message of a job reported lost (:func:`lost_after`).
LOST = "lost:"


def lost_after(job: Any, settings: Settings) -> bool:
    """A queued/running job older than the settings' job timeout: its process is gone."""
    if job.state in ("done", "failed"):
        return False
    since = job.started_at or job.created_at
    if since.tzinfo is None:  # SQLite gives naive UTC back
        from datetime import UTC

        since = since.replace(tzinfo=UTC)
    return (utcnow() - since).total_seconds() > settings.job_timeout_s
