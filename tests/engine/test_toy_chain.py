"""Three-unit toy chain with an aluminium hydroxide co-product, solved by hand.

Per t liquid aluminium (GWP AR6: CF4 7380, C2F6 12400):
- electrolysis electricity: 1e6 kWh / 100 t = 10 000 kWh/t x 0.5 kg/kWh = 5 t CO2e
- anode: 0.4 x (100 - 2 - 0.4)/100 x 44/12 = 1.4314667 t CO2
- PFC slope: CF4 = 0.143 x 0.1 = 0.0143 kg/t -> 0.0143e-3 x 7380 = 0.105534 t CO2e
             C2F6 = 0.121 x 0.0143 = 0.0017303 kg/t -> x 12400e-3 = 0.02145572 t CO2e
- alumina: 2 t per t Al (200/100).
Alumina refinery, subdivision (GB/T 44905 7.3.2): P1 = 400, P2 = 51,
P1.0 = P1 x 2 M(Al(OH)3)/M(Al2O3) with M = 78.003 and 101.961 g/mol; r = P1.0/(P1.0 + P2).
Calcination natural gas goes to alumina only; bauxite and electricity are shared by r.
Per t alumina: bauxite 800 r/400 = 2r t; electricity 250 r kWh -> 0.125 r t;
NG 100/400 = 0.25 GJ -> combustion 0.25 x 0.015 x 44/12 = 0.01375 t, upstream 0.0025 t.
Per t bauxite: diesel 0.01 t -> upstream 0.005 + combustion 0.01 x 40 x 0.02 x 44/12
= 0.0293333 -> 0.0343333 t.
CH4 and N2O of combustion (IPCC 2006 Vol.2 Table 2.3, manufacturing; AR6 27.9 / 273):
diesel 0.4 GJ = 0.0004 TJ per t bauxite x (3 x 27.9 + 0.6 x 273 = 247.5 kg CO2e/TJ) = 0.000099 t;
natural gas 0.25 GJ = 0.00025 TJ per t alumina x (1 x 27.9 + 0.1 x 273 = 55.2) = 0.0000138 t.
"""

from __future__ import annotations

import pytest

from alcarbon.engine import calculate
from alcarbon.errors import BasisError
from alcarbon.inventory.io_yaml import study_from_data

ANODE = 0.4 * 0.976 * 44 / 12
CF4 = 0.143 * 0.1 * 7380e-3
C2F6 = 0.121 * 0.143 * 0.1 * 12400e-3
NONCO2_DIESEL = 0.000099  # t CO2e CH4 + N2O per t bauxite (module docstring)
NONCO2_NG = 0.0000138  # t CO2e CH4 + N2O per t alumina
BAUXITE = 0.005 + 0.01 * 40 * 0.02 * 44 / 12 + NONCO2_DIESEL
NG_COMB = 0.01375 + NONCO2_NG  # natural gas combustion per t alumina, all gases
FUEL = {"ncv": 40.0, "ncv_unit": "GJ/t", "carbon_content": 0.02, "oxidation": 1.0}
R_SUB = (400 * 2 * 78.003 / 101.961) / (400 * 2 * 78.003 / 101.961 + 51)


def alumina_cfp(r_rest: float, r_calc: float) -> float:
    """t CO2e per t alumina with share r_rest for E_r and r_calc for E_c."""
    return (2 * r_rest * BAUXITE + 0.125 * r_rest + r_calc * (NG_COMB + 0.0025))


def al_cfp(r_rest: float, r_calc: float) -> float:
    return 5 + ANODE + CF4 + C2F6 + 2 * alumina_cfp(r_rest, r_calc)


def test_subdivision_7_3_2(toy):
    res = calculate(study_from_data(toy))
    p = res.products["liquid_aluminium"]
    assert p.cfp == pytest.approx(al_cfp(R_SUB, 1.0), rel=1e-9)
    assert p.cfp_location_based == pytest.approx(p.cfp, rel=1e-12)  # direct line: same factor
    gases = p.by_gas()
    assert gases["CF4"] == pytest.approx(CF4, rel=1e-9)
    assert gases["C2F6"] == pytest.approx(C2F6, rel=1e-9)


