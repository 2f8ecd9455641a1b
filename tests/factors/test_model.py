"""Unit handling of Factor.per_unit and FuelProperties.co2_per_unit, computed by hand."""

import pytest

from alcarbon.errors import UnitError
from alcarbon.factors import load_library
from alcarbon.factors.model import Factor, Source

SRC = Source(document="test document", issuer="test issuer", year=2024)


def make(value, amount_unit, per, **kw):
    return Factor(id="t.x", name="x", kind="electricity", value=value, amount_unit=amount_unit,
                  per=per, basis="life_cycle", source=SRC, confidence="low", **kw)


def test_per_unit_conversions():
    f = make(0.5306, "kg", "kWh")
    # 0.5306 kg/kWh = 0.5306e-3 t/kWh; per MWh x1000 -> 0.5306 t/MWh
    assert f.per_unit("kWh") == pytest.approx(0.5306e-3)
    assert f.per_unit("MWh") == pytest.approx(0.5306)
    # per GJ: 1 GJ = 277.777... kWh -> 0.5306e-3 * 1e9/3.6e6 = 0.147389 t/GJ
    assert f.per_unit("GJ") == pytest.approx(0.5306e-3 * 1e9 / 3.6e6)
    g = make(650.86, "kg", "t")
    assert g.per_unit("kg") == pytest.approx(650.86e-3 / 1000)  # 6.5086e-4 t per kg
    assert make(6.502e-3, "kg", "tkm").per_unit("tkm") == pytest.approx(6.502e-6)


def test_per_unit_incompatible_names_factor():
    with pytest.raises(UnitError, match="t.x"):
        make(1.0, "kg", "kWh").per_unit("t")


def test_amount_unit_must_be_mass():
    with pytest.raises(ValueError):
        make(1.0, "kWh", "t")


def test_diesel_co2_by_hand():
    diesel = load_library().fuel("diesel")
    # Default table (cn_al_guideline_2013; same in al_guideline_calc): NCV 42.652 GJ/t, CC 0.02020
    # tC/GJ, OF 0.98
    # CO2 = 42.652 x 0.02020 x 0.98 x 44/12 = 3.09591 t CO2 per t diesel
    by_hand = 42.652 * 0.02020 * 0.98 * 44 / 12
    assert by_hand == pytest.approx(3.09591, rel=1e-5)
    assert diesel.co2_per_unit("t") == pytest.approx(by_hand)
    assert diesel.co2_per_unit("kg") == pytest.approx(by_hand / 1000)
    # energy units skip the NCV: 0.02020 x 0.98 x 44/12 = 0.0725853 t CO2/GJ
    assert diesel.co2_per_unit("GJ") == pytest.approx(0.0202 * 0.98 * 44 / 12)
    assert diesel.co2_per_unit("TJ") == pytest.approx(1000 * 0.0202 * 0.98 * 44 / 12)


def test_natural_gas_volume_units():
    ng = load_library().fuel("natural_gas")
    # default table (NDRC 2013 guideline): 389.31 GJ/10^4 Nm3 x 0.0153 tC/GJ = 5.956443 x 0.99
    # = 5.8968786 x 44/12 = 21.621888 t CO2 per 10^4 Nm3
    per_10k = 21.621888
    assert ng.co2_per_unit("10000*Nm3") == pytest.approx(389.31 * 0.0153 * 0.99 * 44 / 12)
    assert ng.co2_per_unit("10000*Nm3") == pytest.approx(per_10k, rel=1e-7)
    assert ng.co2_per_unit("Nm3") == pytest.approx(per_10k / 10000, rel=1e-7)
    with pytest.raises(UnitError, match="natural_gas"):
        ng.co2_per_unit("t")


def test_gas_is_normalised_and_checked():
    assert make(1.0, "kg", "kWh", gas="co2").gas == "CO2"
    assert make(1.0, "kg", "t", gas="PFC-14").gas == "CF4"
    with pytest.raises(ValueError, match="CO3"):
        make(1.0, "kg", "t", gas="CO3")
