"""Service settings (environment variables ``ALCARBON_*`` or arguments of create_app)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    #: largest accepted upload (workbook, YAML, evidence file), bytes
    max_upload_bytes: int = 20 * 1024 * 1024
    #: mark cookies Secure (set when served behind HTTPS)
    secure_cookies: bool = False
    #: Monte Carlo iterations allowed per request
    max_iterations: int = 20_000
    #: failed log-ins allowed per account (``limits`` notation; "" = no limit). 100 a day after
    #: NIST SP 800-63B (2017) 5.2.2 (at most 100 consecutive failures per account); 10 a minute
    #: so a script hammering one account is stopped within seconds.
    login_limit_account: str = "10/minute;100/day"
    #: log-in attempts allowed per client address ("" = no limit). Project choice: a burst of 20
    #: (an office behind one NAT address arriving at 9:00), then on average one Argon2
    #: verification (argon2-cffi defaults: 64 MiB, 3 passes) per second per address.
    login_limit_address: str = "20/10second;60/minute"
    #: where the counters live: memory:// (one process) or a ``limits`` storage URL
    rate_limit_storage: str = "memory://"
    #: server processes of this instance (set by ``alcarbon serve --workers``): with in-memory
    #: counters each process allows 1/N of each log-in limit (alcarbon.service.ratelimit)
    server_processes: int = 1
    #: Dask scheduler of the jobs ("" = a LocalCluster started by each server process)
    scheduler: str = ""
    #: local Dask worker processes per server process (as ``alcarbon batch``: min(2, CPUs))
    job_workers: int = 2
    #: a job still queued or running this long after its start is reported as failed (its
    #: server process was stopped). Project choice: 1 h, 10x the largest Monte Carlo's run
    #: time at load 10 (docs/limits.md: 1,000,000 iterations in about 40 s).
    job_timeout_s: int = 3600
    #: days a finished (or lost) job's row, with a report's bytes, is kept before the next job
    #: started on this database deletes it; 0 keeps every row. Project choice: 30 days, time to
    #: download a report or read a result; a Monte Carlo / Sobol' result itself stays in the
    #: results cache (docs/service.md, "Jobs").
    job_retention_days: int = 30
    #: threads per server process running the synchronous request handlers (calculations,
    #: saves, pages). Project choice: 2, measured (docs/performance.md, "Service"): with
    #: anyio's default of 40, 8 clients saving and calculating at once in one process fought
    #: over the GIL and cost ~30 ms of CPU per pair against ~23-26 ms with 1-2 threads; 2
    #: rather than 1 so that one slow request (an upload, a big study) does not stall every
    #: other page of its process. More processes (``--workers``), not threads, use more cores.
    request_threads: int = 2

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_upload_bytes=_int_env("ALCARBON_MAX_UPLOAD_MB", 20) * 1024 * 1024,
            secure_cookies=os.environ.get("ALCARBON_SECURE_COOKIES", "") in ("1", "true", "yes"),
            max_iterations=_int_env("ALCARBON_MAX_ITERATIONS", 20_000),
            login_limit_account=os.environ.get("ALCARBON_LOGIN_LIMIT_ACCOUNT",
                                               cls.login_limit_account),
            login_limit_address=os.environ.get("ALCARBON_LOGIN_LIMIT_ADDRESS",
                                               cls.login_limit_address),
            rate_limit_storage=os.environ.get("ALCARBON_RATE_LIMIT_STORAGE",
                                              cls.rate_limit_storage),
            server_processes=max(1, _int_env("ALCARBON_SERVER_PROCESSES", 1)),
            scheduler=os.environ.get("ALCARBON_SCHEDULER", "").strip(),
            job_workers=max(1, _int_env("ALCARBON_JOB_WORKERS", 2)),
            job_timeout_s=_int_env("ALCARBON_JOB_TIMEOUT_S", 3600),
            job_retention_days=max(0, _int_env("ALCARBON_JOB_RETENTION_DAYS", 30)),
            request_threads=max(1, _int_env("ALCARBON_REQUEST_THREADS", 2)),
        )