def test_stages_sum_and_upstream_convention(toy):
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    st = {s.stage: s.t_co2e for s in p.stages()}
    # upstream: diesel upstream (2 x 2r x 0.005) + NG upstream (2 x 0.0025)
    assert st["upstream"] == pytest.approx(2 * 2 * R_SUB * 0.005 + 2 * 0.0025, rel=1e-9)
    # electrolysis: electricity + anode + PFC
    assert st["electrolysis"] == pytest.approx(5 + ANODE + CF4 + C2F6, rel=1e-9)
    # alumina refining: electricity 2 x 0.125 r + NG combustion 2 x NG_COMB
    assert st["alumina_refining"] == pytest.approx(2 * 0.125 * R_SUB + 2 * NG_COMB, rel=1e-9)
    assert st["bauxite_mining"] == pytest.approx(
        2 * 2 * R_SUB * (0.0293333333333 + NONCO2_DIESEL), rel=1e-9)
    assert sum(st.values()) == pytest.approx(p.cfp, rel=1e-12)
    assert sum(s.share for s in p.stages()) == pytest.approx(1.0)
    toy["upstream_convention"] = "none"
    p2 = calculate(study_from_data(toy)).products["liquid_aluminium"]
    assert {s.stage: s.t_co2e for s in p2.stages()}["upstream"] == 0.0
    assert p2.cfp == pytest.approx(p.cfp, rel=1e-12)


def test_mass_allocation(toy):
    toy["allocation"] = {"method": "mass"}
    r = 400 / 451
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    assert p.cfp == pytest.approx(al_cfp(r, r), rel=1e-9)


def test_economic_allocation(toy):
    toy["allocation"] = {"method": "economic"}
    toy["units"][1]["outputs"][0]["price"] = 3000
    r = 400 * 3000 / (400 * 3000 + 51 * 2000)
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    assert p.cfp == pytest.approx(al_cfp(r, r), rel=1e-9)


def test_every_declared_product(toy):
    toy["declared_products"] = ["liquid_aluminium", "alumina", "bauxite"]
    res = calculate(study_from_data(toy))
    assert res.products["alumina"].cfp == pytest.approx(alumina_cfp(R_SUB, 1.0), rel=1e-9)
    assert res.products["bauxite"].cfp == pytest.approx(BAUXITE, rel=1e-9)


def test_co_product_footprint_by_subdivision(toy):
    """7.3.2 d): Al(OH)3 carries (1 - r) of E_r per its mass and none of the calcination."""
    from alcarbon.engine import build, demand_vector
    from alcarbon.engine.solve import contributions, scaling
    from alcarbon.factors import load_library

    study = study_from_data(toy)
    system = build(study, load_library().with_overrides(study.factors))
    s = scaling(system, demand_vector(system, "aluminium_hydroxide"))
    rows = contributions(system, s, location=False, convention="energy_in_units", attribute=True)
    # per t Al(OH)3: (1 - r) x (800 x BAUXITE + 100000 x 0.0005) / 51
    expected = (1 - R_SUB) * (800 * BAUXITE + 100_000 * 0.0005) / 51
    assert sum(c.t_co2e for c in rows) == pytest.approx(expected, rel=1e-9)


