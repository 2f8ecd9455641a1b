"""Answers for requests the service cannot serve now: database unreachable or busy (503) and
log-in throttling (429). JSON under /api, a small page (Chinese or English) elsewhere; one log
line per failure, never a traceback."""

from __future__ import annotations

import logging
from html import escape

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from alcarbon.service.ratelimit import Throttled
from alcarbon.store.db import DB_DOWN, short_reason

log = logging.getLogger("alcarbon.service")
RETRY_DB_S = 5

_PAGES = {
    "db": {
        "zh": ("服务暂不可用", "数据库暂时无法连接或正忙，您的数据不会丢失。请稍后重试。"),
        "en": ("Service unavailable", "The database cannot be reached or is busy right now; "
               "no saved data is lost. Please try again in a moment."),
    },
    "throttled": {
        "zh": ("登录尝试过多", "登录尝试次数过多，请 {s} 秒后再试。"),
        "en": ("Too many log-in attempts", "Too many log-in attempts; try again in {s} s."),
    },
}


def _lang(request: Request) -> str:
    from alcarbon.service.web import i18n

    return i18n.lang_of(request)


def _page(request: Request, kind: str, status: int, retry_after: int) -> Response:
    lang = _lang(request)
    title, text = _PAGES[kind]["zh" if lang == "zh" else "en"]
    body = (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
            f'<meta charset="utf-8"><title>{escape(title)}</title></head><body>'
            f"<h1>{escape(title)}</h1><p>{escape(text.format(s=retry_after))}</p></body></html>")
    return HTMLResponse(body, status_code=status, headers={"Retry-After": str(retry_after)})


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def install(app: FastAPI) -> None:
    """Register the 503 and 429 handlers on ``app``."""

    async def db_down(request: Request, exc: Exception) -> Response:
        reason = short_reason(exc)
        busy = "locked" in reason or "busy" in reason
        log.error("database %s: %s %s: %s", "busy" if busy else "unavailable", request.method,
                  request.url.path, reason)
        if not _is_api(request):
            return _page(request, "db", 503, RETRY_DB_S)
        what = ("database busy (another write holds the lock too long)" if busy
                else "database unavailable")
        return JSONResponse({"detail": f"{what}: retry in {RETRY_DB_S} s (a change sent with this "
                             "request was not confirmed as saved)"}, status_code=503,
                            headers={"Retry-After": str(RETRY_DB_S)})

    for cls in DB_DOWN:
        app.add_exception_handler(cls, db_down)

    @app.exception_handler(Throttled)
    async def throttled(request: Request, exc: Throttled) -> Response:
        log.warning("log-in throttled: %s %s", exc.field, exc.value)
        if not _is_api(request):
            return _page(request, "throttled", 429, exc.retry_after)
        loc = ["body", "username"] if exc.field == "username" else ["client"]
        return JSONResponse({"detail": exc.message(), "loc": loc}, status_code=429,
                            headers={"Retry-After": str(exc.retry_after)})
