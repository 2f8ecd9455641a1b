"""JSON the CLI prints is always valid JSON: a NaN or infinite number is an error, not a token."""

import json
import math
import sys
from json.encoder import encode_basestring
from typing import IO, Any

from alcarbon.errors import CalculationError


def _first_non_finite(node: Any, path: str = "") -> str | None:
    """Dotted path of the first NaN/inf float in ``node``, or None."""
    if isinstance(node, float) and not math.isfinite(node):
        return path or "(top level)"
    items: Any = ()
    if isinstance(node, dict):
        items = ((f"{path}.{k}" if path else str(k), v) for k, v in node.items())
    elif isinstance(node, list | tuple):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(node))
    for p, v in items:
        found = _first_non_finite(v, p)
        if found:
            return found
    return None


class _Other(Exception):
    """A value the fast writer leaves to :func:`json.dumps`."""


def _indented(data: Any, indent: int) -> str:
    """``json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)``, written
    without json's generic per-value generators (~3x faster on calc's JSON): the same checks in
    the same order (a str, int or float subclass written as json writes it). Raises
    :class:`_Other` for what it leaves to json (a dict key that is not a str, a non-finite
    float, a type json would hand to ``default``)."""
    out: list[str] = []
    put = out.append
    pad = ["\n"]  # newline and indent of each level

    def container(o: Any, level: int, is_dict: bool) -> None:
        if not o:
            put("{}" if is_dict else "[]")
            return
        level += 1
        while len(pad) <= level:
            pad.append("\n" + " " * (indent * len(pad)))
        sep = "," + pad[level]
        first = True
        if is_dict:
            put("{" + pad[level])
            for k, v in o.items():
                if not isinstance(k, str):
                    raise _Other
                if not first:
                    put(sep)
                first = False
                put(encode_basestring(k))
                put(": ")
                write(v, level)
            put(pad[level - 1] + "}")
        else:
            put("[" + pad[level])
            for v in o:
                if not first:
                    put(sep)
                first = False
                write(v, level)
            put(pad[level - 1] + "]")

    def write(o: Any, level: int) -> None:
        t = type(o)
        if t is str:
            put(encode_basestring(o))
        elif t is float:
            if not math.isfinite(o):
                raise _Other
            put(float.__repr__(o))
        elif t is dict:
            container(o, level, True)
        elif t is list:
            container(o, level, False)
        elif t is int:
            put(int.__repr__(o))
        elif o is None:
            put("null")
        elif o is True:
            put("true")
        elif o is False:
            put("false")
        elif isinstance(o, str):  # subclasses, in json's order of checks
            put(encode_basestring(o))
        elif isinstance(o, int):
            put(int.__repr__(o))
        elif isinstance(o, float):
            if not math.isfinite(o):
                raise _Other
            put(float.__repr__(o))
        elif isinstance(o, list | tuple):
            container(o, level, False)
        elif isinstance(o, dict):
            container(o, level, True)
        else:
            raise _Other

    write(data, 0)
    return "".join(out)


def dump_json(data: Any, stream: IO[str] | None = None, **kwargs: Any) -> None:
    """Write ``data`` as JSON plus a newline; refuse NaN/inf (strict JSON has no such tokens)
    with a :class:`CalculationError` naming the field, before anything is written."""
    text = None
    indent = kwargs.get("indent")
    if list(kwargs) == ["indent"] and type(indent) is int and indent >= 0:
        try:
            text = _indented(data, indent)
        except (_Other, RecursionError):
            text = None  # json.dumps writes it, or says why not
    if text is None:
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False, **kwargs)
        except ValueError:
            raise CalculationError(
                "a result is not a finite number, so it cannot be written as JSON",
                where=_first_non_finite(data) or "JSON output",
                expected="finite inputs and factors") from None
    out = stream or sys.stdout
    out.write(text + "\n")
