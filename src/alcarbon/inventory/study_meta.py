"""Study-level settings: electricity supplies (7.1.5), allocation (7.3), clause 4 purpose,
5.1 product description, producer, period and cut-off declarations (5.3.4, 7.4)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from alcarbon.inventory.base import _Model


class ElectricitySupply(_Model):
    """How one stream of electricity reaches the plant (GB/T 44905 7.1.5)."""

    type: Literal["grid", "captive", "direct_line", "contract"]
    region: str | None = Field(None, description="province of consumption (grid, contract)")
    provider: str | None = Field(None, description="captive: product id of the captive plant")
    factor: str | None = Field(None, description="factor id (direct line / contract / grid)")
    # Coal-fired generation, the most carbon-intensive, is about 1 kg CO2e/kWh (0.944 for the
    # CPCD 2023 coal power footprint in data/factors/electricity.csv); 3 leaves room for any
    # real supplier but stops a g/kWh figure (e.g. 580) entered as kg/kWh.
    value: float | None = Field(None, ge=0, le=3.0, description="supplier factor kg CO2e/kWh")
    basis: Literal["life_cycle", "combustion_co2"] | None = None
    source: str = ""
    instrument: str = Field("", description="contract: certificate or PPA id")
    conveys_generator_info: bool = False
    exclusive_claim: bool = False
    retired_by_reporter: bool = False
    matches_period: bool = False
    sold_separately: bool = Field(
        False, description="certificates sold separately from the electricity (7.1.5.3 last para.)"
    )

    def qualifies(self) -> bool:
        """All four conditions of 7.1.5.3 for a contractual instrument."""
        return all(
            (self.conveys_generator_info, self.exclusive_claim, self.retired_by_reporter,
             self.matches_period)
        )


class ElectricitySettings(_Model):
    grid_basis: Literal["life_cycle", "combustion_co2"] = Field(
        "life_cycle", description="life_cycle: national footprint factor; combustion_co2: MEE "
        "provincial CO2 factor of the province of consumption",
    )
    grid_year: int | None = Field(
        None, ge=1900, le=2100,
        description="factor year; default: the year the study period ends (the nearest "
        "published year when that one is not, with a note)")
    residual_factor: str | None = Field(
        None, description="factor id for the declared remainder (grid kWh not covered by a "
        "qualifying contract, 7.1.5.3); default: elec.residual_<co2|footprint>.<region>.<year> "
        "when published (only the national CO2-only MEE one is), else the location factor",
    )
    residual_year: int | None = Field(
        None, ge=1900, le=2100,
        description="residual-mix year; default: the study period's (nearest published)")
    allow_mixed_basis: bool = False
    supplies: dict[str, ElectricitySupply] = Field(default_factory=dict)
    default_supply: str | None = None


class Allocation(_Model):
    #: expansion: system expansion (GB/T 44905 7.3.1 b), each co-product credited with the
    #: factor of the product it displaces (Output.displaces)
    method: Literal["subdivision", "mass", "economic", "expansion"] = "subdivision"


class Purpose(_Model):
    """Clause 4 items."""

    intended_application: str = ""
    reasons: str = ""
    audience: str = ""
    iso14026_communication: str = ""


class Producer(_Model):
    name: str = ""
    # GB 32100-2015 unified social credit code: 18 characters, digits and capitals without I O Z S V
    credit_code: str = Field("", pattern=r"^([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})?$",
                             description="统一社会信用代码 (GB 32100-2015); PACT companyIds")
    address: str = ""
    legal_representative: str = ""
    contact: str = ""
    phone: str = ""
    profile: str = ""


class ProductDescription(_Model):
    """Clause 5.1 items."""

    name: str = ""
    grade: str = ""
    batch: str = ""
    net_weight: str = ""
    inspection: str = ""
    delivery_date: str = ""
    function: str = ""
    description: str = ""
    picture: str = Field("", description="file name or link of the product picture (5.1)")


class Period(_Model):
    start: date
    end: date

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.end < self.start:
            raise ValueError("period end is before its start")
        return self


class OmittedFlow(_Model):
    """A flow left out under the cut-off rule (5.3.4, 7.4) with its estimated contribution."""

    unit: str
    flow: str
    estimated_t_co2e: float = Field(ge=0, description="estimate for the period, t CO2e")
    reason: str = ""
