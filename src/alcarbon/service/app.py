"""The FastAPI application: HTTP API under /api (OpenAPI at /openapi.json, docs at /docs) and the
server-rendered web application, served by one process over one store.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from alcarbon import __version__
from alcarbon.errors import AlcarbonError
from alcarbon.service import failures
from alcarbon.service.compute import NotAvailable
from alcarbon.service.deps import Located, LoginRequired
from alcarbon.service.ratelimit import LoginLimiter
from alcarbon.service.settings import Settings
from alcarbon.service.uploads import size_text
from alcarbon.store.db import Database
from alcarbon.store.studies import RevisionConflict

HERE = Path(__file__).parent
log = logging.getLogger("alcarbon.service")


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith("/api")


class BodyLimit:
    """Refuse request bodies above the upload limit (413) before they are read into memory."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > self.limit:
            resp = JSONResponse({"detail": f"body: request body larger than the limit of "
                                 f"{size_text(self.limit)}", "loc": ["body"]}, status_code=413)
            return await resp(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise Located(413, f"body: request body larger than the limit of "
                                  f"{size_text(self.limit)}", ["body"])
            return msg

        return await self.app(scope, counted, send)


_BASE_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                 (b"referrer-policy", b"same-origin"))
_PAGE_CSP = (b"content-security-policy",
             b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
             b"frame-ancestors 'none'; form-action 'self'")


class SecurityHeaders:
    """Security headers on every answer (a Content-Security-Policy on pages), unless the route
    set its own. Plain ASGI: Starlette's BaseHTTPMiddleware (``@app.middleware``) streamed every
    body through an extra task and queue, a cost on each request."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = _BASE_HEADERS + (() if scope["path"].startswith("/api") else (_PAGE_CSP,))

        async def with_headers(msg):
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in present]
                msg = {**msg, "headers": headers}
            await send(msg)

        return await self.app(scope, receive, with_headers)


def _thread_limit(n: int):
    """A start-up hook: at most ``n`` threads of this process run synchronous handlers."""
    async def _set() -> None:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = n
    return _set


def _wal_checkpoints(app: FastAPI, db: Database) -> None:
    """SQLite: the log checkpointed by a thread of the server, not inside a request's commit
    (alcarbon.store.checkpoint); started with the application, stopped with it."""
    if db.sqlite_file() is None:
        return
    from alcarbon.store.checkpoint import Checkpointer

    app.state.checkpointer = cp = Checkpointer(db)
    app.router.on_startup.append(cp.start)
    app.router.on_shutdown.append(cp.stop)


def create_app(db: Database, settings: Settings | None = None) -> FastAPI:
    """The application over an opened (and migrated) store."""
    from alcarbon.service.api import accounts, assurance, evidence, studies
    from alcarbon.service.api import compute as api_compute
    from alcarbon.service.api import jobs as api_jobs
    from alcarbon.service.pact import install as pact_install
    from alcarbon.service.pact import routers as pact_routers
    from alcarbon.service.web import (
        analysis,
        assurance_web,
        auth,
        elec,
        factors,
        factors_import,
        jobs,
        results,
        study,
        unit,
        users,
    )

    settings = settings or Settings.from_env()
    app = FastAPI(title="alcarbon data management", version=__version__,
                  description="Product carbon footprints of electrolytic aluminium per "
                  "GB/T 44905-2024: studies, immutable inventory revisions, evidence files, "
                  "cached results. Authenticate with `Authorization: Bearer <token>` "
                  "(POST /api/auth/token).")
    app.state.db = db
    app.state.settings = settings
    app.state.limiter = LoginLimiter(settings.login_limit_account, settings.login_limit_address,
                                     settings.rate_limit_storage, settings.server_processes)
    failures.install(app)
    for r in (accounts.public, accounts.router, studies.router, evidence.router,
              api_compute.router, api_jobs.router, auth.router, study.router, unit.router,
              results.router, jobs.router, users.router, elec.router, analysis.router,
              factors.router, factors_import.router, assurance.router, assurance_web.router,
              *pact_routers()):
        app.include_router(r)
    pact_install(app)
    app.router.on_startup.append(_thread_limit(settings.request_threads))
    _wal_checkpoints(app, db)
    app.mount("/static", StaticFiles(directory=HERE / "web" / "static"), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + 256 * 1024)

    app.add_middleware(SecurityHeaders)
    if settings.server_processes > 1:
        from alcarbon.service.turnover import ConnectionTurnover

        app.add_middleware(ConnectionTurnover)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired):
        if _is_page(request) and request.method == "GET":
            from urllib.parse import quote

            nxt = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
            return RedirectResponse(f"/login?next={nxt}", status_code=303)
        return JSONResponse({"detail": "Authorization: authentication required (header "
                             "'Authorization: Bearer <token>' or a log-in session)",
                             "loc": ["header", "Authorization"]}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(AlcarbonError)
    async def _bad_input(request: Request, exc: AlcarbonError):
        body = {"detail": exc.render()}
        if exc.where:
            body["loc"] = ["body", exc.where]
        return JSONResponse(body, status_code=422)

    @app.exception_handler(RevisionConflict)
    async def _conflict(request: Request, exc: RevisionConflict):
        return JSONResponse({"detail": f"base_revision: {exc}", "loc": ["body", "base_revision"],
                             "head_revision": exc.actual}, status_code=409)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code in (403, 404) and _is_page(request) and \
                "text/html" in request.headers.get("accept", ""):
            # a browser asked for a page: a page in its language, not a JSON body
            from alcarbon.service.web.render import render

            return render(request, "error.html", status=exc.status_code, code=exc.status_code,
                          # the server's own words (a route's message), not the generic phrase
                          detail=str(exc.detail) if getattr(exc, "loc", None) else "",
                          job=request.url.path.startswith("/jobs/"))
        loc = getattr(exc, "loc", None)
        if not loc:
            return await http_exception_handler(request, exc)
        return JSONResponse({"detail": exc.detail, "loc": loc}, status_code=exc.status_code,
                            headers=exc.headers)

    @app.exception_handler(NotAvailable)
    async def _missing(request: Request, exc: NotAvailable):
        return JSONResponse({"detail": str(exc)}, status_code=501)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")}
                  for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    return app
