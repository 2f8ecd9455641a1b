"""Chinese marks on the Chinese web pages: the report's rule (GB/T 15834-2011) applied to the
text between tags; code, citations, form values and user data shown as stored are left alone."""

from __future__ import annotations

import pytest

from alcarbon.service.web.zh_html import typeset_html


@pytest.mark.parametrize("raw,want", [
    ("<td>基于位置(对比)</td>", "<td>基于位置（对比）</td>"),
    ("<p>排放因子: <b>0.5</b></p>", "<p>排放因子：<b>0.5</b></p>"),
    # an entity is read as its character: the ";" of "&amp;" is not a mark of the text
    ("<p>甲&amp;乙:丙 &lt;1</p>", "<p>甲&amp;乙：丙 &lt;1</p>"),
    # attributes (a form's values, titles) are not text runs
    ('<input value="中(文)" title="甲:乙">', '<input value="中(文)" title="甲:乙">'),
    ("<script>var a = '中(文)';</script><p>中(文)</p>",
     "<script>var a = '中(文)';</script><p>中（文）</p>"),
    ("<code>甲:乙</code><cite>李, 2020 (中文)</cite><textarea>说明(原文)</textarea>",
     "<code>甲:乙</code><cite>李, 2020 (中文)</cite><textarea>说明(原文)</textarea>"),
    # a diff's values as stored; the cell beside it is the page's own text
    ('<td translate="no">工厂记录(示例)</td><td>新增(数据)</td>',
     '<td translate="no">工厂记录(示例)</td><td>新增（数据）</td>'),
    ("<p>ASCII (only), here: yes</p>", "<p>ASCII (only), here: yes</p>"),
    # the run right before a raw element is set too
    ("<small>活动数据: <cite>甲(乙)</cite></small>",
     "<small>活动数据：<cite>甲(乙)</cite></small>"),
])
def test_text_runs_set_tags_and_raw_elements_kept(raw, want):
    assert typeset_html(raw) == want
