"""Shared fixtures: toy studies for the report and exchange tests (fixtures rep_toy*).

Every expected value is derived by hand in a test.

TOY (per t of liquid aluminium, from 100 t made):
- electricity 1,350,000 kWh / 100 t = 13,500 kWh/t on a direct line at 0.8 kg CO2e/kWh -> 10.8
- purchased alumina 192 t / 100 t = 1.92 t/t at a supplier CFP of 1.0 t/t            -> 1.92
- anode effect (guideline): CF4 0.1 kg/t x 7380 + C2F6 0.01 kg/t x 12400 (AR6)         -> 0.862
- anode consumption: 0.4 t/t x (100 - 2 - 0.4)/100 x 44/12 = 1.4314667                -> 1.4314667
CFP = 10.8 + 1.92 + 0.862 + 1.4314667 = 15.0134667 t CO2e/t.
"""

from __future__ import annotations

import copy

import pytest

TOY_CFP = 10.8 + 1.92 + 0.862 + 0.4 * 0.976 * 44 / 12

TOY = {
    "title": "toy smelter",
    "illustrative": True,
    "producer": {"name": "Toy Aluminium Co."},
    "product": {"name": "toy molten aluminium"},
    "period": {"start": "2024-01-01", "end": "2024-12-31"},
    "declared_products": ["liquid_aluminium"],
    "electricity": {"supplies": {
        "line": {"type": "direct_line", "value": 0.8, "basis": "life_cycle", "source": "test"}}},
    "units": [
        {"id": "electrolysis", "location": "内蒙古",
         "inputs": [
             {"flow": "purchased_alumina", "amount": 192, "unit": "t", "kind": "material",
              "supplier_cfp": {"value": 1.0, "source": "test supplier"}},
             {"flow": "electricity", "amount": 1_350_000, "unit": "kWh", "kind": "electricity",
              "supply": "line", "dq": {"technology": "fair"}}],
         "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
         "process_emissions": {
             "anode_consumption": {"net_anode_t_per_t": 0.4, "sulfur_pct": 2.0, "ash_pct": 0.4},
             "anode_effect": {"method": "guideline", "ef_cf4_kg_per_t": 0.1,
                              "ef_c2f6_kg_per_t": 0.01}}},
    ],
}

#: TOY with a captive coal plant instead of the direct line: 675 t coal (NCV 20 GJ/t, 0.025 tC/GJ,
#: oxidation 1 -> 1.8333 t CO2/t; upstream 0.1 t CO2e/t) make 1,350,000 kWh.
CAPTIVE_FACTOR = {
    "id": "toy.coal_up", "name": "toy coal upstream", "name_zh": "toy", "kind": "fuel_upstream",
    "value": 0.1, "amount_unit": "t", "per": "t", "gas": "CO2e", "basis": "life_cycle",
    "region": "CN", "year": 2024, "confidence": "medium",
    "source": {"document": "test value", "issuer": "test", "year": 2024}}


def _captive() -> dict:
    d = copy.deepcopy(TOY)
    d["electricity"] = {"supplies": {"captive": {"type": "captive",
                                                 "provider": "captive_electricity"}}}
    d["units"][0]["inputs"][1]["supply"] = "captive"
    d["factors"] = [CAPTIVE_FACTOR]
    d["units"].append({
        "id": "captive_power", "location": "内蒙古",
        "inputs": [{"flow": "bituminous_coal", "amount": 675, "unit": "t", "kind": "fuel",
                    "factor": "toy.coal_up",
                    "fuel": {"ncv": 20, "ncv_unit": "GJ/t", "carbon_content": 0.025,
                             "oxidation": 1.0}}],
        "outputs": [{"flow": "captive_electricity", "amount": 1_350_000, "unit": "kWh"}]})
    return d


@pytest.fixture
def rep_toy():
    from alcarbon.inventory.model import Study

    return Study.model_validate(copy.deepcopy(TOY))


@pytest.fixture
def rep_toy_captive():
    from alcarbon.inventory.model import Study

    return Study.model_validate(_captive())


@pytest.fixture
def rep_toy_cfp() -> float:
    return TOY_CFP


@pytest.fixture(scope="session")
def rep_toy_data() -> dict:
    """The report toy study as data, for module-scoped fixtures (do not mutate)."""
    return copy.deepcopy(TOY)

