"""The declared GB/T 44905 result (7.1.5) against the location-based comparison, by hand.

Toy (tests/engine/conftest.py), period 2023, per t liquid aluminium (100 t made): the pots use
1,000,000 kWh -> 10,000 kWh/t; the refinery stays on the 0.5 kg/kWh direct line, so everything
but the pots' electricity is ``other`` (test_toy_chain.py: anode, PFC and 2 t alumina).
Factors: national 2023 life-cycle grid 0.6205 kg CO2e/kWh (CPCD 17100H3502023C, the one used for
every province: none is published per province); Yunnan 2023 MEE CO2 grid 0.1333 kg CO2/kWh.
"""

from __future__ import annotations

import json

import pytest

from alcarbon.engine import calculate
from alcarbon.errors import BasisError, InputError
from alcarbon.inventory.io_yaml import study_from_data

# the hand formulas of test_toy_chain.py (anode, slope PFC at AR6, subdivided alumina)
ANODE = 0.4 * 0.976 * 44 / 12
CF4 = 0.143 * 0.1 * 7380e-3
C2F6 = 0.121 * 0.143 * 0.1 * 12400e-3
# + CH4/N2O of combustion (test_toy_chain.py docstring: diesel 0.000099 t per t bauxite,
# natural gas 0.0000138 t per t alumina)
BAUXITE = 0.005 + 0.01 * 40 * 0.02 * 44 / 12 + 0.000099
R_SUB = (400 * 2 * 78.003 / 101.961) / (400 * 2 * 78.003 / 101.961 + 51)
ALUMINA = 2 * R_SUB * BAUXITE + 0.125 * R_SUB + (0.01375 + 0.0000138 + 0.0025)  # per t
OTHER = ANODE + CF4 + C2F6 + 2 * ALUMINA
GREEN = {"type": "contract", "region": "云南", "value": 0.0141, "basis": "life_cycle",
         "source": "test certificate", "conveys_generator_info": True, "exclusive_claim": True,
         "retired_by_reporter": True, "matches_period": True}


def _split_pots(toy: dict, green_kwh: float, grid_kwh: float) -> dict:
    """Pots: ``green_kwh`` on contract 'green', ``grid_kwh`` on the plain Yunnan grid."""
    toy["electricity"]["supplies"]["green"] = dict(GREEN)
    toy["electricity"]["supplies"]["grid"] = {"type": "grid", "region": "云南"}
    pots = toy["units"][2]
    pots["location"] = "云南"
    pots["inputs"][1].update(amount=green_kwh, supply="green")
    pots["inputs"].append({"flow": "electricity", "amount": grid_kwh, "unit": "kWh",
                           "kind": "electricity", "supply": "grid"})
    return toy


def test_yunnan_60_percent_certified_hydro(toy):
    """60 % of the pots' 10,000 kWh/t on qualifying hydro certificates, the rest plain grid.
    Location: 10,000 x 0.6205e-3 = 6.205 t. Declared: 6,000 x 0.0141e-3 + 4,000 x 0.6205e-3
    = 0.0846 + 2.482 = 2.5666 t: the remainder is at the location factor (no residual mix for
    Yunnan on the life-cycle basis), so declared < location and never above it."""
    p_res = calculate(study_from_data(_split_pots(toy, 600_000, 400_000)))
    p = p_res.products["liquid_aluminium"]
    assert p.cfp_location_based == pytest.approx(OTHER + 6.205, rel=1e-9)
    assert p.cfp == pytest.approx(OTHER + 0.0846 + 2.482, rel=1e-9)
    assert p.cfp < p.cfp_location_based
    decl = {r["supply"]: r for r in p.electricity["declared"]}
    loc = {r["supply"]: r for r in p.electricity["location_based"]}
    assert decl["grid"]["kg_per_kwh"] == loc["grid"]["kg_per_kwh"] == pytest.approx(0.6205)
    assert decl["grid"]["factor_id"] == loc["grid"]["factor_id"] == "elec.footprint.cn.2023"
    assert decl["grid"]["kwh"] == pytest.approx(4000)
    assert decl["green"]["kwh"] == pytest.approx(6000)
    assert decl["green"]["factor_id"] == "supplier:green" and decl["green"]["basis"] == "life_cycle"
    assert loc["green"]["kg_per_kwh"] == pytest.approx(0.6205)
    assert "residual" in decl["grid"]["note"] and "剩余电力" in decl["grid"]["note_zh"]
    note = next(w for w in p_res.warnings if getattr(w, "id", "") == "no_residual:云南:life_cycle")
    assert "'云南'" in note and "云南" in note.zh
    assert p.cfp_grid_mix_analysis is None  # certificates not sold separately


