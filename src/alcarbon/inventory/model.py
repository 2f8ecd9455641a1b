"""The study data model: everything Appendix C (tables C.1-C.5) collects, per unit process.

A :class:`Study` is one year's inventory of a plant or integrated group of plants. Unit processes
link by product id: the refinery's ``alumina`` output feeds the pots' ``alumina`` input. Amounts are
for the whole data-collection period (GB/T 44905 7.1.1: normally one calendar year), unallocated
(Appendix C note 1); the engine normalises to the declared unit.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from alcarbon.factors.io import factor_record
from alcarbon.factors.model import MAX_CARBON_CONTENT, Factor
from alcarbon.inventory.base import DataQuality, Rating, _amount, _Model, _unit
from alcarbon.inventory.process_params import (
    AnodeConsumption,
    AnodeEffect,
    Baking,
    Carbonate,
    ProcessEmissions,
)
from alcarbon.inventory.study_meta import (
    Allocation,
    ElectricitySettings,
    ElectricitySupply,
    OmittedFlow,
    Period,
    Producer,
    ProductDescription,
    Purpose,
)
from alcarbon.inventory.translations import check_pairs

__all__ = ["AnodeConsumption", "AnodeEffect", "Baking", "Carbonate", "ProcessEmissions",
           "Allocation", "ElectricitySettings", "ElectricitySupply", "OmittedFlow", "Period",
           "Producer", "ProductDescription", "Purpose", "DataQuality", "Rating", "Input",
           "Output", "UnitProcess", "Study", "TransportLeg", "SupplierFootprint",
           "FuelOverride", "STANDARD_PRODUCTS", "STANDARD_STAGES"]

InputKind = Literal[
    "material", "fuel", "electricity", "heat", "steam", "water", "service", "intermediate"
]
OutputKind = Literal["product", "co_product", "waste", "emission", "recycled"]

#: Input kind implied by the flow catalogue's kind when a row gives none.
_KIND_OF_CATALOGUE = {"fuel": "fuel", "electricity": "electricity", "heat": "heat",
                      "steam": "steam", "water": "water", "service": "service",
                      "product": "intermediate", "material": "material", "waste": "material",
                      "resource": "material"}


def catalogue_kind(flow: str) -> str | None:
    """The input kind the flow catalogue gives ``flow``; None for a flow outside it (an
    intermediate product of the study keeps what its row says). ``flow_or_none``, not
    ``flow``: no close-match search here (that is for errors)."""
    from alcarbon.factors import load_library

    found = load_library().flow_or_none(flow)
    return _KIND_OF_CATALOGUE.get(found.kind) if found is not None else None


#: Computed sources a measured emission may replace (Appendix A process and combustion rows).
Replaceable = Literal["anode_consumption", "anode_effect", "pitch_volatiles", "packing_coke",
                      "coke_calcination", "carbonates", "fuel_combustion"]

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


class TransportLeg(_Model):
    """One leg of third-party transport to the plant (GB/T 44905 7.1.3.1)."""

    mode: str = Field(description="freight factor mode, e.g. road_heavy_diesel, rail, water_bulk")
    distance_km: float
    rated_load_t: float | None = Field(None, gt=0, description="vehicle rated load 核定载重量, t")
    # Not bounded by rated_load_t: that is one vehicle's load, this the period's total (7.1.3.1).
    transported_t: float | None = Field(
        None, ge=0, description="transported weight for the period, t; default: the input's mass"
    )
    factor: str | None = Field(None, description="freight factor id overriding the mode default")
    dq: DataQuality = Field(default_factory=DataQuality)

    _check_distance = field_validator("distance_km")(classmethod(lambda cls, v: _amount(v)))


class SupplierFootprint(_Model):
    """A supplier's declared footprint of a purchased input (6.1: primary background data)."""

    # A cradle-to-gate footprint is a sum of emissions; it cannot be negative.
    value: float = Field(ge=0)
    amount_unit: str = "t"
    per: str = "t"
    basis: Literal["life_cycle", "combustion_co2"] = "life_cycle"
    source: str
    verified: bool = False
    # issue 10: who verified the declaration and the year it refers to (workbook columns)
    verified_by: str = ""
    year: int | None = None


class FuelOverride(_Model):
    """Plant-measured fuel properties replacing the library defaults (GB/T 32151.4)."""

    ncv: float | None = Field(None, gt=0)
    ncv_unit: str | None = None
    carbon_content: float | None = Field(None, gt=0, le=MAX_CARBON_CONTENT,
                                         description="tC/GJ (not kg C/GJ)")
    oxidation: float | None = Field(None, ge=0, le=1)

    @model_validator(mode="after")
    def _ncv_with_unit(self) -> FuelOverride:
        # A bare NCV is ambiguous (MJ/Nm3 vs GJ/10^4 Nm3 differ by 10x): the unit is required.
        if self.ncv is not None and not self.ncv_unit:
            raise ValueError("ncv needs ncv_unit (e.g. GJ/t, MJ/Nm3, GJ/(10000*Nm3))")
        if self.ncv_unit:
            _unit(self.ncv_unit)
        return self


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

    @model_validator(mode="after")
    def _kind_from_catalogue(self) -> Input:
        """A row without a kind takes it from the flow catalogue, so a fuel is burnt and
        electricity follows 7.1.5 even when the kind column was left empty."""
        catalogue = catalogue_kind(self.flow)
        if "kind" not in self.model_fields_set:
            if catalogue:
                self.kind = catalogue
        elif catalogue == "electricity" and self.kind not in ("electricity", "intermediate"):
            raise ValueError(f"flow '{self.flow}' is electricity; kind must be 'electricity' "
                             f"(7.1.5), not '{self.kind}'")
        return self


