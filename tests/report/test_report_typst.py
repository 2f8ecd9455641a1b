"""PDF report through Typst (the default PDF engine): both examples in zh and en."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from alcarbon.report import api
from alcarbon.report.model import KV, Figure, Note, Para, Report, Section, Table

from .conftest import EXAMPLES, EXAMPLES_DIR

pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("pdftotext", "pdffonts", "pdfinfo")),
    reason="poppler-utils (pdftotext, pdffonts, pdfinfo) not installed")

# Every Typst markup character, and backslashes and quotes of the string literal it travels in
# (C:\temp\new would print a tab and a line break if the backslash were not escaped)
HOSTILE = (r'#set text(red) *bold* _it_ $x^2$ [a] <lbl> @ref \ "q" // c /* d */ ~ -- `raw` = h'
           r' C:\temp\new \"x\"')


def _text(pdf: Path, *opts: str) -> str:
    return subprocess.run(["pdftotext", *opts, str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def typst_pdfs(tmp_path_factory, examples_computed):
    """{(example, lang): pdf path} rendered by Typst, written atomically."""
    d = tmp_path_factory.mktemp("typst")
    out = {}
    for ex, c in examples_computed.items():
        for lang in ("zh", "en"):
            p = d / f"{ex}_{lang}.pdf"
            api.write_atomic(p, api.render(c, "pdf", lang, pdf_engine="typst"))
            out[(ex, lang)] = p
    return out


def test_typst_is_the_default_engine():
    assert api.PDF_ENGINE == "typst" and set(api.PDF_ENGINES) == {"typst", "weasyprint"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_typst_pdf_pages_font_cfp_captions(typst_pdfs, examples_computed, example, lang):
    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.inventory import load_study

    pdf = typst_pdfs[(example, lang)]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True,
                          text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 10
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                           text=True).stdout.splitlines()[2:]
    # columns: name type encoding emb sub uni ...; the CJK font embedded (emb = yes)
    cjk = [ln for ln in fonts if "WenQuanYi" in ln]
    assert cjk and all(ln.split()[-5] == "yes" for ln in cjk), fonts
    text = _text(pdf)
    # the declared CFP of the first declared product, recomputed here by the engine, printed with
    # four decimals as on the cover (e.g. coal: 17.0848 t CO2e/t)
    study = load_study(EXAMPLES_DIR / f"{example}.yaml")
    cfp = calculate(study, load_library()).products[study.declared_products[0]].cfp
    assert f"{cfp:.4f}" in text
    flat = _squash(text)
    report = api.build(examples_computed[example], lang)
    captions = [t.caption for t in report.tables()]
    assert len(captions) >= 10
    for cap in captions:
        assert _squash(cap) in flat, cap


def test_zh_and_en_contents_page_numbers(typst_pdfs):
    # cover page 1, contents page 2: the first chapter starts on page 3
    zh = _text(typst_pdfs[("coal_captive_smelter", "zh")])
    assert re.search(r"一、概况 ?\.{10,} ?3\n", zh)
    # footer "page / pages" on the contents page: 2 / <total>
    info = subprocess.run(["pdfinfo", str(typst_pdfs[("coal_captive_smelter", "zh")])],
                          capture_output=True, check=True, text=True).stdout
    total = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert f"2 / {total}" in zh


def test_hostile_text_round_trips(tmp_path):
    """Typst markup characters in any text of the model print verbatim."""
    from alcarbon.report.render_typst import render_pdf_typst

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="20pt">'
           '<rect width="100" height="20" fill="#1f4e79"/></svg>')
    sec = Section("s1", "A " + HOSTILE, "10 a")
    sec.add(Para("P " + HOSTILE), Note("N " + HOSTILE), KV([("K " + HOSTILE, "V " + HOSTILE)]),
            Table("t1", "C " + HOSTILE, ["H " + HOSTILE, "n"], [["R " + HOSTILE, "1.5"]],
                  total=["T " + HOSTILE, "1.5"], numeric=(1,)),
            Figure("f1", "F " + HOSTILE, svg))
    rep = Report(lang="en", title="Title " + HOSTILE, subtitle="S " + HOSTILE,
                 cover=[("cover " + HOSTILE, "x")], illustrative=False, sections=[sec],
                 totals={}, facts={"reproducibility": {"alcarbon_version": "0",
                                                      "gwp_set": "AR6"}})
    p = tmp_path / "h.pdf"
    p.write_bytes(render_pdf_typst(rep))
    # a line may wrap at a space or after a colon: compare without whitespace (a backslash
    # read as an escape would drop the "t" of "\temp" and the "n" of "\new"); -raw
    # (content-stream order) so that a key wrapped beside its value is read in one piece
    text = _squash(_text(p, "-raw"))
    for prefix in ("Title", "S", "cover", "A", "P", "N", "K", "V", "C", "H", "R", "T", "F"):
        assert _squash(f"{prefix} {HOSTILE}") in text, prefix


def test_hostile_producer_name_in_study_report(tmp_path):
    """A study's own text with markup characters, through the whole pipeline, zh PDF."""
    from alcarbon.inventory import load_study

    study = load_study(EXAMPLES_DIR / "hydro_smelter_yunnan.yaml")
    study.producer.name = HOSTILE
    c = api.compute(study, analyses=False)
    p = tmp_path / "hostile.pdf"
    api.write_atomic(p, api.render(c, "pdf", "zh"))
    assert _squash(HOSTILE) in _squash(_text(p, "-raw"))


