"""Data models of the factor library: sources, emission factors, fuel properties, flows.

Every default number carries a :class:`Source` (document, issuer, year, table or CPCD product ID).
Confidence follows ``shared/research/domain-data.md``: ``high`` = official text read directly or two
independent sources agree; ``medium`` = one reliable secondary copy (for example the CPCD export);
``low`` = third-party transcription of unclear provenance or single-paper data (the research labels
"Medium-Low" and "Low-Medium" are mapped to ``low``; the original label is kept in ``note``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from alcarbon.errors import UnitError
from alcarbon.gwp import canonical_gas
from alcarbon.pintlib import pint
from alcarbon.units import Q_, parse_unit, ureg

Confidence = Literal["high", "medium", "low"]
FactorKind = Literal[
    "electricity", "heat", "fuel_upstream", "material_upstream", "freight", "waste_treatment",
    "process",
]
Basis = Literal["life_cycle", "combustion_co2", "process"]
#: ``resource``: a flow taken from nature (e.g. run-of-mine ore), an elementary input with no
#: upstream burden (GB/T 44905 5.3.3.1: bauxite mining starts at mining).
FlowKind = Literal[
    "material", "fuel", "electricity", "heat", "steam", "water", "service", "product", "waste",
    "resource",
]

# Molar-mass ratio CO2/C = 44/12 (IPCC 2006 Vol.2 Eq. 2.3; GB/T 32151.4).
CO2_PER_C = 44.0 / 12.0

#: Largest geometric standard deviation accepted. GSD 20 already puts the 95 % interval a factor
#: of 400 (GSD squared) either side of the median; a larger value is not an uncertainty estimate
#: but a typing error, and overflows lognormal sampling long before it means anything.
MAX_GSD = 20.0
#: Largest carbon content accepted, tC/GJ. The highest IPCC default is blast-furnace gas,
#: 70.8 kg C/GJ = 0.0708 tC/GJ (IPCC 2006 Guidelines Vol.2 Table 1.3); a value in kg C/GJ
#: (e.g. 26.6 for coking coal) is 1000 times too large and would pass unnoticed otherwise.
MAX_CARBON_CONTENT = 0.2


class Source(BaseModel):
    """Where a value comes from.

    ``year`` is the year the source attaches to the value: the reference year in the title
    of an official table (``2023年电力二氧化碳排放因子`` -> 2023), the data year (数据年份) of a
    CPCD row, or the publication year of a document that has no reference year. Publication
    dates go in ``note``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    document: str
    issuer: str
    year: int | None = Field(None, ge=1900, le=2100)  # a calendar year; beyond is a typo
    table: str | None = None
    cpcd_id: str | None = None
    locator: str | None = None
    note: str | None = None

    def cite(self) -> str:
        """One-line citation: issuer, document (year), table, CPCD ID, locator."""
        parts = [f"{self.issuer}: {self.document}"]
        if self.year is not None:
            parts[0] += f" ({self.year})"
        if self.table:
            parts.append(self.table)
        if self.cpcd_id:
            parts.append(f"CPCD {self.cpcd_id}")
        if self.locator:
            parts.append(self.locator)
        return "; ".join(parts)


def _check_unit(text: str) -> str:
    parse_unit(text)  # raises UnitError with the expected kinds of unit
    return text


@lru_cache(maxsize=256)
def _is_mass(unit: str) -> bool:
    """True when ``unit`` is a unit of mass (pint's dimensionality, asked once per unit text)."""
    return parse_unit(unit).dimensionality == ureg.kilogram.dimensionality


