"""`alcarbon serve` runs one server process per CPU by default (at most 8), shares the CPUs out
to the jobs' local Dask workers, and keeps one process for an in-memory SQLite store."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from alcarbon.cli import serve_cmd
from alcarbon.cli.main import app
from alcarbon.errors import InputError


@pytest.fixture
def cpus(monkeypatch):
    def set_cpus(n: int) -> None:
        monkeypatch.setattr(serve_cmd, "cpu_count", lambda: n)
    monkeypatch.setenv("ALCARBON_WORKERS", "")
    return set_cpus


def test_default_is_one_process_per_cpu_capped_at_eight(cpus):
    cpus(2)
    assert serve_cmd.default_workers("sqlite:////tmp/x.sqlite3") == 2
    assert serve_cmd.default_workers("postgresql+psycopg://u:p@h/db") == 2
    cpus(32)
    assert serve_cmd.default_workers("postgresql+psycopg://u:p@h/db") == 8
    cpus(1)
    assert serve_cmd.default_workers("sqlite:////tmp/x.sqlite3") == 1


def test_in_memory_sqlite_gets_one_process(cpus):
    cpus(4)
    assert serve_cmd.default_workers("sqlite:///:memory:") == 1
    assert serve_cmd.default_workers("sqlite://") == 1


def test_environment_sets_the_count_and_bad_values_are_named(cpus, monkeypatch):
    cpus(2)
    monkeypatch.setenv("ALCARBON_WORKERS", "5")
    assert serve_cmd.default_workers("sqlite:////tmp/x.sqlite3") == 5
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("ALCARBON_WORKERS", bad)
        with pytest.raises(InputError, match="ALCARBON_WORKERS"):
            serve_cmd.default_workers("sqlite:////tmp/x.sqlite3")


def test_job_workers_share_the_cpus_out(cpus):
    cpus(2)
    assert serve_cmd.job_workers_per_process(2) == 1  # 2 processes x 1 Dask worker, not 2 x 2
    assert serve_cmd.job_workers_per_process(1) == 2
    cpus(8)
    assert serve_cmd.job_workers_per_process(3) == 2  # 8 // 3
    assert serve_cmd.job_workers_per_process(16) == 1


def _serve(monkeypatch, tmp_path, *extra: str) -> dict:
    """Run the serve command with uvicorn.run and procs.run_workers replaced; returns what the
    one called was called with."""
    import uvicorn

    from alcarbon.service import procs

    seen: dict = {}

    def fake_run(target, **kwargs):
        seen["target"], seen["kwargs"] = target, kwargs
        seen["job_workers"] = os.environ.get("ALCARBON_JOB_WORKERS")
        seen["processes"] = os.environ.get("ALCARBON_SERVER_PROCESSES")

    def fake_workers(target, workers, **kwargs):
        fake_run(target, workers=workers, **kwargs)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(procs, "run_workers", fake_workers)
    # one process: its heap is frozen before serving (not this test process's)
    monkeypatch.setattr(procs, "settle_heap", lambda: seen.setdefault("settled", True))
    for k, v in (("ALCARBON_ADMIN_USER", "boss"), ("ALCARBON_ADMIN_PASSWORD", "very-secret-1"),
                 ("ALCARBON_JOB_WORKERS", ""), ("ALCARBON_DB", ""),
                 ("ALCARBON_SERVER_PROCESSES", "")):
        monkeypatch.setenv(k, v)
    r = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 's.sqlite3'}",
                                 *extra])
    assert r.exit_code == 0, r.output
    seen["output"] = r.output
    return seen


def test_serve_starts_a_process_per_cpu_by_default(cpus, monkeypatch, tmp_path):
    cpus(2)
    seen = _serve(monkeypatch, tmp_path)
    assert seen["target"] == "alcarbon.service.asgi:app"  # importable by each worker process
    assert seen["kwargs"]["workers"] == 2
    assert seen["job_workers"] == "1"
    assert seen["processes"] == "2"  # each process then allows half of each log-in limit
    assert "2 server processes" in seen["output"]


def test_serve_workers_option_wins(cpus, monkeypatch, tmp_path):
    cpus(2)
    seen = _serve(monkeypatch, tmp_path, "--workers", "1")
    assert "workers" not in seen["kwargs"]  # one process: the app object itself
    assert seen["job_workers"] == ""  # left alone: the Settings default (2) applies
    assert "1 server process" in seen["output"] and seen["processes"] == "1"
    assert seen.get("settled")  # its heap frozen before serving


def test_in_memory_login_limits_are_shared_out_over_the_processes():
    from alcarbon.service.ratelimit import LoginLimiter, Throttled
    from alcarbon.service.settings import Settings

    # 3 failed log-ins a minute over 2 processes counting apart: ceil(3 / 2) = 2 per process
    two = LoginLimiter("3/minute", "", "memory://", processes=2)
    for _ in range(2):
        two.before_attempt("boss", "10.0.0.1")
        two.failed("boss")
    with pytest.raises(Throttled):
        two.before_attempt("boss", "10.0.0.1")
    one = LoginLimiter("3/minute", "", "memory://", processes=1)
    for _ in range(3):
        one.before_attempt("boss", "10.0.0.1")
        one.failed("boss")
    with pytest.raises(Throttled):
        one.before_attempt("boss", "10.0.0.1")
    # per address, every attempt counts: "5/minute" over 2 processes -> 3 each
    addr = LoginLimiter("", "5/minute", "memory://", processes=2)
    for _ in range(3):
        addr.before_attempt("u", "10.0.0.2")
    with pytest.raises(Throttled):
        addr.before_attempt("u", "10.0.0.2")
    assert Settings.server_processes == 1


def test_settings_read_the_process_count(monkeypatch):
    from alcarbon.service.settings import Settings

    monkeypatch.setenv("ALCARBON_SERVER_PROCESSES", "3")
    assert Settings.from_env().server_processes == 3
    monkeypatch.setenv("ALCARBON_SERVER_PROCESSES", "")
    assert Settings.from_env().server_processes == 1


def test_a_worker_stops_when_its_supervisor_is_killed(tmp_path):
    """Supervisor A starts worker B (which watches its parent) and dies by SIGKILL: B must stop
    by itself within seconds instead of serving on unseen."""
    import signal
    import subprocess
    import sys
    import time

    worker = ("import os, time\n"
              "from alcarbon.service.procs import watch_parent\n"
              "watch_parent(os.getppid(), 0.1)\n"
              "time.sleep(60)\n")
    supervisor = ("import os, signal, subprocess, sys\n"
                  f"b = subprocess.Popen([sys.executable, '-c', {worker!r}])\n"
                  "print(b.pid, flush=True)\n"
                  "import time; time.sleep(1.0)\n"
                  "os.kill(os.getpid(), signal.SIGKILL)\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    a = subprocess.run([sys.executable, "-c", supervisor], capture_output=True, text=True,
                       env=env, timeout=60)
    assert a.returncode == -signal.SIGKILL, a.stderr
    b_pid = int(a.stdout.split()[0])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(b_pid, 0)
            with open(f"/proc/{b_pid}/stat") as fh:  # an exited, not yet reaped process
                if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return
        except (ProcessLookupError, FileNotFoundError):
            return  # gone
        time.sleep(0.1)
    os.kill(b_pid, signal.SIGKILL)
    raise AssertionError("the worker outlived its supervisor")


def test_the_workers_listening_socket_has_nagle_off():
    """The socket handed to the worker processes has TCP_NODELAY (Linux copies it to every
    accepted connection); without it a bare FastAPI app under 2 workers answered a GET in 44 ms,
    the body waiting for the client's delayed ACK of the head (bench/bench_service.py)."""
    import socket

    from alcarbon.service.procs import NoDelayConfig

    sock = NoDelayConfig("alcarbon.service.asgi:app", host="127.0.0.1", port=0,
                         workers=2).bind_socket()
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        sock.close()


