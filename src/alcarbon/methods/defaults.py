"""Default parameters of the emission methods, each with its source and confidence.

Only values found in a document (or a transcription whose origin is clear) are shipped; see
``shared/research/domain-data.md`` sections 3 and 9.2 for the evidence behind each one.

Deliberately **not** shipped (the user must supply them, and the functions say so):

- net anode consumption NAC: the IPCC 2006 default (about 0.4 t/t) was never found in a source;
  US EPA 40 CFR 98 Table F-2 makes NAC facility data; the Chinese values 0.42 / 0.411 t/t come
  from third-party code only (low confidence);
- Chinese-guideline PFC factors (0.034 / 0.0034 and 0.02 / 0.0011 kg/t Al): third-party code and
  one article only (low-medium confidence); use :func:`alcarbon.methods.pfc.pfc_guideline` with
  the values of the guideline edition you report under;
- coke-calcination parameters (IAI protocol defaults: moisture, volatiles, yield, dust): not
  read in a primary source; :mod:`alcarbon.methods.calcination` is a carbon balance on plant
  data (weights and carbon contents of green and calcined coke).

Source abbreviations used in ``Parameter.source``:

- S6: GHG Protocol "Aluminium Sector GHG Workbook v2.0" (WRI/WBCSD with the International
  Aluminium Institute; implements IPCC 2006 Guidelines Vol.3 Ch.4.4), as transcribed in the AMEE
  datasets, repository mamhoff/datasets commit b33b25ba,
  ``business/processes/production/aluminium/**/data.csv``.
- 40 CFR 98 Table F-2: US EPA, Mandatory Greenhouse Gas Reporting, 40 CFR Part 98 subpart F,
  Table F-2 "Default Data Sources for Parameters Used for CO2 Emissions" (eCFR text).
"""

from __future__ import annotations

from dataclasses import dataclass

TECHNOLOGIES: tuple[str, ...] = ("CWPB", "SWPB", "VSS", "HSS")
"""Cell technologies of IPCC 2006 Vol.3 Ch.4.4: centre-worked prebake, side-worked prebake,
vertical-stud Soederberg, horizontal-stud Soederberg. Point-fed prebake cells count as CWPB."""


@dataclass(frozen=True)
class Parameter:
    """One default value: ``value`` in ``unit``, where it comes from and how sure we are."""

    value: float
    unit: str
    source: str
    confidence: str
    note: str = ""


_IPCC = "IPCC 2006 Guidelines Vol.3 Ch.4.4"
_F2 = "US EPA 40 CFR 98 subpart F Table F-2"
_S6 = "GHG Protocol Aluminium Sector GHG Workbook v2.0 (S6, mamhoff/datasets b33b25ba)"


