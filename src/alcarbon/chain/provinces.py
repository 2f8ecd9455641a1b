"""The 31 mainland provinces: canonical ids, Chinese and English names, tile-grid map positions.

Province cells in the data files may be written 云南, 云南省, Yunnan or yunnan; :func:`normalise`
returns the canonical id (``yunnan``). The tile positions (``tile_col``, ``tile_row``) place each
province as one square on a 10 x 9 grid that keeps rough geographic neighbourhood; they are a
layout, not geometry (see docs/chain.md, "Map").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from alcarbon.errors import InputError

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


@dataclass(frozen=True)
class Province:
    id: str
    zh: str
    en: str
    tile_col: int
    tile_row: int


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """All 31 provinces in the order of the packaged table (NBS order)."""
    text = resources.files("alcarbon").joinpath("data", "chain", "provinces.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Province(r["id"], r["zh"], r["en"], int(r["tile_col"]), int(r["tile_row"])) for r in rows
    )


def _key(name: str) -> str:
    s = name.strip()
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
            break
    return "".join(c for c in s.lower() if c.isalnum())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    idx: dict[str, str] = {}
    for p in provinces():
        for alias in (p.id, p.zh, p.en):
            idx[_key(alias)] = p.id
    idx["neimenggu"] = "inner_mongolia"
    idx["xizang"] = "tibet"
    return idx


@lru_cache(maxsize=4096)
def _lookup(name: str) -> str | None:
    return _index().get(_key(name))


def normalise(name: str, *, where: str | None = None) -> str:
    """Canonical province id of ``name``; :class:`InputError` naming ``where`` if unknown."""
    pid = _lookup(str(name))
    if pid is None:
        raise InputError(
            f"unknown province {name!r}",
            where=where,
            expected="one of the 31 mainland provinces, e.g. 云南, Yunnan or yunnan",
        )
    return pid


def by_id() -> dict[str, Province]:
    return {p.id: p for p in provinces()}


def zh_name(pid: str) -> str:
    """Chinese short name of a province id (the id itself if unknown)."""
    p = by_id().get(pid)
    return p.zh if p else pid
