"""On-disk cache of the parsed packaged factor library (a user cache folder, marshal).

Parsing and validating the packaged CSV files takes 15-25 ms of CPU, paid by every process
(`alcarbon calc` does little else). The validated records are written once as rows of plain
values (marshal) and read back in ~1.5 ms; a model is rebuilt as pydantic's own unpickling hook
(``__setstate__``) does, which skips validation: they are exactly the objects validation made
(tests/factors/test_library_cache.py). Factors and fuels are rebuilt on first look-up
(factors/lazy.py): a `calc` reads a dozen of them.

The key hashes the digest of the packaged data files' names and bytes (the one the library
computes for its version), the code that turns them into models (this module, factors/model.py,
factors/io.py, factors/lazy.py, gwp.py, units.py, textdata.py, textio.py), the alcarbon,
pydantic, Python and marshal versions: an edited file, another release or another interpreter
finds no entry and parses. A stored entry also carries the SHA-256 of its payload, checked
before it is read; any read, format or check failure falls back to parsing. Files are written
atomically (alcarbon.atomic); the folder keeps the few most recently written entries (each
~0.1 MB: a string met again is stored once). An entry is written only if the data files did not
change while they were parsed. The cache holds only the packaged data; a study's own factors
are applied after it.

Folder: ``$ALCARBON_CACHE_DIR`` if set (``off`` disables the cache), else the platform's user
cache folder (platformdirs, e.g. ``~/.cache/alcarbon``).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from alcarbon.factors.lazy import LazyModels
from alcarbon.factors.model import Factor, Flow, FuelProperties, Source

FORMAT = 3
#: entries kept in the folder (one per data/code/version combination seen most recently)
KEEP = 4
_PREFIX = "factors-"
_SUFFIX = ".bin"
# modules whose code decides the validated form of the packaged records
_CODE_MODULES = ("alcarbon.factors.cache", "alcarbon.factors.model", "alcarbon.factors.io",
                 "alcarbon.factors.lazy", "alcarbon.gwp", "alcarbon.units", "alcarbon.textdata",
                 "alcarbon.textio")

Parsed = tuple[Mapping[str, Factor], dict[str, Mapping[str, FuelProperties]],
               Mapping[str, Flow]]


def cache_dir() -> Path | None:
    """The cache folder, or None when ``ALCARBON_CACHE_DIR=off``."""
    env = os.environ.get("ALCARBON_CACHE_DIR")
    if env is not None and env.strip():
        return None if env.strip().lower() == "off" else Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("alcarbon", appauthor=False))


def key(data_digest: str) -> str:
    """Hex SHA-256 naming one parse: the data files' digest, the parsing code, the versions."""
    import importlib

    import pydantic

    from alcarbon import __version__

    h = hashlib.sha256()
    for part in (f"format {FORMAT}", f"data {data_digest}", f"alcarbon {__version__}",
                 f"pydantic {pydantic.VERSION}",
                 f"python {sys.version_info[0]}.{sys.version_info[1]}",
                 f"marshal {marshal.version}"):
        h.update(part.encode() + b"\0")
    for mod in _CODE_MODULES:
        h.update(mod.encode() + b"\0")
        h.update(hashlib.sha256(Path(importlib.import_module(mod).__file__ or "").read_bytes())
                 .digest())
    return h.hexdigest()


def _path(folder: Path, k: str) -> Path:
    return folder / f"{_PREFIX}{k[:32]}{_SUFFIX}"


# Payload (marshal of plain data: dicts, lists, strings, numbers, None): per model class, rows
# of the field values in the class's field order (a nested Source as its own row), each ending
# with the index of its model_fields_set in "sets" (few distinct ones); factors and each fuel
# table by id. marshal reads it ~4x faster than JSON; the entry's hash is checked first.


def _plain(v: Any, strs: dict[str, str]) -> Any:
    """``v`` with each string replaced by the first equal one met (marshal writes a string met
    again as a reference: a smaller entry, read faster) and a list by a fresh copy (two models
    read back must not share one list)."""
    if type(v) is str:
        return strs.setdefault(v, v)
    if type(v) is list:
        return [strs.setdefault(x, x) if type(x) is str else x for x in v]
    return v


def _row(cls: type[BaseModel], m: BaseModel, names: list[str], sets: dict[tuple, int],
         strs: dict[str, str]) -> list:
    if type(m) is not cls or list(m.__dict__) != names:
        raise ValueError(f"unexpected layout of a {cls.__name__}")  # store nothing
    row = [_row(Source, v, list(Source.model_fields), sets, strs) if isinstance(v, BaseModel)
           else _plain(v, strs) for v in m.__dict__.values()]
    row.append(sets.setdefault(tuple(sorted(m.model_fields_set)), len(sets)))
    return row


def _rows(cls: type[BaseModel], models: Iterable[BaseModel], sets: dict[tuple, int],
          strs: dict[str, str]) -> list:
    names = list(cls.model_fields)
    return [_row(cls, m, names, sets, strs) for m in models]


