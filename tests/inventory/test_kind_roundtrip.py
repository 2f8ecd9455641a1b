"""A saved study means what was entered: the canonical data of a study (``study_to_data``, what a
revision stores and what ``alcarbon`` writes as YAML/JSON) reads back into the same study.

Found in session 26: ``study_to_data`` leaves out every field equal to its default, and an input
row's ``kind`` defaults to 'material'; read back without it, the row took the flow catalogue's
kind (``Input._kind_from_catalogue``). A fuel entered as a feedstock (kind 'material', not burnt)
came back as a fuel and was burnt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alcarbon.inventory import load_study
from alcarbon.inventory.io_yaml import study_from_data, study_to_data
from alcarbon.store.canonical import canonical_json

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _row(study, unit: str, flow: str):
    u = next(u for u in study.units if u.id == unit)
    return next(r for r in u.inputs if r.flow == flow)


def _with_kind(kind: str | None) -> dict:
    data = study_to_data(load_study(EXAMPLES[0]))
    u = next(u for u in data["units"] if u["id"] == "anode_production")
    row = next(r for r in u["inputs"] if r["flow"] == "fuel_oil")  # a fuel in the catalogue
    row.pop("kind", None)
    if kind is not None:
        row["kind"] = kind
    return data


def test_a_fuel_entered_as_a_material_stays_a_material_after_the_round_trip():
    entered = study_from_data(_with_kind("material"))
    assert _row(entered, "anode_production", "fuel_oil").kind == "material"
    saved = study_to_data(entered)
    row = next(r for r in next(u for u in saved["units"] if u["id"] == "anode_production")
               ["inputs"] if r["flow"] == "fuel_oil")
    assert row["kind"] == "material"  # kept although it is the field's default
    assert _row(study_from_data(saved), "anode_production", "fuel_oil").kind == "material"


def test_a_row_without_kind_still_takes_the_catalogue_kind_and_writes_it():
    read = study_from_data(_with_kind(None))
    assert _row(read, "anode_production", "fuel_oil").kind == "fuel"
    saved = study_to_data(read)
    row = next(r for r in next(u for u in saved["units"] if u["id"] == "anode_production")
               ["inputs"] if r["flow"] == "fuel_oil")
    assert row["kind"] == "fuel"


def test_a_material_row_of_a_material_flow_still_leaves_the_default_out():
    # bauxite is a material in the catalogue: 'material' is what reading it back gives anyway
    s = load_study(EXAMPLES[0])
    rows = [(u.id, r) for u in s.units for r in u.inputs if r.kind == "material"]
    assert rows, "the coal example has material rows"
    saved = {u["id"]: u for u in study_to_data(s)["units"]}
    from alcarbon.inventory.model import catalogue_kind

    for uid, r in rows:
        back = next(x for x in saved[uid]["inputs"] if x["flow"] == r.flow)
        if catalogue_kind(r.flow) in (None, "material"):
            assert "kind" not in back, (uid, r.flow)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reads_back_into_the_same_study(path):
    s = load_study(path)
    data = study_to_data(s)
    again = study_from_data(json.loads(json.dumps(data)))
    assert again == s
    assert canonical_json(study_to_data(again)) == canonical_json(data)
