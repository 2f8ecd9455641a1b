"""Synthetic studies of N unit processes for the engine scaling bench (not plant data).

Unit k makes 1,000 t of ``part_k`` and uses 900 t of ``part_{k-1}`` and 40 t of
``part_{(k-1)//2}`` (a chain with tree-shaped cross links, so A is not merely bidiagonal),
grid electricity in one of four provinces, diesel burnt on site (catalogue fuel and upstream
factor), caustic soda with a rail leg, and every 25th unit a co-product (mass allocation).
The last unit makes the declared product, aluminium_ingot. Amounts are round illustrative
numbers chosen so the scaling vector stays bounded (each unit uses 0.94 t of parts per t).
"""

from __future__ import annotations

from typing import Any

PROVINCES = ("内蒙古", "山东", "新疆", "云南")


def synth_study(n: int) -> dict[str, Any]:
    """A study dict (``Study.model_validate`` input) of ``n`` linked unit processes."""
    units = []
    for k in range(n):
        inputs: list[dict[str, Any]] = []
        if k >= 1:
            inputs.append({"flow": f"part_{k - 1:05d}", "amount": 900.0, "unit": "t",
                           "kind": "intermediate"})
        if k >= 2:
            inputs.append({"flow": f"part_{(k - 1) // 2:05d}", "amount": 40.0, "unit": "t",
                           "kind": "intermediate"})
        inputs += [
            {"flow": "electricity", "amount": 50_000.0 + 10.0 * k, "unit": "kWh",
             "kind": "electricity"},
            {"flow": "diesel", "amount": 2.0 + (k % 7), "unit": "t", "kind": "fuel"},
            {"flow": "caustic_soda", "amount": 5.0, "unit": "t", "kind": "material",
             "transport": [{"mode": "rail", "distance_km": 300.0 + k % 11}]},
        ]
        made = "aluminium_ingot" if k == n - 1 else f"part_{k:05d}"
        outputs: list[dict[str, Any]] = [{"flow": made, "amount": 1000.0, "unit": "t"}]
        if k % 25 == 24:
            outputs.append({"flow": f"scrap_{k:05d}", "amount": 50.0, "unit": "t",
                            "kind": "co_product"})
        units.append({"id": f"u{k:05d}", "location": PROVINCES[k % len(PROVINCES)],
                      "inputs": inputs, "outputs": outputs})
    return {
        "title": f"synthetic chain of {n} unit processes",
        "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["aluminium_ingot"],
        "allocation": {"method": "mass"},
        "units": units,
    }
