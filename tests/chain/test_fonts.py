"""Fonts read from memory while chain figures are drawn (chain/fonts.py): the same pixels as
fonts read from their files, and nothing left behind in the process after the block."""

from __future__ import annotations

import subprocess
import sys

from alcarbon.chain.figsave import save_png_svg
from alcarbon.chain.fonts import in_memory
from alcarbon.plotting import FONTS, setup


def _font_name() -> object:
    from matplotlib import font_manager as fm

    return fm.get_font(fm.fontManager._find_fonts_by_props(
        fm.FontProperties(family=FONTS))).fname


def _figure(plt):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.barh([0, 1], [2.5, 1.0])
    ax.set_yticks([0, 1], ["山东", "内蒙古"])
    ax.set_title("排放总量 Mt CO2e 2022")
    return fig


def test_same_png_and_no_leak(tmp_path):
    plt = setup()
    assert isinstance(_font_name(), str)  # matplotlib's own: opened from the file
    save_png_svg(_figure(plt), tmp_path / "file")
    with in_memory():
        assert not isinstance(_font_name(), str)  # opened on bytes in memory
        save_png_svg(_figure(plt), tmp_path / "memory")
    assert isinstance(_font_name(), str)  # back to file-backed fonts after the block
    assert (tmp_path / "file.png").read_bytes() == (tmp_path / "memory.png").read_bytes()
    svg = (tmp_path / "memory.svg").read_text("utf-8")
    assert "内蒙古" in svg and "排放总量" in svg


def test_install_in_a_drawing_process():
    code = ("from alcarbon.plotting import setup; setup()\n"
            "from alcarbon.chain.fonts import install, in_memory\n"
            "from matplotlib import font_manager as fm\n"
            "f = lambda: fm.get_font([fm.findfont('DejaVu Sans')]).fname\n"
            "assert isinstance(f(), str)\n"
            "assert install()\n"
            "assert not isinstance(f(), str)\n"
            "with in_memory():\n"
            "    pass\n"
            "assert not isinstance(f(), str)  # installed stays installed\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