def test_certificates_sold_separately_give_a_grid_mix_analysis(toy):
    """7.1.5.3 last paragraph: the same 6,000 kWh/t of certificates sold unbundled, no corrected
    grid factor for Yunnan -> cfp unchanged (OTHER + 2.5666) and, reported beside it,
    cfp_grid_mix_analysis = cfp + 6,000 x (0.6205 - 0.0141)e-3 = cfp + 3.6384 t."""
    d = _split_pots(toy, 600_000, 400_000)
    d["electricity"]["supplies"]["green"]["sold_separately"] = True
    res = calculate(study_from_data(d))
    p = res.products["liquid_aluminium"]
    assert p.cfp == pytest.approx(OTHER + 2.5666, rel=1e-9)
    assert p.cfp_grid_mix_analysis == pytest.approx(OTHER + 2.5666 + 3.6384, rel=1e-9)
    assert "7.1.5.3" in p.grid_mix_note and "7.1.5.3" in p.grid_mix_note.zh
    j = json.loads(json.dumps(res.to_json_dict(), ensure_ascii=False, default=str))
    pj = j["products"][0]
    assert pj["cfp_grid_mix_analysis"] == pytest.approx(p.cfp_grid_mix_analysis)
    assert pj["cfp_market_based"] == pj["cfp"]  # deprecated alias
    # with a corrected (residual) grid factor the analysis does not apply: a user residual
    # factor (basis life_cycle, 0.7 kg/kWh) for the remainder, 4,000 x 0.7e-3 = 2.8 t
    d["factors"].append({**d["factors"][0], "id": "user.residual", "kind": "electricity",
                         "value": 0.7, "amount_unit": "kg", "per": "kWh"})
    d["electricity"]["residual_factor"] = "user.residual"
    p2 = calculate(study_from_data(d)).products["liquid_aluminium"]
    assert p2.cfp_grid_mix_analysis is None
    assert p2.cfp == pytest.approx(OTHER + 0.0846 + 2.8, rel=1e-9)


def test_user_residual_on_another_basis_is_used_with_a_warning(toy):
    """A user-set residual factor wins; on the CO2-only basis in a life-cycle study it is used
    (4,000 kWh x 0.6096e-3 = 2.4384 t) with a basis-mismatch note."""
    d = _split_pots(toy, 600_000, 400_000)
    d["electricity"]["residual_factor"] = "elec.residual_co2.cn.2023"
    res = calculate(study_from_data(d))
    p = res.products["liquid_aluminium"]
    assert p.cfp == pytest.approx(OTHER + 0.0846 + 2.4384, rel=1e-9)
    assert any(getattr(w, "id", "").startswith("residual_basis_mismatch") for w in res.warnings)


def test_grid_supply_factor_in_t_per_t_is_refused(toy):
    d = _split_pots(toy, 600_000, 400_000)
    d["electricity"]["supplies"]["grid"]["factor"] = "toy.diesel_up"  # 0.5 t CO2e per t
    with pytest.raises(InputError) as e:
        calculate(study_from_data(d))
    assert "electricity.supplies.grid.factor" in str(e.value)
    assert "per kWh" in str(e.value)


def test_grid_supply_value_is_honoured(toy):
    """The grid supply's own value 0.45 kg CO2e/kWh (life cycle) replaces the grid factor in both
    results: declared = location = OTHER + 6,000 x 0.0141e-3 [declared] / x 0.6205e-3 [location,
    contract kWh] + 4,000 x 0.45e-3 = 1.8 t."""
    d = _split_pots(toy, 600_000, 400_000)
    d["electricity"]["supplies"]["grid"].update(value=0.45, basis="life_cycle", source="meter")
    p = calculate(study_from_data(d)).products["liquid_aluminium"]
    assert p.cfp == pytest.approx(OTHER + 0.0846 + 1.8, rel=1e-9)
    assert p.cfp_location_based == pytest.approx(OTHER + 3.723 + 1.8, rel=1e-9)
    (row,) = [r for r in p.electricity["declared"] if r["supply"] == "grid"]
    assert (row["factor_id"], row["kg_per_kwh"]) == ("supplier:grid", pytest.approx(0.45))


