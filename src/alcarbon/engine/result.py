"""Engine results: the contribution cube (unit x category x flow x gas) and its roll-ups.

Every number is per declared unit (1 t of the product) unless a name says otherwise.
``t_co2e`` values are GWP-weighted with the study's GWP set (GB/T 44905 8.1, formula (1)).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from alcarbon.inventory.model import STANDARD_STAGES

CATEGORIES = ("process", "fuel_combustion", "energy", "other")
#: Appendix A category names in Chinese and English, for reports.
CATEGORY_LABELS = {
    "process": ("生产过程排放", "process emissions"),
    "fuel_combustion": ("燃料燃烧排放", "fuel combustion"),
    "energy": ("能源相关排放", "energy-related"),
    "other": ("其他排放", "other (upstream, transport, waste)"),
}


@dataclass(slots=True)
class Contribution:
    """One cell of the cube: a flow of one unit process, one gas, per declared unit."""

    unit: str
    stage: str
    category: str
    flow: str
    gas: str
    activity: float
    activity_unit: str
    factor: float
    factor_unit: str
    factor_id: str
    basis: str
    t_gas: float
    t_co2e: float
    origin_unit: str
    source: str = ""
    dq: dict[str, Any] | None = None
    item: int = -1  # index of the line item in the product system

    def to_dict(self) -> dict[str, Any]:
        """The row as a dict, as ``dataclasses.asdict`` gives it (containers copied) without
        its generic recursion: the detail JSON of a study has thousands of rows."""
        out = {f: getattr(self, f) for f in _CONTRIBUTION_FIELDS}
        if out["dq"] is not None:
            out["dq"] = _copied(out["dq"])
        return out


_CONTRIBUTION_FIELDS = tuple(f.name for f in fields(Contribution))
_SCALARS = (str, int, float, bool, type(None))


def _copied(x: Any) -> Any:
    """A copy of plain data as ``dataclasses.asdict`` makes it: containers rebuilt, scalars
    shared, anything else deep-copied. Scalars are tested inline (no call per key and value:
    a row's flat data-quality dict has nine)."""
    if isinstance(x, _SCALARS):
        return x
    t = type(x)
    if t is dict:
        return {(k if isinstance(k, _SCALARS) else _copied(k)):
                (v if isinstance(v, _SCALARS) else _copied(v)) for k, v in x.items()}
    if t is list or t is tuple:
        return t(v if isinstance(v, _SCALARS) else _copied(v) for v in x)
    return copy.deepcopy(x)


def hotspots(rows: Iterable[Any], n: int | None = 10,
             total: float | None = None) -> list[dict[str, Any]]:
    """Significant contributions (GB/T 44905 9.1 a), largest |t CO2e| first.

    Rows (Contribution objects or their dicts) are merged over gases per (stage, unit,
    category, flow); ``share`` is of ``total`` (default: the sum of the rows).
    """
    def get(r: Any, k: str) -> Any:
        return r[k] if isinstance(r, dict) else getattr(r, k)

    merged: dict[tuple[str, str, str, str], float] = defaultdict(float)
    gases: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        key = (get(r, "stage"), get(r, "unit"), get(r, "category"), get(r, "flow"))
        merged[key] += get(r, "t_co2e")
        gases[key].add(get(r, "gas"))
    if total is None:
        total = sum(merged.values())
    ranked = sorted(merged.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    out = [{"stage": k[0], "unit": k[1], "category": k[2], "flow": k[3],
            "gases": sorted(gases[k]), "t_co2e": v, "share": v / total if total else 0.0}
           for k, v in ranked]
    return out[:n] if n else out


class _ListCube:
    """The cube interface over ready-made rows (a result built from a list of Contributions)."""

    def __init__(self, rows: list[Contribution]) -> None:
        self._rows = rows

    def rows(self) -> list[Contribution]:
        return self._rows

    def sum_by(self, attr: str) -> dict[str, float]:
        sums: dict[str, float] = defaultdict(float)
        for c in self._rows:
            sums[getattr(c, attr)] += c.t_co2e
        return dict(sums)


@dataclass
class StageRow:
    stage: str
    t_co2e: float
    share: float


@dataclass
class ProductResult:
    """Result for one declared product (GB/T 44905 5.2).

    ``cfp``/``contributions``: the declared GB/T 44905 result (electricity per 7.1.5.1-7.1.5.3);
    ``cfp_location_based``/``contributions_location``: the comparison with every grid kWh at the
    location factor. ``cfp_grid_mix_analysis``: the separate analysis of 7.1.5.3 last paragraph
    (certificates sold unbundled, grid mix not corrected), None when it does not apply.
    """

    product: str
    declared_unit: str
    cfp: float
    cfp_location_based: float
    #: the rows of each side: an engine.cube.Cube (rows built when first read) or a list
    cube: Any = field(repr=False)
    cube_location: Any = field(repr=False)
    #: the electricity summary (a dict), or a callable making it on first read
    electricity_source: Any = field(default_factory=dict, repr=False)
    warnings: list[str] = field(default_factory=list)
    cfp_grid_mix_analysis: float | None = None
    grid_mix_note: str | None = None

    @property
    def cfp_market_based(self) -> float:
        """Deprecated alias of :attr:`cfp` (the declared result), kept for one release."""
        return self.cfp

    def __post_init__(self) -> None:
        if isinstance(self.cube, list):
            self.cube = _ListCube(self.cube)
        if isinstance(self.cube_location, list):
            self.cube_location = _ListCube(self.cube_location)

    def __getstate__(self) -> dict[str, Any]:
        # a pickled result carries its electricity summary, not the study and library that
        # would make it
        self.electricity  # noqa: B018
        return self.__dict__

    @property
    def electricity(self) -> dict[str, Any]:
        """Declared and location-based electricity per supply and factor (made on first read)."""
        if callable(self.electricity_source):
            self.electricity_source = self.electricity_source()
        return self.electricity_source

    @property
    def contributions(self) -> list[Contribution]:
        """The cube rows of the declared result (built on first read, then kept)."""
        return self.cube.rows()

    @property
    def contributions_location(self) -> list[Contribution]:
        """The cube rows of the location-based comparison (built on first read, then kept)."""
        return self.cube_location.rows()

    def _rows(self, location: bool) -> list[Contribution]:
        return self.contributions_location if location else self.contributions

    def stages(self, location: bool = False, order: tuple[str, ...] = ()) -> list[StageRow]:
        """Table E.2: t CO2e per declared unit and share, per stage (standard order first)."""
        return [StageRow(k, v, share) for k, v, share in self._stage_rows(location, order)]

    def _stage_rows(self, location: bool, order: tuple[str, ...] = ()
                    ) -> list[tuple[str, float, float]]:
        """(stage, t CO2e per declared unit, share) per row of :meth:`stages`."""
        total = self.cfp_location_based if location else self.cfp
        sums = (self.cube_location if location else self.cube).sum_by("stage")
        keys = [s for s in (order or STANDARD_STAGES) if s in sums or s in STANDARD_STAGES]
        keys += sorted(k for k in sums if k not in keys)
        get = sums.get
        if total:
            return [(k, get(k, 0.0), get(k, 0.0) / total) for k in keys]
        return [(k, get(k, 0.0), 0.0) for k in keys]

    def by(self, attr: str, location: bool = False) -> dict[str, float]:
        """Sum of t CO2e per value of a Contribution attribute (unit, category, flow, gas...)."""
        return (self.cube_location if location else self.cube).sum_by(attr)

    def by_gas(self, location: bool = False) -> dict[str, float]:
        return self.by("gas", location)

    def by_category(self, location: bool = False) -> dict[str, float]:
        return self.by("category", location)

    def table_e1(self, location: bool = False) -> list[dict[str, Any]]:
        """Table E.1 rows: one activity datum with one factor per gas and its t CO2e.

        A row is one line item of a unit (unit, flow, category, activity unit and factor id) per
        declared unit: its gases share the activity (the CF4 and C2F6 of one anode effect are
        one activity in t of metal, not two), so ``activity x sum(factor x GWP)`` is the row's
        emission. Supplies of one flow with different factors (two electricity contracts) are
        separate rows; a gas whose items carry different factor values, or gases whose
        activities differ, are split into one row per (gas, factor) so the identity still holds.
        """
        # (row key) -> {(gas, factor, factor unit): [activity, t CO2e]}, in first-seen order
        groups: dict[tuple[str, str, str, str, str], dict[tuple[str, float, str], list[float]]]
        groups = {}
        for c in self._rows(location):
            key = (c.unit, c.flow, c.category, c.activity_unit, c.factor_id)
            cell = groups.setdefault(key, {}).setdefault((c.gas, c.factor, c.factor_unit),
                                                         [0.0, 0.0])
            cell[0] += c.activity
            cell[1] += c.t_co2e

        def row(key: tuple[str, ...], cells: list[tuple[tuple[str, float, str], list[float]]]
                ) -> dict[str, Any]:
            return {"unit": key[0], "flow": key[1], "category": key[2],
                    "activity": cells[0][1][0], "activity_unit": key[3],
                    "factors": {f"{key[4]}|{g}": (f, fu, g) for (g, f, fu), _v in cells},
                    "t_co2e": sum(v[1] for _k, v in cells)}

        out = []
        for key, cells in groups.items():
            items = list(cells.items())
            gases = [g for g, _f, _u in cells]
            act = items[0][1][0]
            if len(set(gases)) == len(gases) and all(
                    abs(v[0] - act) <= 1e-9 * max(abs(act), abs(v[0])) for _k, v in items):
                out.append(row(key, items))
            else:
                out += [row(key, [it]) for it in items]
        return out

    def summary(self) -> dict[str, Any]:
        """The JSON shape of `alcarbon calc --format json` for this product (docs/report.md)."""
        def stage_rows(location: bool) -> list[dict[str, Any]]:
            return [{"stage": s, "t_co2e": v, "share": share}
                    for s, v, share in self._stage_rows(location)]

        out = {
            "product": self.product,
            "declared_unit": self.declared_unit,
            "cfp": self.cfp,
            "cfp_location_based": self.cfp_location_based,
            "cfp_market_based": self.cfp,  # deprecated alias of cfp, kept for one release
            "stages": stage_rows(False),
            "stages_location_based": stage_rows(True),
            "by_category": self.by_category(),
            "by_gas": self.by_gas(),
            "electricity": self.electricity,
            "warnings": self.warnings,
        }
        if self.cfp_grid_mix_analysis is not None:
            out["cfp_grid_mix_analysis"] = self.cfp_grid_mix_analysis
            out["grid_mix_note"] = self.grid_mix_note
            out["grid_mix_note_zh"] = getattr(self.grid_mix_note, "zh", "")
        return out


@dataclass
class StudyResult:
    """Results for every declared product of a study, with the context needed to reproduce them."""

    title: str
    products: dict[str, ProductResult]
    gwp_set: str
    factor_library_version: str
    allocation: str
    upstream_convention: str
    warnings: list[str] = field(default_factory=list)
    system: Any = None  # the ProductSystem, for sensitivity/uncertainty
    purchased_stage: str = "production_stage"  # Table E.2 stage of purchased products (5.3.3)

    def product(self, key: str) -> ProductResult:
        return self.products[key]

    def to_json_dict(self, detail: bool = False) -> dict[str, Any]:
        from alcarbon import __version__

        out: dict[str, Any] = {
            "title": self.title,
            "alcarbon_version": __version__,
            "factor_library_version": self.factor_library_version,
            "gwp_set": self.gwp_set,
            "allocation": self.allocation,
            "upstream_convention": self.upstream_convention,
            "purchased_stage": self.purchased_stage,
            "warnings": self.warnings,
            "products": [p.summary() for p in self.products.values()],
        }
        if detail:
            for pj, p in zip(out["products"], self.products.values(), strict=True):
                pj["contributions"] = [c.to_dict() for c in p.contributions]
                pj["contributions_location_based"] = [c.to_dict()
                                                      for c in p.contributions_location]
        return out
