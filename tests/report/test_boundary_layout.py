"""Figure 1 (GB/T 44905 Appendix E Figure E.1), measured on the drawn figure of the coal example:
the declared product's name stands outside the dashed boundary, and the upstream stage reaches a
unit of the lower row (captive plant, anode plant) through a gap of the middle row, not by a stub
that ends on a middle-row box (it read as one more input of that box)."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.patches import FancyBboxPatch, Rectangle

from alcarbon.inventory import load_study
from alcarbon.report import api, boundary
from alcarbon.report.figures import draw

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "coal_captive_smelter.yaml"
MIDDLE, LOWER = "#e2f0d9", "#fbe5d6"  # box colours of boundary.diagram


@pytest.fixture(scope="module")
def facts():
    return api.compute(load_study(EXAMPLE), analyses=False).facts


@pytest.fixture
def drawn(monkeypatch):
    """draw(lang) -> (figure, axes) of Figure 1, kept open for measuring; closed afterwards."""
    import matplotlib.pyplot as plt

    figs: list = []
    monkeypatch.setattr(boundary, "to_markup", lambda fig: figs.append(fig) or "")

    def make(facts, lang):
        draw("boundary", facts, lang)
        figs[-1].canvas.draw()
        return figs[-1], figs[-1].axes[0]

    yield make
    for fig in figs:
        plt.close(fig)


def _boxes(ax, face):
    from matplotlib.colors import to_hex

    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)
            and to_hex(p.get_facecolor()) == face]


@pytest.mark.parametrize("lang,name", [("zh", "重熔用铝锭"), ("en", "remelting aluminium ingot")])
def test_product_name_outside_the_boundary(facts, lang, name, drawn):
    fig, ax = drawn(facts, lang)
    edge = next(p for p in ax.patches if type(p) is Rectangle)  # the dashed boundary
    right = ax.transData.transform((edge.get_x() + edge.get_width(), 0))[0]
    outside = next(p for p in ax.patches if isinstance(p, FancyBboxPatch)
                   and p.get_linestyle() == ":")  # the box of what lies outside
    label = next(t for t in ax.texts if t.get_text().replace("\n", " ") == name)
    box = label.get_window_extent()
    assert right < box.x0 and box.x1 < ax.transData.transform((outside.get_x(), 0))[0]


def test_lower_units_fed_through_a_gap(facts, drawn):
    fig, ax = drawn(facts, "zh")
    middle = [(b.get_x(), b.get_x() + b.get_width()) for b in _boxes(ax, MIDDLE)]
    lower = [(b.get_x(), b.get_x() + b.get_width()) for b in _boxes(ax, LOWER)]
    assert len(middle) == 4 and len(lower) == 2  # the coal example: captive plant, anode plant
    feeds = [line.get_xdata() for line in ax.lines]
    assert len(feeds) == 2  # both lower units buy inputs (coal; coke and pitch)
    for lane, _, _, at in feeds:
        assert not any(a <= lane <= b for a, b in middle)  # down between two middle boxes
        assert sum(a < at < b for a, b in lower) == 1  # and into a lower-row box


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_type_size(facts, lang, drawn):
    """The PDF scales a figure wider than the A4 text width (178 mm = 504.6 pt) down to it; the
    smallest type of Figure 1 as printed is 6.5 pt (the body text is 10 pt). Drawn 9.6 in wide,
    the figure printed its link labels at about 4.8 pt."""
    import re

    from alcarbon.report.charts import to_markup
    from alcarbon.report.render_typst import TEXT_WIDTH_PT

    fig, ax = drawn(facts, lang)
    sizes = [t.get_fontsize() for t in ax.texts if t.get_text().strip()]
    assert len(sizes) > 10
    svg = to_markup(fig)  # the markup the report embeds (drawn replaced it for measuring)
    width = float(re.search(r'<svg[^>]*?\swidth="([\d.]+)pt"', svg).group(1))
    scale = min(1.0, TEXT_WIDTH_PT / width)
    assert width > 0.8 * TEXT_WIDTH_PT  # drawn to the page, not a thumbnail of it
    assert min(sizes) * scale >= 6.5 - 1e-9, (min(sizes), scale)


@pytest.mark.parametrize("example", ["coal_captive_smelter.yaml", "hydro_smelter_yunnan.yaml"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_label_runs_into_another_box(lang, example, drawn):
    """Every text of the figure lies wholly inside one box (its own) or touches none: a link
    label wider than the gap between two boxes ran over their edges ("Metallurgical")."""
    f = api.compute(load_study(EXAMPLE.parent / example), analyses=False).facts
    fig, ax = drawn(f, lang)
    renderer = fig.canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in ax.patches
             if isinstance(p, FancyBboxPatch)]
    for t in ax.texts:
        if not t.get_text().strip():
            continue
        ext = t.get_window_extent(renderer)
        inside = [b for b in boxes if b.x0 <= ext.x0 and ext.x1 <= b.x1
                  and b.y0 <= ext.y0 and ext.y1 <= b.y1]
        touching = [b for b in boxes if b.overlaps(ext)]
        assert len(touching) == len(inside) <= 1, (t.get_text(), ext, touching)
