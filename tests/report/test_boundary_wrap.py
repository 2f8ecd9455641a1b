"""Line breaks of the boundary diagram's labels (report/boundary._wrap): widths counted with CJK
characters as two columns, a Latin word never cut, a closing mark never at the start of a line
(the line-breaking rule of Chinese text), a no-break space holding a clause reference together."""

from __future__ import annotations

from alcarbon.report.boundary import _wrap


def test_closing_mark_stays_on_the_line_before():
    # widths: 边界外:产品运 = 3*2 + 1 + 3*2 = 13 (输 would make 15 > 14); 输(交付)、使用 = 2 + 1 + 4
    # + 1 + 2 + 4 = 14, and the next 、 may not begin a line, so it ends this one (16)
    assert _wrap("边界外:产品运输(交付)、使用、废弃", 14) == "边界外:产品运\n输(交付)、使用、\n废弃"


def test_latin_word_wider_than_the_line_is_not_cut():
    assert _wrap("Metallurgical alumina", 12) == "Metallurgical\nalumina"
    assert _wrap("remelting aluminium ingot", 12) == "remelting\naluminium\ningot"


def test_clause_reference_kept_whole_after_cjk():
    # 基础设施、设备、 = 8 + 2 + 4 + 2 = 16; 办公不计入 = 10 and (7.4 f) = 7 make 17 > 16: the cut
    # falls before "(", the last place next to a CJK character
    assert _wrap("基础设施、设备、办公不计入(7.4\u00a0f)", 16) == \
        "基础设施、设备、\n办公不计入\n(7.4\u00a0f)"
    assert _wrap("Infrastructure, equipment, offices excluded (7.4\u00a0f)", 16) == \
        "Infrastructure,\nequipment,\noffices excluded\n(7.4\u00a0f)"


def test_short_label_unchanged():
    assert _wrap("废物: 赤泥", 26) == "废物: 赤泥"
    assert _wrap("铝液", 12) == "铝液"


def test_given_breaks_kept_and_each_part_wrapped():
    # the zh caption of what lies outside, with its breaks given: 边界外： = 8 columns;
    # 产品运输（交付） = 16 and the closing 、 stays on its line (18); 使用、废弃 = 10
    assert _wrap("边界外：\n产品运输（交付）、\n使用、废弃", 16) == \
        "边界外：\n产品运输（交付）、\n使用、废弃"
    # a part longer than the line is still wrapped: remelting (9) + aluminium (9) > 12
    assert _wrap("Outside:\nremelting aluminium", 12) == "Outside:\nremelting\naluminium"
