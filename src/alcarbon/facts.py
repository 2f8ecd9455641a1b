"""Facts shared by the report and the exchange formats (PACT, CBAM), below both of them.

Rounding of published numbers, the scaling vector and electricity use per declared unit, product
names and the reproducible inputs hash. ``alcarbon.report`` and ``alcarbon.exchange`` both import
from here, so neither reaches into the other's internals.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported by the engine when a vector is made, not at CLI start-up
    import numpy as np

#: Names of the declared products (GB/T 44905 5.2): id -> (zh, en).
PRODUCTS = {
    "bauxite": ("铝土矿", "bauxite"),
    "alumina": ("冶金级氧化铝", "metallurgical alumina"),
    "prebaked_anode": ("预焙阳极", "prebaked anode"),
    "liquid_aluminium": ("电解铝液", "molten primary aluminium"),
    "aluminium_ingot": ("重熔用铝锭", "remelting aluminium ingot"),
    "aluminium_hydroxide": ("氢氧化铝", "aluminium hydroxide"),
}


def r6(x: float) -> float:
    """Round to 1e-6 (1 g CO2e per t); -0.0 becomes 0.0."""
    v = round(float(x), 6)
    return 0.0 if v == 0 else v


def g8(x: float) -> float:
    """Eight significant figures, for activity data and factors."""
    return float(f"{float(x):.8g}")


def scaling_vector(result: Any, product: str) -> np.ndarray:
    """s = A^-1 f for 1 t of ``product`` (GB/T 44905 8.2), from the engine's product system."""
    from alcarbon.engine import demand_vector
    from alcarbon.engine.solve import scaling

    f = demand_vector(result.system, product)
    return scaling(result.system, f[:, None])[:, 0]


def electricity_use(study: Any, result: Any, product: str) -> dict[str, dict[str, float]]:
    """kWh per declared unit, per consuming unit and per supply (grid, direct, captive...)."""
    from alcarbon.units import convert

    system = result.system
    s = scaling_vector(result, product)
    by_unit: dict[str, float] = defaultdict(float)
    by_supply: dict[str, float] = defaultdict(float)
    for it in system.items:
        if it.category == "energy" and it.flow == "electricity":
            kwh = it.activity * s[it.column]
            by_unit[it.unit] += kwh
            by_supply[it.supply or "grid"] += kwh
    captive = {sp.provider: name for name, sp in study.electricity.supplies.items()
               if sp.type == "captive" and sp.provider}
    for e in system.tech:
        prod = system.products[e.row]
        if system.consumer_kind.get((e.row, e.column)) != "electricity":
            continue
        kwh = -e.value * s[e.column]
        kwh = convert(kwh, system.product_units[e.row], "kWh")
        by_unit[system.columns[e.column][0]] += kwh
        by_supply[captive.get(prod, f"captive:{prod}")] += kwh
    return {"by_unit": {k: r6(v) for k, v in sorted(by_unit.items())},
            "by_supply": {k: r6(v) for k, v in sorted(by_supply.items())}}


def canonical_study_json(study: Any) -> str:
    """The study as canonical JSON: sorted keys, compact separators, dates in ISO form."""
    return json.dumps(study.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def inputs_hash(study: Any, factor_library_version: str) -> str:
    """sha256 hex of canonical study JSON + newline + factor-library version."""
    payload = canonical_study_json(study) + "\n" + factor_library_version
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
