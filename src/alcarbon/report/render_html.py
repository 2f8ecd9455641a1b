"""HTML (Jinja2 template) and PDF (weasyprint) renderers of the report content model."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alcarbon.report.i18n import t
from alcarbon.report.model import Report


def _template_text(name: str) -> str:
    return resources.files("alcarbon.report").joinpath("templates", name).read_text("utf-8")


def render_html(report: Report) -> str:
    """A self-contained HTML document (inline CSS; figures as built: inline SVG, or PNG data URLs
    when the report was built with ``figure_dpi``)."""
    import jinja2

    env = jinja2.Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False,
                             undefined=jinja2.StrictUndefined)
    tpl = env.from_string(_template_text("report.html.j2"))
    return tpl.render(r=report, f=report.facts, css=_template_text("report.css"),
                      toc="目录" if report.lang == "zh" else "Contents",
                      illustrative=t("illustrative", report.lang),
                      repro_see=t("repro_see", report.lang))


def render_pdf(report: Report, html: str | None = None) -> bytes:
    """PDF bytes via weasyprint (CJK glyphs from the WenQuanYi Micro Hei font)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    doc: Any = HTML(string=html if html is not None else render_html(report))
    return doc.write_pdf(metadata={"title": report.title})
