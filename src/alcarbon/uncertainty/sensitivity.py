"""Sensitivity analysis (GB/T 44905 6.3, 7.3.1, 9.3 a): one-at-a-time and alternative choices.

One-at-a-time: every activity datum, technosphere link and emission factor is moved by -delta and
+delta in turn (all others static); the rows are evaluated in one batch and ranked by swing.
:func:`interval_rows` moves each parameter instead over its own 95 % interval, x exp(-+1.96 sigma)
of the uncertainty scheme (pedigree.py), so the ranking weighs how far each datum can plausibly
move, not only how much of the CFP rides on it (a mass-balance link carries the whole CFP but is
known to a few per cent).
Alternatives re-run the engine on a modified copy of the study: allocation method (7.3.1 a-c),
electricity (location-based comparison, supplies replaced by the grid: 7.1.5) and GWP set (8.1).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from alcarbon.uncertainty.model import LinearModel, build_model


@dataclass
class OATRow:
    """One tornado bar. ``base``, ``low``, ``high`` and ``swing`` are CFPs in t CO2e per declared
    unit: static, with the parameter x (1 - delta), with it x (1 + delta), and |high - low|."""

    param: str
    label: str
    kind: str  # activity | factor | technosphere
    base: float
    low: float
    high: float
    swing: float
    value: float | None = None  # static value of the parameter itself
    value_unit: str = ""
    elasticity: float = 0.0  # (high - low) / (2 delta base): share of the CFP moving with it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AltRow:
    """The CFP under one alternative choice, and its change from the study as given."""

    name: str
    description_zh: str
    description_en: str
    cfp: float  # t CO2e per declared unit
    delta: float  # cfp - base cfp
    delta_pct: float  # 100 x delta / base cfp

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def oat_rows(model: LinearModel, delta: float, product_index: int) -> list[OATRow]:
    """OAT rows of one product from a parameter model (pure; one batched evaluation)."""
    P = len(model.params)
    M = np.ones((2 * P, P))
    idx = np.arange(P)
    M[2 * idx, idx] = 1.0 - delta
    M[2 * idx + 1, idx] = 1.0 + delta
    y = model.evaluate(M)[:, product_index]
    base = float(model.base[product_index])
    rows = []
    for i, p in enumerate(model.params):
        if p.kind == "factor" and p.key == "factor:measured":
            continue  # identity factor of measured emissions: the activity row carries it
        lo, hi = float(y[2 * i]), float(y[2 * i + 1])
        swing = abs(hi - lo)
        if swing <= 1e-12 * max(abs(base), 1.0):
            continue
        el = (hi - lo) / (2 * delta * base) if base else 0.0
        rows.append(OATRow(p.key, p.label, p.kind, base, lo, hi, swing, p.value, p.unit, el))
    rows.sort(key=lambda r: (-r.swing, r.param))
    return rows


Z95 = 1.959964  # standard-normal 97.5 % quantile


def interval_rows(model: LinearModel, product_index: int) -> list[OATRow]:
    """OAT rows with each parameter at exp(-1.96 sigma) and exp(+1.96 sigma) of its scheme
    sigma (the 2.5 and 97.5 % points of its lognormal), ranked by swing; zero-sigma rows left
    out."""
    P = len(model.params)
    sig = model.sigmas
    M = np.ones((2 * P, P))
    idx = np.arange(P)
    M[2 * idx, idx] = np.exp(-Z95 * sig)
    M[2 * idx + 1, idx] = np.exp(Z95 * sig)
    y = model.evaluate(M)[:, product_index]
    base = float(model.base[product_index])
    rows = []
    for i, p in enumerate(model.params):
        lo, hi = float(y[2 * i]), float(y[2 * i + 1])
        swing = abs(hi - lo)
        if p.sigma == 0.0 or swing <= 1e-12 * max(abs(base), 1.0):
            continue
        rows.append(OATRow(p.key, p.label, p.kind, base, lo, hi, swing, p.value, p.unit,
                           0.0))
    rows.sort(key=lambda r: (-r.swing, r.param))
    return rows


def one_at_a_time_95(study: Any, result: Any = None, *,
                     product: str | None = None) -> list[OATRow]:
    """Tornado over each parameter's own 95 % interval for ``product``, ranked by swing."""
    from alcarbon.engine import calculate

    if result is None:
        result = calculate(study)
    product = _product(product, result)
    return interval_rows(build_model(study, result, products=[product]), 0)


