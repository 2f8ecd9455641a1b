"""The chain model and the product engine give the same smelting intensity (one code path).

Same parameters on both sides: Yunnan 2022, grid CO2 factor of the factor library (MEE 2022,
0.1073 kg/kWh), 13,000 kWh/t, NAC 0.40 t/t, 0.1 AE-min/cell-day, AR6. By hand:
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
