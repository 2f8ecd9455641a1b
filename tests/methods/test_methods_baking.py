"""Anode baking: pitch volatiles (IPCC 2006 Eq. 4.22) and packing coke (Eq. 4.23)."""

from __future__ import annotations

import pytest

from alcarbon.errors import InputError, UnitError
from alcarbon.methods import packing_coke, pitch_volatiles
from alcarbon.units import Q_

GA = Q_(105_500, "t")
BA = Q_(100_000, "t")


def test_pitch_volatiles_other_furnace():
    # H_w = 0.005 x 105 500 = 527.5 t; WT = 0 (other furnaces)
    # C = 105 500 - 527.5 - 100 000 - 0 = 4972.5 t;  CO2 = 4972.5 x 44/12 = 18 232.5 t
    out = pitch_volatiles(GA, BA)
    assert set(out) == {"CO2"}
    assert out["CO2"].magnitude == pytest.approx(18232.5, rel=1e-12)


def test_pitch_volatiles_riedhammer_default_waste_tar():
    # WT = 0.005 x 105 500 = 527.5 t;  C = 4972.5 - 527.5 = 4445 t
    # CO2 = 4445 x 11/3 = 16 298.333 t
    out = pitch_volatiles(GA, BA, furnace="Riedhammer")
    assert out["CO2"].magnitude == pytest.approx(16298.333333333, rel=1e-12)


def test_pitch_volatiles_measured_waste_tar_and_kg():
    # WT = 300 t given (as 300 000 kg): C = 4972.5 - 300 = 4672.5 t
    # CO2 = 4672.5 x 11/3 = 17 132.5 t
    out = pitch_volatiles(GA, BA, waste_tar=Q_(300_000, "kg"), furnace="riedhammer")
    assert out["CO2"].magnitude == pytest.approx(17132.5, rel=1e-12)


def test_pitch_volatiles_hydrogen_fraction():
    # H_w = 0.004 x 105 500 = 422 t;  C = 105 500 - 422 - 100 000 = 5078 t;  CO2 = 18 619.333 t
    out = pitch_volatiles(Q_(105.5e6, "kg"), BA, hydrogen_fraction=0.004)
    assert out["CO2"].magnitude == pytest.approx(5078 * 11 / 3, rel=1e-12)
    assert out["CO2"].magnitude == pytest.approx(18619.333333333, rel=1e-12)


@pytest.mark.parametrize(
    "args, kwargs, error, words",
    [
        ((GA, BA), {"furnace": "tunnel"}, InputError, "other, riedhammer"),
        ((GA, Q_(110_000, "t")), {}, InputError, "GA - H_w - BA - WT >= 0"),
        ((GA, BA), {"hydrogen_fraction": 1.5}, InputError, "hydrogen_fraction"),
        ((GA, BA), {"hydrogen_fraction": -0.005}, InputError, "hydrogen_fraction"),
        ((GA, BA), {"waste_tar": Q_(-1, "t")}, InputError, "waste_tar is negative"),
        ((GA, BA), {"waste_tar": 500}, UnitError, "waste_tar has no unit"),
        ((Q_(105_500, "m**3"), BA), {}, UnitError, "green_anode"),
        ((GA, Q_(-1, "t")), {}, InputError, "baked_anode is negative"),
    ],
)
def test_pitch_volatiles_validation(args, kwargs, error, words):
    with pytest.raises(error) as exc:
        pitch_volatiles(*args, **kwargs)
    assert words in str(exc.value)


def test_packing_coke_defaults():
    # PCC x BA = 0.015 x 100 000 = 1500 t; x (100 - 2 - 2.5)/100 = 1500 x 0.955 = 1432.5 t C
    # CO2 = 1432.5 x 44/12 = 5252.5 t
    out = packing_coke(BA)
    assert set(out) == {"CO2"}
    assert out["CO2"].magnitude == pytest.approx(5252.5, rel=1e-12)


def test_packing_coke_kg_per_t_and_plant_values():
    # 12 kg/t = 0.012 t/t; 0.012 x 100 000 = 1200 t; S 1.5 %, ash 1.0 %: x 0.975 = 1170 t C
    # CO2 = 1170 x 11/3 = 4290 t
    out = packing_coke(BA, packing_coke_per_t=Q_(12, "kg/t"), sulfur_pct=1.5, ash_pct=1.0)
    assert out["CO2"].magnitude == pytest.approx(4290.0, rel=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"sulfur_pct": 50.0, "ash_pct": 50.0}, InputError, "reaches 100 %"),
        ({"ash_pct": 101.0}, InputError, "ash_pct"),
        ({"packing_coke_per_t": -0.015}, InputError, "packing_coke_per_t"),
        ({"packing_coke_per_t": Q_(15, "kg")}, UnitError, "packing_coke_per_t"),
    ],
)
def test_packing_coke_validation(kwargs, error, words):
    with pytest.raises(error) as exc:
        packing_coke(BA, **kwargs)
    assert words in str(exc.value)
