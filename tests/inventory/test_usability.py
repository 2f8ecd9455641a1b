"""Newcomer friction found in the walk-through: each case gives a clear, correct outcome."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from alcarbon.engine import calculate
from alcarbon.errors import AlcarbonError
from alcarbon.inventory import load_study, save_study
from alcarbon.inventory.io_yaml import study_from_data

ROOT = Path(__file__).resolve().parents[2]
P = {"start": "2023-01-01", "end": "2023-12-31"}


def _pots(**pe) -> dict:
    return {"period": P, "declared_products": ["liquid_aluminium"],
            "electricity": {"supplies": {"l": {"type": "direct_line", "value": 0.5,
                                               "basis": "life_cycle", "source": "t"}}},
            "units": [{"id": "electrolysis", "inputs": [
                {"flow": "electricity", "amount": 1e6, "unit": "kWh", "supply": "l"}],
                "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
                "process_emissions": pe}]}


def test_missing_process_emissions_are_announced():
    """Pots without anode consumption or anode-effect data: the footprint (electricity only,
    1e6 x 0.5e-3 / 100 = 5 t/t) comes with notes naming both Appendix A.4 sources."""
    res = calculate(study_from_data(_pots()))
    assert res.products["liquid_aluminium"].cfp == pytest.approx(5.0)
    text = " ".join(res.warnings)
    assert "no anode-consumption CO2" in text and "no anode-effect PFC" in text
    done = calculate(study_from_data(_pots(
        anode_consumption={"net_anode_t_per_t": 0.4},
        anode_effect={"method": "slope", "aem_min_per_cell_day": 0.1})))
    assert not any("makes liquid aluminium" in w for w in done.warnings)


def test_unknown_flow_name_suggests_the_catalogue_flow():
    d = _pots()
    d["units"][0]["inputs"].append({"flow": "柴由", "amount": 10, "unit": "t"})
    with pytest.raises(AlcarbonError, match="upstream factor of '柴由'.*unknown flow '柴由'"):
        calculate(study_from_data(d))


@pytest.mark.parametrize("cell,expected", [
    ("aluminium_ingot", ["aluminium_ingot"]),
    ("aluminium_ingot, alumina", ["aluminium_ingot", "alumina"]),
    ("aluminium_ingot、liquid_aluminium", ["aluminium_ingot", "liquid_aluminium"]),
])
def test_declared_products_typed_in_one_cell(tmp_path, cell, expected):
    p = tmp_path / "s.xlsx"
    save_study(load_study(ROOT / "examples" / "hydro_smelter_yunnan.yaml"), p, lang="zh")
    wb = load_workbook(p)
    ws = wb["研究信息"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "declared_products")
    row[2].value = cell
    wb.save(p)
    assert load_study(p).declared_products == expected


def test_empty_unit_cell_says_it_is_empty(tmp_path):
    p = tmp_path / "s.xlsx"
    save_study(load_study(ROOT / "examples" / "hydro_smelter_yunnan.yaml"), p, lang="en")
    wb = load_workbook(p)
    ws = wb["C.5 Casting"]
    r = next(r for r in range(8, 20) if ws.cell(row=r, column=7).value == "natural_gas")
    ws.cell(row=r, column=2).value = None
    wb.save(p)
    with pytest.raises(AlcarbonError, match=f"row {r}, column B \\(unit\\): empty, but a value"):
        load_study(p)


def test_chinese_gas_volume_units():
    from alcarbon.units import convert

    # 1 万标方 = 10^4 Nm3; 1 万方 = 10^4 m3
    assert convert(2.5, "万标方", "Nm3") == pytest.approx(25_000)
    assert convert(1, "万方", "m**3") == pytest.approx(10_000)


def test_outputs_have_normal_permissions(tmp_path):
    from alcarbon.atomic import atomic_write

    umask = os.umask(0)
    os.umask(umask)
    atomic_write(tmp_path / "o.json", b"{}")
    assert (tmp_path / "o.json").stat().st_mode & 0o777 == 0o666 & ~umask
