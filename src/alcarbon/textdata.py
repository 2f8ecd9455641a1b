"""Reading YAML and JSON text safely: plain data only, no anchors or aliases, bounded nesting.

``yaml.safe_load`` already refuses Python objects, but it still expands aliases: a 15 KB file of
nested anchors (``b: [*a, *a, *a, ...]`` over ten levels) becomes billions of nodes and gigabytes
of memory once the result is walked (the "billion laughs" attack). Studies, factor files and
layouts never need anchors, so any anchor or alias is refused at once with its line and column.
Nesting is capped at :data:`MAX_DEPTH` levels so that ``[[[[...]]]]`` cannot exhaust the stack.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from alcarbon.errors import InputError

#: Deepest nesting of mappings/lists accepted. A study nests about 8 levels
#: (units > inputs > transport > dq > evidence); 64 leaves ample room for hand-written files.
MAX_DEPTH = 64


@cache
def _loader_class() -> type:
    import yaml

    class _PlainLoader(yaml.SafeLoader):
        """SafeLoader that stops at the first anchor or alias and at nesting deeper than
        MAX_DEPTH, before anything is built."""

        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(f"YAML alias '*{event.anchor}' is not allowed", mark)
            if getattr(event, "anchor", None):
                raise _Refused(f"YAML anchor '&{event.anchor}' is not allowed", mark)
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return _PlainLoader


class _Refused(Exception):
    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.message = message
        self.mark = mark


def _at(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def load_yaml(text: str, source: str) -> Any:
    """Plain data (dicts, lists, scalars) of a YAML document.

    Raises :class:`InputError` naming ``source`` (the file or upload), the line and column for
    syntax errors, anchors/aliases and excessive nesting.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _build_from_events(yaml, text, fast)
        except _Unusual:
            pass  # a tag, a merge key, a key that is a collection...: the loader below
        except (_Refused, yaml.YAMLError, ValueError, RecursionError):
            pass  # error path: the pure-Python loader below gives the located message
        try:
            _scan_events(yaml, text, fast)
            return yaml.load(text, Loader=fast)
        except (_Refused, yaml.YAMLError, ValueError, RecursionError):
            pass  # error path: the pure-Python loader below gives the located message
    loader = _loader_class()(text)
    try:
        return loader.get_single_data()
    except _Refused as exc:
        raise InputError(exc.message, where=f"{source}, {_at(exc.mark)}",
                         expected="plain YAML without anchors (&) and aliases (*): "
                         "write each value out in full") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}, {_at(mark)}" if mark else source
        raise InputError(f"cannot parse YAML: {exc.problem or exc.context}", where=where) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        # ValueError: e.g. an integer of more than 4300 digits
        raise InputError(f"cannot parse YAML: {exc}", where=source) from None
    finally:
        loader.dispose()


def _scan_events(yaml: Any, text: str, loader: type) -> None:
    """With libyaml, the same refusals as the pure-Python loader, from the C parser's events
    (parsing twice in C is still several times faster than composing in Python): no anchor,
    no alias, no node deeper than MAX_DEPTH (a scalar counts one level below its collection)."""
    depth = 0
    for ev in yaml.parse(text, Loader=loader):
        if isinstance(ev, yaml.AliasEvent):
            raise _Refused(f"YAML alias '*{ev.anchor}' is not allowed", ev.start_mark)
        if getattr(ev, "anchor", None):
            raise _Refused(f"YAML anchor '&{ev.anchor}' is not allowed", ev.start_mark)
        if isinstance(ev, yaml.ScalarEvent) and depth + 1 > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", ev.start_mark)
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", ev.start_mark)
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


class _Unusual(Exception):
    """Something the one-pass reader leaves to PyYAML's own loader (same answer, slower)."""


