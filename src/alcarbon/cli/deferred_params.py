"""Typer's value coercion built only for the values that need it.

typer (0.29) coerces every parameter's value through a pydantic ``TypeAdapter`` that it builds
on first use (``_TyperParameter.get_runtime_param``): ~0.25 ms each, ~2 ms of a cold
`alcarbon calc` for its seven parameters, although most of them hold their default. An option
left out (value None) never reaches the adapter (typer returns ``()`` or None before using it),
and a ``str`` or ``int`` parameter without parser or bounds whose value already is a ``str`` or
``int`` comes out of its adapter unchanged. :func:`defer` gives each parameter a stand-in that
answers those cases itself and builds typer's own coercion for any other value, so every other
value (and every error message) is typer's. Skipped when typer has no such hook.
"""

from typing import Any

#: annotations whose adapter returns a value of exactly this type as it is (no parser, no bounds)
_PLAIN = (str, int)


class _Deferred:
    """Stands in for typer's ``RuntimeParam`` until a value needs the real one."""

    __slots__ = ()

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """typer's ``RuntimeParam.coerce`` for None and plain values; else typer's own."""
        if value is None:  # what RuntimeParam.coerce returns before any adapter is used
            return () if (param.multiple or param.nargs == -1) else None
        desc = param.type_descriptor
        info = desc.parameter_info
        if (type(value) is desc.annotation and desc.annotation in _PLAIN
                and param.nargs == 1 and not param.multiple and desc.file_annotation is None
                and info.parser is None and info.min is None and info.max is None
                and not info.clamp):
            return value
        from typer._coercion import build_runtime_param

        real = param._runtime_param = build_runtime_param(desc)
        return real.coerce(value, param=param, ctx=ctx)


_DEFERRED = _Deferred()


def _defer_param(p: Any) -> None:
    if (getattr(p, "_runtime_param", 0) is None and hasattr(p, "type_descriptor")
            and hasattr(p, "get_runtime_param")):
        p._runtime_param = _DEFERRED


def defer(command: Any, sub_commands: bool = True) -> None:
    """Give every typer parameter of ``command`` (its ``--help`` option included, which click
    makes on first use, and of its sub-commands unless ``sub_commands`` is false) the
    stand-in."""
    try:
        from typer._coercion import build_runtime_param  # noqa: F401
    except ImportError:  # another typer: its own coercion, as it is
        return
    for p in getattr(command, "params", ()):
        _defer_param(p)
    make_help = getattr(command, "get_help_option", None)
    if make_help is not None:
        def get_help_option(ctx: Any) -> Any:
            opt = make_help(ctx)
            if opt is not None:
                _defer_param(opt)
            return opt

        command.get_help_option = get_help_option
    if sub_commands:
        for sub in getattr(command, "commands", {}).values():
            defer(sub)
