"""Issue 15 items 9, 10, 11 (parts): ore from nature, co-products in energy units, system
expansion (7.3.1 b), the Al(OH)3 footprint (7.3.2 d) and the stage of purchased inputs (5.3.3).

The toy chain and its hand-derived per-t values are those of test_toy_chain.py (its docstring):
BAUXITE = 0.005 + 0.01 x 40 x 0.02 x 44/12 (+ CH4/N2O) t CO2e per t bauxite; alumina_cfp(r_rest,
r_calc) = 2 r_rest BAUXITE + 0.125 r_rest + r_calc (0.01375 (+ CH4/N2O) + 0.0025) per t
alumina; per t Al = 5 (pot electricity) + ANODE + CF4 + C2F6 + 2 t alumina.
"""

from __future__ import annotations

import pytest

from alcarbon.engine import calculate
from alcarbon.errors import InputError
from alcarbon.inventory.io_yaml import study_from_data

from .conftest import user_factor

ANODE = 0.4 * 0.976 * 44 / 12
CF4 = 0.143 * 0.1 * 7380e-3
C2F6 = 0.121 * 0.143 * 0.1 * 12400e-3
POTS = 5 + ANODE + CF4 + C2F6
# CH4 + N2O of combustion (test_toy_chain.py docstring: IPCC 2006 Vol.2 Table 2.3, AR6):
# diesel 0.0004 TJ x 247.5 kg CO2e/TJ per t bauxite, natural gas 0.00025 TJ x 55.2 per t alumina
NONCO2_DIESEL = 0.000099
NG_COMB = 0.01375 + 0.0000138
BAUXITE = 0.005 + 0.01 * 40 * 0.02 * 44 / 12 + NONCO2_DIESEL
# 7.3.2 c: 2 Al(OH)3 = Al2O3 + 3 H2O with IUPAC 2021 conventional atomic weights
# Al 26.982, O 15.999, H 1.008: M(Al(OH)3) = 26.982 + 3 x 17.007 = 78.003,
# M(Al2O3) = 2 x 26.982 + 3 x 15.999 = 101.961; 156.006 / 101.961 = 1.530056
P10 = 400 * 156.006 / 101.961
R_SUB = P10 / (P10 + 51)


def alumina_cfp(r_rest: float, r_calc: float) -> float:
    return 2 * r_rest * BAUXITE + 0.125 * r_rest + r_calc * (NG_COMB + 0.0025)


def _ids(res) -> set[str]:
    return {getattr(w, "id", "") for w in res.warnings}


# --- item 9: 原矿 (ore from nature) ------------------------------------------------------------

def test_ore_from_nature_is_burden_free(toy):
    """1500 t run-of-mine ore into the mine, no factor: an elementary input (5.3.3.1), so the
    bauxite footprint stays BAUXITE; bought with 0.002 t CO2e/t it adds 1500 x 0.002 / 1000 =
    0.003 t per t bauxite."""
    toy["declared_products"] = ["bauxite"]
    toy["units"][0]["inputs"].append({"flow": "原矿", "amount": 1500, "unit": "t"})
    res = calculate(study_from_data(toy))
    assert res.products["bauxite"].cfp == pytest.approx(BAUXITE, rel=1e-12)
    assert "from_nature:bauxite_mining:raw_ore" in _ids(res)
    toy["factors"].append(user_factor("toy.ore", 0.002, "t"))
    toy["units"][0]["inputs"][-1]["factor"] = "toy.ore"
    res = calculate(study_from_data(toy))
    assert res.products["bauxite"].cfp == pytest.approx(BAUXITE + 0.003, rel=1e-9)
    assert "from_nature:bauxite_mining:raw_ore" not in _ids(res)


# --- item 9: waste-heat steam in GJ as a co-product --------------------------------------------

STEAM = {"flow": "steam_export", "amount": 200, "unit": "GJ", "kind": "co_product"}


def test_steam_in_gj_without_a_basis_is_a_located_error(toy):
    toy["units"][2]["outputs"].append(dict(STEAM))
    with pytest.raises(InputError) as e:
        calculate(study_from_data(toy))
    assert "electrolysis" in str(e.value) and "displaces" in str(e.value)


