"""Issue 15 items 7 and 11: the sector guideline's fuel table is the default, the others stay
selectable; CH4 and N2O of stationary combustion (IPCC 2006 Vol.2 Ch.2 Tier 1) are computed for
every burnt fuel and weighted by the study's GWP set. Expected values by hand in the comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.engine import calculate
from alcarbon.errors import InputError
from alcarbon.factors import load_library
from alcarbon.inventory import load_study
from alcarbon.inventory.model import Study
from alcarbon.methods.combustion_non_co2 import combustion_non_co2

ROOT = Path(__file__).resolve().parents[2]
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def _items(res, flow: str, gas: str):
    return [it for it in res.system.items
            if it.flow == flow and it.gas == gas and it.category == "fuel_combustion"]


def _study(unit_out: dict, fuel: dict, **extra) -> Study:
    return Study.model_validate({
        "period": PERIOD, "declared_products": ["liquid_aluminium"], **extra,
        "units": [{"id": "electrolysis", "inputs": [fuel], "outputs": [unit_out]}]})


AL = {"flow": "liquid_aluminium", "amount": 100, "unit": "t"}
# a zero upstream factor, so that only the combustion lines count
ZERO = {"id": "rv.zero", "name": "zero", "name_zh": "零", "kind": "fuel_upstream", "value": 0.0,
        "amount_unit": "t", "per": "t", "gas": "CO2e", "basis": "life_cycle", "region": "CN",
        "year": 2024, "confidence": "medium",
        "source": {"document": "test", "issuer": "test", "year": 2024}}


def _fuel(flow: str, amount: float) -> dict:
    return {"flow": flow, "amount": amount, "unit": "t", "kind": "fuel", "factor": "rv.zero"}


def test_default_table_is_the_ndrc_2013_aluminium_guideline():
    lib = load_library()
    fp = lib.fuel("bituminous_coal")
    assert fp.table == "cn_al_guideline_2013"
    # 烟煤 NCV 19.570 GJ/t, 26.18 tC/TJ = 0.02618 tC/GJ, oxidation 93 %
    assert (fp.ncv, fp.carbon_content, fp.oxidation) == (19.57, 0.02618, 0.93)
    assert "2013" in str(fp.source.year) and "发展和改革委员会" in fp.source.issuer
    # the former name still works; the other tables stay selectable
    assert lib.fuel("bituminous_coal", table="ndrc2013_template") == fp
    assert lib.fuel("bituminous_coal", table="al_guideline_calc").carbon_content == 0.02308


def test_coal_example_captive_coal_co2_per_tonne():
    # 19.570 GJ/t x 0.02618 tC/GJ x 0.93 x 44/12 = 0.5123426 x 0.93 x 3.666667 = 1.7470883 t CO2/t
    res = calculate(load_study(ROOT / "examples" / "coal_captive_smelter.yaml"))
    (co2,) = _items(res, "bituminous_coal", "CO2")
    assert co2.factor == pytest.approx(1.7470883, rel=1e-7)
    assert co2.factor == pytest.approx(19.570 * 0.02618 * 0.93 * 44 / 12, rel=1e-12)


def test_coal_example_ch4_n2o_of_the_captive_plant():
    # The captive plant makes electricity: IPCC 2006 Vol.2 Table 2.2 (energy industries), coal
    # CH4 1 kg/TJ, N2O 1.5 kg/TJ. Coal 3 531 721.249 t x 19.570 GJ/t = 69 115 784.8 GJ
    # = 69 115.78 TJ -> CH4 69.11578 t x 27.9 (AR6) = 1 928.33 t CO2e;
    # N2O 103.6737 t x 273 = 28 302.92 t CO2e.
    res = calculate(load_study(ROOT / "examples" / "coal_captive_smelter.yaml"))
    gwp = res.system.gwp
    (ch4,) = _items(res, "bituminous_coal", "CH4")
    (n2o,) = _items(res, "bituminous_coal", "N2O")
    assert ch4.activity == pytest.approx(3_531_721.249)
    assert ch4.factor == pytest.approx(19.570e-3 * 1 / 1000, rel=1e-12)  # t CH4 per t coal
    assert n2o.factor == pytest.approx(19.570e-3 * 1.5 / 1000, rel=1e-12)
    assert ch4.activity * ch4.factor * gwp["CH4"] == pytest.approx(1928.33, rel=1e-5)
    assert n2o.activity * n2o.factor * gwp["N2O"] == pytest.approx(28302.92, rel=1e-5)
    assert "Table 2.2" in ch4.source


def test_manufacturing_unit_uses_table_2_3_and_the_gwp_set():
    # A smelter burning 100 t bituminous coal (not an energy product): Table 2.3, CH4 10 kg/TJ,
    # N2O 1.5 kg/TJ. 100 t x 19.570 GJ/t = 1.957 TJ. AR6: CH4 19.57 kg x 27.9 = 546.003 kg,
    # N2O 2.9355 kg x 273 = 801.3915 kg; CO2 1957 GJ x 0.02618 x 0.93 x 44/12 = 174.70883 t.
    # per t Al (100 t): (174.70883 + 0.546003 + 0.8013915) / 100 = 1.7605622 t CO2e/t.
    coal = _fuel("bituminous_coal", 100)
    res = calculate(_study(AL, coal, factors=[ZERO]))
    (ch4,) = _items(res, "bituminous_coal", "CH4")
    assert ch4.factor == pytest.approx(19.570e-3 * 10 / 1000, rel=1e-12)
    assert "Table 2.3" in ch4.source
    assert res.products["liquid_aluminium"].cfp == pytest.approx(1.7605622, rel=1e-7)
    # AR5 (CH4 28, N2O 265): (174.70883 + 0.54796 + 0.777908) / 100 = 1.7603470
    res5 = calculate(_study(AL, coal, factors=[ZERO], gwp_set="AR5", gwp_reason="test"))
    assert res5.products["liquid_aluminium"].cfp == pytest.approx(1.7603470, rel=1e-7)


def test_fuel_table_is_selectable_per_study():
    # al_guideline_calc: 23.076 GJ/t x 0.02308 = 0.53259408 x 0.98 = 0.52194220 x 44/12
    # = 1.9137881 t CO2/t
    res = calculate(_study(AL, _fuel("bituminous_coal", 10), fuel_table="al_guideline_calc",
                           factors=[ZERO]))
    (co2,) = _items(res, "bituminous_coal", "CO2")
    assert co2.factor == pytest.approx(1.9137881, rel=1e-7)


def test_unknown_fuel_table_is_a_located_error():
    with pytest.raises(InputError, match="fuel_table") as e:
        calculate(_study(AL, _fuel("diesel", 1), fuel_table="no_such_table", factors=[ZERO]))
    assert "cn_al_guideline_2013" in str(e.value)


def test_fuel_missing_from_the_table_falls_back_with_a_note():
    # Petroleum coke is not in the NDRC 2013 table: al_guideline_calc gives 32.5 GJ/t x 0.0275
    # = 0.89375 x 0.98 = 0.875875 x 44/12 = 3.2115417 t CO2/t; oil group (Table 2.3) CH4
    # 3 kg/TJ -> 0.0325 TJ x 3 = 0.0975 kg = 9.75e-5 t CH4/t.
    res = calculate(_study(AL, _fuel("petroleum_coke", 1), factors=[ZERO]))
    (co2,) = _items(res, "petroleum_coke", "CO2")
    assert co2.factor == pytest.approx(3.2115417, rel=1e-7)
    (ch4,) = _items(res, "petroleum_coke", "CH4")
    assert ch4.factor == pytest.approx(9.75e-5, rel=1e-12)
    assert any("petroleum_coke' is not in fuel table cn_al_guideline_2013" in str(n)
               for n in res.warnings)


def test_measured_ch4_replaces_the_computed_one():
    # A measured CH4 that replaces fuel_combustion CH4 leaves no computed CH4 line; N2O stays.
    st = Study.model_validate({
        "period": PERIOD, "declared_products": ["liquid_aluminium"], "factors": [ZERO],
        "units": [{"id": "electrolysis", "inputs": [_fuel("diesel", 1)],
                   "outputs": [AL, {"flow": "stack_ch4", "kind": "emission", "gas": "CH4",
                                    "amount": 1, "unit": "kg",
                                    "replaces": "fuel_combustion"}]}]})
    res = calculate(st)
    assert _items(res, "diesel", "CH4") == []
    assert len(_items(res, "diesel", "N2O")) == 1


def test_method_function_by_hand():
    # 1000 GJ = 1 TJ of gas in a manufacturing unit: CH4 1 kg, N2O 0.1 kg -> 0.001 t, 0.0001 t
    assert combustion_non_co2(1000.0, "gas", "manufacturing") == pytest.approx(
        {"CH4": 0.001, "N2O": 0.0001})
    with pytest.raises(InputError):
        combustion_non_co2(float("nan"), "coal", "energy")
