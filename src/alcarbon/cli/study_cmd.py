"""`alcarbon schema`, `alcarbon template`, `alcarbon convert`: the study format and workbook."""

from __future__ import annotations

from pathlib import Path

import typer

from alcarbon.cli.errors_cli import friendly_errors

#: Printed after `alcarbon template`: what the empty workbook needs before `alcarbon calc` runs.
TEMPLATE_HINT = """next steps (README, "Filling the Appendix C workbook"; docs/workbook.md):
  - sheet 研究信息 / Study: every field clauses 4, 5.1, 8.1 and 10 ask for, with its clause and
    an example (column 示例 / example); type your value in column 填写值 / value (dates
    2024-01-01; declared_products as names, e.g. aluminium_ingot, or a list
    ["aluminium_ingot"]);
  - sheets C.1-C.5: fill the amounts (rows without an amount are ignored); the grey column
    示例数量 / example amount shows one example plant (100 000 t ingot) with sources and is
    never read; delete the sheets of unit processes you do not operate;
  - auxiliary sheets (过程排放参数, 电力供应, 用户排放因子, 取舍, 供应商碳足迹): row 2 gives
    labels and units, the grey row 3 an example (not read); data from row 4. Anode
    consumption, anode effect and baking emissions are computed only from 过程排放参数;
  - purchased inputs without a packaged factor (calcined coke, pitch, AlF3 ...): a supplier's
    declared footprint in 供应商碳足迹 / Supplier footprints, or a factor id in the column
    因子ID / factor id defined in 用户排放因子 / User factors or a file given with --factors;
  - drop-downs offer units, kinds, Table 2 ratings (好/一般/较差), 是/否 and supply types."""

_STUDY_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


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
        if lang not in ("zh", "en"):
            raise InputError(f"unknown language {lang!r}", where="--lang", expected="zh or en")
        write_workbook(None, out, lang=lang)
        typer.echo(f"wrote {out}\n{TEMPLATE_HINT}")

    @app.command()
    @friendly_errors
    def convert(
        source: Path = typer.Argument(..., help="study: .yaml, .json or .xlsx"),
        target: Path = typer.Argument(..., help="output: .yaml, .json or .xlsx"),
        lang: str = typer.Option("zh", "--lang", help="workbook language: zh or en"),
    ) -> None:
        """Convert a study between YAML, JSON and the Appendix C workbook (lossless)."""
        from alcarbon.atomic import check_target
        from alcarbon.errors import InputError
        from alcarbon.inventory import load_study, save_study

        if target.suffix.lower() not in _STUDY_SUFFIXES:
            raise InputError(f"cannot tell the output format from {target.suffix or 'no suffix'!r}",
                             where=str(target), expected="a path ending in .yaml, .json or .xlsx")
        if lang not in ("zh", "en"):
            raise InputError(f"unknown language {lang!r}", where="--lang", expected="zh or en")
        check_target(target)
        save_study(load_study(source), target, lang=lang)
        typer.echo(f"wrote {target}")
