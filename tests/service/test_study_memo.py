"""The study validated at save serves the calculation of that revision (service/study_memo.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from alcarbon.inventory import load_study
from alcarbon.inventory.io_yaml import study_to_data
from alcarbon.service import compute
from alcarbon.service.deps import study_lines
from alcarbon.service.study_memo import MEMO, StudyMemo, lines_of

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.fixture(autouse=True)
def _empty_memo():
    MEMO.clear()
    yield
    MEMO.clear()


def test_least_recently_used_goes_first():
    m = StudyMemo(size=2)
    a, b, c = (load_study(EXAMPLES[0]) for _ in range(3))
    m.put("a", a)
    m.put("b", b)
    assert m.get("a") is a  # "a" used last now: "b" is the oldest
    m.put("c", c)
    assert m.get("b") is None and m.get("a") is a and m.get("c") is c


def test_lines_count_as_the_service_counts_them_on_data():
    for path in EXAMPLES:
        s = load_study(path)
        assert lines_of(s) == study_lines(study_to_data(s))


def test_a_study_above_the_line_limit_is_not_kept(monkeypatch):
    from alcarbon.service import study_memo

    s = load_study(EXAMPLES[0])
    monkeypatch.setattr(study_memo, "MAX_LINES", lines_of(s) - 1)
    MEMO.put("x", s)
    assert MEMO.get("x") is None
    monkeypatch.setattr(study_memo, "MAX_LINES", lines_of(s))
    MEMO.put("x", s)
    assert MEMO.get("x") is s


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_calculating_leaves_the_study_as_it_was(path):
    s = load_study(path)
    before = copy.deepcopy(s.model_dump())
    res = compute.calculate(s)
    res.to_json_dict(detail=True)
    res.to_json_dict(detail=False)
    assert s.model_dump() == before


def test_the_calculation_after_a_save_uses_the_study_validated_at_save(client, ids, small_study,
                                                                       monkeypatch):
    h = {"Authorization": f"Bearer {ids['a_admin']}"}
    sid = ids["a_study"]
    small_study["units"][0]["inputs"][0]["amount"] = 2_000_000
    r = client.post(f"/api/studies/{sid}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "meter re-read", "study": small_study})
    assert r.status_code == 201, r.text
    validated = []
    real = compute.study_from_data
    monkeypatch.setattr(compute, "study_from_data",
                        lambda data, source="study": validated.append(source) or real(data, source))
    body = client.post(f"/api/studies/{sid}/calculate", headers=h).json()
    assert validated == []  # not validated again
    # by hand: 2e6 kWh / 100 t x 0.5 kg/kWh = 10,000 kg = 10.0 t CO2e per t
    assert body["result"]["products"][0]["cfp"] == pytest.approx(10.0, rel=1e-12)
    # the same revision computed from its stored text (memo empty): the same result
    MEMO.clear()
    rows = client.post(f"/api/studies/{sid}/calculate?rows=true", headers=h).json()
    assert validated == ["stored revision"]
    assert rows["result"]["products"][0]["cfp"] == body["result"]["products"][0]["cfp"]


def test_a_check_never_takes_the_kept_study(client, ids, small_study, monkeypatch):
    h = {"Authorization": f"Bearer {ids['a_admin']}"}
    sid = ids["a_study"]
    r = client.post(f"/api/studies/{sid}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "same", "study": small_study})
    assert r.status_code == 201
    validated = []
    real = compute.study_from_data
    monkeypatch.setattr(compute, "study_from_data",
                        lambda data, source="study": validated.append(source) or real(data, source))
    assert client.post(f"/api/studies/{sid}/check", headers=h).status_code == 200
    assert validated == ["stored revision"]  # the check may change what it reads: its own copy
