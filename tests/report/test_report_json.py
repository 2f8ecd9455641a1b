"""JSON report: hand-checked rep_toy totals, byte-identical re-runs, inputs hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alcarbon.report import api, repro

EXAMPLE = Path(__file__).parents[2] / "examples" / "coal_captive_smelter.yaml"


def test_toy_facts_by_hand(rep_toy, rep_toy_cfp):
    f = api.compute(rep_toy).facts
    assert f["result"]["cfp"] == pytest.approx(rep_toy_cfp, abs=1e-6)
    stages = {s["stage"]: s["t_co2e"] for s in f["result"]["stages"]}
    # purchased alumina is the upstream stage (5.3.2); the rest is electrolysis
    assert stages["upstream"] == pytest.approx(1.92, abs=1e-6)
    assert stages["electrolysis"] == pytest.approx(rep_toy_cfp - 1.92, abs=1e-6)
    assert f["result"]["by_gas"]["CF4"] == pytest.approx(0.1 * 7380 / 1000, abs=1e-6)
    assert f["electricity"]["by_unit"]["electrolysis"] == pytest.approx(13_500, abs=1e-6)
    assert f["gwp"]["values"] == {"C2F6": 12400, "CF4": 7380, "CO2": 1}
    e1 = sum(r["t_co2e"] for r in f["table_e1"])
    assert e1 == pytest.approx(rep_toy_cfp, abs=1e-5)


def test_json_byte_identical_when_recomputed():
    from alcarbon.inventory import load_study

    a = api.render(api.compute(load_study(EXAMPLE)), "json")
    b = api.render(api.compute(load_study(EXAMPLE)), "json")
    assert a == b
    data = json.loads(a)
    assert set(data["reproducibility"]) == {"alcarbon_version", "factor_library_version",
                                            "gwp_set", "inputs_sha256"}


def test_inputs_hash_tracks_inputs_and_library(rep_toy):
    import hashlib

    h = repro.inputs_hash(rep_toy, "2025.1")
    manual = hashlib.sha256((repro.canonical_study_json(rep_toy) + "\n2025.1").encode()).hexdigest()
    assert h == manual
    assert repro.inputs_hash(rep_toy, "2025.2") != h
    d = rep_toy.model_dump()
    d["units"][0]["inputs"][0]["amount"] = 193
    assert repro.inputs_hash(type(rep_toy).model_validate(d), "2025.1") != h


def test_unknown_format_and_language(rep_toy, tmp_path):
    from alcarbon.errors import InputError

    with pytest.raises(InputError):
        api.format_of(tmp_path / "x.docx")
    with pytest.raises(InputError):
        api.render(api.compute(rep_toy, analyses=False), "html", "fr")
