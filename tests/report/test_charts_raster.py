"""Charts as PNG for the PDF: size in pt equal to the SVG's, resolution checked, HTML keeps SVG."""

from __future__ import annotations

import base64
import io
import re

import pytest

from alcarbon.report import charts


def _bars() -> str:
    return charts.stage_bars(["A", "B"], [1.0, 2.0], [1.5, 0.5], ("loc", "mkt"), "t CO2e/t")


def test_raster_png_has_the_svg_width_in_pt():
    from PIL import Image

    svg = _bars()
    w_svg = float(re.search(r'<svg[^>]*\bwidth="([0-9.]+)pt"', svg).group(1))
    with charts.raster(200):
        img = _bars()
    assert img.startswith('<img src="data:image/png;base64,')
    png = base64.b64decode(re.search(r"base64,([^\"]+)", img).group(1))
    im = Image.open(io.BytesIO(png))
    assert im.mode == "RGB"  # no alpha: weasyprint would re-encode it as a second image
    # 200 dots per inch, 72 pt per inch: width in pt = pixels * 72 / 200
    w_pt = float(re.search(r"width:([0-9.]+)pt", img).group(1))
    assert w_pt == pytest.approx(im.width * 72 / 200, abs=0.01)
    # the same figure as SVG: same tight box, so the same printed width within a pixel or two
    assert w_pt == pytest.approx(w_svg, abs=2 * 72 / 200)


def test_raster_is_scoped_to_the_block():
    with charts.raster(150):
        assert _bars().startswith("<img")
    assert _bars().startswith("<svg")


@pytest.mark.parametrize("dpi", [0, 49, 1201])
def test_raster_refuses_an_absurd_resolution(dpi):
    with pytest.raises(ValueError, match="dpi"), charts.raster(dpi):
        pass
