"""Engine notes keep their Chinese text through the stored result (``warnings_zh``), and a note
without one (or a result cached before) is paired with an empty Chinese text, never shifted."""

from __future__ import annotations

from types import SimpleNamespace

from alcarbon.messages import Msg
from alcarbon.service.results_svc import _with_zh
from alcarbon.service.views import notes


def test_with_zh_pairs_each_note_with_its_chinese_text():
    a = Msg("waste without treatment factor", id="w", zh="废物无处理排放因子")
    plain = "a note without an id"
    res = SimpleNamespace(warnings=[a, plain],
                          products={"x": SimpleNamespace(warnings=[plain, a])})
    out = _with_zh(res, {"warnings": [str(a), plain], "products": [{"product": "x"}]})
    assert out["warnings_zh"] == ["废物无处理排放因子", ""]
    assert out["products"][0]["warnings_zh"] == ["", "废物无处理排放因子"]


def test_notes_without_chinese_or_from_an_old_cache():
    assert notes(["a", "b"], ["甲", ""]) == [{"en": "a", "zh": "甲"}, {"en": "b", "zh": ""}]
    # a result cached before warnings_zh existed, or a list of the wrong length: no zh at all
    assert notes(["a", "b"], None) == [{"en": "a", "zh": ""}, {"en": "b", "zh": ""}]
    assert notes(["a", "b"], ["甲"]) == [{"en": "a", "zh": ""}, {"en": "b", "zh": ""}]


def test_missing_factor_lines_in_chinese():
    """The three entry forms of alcarbon.engine.lines: a named factor id, an upstream factor of
    a flow, a purchased heat factor. 'electrolysis' is 铝电解生产 (Table C.4), 'alumina' 氧化铝;
    a flow without a catalogue name keeps its id alone."""
    from alcarbon.errors import MissingFactorError
    from alcarbon.service.web.labels import missing_factor_lines

    exc = MissingFactorError([
        "unit 'electrolysis', inputs[1] 'alumina': factor 'supplier.x' is neither packaged "
        "nor in the study",
        "unit 'electrolysis', inputs[2] 'my_oil': upstream factor of 'my_oil' (t)",
        "unit 'casting', inputs[0] 'steam': factor of purchased steam (GJ)"])
    lines = missing_factor_lines(exc)
    assert lines[0] == "铝电解生产：氧化铝（alumina）：缺少因子 supplier.x"
    assert lines[1] == "铝电解生产：my_oil：缺少上游排放因子"
    assert lines[2].endswith("：缺少外购热力或蒸汽的排放因子") and lines[2].startswith("铝液铸锭")