class Output(_Model):
    """One output row: main product, co-product, waste (with treatment) or measured emission."""

    flow: str
    amount: float
    unit: str
    kind: OutputKind = "product"
    gas: str | None = Field(None, description="for kind=emission: CO2, CH4, N2O, CF4, C2F6, ...")
    replaces: Replaceable | None = Field(
        None,
        description="for measured emissions: the computed source they replace, gas by gas "
        "(anode_consumption, anode_effect, pitch_volatiles, packing_coke, coke_calcination, "
        "carbonates, fuel_combustion)",
    )
    treatment_factor: str | None = Field(None, description="waste treatment factor id")
    price: float | None = Field(None, ge=0, description="price per unit, for economic allocation")
    energy_content: float | None = Field(
        None, gt=0, description="GJ per t of a product in mass (measured or sourced heating "
        "value), for allocation by energy content when a co-product is in energy units (7.3.1 c)")
    displaces: str | None = Field(
        None, description="co-product: factor id of the product it replaces, for system "
        "expansion (GB/T 44905 7.3.1 b); the unit's other products are credited with it")
    subprocess: str | None = None
    transport: list[TransportLeg] = Field(default_factory=list)
    dq: DataQuality = Field(default_factory=DataQuality)
    note: str = ""

    _check_amount = field_validator("amount", mode="before")(classmethod(lambda c, v: _amount(v)))
    _check_unit = field_validator("unit")(classmethod(lambda c, v: _unit(v)))


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
    report_date: date | None = Field(None, description="date of the report (GB/T 44905 10 a 2)")
    period: Period
    declared_products: list[
        Literal["bauxite", "alumina", "prebaked_anode", "liquid_aluminium", "aluminium_ingot",
                "aluminium_hydroxide"]  # the Al(OH)3 co-product's own footprint (7.3.2 d)
    ] = Field(default_factory=lambda: ["aluminium_ingot"])
    gwp_set: str = "AR6"
    gwp_reason: str = Field(
        "", description="why a GWP set other than the latest (AR6) is used; GB/T 44905 8.1 "
        "asks the report to say so")
    fuel_table: str | None = Field(
        None, description="default fuel-property table (NCV, carbon content, oxidation) for fuels "
        "without measured properties; empty = the library default cn_al_guideline_2013 (NDRC 2013 "
        "electrolytic-aluminium guideline); al_guideline_calc, generic_guideline_calc selectable")
    electricity: ElectricitySettings = Field(default_factory=ElectricitySettings)
    allocation: Allocation = Field(default_factory=Allocation)
    upstream_convention: Literal["energy_in_units", "all_upstream", "none"] = Field(
        "energy_in_units",
        description="how Table E.2's upstream row is filled: energy_in_units keeps purchased "
        "electricity/heat in the consuming unit (Appendix A 'energy-related') and puts upstream of "
        "materials, fuels and transport in the upstream row; all_upstream also moves purchased "
        "electricity/heat there (5.3.2 b); none leaves every contribution in its unit",
    )
    purchased_stage: Literal["production_stage", "upstream"] = Field(
        "production_stage",
        description="Table E.2 stage of the cradle-to-gate footprint of purchased bauxite, "
        "alumina, prebaked anodes or liquid aluminium: production_stage reports it in the stage "
        "that makes it (铝土矿采选/氧化铝生产/预焙阳极生产/铝电解生产, GB/T 44905 5.3.3; 5.3.2 "
        "gives the upstream stage to auxiliary materials and energy); upstream reports it in "
        "the upstream stage. Totals are the same",
    )
    captive_attribution: Literal["consumer", "own_stage"] = Field(
        "consumer",
        description="user-defined supply units (captive power, boilers) reported in the "
        "consuming units (Appendix A: captive power is energy-related) or as their own stage",
    )
    dq_unrated: Literal["worst", "exclude"] = Field(
        "worst",
        description="a Table 2 criterion not rated (6.3): 'worst' scores it as poor "
        "(conservative, default); 'exclude' leaves it out of the score and states the share "
        "scored (docs/checks.md)",
    )
    units: list[UnitProcess]
    factors: list[Factor] = Field(default_factory=list,
                                  description="user factors (override by id)")
    omitted_flows: list[OmittedFlow] = Field(default_factory=list)
    notes: str = ""
    # --- the study's own text in the other report language (inventory/translations.py) ---
    translations: dict[Literal["en", "zh"], dict[str, str]] = Field(
        default_factory=dict,
        description="free text in another report language as pairs {main text: translation}: "
        "{en: {示例铝业: Example Aluminium}}")

    @field_validator("translations", mode="after")
    @classmethod
    def _pairs(cls, v: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        return check_pairs(v)
    # --- end translations ---

    @field_validator("factors", mode="before")
    @classmethod
    def _factor_records(cls, v: object) -> object:
        # Workbook rows are flat (document, issuer, source_year columns; ';'-separated tags):
        # the same reading as a --factors file.
        if isinstance(v, list):
            return [factor_record(r) if isinstance(r, dict) else r for r in v]
        return v

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
