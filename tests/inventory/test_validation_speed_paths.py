"""Validating a study never searches for close matches of a flow outside the catalogue: that
search is for error messages (issue 11: it cost ~40 ms per 20 intermediate flows)."""

from __future__ import annotations

import difflib

from alcarbon.inventory.io_yaml import study_from_data


def _study() -> dict:
    return {"title": "t", "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "declared_products": ["aluminium_ingot"],
            "units": [
                {"id": "a", "outputs": [{"flow": "part_a", "amount": 1.0, "unit": "t"}],
                 "inputs": [{"flow": "electricity", "amount": 10.0, "unit": "kWh"}]},
                {"id": "b", "outputs": [{"flow": "aluminium_ingot", "amount": 1.0, "unit": "t"}],
                 "inputs": [{"flow": "part_a", "amount": 1.0, "unit": "t"}]}]}


def test_intermediate_flows_validate_without_a_close_match_search(monkeypatch):
    searched: list[str] = []
    real = difflib.get_close_matches

    def record(word, *args, **kwargs):  # an exception would be swallowed by a validator
        searched.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", record)
    study = study_from_data(_study(), "test")
    assert searched == []
    a, b = study.units
    # the catalogue still gives a kind to a row without one: electricity follows 7.1.5
    assert a.inputs[0].kind == "electricity"
    # part_a is no catalogue flow: its row keeps what it says (no kind given: the default)
    assert b.inputs[0].flow == "part_a" and b.inputs[0].kind != "electricity"