def test_a_server_process_freezes_its_heap_before_serving(monkeypatch):
    """settle_heap loads the factor library and freezes what start-up made, so the cyclic
    GC's full collections no longer rescan it during requests (110-140 ms each, measured)."""
    import gc

    from alcarbon.service import compute, procs

    loaded = []
    monkeypatch.setattr(compute, "library", lambda: loaded.append(1))
    assert gc.get_freeze_count() == 0
    before = gc.get_threshold()
    try:
        procs.settle_heap()
        assert loaded == [1] and gc.get_freeze_count() > 0
        # young collections every 7,000 net new containers, not 700 (session 27); the older
        # generations' ratios as they were
        assert gc.get_threshold() == (7000, *before[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_serve_runs_the_standard_event_loop_by_default(cpus, monkeypatch, tmp_path):
    # docs/performance.md "Session 26": uvloop served a few keep-alive connections only every
    # other round under load; both launch paths must get loop="asyncio" unless told otherwise
    cpus(2)
    assert _serve(monkeypatch, tmp_path)["kwargs"]["loop"] == "asyncio"
    assert _serve(monkeypatch, tmp_path, "--workers", "1")["kwargs"]["loop"] == "asyncio"
    assert _serve(monkeypatch, tmp_path, "--loop", "uvloop")["kwargs"]["loop"] == "uvloop"


def test_an_unknown_event_loop_is_refused_by_name(cpus, monkeypatch, tmp_path):
    cpus(2)
    r = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 's.sqlite3'}",
                                 "--loop", "tornado"])
    assert r.exit_code != 0
    assert "--loop" in r.output and "'tornado'" in r.output and "asyncio, uvloop" in r.output
    assert not (tmp_path / "s.sqlite3").exists()  # refused before the store is opened
