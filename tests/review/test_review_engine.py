"""Independent review checks of the footprint engine (units, allocation, attribution, GWP).

Every expected value is computed by hand in the comment next to it, from the formula of the
standard (GB/T 44905-2024 8.2 formula (1), 7.3.2, 7.1.5.1, Appendix D) and the inputs.
"""

from __future__ import annotations

import itertools

import pytest

from alcarbon.engine import calculate
from alcarbon.engine.allocation import HYDROXIDE_PER_ALUMINA
from alcarbon.gwp import get_gwp_set
from alcarbon.inventory.model import Study

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def factor(fid: str, value: float, per: str, amount_unit: str = "t") -> dict:
    return {
        "id": fid, "name": fid, "name_zh": fid, "kind": "material_upstream", "value": value,
        "amount_unit": amount_unit, "per": per, "gas": "CO2e", "basis": "life_cycle",
        "region": "CN", "year": 2024, "confidence": "medium",
        "source": {"document": "review test value", "issuer": "review", "year": 2024},
    }


def run(d: dict):
    return calculate(Study.model_validate(d))


# ---- 1. units: every conversion path of the activity data -----------------------------------
@pytest.mark.parametrize("unit, amount", [("t", 100), ("kg", 100_000), ("万吨", 0.01)])
def test_declared_unit_normalised_whatever_the_product_unit(unit, amount):
    # Inputs in t, 万千瓦时, MWh, 万Nm3 and tce; product 100 t in t, kg or 万吨.
    # x: 100 t x 1 t CO2e/t = 100 t
    # electricity 0.1 万kWh + 1 MWh = 2000 kWh x 0.5777 kg/kWh (elec.footprint.cn.2024) = 1.1554 t
    # natural gas 1 万Nm3 = 10 000 Nm3: upstream 10 000 x 0.608 kg = 6.08 t;
    #   combustion 10 000 Nm3 x 389.31 GJ/10^4 Nm3 = 389.31 GJ x 0.0153 tC/GJ x 0.99 x 44/12;
    #   CH4/N2O (IPCC 2006 Vol.2 Table 2.3, gas 1 and 0.1 kg/TJ): 0.38931 TJ x (27.9 + 27.3)
    #   = 21.489912 kg CO2e
    # diesel 1 tce = 29.3076 GJ: upstream 29.3076/42.652 t x 0.65086 t/t;
    #   combustion 29.3076 GJ x 0.0202 x 0.98 x 44/12; CH4/N2O (oil 3 and 0.6 kg/TJ):
    #   0.0293076 TJ x (83.7 + 163.8) = 7.253631 kg CO2e
    total = (100 + 2000 * 0.5777e-3 + 6.08 + 389.31 * 0.0153 * 0.99 * 44 / 12 + 0.021489912
             + 29.3076 / 42.652 * 0.65086 + 29.3076 * 0.0202 * 0.98 * 44 / 12 + 0.007253631)
    d = {"period": PERIOD, "declared_products": ["liquid_aluminium"],
         "factors": [factor("rv.x", 1.0, "t")],
         "units": [{"id": "electrolysis",
                    "inputs": [
                        {"flow": "x", "amount": 100, "unit": "t", "factor": "rv.x"},
                        {"flow": "electricity", "amount": 0.1, "unit": "万千瓦时",
                         "kind": "electricity"},
                        {"flow": "electricity", "amount": 1, "unit": "MWh",
                         "kind": "electricity"},
                        {"flow": "natural_gas", "amount": 1, "unit": "万Nm3", "kind": "fuel"},
                        {"flow": "diesel", "amount": 1, "unit": "tce", "kind": "fuel"}],
                    "outputs": [{"flow": "liquid_aluminium", "amount": amount, "unit": unit}]}]}
    assert run(d).products["liquid_aluminium"].cfp == pytest.approx(total / 100, rel=1e-9)


