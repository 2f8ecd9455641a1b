"""Province and grid-region names: Chinese, English, pinyin and one-character short names.

Canonical province ids are lower-case pinyin without spaces (``yunnan``, ``neimenggu``,
``shaanxi`` for 陕西 and ``shanxi`` for 山西). Grid-region ids are ``region.<name>`` for the
seven regions of the MEE electricity CO2 factor tables (华北 north, 东北 northeast, 华东 east,
华中 central, 西北 northwest, 南方 south, 西南 southwest). Which provinces form each region is
not shipped: the official membership (MEE 计算说明) was not obtained (domain-data.md §1.2).
"""

from __future__ import annotations

import csv
import difflib
from functools import lru_cache
from importlib import resources

from alcarbon.errors import InputError

NATIONAL = "CN"
_NATIONAL_NAMES = {"cn", "china", "national", "全国", "中国", "nation", "prc"}
_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市",
    "province", "autonomousregion", "municipality",
)

GRID_REGIONS: dict[str, tuple[str, str]] = {
    "north": ("华北", "North China"),
    "northeast": ("东北", "Northeast China"),
    "east": ("华东", "East China"),
    "central": ("华中", "Central China"),
    "northwest": ("西北", "Northwest China"),
    "south": ("南方", "South China (China Southern Grid)"),
    "southwest": ("西南", "Southwest China"),
}


def _norm(text: str) -> str:
    s = "".join(c for c in text.strip().lower() if c not in " _-'·.")
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
            break
    return s


@lru_cache(maxsize=1)
def _province_table() -> tuple[dict[str, str], dict[str, str]]:
    """(lookup name -> id, id -> Chinese name) from the packaged provinces.csv."""
    ref = resources.files("alcarbon").joinpath("data", "factors", "provinces.csv")
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    with ref.open("r", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pid = row["id"]
            names[pid] = row["name_zh"]
            keys = [pid, row["name_zh"], row["full_name_zh"], row["name_en"], row["short"]]
            keys += [a for a in row["aliases"].split(";") if a]
            for k in keys:
                lookup[_norm(k)] = pid
    return lookup, names


def province_ids() -> list[str]:
    """Canonical ids of the 31 mainland provinces (including xizang, which has no grid factor)."""
    return list(_province_table()[1])


def province_name_zh(pid: str) -> str:
    return _province_table()[1][pid]


def province(name: str) -> str:
    """Canonical province id for ``name`` (云南, 云南省, Yunnan, yunnan, 滇 -> ``yunnan``).

    Raises :class:`InputError` listing close matches when the name is not a province.
    """
    lookup, _ = _province_table()
    key = _norm(name or "")
    if key in lookup:
        return lookup[key]
    close = difflib.get_close_matches(key, list(lookup), n=5, cutoff=0.6)
    hint = sorted({lookup[c] for c in close})
    raise InputError(
        f"unknown province {name!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""),
        expected="a Chinese, English, pinyin or short province name such as 云南, Yunnan or 滇",
    )


def grid_region(name: str) -> str | None:
    """``region.<id>`` for a grid-region name (西南, 西南区域, southwest), else None."""
    key = _norm(name or "").removeprefix("region")
    for suffix in ("区域电网", "区域", "电网", "grid", "china"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    for rid, (zh, en) in GRID_REGIONS.items():
        if key in {rid, zh, _norm(en)}:
            return f"region.{rid}"
    return None


def is_national(name: str) -> bool:
    return _norm(name or "") in _NATIONAL_NAMES


@lru_cache(maxsize=256)  # pure function of the packaged table; errors are not cached
def normalise_region(name: str) -> str:
    """``CN``, ``region.<id>`` or a province id; :class:`InputError` when none fits."""
    if is_national(name):
        return NATIONAL
    reg = grid_region(name)
    if reg:
        return reg
    return province(name)
