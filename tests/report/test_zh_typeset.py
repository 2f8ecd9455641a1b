"""Chinese marks in the Chinese report (GB/T 15834-2011, 标点符号用法): an ASCII mark touching
Chinese text is set full-width; marks among ASCII text, enumerations such as "a)" and the
reference list (GB/T 7714-2015 sets its entries with ASCII marks) are left as written."""

from __future__ import annotations

import re

import pytest

from alcarbon.report import api
from alcarbon.zh_marks import typeset


@pytest.mark.parametrize("raw,want", [
    ("从摇篮到大门:辅助材料(5.3.2);基础设施(7.4 f)。",
     "从摇篮到大门：辅助材料（5.3.2）；基础设施（7.4 f）。"),
    ("示例铝业(内蒙古)", "示例铝业（内蒙古）"),
    ("声明单位 1 t;铝锭每块约 20 kg,成捆交付", "声明单位 1 t；铝锭每块约 20 kg，成捆交付"),
    ("1.26 (好)", "1.26（好）"),  # the full-width mark carries its own space
    ("20 kg, 成捆", "20 kg，成捆"),
    ("7.4 b) 原辅材料的所有输入均需列出。", "7.4 b) 原辅材料的所有输入均需列出。"),  # enumeration
    ("范围 [5.8, 12.31]", "范围 [5.8, 12.31]"),  # among numbers
    # ASCII words in brackets inside a Chinese sentence: the ")" is followed by Chinese text
    ("为 17.08 tCO₂e/t(17,080 kgCO₂e/t)。", "为 17.08 tCO₂e/t（17,080 kgCO₂e/t）。"),
    ("11.89 tCO₂e/t(69.6%) 来自", "11.89 tCO₂e/t（69.6%）来自"),
    ("tCO₂e/t(1000 kg)", "tCO₂e/t(1000 kg)"),  # nothing Chinese after it
    ("(a(b)c)。", "（a(b)c）。"),  # only the pair whose ")" meets Chinese text
    # Chinese text inside, just before the ")"
    ("811.19 kgCO₂e/t(CPCD 41432X0012021A,2021 年文献值);实施前",
     "811.19 kgCO₂e/t（CPCD 41432X0012021A,2021 年文献值）；实施前"),
    ("Al99.70(GB/T 1196)", "Al99.70(GB/T 1196)"),
    ("ISO 14067:2018", "ISO 14067:2018"),
    ("是否未列出?", "是否未列出？"),
    # a mark just set full-width is Chinese text for the next one
    ("是否未列出(7.4 b 原辅材料)?", "是否未列出（7.4 b 原辅材料）？"),
    ("石油焦含碳量(干基) (%)", "石油焦含碳量（干基）（%）"),
    ("2f14f4fa(全部按 AlF3 计); Ding 2021", "2f14f4fa（全部按 AlF3 计）；Ding 2021"),
])
def test_marks_of_chinese_text_set_full_width(raw, want):
    assert typeset(raw) == want


def test_zh_report_has_no_ascii_mark_on_chinese_text(examples_computed):
    # every text of the zh report but the reference list: no ASCII , : ; ( next to a Chinese
    # character; the English report keeps its marks
    for c in examples_computed.values():
        texts = _zh_texts(c, titles=True)
        bad = [t for t in texts if re.search(r"[\u4e00-\u9fff][,:;(]|[,:;(][\u4e00-\u9fff]", t)]
        assert bad == []
        en = api.build(c, "en")
        assert any("(" in s.title or any(getattr(b, "text", "").count("(")
                                         for b in s.blocks) for s in en.walk())


def test_zh_figure_labels_have_chinese_marks(examples_computed):
    # the figures drawn with their labels as SVG text: no ASCII , : ; ( beside a Chinese
    # character in any label (the boundary's captions, the stage chart's legend 基于位置（对比）)
    import html

    c = next(iter(examples_computed.values()))
    rep = api.build(c, "zh", svg_text=True)
    labels = [html.unescape(m) for s in rep.walk() for b in s.blocks if b.kind == "figure"
              for m in re.findall(r">([^<>]+)</text>", b.svg)]
    assert any("基于位置（对比）" in x for x in labels)
    assert [x for x in labels if re.search(r"[\u4e00-\u9fff][,:;(]|[,:;(][\u4e00-\u9fff]", x)] == []


def _zh_texts(c, titles: bool = False) -> list[str]:
    """Every paragraph, note, key-value and table cell of the zh report but the reference list;
    with ``titles`` also the title, section titles and table headers."""
    rep = api.build(c, "zh")
    texts: list[str] = [v for kv in rep.cover for v in kv] + ([rep.title] if titles else [])
    for sec in rep.walk():
        if sec.id == "references":
            continue
        texts += [sec.title] if titles else []
        for b in sec.blocks:
            if b.kind in ("para", "note"):
                texts.append(b.text)
            elif b.kind == "kv":
                texts += [v for kv in b.items for v in kv]
            elif b.kind == "table":
                texts += [b.caption, *(b.header if titles else []),
                          *[str(x) for r in b.rows for x in r]]
    return texts


def test_zh_report_has_no_space_between_chinese_words(examples_computed):
    # "示例铝业（内蒙古）生产的 重熔用铝锭" read as a typo; a unit and its flow are joined by "/"
    # ("氧化铝生产/赤泥"). Section titles are not checked ("附录 数据出处与可复现信息").
    for c in examples_computed.values():
        bad = [t for t in _zh_texts(c)
               if re.search(r"[\u4e00-\u9fff）、] [\u4e00-\u9fff（]", t)]
        assert bad == []


def test_zh_result_sentences_as_written(examples_computed):
    """The coal example's headline sentences (content from examples/coal_captive_smelter.yaml:
    organisation 示例铝业（内蒙古）, product 重熔用铝锭, red mud of the refinery unquantified)."""
    texts = _zh_texts(examples_computed["coal_captive_smelter"])
    assert "声明单位为 1 t 重熔用铝锭；基准流为生产 1 t 重熔用铝锭所需的各单元过程产出。" in texts
    assert any(re.fullmatch(r"示例铝业（内蒙古）生产的重熔用铝锭，从摇篮到大门生命周期碳足迹为 "
                            r"[\d.]+ tCO₂e/t（[\d,.]+ kgCO₂e/t）。.*", t) for t in texts)
    waste = "以下废物无处理排放因子，按 0 计（未声明为舍弃）：氧化铝生产/赤泥。"
    assert any(waste in t for t in texts)


def test_the_reference_lists_title_is_set_its_entries_are_not(examples_computed):
    # GB/T 7714 sets the entries with ASCII marks; the section's title is the report's own
    # words (it is also the contents' line): "参考资料(10 g)" -> "参考资料（10 g）"
    c = next(iter(examples_computed.values()))
    refs = next(s for s in api.build(c, "zh").walk() if s.id == "references")
    assert refs.title == "参考资料（10 g）"
    entries = [v for b in refs.blocks if b.kind == "kv" for _, v in b.items]
    assert entries and any(re.search(r"[\u4e00-\u9fff][,(]|[,(][\u4e00-\u9fff]", v)
                           for v in entries)  # "...办公厅(General Office...)" as published
