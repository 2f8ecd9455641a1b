"""The chain model and the product engine give the same smelting and anode-production
intensities (one code path).

Smelting, same parameters on both sides: Yunnan 2022, grid CO2 factor of the factor library
(MEE 2022, 0.1073 kg/kWh), 13,000 kWh/t, NAC 0.40 t/t, 0.1 AE-min/cell-day, AR6. By hand:
13000 x 0.1073 / 1000 = 1.3949; anode 0.3904 x 11/3 = 1.4314667; PFC 0.12698972 -> 2.9533564.
"""

from __future__ import annotations

import pytest

from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.engine import calculate
from alcarbon.inventory.model import Study

HAND = 13000 * 0.1073 / 1000 + 0.3904 * 11 / 3 + 0.0143e-3 * 7380 + 0.0017303e-3 * 12400


def _engine_intensity() -> float:
    study = Study.model_validate({
        "period": {"start": "2022-01-01", "end": "2022-12-31"},
        "declared_products": ["liquid_aluminium"],
        "electricity": {"grid_basis": "combustion_co2", "grid_year": 2022,
                        "supplies": {"grid": {"type": "grid", "region": "云南"}},
                        "default_supply": "grid"},
        "units": [{
            "id": "electrolysis", "location": "云南",
            "inputs": [{"flow": "electricity", "amount": 13_000_000, "unit": "kWh",
                        "kind": "electricity", "supply": "grid"}],
            "outputs": [{"flow": "liquid_aluminium", "amount": 1000, "unit": "t",
                         "kind": "product"}],
            "process_emissions": {
                "anode_consumption": {"net_anode_t_per_t": 0.4},
                "anode_effect": {"method": "slope", "aem_min_per_cell_day": 0.1}},
        }],
    })
    res = calculate(study)
    product = next(iter(res.products.values()))
    return {row.stage: float(row.t_co2e) for row in product.stages()}["electrolysis"]


def test_engine_and_chain_same_smelting_intensity(tmp_path, write):
    data = write(tmp_path / "d", {
        "production": [["云南", 2022, "primary_aluminium", 1000, "t", "test"]],
        "parameters": [["", "", "electrolysis", "electricity", 13000, "kWh/t", "test"],
                       ["", "", "electrolysis", "net_anode_consumption", 0.4, "t/t", "test"],
                       ["", "", "electrolysis", "anode_effect_minutes", 0.1, "", "test"],
                       ["", "", "electrolysis", "alumina_per_al", 1.92, "t/t", "test"]],
        "electricity": [["云南", 2022, "combustion_co2", "", "", "", "", "", "", "", "library"]],
    })
    chain = compute(read_chain_data(data)).stage_tco2e()["electrolysis"][0] / 1000
    engine = _engine_intensity()
    assert chain == pytest.approx(HAND, rel=1e-12)
    assert engine == pytest.approx(HAND, rel=1e-12)
    assert chain == pytest.approx(engine, rel=1e-12)


# Anode production, Yunnan 2022, per t baked anode, same parameters on both sides:
#   electricity  208 kWh x 0.1073 kg/kWh (MEE 2022 Yunnan) / 1000        = 0.0223184
#   heat         0.5 GJ x 0.11 t/GJ (heat.mee_default)                     = 0.055
#   pitch vol.   (1.14 - 0.005 x 1.14 - 1 - 0.002) x 11/3 = 0.1323 x 11/3 = 0.4851
#   packing coke 0.02 x (100 - 2.0 - 2.5)/100 x 11/3 = 0.0191 x 11/3     = 0.0700333333
#   total                                                                  = 0.6324517333
ANODE_HAND = 208 * 0.1073 / 1000 + 0.5 * 0.11 + 0.1323 * 11 / 3 + 0.0191 * 11 / 3


def _engine_anode_intensity() -> float:
    study = Study.model_validate({
        "period": {"start": "2022-01-01", "end": "2022-12-31"},
        "declared_products": ["prebaked_anode"],
        "electricity": {"grid_basis": "combustion_co2", "grid_year": 2022,
                        "supplies": {"grid": {"type": "grid", "region": "云南"}},
                        "default_supply": "grid"},
        "units": [{
            "id": "anode_production", "location": "云南",
            "inputs": [{"flow": "electricity", "amount": 208_000, "unit": "kWh",
                        "kind": "electricity", "supply": "grid"},
                       {"flow": "heat", "amount": 500, "unit": "GJ", "kind": "heat"}],
            "outputs": [{"flow": "prebaked_anode", "amount": 1000, "unit": "t",
                         "kind": "product"}],
            "process_emissions": {"baking": {"green_anode_t": 1140, "waste_tar_t": 2,
                                             "packing_coke_t_per_t": 0.02}},
        }],
    })
    product = next(iter(calculate(study).products.values()))
    return {row.stage: float(row.t_co2e) for row in product.stages()}["anode_production"]


def test_engine_and_chain_same_anode_intensity(tmp_path, write):
    data = write(tmp_path / "d", {
        "production": [["云南", 2022, "prebaked_anode", 1000, "t", "test"]],
        "parameters": [["", "", "anode_production", "electricity", 208, "kWh/t", "test"],
                       ["", "", "anode_production", "heat", 500, "MJ/t", "test"],
                       ["", "", "anode_production", "green_per_baked", 1.14, "t/t", "test"],
                       ["", "", "anode_production", "waste_tar_per_baked", 2, "kg/t", "test"],
                       ["", "", "anode_production", "packing_coke_per_baked", 0.02, "t/t",
                        "test"]],
        "electricity": [["云南", 2022, "combustion_co2", "", "", "", "", "", "", "", "library"]],
    })
    chain = compute(read_chain_data(data)).stage_tco2e()["anode_production"][0] / 1000
    engine = _engine_anode_intensity()
    assert chain == pytest.approx(ANODE_HAND, rel=1e-12)
    assert engine == pytest.approx(ANODE_HAND, rel=1e-12)
    assert chain == pytest.approx(engine, rel=1e-12)
