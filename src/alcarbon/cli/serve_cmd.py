"""`alcarbon serve`: the data management web application and HTTP API (GB/T 44905 6.3)."""

from __future__ import annotations

import os
import sys

import typer

from alcarbon.cli.errors_cli import friendly_errors

ENV_USER = "ALCARBON_ADMIN_USER"
ENV_PASSWORD = "ALCARBON_ADMIN_PASSWORD"
ENV_ORG = "ALCARBON_ADMIN_ORG"


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
        workers: int = typer.Option(1, min=1, help="uvicorn worker processes"),
        ssl_certfile: str = typer.Option(None, "--ssl-certfile", help="TLS certificate (PEM): "
                                         "serve HTTPS, required by the PACT API"),
        ssl_keyfile: str = typer.Option(None, "--ssl-keyfile", help="TLS private key (PEM)"),
        scheduler: str = typer.Option(
            None, "--scheduler", help="Dask scheduler for jobs (reports, Monte Carlo, Sobol'), "
            "e.g. tcp://10.0.0.5:8786 (default: $ALCARBON_SCHEDULER, else local worker "
            "processes started by the server)"),
    ) -> None:
        """Serve the web application and the HTTP API (OpenAPI at /docs)."""
        import uvicorn

        from alcarbon.service.app import create_app
        from alcarbon.store import connect

        if scheduler:  # read by Settings.from_env in every worker process
            os.environ["ALCARBON_SCHEDULER"] = scheduler
        database = connect(db)
        notice = _first_admin(database)
        if notice:
            typer.echo(notice)
        tls = {"ssl_certfile": ssl_certfile, "ssl_keyfile": ssl_keyfile} if ssl_certfile else {}
        shown = '127.0.0.1' if host in ('0.0.0.0', '::') else host
        url = f"{'https' if tls else 'http'}://{shown}:{port}/"
        typer.echo(f"alcarbon: store {database.url.split('@')[-1]} ({database.backend})")
        typer.echo(f"alcarbon: open {url} and log in; API docs at {url}docs")
        if workers > 1:
            os.environ["ALCARBON_DB"] = database.url
            database.dispose()
            uvicorn.run("alcarbon.service.asgi:app", host=host, port=port, workers=workers,
                        log_level="info", **tls)
        else:
            uvicorn.run(create_app(database), host=host, port=port, log_level="info", **tls)