def test_steam_co_product_by_system_expansion(toy):
    """200 GJ steam displacing heat at 0.1 t CO2e/GJ (the user's factor): the pots keep every
    exchange and are credited 200 x 0.1 = 20 t, i.e. 0.2 t per t Al; 1 GJ of the steam itself
    carries 0.1 t."""
    from alcarbon.engine import build, demand_vector
    from alcarbon.engine.solve import scaling
    from alcarbon.factors import load_library

    toy["factors"].append(user_factor("toy.heat", 0.1, "GJ"))
    toy["units"][2]["outputs"].append(dict(STEAM, displaces="toy.heat"))
    study = study_from_data(toy)
    res = calculate(study)
    p = res.products["liquid_aluminium"]
    assert p.cfp == pytest.approx(POTS + 2 * alumina_cfp(R_SUB, 1.0) - 0.2, rel=1e-9)
    assert "expansion:electrolysis:steam_export" in _ids(res)
    credit = [c for c in p.contributions if c.flow == "credit:steam_export"]
    assert sum(c.t_co2e for c in credit) == pytest.approx(-0.2, rel=1e-9)
    assert {c.stage for c in credit} == {"electrolysis"}
    system = build(study, load_library().with_overrides(study.factors))
    f = demand_vector(system, "liquid_aluminium") * 0  # zero vector of the right size
    f[system.row("steam_export")] = 1.0
    s = scaling(system, f)
    co2e = sum(it.activity * it.factor * system.gwp[it.gas] * s[it.column]
               for it in system.items)
    assert co2e == pytest.approx(0.1, rel=1e-9)


def test_steam_co_product_by_economic_allocation(toy):
    """Prices 15 000 per t Al and 50 per GJ steam, no 'displaces': mass allocation cannot use
    GJ, so the pots are allocated by value (7.3.1 c): r = 100 x 15 000 / (100 x 15 000 +
    200 x 50) = 1 500 000 / 1 510 000 of every exchange of the pots goes to the metal."""
    toy["units"][2]["outputs"][0]["price"] = 15000
    toy["units"][2]["outputs"].append(dict(STEAM, price=50))
    res = calculate(study_from_data(toy))
    r = 1_500_000 / 1_510_000
    assert res.products["liquid_aluminium"].cfp == pytest.approx(
        r * (POTS + 2 * alumina_cfp(R_SUB, 1.0)), rel=1e-9)
    assert "mass_to_economic:electrolysis" in _ids(res)


def test_steam_co_product_by_energy_content(toy):
    """The metal given a heating value of 31 GJ/t (a test value the user states; no default),
    steam 200 GJ: by energy content (7.3.1 c) the metal bears r = 100 x 31 / (100 x 31 + 200)
    = 3100 / 3300 of every exchange of the pots."""
    toy["units"][2]["outputs"][0]["energy_content"] = 31.0
    toy["units"][2]["outputs"].append(dict(STEAM))
    res = calculate(study_from_data(toy))
    r = 3100 / 3300
    assert res.products["liquid_aluminium"].cfp == pytest.approx(
        r * (POTS + 2 * alumina_cfp(R_SUB, 1.0)), rel=1e-9)
    assert "mass_to_energy:electrolysis" in _ids(res)


# --- item 11: system expansion as the 7.3.1 b alternative --------------------------------------

def test_expansion_method_needs_the_displaced_factor(toy):
    toy["allocation"] = {"method": "expansion"}
    with pytest.raises(InputError) as e:
        calculate(study_from_data(toy))
    assert "aluminium_hydroxide" in str(e.value)


def test_expansion_method_and_sensitivity_row(toy):
    """Al(OH)3 (51 t) displacing a product at 0.3 t CO2e/t: alumina keeps every exchange of the
    refinery (r_rest = r_calc = 1) less 51 x 0.3 / 400 = 0.03825 t per t alumina."""
    from alcarbon.uncertainty.sensitivity import alternatives

    toy["factors"].append(user_factor("toy.aloh3", 0.3, "t"))
    toy["units"][1]["outputs"][1]["displaces"] = "toy.aloh3"
    expected = POTS + 2 * (alumina_cfp(1.0, 1.0) - 51 * 0.3 / 400)
    rows = {r.name: r for r in alternatives(study_from_data(toy))}
    assert rows["allocation_expansion"].cfp == pytest.approx(expected, rel=1e-9)
    assert rows["base"].cfp == pytest.approx(POTS + 2 * alumina_cfp(R_SUB, 1.0), rel=1e-9)
    toy["allocation"] = {"method": "expansion"}
    res = calculate(study_from_data(toy))
    assert res.products["liquid_aluminium"].cfp == pytest.approx(expected, rel=1e-9)
    # without the displaced product's factor the alternative is left out, never defaulted
    del toy["units"][1]["outputs"][1]["displaces"]
    toy["allocation"] = {"method": "subdivision"}
    assert "allocation_expansion" not in {r.name for r in alternatives(study_from_data(toy))}


