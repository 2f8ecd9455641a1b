"""A hand-computable study for the uncertainty tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.inventory import load_study
from alcarbon.inventory.model import Study

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _tiny(gsd: float = 1.25, second_kwh: float = 0.0, cf4_t: float = 0.0) -> Study:
    """1000 t liquid aluminium, 9.9e6 kWh direct-line electricity at 0.5 kg CO2e/kWh
    (4.95 t CO2e/t), cast 1:1 into 1000 t ingot; optional second electricity input on the same
    supply in casting, and measured CF4."""
    outs = [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t"}]
    if cf4_t:
        outs.append({"flow": "cf4", "amount": cf4_t, "unit": "t", "kind": "emission",
                     "gas": "CF4"})
    cast_in = [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t", "kind": "intermediate",
                "dq": {"gsd": 1.0000001}}]
    if second_kwh:
        cast_in.append({"flow": "electricity", "amount": second_kwh, "unit": "kWh",
                        "kind": "electricity", "supply": "line", "dq": {"gsd": gsd}})
    return Study.model_validate({
        "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["aluminium_ingot"],
        "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                              "basis": "life_cycle", "source": "supplier"}}},
        "units": [
            {"id": "electrolysis", "inputs": [
                {"flow": "electricity", "amount": 9_900_000.0, "unit": "kWh",
                 "kind": "electricity", "supply": "line", "dq": {"gsd": gsd}}],
             "outputs": outs},
            {"id": "casting", "inputs": cast_in,
             "outputs": [{"flow": "aluminium_ingot", "amount": 1000.0, "unit": "t"}]},
        ],
    })


@pytest.fixture(scope="session")
def tiny():
    return _tiny


@pytest.fixture(scope="session")
def hydro() -> Study:
    return load_study(EXAMPLES / "hydro_smelter_yunnan.yaml")