def _captive(elec_amount: float, elec_unit: str) -> dict:
    return {"period": PERIOD, "declared_products": ["liquid_aluminium"],
            "factors": [factor("rv.coal", 0.1, "t")],
            "electricity": {"supplies": {"cap": {"type": "captive", "provider": "power"}}},
            "units": [
                {"id": "captive_power",
                 "inputs": [{"flow": "bituminous_coal", "amount": 500, "unit": "t",
                             "kind": "fuel", "factor": "rv.coal"}],
                 "outputs": [{"flow": "power", "amount": 1_000_000, "unit": "kWh"}]},
                {"id": "electrolysis",
                 "inputs": [{"flow": "electricity", "amount": elec_amount, "unit": elec_unit,
                             "kind": "electricity", "supply": "cap"}],
                 "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}]}]}


@pytest.mark.parametrize("amount, unit", [(1_000_000, "kWh"), (1000, "MWh"), (100, "万千瓦时")])
def test_captive_electricity_in_any_energy_unit(amount, unit):
    # 7.1.5.1: the captive plant's life-cycle burden. 500 t bituminous coal makes 1e6 kWh, all
    # used by 100 t Al: per t Al = 5 t coal x (0.1 upstream + 19.570 GJ/t x 0.02618 tC/GJ x 0.93
    # x 44/12 combustion CO2 + 0.01957 TJ x (1 x 27.9 + 1.5 x 273) kg CH4/N2O, IPCC 2006 Vol.2
    # Table 2.2 for a power plant).
    expected = 5 * (0.1 + 19.570 * 0.02618 * 0.93 * 44 / 12 + 19.570e-3 * 437.4 / 1000)
    r = run(_captive(amount, unit)).products["liquid_aluminium"]
    assert r.cfp == pytest.approx(expected, rel=1e-9)
    assert r.cfp_location_based == pytest.approx(expected, rel=1e-9)


# ---- 2. allocation 7.3.2 ------------------------------------------------------------------
def test_subdivision_hydroxide_equivalent():
    # P1 = 400 t alumina, P2 = 51 t hydroxide; E_c = 100 t (calcination), E_r = 100 t.
    # P1.0 = 400 x 2 x 78.003/101.961; alumina = (E_c + E_r x P1.0/(P1.0 + P2)) / P1.
    assert HYDROXIDE_PER_ALUMINA == pytest.approx(2 * 78.003 / 101.961, rel=1e-4)
    p10 = 400 * 2 * 78.003 / 101.961
    d = {"period": PERIOD, "declared_products": ["alumina"],
         "factors": [factor("rv.c", 1.0, "t"), factor("rv.r", 1.0, "t")],
         "units": [{"id": "alumina_refining",
                    "inputs": [{"flow": "a", "amount": 100, "unit": "t", "factor": "rv.c",
                                "subprocess": "calcination"},
                               {"flow": "b", "amount": 100, "unit": "t", "factor": "rv.r"}],
                    "outputs": [{"flow": "alumina", "amount": 400, "unit": "t"},
                                {"flow": "aluminium_hydroxide", "amount": 51, "unit": "t",
                                 "kind": "co_product"}]}]}
    cfp = run(d).products["alumina"].cfp
    assert cfp == pytest.approx((100 + 100 * p10 / (p10 + 51)) / 400, rel=1e-3)


# ---- 3. stage attribution: totals preserved under every variant ----------------------------
def _loop_study(conv: str, attr: str) -> dict:
    """Captive power and a boiler feeding each other and three standard units."""
    cap = {"flow": "electricity", "kind": "electricity", "supply": "cap", "unit": "MWh"}
    return {
        "period": PERIOD, "declared_products": ["aluminium_ingot", "liquid_aluminium", "alumina"],
        "upstream_convention": conv, "captive_attribution": attr,
        "factors": [factor("rv.m", 1.0, "t"), factor("rv.coal", 0.1, "t")],
        "electricity": {"supplies": {"cap": {"type": "captive", "provider": "power"},
                                     "grid": {"type": "grid"}}},
        "units": [
            {"id": "power",
             "inputs": [{"flow": "bituminous_coal", "amount": 1000, "unit": "t", "kind": "fuel",
                         "factor": "rv.coal"},
                        {"flow": "steam", "amount": 500, "unit": "GJ", "kind": "steam",
                         "provider": "steam"}],
             "outputs": [{"flow": "power", "amount": 2000, "unit": "MWh"}]},
            {"id": "boiler",
             "inputs": [{"flow": "bituminous_coal", "amount": 300, "unit": "t", "kind": "fuel",
                         "factor": "rv.coal"}, {**cap, "amount": 50}],
             "outputs": [{"flow": "steam", "amount": 5000, "unit": "GJ"}]},
            {"id": "alumina_refining",
             "inputs": [{"flow": "steam", "amount": 4000, "unit": "GJ", "kind": "steam",
                         "provider": "steam"}, {**cap, "amount": 100},
                        {"flow": "m", "amount": 50, "unit": "t", "factor": "rv.m"}],
             "outputs": [{"flow": "alumina", "amount": 200, "unit": "t"}]},
            {"id": "electrolysis",
             "inputs": [{"flow": "alumina", "amount": 190, "unit": "t", "kind": "intermediate"},
                        {**cap, "amount": 1500},
                        {"flow": "electricity", "amount": 100, "unit": "MWh",
                         "kind": "electricity", "supply": "grid"}],
             "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
             "process_emissions": {"anode_consumption": {"net_anode_t_per_t": 0.4}}},
            {"id": "casting",
             "inputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t",
                         "kind": "intermediate"},
                        {"flow": "steam", "amount": 10, "unit": "GJ", "kind": "steam",
                         "provider": "steam"}],
             "outputs": [{"flow": "aluminium_ingot", "amount": 99, "unit": "t"}]}]}


def test_stage_rows_sum_to_cfp_and_cfp_independent_of_convention():
    # Table E.2 is a re-labelling of the same cube: every convention and attribution gives the
    # same CFP and its stage rows add up to it (declared and location-based).
    seen: dict[tuple[str, bool], list[float]] = {}
    for conv, attr in itertools.product(("energy_in_units", "all_upstream", "none"),
                                        ("consumer", "own_stage")):
        res = run(_loop_study(conv, attr))
        for p, pr in res.products.items():
            for location in (False, True):
                total = pr.cfp_location_based if location else pr.cfp
                assert sum(s.t_co2e for s in pr.stages(location=location)) == pytest.approx(
                    total, rel=1e-12)
                seen.setdefault((p, location), []).append(total)
    for values in seen.values():
        assert max(values) == pytest.approx(min(values), rel=1e-12)


def test_loop_captive_intensity_by_hand():
    # Liquid aluminium, location-based. Solve the power/boiler loop per 1 t Al:
    # power scale p (x 2000 MWh), boiler scale b (x 5000 GJ), refinery r (x 200 t alumina).
    # Electrolysis: 190/100 t alumina -> r = 1.9/200; 15 MWh captive, 1 MWh grid.
    # power: 2000 p = 15 + 100 r + 50 b;  boiler: 5000 b = 500 p + 4000 r.
    r = 1.9 / 200
    # substitute b = 0.1 p + 0.8 r: 2000 p = 15 + 100 r + 5 p + 40 r -> p = (15 + 140 r)/1995
    p = (15 + 140 * r) / 1995
    b = 0.1 * p + 0.8 * r
    # t CO2e per t coal: upstream 0.1 + CO2 19.570 x 0.02618 x 0.93 x 44/12 + CH4/N2O of a power
    # plant or boiler house (IPCC 2006 Vol.2 Table 2.2) 0.01957 TJ x 437.4 kg CO2e/TJ
    coal = 0.1 + 19.570 * 0.02618 * 0.93 * 44 / 12 + 19.570e-3 * 437.4 / 1000
    expected = (1000 * p + 300 * b) * coal + 50 * r * 1.0 + 1000 * 0.5777e-3 \
        + 0.4 * 0.976 * 44 / 12
    res = run(_loop_study("energy_in_units", "consumer"))
    assert res.products["liquid_aluminium"].cfp == pytest.approx(expected, rel=1e-9)


# ---- 4. GWP: AR6 default equals Appendix D; CO2e not re-weighted ---------------------------
APPENDIX_D = {"CO2": 1, "CH4": 27.9, "N2O": 273, "NF3": 17400, "CHF3": 14600, "CH2F2": 771,
              "CH3F": 135, "C2HF5": 3740, "CHF2CHF2": 1260, "C2H2F4": 1530, "CH2FCHF2": 364,
              "CH3CF3": 5810, "C2H4F2": 164, "C3HF7": 3600, "C3H2F6": 8690, "CF4": 7380,
              "C2F6": 12400, "C3F8": 9290, "C4F10": 10000, "C4F8": 10200, "C5F12": 9220,
              "C6F14": 8620, "SF6": 25200}


def test_default_gwp_is_appendix_d():
    s = Study.model_validate({"period": PERIOD, "units": []})
    gwp = get_gwp_set(s.gwp_set)
    for gas, value in APPENDIX_D.items():
        assert gwp.factor(gas) == value
    assert gwp.factor("CO2e") == 1.0


def test_measured_gases_weighted_once():
    # 1 t CF4 + 0.1 t C2F6 + 2 t CH4 + 1 t N2O measured, over 100 t Al (AR6, Appendix D):
    # (7380 + 1240 + 55.8 + 273) / 100
    outs = [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}]
    for gas, t in (("CF4", 1.0), ("C2F6", 0.1), ("CH4", 2.0), ("N2O", 1.0)):
        outs.append({"flow": f"m_{gas}", "amount": t * 1000, "unit": "kg", "kind": "emission",
                     "gas": gas})
    d = {"period": PERIOD, "declared_products": ["liquid_aluminium"],
         "units": [{"id": "electrolysis", "outputs": outs}]}
    assert run(d).products["liquid_aluminium"].cfp == pytest.approx(
        (7380 + 1240 + 55.8 + 273) / 100, rel=1e-12)


