"""Issue 15 item 11: petroleum-coke calcination (GB/T 44905 Table A.3 煅烧炉中石油焦的燃烧) as a
carbon balance of the calciner. Expected values by hand in the comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.engine import calculate
from alcarbon.errors import InputError
from alcarbon.inventory.model import Study
from alcarbon.methods import coke_calcination
from alcarbon.units import Q_

ZERO = {"id": "rv.zero", "name": "zero", "name_zh": "零", "kind": "material_upstream",
        "value": 0.0, "amount_unit": "t", "per": "t", "gas": "CO2e", "basis": "life_cycle",
        "region": "CN", "year": 2024, "confidence": "medium",
        "source": {"document": "test", "issuer": "test", "year": 2024}}
CALC = {"green_coke_t": 1000, "calcined_coke_t": 750, "green_coke_carbon_pct": 92,
        "green_coke_moisture_pct": 8, "calcined_coke_carbon_pct": 98.5, "dust_t": 20,
        "dust_carbon_pct": 96}
# carbon in 1000 x (1 - 0.08) x 0.92 = 846.4 t C; out 750 x 0.985 = 738.75 and 20 x 0.96 = 19.2;
# lost 846.4 - 738.75 - 19.2 = 88.45 t C -> x 44/12 = 324.31667 t CO2
CO2_T = 324.31667


def _study(calcination: dict | None, outputs: list | None = None) -> Study:
    unit = {"id": "anode_production",
            "inputs": [{"flow": "petroleum_coke", "amount": 1000, "unit": "t",
                        "kind": "material", "factor": "rv.zero"}],
            "outputs": [{"flow": "prebaked_anode", "amount": 700, "unit": "t"},
                        *(outputs or [])],
            "process_emissions": {"calcination": calcination} if calcination else {}}
    return Study.model_validate({"period": {"start": "2024-01-01", "end": "2024-12-31"},
                                 "declared_products": ["prebaked_anode"], "factors": [ZERO],
                                 "units": [unit]})


def test_method_by_hand():
    out = coke_calcination(Q_(1000, "t"), Q_(750, "t"), green_carbon_pct=92,
                           calcined_carbon_pct=98.5, green_moisture_pct=8, dust=Q_(20, "t"),
                           dust_carbon_pct=96)
    assert out["CO2"].to("t").magnitude == pytest.approx(CO2_T, rel=1e-7)
    # without moisture and dust: 1000 x 0.92 - 750 x 0.985 = 181.25 t C -> 664.58333 t CO2
    out = coke_calcination(Q_(1000, "t"), Q_(750, "t"), green_carbon_pct=92,
                           calcined_carbon_pct=98.5)
    assert out["CO2"].to("t").magnitude == pytest.approx(664.58333, rel=1e-7)


def test_more_carbon_out_than_in_is_refused():
    # 1000 x 0.80 = 800 t C in, 900 x 0.985 = 886.5 t C out: impossible
    with pytest.raises(InputError, match="more carbon"):
        coke_calcination(Q_(1000, "t"), Q_(900, "t"), green_carbon_pct=80,
                         calcined_carbon_pct=98.5)
    with pytest.raises(InputError, match="green_carbon_pct"):
        coke_calcination(Q_(1000, "t"), Q_(700, "t"), green_carbon_pct=120,
                         calcined_carbon_pct=98.5)


def test_engine_line_per_tonne_of_anode():
    # per t prebaked anode: 324.31667 t CO2 / 700 t = 0.46330952 t CO2e/t
    res = calculate(_study(CALC))
    (line,) = [it for it in res.system.items if it.flow == "coke_calcination"]
    assert line.activity == 1000 and line.factor == pytest.approx(CO2_T / 1000, rel=1e-7)
    assert res.products["prebaked_anode"].cfp == pytest.approx(0.46330952, rel=1e-7)


def test_measured_co2_replaces_the_balance():
    # measured 350 t CO2 replacing the calcination balance: 350 / 700 = 0.5 t CO2e/t
    meas = [{"flow": "calciner_stack", "kind": "emission", "gas": "CO2", "amount": 350,
             "unit": "t", "replaces": "coke_calcination"}]
    res = calculate(_study(CALC, meas))
    lines = [it for it in res.system.items if it.flow == "coke_calcination"]
    assert [it.factor_id for it in lines] == ["measured"]  # no computed balance line
    assert res.products["prebaked_anode"].cfp == pytest.approx(0.5, rel=1e-12)


def test_green_coke_without_calcination_is_noted():
    res = calculate(_study(None))
    assert any("declares no calcination CO2" in str(n) for n in res.warnings)
    res = calculate(_study(CALC))
    assert not any("declares no calcination CO2" in str(n) for n in res.warnings)


def test_workbook_fields(tmp_path):
    # The example workbook with the study field 燃料参数缺省值表 set and the calcination columns of
    # the sheet 过程排放参数 filled for the anode unit reads back into the study model.
    import openpyxl

    from alcarbon.inventory import load_study

    root = Path(__file__).resolve().parents[2] / "examples"
    wb = openpyxl.load_workbook(root / "coal_captive_smelter.xlsx")
    for r in wb["研究信息"].iter_rows():
        if r[0].value == "fuel_table":
            r[2].value = "al_guideline_calc"
    ws = wb["过程排放参数"]
    keys = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "anode_production")
    for k, v in {"calcination.green_coke_t": 1000, "calcination.calcined_coke_t": 750,
                 "calcination.green_coke_carbon_pct": 92,
                 "calcination.calcined_coke_carbon_pct": 98.5}.items():
        row[keys.index(k)].value = v
    wb.save(tmp_path / "s.xlsx")
    st = load_study(tmp_path / "s.xlsx")
    assert st.fuel_table == "al_guideline_calc"
    c = st.unit("anode_production").process_emissions.calcination
    assert (c.green_coke_t, c.calcined_coke_t, c.green_coke_carbon_pct,
            c.calcined_coke_carbon_pct, c.green_coke_moisture_pct) == (1000, 750, 92, 98.5, 0)