def _maker(cls: type[BaseModel], names: list[str], src: int, sets: list[frozenset[str]]
           ) -> Callable[[list], BaseModel]:
    """A function that rebuilds one model ``_row`` wrote (its shape checked by :func:`_lazy`;
    ``src``: the position of its nested Source row, or -1), without validation: the four
    attributes pydantic's own unpickling (``BaseModel.__setstate__``) sets, set directly."""
    src_names = list(Source.model_fields)
    setattr_ = object.__setattr__

    def make(row: list) -> BaseModel:
        # zip stops before the fields-set index that ends each row
        values = dict(zip(names, row, strict=False))
        if src >= 0:
            srow = row[src]
            s = Source.__new__(Source)
            setattr_(s, "__pydantic_fields_set__", set(sets[srow[-1]]))
            setattr_(s, "__pydantic_extra__", None)
            setattr_(s, "__pydantic_private__", None)
            setattr_(s, "__dict__", dict(zip(src_names, srow, strict=False)))
            values["source"] = s
        m = cls.__new__(cls)
        setattr_(m, "__pydantic_fields_set__", set(sets[row[-1]]))
        setattr_(m, "__pydantic_extra__", None)
        setattr_(m, "__pydantic_private__", None)
        setattr_(m, "__dict__", values)
        return m

    return make


def _lazy(cls: type[BaseModel], rows: dict, sets: list[frozenset[str]]) -> LazyModels:
    """Models by id, each rebuilt on first look-up (factors/lazy.py); the rows' shapes checked
    now, so that a look-up cannot fail later."""
    names = list(cls.model_fields)
    src = names.index("source") if "source" in names else -1
    width, src_width = len(names) + 1, len(Source.model_fields) + 1
    if type(rows) is not dict or not all(
            type(r) is list and len(r) == width and type(r[-1]) is int and r[-1] < len(sets)
            and (src < 0 or (type(r[src]) is list and len(r[src]) == src_width
                             and type(r[src][-1]) is int and r[src][-1] < len(sets)))
            for r in rows.values()):
        raise ValueError(f"{cls.__name__} rows are not a mapping of rows of its fields")
    return LazyModels(rows, _maker(cls, names, src, sets), names)


def load(data_digest: str) -> Parsed | None:
    """The cached parse of the data files of SHA-256 ``data_digest`` (their names and bytes,
    as the library hashes them for its version), or None (no entry, or anything wrong).
    Factors, fuels and flows come as read-only mappings by id that build each model on first
    look-up."""
    try:
        folder = cache_dir()
        if folder is None:
            return None
        k = key(data_digest)
        raw = _path(folder, k).read_bytes()
        head, payload = raw.split(b"\n", 1)
        meta = json.loads(head)
        if meta != {"key": k, "sha256": hashlib.sha256(payload).hexdigest()}:
            return None
        data = marshal.loads(payload)
        sets = [frozenset(fs) for fs in data["sets"]]
        factors = _lazy(Factor, data["factors"], sets)
        fuels = {t: _lazy(FuelProperties, rows, sets) for t, rows in data["fuel_tables"].items()}
        flows = _lazy(Flow, data["flows"], sets)
        return factors, fuels, flows
    except Exception:  # a cache never fails the load: parse instead
        return None


def store(data_digest: str, parsed: Parsed) -> None:
    """Write the parse of the data of ``data_digest`` atomically, keeping the KEEP newest
    entries; errors ignored."""
    try:
        folder = cache_dir()
        if folder is None:
            return
        from alcarbon.atomic import atomic_write

        factors, fuels, flows = parsed
        sets: dict[tuple, int] = {}
        strs: dict[str, str] = {}
        body = {
            "factors": dict(zip(factors, _rows(Factor, factors.values(), sets, strs),
                                strict=True)),
            "fuel_tables": {t: dict(zip(tab, _rows(FuelProperties, tab.values(), sets, strs),
                                        strict=True))
                            for t, tab in fuels.items()},
            "flows": dict(zip(flows, _rows(Flow, flows.values(), sets, strs), strict=True)),
        }
        if any(f.id != i for i, f in [*factors.items(), *flows.items()]) or any(
                f.id != i for tab in fuels.values() for i, f in tab.items()):
            return  # keyed by something else than the id: not what load rebuilds
        body["sets"] = [list(fs) for fs in sets]
        payload = marshal.dumps(body)
        k = key(data_digest)
        head = json.dumps({"key": k, "sha256": hashlib.sha256(payload).hexdigest()}).encode()
        target = _path(folder, k)
        atomic_write(target, head + b"\n" + payload)
        # several checkouts or versions may share the folder: keep the most recent few
        # (only this format's: older releases sharing the folder prune their own)
        entries = sorted(folder.glob(f"{_PREFIX}*{_SUFFIX}"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            if old != target:
                old.unlink(missing_ok=True)
    except Exception:  # a cache that cannot be written is only slower
        return
