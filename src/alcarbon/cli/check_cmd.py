"""`alcarbon check STUDY`: compliance checklist, validation, cut-off and data quality.

Exit code 1 when a shall (应) clause fails, 2 on bad input (GB/T 44905 5.3.4, 6.3, 7.2, 7.4).
"""

from __future__ import annotations

from pathlib import Path

import typer

from alcarbon.cli.errors_cli import friendly_errors

_STYLE = {"pass": "green", "fail": "red", "not_applicable": "dim", "manual": "yellow",
          "error": "red", "warning": "yellow", "info": "dim"}


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, ending in '…' if cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(" ,;:") + "…"


def _print_table(rep) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    t = Table(title="GB/T 44905-2024 应 (shall) clauses")
    for col in ("clause", "status", "requirement", "reason"):
        t.add_column(col)
    for c in rep.compliance:
        st = c.status if c.status != "manual" else "needs verifier"
        t.add_row(c.clause, f"[{_STYLE[c.status]}]{st}[/]", shorten(c.requirement_en, 70),
                  c.reason)
    con.print(t)
    v = Table(title="data validation (7.2)")
    for col in ("severity", "code", "datum", "finding"):
        v.add_column(col)
    for f in rep.validation:
        v.add_row(f"[{_STYLE[f.severity]}]{f.severity}[/]", f.code, f.datum, f.message_en)
    con.print(v)
    for p, cut in rep.cutoff.items():
        q = rep.data_quality[p]
        d = q.declared or {}
        grade = ("not rated" if q.rating == "not_rated" else
                 f"{q.rating} (score {q.score:.2f}")
        if q.rating != "not_rated":  # the calc JSON data_quality block (docs/checks.md)
            grade += (f", rated share {100 * (1 - q.unrated_share):.1f} %, primary share "
                      f"{100 * q.primary_share:.1f} %"
                      + (f", {d['unrated']} of {d['data']} data not rated" if d else "") + ")")
        con.print(f"[bold]{p}[/bold]: cut-off {'passes' if cut.passes else '[red]FAILS[/red]'} "
                  f"(omitted {100 * cut.omitted_share:.2f} %); data quality {grade}; "
                  f"poor or unrated data > 1 %: "
                  f"{', '.join(d.label for d in q.poor_over_1pct) or 'none'}")
        con.print(f"  {cut.text_zh}")
    n = rep.counts
    con.print(f"{n['pass']} pass, [red]{n['fail']} fail[/red], {n['not_applicable']} not "
              f"applicable, [yellow]{n['manual']} need verifier confirmation[/yellow]")


def register(app: typer.Typer) -> None:
    @app.command()
    @friendly_errors
    def check(
        study: Path = typer.Argument(..., help="study file: .yaml, .json or Appendix C .xlsx"),
        fmt: str = typer.Option("table", "--format", "-f", help="table or json"),
        product: str = typer.Option(None, "--product", "-p",
                                    help="one declared product (default: all)"),
        factors: list[Path] = typer.Option(
            None, "--factors", help="user factor file(s), as for `alcarbon calc`"),
    ) -> None:
        """Compliance checklist of GB/T 44905 (exit 1 when a shall clause fails)."""

        from alcarbon.checks import run_checks
        from alcarbon.engine import calculate
        from alcarbon.errors import InputError
        from alcarbon.factors import load_library
        from alcarbon.inventory import load_study

        if fmt not in ("table", "json"):
            raise InputError(f"unknown format {fmt!r}", where="--format",
                             expected="table or json")
        s = load_study(study)
        lib = load_library(user_files=list(factors or []))
        rep = run_checks(s, calculate(s, lib), product=product, library=lib)
        if fmt == "json":
            from alcarbon.cli.json_out import dump_json

            dump_json(rep.to_json_dict(), indent=2)
        else:
            _print_table(rep)
        if rep.failed_shall:
            raise typer.Exit(code=1)
