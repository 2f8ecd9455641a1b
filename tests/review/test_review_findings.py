"""Regression tests for the independent engine review (findings F1-F17): each asserts the
behaviour GB/T 44905 or the physics requires, with the hand calculation in the comment."""

import openpyxl
import pytest

from alcarbon.engine import calculate
from alcarbon.errors import AlcarbonError
from alcarbon.inventory import load_study, save_study
from alcarbon.inventory.io_yaml import study_from_data
from alcarbon.inventory.model import Study

P = {"start": "2023-01-01", "end": "2023-12-31"}


def F(fid, v, per="t"):
    return {
        "id": fid,
        "name": fid,
        "name_zh": fid,
        "kind": "material_upstream",
        "value": v,
        "amount_unit": "t",
        "per": per,
        "gas": "CO2e",
        "basis": "life_cycle",
        "region": "CN",
        "year": 2024,
        "confidence": "medium",
        "source": {"document": "t", "issuer": "t", "year": 2024},
    }


def smelter(inputs=(), outputs=None, pe=None, factors=()):
    return {
        "period": P,
        "declared_products": ["liquid_aluminium"],
        "factors": list(factors),
        "units": [
            {
                "id": "electrolysis",
                "inputs": list(inputs),
                "outputs": outputs or [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
                "process_emissions": pe or {},
            }
        ],
    }


def cfp(d, p="liquid_aluminium"):
    return calculate(Study.model_validate(d)).products[p].cfp


# CO2 per t diesel 42.652 x 0.0202 x 0.98 x 44/12, plus CH4 and N2O of a manufacturing unit
# (IPCC 2006 Vol.2 Table 2.3, oil 3 and 0.6 kg/TJ): 0.042652 TJ x (3 x 27.9 + 0.6 x 273 = 247.5
# kg CO2e/TJ) = 0.010556370 t CO2e
COMB_DIESEL = 42.652 * 0.0202 * 0.98 * 44 / 12 + 0.010556370


def test_F1_fuel_without_kind_still_combusted():
    # diesel (catalogue kind fuel) entered without kind: 10 t -> upstream 6.5086 + combustion
    d = smelter([{"flow": "diesel", "amount": 10, "unit": "t"}])
    assert cfp(d) == pytest.approx((6.5086 + 10 * COMB_DIESEL) / 100, rel=1e-6)


def _captive(inp):
    return {
        "period": P,
        "declared_products": ["liquid_aluminium"],
        "factors": [F("coal", 0.1)],
        "units": [
            {
                "id": "captive_power",
                "inputs": [
                    {
                        "flow": "bituminous_coal",
                        "amount": 500,
                        "unit": "t",
                        "kind": "fuel",
                        "factor": "coal",
                    }
                ],
                "outputs": [{"flow": "electricity", "amount": 1e6, "unit": "kWh"}],
            },
            {
                "id": "electrolysis",
                "inputs": [inp],
                "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
            },
        ],
    }


def test_F2_electricity_with_provider_links_captive():
    # 5 t coal per t Al x (0.1 upstream + 19.570 x 0.02618 x 0.93 x 44/12 = 1.7470883 CO2
    # + 0.01957 TJ x (27.9 + 1.5 x 273) kg = 0.0085599 CH4/N2O, IPCC Table 2.2) = 9.278241
    exp = 5 * (0.1 + 19.570 * 0.02618 * 0.93 * 44 / 12 + 19.570e-3 * 437.4 / 1000)
    assert exp == pytest.approx(9.278241, rel=1e-6)
    d = _captive(
        {
            "flow": "electricity",
            "amount": 1e6,
            "unit": "kWh",
            "kind": "electricity",
            "provider": "electricity",
        }
    )
    assert cfp(d) == pytest.approx(exp, rel=1e-9)  # got 5.777 (national grid), plant dropped


def test_F3_supplier_cfp_not_ignored_when_flow_is_made_internally():
    d = {
        "period": P,
        "declared_products": ["liquid_aluminium"],
        "factors": [F("r", 1.0)],
        "units": [
            {
                "id": "alumina_refining",
                "inputs": [{"flow": "x", "amount": 100, "unit": "t", "factor": "r"}],
                "outputs": [{"flow": "alumina", "amount": 100, "unit": "t"}],
            },
            {
                "id": "electrolysis",
                "inputs": [
                    {"flow": "alumina", "amount": 100, "unit": "t", "kind": "intermediate"},
                    {
                        "flow": "alumina",
                        "amount": 92,
                        "unit": "t",
                        "supplier_cfp": {"value": 0.5, "source": "s"},
                    },
                ],
                "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
            },
        ],
    }
    assert cfp(d) == pytest.approx((100 * 1 + 92 * 0.5) / 100)  # got 1.92


def test_F4_replaces_typo_rejected():
    out = [
        {"flow": "liquid_aluminium", "amount": 100, "unit": "t"},
        {
            "flow": "co2",
            "amount": 143,
            "unit": "t",
            "kind": "emission",
            "gas": "CO2",
            "replaces": "anode_consumptoin",
        },
    ]
    with pytest.raises(AlcarbonError, match="replaces"):
        study_from_data(smelter(outputs=out, pe={"anode_consumption": {"net_anode_t_per_t": 0.4}}))


def test_F5_measured_combustion_row_not_added_to_computed_combustion():
    out = [
        {"flow": "liquid_aluminium", "amount": 100, "unit": "t"},
        {"flow": "direct_ghg", "amount": 31, "unit": "t", "kind": "emission", "gas": "CO2"},
    ]
    r = calculate(
        Study.model_validate(
            smelter([{"flow": "diesel", "amount": 10, "unit": "t", "kind": "fuel"}], out)
        )
    )
    assert r.warnings, (
        "double counting of a measured combustion row and computed combustion must be flagged"
    )


def test_F6_butts_alias_subtracted():
    out = [
        {"flow": "liquid_aluminium", "amount": 100, "unit": "t"},
        {"flow": "残极", "amount": 15, "unit": "t", "kind": "recycled"},
    ]
    d = smelter(
        [{"flow": "prebaked_anode", "amount": 55, "unit": "t", "factor": "z"}],
        out,
        {"anode_consumption": {}},
        [F("z", 0.0)],
    )
    assert cfp(d) == pytest.approx(0.4 * 0.976 * 44 / 12)  # got 0.55 t/t NAC -> 1.968


def test_F7_measured_cf4_only_keeps_c2f6():
    pe = {"anode_effect": {"method": "slope", "aem_min_per_cell_day": 0.1}}
    out = [
        {"flow": "liquid_aluminium", "amount": 100, "unit": "t"},
        {
            "flow": "pfc",
            "amount": 1.43,
            "unit": "kg",
            "kind": "emission",
            "gas": "CF4",
            "replaces": "anode_effect",
        },
    ]
    r = calculate(Study.model_validate(smelter(pe=pe, outputs=out))).products["liquid_aluminium"]
    # C2F6 by the slope method: 0.121 x 0.143 x 0.1 kg/t x 12400e-3 = 0.02145572 t CO2e/t
    assert r.by_gas()["C2F6"] == pytest.approx(0.121 * 0.0143 * 12.4, rel=1e-9)


def test_F8_plant_ncv_used_for_upstream_mass():
    # 4265.2 GJ diesel at plant NCV 21.3 GJ/t = 200.244 t -> upstream 200.244 x 0.65086 t
    d = smelter(
        [
            {
                "flow": "diesel",
                "amount": 4265.2,
                "unit": "GJ",
                "kind": "fuel",
                "fuel": {"ncv": 21.3, "ncv_unit": "GJ/t"},
            }
        ]
    )
    up = [
        c
        for c in calculate(Study.model_validate(d)).products["liquid_aluminium"].contributions
        if c.category == "other"
    ]
    assert sum(c.t_co2e for c in up) == pytest.approx(
        4265.2 / 21.3 * 0.65086 / 100, rel=1e-6
    )  # got 0.65086


def test_F9_ncv_without_unit_rejected():
    d = smelter(
        [
            {
                "flow": "natural_gas",
                "amount": 1e6,
                "unit": "Nm3",
                "kind": "fuel",
                "fuel": {"ncv": 38.931},
            }
        ]
    )
    with pytest.raises(AlcarbonError, match="ncv_unit"):
        study_from_data(d)


def test_F10_ambiguous_ton_rejected():
    with pytest.raises(AlcarbonError, match="ambiguous unit 'ton'"):
        study_from_data(
            smelter(
                [{"flow": "x", "amount": 100, "unit": "ton", "factor": "f"}], factors=[F("f", 1.0)]
            )
        )


def test_F11_grid_year_follows_period():
    d = smelter([{"flow": "electricity", "amount": 1e6, "unit": "kWh", "kind": "electricity"}])
    r = calculate(Study.model_validate(d))
    # period 2023: elec.footprint.cn.2023 = 0.6205, or at least a warning that 2024 was used
    assert r.products["liquid_aluminium"].cfp == pytest.approx(6.205, rel=1e-9)


def test_F12_nonproductive_loop_refused():
    d = {
        "period": P,
        "declared_products": ["liquid_aluminium"],
        "factors": [F("coal", 0.1)],
        "electricity": {"supplies": {"cap": {"type": "captive", "provider": "power"}}},
        "units": [
            {
                "id": "power",
                "inputs": [
                    {
                        "flow": "bituminous_coal",
                        "amount": 1000,
                        "unit": "t",
                        "kind": "fuel",
                        "factor": "coal",
                    },
                    {
                        "flow": "steam",
                        "amount": 6000,
                        "unit": "GJ",
                        "kind": "steam",
                        "provider": "steam",
                    },
                ],
                "outputs": [{"flow": "power", "amount": 2000, "unit": "MWh"}],
            },
            {
                "id": "boiler",
                "inputs": [
                    {
                        "flow": "bituminous_coal",
                        "amount": 300,
                        "unit": "t",
                        "kind": "fuel",
                        "factor": "coal",
                    },
                    {
                        "flow": "electricity",
                        "amount": 2000,
                        "unit": "MWh",
                        "kind": "electricity",
                        "supply": "cap",
                    },
                ],
                "outputs": [{"flow": "steam", "amount": 5000, "unit": "GJ"}],
            },
            {
                "id": "electrolysis",
                "inputs": [
                    {
                        "flow": "electricity",
                        "amount": 1500,
                        "unit": "MWh",
                        "kind": "electricity",
                        "supply": "cap",
                    }
                ],
                "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
            },
        ],
    }
    with pytest.raises(AlcarbonError):
        cfp(d)  # got -102.7 t CO2e/t


def test_F13_self_use_above_output_is_an_alcarbon_error():
    d = _captive(
        {
            "flow": "electricity",
            "amount": 1e6,
            "unit": "kWh",
            "kind": "electricity",
            "provider": "electricity",
        }
    )
    d["units"][0]["inputs"].append(
        {
            "flow": "electricity",
            "amount": 1.2e6,
            "unit": "kWh",
            "kind": "intermediate",
            "provider": "electricity",
        }
    )
    with pytest.raises(AlcarbonError):
        cfp(d)  # got IndexError


def test_F14_nonstandard_smelter_id_not_reported_in_casting():
    d = {
        "period": P,
        "declared_products": ["aluminium_ingot"],
        "units": [
            {
                "id": "potline_1",
                "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
                "process_emissions": {"anode_consumption": {"net_anode_t_per_t": 0.4}},
            },
            {
                "id": "casting",
                "inputs": [
                    {"flow": "liquid_aluminium", "amount": 100, "unit": "t", "kind": "intermediate"}
                ],
                "outputs": [{"flow": "aluminium_ingot", "amount": 100, "unit": "t"}],
            },
        ],
    }
    st = {
        s.stage: s.t_co2e
        for s in calculate(Study.model_validate(d)).products["aluminium_ingot"].stages()
    }
    assert st["casting"] == 0.0


def test_F15_formula_without_cached_value_not_dropped(tmp_path):
    d = smelter([{"flow": "electricity", "amount": 1e6, "unit": "kWh", "kind": "electricity"}])
    p = tmp_path / "s.xlsx"
    save_study(Study.model_validate(d), p, lang="en")
    wb = openpyxl.load_workbook(p)
    ws = wb["C.4 Electrolysis"]
    for row in ws.iter_rows(min_row=8):
        if row[6].value == "electricity":
            row[2].value = "=1000*1000"
    wb.save(p)
    with pytest.raises(AlcarbonError, match="formula '=1000\\*1000' but no computed value"):
        load_study(p)


def test_F16_soda_ash_carbonate_stoichiometry():
    d = smelter(
        [{"flow": "soda_ash", "amount": 10, "unit": "t"}], pe={"carbonates": [{"flow": "soda_ash"}]}
    )
    c = [
        x
        for x in calculate(Study.model_validate(d)).products["liquid_aluminium"].contributions
        if x.flow.startswith("carbonate")
    ]
    assert c[0].t_co2e == pytest.approx(10 * 44.009 / 105.988 / 100, rel=1e-3)  # got CaCO3 0.0440


def test_F17_heat_basis_mixing_flagged():
    d = smelter([{"flow": "heat", "amount": 1000, "unit": "GJ", "kind": "heat"}])
    assert any("combustion-only" in w for w in calculate(Study.model_validate(d)).warnings)
