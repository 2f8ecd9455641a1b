"""`alcarbon batch DIR|--db URL -o results.parquet`: every study's footprints through Dask."""

from __future__ import annotations

from pathlib import Path

import typer

from alcarbon.cli.errors_cli import check_choice, friendly_errors


def _progress_runner(tasks, scheduler, workers, show: bool):
    from alcarbon.batch.core import run_tasks

    if not show:
        return run_tasks(tasks, scheduler=scheduler, workers=workers)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(TextColumn("studies"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True)) as bar:
        job = bar.add_task("studies", total=len(tasks))
        return run_tasks(tasks, scheduler=scheduler, workers=workers,
                         on_done=lambda done, _total: bar.update(job, completed=done))


def register(app: typer.Typer) -> None:
    @app.command()
    @friendly_errors
    def batch(
        directory: Path = typer.Argument(
            None, metavar="DIR",
            help="folder of study files (.yaml, .yml, .json, .xlsx; searched recursively)"),
        db: str = typer.Option(None, "--db", help="instead of a folder: every study's head "
                               "revision in this store (sqlite path or postgresql URL)"),
        org: str = typer.Option(None, "--org", help="--db: only this organisation (name)"),
        site: str = typer.Option(None, "--site", help="--db: only this site (name)"),
        output: Path = typer.Option(..., "-o", "--output",
                                    help="results table: .parquet or .csv"),
        allocation: list[str] = typer.Option(
            None, "--allocation", help="scenario: allocation method subdivision, mass or "
            "economic; repeat for several (default: each study's own)"),
        uncertainty: int = typer.Option(0, "--uncertainty", help="Monte Carlo iterations per "
                                        "study and scenario (0: none)"),
        seed: int = typer.Option(0, "--seed", help="Monte Carlo random seed"),
        scheduler: str = typer.Option(None, "--scheduler", help="address of a running Dask "
                                      "scheduler, e.g. tcp://10.0.0.5:8786 (cluster mode)"),
        workers: int = typer.Option(None, "--workers", help="local worker processes "
                                    "(default min(2, CPUs)); ignored with --scheduler"),
        progress: bool = typer.Option(True, "--progress/--no-progress",
                                      help="progress bar on stderr"),
    ) -> None:
        """Footprints of many studies (products x declared/location x scenarios) on Dask."""
        import sys

        from alcarbon.batch import output as out
        from alcarbon.batch import tasks as collect
        from alcarbon.batch.core import failures, require_dask
        from alcarbon.batch.run import ALLOCATIONS
        from alcarbon.errors import InputError

        if (directory is None) == (db is None):
            raise InputError("give either a folder of studies or --db URL, not both"
                             if directory is not None else "no studies given",
                             where="alcarbon batch", expected="alcarbon batch DIR -o OUT or "
                             "alcarbon batch --db URL -o OUT")
        if (org or site) and db is None:
            raise InputError("--org and --site filter a store", where="--org/--site",
                             expected="--db URL with them")
        if uncertainty < 0:
            raise InputError(f"{uncertainty} is negative", where="--uncertainty",
                             expected="0 (none) or a number of iterations, e.g. 1000")
        if workers is not None and workers < 1:
            raise InputError(f"{workers} workers", where="--workers", expected="1 or more")
        for a in allocation or []:
            check_choice(a, ALLOCATIONS, "--allocation", what="allocation method")
        out.check_target(output)
        require_dask()  # before reading any input: say how to install it
        found = collect.from_directory(directory) if db is None else \
            collect.from_store(db, org=org, site=site)
        allocs = tuple(dict.fromkeys(allocation)) if allocation else (None,)
        todo = collect.with_options(found, allocs, uncertainty, seed)
        rows = _progress_runner(todo, scheduler, workers, progress)
        out.write(rows, output)
        failed = failures(rows)
        # a study counts as computed when every scenario of it was; a failed scenario is an
        # error row of its own beside the rows of the scenarios that worked
        bad = {r["source"] for r in rows if r.get("status") != "ok"}
        ok = len(todo) - len(bad)
        print(f"{ok} of {len(todo)} studies computed, {len(rows)} rows -> {output}",
              file=sys.stderr)
        if failed:
            part = bad & {r["source"] for r in rows if r.get("status") == "ok"}
            what = f"{len(bad)} {'study' if len(bad) == 1 else 'studies'} failed"
            if part:
                what += (f" ({len(part)} in part: the rows of the scenarios that worked are in "
                         "the output)")
            print(f"{what}:", file=sys.stderr)
            for msg in failed:
                indented = msg.replace("\n", "\n    ")
                print(f"  - {indented}", file=sys.stderr)
            raise typer.Exit(code=1)
