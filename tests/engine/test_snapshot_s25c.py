"""Session 25: the electricity settings kept by a result are a read-only plain-value snapshot,
which edits of the study after the calculation do not reach."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from alcarbon.engine import calculate
from alcarbon.inventory import load_study
from alcarbon.inventory.study_meta import ElectricitySupply

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
cm = sys.modules["alcarbon.engine.calculate"]


def _study():
    return copy.deepcopy(load_study(EXAMPLES / "coal_captive_smelter.yaml"))


def test_snapshot_holds_the_values_and_refuses_assignment():
    elec = _study().electricity
    snap = cm._snapshot(elec)
    assert snap.grid_basis == elec.grid_basis and snap.supplies["grid"].region == "内蒙古"
    assert snap.supplies["captive"].provider == "captive_electricity"
    with pytest.raises(AttributeError):
        snap.grid_basis = "combustion_co2"
    with pytest.raises(AttributeError):
        snap.supplies["grid"].region = "北京"
    with pytest.raises(TypeError):
        snap.supplies["new"] = snap.supplies["grid"]
    # editing the model afterwards changes nothing in the snapshot
    elec.supplies["grid"].region = "北京"
    elec.grid_year = 2020
    elec.supplies["other"] = ElectricitySupply(type="grid")
    assert snap.supplies["grid"].region == "内蒙古" and snap.grid_year is None
    assert "other" not in snap.supplies


def test_snapshot_qualifies_as_the_supply():
    # the four conditions of 7.1.5.3: all true qualifies, one false does not
    full = dict(conveys_generator_info=True, exclusive_claim=True, retired_by_reporter=True,
                matches_period=True)
    elec = _study().electricity
    elec.supplies["c1"] = ElectricitySupply(type="contract", **full)
    elec.supplies["c2"] = ElectricitySupply(type="contract", **dict(full, matches_period=False))
    snap = cm._snapshot(elec)
    assert snap.supplies["c1"].qualifies() is True
    assert snap.supplies["c2"].qualifies() is False


def test_result_unchanged_by_a_later_edit_of_the_electricity():
    def hydro():
        return copy.deepcopy(load_study(EXAMPLES / "hydro_smelter_yunnan.yaml"))

    study = hydro()
    res = calculate(study)
    # the grid kWh at elec.footprint.cn.2023 would read as the residual mix, the contract
    # "grid_green" would fail its conditions
    study.electricity.residual_factor = "elec.footprint.cn.2023"
    study.electricity.supplies["grid_green"].matches_period = False
    edited = {p: r.electricity for p, r in res.products.items()}
    fresh = {p: r.electricity for p, r in calculate(hydro()).products.items()}
    assert edited == fresh
    notes = {r["supply"]: r["note"] for e in edited.values() for r in e["declared"]}
    assert notes["grid"].startswith("location factor: no residual")
    assert notes["grid_green"].startswith("contract meeting the four conditions")
