"""GWP sets: AR6 must equal GB/T 44905-2024 Appendix D Table D.1 exactly."""

import pytest

from alcarbon.errors import GWPSetError, InputError
from alcarbon.gwp import DEFAULT_GWP_SET, GWP_SETS, get_gwp_set

# GB/T 44905-2024 Appendix D, Table D.1 "部分温室气体的全球变暖潜势" (100-year GWP), transcribed
# row by row from the standard (seeds/003_abd5a96cb7dba6c4.txt, lines 956-980).
TABLE_D1 = {
    "CO2": 1,
    "CH4": 27.9,
    "N2O": 273,
    "NF3": 17400,
    "CHF3": 14600,  # HFC-23
    "CH2F2": 771,  # HFC-32
    "CH3F": 135,  # HFC-41
    "C2HF5": 3740,  # HFC-125
    "CHF2CHF2": 1260,  # HFC-134
    "C2H2F4": 1530,  # HFC-134a
    "CH2FCHF2": 364,  # HFC-143
    "CH3CF3": 5810,  # HFC-143a
    "C2H4F2": 164,  # HFC-152a
    "C3HF7": 3600,  # HFC-227ea
    "C3H2F6": 8690,  # HFC-236fa
    "CF4": 7380,
    "C2F6": 12400,
    "C3F8": 9290,
    "C4F10": 10000,
    "c-C4F8": 10200,  # Table D.1 writes C4F8 (全氟环丁烷)
    "C5F12": 9220,
    "C6F14": 8620,
    "SF6": 25200,
}


def test_ar6_equals_appendix_d_exactly():
    assert DEFAULT_GWP_SET == "AR6"
    assert get_gwp_set("AR6").values == {k: float(v) for k, v in TABLE_D1.items()}
    assert get_gwp_set(None) is GWP_SETS["AR6"]


def test_names_and_subscripts_resolve():
    ar6 = get_gwp_set("ar6")
    assert ar6.factor("CO2e") == 1.0
    assert ar6.factor("CO₂") == 1.0
    assert ar6.factor("HFC-134a") == 1530
    assert ar6.factor("C4F8") == 10200
    assert ar6.factor("PFC-14") == 7380


def test_ar5_ar4_pfc_values():
    # IPCC AR5 WG1 Ch.8 Table 8.A.1: CF4 6630, C2F6 11100, CH4 28, N2O 265.
    ar5 = get_gwp_set("AR5")
    assert (ar5.factor("CF4"), ar5.factor("C2F6"), ar5.factor("CH4"), ar5.factor("N2O")) == (
        6630, 11100, 28, 265)
    # IPCC AR4 WG1 Ch.2 Table 2.14: CF4 7390, C2F6 12200, CH4 25, N2O 298, SF6 22800.
    ar4 = get_gwp_set("AR4")
    assert [ar4.factor(g) for g in ("CF4", "C2F6", "CH4", "N2O", "SF6")] == [
        7390, 12200, 25, 298, 22800]
    # NDRC-2013-type guideline uses SAR: CF4 6500, C2F6 9200 (domain-data.md §9.2).
    assert (get_gwp_set("SAR").factor("CF4"), get_gwp_set("SAR").factor("C2F6")) == (6500, 9200)


def test_unknown_gas_names_gas_and_set():
    with pytest.raises(InputError) as exc:
        get_gwp_set("AR4").factor("HFC-41")  # no AR4 value in the source list
    assert "HFC-41" in str(exc.value) and "AR4" in str(exc.value)
    with pytest.raises(InputError, match="R-22x"):
        get_gwp_set("AR6").factor("R-22x")


def test_unknown_set_lists_valid_names():
    with pytest.raises(GWPSetError) as exc:
        get_gwp_set("AR7")
    for name in ("AR6", "AR5", "AR4"):
        assert name in str(exc.value)