#: tags of plain scalars built by the one-pass reader; the others (merge key '<<', value '=')
#: go to PyYAML's loader
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset({_STR, "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
                         "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                         "tag:yaml.org,2002:timestamp"})


def _build_from_events(yaml: Any, text: str, loader_cls: type) -> Any:
    """The data of a one-document YAML text from libyaml's events in one pass, refusing what
    :func:`_scan_events` refuses (raises :class:`_Refused`) and raising :class:`_Unusual` for
    anything but untagged mappings, sequences and plain-data scalars (then PyYAML's loader reads
    the text). Each scalar is resolved and built by PyYAML's own resolver and SafeConstructor
    functions, as ``yaml.load`` with CSafeLoader does; only the node tree is not made."""
    loader = loader_cls(text)
    try:
        scalar_ev, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, \
            yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        resolve, constructors = loader.resolve, loader.yaml_constructors
        scalar_node = yaml.ScalarNode
        # stack of [container, key-or-marker]; _NO_KEY: a mapping waiting for its next key
        stack: list[list[Any]] = []
        docs, root = 0, None
        get = loader.get_event
        stream_end = yaml.StreamEndEvent
        plain = (True, False)
        tags: dict[str, str] = {}  # a plain scalar's resolved tag (a pure function of its text)
        while True:
            ev = get()
            cls = type(ev)
            if cls is scalar_ev:
                if ev.anchor is not None or ev.tag is not None:
                    if ev.anchor is not None:
                        raise _Refused(f"YAML anchor '&{ev.anchor}' is not allowed",
                                       ev.start_mark)
                    raise _Unusual()
                if len(stack) + 1 > MAX_DEPTH:
                    raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", ev.start_mark)
                value = ev.value
                if ev.implicit == plain:
                    tag = tags.get(value)
                    if tag is None:
                        tag = tags[value] = resolve(scalar_node, value, plain)
                else:
                    tag = resolve(scalar_node, value, ev.implicit)
                if tag != _STR:
                    if tag not in _PLAIN_TAGS:
                        raise _Unusual()
                    value = constructors[tag](loader, scalar_node(tag, value, ev.start_mark,
                                                                  ev.end_mark, ev.style))
                item = value
            elif cls is map_start or cls is seq_start:
                if ev.anchor is not None:
                    raise _Refused(f"YAML anchor '&{ev.anchor}' is not allowed", ev.start_mark)
                if ev.tag is not None:
                    raise _Unusual()
                if len(stack) + 1 > MAX_DEPTH:
                    raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", ev.start_mark)
                item = {} if cls is map_start else []
                if not stack:
                    root = item
                elif type(stack[-1][0]) is dict and stack[-1][1] is _NO_KEY:
                    raise _Unusual()  # a collection as a mapping key
                else:
                    _put(stack, item)
                stack.append([item, _NO_KEY])
                continue
            elif cls in ends:
                stack.pop()
                continue
            elif cls is yaml.AliasEvent:
                raise _Refused(f"YAML alias '*{ev.anchor}' is not allowed", ev.start_mark)
            elif cls is yaml.DocumentStartEvent:
                docs += 1
                if docs > 1:
                    raise _Unusual()  # PyYAML's loader says "expected a single document"
                continue
            elif cls is stream_end:
                break
            else:  # stream start, document end
                continue
            # a scalar: a sequence item, a mapping's key (a scalar is hashable) or its value
            if not stack:
                root = item
                continue
            top = stack[-1]
            if type(top[0]) is dict and top[1] is _NO_KEY:
                top[1] = item
            else:
                _put(stack, item)
        return root
    finally:
        loader.dispose()


_NO_KEY = object()


def _put(stack: list[list[Any]], item: Any) -> None:
    """Place ``item`` in the innermost container as a sequence item or a mapping's value (the
    caller has dealt with a mapping's key)."""
    top = stack[-1]
    c = top[0]
    if type(c) is list:
        c.append(item)
    else:
        c[top[1]] = item
        top[1] = _NO_KEY


class _NonFinite(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _NonFinite(name)


def _token_line(text: str, token: str) -> str:
    """'line L, column C' of the first ``token`` outside a string (the decoder does not say)."""
    import re

    for m in re.finditer(re.escape(token), text):
        before = text[:m.start()]
        if len(re.findall(r'(?<!\\)"', before)) % 2 == 0:  # even quotes: not inside a string
            line = before.count("\n") + 1
            return f"line {line}, column {m.start() - before.rfind(chr(10))}"
    return "?"


def load_json(text: str, source: str) -> Any:
    """Data of a JSON document; NaN/Infinity tokens and parse errors raise :class:`InputError`
    naming ``source``, line and column."""
    import json

    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"cannot parse JSON: {exc.msg}",
                         where=f"{source}, line {exc.lineno}, column {exc.colno}") from None
    except _NonFinite as exc:
        raise InputError(f"{exc} is not a number", where=f"{source}, {_token_line(text, str(exc))}",
                         expected="a finite number: JSON has no NaN or Infinity") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"cannot parse JSON: {exc}", where=source,
                         expected="nesting of ordinary depth") from None