def test_unknown_engine_is_refused(examples_computed):
    from alcarbon.errors import InputError

    with pytest.raises(InputError, match="PDF engine"):
        api.render(examples_computed["coal_captive_smelter"], "pdf", "zh", pdf_engine="latex")


def test_cli_pdf_engine_choice(tmp_path):
    """`--pdf-engine` refuses an unknown engine before any work (exit 2, no file); the Typst PDF
    of the CLI has the embedded CJK font."""
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    ex = str(EXAMPLES_DIR / "hydro_smelter_yunnan.yaml")
    bad = tmp_path / "bad.pdf"
    r = CliRunner().invoke(app, ["report", ex, "-o", str(bad), "--pdf-engine", "latex"])
    assert r.exit_code == 2 and "--pdf-engine" in r.output and not bad.exists()
    good = tmp_path / "good.pdf"
    r = CliRunner().invoke(app, ["report", ex, "-o", str(good), "--pdf-engine", "typst",
                                 "--no-analyses"])
    assert r.exit_code == 0, r.output
    fonts = subprocess.run(["pdffonts", str(good)], capture_output=True, check=True,
                           text=True).stdout
    assert "WenQuanYi" in fonts


def test_wide_table_columns_fit_the_page_and_keep_words_whole():
    """A table whose ids cannot all fit at 7.5 pt (the en electricity table): the widths add up to
    the text width (A4 less 2 x 16 mm = 504.57 pt) and no text column is narrower than its
    longest unbreakable word at the chosen size + 8 pt inset; the size stays within 6-7.5 pt."""
    import re

    from alcarbon.report.model import Table
    from alcarbon.report.render_typst import TEXT_WIDTH_PT, _columns, _em

    row = ["Location-based (comparison)", "contractual instrument (certificate/PPA)(Yunnan)",
           "elec.footprint.hydro.2024", "0.01410", "life-cycle (footprint) factor",
           "national 2024", "1,345.8", "0.8351",
           "location-based comparison: grid factor of the region of consumption"]
    t = Table("elec-parts", "cap", ["Item", "Supply", "Factor id", "Factor /(kg CO2e/kWh)",
                                    "Factor basis", "Region / year", "Electricity /(kWh/t)",
                                    "GHG /(t CO2e/t)", "Remark"], [row] * 4, numeric=(3, 6, 7))
    cols, size = _columns(t)
    widths = [float(w) for w in re.findall(r"([\d.]+)pt", cols)]
    assert len(widths) == 9 and 6.0 <= size <= 7.5
    assert sum(widths) == pytest.approx(TEXT_WIDTH_PT, abs=0.5)
    for i in (0, 1, 2, 4, 5, 8):
        longest = max(_em(w) for w in (row[i] + " " + t.header[i]).split())
        assert widths[i] >= longest * size + 8.0 - 1e-6, (i, widths[i])


def test_a_short_chinese_name_in_a_row_is_not_broken_but_a_header_may_wrap():
    """The coal example's electricity parts: a tight table of 8 columns whose supply column
    holds "自备电厂" (4 characters, 4 em). That column is at least 4 em at the chosen size + 8 pt
    inset (the name on one line; it was "自备电/厂"); a 7-character header word ("几何标准差平方")
    gives its column no such floor, nor does a long Chinese phrase beyond 4 characters."""
    import re

    from alcarbon.report.model import Table
    from alcarbon.report.render_typst import _columns

    row = ["自备电厂", "按自备电厂单元过程计算", "0.9250", "生命周期（碳足迹）因子", "- -",
           "14,019.5", "12.9678", "自备电厂按从摇篮到大门建模（7.1.5.1）"]
    header = ["供电", "因子编号", "因子/(kgCO₂e/kWh)", "因子口径", "地区/年份", "电量/(kWh/t)",
              "温室气体排放量/(tCO₂e/t)", "备注"]
    t = Table("elec-parts", "cap", header, [row], numeric=(2, 5, 6))
    cols, size = _columns(t)
    widths = [float(w) for w in re.findall(r"([\d.]+)pt", cols)]
    assert widths[0] >= 4 * size + 8.0 - 1e-6, (widths, size)
    # a header-only long word sets no floor: "几何标准差平方" in the header, digits below
    t2 = Table("t", "cap", ["几何标准差平方", "说明"], [["1.213", "x " * 400]], numeric=(0,))
    cols2, size2 = _columns(t2)
    w2 = [float(w) for w in re.findall(r"([\d.]+)pt", cols2)]
    assert w2[0] < 4 * size2 + 8.0, (w2, size2)