def test_grid_supply_basis_mismatch_refused_unless_allowed(toy):
    d = _split_pots(toy, 600_000, 400_000)
    d["electricity"]["supplies"]["grid"].update(value=0.45, basis="combustion_co2",
                                                source="meter")
    with pytest.raises(BasisError, match="electricity.supplies.grid"):
        calculate(study_from_data(d))
    d["electricity"]["allow_mixed_basis"] = True
    p = calculate(study_from_data(d)).products["liquid_aluminium"]
    assert p.cfp == pytest.approx(OTHER + 0.0846 + 1.8, rel=1e-9)


def test_direct_line_factor_in_kg_per_gj_is_refused(toy):
    """kg/GJ is dimensionally convertible to kg/kWh, but electricity is metered in kWh: a GJ
    factor on a supply is a unit mistake and refused, naming the field."""
    toy["factors"].append({**toy["factors"][0], "id": "user.gj", "kind": "electricity",
                           "value": 100, "amount_unit": "kg", "per": "GJ"})
    toy["electricity"]["supplies"]["line"] = {"type": "direct_line", "factor": "user.gj"}
    with pytest.raises(InputError, match="electricity.supplies.line.factor"):
        calculate(study_from_data(toy))


def test_calc_cli_reports_the_grid_mix_analysis(toy, tmp_path):
    """`calc` json and table carry cfp_grid_mix_analysis (same hand value as above:
    OTHER + 2.5666 + 3.6384)."""
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    d = _split_pots(toy, 600_000, 400_000)
    d["electricity"]["supplies"]["green"]["sold_separately"] = True
    f = tmp_path / "study.json"
    f.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    r = CliRunner().invoke(app, ["calc", str(f), "--format", "json"])
    assert r.exit_code == 0, r.output
    (pj,) = json.loads(r.stdout)["products"]
    assert pj["cfp_grid_mix_analysis"] == pytest.approx(OTHER + 2.5666 + 3.6384, rel=1e-9)
    assert {"cfp", "cfp_location_based", "cfp_market_based", "stages",
            "stages_location_based", "electricity"} <= set(pj)
    r = CliRunner().invoke(app, ["calc", str(f)], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "grid-mix analysis" in r.stdout
    assert f"{OTHER + 2.5666 + 3.6384:.4f}" in r.stdout


def test_a_published_regional_residual_is_found_by_its_id(toy):
    """A study factor elec.residual_footprint.yunnan.2023 (life cycle, 0.7 kg/kWh) is the
    corrected grid of Yunnan on the study's basis: the remainder uses it without being named
    (4,000 x 0.7e-3 = 2.8 t), no 'no residual' note, and certificates sold separately then need
    no grid-mix analysis."""
    d = _split_pots(toy, 600_000, 400_000)
    d["electricity"]["supplies"]["green"]["sold_separately"] = True
    d["factors"].append({**d["factors"][0], "id": "elec.residual_footprint.yunnan.2023",
                         "kind": "electricity", "value": 0.7, "amount_unit": "kg",
                         "per": "kWh", "region": "云南", "year": 2023})
    res = calculate(study_from_data(d))
    p = res.products["liquid_aluminium"]
    assert p.cfp == pytest.approx(OTHER + 0.0846 + 2.8, rel=1e-9)
    assert p.cfp_grid_mix_analysis is None
    assert not any(getattr(w, "id", "").startswith("no_residual") for w in res.warnings)
    (row,) = [r for r in p.electricity["declared"] if r["supply"] == "grid"]
    assert row["factor_id"] == "elec.residual_footprint.yunnan.2023"
    assert "residual mix, 7.1.5.3" in row["note"]


def test_captive_supply_with_a_factor_is_refused(toy):
    """A captive plant is modelled (7.1.5.1): a factor on its supply would be silently unused,
    so it is an error naming the field."""
    toy["electricity"]["supplies"]["line"] = {"type": "captive", "provider": "liquid_aluminium",
                                              "value": 0.9, "basis": "life_cycle"}
    with pytest.raises(InputError, match="electricity.supplies.line.value"):
        calculate(study_from_data(toy))
