"""Purchased materials (``material.<flow or factor id>``, Appendix A "other"): upstream factor
of the library, and energy flows refused there (they would bypass the basis checks).

Hand case: conftest.two_by_two, Shandong refines 800,000 t alumina in 2021 and in 2022; add
0.1 t caustic soda per t alumina. Library factor material.caustic_soda = 1.59 kg CO2e/kg
(life cycle), so 800,000 x 0.1 x 1.59 = 127,200 t CO2e per year.
"""

from __future__ import annotations

import pytest

from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.errors import AlcarbonError


def _with(tables, name, value, unit):
    tables["parameters"].append(["", "", "alumina_refining", name, value, unit, "test"])
    return tables


@pytest.mark.parametrize("name", ["material.caustic_soda", "material.material.caustic_soda"])
def test_material_upstream_by_hand(tmp_path, tables, write, name):
    # the flow id (caustic_soda) and the factor id (material.caustic_soda) give the same factor
    e = compute(read_chain_data(write(tmp_path / "d", _with(tables, name, 100, "kg/t")))).emissions
    m = e[e["flow"] == name]
    assert set(m["category"]) == {"other"} and set(m["gas"]) == {"CO2e"}
    assert m.groupby("year")["tco2e"].sum().tolist() == pytest.approx([127_200, 127_200],
                                                                       rel=1e-12)


@pytest.mark.parametrize(("name", "unit"), [("material.steam", "GJ/t"),
                                            ("material.electricity", "kWh/t")])
def test_energy_as_material_is_refused(tmp_path, tables, write, name, unit):
    # steam -> heat.mee_default (combustion CO2) and electricity -> elec.footprint.cn.2024
    # (life cycle): as "materials" they escaped the one-basis rule of electricity and heat.
    with pytest.raises(AlcarbonError, match=r"parameters.csv.*" + name.replace(".", r"\.")):
        compute(read_chain_data(write(tmp_path / "d", _with(tables, name, 1.0, unit))))
