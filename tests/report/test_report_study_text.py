"""The study's own text in the report language (translations overlay) and the clause 10 / 5.1
items printed in their place, in both languages, with 未提供 / 'not given' when missing."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from alcarbon.errors import InputError
from alcarbon.inventory import load_study, save_study
from alcarbon.report import api
from alcarbon.report.localise import localise

ROOT = Path(__file__).parents[2] / "examples"
COAL = ROOT / "coal_captive_smelter.yaml"

# (zh label, en label, study path) of GB/T 44905 5.1 a)-e), 10 a 1-2 and Appendix E items
ITEMS = (
    ("产品名称", "Product", "product.name"),
    ("产品规格型号", "Grade / model", "product.grade"),
    ("产品批号", "Batch", "product.batch"),
    ("产品净重", "Net weight", "product.net_weight"),
    ("分析检验结果及检验部门印记", "Inspection results and inspecting body", "product.inspection"),
    ("出厂日期", "Delivery date", "product.delivery_date"),
    ("产品图片", "Product picture", "product.picture"),
    ("委托方", "Commissioned by", "commissioner"),
    ("出具报告机构", "Issued by", "assessor"),
    ("报告编号", "Report no.", "report_id"),
    ("报告日期", "Report date", "report_date"),
)


def _value(study, path: str, lang: str) -> str:
    """What the report must show for ``path``: the study's text, its en overlay in an en report,
    the ISO date of a date, or the 'not given' word."""
    node = study
    for part in path.split("."):
        node = getattr(node, part)
    if node is None or node == "":
        return "未提供" if lang == "zh" else "not given"
    if not isinstance(node, str):
        return node.isoformat()
    return study.translations.get("en", {}).get(node, node) if lang == "en" else node


def _row(label: str, value: str) -> str:
    return f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clause10_items_in_both_languages(examples_computed, lang):
    for ex, c in examples_computed.items():
        study = load_study(ROOT / f"{ex}.yaml")
        page = api.render(c, "html", lang).decode("utf-8")
        if lang == "zh":  # the zh report sets the study's text with Chinese marks (zh_typeset)
            page = page.translate(str.maketrans("（），：；", "(),:;"))
        for zh, en, path in ITEMS:
            row = _row(zh if lang == "zh" else en, _value(study, path, lang))
            assert row in page, (ex, lang, path, row)
        # the example gives no picture: 'not given' in its place (Appendix E 产品图片)
        assert _row("产品图片" if lang == "zh" else "Product picture",
                    "未提供" if lang == "zh" else "not given") in page


def test_missing_items_show_not_given():
    study = load_study(COAL)
    empty = study.model_copy(update={
        "product": study.product.model_copy(update={"batch": "", "net_weight": "",
                                                     "inspection": "", "delivery_date": ""}),
        "report_date": None, "commissioner": "", "translations": {}})
    c = api.compute(empty, analyses=False)
    for lang, word in (("zh", "未提供"), ("en", "not given")):
        page = api.render(c, "html", lang).decode("utf-8")
        for zh, en, _path in ITEMS[2:6] + ITEMS[7:8] + ITEMS[10:]:
            assert _row(zh if lang == "zh" else en, word) in page, (lang, zh)


def test_overlay_swaps_study_text_in_en_only():
    facts = {"meta": {"title": "示例", "producer": {"name": "示例铝业"}},
             "rows": [{"source": "工厂记录"}, {"source": "其他"}],
             "reproducibility": {"title": "示例"},
             "translations": {"en": {"示例": "Example", "工厂记录": "plant records"}}}
    en = localise(facts, "en")
    assert en["meta"]["title"] == "Example"
    assert en["rows"] == [{"source": "plant records"}, {"source": "其他"}]
    assert en["meta"]["producer"]["name"] == "示例铝业"  # only whole strings are swapped
    assert en["reproducibility"]["title"] == "示例"      # the provenance record stays as given
    assert localise(facts, "zh") is facts


def test_translations_are_checked():
    data = load_study(COAL).model_dump(mode="json")
    from alcarbon.inventory.io_yaml import study_from_data

    for bad, why in (({"": "x"}, "an empty main text"),
                     ({"工厂记录": " "}, "no translation given")):
        with pytest.raises(InputError) as e:
            study_from_data({**data, "translations": {"en": bad}}, "t.yaml")
        assert why in str(e.value) and "translations" in str(e.value)
    with pytest.raises(InputError):
        study_from_data({**data, "translations": {"fr": {"示例": "x"}}}, "t.yaml")


def test_translations_survive_edits_and_the_workbook(tmp_path):
    study = load_study(COAL)
    en = study.translations["en"]
    # every Chinese text shown in the report has its pair: unit names, data sources, notes
    assert en[study.units[0].name] == "bauxite mine"
    assert en[study.units[0].inputs[1].dq.source].startswith("SESAME aluminium LCI, Global")
    assert en[study.notes].startswith("ILLUSTRATIVE.")
    # removing a row leaves the pairs valid and attached to the same texts (keyed by text)
    edited = study.model_copy(deep=True)
    del edited.units[0].inputs[0]
    from alcarbon.inventory.model import Study

    assert Study.model_validate(edited.model_dump()).translations == study.translations
    save_study(study, tmp_path / "s.xlsx")
    back = load_study(tmp_path / "s.xlsx")
    assert back.translations == study.translations
