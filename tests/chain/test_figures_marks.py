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
