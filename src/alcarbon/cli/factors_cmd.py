"""`alcarbon factors list|show`: browse the packaged factor library and its citations."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from alcarbon.cli.errors_cli import check_choice, friendly_errors


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


_COLUMNS = ("id", "value", "unit", "gas", "basis", "region", "year", "confidence")


def _row(f) -> dict:
    return {
        "id": f.id, "value": f.value, "unit": f"{f.amount_unit}/{f.per}", "gas": f.gas,
        "basis": f.basis, "region": f.region, "year": f.year, "confidence": f.confidence,
    }


def _load(user: list[Path] | None):
    from alcarbon.factors import load_library

    return load_library(user or ())


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="Emission factors, fuel properties and GWP sets (with sources).",
                      no_args_is_help=True)
    app.add_typer(sub, name="factors")

    @sub.command("list")
    @friendly_errors
    def list_cmd(
        kind: str | None = typer.Option(None, "--kind", help="electricity, heat, fuel_upstream, "
                                        "material_upstream, freight, waste_treatment, process"),
        region: str | None = typer.Option(None, "--region", help="cn, a province (yunnan, 云南) "
                                          "or grid region (region.southwest)"),
        year: int | None = typer.Option(None, "--year", help="year the factor applies to"),
        search: str | None = typer.Option(None, "--search", help="text in id, name or source "
                                          "(e.g. 云南, hydro, 柴油)"),
        fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                         help="table, json or csv"),
        user: list[Path] | None = typer.Option(None, "--factors", help="user factor file(s)"),
    ) -> None:
        """List factors matching the filters."""
        from typing import get_args

        from alcarbon.factors.model import FactorKind

        if kind is not None:
            check_choice(kind, get_args(FactorKind), "--kind", what="factor kind")
        lib = _load(user)
        found = lib.find(kind=kind, region=region, year=year, text=search)
        if not found:
            print("no factor matches these filters; drop one filter at a time, or search "
                  "by text with --search (e.g. --search 云南)", file=sys.stderr)
        rows = [_row(f) for f in found]
        if fmt is OutputFormat.json:
            import json

            typer.echo(json.dumps(rows, ensure_ascii=False, indent=1, allow_nan=False))
        elif fmt is OutputFormat.csv:
            import csv

            w = csv.DictWriter(sys.stdout, fieldnames=list(_COLUMNS), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        else:
            from rich.console import Console
            from rich.table import Table

            t = Table(title=f"{len(rows)} factor(s) — library {lib.version}")
            for col in _COLUMNS:
                t.add_column(col, justify="right" if col in ("value", "year") else "left",
                             overflow="fold")
            for r in rows:
                t.add_row(*("" if r[c] is None else str(r[c]) for c in _COLUMNS))
            Console(width=160).print(t)

    @sub.command("show")
    @friendly_errors
    def show_cmd(
        factor_id: str = typer.Argument(..., metavar="ID"),
        user: list[Path] | None = typer.Option(None, "--factors", help="user factor file(s)"),
    ) -> None:
        """Show one factor with its full citation."""
        from rich.console import Console
        from rich.table import Table

        from alcarbon.errors import InputError

        lib = _load(user)
        try:
            f = lib.get(factor_id)
        except InputError as exc:
            hits = [x.id for x in lib.find(text=factor_id)]
            if not hits:
                raise
            more = f" (+{len(hits) - 8} more)" if len(hits) > 8 else ""
            raise InputError(f"{factor_id!r} is not a factor id; factors whose id, name or "
                             f"source mention it: {', '.join(hits[:8])}{more}",
                             where=exc.where,
                             expected="an id as printed by `alcarbon factors list --search "
                             f"{factor_id}`") from None
        t = Table(show_header=False, title=f.id)
        t.add_column("field", style="bold")
        t.add_column("value", overflow="fold")
        for k, v in (
            ("name", f.name), ("名称", f.name_zh), ("kind", f.kind),
            ("value", f.label()), ("gas", f.gas), ("basis", f.basis), ("region", f.region),
            ("year", "" if f.year is None else str(f.year)), ("confidence", f.confidence),
            ("gsd", "" if f.gsd is None else f"{f.gsd:g}"), ("tags", ", ".join(f.tags)),
            ("source", f.source.cite()), ("note", f.source.note or ""),
            ("library", lib.version),
        ):
            t.add_row(k, v)
        Console(width=160).print(t)