def test_cycle_is_solved(toy):
    """A captive plant and a boiler supplying each other (a cycle), by hand:
    power P kWh needs 0.0001 GJ steam per kWh; steam S GJ needs 10 kWh per GJ.
    Electricity to the pots E = 10 000 kWh/t: P = E + 10 S, S = 0.0001 P -> P = E / 0.999.
    Coal: 0.001 t coal/kWh with CO2 40 x 0.02 x 44/12 = 2.9333 t/t and upstream 0.5 t/t;
    CH4 and N2O in a power plant (IPCC 2006 Vol.2 Table 2.2, coal 1 and 1.5 kg/TJ): 0.04 TJ/t x
    (27.9 + 1.5 x 273 = 437.4 kg CO2e/TJ) = 0.017496 t CO2e/t.
    """
    toy["electricity"]["supplies"]["captive"] = {"type": "captive", "provider": "power"}
    pots = toy["units"][2]
    pots["inputs"][1]["supply"] = "captive"
    toy["units"][1]["inputs"][1]["supply"] = "captive"
    toy["units"] += [
        {"id": "captive_power",
         "inputs": [{"flow": "steam", "amount": 100, "unit": "GJ", "kind": "steam",
                     "provider": "steam"},
                    {"flow": "coal", "amount": 1000, "unit": "t", "kind": "fuel",
                     "factor": "toy.diesel_up", "fuel": dict(FUEL)}],
         "outputs": [{"flow": "power", "amount": 1_000_000, "unit": "kWh"}]},
        {"id": "boiler",
         "inputs": [{"flow": "electricity", "amount": 10_000, "unit": "kWh",
                     "kind": "electricity", "supply": "captive"}],
         "outputs": [{"flow": "steam", "amount": 1000, "unit": "GJ"}]},
    ]
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    per_kwh = 0.001 * (40 * 0.02 * 44 / 12 + 0.5 + 0.017496)
    kwh = (10_000 + 2 * 250 * R_SUB) / 0.999  # pots plus the refinery's share, over the loop
    expected = ANODE + CF4 + C2F6 + 2 * (2 * R_SUB * BAUXITE + NG_COMB + 0.0025)
    assert p.cfp == pytest.approx(expected + kwh * per_kwh, rel=1e-9)
    # consumer attribution: no stage is named after the captive plant or boiler
    assert {s.stage for s in p.stages()} <= {"upstream", "bauxite_mining", "alumina_refining",
                                              "anode_production", "electrolysis", "casting"}
    toy["captive_attribution"] = "own_stage"
    p2 = calculate(study_from_data(toy)).products["liquid_aluminium"]
    assert "captive_power" in {s.stage for s in p2.stages()}
    assert p2.cfp == pytest.approx(p.cfp, rel=1e-12)


def test_grid_declared_vs_location_in_yunnan(toy):
    """Period 2023, plant in Yunnan, life-cycle basis: location factor = the national 2023
    life-cycle factor (0.6205 kg/kWh, CPCD 17100H3502023C; none is published per province).
    No residual mix is published for Yunnan on that basis (only the national CO2-only MEE one),
    so the declared remainder is at the same 0.6205 and declared == location, with notes naming
    the province and the missing residual."""
    for u in toy["units"][1:]:
        u["inputs"][1].pop("supply")
        u["location"] = "云南"
    res = calculate(study_from_data(toy))
    p = res.products["liquid_aluminium"]
    kwh = 10_000 + 2 * 250 * R_SUB
    base = ANODE + CF4 + C2F6 + 2 * (2 * R_SUB * BAUXITE + NG_COMB + 0.0025)
    assert p.cfp_location_based == pytest.approx(base + kwh * 0.6205e-3, rel=1e-9)
    assert p.cfp == pytest.approx(base + kwh * 0.6205e-3, rel=1e-9)
    assert p.cfp_market_based == p.cfp  # deprecated alias
    assert p.electricity["location_bases"] == ["life_cycle"]
    assert p.electricity["declared_bases"] == ["life_cycle"]
    ids = {i for w in res.warnings for i in getattr(w, "id", "").split("|")}
    assert "no_residual:云南:life_cycle" in ids and "lc_national_for:云南" in ids
    assert any("云南" in w.zh and "剩余电力" in w.zh for w in res.warnings
               if getattr(w, "id", "").startswith("no_residual"))


def test_national_co2_basis_uses_the_mee_residual(toy):
    """grid_basis combustion_co2, consumption 全国 (national), 2023: location = MEE national
    0.5306 kg CO2/kWh; declared remainder = MEE national excluding market-traded non-fossil
    0.6096 (elec.residual_co2.cn.2023, the one published residual)."""
    toy["electricity"] = {"grid_basis": "combustion_co2"}
    for u in toy["units"][1:]:
        u["inputs"][1].pop("supply")
        u["location"] = "全国"
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    kwh = 10_000 + 2 * 250 * R_SUB
    base = ANODE + CF4 + C2F6 + 2 * (2 * R_SUB * BAUXITE + NG_COMB + 0.0025)
    assert p.cfp_location_based == pytest.approx(base + kwh * 0.5306e-3, rel=1e-9)
    assert p.cfp == pytest.approx(base + kwh * 0.6096e-3, rel=1e-9)
    assert {r["factor_id"] for r in p.electricity["declared"]} == {"elec.residual_co2.cn.2023"}
    res = calculate(study_from_data(toy))
    (w,) = [w for w in res.warnings if getattr(w, "id", "") == "grid_co2_only"]
    assert "elec.grid_co2.cn.2023" in w and "仅含 CO2" in w.zh


