"""Issue 15 item 9: template rows that broke the calculation, filled as an accountant would.

The workbook comes from `alcarbon template`; its example amounts and the example rows of the
auxiliary sheets are copied in (as test_template_guidance.py does), then the rows under test:
原矿 (ore from nature) on C.1 and 蒸汽 (waste-heat steam, GJ) on C.3's outputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.engine import calculate
from alcarbon.errors import InputError
from alcarbon.inventory import load_study

runner = CliRunner()


def _filled(tmp_path: Path, rows: dict[tuple[str, str], dict[str, object]]) -> Path:
    """Template filled from its own examples, plus ``rows``: {(sheet prefix, label): {header:
    value}} on the Table C.x sheets."""
    src, dst = tmp_path / "t.xlsx", tmp_path / "filled.xlsx"
    r = runner.invoke(app, ["template", str(src), "--lang", "zh"])
    assert r.exit_code == 0, r.output
    wb = load_workbook(src)
    for ws in wb:
        if ws.cell(1, 1).value == "字段":
            for i in range(2, ws.max_row + 1):
                ws.cell(i, 3).value = ws.cell(i, 5).value
        elif ws.cell(7, 1).value == "输入":
            cols: dict[str, int] = {}
            for i in range(7, ws.max_row + 1):
                first = ws.cell(i, 1).value
                if first in ("输入", "输出"):
                    cols = {c.value: c.column for c in ws[i] if c.value is not None}
                    example = next(v for k, v in cols.items() if k.startswith("示例数量"))
                    continue
                if not cols:
                    continue
                if isinstance(ws.cell(i, example).value, int | float):
                    ws.cell(i, cols["数量"]).value = ws.cell(i, example).value
                for head, value in rows.get((ws.title[:3], first), {}).items():
                    ws.cell(i, cols[head]).value = value
        else:
            for c in range(1, ws.max_column + 1):
                ws.cell(4, c).value = ws.cell(3, c).value
    wb.save(dst)
    return dst


@pytest.fixture(scope="module")
def base_cfp(tmp_path_factory) -> float:
    return calculate(load_study(_filled(tmp_path_factory.mktemp("base"), {}))).product(
        "aluminium_ingot").cfp


def test_raw_ore_row_computes_burden_free(tmp_path, base_cfp):
    """1 200 000 t 原矿 with no factor: zero upstream burden (5.3.3.1), same CFP as without."""
    path = _filled(tmp_path, {("C.1", "原矿"): {"数量": 1_200_000}})
    res = calculate(load_study(path))
    assert res.product("aluminium_ingot").cfp == pytest.approx(base_cfp, rel=1e-12)
    assert any("raw_ore" in str(w) and "nature" in str(w) for w in res.warnings)


def test_steam_row_in_gj(tmp_path, base_cfp):
    """50 000 GJ 蒸汽 exported by the anode plant. Without a basis: a located error naming
    the unit and what to give. With the factor id of the displaced product in the row's factor
    column (heat.mee_default, 0.11 t CO2/GJ, the library's sourced purchased-heat factor):
    system expansion (7.3.1 b), credit 50 000 x 0.11 = 5 500 t over the anodes; every anode
    goes to the pots and all 100 000 t of metal to ingot, so the CFP falls by
    5 500 / 100 000 = 0.055 t CO2e/t."""
    bare = _filled(tmp_path, {("C.3", "蒸汽"): {"数量": 50_000}})
    with pytest.raises(InputError) as e:
        calculate(load_study(bare))
    assert "anode_production" in str(e.value) and "steam_export" in str(e.value)
    path = _filled(tmp_path, {("C.3", "蒸汽"): {"数量": 50_000, "处置因子ID": "heat.mee_default"}})
    study = load_study(path)
    assert study.unit("anode_production").outputs[1].displaces == "heat.mee_default"
    res = calculate(study)
    assert res.product("aluminium_ingot").cfp == pytest.approx(base_cfp - 0.055, rel=1e-9)


def test_workbook_round_trip_of_the_new_fields(tmp_path):
    """displaces (co-product row's factor column), energy_content (其他 JSON) and
    purchased_stage (study sheet) survive save -> load."""
    from alcarbon.inventory import save_study
    from alcarbon.inventory.io_yaml import study_from_data

    data = {
        "period": {"start": "2024-01-01", "end": "2024-12-31"},
        "declared_products": ["alumina"], "purchased_stage": "upstream",
        "units": [{"id": "alumina_refining",
                   "inputs": [{"flow": "原矿", "amount": 10, "unit": "t"}],
                   "outputs": [{"flow": "alumina", "amount": 4, "unit": "t",
                                "energy_content": 1.5},
                               {"flow": "aluminium_hydroxide", "amount": 1, "unit": "t",
                                "kind": "co_product", "displaces": "heat.mee_default"}]}],
    }
    path = tmp_path / "rt.xlsx"
    save_study(study_from_data(data), path)
    s = load_study(path)
    assert s.purchased_stage == "upstream"
    out = s.unit("alumina_refining").outputs
    assert out[0].energy_content == 1.5 and out[1].displaces == "heat.mee_default"
    assert out[1].treatment_factor is None