# ---- 5. process emissions by hand ----------------------------------------------------------
def test_net_anode_from_inventory_in_kg():
    # NAC = (55 000 kg anodes - 15 t butts)/100 t = 0.4; CO2 = 0.4 x (100-2-0.4)/100 x 44/12.
    d = {"period": PERIOD, "declared_products": ["liquid_aluminium"],
         "factors": [factor("rv.zero", 0.0, "t")],
         "units": [{"id": "electrolysis",
                    "inputs": [{"flow": "prebaked_anode", "amount": 55_000, "unit": "kg",
                                "factor": "rv.zero"}],
                    "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"},
                                {"flow": "anode_butts", "amount": 15, "unit": "t",
                                 "kind": "recycled"}],
                    "process_emissions": {"anode_consumption": {}}}]}
    assert run(d).products["liquid_aluminium"].cfp == pytest.approx(
        0.4 * 0.976 * 44 / 12, rel=1e-12)


def test_baking_defaults_by_hand():
    # IPCC 2006 Eq. 4.22: (GA - 0.005 GA - BA - 0) x 44/12 = (105 - 0.525 - 100) x 44/12
    # Eq. 4.23: 0.015 x 100 x (100 - 2 - 2.5)/100 x 44/12; per t of the 100 t baked anode.
    d = {"period": PERIOD, "declared_products": ["prebaked_anode"],
         "units": [{"id": "anode_production",
                    "outputs": [{"flow": "prebaked_anode", "amount": 100, "unit": "t"}],
                    "process_emissions": {"baking": {"green_anode_t": 105}}}]}
    expected = ((105 - 0.525 - 100) + 0.015 * 100 * 0.955) * 44 / 12 / 100
    assert run(d).products["prebaked_anode"].cfp == pytest.approx(expected, rel=1e-12)
