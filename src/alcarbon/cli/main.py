"""`alcarbon` console script.

Every command group lives in its own module ``alcarbon.cli.<name>_cmd`` exposing ``register(app)``;
the root group (cli/lazy_group.py) imports and builds only the module of the command that runs.
Those modules import only typer at module level; heavy libraries are imported inside commands so
``alcarbon --help`` stays fast.
"""

import sys

import typer

from alcarbon import __version__
from alcarbon.cli.lazy_group import APP_SETTINGS, LazyGroup

app = typer.Typer(
    name="alcarbon",
    help="Carbon accounting for the aluminium industry chain (GB/T 44905-2024, chain, MRIO).",
    no_args_is_help=True,
    # only the command that runs is imported and built (cli/lazy_group.py)
    cls=LazyGroup,
    **APP_SETTINGS,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alcarbon {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """alcarbon command line."""
    _freeze_at_exit()


_frozen_at_exit = False


def _freeze_at_exit() -> None:
    """Freeze the heap when the process exits: interpreter shutdown otherwise runs full garbage
    collections over every object pandas, pint and the factor library left (30-60 ms after
    `alcarbon calc`, 0.3 s after `chain run`), which the operating system frees anyway. At
    exit, not now: a process that goes on (tests, CliRunner) keeps its collector."""
    global _frozen_at_exit
    if not _frozen_at_exit:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _frozen_at_exit = True


def run() -> None:  # pragma: no cover - thin wrapper
    app(prog_name="alcarbon")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
