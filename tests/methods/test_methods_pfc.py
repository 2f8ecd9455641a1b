"""PFC from anode effects: slope, overvoltage, measured, Tier 1, Chinese guideline factors."""

from __future__ import annotations

import pytest

from alcarbon.errors import InputError, UnitError
from alcarbon.methods import (
    pfc_guideline,
    pfc_measured,
    pfc_overvoltage,
    pfc_slope,
    pfc_tier1,
)
from alcarbon.units import Q_, ureg

MP = Q_(100_000, "t")


def _t(out, gas):
    assert out[gas].units == ureg.t
    return out[gas].magnitude


def test_slope_cwpb_defaults():
    # CF4 = 0.143 x 0.1 AE-min/cell-day x 100 000 t = 1430 kg = 1.43 t
    # C2F6 = 0.121 x 1.43 = 0.17303 t
    out = pfc_slope(MP, aem=0.1)
    assert set(out) == {"CF4", "C2F6"}
    assert _t(out, "CF4") == pytest.approx(1.43, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(0.17303, rel=1e-12)


def test_slope_swpb_technology_defaults_and_kg_production():
    # MP = 5e7 kg = 50 000 t; CF4 = 0.272 x 0.5 x 50 000 = 6800 kg = 6.8 t
    # C2F6 = 0.252 x 6.8 = 1.7136 t
    out = pfc_slope(Q_(5e7, "kg"), aem=0.5, technology="swpb")
    assert _t(out, "CF4") == pytest.approx(6.8, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(1.7136, rel=1e-12)


def test_slope_smelter_specific_coefficients_override():
    # CF4 = 0.1 x 0.2 x 100 000 = 2000 kg = 2 t; C2F6 = 0.08 x 2 = 0.16 t
    out = pfc_slope(MP, aem=0.2, slope=0.1, c2f6_ratio=0.08, technology="VSS")
    assert _t(out, "CF4") == pytest.approx(2.0, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(0.16, rel=1e-12)


def test_slope_hss_defaults():
    # CF4 = 0.099 x 1.0 x 10 000 = 990 kg = 0.99 t; C2F6 = 0.085 x 0.99 = 0.08415 t
    out = pfc_slope(Q_(10_000, "t"), aem=1.0, technology="HSS")
    assert _t(out, "CF4") == pytest.approx(0.99, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(0.08415, rel=1e-12)


def test_overvoltage_cwpb_ce_as_fraction_means_percent_in_the_ipcc_equation():
    # IPCC: CF4 = OVC x AEO / CE(%) x MP = 1.16 x 1.4 / 95 x 100 000 kg
    #   1.16 x 1.4 = 1.624; / 95 = 0.017094737 kg/t; x 100 000 = 1709.4737 kg = 1.7094737 t
    # C2F6 = 0.121 x 1.7094737 = 0.20684632 t
    out = pfc_overvoltage(MP, aeo=1.4, current_efficiency=0.95)
    assert _t(out, "CF4") == pytest.approx(1.624 / 95 * 100, rel=1e-12)
    assert _t(out, "CF4") == pytest.approx(1.7094737, rel=1e-7)
    assert _t(out, "C2F6") == pytest.approx(0.20684632, rel=1e-7)


def test_overvoltage_aeo_as_voltage_quantity():
    # 1400 microvolt = 1.4 mV: same as above
    out = pfc_overvoltage(MP, aeo=Q_(1400, "microvolt"), current_efficiency=Q_(95, "percent"))
    assert _t(out, "CF4") == pytest.approx(1.7094737, rel=1e-7)


def test_overvoltage_swpb_defaults():
    # CF4 = 3.65 x 2.0 / 90 x 20 000 = 7.3/90 x 20 000 = 1622.2222 kg = 1.6222222 t
    # C2F6 = 0.252 x 1.6222222 = 0.4088 t
    out = pfc_overvoltage(Q_(20_000, "t"), aeo=2.0, current_efficiency=0.90, technology="SWPB")
    assert _t(out, "CF4") == pytest.approx(1.6222222222, rel=1e-10)
    assert _t(out, "C2F6") == pytest.approx(0.4088, rel=1e-10)


def test_overvoltage_soderberg_needs_supplied_coefficients():
    with pytest.raises(InputError, match="no default overvoltage coefficient.*VSS"):
        pfc_overvoltage(MP, aeo=1.0, current_efficiency=0.9, technology="VSS")
    with pytest.raises(InputError, match="HSS"):
        pfc_overvoltage(MP, aeo=1.0, current_efficiency=0.9, technology="HSS", ovc=2.0)
    # with both: CF4 = 2.0 x 1.0 / 90 x 10 000 = 222.22 kg = 2/9 t = 0.22222 t
    # C2F6 = 0.05 x 2/9 = 1/90 t = 0.011111 t
    out = pfc_overvoltage(
        Q_(10_000, "t"), aeo=1.0, current_efficiency=0.9, technology="VSS", ovc=2.0,
        c2f6_ratio=0.05,
    )
    assert _t(out, "CF4") == pytest.approx(2 / 9, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(1 / 90, rel=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"current_efficiency": 95}, InputError, "write 95 % as 0.95"),
        ({"current_efficiency": 0.0}, InputError, "current_efficiency"),
        ({"current_efficiency": -0.9}, InputError, "current_efficiency"),
        ({"aeo": -1.0}, InputError, "aeo"),
        ({"aeo": Q_(1.4, "A")}, UnitError, "aeo"),
        ({"c2f6_ratio": 1.5}, InputError, "c2f6_ratio"),
        ({"ovc": -1.16}, InputError, "ovc"),
        ({"technology": "PFPB"}, InputError, "CWPB, SWPB, VSS, HSS"),
    ],
)
def test_overvoltage_validation(kwargs, error, words):
    args = {"aeo": 1.4, "current_efficiency": 0.95, **kwargs}
    with pytest.raises(error) as exc:
        pfc_overvoltage(MP, **args)
    assert words in str(exc.value)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"aem": -0.1}, InputError, "aem"),
        ({"aem": "0.1"}, InputError, "aem is not a number"),
        ({"aem": 0.1, "slope": -0.143}, InputError, "slope"),
        ({"aem": 0.1, "c2f6_ratio": -0.1}, InputError, "c2f6_ratio"),
        ({"aem": 0.1, "technology": "prebake"}, InputError, "one of CWPB, SWPB, VSS, HSS"),
    ],
)
def test_slope_validation(kwargs, error, words):
    with pytest.raises(error) as exc:
        pfc_slope(MP, **kwargs)
    assert words in str(exc.value)


