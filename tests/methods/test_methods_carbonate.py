"""Carbonate decomposition CO2 = M x purity x F_calcined x EF (stoichiometric)."""

from __future__ import annotations

import pytest

from alcarbon.errors import InputError, UnitError
from alcarbon.methods import MINERALS, carbonate_decomposition, co2_factor
from alcarbon.units import Q_

# IUPAC 2021 abridged atomic weights: H 1.0080, Li 6.94, C 12.011, O 15.999, Na 22.990,
# Mg 24.305, K 39.098, Ca 40.078, Mn 54.938, Fe 55.845, Sr 87.62, Ba 137.33.
# M(CO2) = 12.011 + 2 x 15.999 = 44.009;  M(CO3) = 12.011 + 3 x 15.999 = 60.008
HAND_FACTORS = {
    "CaCO3": 44.009 / (40.078 + 60.008),  # 44.009/100.086 = 0.439712
    "MgCO3": 44.009 / (24.305 + 60.008),  # /84.313 = 0.521972
    "Na2CO3": 44.009 / (2 * 22.990 + 60.008),  # /105.988 = 0.415226
    "NaHCO3": 44.009 / (22.990 + 1.008 + 60.008),  # /84.006 = 0.523879
    "CaMg(CO3)2": 2 * 44.009 / (40.078 + 24.305 + 2 * 60.008),  # 88.018/184.399 = 0.477324
    "FeCO3": 44.009 / (55.845 + 60.008),  # /115.853 = 0.379869
    "MnCO3": 44.009 / (54.938 + 60.008),  # /114.946 = 0.382867
    "BaCO3": 44.009 / (137.33 + 60.008),  # /197.338 = 0.223013
    "Li2CO3": 44.009 / (2 * 6.94 + 60.008),  # /73.888 = 0.595618
    "K2CO3": 44.009 / (2 * 39.098 + 60.008),  # /138.204 = 0.318435
    "SrCO3": 44.009 / (87.62 + 60.008),  # /147.628 = 0.298107
}

# Independent published values (4 decimals) as carried by the Chinese MEE-type calculator
# (domain-data 2.2; same as IPCC 2006 Vol.3 Table 2.1 to rounding): the computed factors must
# agree within 5e-4.
PUBLISHED = {
    "CaCO3": 0.4400, "MgCO3": 0.5220, "Na2CO3": 0.4149, "NaHCO3": 0.5237, "CaMg(CO3)2": 0.4773,
    "FeCO3": 0.3799, "MnCO3": 0.3829, "BaCO3": 0.2230, "Li2CO3": 0.5955, "K2CO3": 0.3184,
    "SrCO3": 0.2980,
}


def test_all_minerals_listed():
    assert set(MINERALS) == set(HAND_FACTORS)


@pytest.mark.parametrize("mineral", sorted(HAND_FACTORS))
def test_factor_from_atomic_weights(mineral):
    assert co2_factor(mineral) == pytest.approx(HAND_FACTORS[mineral], rel=1e-12)
    assert co2_factor(mineral) == pytest.approx(PUBLISHED[mineral], abs=5e-4)


def test_limestone_in_alumina_refinery():
    # 10 000 t limestone, 95 % CaCO3, 98 % calcined:
    # 10000 x 0.95 x 0.98 = 9310 t CaCO3 decomposed; x 44.009/100.086 = 4093.7173 t CO2
    out = carbonate_decomposition(Q_(10_000, "t"), mineral="CaCO3", purity=0.95,
                                  calcined_fraction=0.98)
    assert set(out) == {"CO2"}
    assert out["CO2"].magnitude == pytest.approx(9310 * 44.009 / 100.086, rel=1e-12)
    assert out["CO2"].magnitude == pytest.approx(4093.7173, rel=1e-8)


def test_default_mineral_is_pure_fully_calcined_caco3_and_kg_input():
    # 1 000 kg = 1 t CaCO3 -> 0.439712 t CO2
    out = carbonate_decomposition(Q_(1000, "kg"))
    assert out["CO2"].to("t").magnitude == pytest.approx(44.009 / 100.086, rel=1e-12)


def test_soda_ash_in_pots_case_insensitive_name():
    # 500 t Na2CO3, purity 0.99: 495 t x 44.009/105.988 = 205.5369 t CO2
    out = carbonate_decomposition(Q_(500, "t"), mineral="na2co3", purity=0.99)
    assert out["CO2"].magnitude == pytest.approx(495 * 44.009 / 105.988, rel=1e-12)
    assert out["CO2"].magnitude == pytest.approx(205.5369, rel=1e-6)


def test_dolomite_counts_both_carbons():
    # 100 t CaMg(CO3)2 -> 100 x 88.018/184.399 = 47.7324 t CO2
    out = carbonate_decomposition(Q_(100, "t"), mineral="CaMg(CO3)2")
    assert out["CO2"].magnitude == pytest.approx(47.7324, rel=1e-5)


def test_unknown_mineral_lists_valid_ones():
    with pytest.raises(InputError) as exc:
        carbonate_decomposition(Q_(1, "t"), mineral="CaO")
    msg = str(exc.value)
    assert "unknown mineral 'CaO'" in msg
    for name in ("CaCO3", "Na2CO3", "CaMg(CO3)2", "SrCO3"):
        assert name in msg


@pytest.mark.parametrize(
    "mass, kwargs, error, words",
    [
        (Q_(1, "t"), {"purity": 1.1}, InputError, "purity"),
        (Q_(1, "t"), {"purity": -0.1}, InputError, "purity"),
        (Q_(1, "t"), {"calcined_fraction": 2}, InputError, "calcined_fraction"),
        (Q_(-1, "t"), {}, InputError, "mass is negative"),
        (Q_(1, "GJ"), {}, UnitError, "mass"),
        (1.0, {}, UnitError, "mass has no unit"),
        (Q_(1, "t"), {"mineral": 3}, InputError, "unknown mineral"),
    ],
)
def test_carbonate_validation(mass, kwargs, error, words):
    with pytest.raises(error) as exc:
        carbonate_decomposition(mass, **kwargs)
    assert words in str(exc.value)
