"""The zh PDF of both examples has no English outside a short allow-list, the en PDF no Chinese.

Each example's PDFs (zh and en) are made once for the module. The text is taken with pdftotext up
to the appendix heading (ids and transcription records are allowed only in the appendix). Nothing
the study supplies is excused: the examples carry Chinese main text and an English overlay
(``translations.en``), so the study's own words must be in the report's language too. Only the
proper names of cited works (authors, journals, databases, dataset ids) below are removed first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from alcarbon.report import api

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) not installed")

EXAMPLES = ("coal_captive_smelter", "hydro_smelter_yunnan")
ROOT = Path(__file__).parents[2] / "examples"

# Proper names, standard numbers, gases, units and symbols a Chinese report legitimately shows.
ALLOW = {
    "GB", "T", "ISO", "IPCC", "AR6", "AR5", "AR4", "CO2", "CH4", "N2O", "CF4", "C2F6", "CO2e",
    "tCO2e", "kgCO2e", "PFC", "GWP", "GWP100", "CFP", "AD", "EF", "CPCD", "MEE", "NBS", "NEA",
    "CFR", "F", "F2", "Sa", "Asha", "P1", "P2", "Ec", "Er", "SHA256", "alcarbon",
    "GHG",  # the standard's own Chinese text (7.1.5.3 电网 GHG 排放量) in the checklist
    "t", "kg", "g", "km", "tkm", "GJ", "Nm3", "kWh", "MWh", "Al", "Al2O3", "A.2", "A.3", "A.4",
    "D.1", "E.1", "E.2",
}


def _subscripts(text: str) -> str:
    return text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))


def _squash(text: str) -> str:
    """One space for any whitespace run, no space after a slash, and no hyphens at all:
    pdftotext drops the hyphen of a word broken at a line end, so both sides lose them. No space
    between two CJK characters: a line may break between any two of them (附\n录 E is 附录 E)."""
    text = re.sub(r"/\s+", "/", text.replace("-", ""))
    text = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", text)
    return re.sub(r"\s+", " ", text)


#: Proper names in the examples' data-source citations (authors, journals, database dataset ids)
#: and the product grade: shown as published in either language.
PROPER = (
    "Hong et al. 2012, J. Clean. Prod. 24:11-19", "Hong et al.", "SESAME", "IAI 2015",
    "Ding, Liu, Lu, Yang 2021, J. Ind. Ecol. 25:1657", "Luthin, Backes, Traverso",
    "Zhang Y. et al. 2022, Energy 261", "LCA", "2f14f4fa / 6b303967", "280332aa", "94801d0d",
    "GHG Protocol", "v2.0", "Al99.70", "AlF3",
    "ecoinvent", "Weidema", "Frischknecht",  # the cited uncertainty scheme (database, authors)
)


def body_text(pdf: Path, appendix_title: str) -> str:
    """pdftotext of the report before the appendix heading (the last occurrence: the first one
    is in the table of contents)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    cut = text.rfind(appendix_title)
    assert cut > 0, "appendix heading not found"
    return _squash(_subscripts(text[:cut]))


def _strip_proper(text: str) -> str:
    for s in sorted(PROPER, key=len, reverse=True):
        text = text.replace(_squash(s), " ")
    return text


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, examples_computed):
    """{(example, lang): pdf path}, each PDF rendered once."""
    d = tmp_path_factory.mktemp("lang")
    out = {}
    for ex, c in examples_computed.items():
        for lang in ("zh", "en"):
            p = d / f"{ex}_{lang}.pdf"
            p.write_bytes(api.render(c, "pdf", lang))
            out[(ex, lang)] = p
    return out


def latin_words(text: str) -> list[str]:
    """Latin tokens outside the allow-list. Clause references ('10 e', '7.1.3.2.4 d', 'a)') and
    CPCD product ids (11010X0012022C, cited with their document) are not words."""
    text = re.sub(r"\b\d+(\.\d+)* [a-g]\)?(?![A-Za-z0-9])", " ", text)
    text = re.sub(r"(?<![A-Za-z0-9])[a-j][)）]", " ", text)  # ）: the zh report's marks
    text = re.sub(r"附录 [A-E](?![A-Za-z0-9])", " ", text)
    # factor-library ids named beside each electricity figure (issue 15 item 3) are identifiers
    text = re.sub(r"(?<![A-Za-z0-9])elec\.[A-Za-z0-9_.]*[A-Za-z0-9]", " ", text)
    words = re.findall(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*", text)
    words = [w for w in words if re.search("[A-Za-z]", w)
             and not re.fullmatch(r"\d{5}[A-Z]\d{7}[A-Z]", w)]
    return sorted({w for w in words if w not in ALLOW})


@pytest.mark.parametrize("example", EXAMPLES)
def test_zh_report_has_no_english(pdfs, example):
    text = _strip_proper(body_text(pdfs[(example, "zh")], "附录 数据出处与可复现信息"))
    assert latin_words(text) == []


def test_latin_check_catches_english():
    # the checker itself: an English word and an exponent are caught, units and gases pass
    assert latin_words("烟煤 6.502 g CO2e/tkm,7.0e+09 kWh") == ["7.0e"]
    assert latin_words("warning: 1.346 kWh/t 9.3 a") == ["warning"]
    assert latin_words("产品编号 11010X0012022C,附录 A,a) 名称") == []


@pytest.mark.parametrize("example", EXAMPLES)
def test_en_report_has_no_chinese(pdfs, example):
    text = body_text(pdfs[(example, "en")], "Appendix Provenance and reproducibility")
    cjk = sorted(set(re.findall(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+", text)))
    assert cjk == []


@pytest.mark.parametrize("example", EXAMPLES)
def test_toc_has_page_numbers(pdfs, example):
    text = _squash(subprocess.run(["pdftotext", str(pdfs[(example, "zh")]), "-"],
                                  capture_output=True, check=True, text=True).stdout)
    # cover page 1, contents page 2 (page breaks after both): 一、概况 starts on page 3
    assert re.search(r"一、概况 ?\.{10,} ?3 ", text)
    # every chapter line of the contents ends with a page number
    for title in ("二、量化目的", "四、清单分析", "六、结果解释", "参考资料（10 g）"):
        assert re.search(re.escape(title) + r" ?\.{10,} ?\d+ ", text), title
