"""Waterfall head-room and the SYNTHETIC stamp of chain figures."""

from __future__ import annotations

from alcarbon.chain.figures import waterfall_levels
from alcarbon.chain.io import read_chain_data
from alcarbon.chain.outputs import is_synthetic


def test_waterfall_levels_by_hand():
    # start 10, steps +5, -3, -4: bars start at 10, 15, 12; the highest point is 10 + 5 = 15
    levels, top = waterfall_levels(10.0, [5.0, -3.0, -4.0])
    assert levels == [10.0, 15.0, 12.0]
    assert top == 15.0
    # all negative: the start bar is the highest point
    assert waterfall_levels(8.0, [-1.0, -2.0]) == ([8.0, 7.0], 8.0)


def test_synthetic_flag_from_sources(case, tables, write, tmp_path):
    assert not is_synthetic(read_chain_data(case))  # every source cell says "test"
    tables["parameters"][0][-1] = "synthetic: made up"
    assert is_synthetic(read_chain_data(write(tmp_path / "syn", tables)))


def test_ranking_total_in_mt_without_an_offset(monkeypatch, tmp_path):
    """The total ranking shows Mt CO2e on its axis (bars = t / 1e6), with no '1e7' offset text
    a reader could miss: 88,000,000 t reads as 88 on an axis labelled Mt CO2e."""
    import pandas as pd

    from alcarbon.chain import figures

    seen = {}

    def keep(fig, path):
        fig.canvas.draw()
        seen["fig"] = fig
        return []

    monkeypatch.setattr(figures, "savefig", keep)
    rank = pd.DataFrame({"province": ["shandong", "shanghai"], "year": [2022, 2022],
                         "total": [88_000_000.0, 600_000.0]})
    figures.ranking_bars(rank, "total", "排放总量 Mt CO2e", tmp_path / "r", scale=1e6)
    ax = seen["fig"].axes[0]
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [0.6, 88.0]  # 600,000 t and 88,000,000 t in Mt
    assert ax.xaxis.get_offset_text().get_text() == ""
    assert ax.get_xlabel() == "排放总量 Mt CO2e"
