"""A table whose caption only repeats the heading just above it is titled once (Typst and HTML);
a table with a caption of its own keeps it."""

import pytest

from alcarbon.report.content import build_report
from alcarbon.report.model import Report, Section, Table
from alcarbon.report.render_html import render_html
from alcarbon.report.render_typst import to_typst


@pytest.fixture
def report(examples_computed) -> Report:
    """The coal example's report (its facts feed the cover) with one test section."""
    rep = build_report(examples_computed["coal_captive_smelter"].facts, {}, "zh")
    same = Table(id="t1", caption="表 E.2 各阶段", header=["a"], rows=[["1"]])
    own = Table(id="t2", caption="表 9 其他口径", header=["b"], rows=[["2"]])
    rep.sections = [Section(id="s", title="表 E.2 各阶段", blocks=[same, own])]
    return rep


def test_typst_titles_a_repeating_table_once(report):
    src = to_typst(report)
    # once in the heading (and once in the contents line), never as a caption
    assert src.count('cap("表 E.2 各阶段")') == 0
    assert src.count('cap("表 9 其他口径")') == 1


def test_html_titles_a_repeating_table_once(report):
    html = render_html(report)
    assert "<caption>表 E.2 各阶段</caption>" not in html
    assert "<caption>表 9 其他口径</caption>" in html
    assert html.count("表 E.2 各阶段") == 2  # the contents line and the heading
