"""Issue 15 item 10: Table E.2 of the report states the stage convention used (5.3.2, 5.3.3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.inventory import load_study

HYDRO = Path(__file__).resolve().parents[2] / "examples" / "hydro_smelter_yunnan.yaml"


@pytest.mark.parametrize(("setting", "zh", "en"), [
    ("production_stage", "供应商碳足迹计入其生产阶段", "in their production stage"),
    ("upstream", "碳足迹计入上游阶段", "in the upstream row"),
])
def test_table_e2_note_names_the_purchased_stage(setting, zh, en):
    from alcarbon.report.api import compute
    from alcarbon.report.content import build_report
    from alcarbon.report.render_html import render_html

    study = load_study(HYDRO).model_copy(update={"purchased_stage": setting})
    facts = compute(study, analyses=False).facts
    assert facts["meta"]["purchased_stage"] == setting
    html_zh = render_html(build_report(facts, {}, "zh"))
    html_en = render_html(build_report(facts, {}, "en"))
    assert "表 E.2 阶段划分" in html_zh and zh in html_zh
    assert "Stages of Table E.2" in html_en and en in html_en
    assert "5.3.3.2-5.3.3.5 a" in html_zh and "5.3.3.2-5.3.3.5 a" in html_en
