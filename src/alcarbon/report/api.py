"""Report pipeline: study -> engine -> analyses -> facts -> content -> HTML/PDF/XLSX/JSON file.

``compute`` does the numbers once; ``render`` turns them into one format and language;
``write`` saves atomically (temporary file renamed at the end, nothing half-written).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alcarbon.atomic import atomic_write

FORMATS = ("pdf", "html", "xlsx", "json")
# PDF engines: Typst (default; figures stay SVG, drawn as vectors) or weasyprint (HTML + CSS;
# figures as PNG at PDF_FIGURE_DPI). Chosen by bench/bench_report.py, see docs/report.md.
PDF_ENGINES = ("typst", "weasyprint")
PDF_ENGINE = "typst"
# Figures of the PDF are PNG at this resolution (print quality at their printed size) instead of
# SVG: weasyprint drawing the SVG node by node cost more than any other part of the PDF; chosen by
# bench/bench_report.py, pages compared by eye at 50 and 150 dpi. HTML keeps SVG.
PDF_FIGURE_DPI = 200


@dataclass
class Computed:
    """Everything a report needs: language-neutral facts plus Monte Carlo samples for the chart."""

    facts: dict[str, Any]
    mc_samples: Any = None


def compute(study: Any, *, result: Any = None, lib: Any = None, product: str | None = None,
            analyses: bool = True, iterations: int = 2000, seed: int = 1,
            lever_params: dict[str, dict[str, Any]] | None = None) -> Computed:
    """Engine result, optional checks/uncertainty, levers and facts for one declared product."""
    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.report import analyses as an
    from alcarbon.report import levers
    from alcarbon.report.facts import build_facts

    lib = lib if lib is not None else load_library()
    if result is None:
        result = calculate(study, lib)
    product = product or study.declared_products[0]
    if product not in result.products:
        from alcarbon.errors import InputError

        raise InputError(f"product {product!r} is not a declared product of the study",
                         where="--product", expected=", ".join(result.products))
    extra = an.run(study, result, product, lib=lib, iterations=iterations,
                                   seed=seed) if analyses else {
        "checks": None, "mc": None, "oat": None, "alts": None}
    lv = levers.evaluate(study, result, product, lib=lib, params=lever_params)
    facts = build_facts(study, result, product, lib=lib, levers=lv,
                        availability=an.available(), **extra)
    return Computed(facts, an.mc_samples(extra["mc"], product))


def build(computed: Computed, lang: str, *, figure_dpi: int | None = None,
          svg_text: bool = False, pool: Any = None) -> Any:
    """The content model (:class:`alcarbon.report.model.Report`) in ``lang``; figures as SVG
    (labels as text in the report fonts when ``svg_text``, else as glyph outlines), or as PNG
    ``<img>`` elements at ``figure_dpi`` dots per inch when given. ``pool``: a
    :class:`alcarbon.report.figure_pool.FigurePool` drawing the figures in worker processes."""
    import contextlib

    from alcarbon.errors import InputError
    from alcarbon.report import charts
    from alcarbon.report.content import build_report
    from alcarbon.report.figures import build_figures
    from alcarbon.report.localise import localise

    if lang not in ("zh", "en"):
        raise InputError(f"unknown report language {lang!r}", where="--lang", expected="zh or en")

    facts = localise(computed.facts, lang)  # the study's own text in the report language
    draw = pool.build_figures if pool is not None else build_figures
    with contextlib.ExitStack() as stack:
        if figure_dpi is not None:
            stack.enter_context(charts.raster(figure_dpi))
        if svg_text:
            stack.enter_context(charts.svg_text())
        figs = draw(facts, lang, computed.mc_samples)
    return build_report(facts, figs, lang)


def render(computed: Computed, fmt: str, lang: str = "zh", *,
           pdf_figure_dpi: int | None = PDF_FIGURE_DPI, pdf_engine: str = PDF_ENGINE,
           pool: Any = None) -> bytes:
    """The report as bytes in ``fmt`` (pdf, html, xlsx, json). JSON is language-neutral.
    A PDF comes from ``pdf_engine`` (typst or weasyprint); weasyprint's figures are PNG at
    ``pdf_figure_dpi`` (None: SVG, as in HTML), Typst's are always SVG with their labels as text
    (Typst draws them in the report's own fonts). ``pool``: see :func:`build`."""
    from alcarbon.report import repro

    if fmt == "json":
        return repro.dumps(computed.facts).encode("utf-8")
    if fmt == "pdf" and pdf_engine not in PDF_ENGINES:
        from alcarbon.errors import InputError

        raise InputError(f"unknown PDF engine {pdf_engine!r}", where="--pdf-engine",
                         expected=" or ".join(PDF_ENGINES))
    raster = fmt == "pdf" and pdf_engine == "weasyprint"
    typst = fmt == "pdf" and pdf_engine == "typst"
    report = build(computed, lang, figure_dpi=pdf_figure_dpi if raster else None,
                   svg_text=typst, pool=pool)
    if fmt == "html":
        from alcarbon.report.render_html import render_html

        return render_html(report).encode("utf-8")
    if typst:
        from alcarbon.report.render_typst import render_pdf_typst

        return render_pdf_typst(report)
    if fmt == "pdf":
        from alcarbon.report.render_html import render_pdf

        return render_pdf(report)
    if fmt == "xlsx":
        from alcarbon.report.render_xlsx import render_xlsx

        return render_xlsx(report)
    from alcarbon.errors import InputError

    raise InputError(f"unknown report format {fmt!r}", where="-o", expected=" or ".join(FORMATS))


write_atomic = atomic_write  # kept for callers of alcarbon.report.api.write_atomic


def format_of(path: Path, fmt: str | None = None) -> str:
    """Output format from ``fmt`` or the file suffix."""
    from alcarbon.errors import InputError

    f = (fmt or Path(path).suffix.lstrip(".")).lower()
    if f not in FORMATS:
        raise InputError(f"cannot tell the report format of {str(path)!r}", where="-o",
                         expected="a file ending in .pdf, .html, .xlsx or .json")
    return f