class Factor(BaseModel):
    """An emission factor: ``value`` ``amount_unit`` of ``gas`` per 1 ``per`` of activity.

    Example: 0.5306 kg CO2 per kWh (``value=0.5306, amount_unit="kg", per="kWh", gas="CO2"``).
    ``basis`` says what it covers: ``life_cycle`` (cradle-to-gate or the source's life-cycle
    boundary, as GB/T 44905 8.2 EF_LCA needs), ``combustion_co2`` (direct CO2 at the point of
    combustion or generation, as in the MEE grid CO2 factors), ``process`` (a process emission
    factor).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    id: str
    name: str
    name_zh: str = ""
    kind: FactorKind
    # GB/T 44905 8.2 sums activity x EF and has no credit or offset term: a negative factor
    # could only subtract emissions by mistake.
    value: float = Field(ge=0)
    amount_unit: str
    per: str
    gas: str = "CO2e"
    basis: Basis
    region: str = "CN"
    year: int | None = Field(None, ge=1900, le=2100)
    source: Source
    confidence: Confidence
    gsd: float | None = Field(default=None, ge=1.0, le=MAX_GSD,
                              description="geometric standard deviation, 1 (exact) to 20")
    tags: list[str] = Field(default_factory=list)

    _unit_check = field_validator("amount_unit", "per")(_check_unit)

    @field_validator("amount_unit")
    @classmethod
    def _mass(cls, v: str) -> str:
        if not _is_mass(v):
            raise ValueError(f"amount_unit {v!r} is not a mass unit (use kg or t)")
        return v

    @field_validator("gas")
    @classmethod
    def _gas(cls, v: str) -> str:
        formula = canonical_gas(v)
        if formula is None:
            raise ValueError(f"unknown gas {v!r} (use CO2e or a formula of GB/T 44905 Table D.1)")
        return formula

    def per_unit(self, activity_unit: str) -> float:
        """Emitted mass of ``gas`` in **t** per 1 ``activity_unit`` of activity.

        Raises :class:`UnitError` naming the factor when ``activity_unit`` is not of the same kind
        as ``per`` (for example kWh for a factor per t).
        """
        q = Q_(self.value, parse_unit(self.amount_unit) / parse_unit(self.per))
        try:
            return float(q.to(ureg.tonne / parse_unit(activity_unit)).magnitude)
        except pint.DimensionalityError as exc:
            raise UnitError(
                f"factor {self.id} is per {self.per!r}; activity unit {activity_unit!r} is not "
                "convertible",
                where=f"factor {self.id}",
                expected=f"a unit of the same kind as {self.per!r}",
            ) from exc

    def label(self) -> str:
        """Value with units, e.g. ``0.5306 kg CO2/kWh``."""
        return f"{self.value:g} {self.amount_unit} {self.gas}/{self.per}"


class FuelProperties(BaseModel):
    """Combustion parameters of a fuel: net calorific value, carbon content per GJ, oxidation.

    CO2 per unit of fuel = NCV x CC x OF x 44/12 (GB/T 32151 / IPCC 2006 Vol.2 Eq. 2.1 and 2.3).
    ``ncv_unit`` is GJ per unit of fuel, e.g. ``GJ/t`` or ``GJ/(10000*Nm3)``; ``carbon_content`` in
    tC/GJ; ``oxidation`` a fraction 0-1.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    id: str
    name: str
    name_zh: str = ""
    ncv: float = Field(gt=0)
    ncv_unit: str
    carbon_content: float = Field(gt=0, le=MAX_CARBON_CONTENT)
    oxidation: float = Field(gt=0, le=1)
    state: Literal["solid", "liquid", "gas"]
    source: Source
    confidence: Confidence
    table: str = ""

    _unit_check = field_validator("ncv_unit")(_check_unit)

    def co2_per_gj(self) -> float:
        """t CO2 per GJ of fuel energy (CC x OF x 44/12)."""
        return self.carbon_content * self.oxidation * CO2_PER_C

    def co2_per_unit(self, unit: str) -> float:
        """t CO2 emitted by burning 1 ``unit`` of this fuel.

        ``unit`` may be an energy unit (GJ, TJ, kWh, tce: the NCV is not needed), or a unit of the
        same kind as the NCV denominator (mass for ``GJ/t``, volume for ``GJ/(10000*Nm3)``).
        Raises :class:`UnitError` naming the fuel otherwise.
        """
        target = parse_unit(unit)
        if target.dimensionality == ureg.joule.dimensionality:
            gj = float(Q_(1.0, target).to(ureg.gigajoule).magnitude)
        else:
            try:
                gj = float((Q_(self.ncv, parse_unit(self.ncv_unit)) * Q_(1.0, target))
                           .to(ureg.gigajoule).magnitude)
            except pint.DimensionalityError as exc:
                raise UnitError(
                    f"fuel {self.id} has NCV in {self.ncv_unit!r}; cannot use unit {unit!r}",
                    where=f"fuel {self.id}",
                    expected="an energy unit or the unit of the NCV denominator",
                ) from exc
        return gj * self.co2_per_gj()


class Flow(BaseModel):
    """An inventory flow of GB/T 44905 Appendix C / Table E.1 and its default upstream factor.

    ``upstream_factor`` is None when no sourced factor exists: the study must supply one.
    ``appendix_c`` lists the tables (``C.1`` ... ``C.5``, ``E.1``) that name the flow.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    name_zh: str
    kind: FlowKind
    default_unit: str
    upstream_factor: str | None = None
    fuel: str | None = None
    appendix_c: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    note: str | None = None

    _unit_check = field_validator("default_unit")(_check_unit)
