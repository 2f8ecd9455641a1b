"""Toy studies for engine tests; every expected value is derived by hand in the tests."""

from __future__ import annotations

import copy
import dataclasses

import pytest


def user_factor(fid: str, value: float, per: str, amount_unit: str = "t") -> dict:
    return {
        "id": fid, "name": fid, "name_zh": fid, "kind": "material_upstream", "value": value,
        "amount_unit": amount_unit, "per": per, "gas": "CO2e", "basis": "life_cycle",
        "region": "CN", "year": 2024, "confidence": "medium",
        "source": {"document": "test value", "issuer": "test", "year": 2024},
    }


#: a year's period and a test source, for the small studies built inside the tests
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}
SOURCE = {"document": "test", "issuer": "test", "year": 2024}


@dataclasses.dataclass
class CheckedInit:
    """A dataclass whose ``__init__`` does more than store its field (a ``__post_init__``):
    the generated constructors of engine/linectx.py must refuse it."""

    x: int

    def __post_init__(self) -> None:
        assert self.x > 0


def plain_factor(fid: str, value: float, per: str = "t") -> dict:
    """A user factor of ``value`` t CO2e per ``per`` (material upstream, life cycle)."""
    return {"id": fid, "name": fid, "kind": "material_upstream", "value": value,
            "amount_unit": "t", "per": per, "basis": "life_cycle", "confidence": "medium",
            "source": SOURCE}


FUEL = {"ncv": 40.0, "ncv_unit": "GJ/t", "carbon_content": 0.02, "oxidation": 1.0}
NG = {"carbon_content": 0.015, "oxidation": 1.0}

TOY = {
    "title": "toy three-unit chain",
    "period": {"start": "2023-01-01", "end": "2023-12-31"},
    "declared_products": ["liquid_aluminium"],
    "electricity": {"supplies": {
        "line": {"type": "direct_line", "value": 0.5, "basis": "life_cycle", "source": "test"}}},
    "factors": [user_factor("toy.diesel_up", 0.5, "t"), user_factor("toy.ng_up", 0.01, "GJ")],
    "units": [
        {"id": "bauxite_mining",
         "inputs": [{"flow": "diesel", "amount": 10, "unit": "t", "kind": "fuel",
                     "factor": "toy.diesel_up", "fuel": FUEL}],
         "outputs": [{"flow": "bauxite", "amount": 1000, "unit": "t"}]},
        {"id": "alumina_refining",
         "inputs": [{"flow": "bauxite", "amount": 800, "unit": "t", "kind": "intermediate"},
                    {"flow": "electricity", "amount": 100_000, "unit": "kWh",
                     "kind": "electricity", "supply": "line"},
                    {"flow": "natural_gas", "amount": 100, "unit": "GJ", "kind": "fuel",
                     "factor": "toy.ng_up", "fuel": NG, "subprocess": "calcination"}],
         "outputs": [{"flow": "alumina", "amount": 400, "unit": "t"},
                     {"flow": "aluminium_hydroxide", "amount": 51, "unit": "t",
                      "kind": "co_product", "price": 2000},
                     ]},
        {"id": "electrolysis",
         "inputs": [{"flow": "alumina", "amount": 200, "unit": "t", "kind": "intermediate"},
                    {"flow": "electricity", "amount": 1_000_000, "unit": "kWh",
                     "kind": "electricity", "supply": "line"}],
         "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
         "process_emissions": {
             "anode_consumption": {"net_anode_t_per_t": 0.4},
             "anode_effect": {"method": "slope", "aem_min_per_cell_day": 0.1}}},
    ],
}


@pytest.fixture
def toy() -> dict:
    return copy.deepcopy(TOY)
