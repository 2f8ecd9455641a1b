"""The deferred coercion of typer parameters (cli/deferred_params.py) answers as typer does."""

from pathlib import Path

import pytest
import typer
from typer._coercion import build_runtime_param
from typer.testing import CliRunner

from alcarbon.cli.deferred_params import _DEFERRED, defer
from alcarbon.cli.lazy_group import build_module
from alcarbon.cli.main import app


def _ctx(cmd):
    return typer.Context(cmd)


def _answer(coerce, value, param, ctx):
    try:
        return ("ok", coerce(value, param=param, ctx=ctx))
    except Exception as exc:  # noqa: BLE001 - the error is part of the answer
        return ("error", type(exc).__name__, str(exc))


@pytest.mark.parametrize("value", [None, "json", "7", 7, 3.5, True, "", ["a"], ("a", "b"),
                                   Path("x.yaml"), "x.yaml"])
def test_calc_params_coerce_as_typer(value):
    cmd = build_module("calc_cmd")["calc"]
    ctx = _ctx(cmd)
    for p in cmd.params:
        assert p._runtime_param is _DEFERRED
        own = build_runtime_param(p.type_descriptor)
        got = _answer(_DEFERRED.coerce, value, p, ctx)
        want = _answer(own.coerce, value, p, ctx)
        assert got == want, (p.name, value)
        p._runtime_param = _DEFERRED  # a built one replaces the stand-in: start again


def test_real_coercion_built_once_for_other_values():
    cmd = build_module("calc_cmd")["calc"]
    top = next(p for p in cmd.params if p.name == "top")
    assert top.process_value(_ctx(cmd), 7) == 7
    assert top._runtime_param is _DEFERRED  # a plain int needs no adapter
    assert top.process_value(_ctx(cmd), "7") == 7
    assert top._runtime_param is not _DEFERRED  # typer's own, kept for the next value


def test_help_option_deferred_and_help_unchanged():
    cmd = build_module("calc_cmd")["calc"]
    opt = cmd.get_help_option(_ctx(cmd))
    assert opt is not None and opt._runtime_param is _DEFERRED
    assert cmd.get_help_option(_ctx(cmd)) is opt
    r = CliRunner().invoke(app, ["calc", "--help"])
    assert r.exit_code == 0 and "--format" in r.output


def test_bad_value_message_is_typers():
    r = CliRunner().invoke(app, ["calc", "x.yaml", "--top", "abc"])
    assert r.exit_code == 2
    assert "Invalid value for '--top'" in r.output


def test_defer_leaves_a_built_coercion():
    cmd = build_module("calc_cmd")["calc"]
    p = cmd.params[0]
    built = p._runtime_param = build_runtime_param(p.type_descriptor)
    defer(cmd)
    assert p._runtime_param is built
