"""On-disk cache of the parsed packaged factor library (a user cache folder, JSON).

Parsing and validating the packaged CSV files takes 15-25 ms of CPU, paid by every process
(`alcarbon calc` does little else). The validated records are written once as JSON and read back
in ~5 ms, rebuilt with pydantic's own unpickling hook (``__setstate__``), which skips validation:
they are exactly the objects validation made (tests/factors/test_library_cache.py).

The key hashes the digest of the packaged data files' names and bytes (the one the library
computes for its version), the code that turns them into models (this module, factors/model.py,
factors/io.py, gwp.py, units.py, textdata.py, textio.py), the alcarbon, pydantic and Python
versions: an edited file, another release or another interpreter finds no entry and parses.
A stored entry also carries the SHA-256 of its payload; any read, format or check failure falls
back to parsing. Files are written atomically (alcarbon.atomic); the folder keeps the few most
recently written entries (each ~0.3 MB). An entry is written only if the data files did not
change while they were parsed. The cache holds only the packaged data; a study's own factors
are applied after it.

Folder: ``$ALCARBON_CACHE_DIR`` if set (``off`` disables the cache), else the platform's user
cache folder (platformdirs, e.g. ``~/.cache/alcarbon``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from alcarbon.factors.model import Factor, Flow, FuelProperties, Source

FORMAT = 1
#: entries kept in the folder (one per data/code/version combination seen most recently)
KEEP = 4
_PREFIX = "factors-"
# modules whose code decides the validated form of the packaged records
_CODE_MODULES = ("alcarbon.factors.cache", "alcarbon.factors.model", "alcarbon.factors.io",
                 "alcarbon.gwp", "alcarbon.units", "alcarbon.textdata", "alcarbon.textio")

Parsed = tuple[dict[str, Factor], dict[str, dict[str, FuelProperties]], list[Flow]]


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
                 f"python {sys.version_info[0]}.{sys.version_info[1]}"):
        h.update(part.encode() + b"\0")
    for mod in _CODE_MODULES:
        h.update(mod.encode() + b"\0")
        h.update(hashlib.sha256(Path(importlib.import_module(mod).__file__ or "").read_bytes())
                 .digest())
    return h.hexdigest()


def _path(folder: Path, k: str) -> Path:
    return folder / f"{_PREFIX}{k[:32]}.json"


def _dump(m: BaseModel) -> list[Any]:
    d = dict(m.__dict__)
    src = d.get("source")
    if isinstance(src, BaseModel):
        d["source"] = _dump(src)
    return [d, sorted(m.model_fields_set)]


def _revive(cls: type[BaseModel], rec: list[Any]) -> Any:
    """The model ``_dump`` wrote, rebuilt without validation (as unpickling does)."""
    d, fields_set = rec
    if cls is not Source and "source" in d:
        d["source"] = _revive(Source, d["source"])
    m = cls.__new__(cls)
    m.__setstate__({"__dict__": d, "__pydantic_fields_set__": set(fields_set),
                    "__pydantic_extra__": None, "__pydantic_private__": None})
    return m


def load(data_digest: str) -> Parsed | None:
    """The cached parse of the data files of SHA-256 ``data_digest`` (their names and bytes,
    as the library hashes them for its version), or None (no entry, or anything wrong)."""
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
        data = json.loads(payload)
        factors = {r[0]["id"]: _revive(Factor, r) for r in data["factors"]}
        fuels = {t: {r[0]["id"]: _revive(FuelProperties, r) for r in recs}
                 for t, recs in data["fuel_tables"].items()}
        flows = [_revive(Flow, r) for r in data["flows"]]
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
        payload = json.dumps({
            "factors": [_dump(f) for f in factors.values()],
            "fuel_tables": {t: [_dump(f) for f in tab.values()] for t, tab in fuels.items()},
            "flows": [_dump(f) for f in flows],
        }, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        k = key(data_digest)
        head = json.dumps({"key": k, "sha256": hashlib.sha256(payload).hexdigest()}).encode()
        target = _path(folder, k)
        atomic_write(target, head + b"\n" + payload)
        # several checkouts or versions may share the folder: keep the most recent few
        entries = sorted(folder.glob(f"{_PREFIX}*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            if old != target:
                old.unlink(missing_ok=True)
    except Exception:  # a cache that cannot be written is only slower
        return
