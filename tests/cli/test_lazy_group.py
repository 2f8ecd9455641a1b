"""The root group builds only the command that runs (cli/lazy_group.py); its static table must
list exactly what the command modules register, and the CLI must behave as one built eagerly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner

import alcarbon.cli.main as cli_main
from alcarbon.cli.lazy_group import APP_SETTINGS, COMMAND_MODULES, COMMANDS, build_module

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "coal_captive_smelter.yaml"


def _eager_app() -> typer.Typer:
    """The CLI as it was built before the lazy group: every module registered up front."""
    eager = typer.Typer(name="alcarbon", help=cli_main.app.info.help, no_args_is_help=True,
                        **APP_SETTINGS)
    eager.callback()(cli_main._root)
    for module in COMMAND_MODULES:
        __import__(f"alcarbon.cli.{module}", fromlist=["register"]).register(eager)
    return eager


def test_table_lists_what_the_modules_register_in_order():
    eager = typer.main.get_group(_eager_app())
    assert [name for name, _, _ in COMMANDS] == list(eager.commands)
    for name, module, first_paragraph in COMMANDS:
        cmd = build_module(module)[name]
        # the table holds the first paragraph of the command's help, whitespace collapsed
        assert " ".join(cmd.help.split("\n\n")[0].split()) == first_paragraph
        assert not cmd.hidden and not cmd.short_help


@pytest.mark.parametrize("columns", ["80", "200", "50"])
@pytest.mark.parametrize("argv", [
    ["--help"], [], ["--version"], ["cacl"], ["nope", "x"],
    ["calc", "--help"], ["calc"], ["study"], ["factors", "--help"], ["factors", "show"],
    ["chain", "--help"], ["mrio", "--help"], ["mrio", "eebt", "--help"], ["pact", "--help"],
    ["template", "--help"], ["export", "--help"], ["batch", "--help"],
])
def test_lazy_cli_answers_as_the_eager_one(argv, columns):
    runner = CliRunner()
    env = {"COLUMNS": columns}
    lazy = runner.invoke(cli_main.app, argv, env=env, prog_name="alcarbon")
    eager = runner.invoke(_eager_app(), argv, env=env, prog_name="alcarbon")
    assert lazy.exit_code == eager.exit_code
    assert lazy.output == eager.output
    assert lazy.output  # every case prints help, a version or an error


def _modules_after(argv: list[str]) -> list[str]:
    """alcarbon.cli modules a fresh process has imported after running `alcarbon argv`."""
    probe = ("import sys\nfrom alcarbon.cli.main import app\n"
             f"try:\n    app({argv!r}, prog_name='alcarbon')\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('MODULES=' + repr(sorted(m for m in sys.modules"
             " if m.startswith('alcarbon.cli.') and m.endswith('_cmd'))))\n")
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    return ast.literal_eval(p.stderr.rsplit("MODULES=", 1)[1])


def test_calc_imports_no_other_command_module():
    assert _modules_after(["calc", str(EXAMPLE), "--format", "json"]) == ["alcarbon.cli.calc_cmd"]


def test_help_imports_no_command_module():
    assert _modules_after(["--help"]) == []
