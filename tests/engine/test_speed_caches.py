"""Session 18 (issue 11) engine speed-ups must not carry anything from one study to the next:
the per-library memo of fuel look-ups is keyed on the study's fuel table, and the snapshot of
the electricity settings taken by calculate is the study's as it was. Values by hand."""

from __future__ import annotations

import pytest

from alcarbon.engine import calculate
from alcarbon.factors import load_library
from alcarbon.inventory.model import Study

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}
ZERO = {"id": "rv.zero", "name": "zero", "name_zh": "零", "kind": "fuel_upstream", "value": 0.0,
        "amount_unit": "t", "per": "t", "gas": "CO2e", "basis": "life_cycle", "region": "CN",
        "year": 2024, "confidence": "medium",
        "source": {"document": "test", "issuer": "test", "year": 2024}}


def _coal_study(table: str | None) -> Study:
    extra = {} if table is None else {"fuel_table": table}
    return Study.model_validate({
        "period": PERIOD, "declared_products": ["liquid_aluminium"], "factors": [ZERO], **extra,
        "units": [{"id": "electrolysis",
                   "inputs": [{"flow": "bituminous_coal", "amount": 1.0, "unit": "t",
                               "kind": "fuel", "factor": "rv.zero"}],
                   "outputs": [{"flow": "liquid_aluminium", "amount": 1.0, "unit": "t"}]}]})


def _co2_per_t(study: Study, lib) -> float:
    res = calculate(study, lib)
    (it,) = [i for i in res.system.items
             if i.flow == "bituminous_coal" and i.gas == "CO2" and i.category == "fuel_combustion"]
    return it.factor


def test_fuel_memo_follows_the_study_fuel_table():
    lib = load_library()  # one library object for all three studies
    # default table (NDRC 2013 aluminium guideline): 19.570 GJ/t x 0.02618 tC/GJ x 0.93 x 44/12
    # = 0.5123426 x 0.93 x 3.6666667 = 1.7470883 t CO2/t
    # al_guideline_calc: 23.076 GJ/t x 0.02308 tC/GJ x 0.98 x 44/12
    # = 0.53259408 x 0.98 x 3.6666667 = 1.9137881 t CO2/t
    assert _co2_per_t(_coal_study(None), lib) == pytest.approx(1.7470883, rel=1e-6)
    assert _co2_per_t(_coal_study("al_guideline_calc"), lib) == pytest.approx(1.9137881,
                                                                             rel=1e-6)
    assert _co2_per_t(_coal_study(None), lib) == pytest.approx(1.7470883, rel=1e-6)


def _line_study() -> Study:
    return Study.model_validate({
        "period": PERIOD, "declared_products": ["liquid_aluminium"],
        "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                              "basis": "life_cycle", "source": "test"}}},
        "units": [{"id": "electrolysis",
                   "inputs": [{"flow": "electricity", "amount": 1000.0, "unit": "kWh",
                               "kind": "electricity", "supply": "line"}],
                   "outputs": [{"flow": "liquid_aluminium", "amount": 1.0, "unit": "t"}]}]})


@pytest.mark.parametrize("edit", ["field", "entry"])
def test_electricity_summary_sees_the_settings_as_calculated(edit):
    study = _line_study()
    res = calculate(study)
    # changed after the calculation, before the summary (made when first read) is read:
    # in place on the supply, or the supply replaced in the study's dict
    sup = study.electricity.supplies["line"]
    if edit == "field":
        sup.type = "grid"
    else:
        study.electricity.supplies["line"] = sup.model_copy(update={"type": "grid"})
    (row,) = res.products["liquid_aluminium"].electricity["declared"]
    # as calculated: the direct line, 1000 kWh x 0.5 kg/kWh = 500 kg = 0.5 t CO2e per t
    assert row["type"] == "direct_line"
    assert row["note"].startswith("direct line")
    assert row["t_co2e"] == pytest.approx(0.5)
