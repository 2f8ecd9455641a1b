"""units.py keeps each unit string's parse in the process: same answers as pint, failures and
parses under a pint context not kept."""

from __future__ import annotations

import pytest

from alcarbon.errors import UnitError
from alcarbon.units import Q_, parse_unit, ureg

memo = ureg._parse_units_as_container.memo


def test_kept_parse_gives_the_same_conversions():
    # 1 GJ/t = 1e9 J / 1e3 kg = 1e6 J/kg = 1 MJ/kg; 3.6 MJ = 1 kWh
    for _ in range(2):  # the second round reads the kept parses
        assert Q_(2.0, "GJ/t").to("MJ/kg").magnitude == pytest.approx(2.0)
        assert Q_(7.2, "MJ").to("kWh").magnitude == pytest.approx(2.0)
    assert ("GJ/t", True, True) in memo and ("kWh", True, True) in memo


def test_a_failed_parse_is_not_kept():
    with pytest.raises(UnitError):
        parse_unit("furlongs_per_fortnight_xyz")
    assert not any(k[0] == "furlongs_per_fortnight_xyz" for k in memo)


def test_nothing_kept_under_a_pint_context():
    text = "kJ/hectogram"  # not parsed anywhere else in the suite
    with ureg.context("sp"):
        # 1 kJ/hg = 1000 J / 0.1 kg = 10 kJ/kg
        assert Q_(1.0, text).to("kJ/kg").magnitude == pytest.approx(10.0)
        assert (text, True, True) not in memo
    assert Q_(1.0, text).to("kJ/kg").magnitude == pytest.approx(10.0)
    assert (text, True, True) in memo


def test_the_kept_parses_are_bounded(monkeypatch):
    import alcarbon.units as units

    monkeypatch.setattr(units, "_PARSE_MEMO_MAX", 3)
    memo.clear()
    for text in ("kg/MJ", "t/TJ", "g/kWh", "kg/GJ"):
        Q_(1.0, text)
    # the fourth string started the memo again: it alone is kept, and still answers right
    assert len(memo) == 1 and ("kg/GJ", True, True) in memo
    # 1 kg/GJ = 1000 g / 1000 MJ = 1 g/MJ
    assert Q_(1.0, "kg/GJ").to("g/MJ").magnitude == pytest.approx(1.0)
