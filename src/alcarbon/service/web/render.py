"""Shared helpers of the web pages: templates, rendering with language and CSRF token, redirects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from alcarbon.service.web import i18n, labels
from alcarbon.service.web.zh_html import typeset_html

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = i18n.lang_of(request)
    p = getattr(request.state, "principal", None)
    base = {"lang": lang, "t": i18n.translator(lang), "me": p,
            "csrf": p.csrf_token if p is not None else "",
            "stage_label": lambda k: i18n.label(i18n.STAGE_LABELS, k, lang),
            "category_label": lambda k: i18n.label(i18n.CATEGORY_LABELS, k, lang),
            "product_label": lambda k: i18n.label(i18n.PRODUCT_LABELS, k, lang),
            "flow_label": lambda k: labels.flow_label(k, lang),
            # a user-defined unit by the name its study gives it, where the page passes them
            "unit_label": lambda k: labels.unit_label(k, lang, ctx.get("unit_names")),
            "sys_text": lambda k: labels.system_text(k, lang)}
    resp = templates.TemplateResponse(request, name, base | ctx, status_code=status)
    if lang == "zh":  # Chinese marks in Chinese text, as the Chinese report sets them
        resp = HTMLResponse(typeset_html(bytes(resp.body).decode("utf-8")), status_code=status)
    if request.query_params.get("lang") in i18n.LANGS:
        resp.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    return resp


def redirect(url: str) -> RedirectResponse:
    """303 See Other: after a POST the browser GETs the target (no re-post on reload)."""
    return RedirectResponse(url, status_code=303)


def safe_next(url: str | None) -> str:
    """Only same-site relative paths (no open redirect)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url
