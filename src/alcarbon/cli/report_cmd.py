"""`alcarbon report` (Appendix E: PDF, HTML, XLSX, JSON); `alcarbon export` (PACT, CBAM)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from alcarbon.cli.errors_cli import PRODUCTS, check_choice, friendly_errors


def register(app: typer.Typer) -> None:
    @app.command()
    @friendly_errors
    def report(
        study: Path = typer.Argument(..., help="study file: .yaml, .json or Appendix C .xlsx"),
        out: Path = typer.Option(..., "-o", "--out", help="OUT.pdf, .html, .xlsx or .json"),
        lang: str = typer.Option("zh", "--lang", help="zh or en"),
        pdf_engine: str = typer.Option("typst", "--pdf-engine",
                                       help="PDF engine: typst (default) or weasyprint"),
        product: str = typer.Option(None, "--product", "-p",
                                    help="declared product (default: the study's first)"),
        iterations: int = typer.Option(2000, help="Monte Carlo iterations"),
        seed: int = typer.Option(1, help="Monte Carlo seed (reproducible)"),
        analyses: bool = typer.Option(True, help="run checks and uncertainty when available"),
        factors: list[Path] = typer.Option(
            None, "--factors", help="user factor file(s), as for `alcarbon calc`"),
    ) -> None:
        """GB/T 44905 clause-10 / Appendix E carbon footprint report."""
        from alcarbon.report.figure_pool import FigurePool

        # figure workers first, before any heavy import (even the limits below import the
        # engine's models): their matplotlib import overlaps the command's own imports and
        # computation (docs/report.md, "Speed"); a refused command ends them at once
        with FigurePool(0 if out.suffix.lower() == ".json" else None) as pool:
            data, computed, fmt = _report(pool, study, out, lang, pdf_engine, product,
                                          iterations, seed, analyses, factors)
        from alcarbon.report import api

        api.write_atomic(out, data)
        r = computed.facts["result"]
        typer.echo(f"wrote {out} ({fmt}, {lang}): CFP (GB/T 44905) {r['cfp']:.4f} t CO2e/t "
                   f"(location-based comparison {r['cfp_location_based']:.4f})")

    @app.command()
    @friendly_errors
    def export(
        study: Path = typer.Argument(..., help="study file: .yaml, .json or Appendix C .xlsx"),
        out: Path = typer.Option(..., "-o", "--out", help="output JSON file"),
        fmt: str = typer.Option("pact", "--format", "-f", help="pact (PACT v3.0) or cbam"),
        product: str = typer.Option(None, "--product", "-p", help="declared product"),
        created: str = typer.Option(
            None, help="PACT 'created' date-time, ISO 8601 such as 2025-03-31T00:00:00Z "
            "(default: now, UTC)"),
        company_id: list[str] = typer.Option(None, "--company-id", help="PACT company URN(s)"),
        anode: bool = typer.Option(True, "--anode/--no-anode",
                                   help="CBAM: include anode production in the boundary"),
        factors: list[Path] = typer.Option(
            None, "--factors", help="user factor file(s), as for `alcarbon calc`"),
    ) -> None:
        """Exchange files: PACT v3.0 ProductFootprint or EU CBAM summary (unwrought aluminium)."""
        from datetime import UTC, datetime

        from alcarbon.atomic import check_target
        from alcarbon.engine import calculate
        from alcarbon.errors import InputError
        from alcarbon.factors import load_library
        from alcarbon.inventory import load_study
        from alcarbon.report import api, repro

        check_choice(fmt, ("pact", "cbam"), "--format", what="export format")
        if out.suffix.lower() != ".json":
            raise InputError(f"{fmt} exports are JSON", where=str(out),
                             expected="an output path ending in .json")
        if created is not None:
            try:
                if "T" not in created:
                    raise ValueError(created)
                datetime.fromisoformat(created.replace("Z", "+00:00"))
            except ValueError:
                raise InputError(f"{created!r} is not a date-time", where="--created",
                                 expected="ISO 8601, e.g. 2025-03-31T00:00:00Z") from None
        if product is not None:
            check_choice(product, PRODUCTS, "--product", what="product")
        check_target(out)
        s = load_study(study)
        lib = load_library(user_files=list(factors or []))
        result = calculate(s, lib)
        if product is not None and product not in result.products:
            raise InputError(f"product {product!r} is not a declared product of {study}",
                             where="--product",
                             expected="one of " + ", ".join(result.products))
        if fmt == "pact":
            from alcarbon.exchange import pact

            when = created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            data = pact.to_pact(s, result, product, created=when,
                                company_ids=list(company_id) if company_id else None)
            pact.validate(data)
        else:
            from alcarbon.exchange import cbam

            data = cbam.cbam_summary(s, result, product or s.declared_products[0],
                                     include_anode=anode, lib=lib)
        api.write_atomic(out, repro.dumps(data).encode("utf-8"))
        typer.echo(f"wrote {out} ({fmt})")


def _report(pool: Any, study: Path, out: Path, lang: str, pdf_engine: str,
            product: str | None, iterations: int, seed: int, analyses: bool,
            factors: list[Path] | None) -> tuple[bytes, Any, str]:
    """Checks in the documented order, then load, compute and render (figures in ``pool``)."""
    from alcarbon.atomic import check_target
    from alcarbon.errors import InputError
    from alcarbon.report import api

    if analyses:  # docs/limits.md: refused before anything else
        from alcarbon.uncertainty.limits import check_iterations, check_seed

        check_iterations(iterations)
        check_seed(seed)
    if lang not in ("zh", "en"):
        raise InputError(f"unknown language {lang!r}", where="--lang", expected="zh or en")
    fmt = api.format_of(out)
    check_choice(pdf_engine, api.PDF_ENGINES, "--pdf-engine", what="PDF engine")
    if product is not None:
        check_choice(product, PRODUCTS, "--product", what="product")
    check_target(out)  # refuse an unwritable output before the work, not after
    from alcarbon.factors import load_library
    from alcarbon.inventory import load_study

    s = load_study(study)
    lib = load_library(user_files=list(factors or []))
    computed = api.compute(s, lib=lib, product=product, analyses=analyses,
                           iterations=iterations, seed=seed)
    return api.render(computed, fmt, lang, pdf_engine=pdf_engine, pool=pool), computed, fmt
