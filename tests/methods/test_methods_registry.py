"""DEFAULTS carry sources; METHODS registry; measured values override computed ones."""

from __future__ import annotations

import dataclasses
import math

import pytest

from alcarbon.errors import InputError, UnitError
from alcarbon.methods import DEFAULTS, METHODS, TECHNOLOGIES, Parameter, apply_measured
from alcarbon.units import Q_, ureg

EXPECTED_METHODS = {
    "fuel_combustion", "anode_consumption", "pitch_volatiles", "packing_coke", "pfc_slope",
    "pfc_overvoltage", "pfc_measured", "pfc_tier1", "pfc_guideline", "carbonate_decomposition",
    "coke_calcination",
}


def test_every_default_has_value_unit_source_confidence():
    assert DEFAULTS
    for key, p in DEFAULTS.items():
        assert isinstance(p, Parameter), key
        assert math.isfinite(p.value) and p.value >= 0, key
        assert p.unit.strip(), key
        assert len(p.source.strip()) > 20, key
        assert p.confidence in {"high", "medium"}, key


def test_defaults_sources_name_their_documents():
    assert "Eq. 4.21" in DEFAULTS["S_a"].source and "Table F-2" in DEFAULTS["S_a"].source
    assert "Table F-2" in DEFAULTS["PCC"].source
    assert "IPCC 2006" in DEFAULTS["pfc_slope.CWPB"].source


def test_shipped_default_values():
    # Values per domain-data sections 3.1, 3.2, 3.3 and 9.2
    expected = {
        "S_a": 2.0, "Ash_a": 0.4, "H_w_fraction": 0.005, "WT_fraction_riedhammer": 0.005,
        "WT_fraction_other": 0.0, "PCC": 0.015, "S_pc": 2.0, "Ash_pc": 2.5,
        "pfc_slope.CWPB": 0.143, "pfc_slope.SWPB": 0.272, "pfc_slope.VSS": 0.092,
        "pfc_slope.HSS": 0.099, "pfc_slope_c2f6_ratio.CWPB": 0.121,
        "pfc_slope_c2f6_ratio.SWPB": 0.252, "pfc_slope_c2f6_ratio.VSS": 0.053,
        "pfc_slope_c2f6_ratio.HSS": 0.085, "pfc_ovc.CWPB": 1.16, "pfc_ovc.SWPB": 3.65,
        "pfc_ovc_c2f6_ratio.CWPB": 0.121, "pfc_ovc_c2f6_ratio.SWPB": 0.252,
        "pfc_tier1_cf4.CWPB": 0.4, "pfc_tier1_c2f6.CWPB": 0.04, "pfc_tier1_cf4.SWPB": 1.6,
        "pfc_tier1_c2f6.SWPB": 0.4, "pfc_tier1_cf4.VSS": 0.8, "pfc_tier1_c2f6.VSS": 0.04,
        "pfc_tier1_cf4.HSS": 0.4, "pfc_tier1_c2f6.HSS": 0.03,
    }
    assert {k: p.value for k, p in DEFAULTS.items()} == expected
    assert TECHNOLOGIES == ("CWPB", "SWPB", "VSS", "HSS")


def test_unsourced_values_are_not_shipped():
    keys = " ".join(DEFAULTS).lower()
    assert "nac" not in keys and "net_anode" not in keys
    assert "guideline" not in keys
    assert "pfc_ovc.VSS" not in DEFAULTS and "pfc_ovc.HSS" not in DEFAULTS
    values = {p.value for p in DEFAULTS.values()}
    for circulating in (0.42, 0.411, 0.034, 0.0034, 0.02, 0.0011, 0.405):
        assert circulating not in values


def test_parameter_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS["S_a"].value = 3.0  # type: ignore[misc]


def test_registry_names_and_outputs():
    assert set(METHODS) == EXPECTED_METHODS
    mp = Q_(1000, "t")
    calls = {
        "fuel_combustion": lambda f: f(Q_(1, "GJ"), ncv=None, carbon_content=Q_(0.02, "t/GJ"),
                                       oxidation=1.0),
        "anode_consumption": lambda f: f(mp, net_anode_consumption=Q_(0.4, "t/t")),
        "pitch_volatiles": lambda f: f(Q_(1055, "t"), Q_(1000, "t")),
        "packing_coke": lambda f: f(Q_(1000, "t")),
        "pfc_slope": lambda f: f(mp, aem=0.1),
        "pfc_overvoltage": lambda f: f(mp, aeo=1.0, current_efficiency=0.94),
        "pfc_measured": lambda f: f(Q_(1, "kg"), Q_(0.1, "kg")),
        "pfc_tier1": lambda f: f(mp),
        "pfc_guideline": lambda f: f(mp, 0.02, 0.002),
        "carbonate_decomposition": lambda f: f(Q_(1, "t")),
        "coke_calcination": lambda f: f(Q_(1000, "t"), Q_(750, "t"), green_carbon_pct=92,
                                        calcined_carbon_pct=98.5),
    }
    for name, fn in METHODS.items():
        out = calls[name](fn)
        assert isinstance(out, dict) and out, name
        assert set(out) <= {"CO2", "CF4", "C2F6"}, name
        for q in out.values():
            assert q.units == ureg.t, name
            assert q.magnitude >= 0, name


def test_apply_measured_replaces_per_gas_and_keeps_the_rest():
    computed = {"CO2": Q_(150_304, "t"), "CF4": Q_(1.43, "t"), "C2F6": Q_(0.17303, "t")}
    measured = {"CF4": Q_(900, "kg"), "C2F6": Q_(0.1, "t")}
    out = apply_measured(computed, measured)
    assert out["CO2"].magnitude == 150_304
    assert out["CF4"].units == ureg.t and out["CF4"].magnitude == pytest.approx(0.9, rel=1e-12)
    assert out["C2F6"].magnitude == pytest.approx(0.1, rel=1e-12)
    # inputs untouched
    assert computed["CF4"].magnitude == 1.43 and measured["CF4"].units == ureg.kg


def test_apply_measured_adds_a_gas_not_computed():
    out = apply_measured({"CO2": Q_(10, "t")}, {"CF4": Q_(0.5, "t")})
    assert set(out) == {"CO2", "CF4"}


def test_apply_measured_validation():
    with pytest.raises(InputError, match="negative"):
        apply_measured({"CO2": Q_(10, "t")}, {"CO2": Q_(-1, "t")})
    with pytest.raises(UnitError, match="measured\\['CO2'\\]"):
        apply_measured({"CO2": Q_(10, "t")}, {"CO2": Q_(1, "GJ")})
    with pytest.raises(InputError, match="not a formula"):
        apply_measured({"CO2": Q_(10, "t")}, {"": Q_(1, "t")})
