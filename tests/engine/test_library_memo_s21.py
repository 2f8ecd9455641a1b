"""What the line builders keep in the library's memo (session 21: factor, freight and fuel
plans) is keyed on every value it depends on: studies calculated one after the other with the
same library object, differing in one plant value, each get their own figures. Values by hand."""

from __future__ import annotations

import pytest

from alcarbon.engine import calculate
from alcarbon.factors import load_library
from alcarbon.inventory.model import Study

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def _study(diesel: dict, outputs: list[dict] | None = None, transport: list[dict] | None = None
           ) -> Study:
    inputs = [{"kind": "fuel", "flow": "diesel", **diesel}]
    if transport is not None:
        inputs.append({"flow": "caustic_soda", "amount": 5.0, "unit": "t", "kind": "material",
                       "factor": "study.caustic", "transport": transport})
    return Study.model_validate({
        "period": PERIOD, "declared_products": ["aluminium_ingot"],
        "factors": [{"id": "study.caustic", "name": "caustic soda", "kind": "material_upstream",
                     "value": 1.0, "amount_unit": "t", "per": "t", "basis": "life_cycle",
                     "confidence": "medium",
                     "source": {"document": "test", "issuer": "test", "year": 2024}}],
        "units": [{"id": "casting", "inputs": inputs,
                   "outputs": [{"flow": "aluminium_ingot", "amount": 10.0, "unit": "t"},
                               *(outputs or [])]}]})


def _items(res, category: str, gas: str | None = None) -> list:
    return [it for it in res.system.items
            if it.category == category and (gas is None or it.gas == gas)]


def test_plant_fuel_properties_each_give_their_own_combustion_items():
    lib = load_library()

    def burnt(cc: float, ncv: float) -> tuple[float, float]:
        st = _study({"amount": 10.0, "unit": "t",
                     "fuel": {"ncv": ncv, "ncv_unit": "GJ/t", "carbon_content": cc,
                              "oxidation": 1.0}})
        res = calculate(st, lib)
        (co2,) = _items(res, "fuel_combustion", "CO2")
        (ch4,) = _items(res, "fuel_combustion", "CH4")
        return co2.activity * co2.factor, ch4.activity * ch4.factor

    # CO2 = 10 t x 40 GJ/t x 0.020 tC/GJ x 1.0 x 44/12 = 29.333 t
    # CH4 = 10 t x 40 GJ/t = 0.4 TJ x 3 kg/TJ (IPCC 2006 Vol.2 Table 2.3, oil) = 0.0012 t
    assert burnt(0.020, 40.0) == pytest.approx((29.333333, 0.0012), rel=1e-6)
    # the same fuel, carbon content 0.025: 10 x 40 x 0.025 x 44/12 = 36.667 t; CH4 unchanged
    assert burnt(0.025, 40.0) == pytest.approx((36.666667, 0.0012), rel=1e-6)
    # NCV 45 GJ/t: CO2 10 x 45 x 0.025 x 44/12 = 41.25 t; CH4 0.45 TJ x 3 kg/TJ = 0.00135 t
    assert burnt(0.025, 45.0) == pytest.approx((41.25, 0.00135), rel=1e-6)
    assert burnt(0.020, 40.0) == pytest.approx((29.333333, 0.0012), rel=1e-6)  # and back


def test_measured_co2_replacing_combustion_is_not_served_from_the_memo():
    lib = load_library()
    fuel = {"amount": 10.0, "unit": "t", "fuel": {"ncv": 40.0, "ncv_unit": "GJ/t",
                                                  "carbon_content": 0.02, "oxidation": 1.0}}
    measured = [{"flow": "stack_co2", "kind": "emission", "gas": "CO2", "amount": 30.0,
                 "unit": "t", "replaces": "fuel_combustion"}]
    computed = calculate(_study(fuel), lib)
    replaced = calculate(_study(fuel, outputs=measured), lib)
    again = calculate(_study(fuel), lib)
    # computed: 29.333 t CO2 from the fuel; replaced: the 30 t measured instead, no computed
    # CO2 (its CH4 and N2O stay)
    assert sum(it.activity * it.factor for it in _items(computed, "fuel_combustion", "CO2")) \
        == pytest.approx(29.333333, rel=1e-6)
    assert [it.factor_id for it in _items(replaced, "fuel_combustion", "CO2")] == ["measured"]
    assert _items(replaced, "fuel_combustion", "CO2")[0].activity == pytest.approx(30.0)
    assert len(_items(replaced, "fuel_combustion", "CH4")) == 1
    assert sum(it.activity * it.factor for it in _items(again, "fuel_combustion", "CO2")) \
        == pytest.approx(29.333333, rel=1e-6)


def test_plant_ncv_converts_energy_to_the_mass_of_the_factor():
    lib = load_library()

    def upstream_t(ncv: float) -> float:
        st = _study({"amount": 400.0, "unit": "GJ",
                     "fuel": {"ncv": ncv, "ncv_unit": "GJ/t"}})
        (up,) = [it for it in calculate(st, lib).system.items
                 if it.upstream and it.flow == "diesel"]
        assert up.activity_unit == "t"
        return up.activity

    assert upstream_t(40.0) == pytest.approx(10.0, rel=1e-12)  # 400 GJ / 40 GJ/t
    assert upstream_t(50.0) == pytest.approx(8.0, rel=1e-12)  # 400 GJ / 50 GJ/t
    assert upstream_t(40.0) == pytest.approx(10.0, rel=1e-12)


def test_each_freight_mode_its_own_factor():
    lib = load_library()
    fuel = {"amount": 1.0, "unit": "t"}

    def freight(mode: str) -> tuple[float, str]:
        st = _study(fuel, transport=[{"mode": mode, "distance_km": 100.0}])
        (it,) = [i for i in calculate(st, lib).system.items if i.flow.startswith("transport:")]
        return it.activity * it.factor, it.factor_id

    rail, road = lib.freight("rail"), lib.freight("road_heavy_diesel")
    assert rail.value != road.value
    # 5 t x 100 km = 500 tkm x the mode's factor (kg per tkm -> t)
    assert freight("rail") == (pytest.approx(500 * rail.value / 1000, rel=1e-12), rail.id)
    assert freight("road_heavy_diesel") == (pytest.approx(500 * road.value / 1000, rel=1e-12),
                                            road.id)
    assert freight("rail") == (pytest.approx(500 * rail.value / 1000, rel=1e-12), rail.id)
