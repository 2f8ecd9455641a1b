"""Fuel combustion CO2 = FC x NCV x CC x OF x 44/12 (GB/T 32151; IPCC 2006 Vol.2)."""

from __future__ import annotations

import math

import pytest

from alcarbon.errors import InputError, UnitError
from alcarbon.methods import fuel_combustion
from alcarbon.units import Q_, parse_unit, ureg

# Diesel, 100 t, NCV 42.652 GJ/t, CC 0.0202 t C/GJ, OF 0.98:
#   E = 100 x 42.652 = 4265.2 GJ
#   C = 4265.2 x 0.0202 = 86.15704 t C;  x 0.98 = 84.4338992 t C oxidised
#   CO2 = 84.4338992 x 44/12 = 309.5909637 t
DIESEL_CO2_T = 84.4338992 * 44 / 12
DIESEL = dict(ncv=Q_(42.652, "GJ/t"), carbon_content=Q_(0.0202, "t/GJ"), oxidation=0.98)


def test_diesel_by_mass_in_tonnes():
    out = fuel_combustion(Q_(100, "t"), **DIESEL)
    assert set(out) == {"CO2"}
    assert out["CO2"].units == ureg.t
    assert out["CO2"].magnitude == pytest.approx(309.5909637, rel=1e-9)
    assert out["CO2"].magnitude == pytest.approx(DIESEL_CO2_T, rel=1e-12)


def test_mass_in_kg_and_ncv_in_mj_per_kg_give_same_result():
    # 100 000 kg = 100 t; 42.652 MJ/kg = 42.652 GJ/t
    out = fuel_combustion(
        Q_(100_000, "kg"),
        ncv=Q_(42.652, "MJ/kg"),
        carbon_content=Q_(0.0202, "t/GJ"),
        oxidation=0.98,
    )
    assert out["CO2"].to("t").magnitude == pytest.approx(DIESEL_CO2_T, rel=1e-12)


def test_energy_in_mj_needs_no_ncv_and_carbon_content_in_t_per_tj():
    # 4265.2 GJ = 4 265 200 MJ; 0.0202 t/GJ = 20.2 t/TJ
    out = fuel_combustion(
        Q_(4_265_200, "MJ"), ncv=None, carbon_content=Q_(20.2, "t/TJ"), oxidation=0.98
    )
    assert out["CO2"].magnitude == pytest.approx(DIESEL_CO2_T, rel=1e-12)


def test_energy_amount_ignores_a_given_ncv():
    out = fuel_combustion(Q_(4265.2, "GJ"), **DIESEL)
    assert out["CO2"].magnitude == pytest.approx(DIESEL_CO2_T, rel=1e-12)


def test_natural_gas_in_nm3_with_ncv_per_ten_thousand_nm3():
    # 1 000 000 Nm3 = 100 x 10^4 Nm3; NCV 389.31 GJ/10^4 Nm3 -> E = 38 931 GJ
    # C = 38931 x 0.0153 = 595.6443 t;  x 0.99 = 589.687857 t;  CO2 = x 44/12 = 2162.188809 t
    ncv = Q_(389.31, ureg.GJ / parse_unit("10^4 Nm3"))
    out = fuel_combustion(
        Q_(1_000_000, "Nm3"), ncv=ncv, carbon_content=Q_(0.0153, "t/GJ"), oxidation=0.99
    )
    assert out["CO2"].magnitude == pytest.approx(2162.188809, rel=1e-9)


def test_natural_gas_amount_given_in_ten_thousand_nm3():
    ncv = Q_(38.931, "GJ/Nm3") / 1000  # 0.038931 GJ/Nm3 = 389.31 GJ/10^4 Nm3
    out = fuel_combustion(
        Q_(100, parse_unit("10^4 Nm3")), ncv=ncv, carbon_content=Q_(0.0153, "t/GJ"), oxidation=0.99
    )
    assert out["CO2"].magnitude == pytest.approx(2162.188809, rel=1e-9)


def test_zero_fuel_gives_zero():
    assert fuel_combustion(Q_(0, "t"), **DIESEL)["CO2"].magnitude == 0


@pytest.mark.parametrize(
    "amount, kwargs, error, words",
    [
        (100, DIESEL, UnitError, "amount has no unit"),
        (Q_(100, "km"), DIESEL, UnitError, "amount"),
        (Q_(-1, "t"), DIESEL, InputError, "amount is negative"),
        (Q_(math.nan, "t"), DIESEL, InputError, "not finite"),
        (Q_(100, "t"), {**DIESEL, "ncv": None}, InputError, "ncv is missing"),
        (Q_(100, "t"), {**DIESEL, "ncv": Q_(389.31, "GJ/Nm3")}, UnitError, "ncv"),
        (Q_(100, "t"), {**DIESEL, "ncv": 42.652}, UnitError, "ncv has no unit"),
        (Q_(100, "t"), {**DIESEL, "ncv": Q_(-42.652, "GJ/t")}, InputError, "ncv is negative"),
        (Q_(100, "t"), {**DIESEL, "carbon_content": Q_(0.02, "t/t")}, UnitError, "carbon_content"),
        (Q_(100, "t"), {**DIESEL, "carbon_content": 0.0202}, UnitError, "carbon_content"),
        (Q_(100, "t"), {**DIESEL, "oxidation": 1.2}, InputError, "oxidation"),
        (Q_(100, "t"), {**DIESEL, "oxidation": -0.1}, InputError, "oxidation"),
        (Q_(100, "t"), {**DIESEL, "oxidation": 98}, InputError, "0.95"),
        (Q_(100, "t"), {**DIESEL, "oxidation": "0.98"}, InputError, "oxidation is not a number"),
    ],
)
def test_validation_errors_name_the_parameter(amount, kwargs, error, words):
    with pytest.raises(error) as exc:
        fuel_combustion(amount, **kwargs)
    assert words in str(exc.value)


def test_oxidation_as_percent_quantity_is_accepted():
    out = fuel_combustion(Q_(100, "t"), **{**DIESEL, "oxidation": Q_(98, "percent")})
    assert out["CO2"].magnitude == pytest.approx(DIESEL_CO2_T, rel=1e-12)


def test_quantity_from_another_registry_is_refused():
    import pint

    other = pint.UnitRegistry()
    with pytest.raises(UnitError, match="another pint registry"):
        fuel_combustion(other.Quantity(100, "t"), **DIESEL)
