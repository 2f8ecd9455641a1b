"""`alcarbon calc` names each electricity figure's factor (GB/T 44905 7.1.5): kWh per t x factor
(id, basis, region year) = t CO2e per t, and the product of the printed figures is the printed
result. A captive plant's factor is its own unit's: no region or year, and no '- -' for them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alcarbon.cli.main import app

ROOT = Path(__file__).resolve().parents[2] / "examples"
LINE = re.compile(r"^  (declared|location) (\S+): ([\d,]+\.\d) kWh x ([\d.]+) kg/kWh "
                  r"\(([^,()]+), (\w+)(?:, (\S+ \d{4}))?\) = ([\d.]+) t CO2e$")


def _lines(example: str) -> list[re.Match]:
    r = CliRunner().invoke(app, ["calc", str(ROOT / example)], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    start = r.output.index("electricity (GB/T 44905 7.1.5), per t: kWh x factor")
    body = r.output[start:].splitlines()[1:]
    return [m for m in map(LINE.match, body) if m]


@pytest.mark.parametrize("example,captive", [("coal_captive_smelter.yaml", True),
                                             ("hydro_smelter_yunnan.yaml", False)])
def test_each_line_names_its_factor_and_multiplies_out(example, captive):
    lines = _lines(example)
    assert lines
    for m in lines:
        kwh, kg, t = float(m[3].replace(",", "")), float(m[4]), float(m[8])
        # kWh x kg/kWh / 1000 = t, to the printed precision (factor 4 decimals, kWh 1)
        assert kwh * kg / 1000 == pytest.approx(t, abs=kwh * 0.00005 / 1000 + 0.0001)
        assert (m[7] is None) == captive  # region and year for a grid factor only
    if captive:
        assert all(m[5].startswith("unit:") for m in lines)


def test_contributors_wrap_between_words_at_80_columns():
    # the table shows ids as words (electricity:bituminous_coal -> electricity: bituminous coal),
    # so an 80-column terminal wraps between words: no id cut inside a word as before
    # ("bituminous_c" / "oal", "alumina_refi" / "ning")
    r = CliRunner().invoke(app, ["calc", str(ROOT / "coal_captive_smelter.yaml")],
                           env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    table = r.output[r.output.index("top 10 contributors"):]
    cells = [c.strip() for line in table.splitlines() for c in line.split("│")[1:4]]
    words = " ".join(cells).split()
    assert "bituminous" in words and "coal" in words and "refining" in words
    assert not [w for w in words if "_" in w]
    assert "bituminous_c" not in table and "refi" not in words
