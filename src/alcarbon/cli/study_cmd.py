"""`alcarbon schema`, `alcarbon template`, `alcarbon convert`: the study format and workbook."""

from __future__ import annotations

from pathlib import Path

import typer

from alcarbon.cli.errors_cli import friendly_errors


def register(app: typer.Typer) -> None:
    @app.command()
    @friendly_errors
    def schema(
        output: Path = typer.Option(None, "-o", "--output", help="file (default stdout)"),
    ) -> None:
        """Print the JSON Schema of a study (the inventory model)."""
        import json
        import sys

        from alcarbon.inventory.model import Study

        text = json.dumps(Study.model_json_schema(), ensure_ascii=False, indent=2)
        if output is None:
            sys.stdout.write(text + "\n")
        else:
            from alcarbon.atomic import atomic_write

            atomic_write(output, text.encode("utf-8"))

    @app.command()
    @friendly_errors
    def template(
        out: Path = typer.Argument(..., help="workbook to write (.xlsx)"),
        lang: str = typer.Option("zh", "--lang", help="zh or en"),
    ) -> None:
        """Write an empty Appendix C data-collection workbook (tables C.1-C.5 and a study sheet)."""
        from alcarbon.errors import InputError
        from alcarbon.inventory.io_xlsx import write_workbook

        if out.suffix.lower() != ".xlsx":
            raise InputError("the template is a workbook", where=str(out), expected="a .xlsx path")
        write_workbook(None, out, lang=lang)
        typer.echo(f"wrote {out} (fill the amounts; rows left without an amount are ignored)")

    @app.command()
    @friendly_errors
    def convert(
        source: Path = typer.Argument(..., help="study: .yaml, .json or .xlsx"),
        target: Path = typer.Argument(..., help="output: .yaml, .json or .xlsx"),
        lang: str = typer.Option("zh", "--lang", help="workbook language: zh or en"),
    ) -> None:
        """Convert a study between YAML, JSON and the Appendix C workbook (lossless)."""
        from alcarbon.inventory import load_study, save_study

        save_study(load_study(source), target, lang=lang)
        typer.echo(f"wrote {target}")