def test_contract_needs_four_conditions(toy):
    """Qualifying contract (7.1.5.3) on the pots: declared at 0.0141 kg/kWh, location at the
    grid 0.6205; failing one condition -> declared at the grid (no residual for Yunnan on the
    life-cycle basis: location factor 0.6205)."""
    sup = {"type": "contract", "region": "云南", "value": 0.0141, "basis": "life_cycle",
           "source": "test", "conveys_generator_info": True, "exclusive_claim": True,
           "retired_by_reporter": True, "matches_period": True}
    toy["electricity"]["supplies"]["green"] = sup
    toy["units"][2]["inputs"][1]["supply"] = "green"
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    other = ANODE + CF4 + C2F6 + 2 * alumina_cfp(R_SUB, 1.0)
    assert p.cfp_location_based == pytest.approx(other + 10_000 * 0.6205e-3, rel=1e-9)
    assert p.cfp == pytest.approx(other + 10_000 * 0.0141e-3, rel=1e-9)
    sup["matches_period"] = False  # 7.1.5.3: not a qualifying instrument -> grid
    res = calculate(study_from_data(toy))
    assert res.products["liquid_aluminium"].cfp == pytest.approx(
        other + 10_000 * 0.6205e-3, rel=1e-9)
    assert any("7.1.5.3" in w for w in res.warnings)


def test_basis_mixing_refused(toy):
    toy["electricity"]["grid_basis"] = "combustion_co2"
    toy["units"][1]["inputs"][1].pop("supply")
    toy["units"][1]["location"] = "云南"
    with pytest.raises(BasisError, match="mix"):
        calculate(study_from_data(toy))
    toy["electricity"]["allow_mixed_basis"] = True
    res = calculate(study_from_data(toy))
    assert any("mixes bases" in w for w in res.warnings)


def test_measured_pfc_replaces_slope(toy):
    toy["units"][2]["outputs"].append(
        {"flow": "cf4_measured", "amount": 2.0, "unit": "kg", "kind": "emission", "gas": "CF4",
         "replaces": "anode_effect"})
    res = calculate(study_from_data(toy))
    p = res.products["liquid_aluminium"]
    # 2 kg CF4 per 100 t = 0.02 kg/t -> 0.02e-3 x 7380 = 0.1476 t CO2e; measured CF4 replaces
    # the computed CF4 only: C2F6 stays computed (gas by gas) and a note says so
    assert p.by_gas()["CF4"] == pytest.approx(0.1476, rel=1e-9)
    assert p.by_gas()["C2F6"] == pytest.approx(C2F6, rel=1e-9)
    assert any("C2F6 is still computed" in w for w in res.warnings)
    toy["units"][2]["outputs"].append(
        {"flow": "c2f6_measured", "amount": 0.1, "unit": "kg", "kind": "emission",
         "gas": "C2F6", "replaces": "anode_effect"})
    # both measured: 0.1 kg/100 t = 0.001 kg/t x 12400e-3 = 0.0124 t CO2e
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    assert p.by_gas()["C2F6"] == pytest.approx(0.0124, rel=1e-9)


def test_grid_year_nearest_with_note(toy):
    """Period 2025: no 2025 footprint factor is published; the nearest (2024, 0.5777 kg/kWh,
    MEE/NBS/NEA 2024 annex Table 1) is used, with a note."""
    toy["period"] = {"start": "2025-01-01", "end": "2025-12-31"}
    toy["units"][2]["inputs"][1].pop("supply")
    res = calculate(study_from_data(toy))
    other = ANODE + CF4 + C2F6 + 2 * alumina_cfp(R_SUB, 1.0)
    assert res.products["liquid_aluminium"].cfp == pytest.approx(other + 10_000 * 0.5777e-3,
                                                                 rel=1e-9)
    assert any("no factor is published for 2025" in w for w in res.warnings)


def test_gwp_ar5(toy):
    toy["gwp_set"] = "AR5"
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    # AR5: CF4 6630, C2F6 11100 (IPCC AR5 WG1 Table 8.A.1)
    assert p.by_gas()["CF4"] == pytest.approx(0.143 * 0.1 * 6630e-3, rel=1e-9)
    assert p.by_gas()["C2F6"] == pytest.approx(0.121 * 0.0143 * 11100e-3, rel=1e-9)


