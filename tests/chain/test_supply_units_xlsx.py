"""Paths without tests before: the ``supply`` table, fuels in energy vs mass units, xlsx input.

Supply case (grid factors supplied, no captive power): Shanxi mines 2,000,000 t bauxite (2 kWh/t)
and refines 1,000,000 t alumina; Inner Mongolia refines 500,000 t alumina and smelts 200,000 t Al.
Refining 300 kWh/t, bauxite 2.5 t/t alumina; smelting 13,000 kWh/t, NAC 0.4, 0.1 AE-min, 1.9 t
alumina/t Al. Grid: Shanxi 0.8, Inner Mongolia 1.0 kg/kWh. By hand, t CO2e per t:
  bauxite (Shanxi)        2 x 0.8 / 1000   = 0.0016
  alumina, own refining   Shanxi 300 x 0.8 / 1000 = 0.24; Inner Mongolia 300 x 1.0 / 1000 = 0.30
  national refining avg   (1,000,000 x 0.24 + 500,000 x 0.30) / 1,500,000 = 0.26
  bauxite per t alumina   2.5 x 0.0016 = 0.004 (only Shanxi mines: the same for both refineries)
  electrolysis (IM)       13,000 x 1.0 / 1000 + anode 0.3904 x 11/3 + PFC 0.12698972
Per t Al of Inner Mongolia, alumina part = 1.9 x supplied refining intensity:
  2021, all-years row "Shanxi 1.0":            1.9 x 0.24 = 0.456
  2022, year rows "Shanxi 0.5, IM 0.5":        1.9 x (0.5 x 0.24 + 0.5 x 0.30) = 1.9 x 0.27 = 0.513
  no supply table (national average):          1.9 x 0.26 = 0.494
  bauxite part always 1.9 x 0.004 = 0.0076.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from alcarbon.chain import schema
from alcarbon.chain.attribution import attributed
from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.errors import InputError

EL_IM = 13.0 + 0.3904 * 11 / 3 + (0.0143e-3 * 7380 + 0.0017303e-3 * 12400)
BX = 1.9 * 2.5 * 0.0016


def _supply_case(supply: list[list] | None) -> dict:
    e = ["", "", "", "", "", ""]
    t = {"production": [], "parameters": [
        ["", "", "bauxite_mining", "electricity", 2, "kWh/t", "test"],
        ["", "", "alumina_refining", "electricity", 300, "kWh/t", "test"],
        ["", "", "alumina_refining", "bauxite_per_alumina", 2.5, "t/t", "test"],
        ["", "", "electrolysis", "electricity", 13000, "kWh/t", "test"],
        ["", "", "electrolysis", "net_anode_consumption", 0.4, "t/t", "test"],
        ["", "", "electrolysis", "anode_effect_minutes", 0.1, "", "test"],
        ["", "", "electrolysis", "alumina_per_al", 1.9, "t/t", "test"]],
        "electricity": [["山西", "", "combustion_co2", 0.8, *e, "test"],
                        ["内蒙古", "", "combustion_co2", 1.0, *e, "test"]]}
    for y in (2021, 2022):
        t["production"] += [["山西", y, "bauxite", 2_000_000, "t", "test"],
                            ["山西", y, "alumina", 1_000_000, "t", "test"],
                            ["内蒙古", y, "alumina", 500_000, "t", "test"],
                            ["内蒙古", y, "primary_aluminium", 200_000, "t", "test"]]
    if supply is not None:
        t["supply"] = supply
    return t


SUPPLY = [["内蒙古", "", "alumina", "山西", 1.0, "test"],
          ["内蒙古", 2022, "alumina", "山西", 0.5, "test"],
          ["内蒙古", 2022, "alumina", "内蒙古", 0.5, "test"]]


def test_supply_shares_attribute_supplier_alumina(tmp_path, write):
    at = attributed(compute(read_chain_data(write(tmp_path / "d", _supply_case(SUPPLY)))))
    im = at.set_index(["province", "year"]).loc["inner_mongolia"]
    assert im.loc[2021, "tco2e_per_t_alumina_refining"] == pytest.approx(0.456, rel=1e-12)
    assert im.loc[2022, "tco2e_per_t_alumina_refining"] == pytest.approx(0.513, rel=1e-12)
    assert im.loc[2021, "tco2e_per_t_bauxite_mining"] == pytest.approx(BX, rel=1e-12)
    assert im.loc[2021, "tco2e_per_t"] == pytest.approx(EL_IM + 0.456 + BX, rel=1e-12)
    assert im.loc[2022, "tco2e"] == pytest.approx(200_000 * (EL_IM + 0.513 + BX), rel=1e-12)
    # Shanxi smelts nothing: no attributed intensity.
    assert at[at["province"] == "shanxi"]["tco2e_per_t"].isna().all()


def test_without_supply_national_average(tmp_path, write):
    at = attributed(compute(read_chain_data(write(tmp_path / "d", _supply_case(None)))))
    im = at.set_index(["province", "year"]).loc[("inner_mongolia", 2021)]
    assert im["tco2e_per_t_alumina_refining"] == pytest.approx(0.494, rel=1e-12)


def test_supply_shares_must_add_up(tmp_path, write):
    bad = [["内蒙古", "", "alumina", "山西", 0.7, "test"]]
    with pytest.raises(InputError, match=r"supply.csv.*add up to 0.7"):
        attributed(compute(read_chain_data(write(tmp_path / "d", _supply_case(bad)))))


def _fuel_case(value: float, unit: str) -> dict:
    e = ["", "", "", "", "", ""]
    return {"production": [["山西", 2022, "bauxite", 1000, "t", "test"]],
            "parameters": [["", "", "bauxite_mining", "electricity", 1.5, "kWh/t", "test"],
                           ["", "", "bauxite_mining", "fuel.diesel", value, unit, "test"]],
            "electricity": [["山西", "", "combustion_co2", 0.8, *e, "test"]]}


def test_fuel_in_energy_and_mass_units(tmp_path, write):
    # Diesel (al_guideline_calc table): NCV 42.652 GJ/t, 0.0202 t C/GJ, oxidation 0.98.
    # 2 kg/t x 1000 t = 2 t x 42.652 = 85.304 GJ; CO2 = 85.304 x 0.0202 x 0.98 x 44/12.
    # The same fuel given as 85.304 MJ/t (= 0.085304 GJ/t) gives the same GJ and CO2.
    gj = 2 * 42.652
    co2 = gj * 0.0202 * 0.98 * 44 / 12
    for i, (v, u) in enumerate(((2, "kg/t"), (85.304, "MJ/t"), (0.085304, "GJ/t"))):
        res = compute(read_chain_data(write(tmp_path / f"d{i}", _fuel_case(v, u))))
        e = res.emissions
        assert e[e["flow"] == "fuel.diesel"]["t"].sum() == pytest.approx(co2, rel=1e-12), u
        # energy: 1.5 kWh x 3.6 MJ x 1000 t = 5.4 GJ of electricity plus the diesel
        assert res.energy["bauxite_mining"].sum() == pytest.approx(5.4 + gj, rel=1e-12), u


def test_xlsx_input(tmp_path, tables):
    # The two-province case of test_model.py, as sheets of one workbook (numbers as numbers,
    # blank cells as None). Yunnan 2022: 200,000 t x (1.3 + anode 1.4314667 + PFC 0.12698972).
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        ws.append(schema.TABLES[name])
        for r in rows:
            ws.append([None if c == "" else c for c in r])
    path = tmp_path / "chain.xlsx"
    wb.save(path)
    res = compute(read_chain_data(path))
    k = res.grid.positions("yunnan", 2022)[0]
    el_yn = 1.3 + 0.3904 * 11 / 3 + 0.0143e-3 * 7380 + 0.0017303e-3 * 12400
    assert res.stage_tco2e()["electrolysis"][k] == pytest.approx(200_000 * el_yn, rel=1e-12)
    k = res.grid.positions("shandong", 2022)[0]  # 30 万吨 = 300,000 t
    assert res.production["electrolysis"][k] == 300_000
    ws = wb["parameters"]
    ws["E3"] = "four hundred"  # data row 2 = spreadsheet row 3, column value
    wb.save(path)
    with pytest.raises(InputError, match=r"chain.xlsx, sheet parameters, row 3, column value"):
        read_chain_data(path)


def test_supplier_without_output_is_refused(tmp_path, write):
    # Guangxi (广西) makes no alumina in this data set. The row "Inner Mongolia takes its
    # alumina from Guangxi" was silently replaced by the national average (0.494 t/t Al for the
    # refining part instead of a Guangxi value that does not exist); it must name the row.
    bad = [["内蒙古", "", "alumina", "广西", 1.0, "test"]]
    msg = r"supply.csv, row 2.*supplier guangxi has no alumina output in 2021"
    with pytest.raises(InputError, match=msg):
        attributed(compute(read_chain_data(write(tmp_path / "d", _supply_case(bad)))))
    # a supplier of a province that does not consume (Shanxi smelts nothing) is not checked
    ok = [["山西", "", "alumina", "广西", 1.0, "test"]]
    at = attributed(compute(read_chain_data(write(tmp_path / "e", _supply_case(ok)))))
    im = at.set_index(["province", "year"]).loc[("inner_mongolia", 2021)]
    assert im["tco2e_per_t_alumina_refining"] == pytest.approx(0.494, rel=1e-12)
