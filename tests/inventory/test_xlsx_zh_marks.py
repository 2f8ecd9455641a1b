"""The Chinese workbook's own words carry Chinese marks (GB/T 15834-2011), as the Chinese report
and web pages do; a study's values are written as stored; and a workbook written before (its
labels with ASCII marks) still reads to the same study."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from alcarbon.inventory import io_xlsx, load_study, save_study, xlsx_layout, xlsx_tables

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# an ASCII , : ; ( ) with a Chinese character (not a mark) beside it, or one space away
ASCII_BY_HAN = re.compile(r"[\u3400-\u9fff] ?[,:;()]|[,:;()] ?[\u3400-\u9fff]")


def _strings(path):
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    yield ws.title, c.coordinate, c.value


def test_zh_template_has_no_ascii_mark_beside_chinese(tmp_path):
    out = tmp_path / "t.xlsx"
    io_xlsx.write_workbook(None, out, "zh")
    cells = {(s, c): v for s, c, v in _strings(out)}
    bad = [(s, c, v) for (s, c), v in cells.items() if ASCII_BY_HAN.search(v)]
    assert bad == []
    # as the standard's Table C.x prints them (the seed text's extraction lost the marks)
    c1 = next(s for s, _ in cells if s.startswith("C.1"))
    assert cells[(c1, "A4")] == "时间段：起始时间"
    assert "辅助材料（例如钢球、衬板等）" in cells.values()
    assert "注1：此数据收集表中的数据是指规定时间段内所有未分配的输入和输出。" in cells.values()
    # a label with its unit: Chinese brackets, no space; the unit's own bracket set alike
    assert "净阳极消耗（t/t Al）" in cells.values()
    assert "阳极效应持续时间（min/（槽·d））" in cells.values()


def test_en_template_keeps_ascii_marks(tmp_path):
    out = tmp_path / "t.xlsx"
    io_xlsx.write_workbook(None, out, "en")
    values = [v for _, _, v in _strings(out)]
    assert not any(ch in v for v in values for ch in "，：；（）")


def test_a_studys_values_are_written_as_stored(tmp_path):
    study = load_study(EXAMPLES / "coal_captive_smelter.yaml")
    unit = study.units[0]
    unit.description = "自备电(燃煤),口径:全厂"  # user text with ASCII marks
    out = tmp_path / "s.xlsx"
    save_study(study, out)
    assert ("自备电(燃煤),口径:全厂" in [v for _, _, v in _strings(out)])
    assert load_study(out).units[0].description == "自备电(燃煤),口径:全厂"


@pytest.mark.parametrize("name", ["coal_captive_smelter", "hydro_smelter_yunnan"])
def test_a_workbook_with_the_old_ascii_labels_reads_the_same(tmp_path, monkeypatch, name):
    """Written as before the labels were set (every zh text as written in the code), then read:
    the label and example rows of the auxiliary sheets are still recognised, the study equal."""
    study = load_study(EXAMPLES / f"{name}.yaml")
    new = tmp_path / "new.xlsx"
    save_study(study, new)
    raw = lambda s: s  # noqa: E731
    for mod in (xlsx_layout, xlsx_tables):
        monkeypatch.setattr(mod, "typeset", raw)
    old = tmp_path / "old.xlsx"
    save_study(study, old)
    monkeypatch.undo()
    old_labels = {v for _, _, v in _strings(old)}
    assert "时间段: 起始时间" in old_labels and "时间段：起始时间" not in old_labels
    assert load_study(old).model_dump() == load_study(new).model_dump() == study.model_dump()

