"""PDF report: extractable text with the clause-10 headings and totals; pages render to PNG."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from alcarbon.report import api

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None
                                or shutil.which("pdftoppm") is None,
                                reason="poppler-utils (pdftotext, pdftoppm) not installed")

ZH_HEADINGS = ["一、概况", "二、量化目的", "三、量化范围", "四、清单分析", "五、影响评价",
               "六、结果解释", "参考资料", "表 E.1", "表 E.2", "数据质量评价", "电力处理",
               "敏感性分析和不确定性分析", "改进建议", "取舍准则", "分配原则与程序", "系统边界"]


@pytest.fixture(scope="module")
def computed(rep_toy_data):
    from alcarbon.inventory.model import Study

    return api.compute(Study.model_validate(rep_toy_data))


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, computed):
    d = tmp_path_factory.mktemp("pdf")
    path = d / "rep_toy.pdf"
    api.write_atomic(path, api.render(computed, "pdf", "zh", pdf_engine="weasyprint"))
    return path


def test_pdf_text_has_headings_and_totals(pdf, rep_toy_cfp):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout
    for h in ZH_HEADINGS:
        assert h in text, h
    # CFP by hand (conftest): 15.0134667 -> shown with 4 decimals
    assert f"{rep_toy_cfp:.4f}" == "15.0135"
    assert "15.0135" in text
    assert "1.9200" in text  # upstream stage row of Table E.2 (purchased alumina 1.92 t/t)


def test_pdf_pages_render_to_png(pdf, tmp_path):
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], check=True,
                   capture_output=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) >= 8
    assert all(p.stat().st_size > 1000 for p in pngs)


def test_pdf_embeds_the_cjk_font(pdf):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts not installed")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                           text=True).stdout
    assert "WenQuanYi" in fonts


def test_pdf_figures_are_print_resolution_images(pdf, computed):
    """Every figure of the report is in the PDF as an RGB image of at least 200 dpi as printed."""
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages not installed")
    # the HTML report of the same facts draws each figure as one inline SVG
    n_figures = api.render(computed, "html", "zh").decode("utf-8").count("<svg")
    assert n_figures >= 3  # boundary, stage bars and Sankey are always drawn
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True,
                             text=True).stdout.splitlines()[2:]
    rows = [ln.split() for ln in listing if ln.strip()]
    assert len(rows) == n_figures
    for r in rows:
        # columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi
        assert r[2] == "image" and r[5] == "rgb", r
        # api.PDF_FIGURE_DPI = 200; a figure wider than the text column is shrunk, raising ppi
        assert int(r[12]) >= 199 and int(r[13]) >= 199, r
    # RGB without alpha: no soft mask next to any figure
    assert not any(r[2] == "smask" for r in rows)
