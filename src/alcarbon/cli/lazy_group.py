"""The root command group builds only the command that runs.

typer turns every registered command into click parameters when the app is called; with all
command modules registered up front that cost ~20 ms of every `alcarbon calc` for 30 commands
that do not run. Here the root group knows the commands from a static table (name, module,
first paragraph of its help) and imports and builds a command module only when one of its
commands is asked for. `alcarbon --help` lists the table without importing any command module.
tests/cli/test_lazy_group.py checks the table against what the modules register (names, order
and the listed help text), so it cannot drift.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from gettext import gettext as _
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from alcarbon.cli.deferred_params import defer

# Settings shared by the root app and the per-module apps the commands are built from, so a
# lazily built command renders its help exactly as one built with the root app would.
APP_SETTINGS: dict[str, Any] = {
    "add_completion": False,
    "pretty_exceptions_enable": False,
    # plain click help: rich's help renderer (markdown-it, pygments) would triple the start-up
    # time of `alcarbon --help` (bench/bench_engine.py); tables in command output still use rich
    "rich_markup_mode": None,
}

# (command, module alcarbon.cli.<module> whose register(app) defines it, first paragraph of its
# help), in the order `alcarbon --help` lists them: plain commands, then sub-groups.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("calc", "calc_cmd", "Carbon footprint of the study's declared products (GB/T 44905 8.2)."),
    ("schema", "study_cmd", "Print the JSON Schema of a study (the inventory model)."),
    ("template", "study_cmd",
     "Write an empty Appendix C data-collection workbook (tables C.1-C.5 and a study sheet)."),
    ("convert", "study_cmd",
     "Convert a study between YAML, JSON and the Appendix C workbook (lossless)."),
    ("check", "check_cmd",
     "Compliance checklist of GB/T 44905 (exit 1 when a shall clause fails)."),
    ("uncertainty", "uncertainty_cmd",
     "Monte Carlo and sensitivity of the footprint (GB/T 44905 9.2 b, 9.3 a)."),
    ("report", "report_cmd", "GB/T 44905 clause-10 / Appendix E carbon footprint report."),
    ("export", "report_cmd",
     "Exchange files: PACT v3.0 ProductFootprint or EU CBAM summary (unwrought aluminium)."),
    ("serve", "serve_cmd", "Serve the web application and the HTTP API (OpenAPI at /docs)."),
    ("batch", "batch_cmd",
     "Footprints of many studies (products x declared/location x scenarios) on Dask."),
    ("factors", "factors_cmd", "Emission factors, fuel properties and GWP sets (with sources)."),
    ("chain", "chain_cmd", "Province x year aluminium industry-chain model (docs/chain.md)."),
    ("mrio", "mrio_cmd", "MRIO embodied-carbon flows between regions and sectors."),
    ("pact", "pact_cmd", "PACT Data Exchange (WBCSD): pull suppliers' footprints."),
)

COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(m for _, m, _ in COMMANDS))


def build_module(module: str) -> dict[str, Any]:
    """Import `alcarbon.cli.<module>` and build the click commands its register() defines."""
    sub = typer.Typer(**APP_SETTINGS)
    importlib.import_module(f"alcarbon.cli.{module}").register(sub)
    commands = dict(typer.main.get_group(sub).commands)
    for cmd in commands.values():
        defer(cmd)  # typer's coercion built only for the values that need it
    return commands


class _LazyCommands(MutableMapping[str, Any]):
    """Commands by name; a command's module is imported and built on first look-up."""

    def __init__(self, loaded: MutableMapping[str, Any]) -> None:
        self._module = {name: module for name, module, _ in COMMANDS}
        self._loaded: dict[str, Any] = dict(loaded)

    def is_loaded(self, name: str) -> bool:
        return name in self._loaded

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            module = self._module[name]  # KeyError: no such command
            for built, cmd in build_module(module).items():
                self._loaded.setdefault(built, cmd)
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._module or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        yield from self._module
        yield from (n for n in self._loaded if n not in self._module)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __setitem__(self, name: str, cmd: Any) -> None:
        self._loaded[name] = cmd

    def __delitem__(self, name: str) -> None:
        self._module.pop(name, None)
        self._loaded.pop(name, None)


class LazyGroup(TyperGroup):
    """Root group: lists the static table, builds a command module only when it runs."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self.commands)
        defer(self, sub_commands=False)  # its own options; each command when it is built

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands section of --help from the table (no command module imported)."""
        lazy = self.commands
        assert isinstance(lazy, _LazyCommands)
        helps = {name: text for name, _, text in COMMANDS}
        names = list(lazy)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            if lazy.is_loaded(name) or name not in helps:
                cmd = lazy[name]
                if cmd.hidden:
                    continue
            else:
                # a stand-in with the table's help shortens it exactly as the command would
                cmd = TyperCommand(name=name, help=helps[name])
            rows.append((name, cmd.get_short_help_str(limit)))
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)
