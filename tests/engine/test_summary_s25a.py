"""Session 25 (helper A): the summary JSON from Python lists of each product's rows
(engine/item_lists.py, Cube.plain, engine/elec_rows.py) against values worked out by hand and
against the same summary read after the row arrays are made."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from alcarbon.engine import calculate
from alcarbon.engine.elec_rows import captive_kwh
from alcarbon.engine.item_lists import small_rows
from alcarbon.inventory import load_study
from alcarbon.inventory.io_yaml import study_from_data
from alcarbon.units import convert

from .test_lazy_cube import TWO

COAL = Path(__file__).resolve().parents[2] / "examples" / "coal_captive_smelter.yaml"


def test_small_rows_by_hand():
    """Items 0, 1 in column 0 (scale 2), item 2 in column 1 (scale 0: no row), item 3 in supply
    column 2 (scale 0.5) attributed 1/4 to column 0 and 3/4 to column 1: rows (0, 0, 2),
    (1, 0, 2), (3, 0, 0.5 x 0.25 = 0.125), (3, 1, 0.5 x 0.75 = 0.375)."""
    runs = [(0, 0, 2), (1, 2, 3), (2, 3, 4)]
    item, col, frac = small_rows(runs, [2.0, 0.0, 0.5], {2: {0: 0.25, 1: 0.75}})
    assert item == [0, 1, 3, 3]
    assert col == [0, 0, 0, 1]
    assert frac == [2.0, 2.0, 0.125, 0.375]
    assert small_rows(runs, [2.0, 0.0, 0.5], None) == ([0, 1, 3], [0, 0, 2], [2.0, 2.0, 0.5])


def test_summary_of_two_units_by_hand():
    """The two-unit study of test_lazy_cube (hand values there): stages 0.4 upstream, 0.01
    alumina_refining, 0.1 electrolysis; the direct line 1 000 kWh x 0.02 + 10 000 kWh / 50 =
    220 kWh per t at 0.5 kg/kWh = 0.11 t CO2e, on both sides."""
    r = calculate(study_from_data(copy.deepcopy(TWO)))
    s = r.to_json_dict()["products"][0]
    stages = {row["stage"]: row["t_co2e"] for row in s["stages"]}
    assert stages["upstream"] == pytest.approx(0.4, rel=1e-12)
    assert stages["alumina_refining"] == pytest.approx(0.01, rel=1e-12)
    assert stages["electrolysis"] == pytest.approx(0.1, rel=1e-12)
    assert s["by_category"] == pytest.approx({"other": 0.4, "energy": 0.11}, rel=1e-12)
    for side in ("declared", "location_based"):
        (line,) = s["electricity"][side]
        assert line["supply"] == "line" and line["type"] == "direct_line"
        assert line["kwh"] == pytest.approx(220.0, rel=1e-12)
        assert line["kg_per_kwh"] == pytest.approx(0.5, rel=1e-12)
        assert line["t_co2e"] == pytest.approx(0.11, rel=1e-12)


@pytest.mark.parametrize("attribution", ["consumer", "own_stage"])
@pytest.mark.parametrize("convention", ["energy_in_units", "all_upstream", "none"])
def test_summary_before_and_after_the_row_arrays(attribution, convention):
    """Read first (from the scaling vectors) or after the rows (from the row arrays), the
    summary JSON is the same text, and sums asked again are equal copies, not the cache."""
    study = load_study(COAL).model_copy(update={
        "captive_attribution": attribution, "upstream_convention": convention})
    first = calculate(study)
    later = calculate(study)
    for p in later.products.values():
        assert p.contributions and p.contributions_location
    assert json.dumps(first.to_json_dict()) == json.dumps(later.to_json_dict())
    p = next(iter(first.products.values()))
    a = p.by_gas()
    a["X"] = 1.0
    assert "X" not in p.by_gas()


def test_captive_kwh_is_the_converted_deliveries():
    """Per captive plant: the sum over its electricity entries into other columns of -amount x
    scale converted to kWh, in entry order (the former per-entry units.convert)."""
    r = calculate(load_study(COAL))
    system = r.system
    p = next(iter(r.products.values()))
    s = p.electricity_source.args[5] if callable(p.electricity_source) else None
    assert s is not None
    want: dict[str, float] = {}
    for e in system.tech:
        if system.consumer_kind.get((e.row, e.column)) == "electricity" and e.row != e.column:
            unit = system.columns[e.row][0]
            kwh = convert(-e.value * s[e.column], system.product_units[e.row], "kWh")
            want[unit] = want.get(unit, 0.0) + kwh
    assert want  # the coal example's captive plant delivers electricity
    assert captive_kwh(system, s) == want