def test_slope_production_must_be_mass():
    with pytest.raises(UnitError, match="production"):
        pfc_slope(Q_(100_000, "kWh"), aem=0.1)


@pytest.mark.parametrize(
    "tech, cf4_t, c2f6_t",
    [
        # MP 100 000 t x EF (kg/t) / 1000
        ("CWPB", 40.0, 4.0),  # 0.4, 0.04 kg/t
        ("SWPB", 160.0, 40.0),  # 1.6, 0.4
        ("VSS", 80.0, 4.0),  # 0.8, 0.04
        ("HSS", 40.0, 3.0),  # 0.4, 0.03
    ],
)
def test_tier1(tech, cf4_t, c2f6_t):
    out = pfc_tier1(MP, technology=tech)
    assert _t(out, "CF4") == pytest.approx(cf4_t, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(c2f6_t, rel=1e-12)


def test_tier1_default_is_cwpb_and_unknown_technology_lists_valid():
    assert _t(pfc_tier1(MP), "CF4") == pytest.approx(40.0, rel=1e-12)
    with pytest.raises(InputError) as exc:
        pfc_tier1(MP, technology="PFPB")
    assert "CWPB, SWPB, VSS, HSS" in str(exc.value)


def test_measured_passes_through_in_tonnes():
    out = pfc_measured(Q_(2500, "kg"), Q_(0.3, "t"))
    assert _t(out, "CF4") == pytest.approx(2.5, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(0.3, rel=1e-12)


def test_measured_validation():
    with pytest.raises(InputError, match="cf4 is negative"):
        pfc_measured(Q_(-1, "t"), Q_(0.3, "t"))
    with pytest.raises(UnitError, match="c2f6"):
        pfc_measured(Q_(1, "t"), Q_(0.3, "t/t"))
    with pytest.raises(UnitError, match="cf4 has no unit"):
        pfc_measured(2.5, Q_(0.3, "t"))


def test_guideline_factors_supplied_by_user():
    # CF4 = 0.02 kg/t x 100 000 t = 2000 kg = 2 t; C2F6 = 0.0011 x 100 000 = 110 kg = 0.11 t
    out = pfc_guideline(MP, 0.02, 0.0011)
    assert _t(out, "CF4") == pytest.approx(2.0, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(0.11, rel=1e-12)
    # as quantities: 0.034 kg/t and 3.4 g/t -> 3.4 t and 0.34 t
    out = pfc_guideline(MP, ef_cf4=Q_(0.034, "kg/t"), ef_c2f6=Q_(3.4, "g/t"))
    assert _t(out, "CF4") == pytest.approx(3.4, rel=1e-12)
    assert _t(out, "C2F6") == pytest.approx(0.34, rel=1e-12)


def test_guideline_has_no_defaults():
    with pytest.raises(InputError) as exc:
        pfc_guideline(MP)
    assert "ef_cf4 has no default" in str(exc.value)
    assert "not shipped" in str(exc.value)
    with pytest.raises(InputError, match="ef_c2f6 has no default"):
        pfc_guideline(MP, ef_cf4=0.02)
    with pytest.raises(InputError, match="ef_cf4"):
        pfc_guideline(MP, ef_cf4=-0.02, ef_c2f6=0.0011)
    with pytest.raises(UnitError, match="ef_c2f6"):
        pfc_guideline(MP, ef_cf4=0.02, ef_c2f6=Q_(0.0011, "kg"))
