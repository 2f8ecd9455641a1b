"""The study data model: everything Appendix C (tables C.1-C.5) collects, per unit process.

A :class:`Study` is one year's inventory of a plant or integrated group of plants. Unit processes
link by product id: the refinery's ``alumina`` output feeds the pots' ``alumina`` input. Amounts are
for the whole data-collection period (GB/T 44905 7.1.1: normally one calendar year), unallocated
(Appendix C note 1); the engine normalises to the declared unit.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from alcarbon.errors import UnitError

Rating = Literal["good", "fair", "poor"]
InputKind = Literal[
    "material", "fuel", "electricity", "heat", "steam", "water", "service", "intermediate"
]
OutputKind = Literal["product", "co_product", "waste", "emission", "recycled"]

#: Product ids of the standard's declared units (GB/T 44905 5.2) and the unit producing each.
STANDARD_PRODUCTS: dict[str, str] = {
    "bauxite": "bauxite_mining",
    "alumina": "alumina_refining",
    "prebaked_anode": "anode_production",
    "liquid_aluminium": "electrolysis",
    "aluminium_ingot": "casting",
}
#: Stage keys of Table E.2 in order (upstream = 辅助材料和能源获取阶段, GB/T 44905 5.3.2).
STANDARD_STAGES: tuple[str, ...] = (
    "upstream",
    "bauxite_mining",
    "alumina_refining",
    "anode_production",
    "electrolysis",
    "casting",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DataQuality(_Model):
    """GB/T 44905 6.3 Table 2 rating of one datum, plus its provenance (7.1.2 c)."""

    technology: Rating = "good"
    time: Rating = "good"
    geography: Rating = "good"
    reliability: Rating = "good"
    completeness: Rating = "good"
    primary: bool = True
    source: str = ""
    evidence: list[str] = Field(default_factory=list, description="original vouchers (file names)")
    gsd: float | None = Field(
        None, gt=1.0, description="user-given geometric standard deviation, overrides the rating"
    )


def _amount(v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"expected a number, got {v!r}")
    if v != v or v in (float("inf"), float("-inf")):
        raise ValueError("expected a finite number")
    if v < 0:
        raise ValueError(f"expected a non-negative amount, got {v}")
    return float(v)


def _unit(v: str) -> str:
    from alcarbon.units import parse_unit

    try:
        parse_unit(v)
    except UnitError as exc:
        raise ValueError(exc.message + f" ({exc.expected})") from None
    return v


class TransportLeg(_Model):
    """One leg of third-party transport to the plant (GB/T 44905 7.1.3.1)."""

    mode: str = Field(description="freight factor mode, e.g. road_heavy_diesel, rail, water_bulk")
    distance_km: float
    rated_load_t: float | None = Field(None, description="vehicle rated load 核定载重量, t")
    transported_t: float | None = Field(
        None, description="transported weight for the period, t; default: the input's mass"
    )
    factor: str | None = Field(None, description="freight factor id overriding the mode default")
    dq: DataQuality = Field(default_factory=DataQuality)

    _check_distance = field_validator("distance_km")(classmethod(lambda cls, v: _amount(v)))


class SupplierFootprint(_Model):
    """A supplier's declared footprint of a purchased input (6.1: primary background data)."""

    value: float
    amount_unit: str = "t"
    per: str = "t"
    basis: Literal["life_cycle", "combustion_co2"] = "life_cycle"
    source: str
    verified: bool = False


class FuelOverride(_Model):
    """Plant-measured fuel properties replacing the library defaults (GB/T 32151.4)."""

    ncv: float | None = None
    ncv_unit: str | None = None
    carbon_content: float | None = Field(None, description="tC/GJ")
    oxidation: float | None = Field(None, ge=0, le=1)


class Input(_Model):
    """One input row of an Appendix C table."""

    flow: str
    amount: float
    unit: str
    kind: InputKind = "material"
    provider: str | None = Field(None, description="product id of the unit process supplying it")
    factor: str | None = Field(None, description="upstream factor id overriding the flow default")
    supplier_cfp: SupplierFootprint | None = None
    combusted: bool | None = Field(
        None, description="fuel burned on site (default true for fuels): combustion CO2"
    )
    fuel: FuelOverride | None = None
    supply: str | None = Field(None, description="electricity supply name (study.electricity)")
    subprocess: str | None = Field(None, description="e.g. 'calcination' for GB/T 44905 7.3.2")
    burden_free: bool = Field(
        False, description="internal recycle whose burdens are counted elsewhere (anode butts: "
        "their carbon is counted at electrolysis through net anode consumption); needs a note",
    )
    transport: list[TransportLeg] = Field(default_factory=list)
    dq: DataQuality = Field(default_factory=DataQuality)
    note: str = ""

    _check_amount = field_validator("amount", mode="before")(classmethod(lambda c, v: _amount(v)))
    _check_unit = field_validator("unit")(classmethod(lambda c, v: _unit(v)))

    @model_validator(mode="after")
    def _burden_free_note(self) -> Input:
        if self.burden_free and not self.note:
            raise ValueError("a burden_free input needs a note: where are its burdens counted")
        return self


class Output(_Model):
    """One output row: main product, co-product, waste (with treatment) or measured emission."""

    flow: str
    amount: float
    unit: str
    kind: OutputKind = "product"
    gas: str | None = Field(None, description="for kind=emission: CO2, CH4, N2O, CF4, C2F6, ...")
    replaces: str | None = Field(
        None,
        description="for measured emissions: the computed source they replace "
        "(anode_consumption, anode_effect, pitch_volatiles, packing_coke, carbonates)"
    )
    treatment_factor: str | None = Field(None, description="waste treatment factor id")
    price: float | None = Field(None, ge=0, description="price per unit, for economic allocation")
    subprocess: str | None = None
    transport: list[TransportLeg] = Field(default_factory=list)
    dq: DataQuality = Field(default_factory=DataQuality)
    note: str = ""

    _check_amount = field_validator("amount", mode="before")(classmethod(lambda c, v: _amount(v)))
    _check_unit = field_validator("unit")(classmethod(lambda c, v: _unit(v)))


