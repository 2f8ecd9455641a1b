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
