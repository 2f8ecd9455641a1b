"""Parameters of the process emissions of a unit (Appendix A 'process' rows, IPCC 2006 4.4)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from alcarbon.inventory.base import DataQuality, _Model


class AnodeConsumption(_Model):
    """IPCC 2006 Eq. 4.21 inputs. NAC defaults to (anode input - butts output)/production."""

    # Electrolysis needs 0.334 t C per t Al (Al2O3 + 3/2 C -> 2 Al + 3/2 CO2, 18/54); a value
    # above 1 is three times that, in practice a kg/t figure entered as t/t.
    net_anode_t_per_t: float | None = Field(None, gt=0, le=1.0)
    sulfur_pct: float | None = Field(None, ge=0, lt=100)
    ash_pct: float | None = Field(None, ge=0, lt=100)
    dq: DataQuality = Field(default_factory=DataQuality)


class AnodeEffect(_Model):
    """PFC from anode effects (IPCC 2006 Tier 2/3, or measured totals per 7.1.3.2.4 d)."""

    method: Literal["slope", "overvoltage", "tier1", "guideline"] = "slope"
    aem_min_per_cell_day: float | None = Field(None, ge=0)
    aeo_mv: float | None = Field(None, ge=0)
    current_efficiency: float | None = Field(None, gt=0, le=1)
    technology: str = "CWPB"
    slope: float | None = Field(None, ge=0, description="kg CF4/t Al per AE-minute/cell-day")
    ovc: float | None = Field(None, ge=0, description="kg CF4/t Al per mV")
    c2f6_ratio: float | None = Field(None, ge=0, description="C2F6/CF4 mass ratio")
    ef_cf4_kg_per_t: float | None = Field(None, ge=0)
    ef_c2f6_kg_per_t: float | None = Field(None, ge=0)
    dq: DataQuality = Field(default_factory=DataQuality)


class Baking(_Model):
    """Anode baking (IPCC 2006 Eq. 4.22 pitch volatiles and 4.23 packing coke)."""

    green_anode_t: float = Field(gt=0)
    baked_anode_t: float | None = Field(None, gt=0, description="default: the unit's product")
    hydrogen_fraction: float | None = Field(None, ge=0, lt=1)
    furnace: Literal["other", "riedhammer"] = "other"
    waste_tar_t: float | None = Field(None, ge=0)
    packing_coke_t_per_t: float | None = Field(None, ge=0)
    packing_coke_sulfur_pct: float | None = Field(None, ge=0, lt=100)
    packing_coke_ash_pct: float | None = Field(None, ge=0, lt=100)
    dq: DataQuality = Field(default_factory=DataQuality)


class Calcination(_Model):
    """Petroleum-coke calcination on site (Table A.3), a carbon balance of the calciner
    (alcarbon.methods.calcination): plant data only, no defaults."""

    green_coke_t: float = Field(gt=0, description="green petroleum coke fed, t as received")
    calcined_coke_t: float = Field(gt=0, description="calcined coke produced, t")
    green_coke_carbon_pct: float = Field(gt=0, le=100, description="% of dry green coke")
    calcined_coke_carbon_pct: float = Field(gt=0, le=100)
    green_coke_moisture_pct: float = Field(0.0, ge=0, lt=100)
    dust_t: float = Field(0.0, ge=0, description="coke dust collected and not returned, t")
    dust_carbon_pct: float | None = Field(None, ge=0, le=100,
                                          description="default: the calcined coke's")
    dq: DataQuality = Field(default_factory=DataQuality)


class Carbonate(_Model):
    """Carbonate decomposition of an input flow (limestone in alumina, soda ash in pots)."""

    flow: str
    mineral: str | None = Field(
        None, description="default from the flow: limestone CaCO3, soda_ash Na2CO3, "
        "dolomite CaMg(CO3)2, magnesite MgCO3; otherwise required")
    purity: float = Field(1.0, gt=0, le=1)
    calcined_fraction: float = Field(1.0, ge=0, le=1)
    subprocess: str | None = None
    dq: DataQuality = Field(default_factory=DataQuality)


class ProcessEmissions(_Model):
    anode_consumption: AnodeConsumption | None = None
    anode_effect: AnodeEffect | None = None
    baking: Baking | None = None
    calcination: Calcination | None = None
    carbonates: list[Carbonate] = Field(default_factory=list)
