"""Every command freezes the heap at exit (once per process): interpreter shutdown then skips
the full collections over what the command left (cli.main._freeze_at_exit)."""

from __future__ import annotations

import atexit
import gc

from typer.testing import CliRunner

import alcarbon.cli.main as cli_main


def test_a_command_registers_one_freeze_at_exit(monkeypatch, tmp_path):
    registered = []
    monkeypatch.setattr(atexit, "register", lambda fn, *a, **k: registered.append(fn))
    monkeypatch.setattr(cli_main, "_frozen_at_exit", False)
    runner = CliRunner()
    for _ in range(2):  # two commands in one process: one registration
        runner.invoke(cli_main.app, ["calc", str(tmp_path / "missing.yaml")])
    assert registered == [gc.freeze]