def _product(product: str | None, result: Any) -> str:
    from alcarbon.errors import InputError

    product = product or next(iter(result.products))
    if product not in result.products:
        raise InputError(f"product {product!r} is not declared", where="product",
                         expected=f"one of {list(result.products)}")
    return product


def one_at_a_time(study: Any, result: Any = None, *, delta: float = 0.10,
                  product: str | None = None) -> list[OATRow]:
    """Tornado data for ``product`` (default: the first declared product), ranked by swing."""
    from alcarbon.engine import calculate
    from alcarbon.errors import InputError

    if not 0 < delta < 1:
        raise InputError(f"delta = {delta}", where="delta", expected="a fraction in (0, 1)")
    if result is None:
        result = calculate(study)
    product = product or next(iter(result.products))
    if product not in result.products:
        raise InputError(f"product {product!r} is not declared", where="product",
                         expected=f"one of {list(result.products)}")
    model = build_model(study, result, products=[product])
    return oat_rows(model, delta, 0)


def _non_grid_to_grid(study: Any) -> Any:
    from alcarbon.inventory.model import ElectricitySupply

    s = study.model_copy(deep=True)
    for name, sup in list(s.electricity.supplies.items()):
        if sup.type != "grid":
            s.electricity.supplies[name] = ElectricitySupply(type="grid", region=sup.region)
    return s


def _variants(study: Any) -> list[tuple[str, str, str, Any]]:
    out = []
    for method, zh, en in (("subdivision", "细分法(7.3.2)", "subdivision (7.3.2)"),
                           ("mass", "按质量分配", "mass allocation"),
                           ("economic", "按经济价值分配", "economic allocation"),
                           # 7.3.1 b: needs 'displaces' on every co-product (no default
                           # factor for the displaced product), else left out
                           ("expansion", "系统扩展法(7.3.1 b)", "system expansion (7.3.1 b)")):
        if method != study.allocation.method:
            s = study.model_copy(deep=True)
            s.allocation.method = method
            out.append((f"allocation_{method}", f"分配方法改为{zh}",
                        f"allocation method: {en}", s))
    if any(sup.type != "grid" for sup in study.electricity.supplies.values()):
        out.append(("electricity_all_grid", "全部电力改为电网电力(所在地区电网因子)",
                    "all electricity from the grid (regional grid factor)",
                    _non_grid_to_grid(study)))
    for gwp in ("AR6", "AR5"):
        if gwp != study.gwp_set:
            s = study.model_copy(deep=True)
            s.gwp_set = gwp
            out.append((f"gwp_{gwp}", f"GWP采用IPCC {gwp}", f"GWP100 of IPCC {gwp}", s))
    return out


def alternatives(study: Any, *, product: str | None = None, library: Any = None) -> list[AltRow]:
    """CFP of ``product`` under each alternative choice, first row = the study as given.

    Rows: ``base``; ``electricity_location_based`` (the 7.1.5 comparison);
    ``allocation_<method>`` for the other allocation methods (7.3.1); ``electricity_all_grid``
    when a supply is captive, direct line or contract; ``gwp_AR5`` (or ``gwp_AR6``) (8.1). An
    alternative the study cannot support (e.g. economic allocation without prices; system
    expansion, 7.3.1 b, without ``displaces`` on every co-product: the displaced product's
    factor has no default) is left out.
    """
    from alcarbon.engine import calculate
    from alcarbon.errors import AlcarbonError, InputError

    base_res = calculate(study, library)
    product = product or next(iter(base_res.products))
    if product not in base_res.products:
        raise InputError(f"product {product!r} is not declared", where="product",
                         expected=f"one of {list(base_res.products)}")
    base = base_res.products[product].cfp

    def row(name: str, zh: str, en: str, cfp: float) -> AltRow:
        d = cfp - base
        return AltRow(name, zh, en, cfp, d, 100.0 * d / base if base else 0.0)

    rows = [row("base", "研究所用方法(基准)", "study as given (base)", base),
            row("electricity_location_based", "基于位置的电力排放因子(对比,7.1.5)",
                "location-based electricity (comparison, 7.1.5)",
                base_res.products[product].cfp_location_based)]
    for name, zh, en, s in _variants(study):
        try:
            r = calculate(s, library)
        except AlcarbonError:
            continue
        rows.append(row(name, zh, en, r.products[product].cfp))
    return rows
