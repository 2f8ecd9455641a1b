"""Issue 15: every output says the same thing. The hydro example has a contract meeting the four
conditions of GB/T 44905 7.1.5.3, so its declared CFP differs from the location-based comparison;
the calc JSON, the report (cover, Table E.2 in zh and en), the PACT footprint and the engine
must all carry the declared figure as *the* CFP and the location-based one only as the comparison.
The declared value itself is checked by hand in tests/engine/test_examples.py
(test_hydro_declared_follows_the_contract); here only agreement is asserted, to the precision
each output prints (report 4 decimals, PACT 6 decimals)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.engine import calculate
from alcarbon.exchange.cbam import cbam_summary
from alcarbon.exchange.pact import to_pact
from alcarbon.inventory import load_study
from alcarbon.report.api import build, compute

EX = Path(__file__).resolve().parents[2] / "examples" / "hydro_smelter_yunnan.yaml"


@pytest.fixture(scope="module")
def hydro():
    study = load_study(EX)
    return study, calculate(study)


def test_calc_json_report_and_pact_carry_the_declared_cfp(hydro):
    study, res = hydro
    p = res.products["aluminium_ingot"]
    assert p.cfp < p.cfp_location_based  # the certified kWh are counted at the hydro factor
    r = CliRunner().invoke(app, ["calc", str(EX), "--format", "json", "-p", "aluminium_ingot"])
    assert r.exit_code == 0, r.output
    (j,) = json.loads(r.stdout)["products"]
    assert j["cfp"] == pytest.approx(p.cfp, rel=1e-12)
    assert j["cfp_location_based"] == pytest.approx(p.cfp_location_based, rel=1e-12)
    assert j["cfp_market_based"] == j["cfp"]  # deprecated alias
    assert sum(s["t_co2e"] for s in j["stages"]) == pytest.approx(j["cfp"], rel=1e-9)
    assert sum(s["t_co2e"] for s in j["stages_location_based"]) == pytest.approx(
        j["cfp_location_based"], rel=1e-9)
    # electricity rows of the declared result add up to its electricity t CO2e and name factors
    assert all(row["factor_id"] for row in j["electricity"]["declared"])
    computed = compute(study, result=res, analyses=False)
    for lang in ("zh", "en"):
        rep = build(computed, lang)
        cover = dict(rep.cover)
        key = next(k for k in cover if "GB/T 44905" in k)
        assert cover[key] == f"{p.cfp:.4f}"
        (e2,) = [t for t in rep.tables() if t.id == "table-e2"]
        assert e2.total[1] == f"{p.cfp:.4f}" and e2.total[3] == f"{p.cfp_location_based:.4f}"
    pf = to_pact(study, res, "aluminium_ingot", created="2024-04-01T00:00:00Z")
    assert pf["pcf"]["pcfExcludingBiogenicUptake"] == f"{p.cfp:.6f}"


def test_cbam_indirect_factors_are_labelled_with_their_own_basis(hydro):
    """CBAM indirect emissions (issue 15 item 12): each electricity part names the factor it used
    and that factor's true basis (the library's), grid kWh at the MEE provincial CO2 factor."""
    from alcarbon.factors import load_library

    study, res = hydro
    lib = load_library()
    parts = cbam_summary(study, res)["indirect"]["factors"]
    assert {p["source"] for p in parts} == {"grid", "hydro_line", "grid_green"}
    for part in parts:
        assert lib.get(part["factor_id"]).basis == part["basis"]
    grid = [p for p in parts if p["source"] in ("grid", "grid_green")]
    assert {p["factor_id"] for p in grid} == {"elec.grid_co2.yunnan.2023"}
    # kWh x 0.1333 kg CO2/kWh / 1000 = t CO2 on each grid part
    for part in grid:
        assert part["t_co2"] == pytest.approx(part["electricity_kwh"] * 0.1333e-3, abs=1e-6)