def _build() -> dict[str, Parameter]:
    d: dict[str, Parameter] = {
        # IPCC 2006 Eq. 4.21 (prebaked anode consumption)
        "S_a": Parameter(
            2.0, "% (weight, baked anode)",
            f"{_IPCC} Eq. 4.21 default via {_S6}; {_F2}: 'Sa ... 2.0'",
            "high", "also in the Chinese NDRC-2013 / MEE-2024 type calculators (domain-data 9.2)",
        ),
        "Ash_a": Parameter(
            0.4, "% (weight, baked anode)",
            f"{_IPCC} Eq. 4.21 default via {_S6}; {_F2}: 'Asha ... 0.4'",
            "high", "also in the Chinese NDRC-2013 / MEE-2024 type calculators (domain-data 9.2)",
        ),
        # IPCC 2006 Eq. 4.22 (pitch volatiles combustion, prebake baking furnace)
        "H_w_fraction": Parameter(
            0.005, "t H / t green anode",
            f"{_IPCC} Eq. 4.22 default via {_S6}; {_F2}: 'Hw ... 0.005 x GA'",
            "high",
        ),
        "WT_fraction_riedhammer": Parameter(
            0.005, "t waste tar / t green anode",
            f"{_IPCC} Eq. 4.22 default via {_S6}; "
            f"{_F2}: 'WT ... (a) 0.005 x GA, Riedhammer furnaces'",
            "high",
        ),
        "WT_fraction_other": Parameter(
            0.0, "t waste tar / t green anode",
            f"{_IPCC} Eq. 4.22 default via {_S6}; "
            f"{_F2}: 'WT ... (b) insignificant, all other furnaces'",
            "high", "'insignificant' is taken as 0",
        ),
        # IPCC 2006 Eq. 4.23 (bake furnace packing material)
        "PCC": Parameter(
            0.015, "t packing coke / t baked anode",
            f"{_IPCC} Eq. 4.23 default via {_S6}; {_F2}: 'PCC ... 0.015'",
            "high",
        ),
        "S_pc": Parameter(
            2.0, "% (weight, packing coke)", f"{_IPCC} Eq. 4.23 default via {_S6}", "high",
        ),
        "Ash_pc": Parameter(
            2.5, "% (weight, packing coke)", f"{_IPCC} Eq. 4.23 default via {_S6}", "high",
        ),
    }
    # Tier 2 PFC coefficients by technology (IPCC 2006 Vol.3 Ch.4.4 technology-specific slope and
    # overvoltage coefficients table; values via S6 pfc/slope and pfc/overvoltage data.csv).
    slope = {"CWPB": (0.143, 0.121), "SWPB": (0.272, 0.252), "VSS": (0.092, 0.053),
             "HSS": (0.099, 0.085)}
    for tech, (s, f) in slope.items():
        d[f"pfc_slope.{tech}"] = Parameter(
            s, "(kg CF4/t Al)/(AE-min/cell-day)",
            f"{_IPCC} Tier 2 slope coefficient, {tech}, via {_S6} (pfc/slope)", "high",
        )
        d[f"pfc_slope_c2f6_ratio.{tech}"] = Parameter(
            f, "kg C2F6/kg CF4",
            f"{_IPCC} Tier 2 C2F6/CF4 weight fraction, {tech}, via {_S6} (pfc/slope)", "high",
        )
    for tech, (ovc, f) in {"CWPB": (1.16, 0.121), "SWPB": (3.65, 0.252)}.items():
        d[f"pfc_ovc.{tech}"] = Parameter(
            ovc, "(kg CF4/t Al)/(mV AEO per % current efficiency)",
            f"{_IPCC} Tier 2 overvoltage coefficient, {tech}, via {_S6} (pfc/overvoltage)", "high",
            "IPCC gives no overvoltage coefficient for VSS or HSS",
        )
        d[f"pfc_ovc_c2f6_ratio.{tech}"] = Parameter(
            f, "kg C2F6/kg CF4",
            f"{_IPCC} Tier 2 C2F6/CF4 weight fraction (overvoltage), {tech}, via {_S6}", "high",
        )
    # Tier 1 PFC default emission factors (IPCC 2006 Vol.3 Ch.4.4 Tier 1 table; S6 stores them as
    # kg per kg Al: 0.0004 / 0.00004 for CWPB).
    tier1 = {"CWPB": (0.4, 0.04), "SWPB": (1.6, 0.4), "VSS": (0.8, 0.04), "HSS": (0.4, 0.03)}
    for tech, (cf4, c2f6) in tier1.items():
        d[f"pfc_tier1_cf4.{tech}"] = Parameter(
            cf4, "kg CF4/t Al",
            f"{_IPCC} Tier 1 PFC default factor, {tech}, via {_S6} (pfc/defaults)",
            "high", "Tier 1 is a fallback; anode-effect data (slope/overvoltage) is preferred",
        )
        d[f"pfc_tier1_c2f6.{tech}"] = Parameter(
            c2f6, "kg C2F6/t Al",
            f"{_IPCC} Tier 1 PFC default factor, {tech}, via {_S6} (pfc/defaults)", "high",
        )
    return d


DEFAULTS: dict[str, Parameter] = _build()
"""All shipped defaults by key (treat as read-only; each Parameter is frozen). Keys: ``S_a``,
``Ash_a``, ``H_w_fraction``, ``WT_fraction_riedhammer``, ``WT_fraction_other``, ``PCC``,
``S_pc``, ``Ash_pc``, and per technology ``pfc_slope.<T>``, ``pfc_slope_c2f6_ratio.<T>``,
``pfc_ovc.<T>`` (CWPB, SWPB only), ``pfc_ovc_c2f6_ratio.<T>``, ``pfc_tier1_cf4.<T>``,
``pfc_tier1_c2f6.<T>``."""


def default(key: str) -> float:
    """The value of ``DEFAULTS[key]``."""
    return DEFAULTS[key].value
