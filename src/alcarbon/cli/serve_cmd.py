"""`alcarbon serve`: the data management web application and HTTP API (GB/T 44905 6.3)."""

from __future__ import annotations

import os
import sys

import typer

from alcarbon.cli.errors_cli import friendly_errors

ENV_USER = "ALCARBON_ADMIN_USER"
ENV_PASSWORD = "ALCARBON_ADMIN_PASSWORD"
ENV_ORG = "ALCARBON_ADMIN_ORG"
ENV_WORKERS = "ALCARBON_WORKERS"
ENV_JOB_WORKERS = "ALCARBON_JOB_WORKERS"
ENV_PROCESSES = "ALCARBON_SERVER_PROCESSES"
#: Project choice: at most 8 server processes by default. Each keeps its own connection pool
#: (up to 60 connections under load, alcarbon.store.db), and PostgreSQL's default
#: max_connections is 100; past 8 the store, not the CPU, is the limit on a single host.
MAX_DEFAULT_WORKERS = 8


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_workers(db_url: str) -> int:
    """Server processes when ``--workers`` is not given: ``$ALCARBON_WORKERS``, else one per CPU
    (at most 8). An in-memory SQLite store gets 1: each process would hold a database of its own.
    SQLite files are fine with several: WAL mode, and writes are short (alcarbon.store.db)."""
    raw = os.environ.get(ENV_WORKERS, "").strip()
    if raw:
        try:
            n = int(raw)
        except ValueError:
            n = 0
        if n < 1:
            from alcarbon.errors import InputError

            raise InputError(f"{ENV_WORKERS}={raw!r} is not a positive whole number",
                             where=ENV_WORKERS, expected="a number of processes, e.g. 2")
        return n
    if db_url.startswith("sqlite") and (":memory:" in db_url or db_url.rstrip("/") == "sqlite:"):
        return 1
    return max(1, min(cpu_count(), MAX_DEFAULT_WORKERS))


def job_workers_per_process(workers: int) -> int:
    """Local Dask workers each server process starts for jobs (on its first job): the CPUs
    shared out over the server processes, so N processes do not start N x 2 Dask workers."""
    return max(1, cpu_count() // workers)


def _first_admin(db) -> str | None:
    """Create the first (instance) admin when the store has no user; returns a notice to print."""
    import secrets

    from alcarbon.store import accounts

    with db.read() as s:
        if accounts.count_users(s) > 0:
            return None
    user = os.environ.get(ENV_USER, "").strip()
    password = os.environ.get(ENV_PASSWORD, "")
    org = os.environ.get(ENV_ORG, "").strip()
    generated = False
    if not (user and password) and sys.stdin.isatty():
        typer.echo("First start: create the administrator account.")
        org = org or typer.prompt("Organisation name", default="My company")
        user = user or typer.prompt("Admin user name", default="admin")
        password = password or typer.prompt("Admin password (8+ characters)", hide_input=True,
                                            confirmation_prompt=True)
    if not user:
        user = "admin"
    if not password:
        password, generated = secrets.token_urlsafe(12), True
    new_hash = accounts.hash_password(password)  # before the write lock
    with db.write() as s:
        o = accounts.create_org(s, org or "My company")
        accounts.create_user(s, o.id, user, new_hash, "admin", is_superadmin=True)
    shown = f" with the generated password {password}" if generated else ""
    return (f"Created the administrator account '{user}'{shown} (organisation "
            f"'{org or 'My company'}'). Log in with it, then add users under Users.")


def register(app: typer.Typer) -> None:
    @app.command()
    @friendly_errors
    def serve(
        host: str = typer.Option("127.0.0.1", help="interface to listen on"),
        port: int = typer.Option(8000, min=1, max=65535, help="TCP port"),
        db: str = typer.Option(
            None, "--db", help="database URL: sqlite:///file.sqlite3 or "
            "postgresql+psycopg://user:pw@host/db (default: $ALCARBON_DB, else a SQLite file "
            "in the user's data folder)"),
        workers: int = typer.Option(
            None, min=1, help="server (uvicorn worker) processes; default: $ALCARBON_WORKERS, "
            "else one per CPU, at most 8 (1 for an in-memory SQLite store)"),
        ssl_certfile: str = typer.Option(None, "--ssl-certfile", help="TLS certificate (PEM): "
                                         "serve HTTPS, required by the PACT API"),
        ssl_keyfile: str = typer.Option(None, "--ssl-keyfile", help="TLS private key (PEM)"),
        loop: str = typer.Option(
            None, "--loop", help="event loop of each server process: asyncio (the default: it "
            "serves every connection alike under load) or uvloop (docs/performance.md, "
            "'Session 26')"),
        scheduler: str = typer.Option(
            None, "--scheduler", help="Dask scheduler for jobs (reports, Monte Carlo, Sobol'), "
            "e.g. tcp://10.0.0.5:8786 (default: $ALCARBON_SCHEDULER, else local worker "
            "processes started by the server)"),
    ) -> None:
        """Serve the web application and the HTTP API (OpenAPI at /docs)."""
        import uvicorn

        from alcarbon.service.app import create_app
        from alcarbon.service.procs import DEFAULT_LOOP, LOOPS
        from alcarbon.store import connect

        loop = loop or DEFAULT_LOOP
        if loop not in LOOPS:
            raise typer.BadParameter(f"{loop!r}: expected one of {', '.join(LOOPS)}",
                                     param_hint="--loop")

        if scheduler:  # read by Settings.from_env in every worker process
            os.environ["ALCARBON_SCHEDULER"] = scheduler
        database = connect(db)
        workers = workers or default_workers(database.url)
        # read by Settings.from_env in every worker process
        os.environ[ENV_PROCESSES] = str(workers)
        if workers > 1 and not os.environ.get(ENV_JOB_WORKERS, "").strip():
            os.environ[ENV_JOB_WORKERS] = str(job_workers_per_process(workers))
        notice = _first_admin(database)
        if notice:
            typer.echo(notice)
        tls = {"ssl_certfile": ssl_certfile, "ssl_keyfile": ssl_keyfile} if ssl_certfile else {}
        shown = '127.0.0.1' if host in ('0.0.0.0', '::') else host
        url = f"{'https' if tls else 'http'}://{shown}:{port}/"
        typer.echo(f"alcarbon: store {database.url.split('@')[-1]} ({database.backend}), "
                   f"{workers} server process{'es' if workers > 1 else ''}")
        typer.echo(f"alcarbon: open {url} and log in; API docs at {url}docs")
        if workers > 1:
            from alcarbon.service.pact.outbox import retry_pending

            retry_pending(database)  # once here, not in each worker (see Worker.start)
            os.environ["ALCARBON_DB"] = database.url
            database.dispose()
            from alcarbon.service.procs import run_workers

            run_workers("alcarbon.service.asgi:app", workers, host=host, port=port,
                        log_level="info", loop=loop, **tls)
        else:
            from alcarbon.service.procs import settle_heap

            served = create_app(database)
            settle_heap()
            uvicorn.run(served, host=host, port=port, log_level="info", loop=loop, **tls)
