"""The factor library: packaged, versioned factor datasets plus user overrides.

``load_library()`` reads the CSV files in ``alcarbon/data/factors`` once (cached) and applies user
factor files (YAML, JSON or CSV lists of factors with the :class:`Factor` fields). A user factor
with the id of a packaged one replaces it; a new id adds a factor. ``version`` is a short sha256 of
the packaged files' bytes and of the overrides, so a result can name the exact data it used.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from alcarbon.errors import InputError
from alcarbon.factors import cache as fcache
from alcarbon.factors import io as fio
from alcarbon.factors import regions
from alcarbon.factors.lazy import LazyModels, Overlay, flow_lookup, fuel_index
from alcarbon.factors.model import Factor, Flow, FuelProperties

DATA_PACKAGE = ("data", "factors")
FACTOR_FILES = ("electricity.csv", "heat.csv", "upstream.csv", "freight.csv")
FUEL_TABLES = {
    "cn_al_guideline_2013": "fuels_cn_al_guideline_2013.csv",
    "al_guideline_calc": "fuels_al_guideline_calc.csv",
    "generic_guideline_calc": "fuels_generic_guideline_calc.csv",
    "ceads": "fuels_ceads.csv",  # the 17 CEADs inventory fuels (docs/mrio.md, per-fuel split)
}
#: Former names of fuel tables, still accepted.
FUEL_TABLE_ALIASES = {"ndrc2013_template": "cn_al_guideline_2013"}
# Why this table: the NDRC 2013 electrolytic-aluminium guideline's default table, the one Chinese
# verifiers apply to this sector; see docs/factors.md ("Fuel table").
DEFAULT_FUEL_TABLE = "cn_al_guideline_2013"
FLOW_FILE = "flows.csv"
OTHER_FILES = ("provinces.csv", "VERSION")

# Chinese / short mode names -> freight factor id suffix (documented defaults in docs/factors.md).
FREIGHT_DEFAULTS = {
    "公路": "road_heavy_diesel", "公路运输": "road_heavy_diesel", "road": "road_heavy_diesel",
    "汽运": "road_heavy_diesel", "truck": "road_heavy_diesel",
    "铁路": "rail", "铁路运输": "rail", "铁运": "rail", "train": "rail",
    "水路": "water_generic", "水路运输": "water_generic", "水运": "water_generic",
    "water": "water_generic", "ship": "water_generic", "船运": "water_generic",
    "航空": "air", "空运": "air",
}
BASES = ("combustion_co2", "life_cycle")


def _data_dir() -> Any:
    return resources.files("alcarbon").joinpath(*DATA_PACKAGE)


def _close(word: str, options: Iterable[str], n: int = 5) -> list[str]:
    opts = list(options)
    found = difflib.get_close_matches(word, opts, n=n, cutoff=0.5)
    if not found:
        low = word.lower()
        found = [o for o in opts if low and low in o.lower()][:n]
    return found


class FactorLibrary:
    """Emission factors, fuel properties and the flow catalogue, with lookup helpers."""

    def __init__(
        self,
        factors: Iterable[Factor] | Mapping[str, Factor],
        fuel_tables: Mapping[str, Mapping[str, FuelProperties]],
        flows: Iterable[Flow] | Mapping[str, Flow],
        base_version: str,
        overrides: tuple[Factor, ...] = (),
    ):
        # factors: models, or models by id (the packaged ones built on first look-up, lazy.py)
        self._base: Mapping[str, Factor] = (
            factors if isinstance(factors, LazyModels)
            else dict(factors) if isinstance(factors, Mapping)
            else {f.id: f for f in factors})
        # the overrides replace (same id, same place) or follow the packaged factors
        self._factors: Mapping[str, Factor] = (
            Overlay(self._base, {f.id: f for f in overrides}) if overrides else self._base)
        # the library's own read-only copy of each table (a lazy one is read-only): the index
        # of fuel names is built from it, so later changes to the caller's dicts cannot matter
        self._fuel_tables: dict[str, Mapping[str, FuelProperties]] = {
            name: tab if isinstance(tab, LazyModels) else MappingProxyType(dict(tab))
            for name, tab in fuel_tables.items()}
        self._fuel_index: dict[str, tuple[dict[str, tuple[int, str]],
                                          dict[str, tuple[int, str]]]] = {}
        # flows: models, or models by id (the packaged ones built on first look-up)
        self._flows: Mapping[str, Flow] = (
            flows if isinstance(flows, LazyModels)
            else {f.id: f for f in (flows.values() if isinstance(flows, Mapping) else flows)})
        self._flow_lookup: dict[str, str] = flow_lookup(self._flows)
        self._base_version = base_version
        self._overrides = tuple(overrides)
        payload = json.dumps([o.model_dump(mode="json") for o in self._overrides], sort_keys=True)
        digest = hashlib.sha256((base_version + payload).encode("utf-8")).hexdigest()
        self.version: str = digest[:12] if self._overrides else base_version

    # ---- factors -------------------------------------------------------------------------
    @property
    def factors(self) -> list[Factor]:
        """All factors (packaged and user), in load order."""
        return list(self._factors.values())

    @property
    def overrides(self) -> tuple[Factor, ...]:
        return self._overrides

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._factors

    def __len__(self) -> int:
        return len(self._factors)

    def get_or_none(self, factor_id: str) -> Factor | None:
        """The factor with this id, or None (no close-match search: for hot paths)."""
        return self._factors.get(factor_id)

    def get(self, factor_id: str) -> Factor:
        """The factor with this id; :class:`InputError` listing close matches when unknown."""
        try:
            return self._factors[factor_id]
        except KeyError:
            close = _close(factor_id, self._factors)
            raise InputError(
                f"unknown factor id {factor_id!r}"
                + (f"; close matches: {', '.join(close)}" if close else ""),
                expected="an id listed by `alcarbon factors list`, or a study-supplied factor",
            ) from None

    def find(
        self,
        kind: str | None = None,
        region: str | None = None,
        year: int | None = None,
        text: str | None = None,
    ) -> list[Factor]:
        """Factors matching every given filter. ``region`` accepts any province or region name;
        ``text`` is a case-insensitive substring of id, names, tags or the citation."""
        reg = None
        if region:
            try:
                reg = regions.normalise_region(region).lower()
            except InputError:
                reg = region.strip().lower()
        needle = text.lower() if text else None
        out = []
        for f in self._factors.values():
            if kind and f.kind != kind:
                continue
            if reg and f.region.lower() != reg:
                continue
            if year is not None and f.year != year:
                continue
            if needle:
                hay = " ".join([f.id, f.name, f.name_zh, " ".join(f.tags), f.source.cite()]).lower()
                if needle not in hay:
                    continue
            out.append(f)
        return out

    def with_overrides(self, factors: Iterable[Factor | dict[str, Any]]) -> FactorLibrary:
        """A new library in which these factors replace (same id) or add to the current ones."""
        new: list[Factor] = list(self._overrides)
        for i, f in enumerate(factors, 1):
            new.append(f if isinstance(f, Factor) else fio.build(Factor, f, f"override {i}"))
        return FactorLibrary(
            self._base, self._fuel_tables, self._flows, self._base_version, tuple(new),
        )

    # ---- fuels and flows -------------------------------------------------------------------
    @property
    def fuel_tables(self) -> list[str]:
        return list(self._fuel_tables)

    def fuel_table_name(self, table: str | None = None) -> str:
        """Canonical name of a fuel table (aliases resolved; None = the default)."""
        name = FUEL_TABLE_ALIASES.get(table or "", table or DEFAULT_FUEL_TABLE)
        self._fuel_table(name)
        return name

    def fuels(self, table: str | None = None) -> list[FuelProperties]:
        return list(self._fuel_table(table).values())

    def _fuel_table(self, table: str | None) -> Mapping[str, FuelProperties]:
        name = FUEL_TABLE_ALIASES.get(table or "", table or DEFAULT_FUEL_TABLE)
        if name not in self._fuel_tables:
            raise InputError(f"unknown fuel table {name!r}",
                             expected="one of " + ", ".join(self._fuel_tables))
        return self._fuel_tables[name]

    def fuel_or_none(self, fuel_id: str, table: str | None = None) -> FuelProperties | None:
        """Fuel properties as :meth:`fuel`, or None when the table lacks the fuel."""
        key = fuel_id.strip()
        name = FUEL_TABLE_ALIASES.get(table or "", table or DEFAULT_FUEL_TABLE)
        tab = self._fuel_table(name)
        index = self._fuel_index.get(name)
        if index is None:
            index = self._fuel_index[name] = fuel_index(tab)
        exact, lower = index
        # the first fuel of the table (in its order) whose id or Chinese name is the key, or
        # whose English name is the key ignoring case
        a, b = exact.get(key), lower.get(key.lower())
        if a is None or b is None:
            hit = a or b
        else:
            hit = a if a[0] <= b[0] else b
        return None if hit is None else tab[hit[1]]

    def fuel_any_table(self, fuel_id: str, table: str | None = None) -> FuelProperties | None:
        """Fuel properties from ``table``, else from the first other table that has the fuel
        (in :data:`FUEL_TABLES` order); ``.table`` of the result says which. None if no table
        has it."""
        fp = self.fuel_or_none(fuel_id, table)
        if fp is not None:
            return fp
        for other in self._fuel_tables:
            fp = self.fuel_or_none(fuel_id, other)
            if fp is not None:
                return fp
        return None

    def fuel(self, fuel_id: str, table: str | None = None) -> FuelProperties:
        """Fuel properties from ``table`` (default :data:`DEFAULT_FUEL_TABLE`).

        Accepts the English id or the Chinese name. Raises :class:`InputError` naming the other
        tables that have the fuel, or close matches, when it is not in the table.
        """
        fp = self.fuel_or_none(fuel_id, table)
        if fp is not None:
            return fp
        tab = self._fuel_table(table)
        key = fuel_id.strip()
        elsewhere = [t for t, fs in self._fuel_tables.items() if key in fs]
        hint = (f"; it is in fuel table(s) {', '.join(elsewhere)}" if elsewhere
                else f"; close matches: {', '.join(_close(key, tab))}")
        raise InputError(
            f"fuel {fuel_id!r} is not in fuel table {table or DEFAULT_FUEL_TABLE}" + hint,
            expected="a fuel id of the table, or NCV, carbon content and oxidation from the study",
        )

    @property
    def flows(self) -> list[Flow]:
        return list(self._flows.values())

    def flow_or_none(self, flow_id: str) -> Flow | None:
        """Catalogue entry as :meth:`flow`, or None for a flow outside the catalogue (an
        intermediate product of the study): no close-match search, which is for error paths."""
        fid = self._flow_lookup.get((flow_id or "").strip().lower())
        return None if fid is None else self._flows[fid]

    def flow(self, flow_id: str) -> Flow:
        """Catalogue entry for an inventory flow by id, English name, Chinese name or alias."""
        found = self.flow_or_none(flow_id)
        if found is not None:
            return found
        key = (flow_id or "").strip().lower()
        close = _close(key, self._flow_lookup)
        raise InputError(
            f"unknown flow {flow_id!r}"
            + (f"; close matches: {', '.join(sorted({self._flow_lookup[c] for c in close}))}"
               if close else ""),
            expected="a flow of GB/T 44905 Appendix C / Table E.1 (see docs/factors.md)",
        )

    # ---- helpers ---------------------------------------------------------------------------
    def freight(self, mode: str) -> Factor:
        """Freight factor (per t·km) for a mode: ``road_heavy_diesel``, ``rail``, ``freight.rail``,
        or a Chinese name (公路 -> heavy diesel truck, 铁路 -> rail, 水路 -> generic water)."""
        key = (mode or "").strip()
        key = FREIGHT_DEFAULTS.get(key, FREIGHT_DEFAULTS.get(key.lower(), key))
        fid = key if key.startswith("freight.") else f"freight.{key}"
        if fid in self._factors:
            return self._factors[fid]
        options = [f.id.removeprefix("freight.") for f in self.find(kind="freight")]
        raise InputError(
            f"unknown freight mode {mode!r}",
            expected="one of " + ", ".join(options) + ", or 公路/铁路/水路",
        )

    def province(self, name: str) -> str:
        """Canonical province id (``yunnan``) for Chinese, English, pinyin or short names."""
        return regions.province(name)

    def grid(self, region: str, year: int, basis: str = "life_cycle") -> Factor:
        """Grid electricity factor for consumption in ``region`` in ``year`` (GB/T 44905 7.1.5.3).

        ``basis="combustion_co2"``: the MEE/NBS provincial CO2 factor (``region`` a province), the
        regional one (a grid region such as 西南), or the national one (``cn``/全国); kg CO2/kWh.
        ``basis="life_cycle"``: the national electricity carbon-footprint factor of that year
        (kg CO2e/kWh). MEE/NBS/NEA publish **no provincial or regional life-cycle factors**
        (domain-data.md §1.4), so the national one is returned for every region, unless the library
        holds a user factor ``elec.footprint.<province>.<year>``, which then wins.
        Raises :class:`InputError` listing the available years when ``year`` has no factor.
        """
        if basis not in BASES:
            raise InputError(f"unknown electricity factor basis {basis!r}",
                             expected=" or ".join(BASES))
        reg = regions.normalise_region(region)
        if basis == "life_cycle":
            prefix = "elec.footprint."
            own = f"{prefix}{reg.lower()}.{year}"
            if reg != regions.NATIONAL and own in self._factors:
                return self._factors[own]
            stem = f"{prefix}cn."
        else:
            stem = f"elec.grid_co2.{reg.lower()}."
        fid = f"{stem}{year}"
        if fid in self._factors:
            return self._factors[fid]
        years = sorted(int(k.rsplit(".", 1)[1]) for k in self._factors
                       if k.startswith(stem) and k.rsplit(".", 1)[1].isdigit())
        if not years:
            raise InputError(
                f"no {basis} grid factor is published for {region!r}",
                expected="a province with an MEE factor (Tibet has none), a grid region, or "
                "cn; or supply the factor in the study",
            )
        raise InputError(
            f"no {basis} grid factor for {region!r} in {year}",
            expected="one of the years " + ", ".join(map(str, years))
            + " or a study-supplied factor",
        )


class _Packaged:
    """The packaged data, read once."""

    def __init__(self) -> None:
        d = _data_dir()
        digest = _data_digest(d)
        self.version = digest[:12]
        # the validated records of these very bytes, if parsed before (factors/cache.py)
        cached = fcache.load(digest)
        if cached is not None:
            self.factors_by_id, self.fuel_tables, self.flows = cached
            return
        factors: list[Factor] = []
        for name in FACTOR_FILES:
            factors += fio.read_factors(Path(str(d.joinpath(name))), f"packaged {name}")
        self.factors_by_id = {f.id: f for f in factors}
        if len(self.factors_by_id) != len(factors):
            raise InputError("duplicate factor ids in the packaged data")
        self.fuel_tables = {
            t: {fp.id: fp.model_copy(update={"table": t})
                for fp in fio.read_fuels(Path(str(d.joinpath(fn))), f"packaged {fn}")}
            for t, fn in FUEL_TABLES.items()
        }
        flows = fio.read_flows(Path(str(d.joinpath(FLOW_FILE))), f"packaged {FLOW_FILE}")
        self.flows = {f.id: f for f in flows}
        # a flow's fuel must be in some table (the engine falls back with a note, see
        # engine/lines.py); petroleum coke, for one, is not in the default table
        any_fuels = {k for tab in self.fuel_tables.values() for k in tab}
        for i, fl in enumerate(flows, 1):
            if fl.upstream_factor and fl.upstream_factor not in self.factors_by_id:
                raise InputError(f"unknown factor {fl.upstream_factor!r}",
                                 where=f"packaged {FLOW_FILE}, row {i}, field upstream_factor")
            if fl.fuel and fl.fuel not in any_fuels:
                raise InputError(f"unknown fuel {fl.fuel!r}",
                                 where=f"packaged {FLOW_FILE}, row {i}, field fuel")
        if _data_digest(d) == digest:  # not edited while being parsed
            fcache.store(digest, (self.factors_by_id, self.fuel_tables, self.flows))


def _data_digest(d: Any) -> str:
    """SHA-256 (hex) of the packaged data files' names and bytes."""
    h = hashlib.sha256()
    for name in sorted({*FACTOR_FILES, *FUEL_TABLES.values(), FLOW_FILE, *OTHER_FILES}):
        h.update(name.encode())
        h.update(d.joinpath(name).read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _packaged() -> _Packaged:
    return _Packaged()


@lru_cache(maxsize=1)
def _packaged_library() -> FactorLibrary:
    p = _packaged()
    return FactorLibrary(p.factors_by_id, p.fuel_tables, p.flows, p.version)


def load_library(user_files: Iterable[Path | str] = ()) -> FactorLibrary:
    """The packaged library, with the factors of ``user_files`` (YAML/JSON/CSV) applied on top."""
    lib = _packaged_library()
    user: list[Factor] = []
    for path in user_files:
        user += fio.read_factors(Path(path))
    return lib.with_overrides(user) if user else lib
