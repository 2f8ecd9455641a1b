"""An empty Table 2 rating cell is 'not rated' (None), not 好; round trips keep it so."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.inventory import load_study, save_study
from alcarbon.inventory.base import DataQuality
from alcarbon.inventory.words import word_value

ROOT = Path(__file__).resolve().parents[2]
CRITERIA = ("technology", "time", "geography", "reliability", "completeness")


def test_defaults_claim_nothing():
    dq = DataQuality()
    assert all(getattr(dq, c) is None for c in CRITERIA)
    assert dq.primary is False  # 6.1 / 7.1.2 c: primary data is a claim the user makes


@pytest.mark.parametrize("word,value", [("好", "good"), ("一般", "fair"), ("较差", "poor"),
                                        ("差", "poor"), (" Fair ", "fair")])
def test_standard_words_still_read(word, value):
    assert word_value("reliability", word) == value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unrated_survives_workbook_and_yaml(tmp_path, lang):
    s = load_study(ROOT / "examples" / "hydro_smelter_yunnan.yaml")
    row = s.units[0].inputs[0]
    row.dq.reliability, row.dq.time = None, None  # two criteria left unrated
    row.dq.technology = "poor"
    bare = s.units[0].outputs[0]
    bare.dq = DataQuality(source="plant records")  # nothing rated, primary not stated
    save_study(s, tmp_path / "s.xlsx", lang=lang)
    back = load_study(tmp_path / "s.xlsx")
    r2, b2 = back.units[0].inputs[0].dq, back.units[0].outputs[0].dq
    assert (r2.reliability, r2.time, r2.technology) == (None, None, "poor")
    assert r2.geography == row.dq.geography and r2.geography is not None
    assert all(getattr(b2, c) is None for c in CRITERIA) and b2.primary is False
    save_study(back, tmp_path / "s.yaml")
    assert load_study(tmp_path / "s.yaml") == back == s


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dq_unrated_setting_round_trips(tmp_path, lang):
    # default worst (the conservative reading, docs/checks.md); exclude survives both formats
    s = load_study(ROOT / "examples" / "coal_captive_smelter.yaml")
    assert s.dq_unrated == "worst"
    s.dq_unrated = "exclude"
    save_study(s, tmp_path / "s.xlsx", lang=lang)
    back = load_study(tmp_path / "s.xlsx")
    assert back.dq_unrated == "exclude" and back == s
    save_study(back, tmp_path / "s.yaml")
    assert load_study(tmp_path / "s.yaml").dq_unrated == "exclude"


def test_dq_unrated_refuses_other_words(tmp_path):
    from alcarbon.errors import InputError

    text = (ROOT / "examples" / "hydro_smelter_yunnan.yaml").read_text(encoding="utf-8")
    p = tmp_path / "bad.yaml"
    p.write_text("dq_unrated: best\n" + text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_study(p)
    assert "dq_unrated" in str(e.value) and "exclude" in str(e.value)