def test_transport_leg_upstream(toy):
    """10 t diesel hauled 100 km by heavy diesel truck: 10 x 100 = 1000 tkm x 0.0978 kg/tkm
    (CPCD 65119X0282024C) = 0.0978 t CO2e per 1000 t bauxite -> 0.0000978 t/t bauxite, in the
    upstream stage (5.3.2: transport of purchased materials)."""
    toy["units"][0]["inputs"][0]["transport"] = [
        {"mode": "road_heavy_diesel", "distance_km": 100, "rated_load_t": 30}]
    toy["declared_products"] = ["bauxite"]
    p = calculate(study_from_data(toy)).products["bauxite"]
    assert p.cfp == pytest.approx(BAUXITE + 1000 * 0.0978e-3 / 1000, rel=1e-9)
    row = next(c for c in p.contributions if c.flow == "transport:diesel")
    assert row.stage == "upstream" and row.activity == pytest.approx(1.0)  # 1 tkm per t
    assert row.activity_unit == "tkm"


def test_supplier_footprint_of_purchased_alumina(toy):
    """Alumina bought with the supplier's declared CFP 0.8 t CO2e/t (6.1 primary data):
    per t Al = electrolysis + 2 x 0.8."""
    toy["units"] = [toy["units"][2]]
    toy["units"][0]["inputs"][0].update(
        kind="material", supplier_cfp={"value": 800, "amount_unit": "kg", "per": "t",
                                       "source": "supplier EPD 2023", "verified": True})
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    assert p.cfp == pytest.approx(5 + ANODE + CF4 + C2F6 + 2 * 0.8, rel=1e-9)


def test_table_e1_two_supplies_of_one_flow(toy):
    """Pots on two supplies: 600 000 kWh direct line at 0.5 kg/kWh and 400 000 kWh on a second
    direct line at 0.1 kg/kWh -> two E.1 rows 'electricity' (one factor each, issue 15 item 5):
    6 000 kWh/t x 0.5e-3 = 3.0 and 4 000 kWh/t x 0.1e-3 = 0.4, together 3.4 t CO2e/t."""
    toy["electricity"]["supplies"]["line2"] = {"type": "direct_line", "value": 0.1,
                                               "basis": "life_cycle", "source": "test"}
    pots = toy["units"][2]["inputs"]
    pots[1]["amount"] = 600_000
    pots.append({"flow": "electricity", "amount": 400_000, "unit": "kWh", "kind": "electricity",
                 "supply": "line2"})
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    rows = [r for r in p.table_e1() if r["unit"] == "electrolysis" and r["flow"] == "electricity"]
    assert sum(r["activity"] for r in rows) == pytest.approx(10_000, rel=1e-12)
    assert sum(r["t_co2e"] for r in rows) == pytest.approx(3.4, rel=1e-12)
    assert sorted(len(r["factors"]) for r in rows) == [1, 1]
    # every E.1 row together is the footprint
    assert sum(r["t_co2e"] for r in p.table_e1()) == pytest.approx(p.cfp, rel=1e-12)


def test_hotspots_merge_gases_and_rank(toy):
    """The pots' anode effect is CF4 0.105534 + C2F6 0.02145572 = 0.12698972 t CO2e/t in one
    hotspot row; the largest row is the pots' electricity, 5 t/t, share 5 / CFP."""
    from alcarbon.engine.result import hotspots

    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    rows = hotspots(p.contributions, None, p.cfp)
    assert (rows[0]["unit"], rows[0]["flow"]) == ("electrolysis", "electricity")
    assert rows[0]["t_co2e"] == pytest.approx(5.0) and rows[0]["share"] == pytest.approx(5 / p.cfp)
    pfc = next(r for r in rows if r["flow"] == "anode_effect")
    assert pfc["gases"] == ["C2F6", "CF4"] and pfc["t_co2e"] == pytest.approx(CF4 + C2F6)
    assert sum(r["t_co2e"] for r in rows) == pytest.approx(p.cfp, rel=1e-12)
    # the same on the JSON form of the rows (the web service reads stored results)
    assert hotspots([c.to_dict() for c in p.contributions], 3) == hotspots(p.contributions, 3)