# --- item 11: the aluminium hydroxide product (7.3.2 d) ----------------------------------------

def test_aluminium_hydroxide_declared(toy):
    """Per t Al(OH)3: (1 - r) of E_r over P2 = 51 t, no calcination: (1 - r) x (800 t bauxite x
    BAUXITE + 100 000 kWh x 0.0005 t/kWh) / 51, r = P1.0 / (P1.0 + P2)."""
    from alcarbon.engine.allocation import HYDROXIDE_PER_ALUMINA

    assert HYDROXIDE_PER_ALUMINA == pytest.approx(156.006 / 101.961, rel=1e-12)
    toy["declared_products"] = ["liquid_aluminium", "aluminium_hydroxide"]
    res = calculate(study_from_data(toy))
    assert res.products["aluminium_hydroxide"].cfp == pytest.approx(
        (1 - R_SUB) * (800 * BAUXITE + 100_000 * 0.0005) / 51, rel=1e-9)
    toy["units"][1]["outputs"].pop(1)  # no Al(OH)3 co-product: cannot be declared
    with pytest.raises(InputError) as e:
        calculate(study_from_data(toy))
    assert "aluminium_hydroxide" in str(e.value)


# --- item 10: stage of purchased alumina and its transport -------------------------------------

def _buying_smelter(toy: dict) -> dict:
    """The pots alone, buying 200 t alumina (supplier CFP 0.8 t/t, 500 km by heavy truck) and
    2 t AlF3 (user factor 2 t/t, 100 km by heavy truck)."""
    toy["units"] = [toy["units"][2]]
    inp = toy["units"][0]["inputs"]
    inp[0].update(kind="material", supplier_cfp={"value": 0.8, "source": "supplier EPD 2023"},
                  transport=[{"mode": "road_heavy_diesel", "distance_km": 500}])
    toy["factors"].append(user_factor("toy.alf3", 2.0, "t"))
    inp.append({"flow": "aluminium_fluoride", "amount": 2, "unit": "t", "factor": "toy.alf3",
                "transport": [{"mode": "road_heavy_diesel", "distance_km": 100}]})
    return toy


# Per t Al (100 t): alumina footprint 200 x 0.8 / 100 = 1.6; its transport 200 x 500 tkm x
# 0.0978e-3 t/tkm (CPCD 65119X0282024C) / 100 = 0.0978; AlF3 2 x 2 / 100 = 0.04 and its
# transport 2 x 100 x 0.0978e-3 / 100 = 0.0001956.
ALUMINA, ALUMINA_T, ALF3, ALF3_T = 1.6, 0.0978, 0.04, 0.0001956


@pytest.mark.parametrize("setting", ["production_stage", "upstream"])
def test_purchased_alumina_stage(toy, setting):
    toy = _buying_smelter(toy)
    toy["purchased_stage"] = setting
    res = calculate(study_from_data(toy))
    p = res.products["liquid_aluminium"]
    st = {s.stage: s.t_co2e for s in p.stages()}
    # 5.3.3.4 a: alumina transport is part of the pots under both settings
    assert st["electrolysis"] == pytest.approx(POTS + ALUMINA_T, rel=1e-9)
    if setting == "production_stage":
        assert st["alumina_refining"] == pytest.approx(ALUMINA, rel=1e-9)
        assert st["upstream"] == pytest.approx(ALF3 + ALF3_T, rel=1e-9)
    else:
        assert st.get("alumina_refining", 0.0) == 0.0
        assert st["upstream"] == pytest.approx(ALUMINA + ALF3 + ALF3_T, rel=1e-9)
    assert p.cfp == pytest.approx(POTS + ALUMINA + ALUMINA_T + ALF3 + ALF3_T, rel=1e-9)
    assert res.purchased_stage == setting
    assert res.to_json_dict()["purchased_stage"] == setting  # calc --format json states it


def test_purchased_stage_with_convention_none(toy):
    toy = _buying_smelter(toy)
    toy["upstream_convention"] = "none"
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    st = {s.stage: s.t_co2e for s in p.stages()}
    assert st["electrolysis"] == pytest.approx(POTS + ALUMINA + ALUMINA_T + ALF3 + ALF3_T,
                                               rel=1e-9)


def test_convention_text_names_both_settings():
    from alcarbon.engine.stages import convention_text

    zh = convention_text("energy_in_units", "production_stage", "zh")
    assert "生产阶段" in zh and "5.3.3" in zh
    en = convention_text("energy_in_units", "upstream", "en")
    assert "upstream row" in en and "5.3.3.2-5.3.3.5 a" in en