class AnodeConsumption(_Model):
    """IPCC 2006 Eq. 4.21 inputs. NAC defaults to (anode input - butts output)/production."""

    net_anode_t_per_t: float | None = Field(None, gt=0)
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
    slope: float | None = None
    ovc: float | None = None
    c2f6_ratio: float | None = None
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


class Carbonate(_Model):
    """Carbonate decomposition of an input flow (limestone in alumina, soda ash in pots)."""

    flow: str
    mineral: str = "CaCO3"
    purity: float = Field(1.0, gt=0, le=1)
    calcined_fraction: float = Field(1.0, ge=0, le=1)
    subprocess: str | None = None
    dq: DataQuality = Field(default_factory=DataQuality)


class ProcessEmissions(_Model):
    anode_consumption: AnodeConsumption | None = None
    anode_effect: AnodeEffect | None = None
    baking: Baking | None = None
    carbonates: list[Carbonate] = Field(default_factory=list)


class UnitProcess(_Model):
    """One unit process (a Table C.x sheet, or a user-defined one such as a captive power plant)."""

    id: str = Field(description="stage key: bauxite_mining ... casting, or a user-defined id")
    name: str = ""
    description: str = Field("", description="单元过程及统计口径描述")
    location: str | None = Field(None, description="province of the plant")
    inputs: list[Input] = Field(default_factory=list)
    outputs: list[Output] = Field(default_factory=list)
    process_emissions: ProcessEmissions = Field(default_factory=ProcessEmissions)
    prepared_by: str = ""
    prepared_on: date | None = None

    def products(self) -> list[Output]:
        return [o for o in self.outputs if o.kind in ("product", "co_product")]

    def reference_product(self) -> Output:
        mains = [o for o in self.outputs if o.kind == "product"]
        if len(mains) != 1:
            from alcarbon.errors import LinkError

            raise LinkError(
                f"has {len(mains)} main products",
                where=f"unit '{self.id}'",
                expected="exactly one output with kind 'product' (others as 'co_product')",
            )
        return mains[0]


class ElectricitySupply(_Model):
    """How one stream of electricity reaches the plant (GB/T 44905 7.1.5)."""

    type: Literal["grid", "captive", "direct_line", "contract"]
    region: str | None = Field(None, description="province of consumption (grid, contract)")
    provider: str | None = Field(None, description="captive: product id of the captive plant")
    factor: str | None = Field(None, description="factor id (direct line / contract / grid)")
    value: float | None = Field(None, ge=0, description="supplier factor kg CO2e/kWh")
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
        None, description="factor year; default 2024 for life_cycle, 2023 for combustion_co2"
    )
    residual_factor: str | None = Field(
        None, description="market-based remainder factor id; default MEE national excl. "
        "market-traded non-fossil (CO2-only)",
    )
    residual_year: int = 2023
    allow_mixed_basis: bool = False
    supplies: dict[str, ElectricitySupply] = Field(default_factory=dict)
    default_supply: str | None = None


class Allocation(_Model):
    method: Literal["subdivision", "mass", "economic"] = "subdivision"


class Purpose(_Model):
    """Clause 4 items."""

    intended_application: str = ""
    reasons: str = ""
    audience: str = ""
    iso14026_communication: str = ""


class Producer(_Model):
    name: str = ""
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


class Study(_Model):
    """A GB/T 44905 product carbon footprint study."""

    schema_version: Literal[1] = 1
    title: str = ""
    illustrative: bool = False
    purpose: Purpose = Field(default_factory=Purpose)
    producer: Producer = Field(default_factory=Producer)
    product: ProductDescription = Field(default_factory=ProductDescription)
    commissioner: str = ""
    assessor: str = ""
    report_id: str = ""
    period: Period
    declared_products: list[
        Literal["bauxite", "alumina", "prebaked_anode", "liquid_aluminium", "aluminium_ingot"]
    ] = Field(default_factory=lambda: ["aluminium_ingot"])
    gwp_set: str = "AR6"
    electricity: ElectricitySettings = Field(default_factory=ElectricitySettings)
    allocation: Allocation = Field(default_factory=Allocation)
    upstream_convention: Literal["energy_in_units", "all_upstream", "none"] = Field(
        "energy_in_units",
        description="how Table E.2's upstream row is filled: energy_in_units keeps purchased "
        "electricity/heat in the consuming unit (Appendix A 'energy-related') and puts upstream of "
        "materials, fuels and transport in the upstream row; all_upstream also moves purchased "
        "electricity/heat there (5.3.2 b); none leaves every contribution in its unit",
    )
    captive_attribution: Literal["consumer", "own_stage"] = Field(
        "consumer",
        description="user-defined supply units (captive power, boilers) reported in the "
        "consuming units (Appendix A: captive power is energy-related) or as their own stage",
    )
    units: list[UnitProcess]
    factors: list[dict] = Field(default_factory=list, description="user factors (override by id)")
    omitted_flows: list[OmittedFlow] = Field(default_factory=list)
    notes: str = ""

    @model_validator(mode="after")
    def _unique_units(self) -> Study:
        seen: set[str] = set()
        for u in self.units:
            if u.id in seen:
                raise ValueError(f"unit id '{u.id}' appears twice")
            seen.add(u.id)
        return self

    def unit(self, unit_id: str) -> UnitProcess:
        for u in self.units:
            if u.id == unit_id:
                return u
        raise KeyError(unit_id)
