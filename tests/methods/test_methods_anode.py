"""Prebaked anode consumption CO2 (IPCC 2006 Eq. 4.21) and net anode consumption."""

from __future__ import annotations

import numpy as np
import pytest

from alcarbon.errors import InputError, UnitError
from alcarbon.methods import DEFAULTS, anode_consumption, net_anode_from_inventory
from alcarbon.units import Q_, ureg

# MP = 100 000 t, NAC = 0.42 t/t, S_a = 2 %, Ash_a = 0.4 %:
#   carbon share = (100 - 2 - 0.4)/100 = 0.976
#   CO2 = 100000 x 0.42 x 0.976 x 44/12 = 42000 x 0.976 = 40992 t C -> 40992 x 11/3 = 150304 t
MP = Q_(100_000, "t")
NAC = Q_(0.42, "t/t")


def test_anode_consumption_defaults():
    out = anode_consumption(MP, net_anode_consumption=NAC)
    assert set(out) == {"CO2"}
    assert out["CO2"].units == ureg.t
    assert out["CO2"].magnitude == pytest.approx(150304.0, rel=1e-12)


def test_default_sulfur_and_ash_are_the_shipped_defaults():
    assert DEFAULTS["S_a"].value == 2.0
    assert DEFAULTS["Ash_a"].value == 0.4
    explicit = anode_consumption(MP, net_anode_consumption=NAC, sulfur_pct=2.0, ash_pct=0.4)
    assert explicit["CO2"].magnitude == pytest.approx(150304.0, rel=1e-12)


def test_units_kg_and_kg_per_t():
    # 1e8 kg = 100 000 t; 420 kg/t = 0.42 t/t
    out = anode_consumption(Q_(1e8, "kg"), net_anode_consumption=Q_(420, "kg/t"))
    assert out["CO2"].magnitude == pytest.approx(150304.0, rel=1e-12)


def test_plant_sulfur_and_ash():
    # S 1.5 %, ash 0.3 %: share 0.982; 42000 x 0.982 = 41244 t C; x 11/3 = 151228 t CO2
    out = anode_consumption(MP, net_anode_consumption=NAC, sulfur_pct=1.5, ash_pct=0.3)
    assert out["CO2"].magnitude == pytest.approx(151228.0, rel=1e-12)


def test_vectorised_production():
    # 100 000 t -> 150 304 t; 200 000 t -> 300 608 t
    out = anode_consumption(Q_(np.array([1e5, 2e5]), "t"), net_anode_consumption=NAC)
    assert out["CO2"].magnitude == pytest.approx([150304.0, 300608.0], rel=1e-12)


def test_missing_nac_says_there_is_no_default():
    with pytest.raises(InputError) as exc:
        anode_consumption(MP)
    msg = str(exc.value)
    assert "net_anode_consumption has no default" in msg
    assert "plant records" in msg


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"sulfur_pct": 60.0, "ash_pct": 40.0}, InputError, "reaches 100 %"),
        ({"sulfur_pct": 99.5, "ash_pct": 0.6}, InputError, "sulfur_pct + ash_pct"),
        ({"sulfur_pct": 100.0}, InputError, "sulfur_pct"),
        ({"sulfur_pct": -1.0}, InputError, "sulfur_pct"),
        ({"ash_pct": -0.4}, InputError, "ash_pct"),
        ({"net_anode_consumption": Q_(0.42, "t")}, UnitError, "net_anode_consumption"),
        ({"net_anode_consumption": 0.42}, UnitError, "net_anode_consumption has no unit"),
        ({"net_anode_consumption": Q_(-0.42, "t/t")}, InputError, "negative"),
    ],
)
def test_anode_validation(kwargs, error, words):
    args = {"net_anode_consumption": NAC, **kwargs}
    with pytest.raises(error) as exc:
        anode_consumption(MP, **args)
    assert words in str(exc.value)


def test_production_must_be_a_non_negative_mass():
    with pytest.raises(InputError, match="production is negative"):
        anode_consumption(Q_(-1, "t"), net_anode_consumption=NAC)
    with pytest.raises(UnitError, match="production"):
        anode_consumption(Q_(1, "GJ"), net_anode_consumption=NAC)
    with pytest.raises(UnitError, match="production has no unit"):
        anode_consumption(100_000, net_anode_consumption=NAC)


def test_net_anode_from_inventory():
    # (52 000 t set - 10 000 t butts) / 100 000 t Al = 0.42 t/t
    nac = net_anode_from_inventory(Q_(52_000, "t"), Q_(10_000, "t"), MP)
    assert nac.to("t/t").magnitude == pytest.approx(0.42, rel=1e-12)
    # and it feeds anode_consumption directly
    out = anode_consumption(MP, net_anode_consumption=nac)
    assert out["CO2"].magnitude == pytest.approx(150304.0, rel=1e-12)


def test_net_anode_from_inventory_mixed_units():
    # 52 000 000 kg - 10 000 t = 42 000 t; / 100 000 t = 0.42
    nac = net_anode_from_inventory(Q_(52e6, "kg"), Q_(10_000, "t"), MP)
    assert nac.to("kg/t").magnitude == pytest.approx(420.0, rel=1e-12)


def test_net_anode_from_inventory_errors():
    with pytest.raises(InputError, match="butts_returned"):
        net_anode_from_inventory(Q_(10_000, "t"), Q_(12_000, "t"), MP)
    with pytest.raises(InputError, match="production is zero"):
        net_anode_from_inventory(Q_(52_000, "t"), Q_(10_000, "t"), Q_(0, "t"))
    with pytest.raises(UnitError, match="anode_consumed"):
        net_anode_from_inventory(Q_(52_000, "GJ"), Q_(10_000, "t"), MP)
