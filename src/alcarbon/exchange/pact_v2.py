"""The PACT Technical Specifications v2.3 ProductFootprint, mapped field by field from the
v3.0 footprint alcarbon releases (:mod:`alcarbon.exchange.pact`), for customers still on v2.

What v2.3 needs beyond the v3.0 document is computed at release (:func:`extras`) and frozen with
it: the UN CPC code (``productCategoryCpc``, required by v2.3) and the DQRs on the v2.3 scale
(1..3, five criteria, all required when ``dqi`` is given).

- ``productCategoryCpc``: UN CPC Ver. 2.1 class 4143 "Aluminium, unwrought; alumina":
  subclass 41431 "Unwrought aluminium" for liquid aluminium and aluminium ingot (source: the
  CPC v2.1 listing https://www.121-export.com/classifications/cpc/v2-1/41431 and .../4143) and
  41432 "Alumina (aluminium oxide), except artificial corundum" for alumina (source: the CPC
  titles of the Hugging Face data set GesturingMan/CPC_Text_Rough). Both are secondary copies
  of the UNSD classification (medium confidence). No code is sourced for the other products
  (anodes, bauxite, aluminium hydroxide): their footprints are served on /3/ only and /2/
  names the missing code (never invented).
- ``dqi``: GB/T 44905 Table 2 rates five criteria good / fair / poor; PACT v2.3 rates the same
  five on 1..3 (1 best), so good = 1, fair = 2, poor = 3 and the emission-weighted means of
  :func:`alcarbon.checks.quality.study_quality` carry over unchanged. Unrated data count as 3
  (the study's ``dq_unrated: worst``), never as 1; under ``exclude`` a criterion without any
  rated datum leaves ``dqi`` out. ``coveragePercent`` is the share of the CFP resting on data
  rated on all five criteria (``rated_share``), not the share that merely received a score.
- ``assurance``: present only when the v3.0 footprint carries one (a verifier signed the
  released revision): the same coverage, level, boundary, providerName, completedAt,
  standardName and comments, plus v2.3's required ``"assurance": true``.
"""

from __future__ import annotations

from typing import Any

SPEC_VERSION = "2.3.0"
#: UN CPC Ver. 2.1 subclass per declared product (source in the module docstring).
CPC_CODES = {"liquid_aluminium": "41431", "aluminium_ingot": "41431", "alumina": "41432"}
#: v2.3 DQR name -> GB/T 44905 Table 2 criterion (quality.CRITERIA)
DQR = {"technologicalDQR": "technology", "temporalDQR": "time",
       "geographicalDQR": "geography", "completenessDQR": "completeness",
       "reliabilityDQR": "reliability"}
#: v3.0 crossSectoralStandards -> the deprecated but required v2.3 crossSectoralStandardsUsed
STANDARDS_USED = {"ISO14067": "ISO Standard 14067", "ISO14040-44": "ISO Standard 14044",
                  "GHGP-Product": "GHG Protocol Product standard"}


class NotServableV2(ValueError):
    """The footprint cannot be given the v2.3 shape honestly (the message says why)."""


def dqi(q: dict[str, Any]) -> dict[str, float] | None:
    """v2.3 DataQualityIndicators from the ``data_quality`` block; None when a criterion has
    no score or nothing is rated (dqi left out rather than filled with a made-up rating)."""
    crit = q["criteria"]
    if q.get("rated_share") is None or any(crit.get(c) is None for c in DQR.values()):
        return None
    out = {"coveragePercent": round(100 * q["rated_share"], 2)}
    out.update({k: round(float(crit[c]), 2) for k, c in DQR.items()})
    return out


def extras(study: Any, result: Any, product: str) -> dict[str, Any]:
    """What the v2.3 shape needs besides the v3.0 document, frozen at release."""
    from alcarbon.checks.quality import study_quality

    return {"cpc": CPC_CODES.get(product), "product": product,
            "dqi": dqi(study_quality(study, result, product))}


def _num(text: str) -> float:
    return float(text)


def to_v2(v3: dict[str, Any], ext: dict[str, Any]) -> dict[str, Any]:
    """The v2.3 ProductFootprint of a served v3.0 footprint ``v3`` (lifecycle fields included)
    and its frozen ``ext``. Raises NotServableV2 when a required v2.3 field has no honest
    value (no sourced CPC code, or a GWP set outside the v2.3 enum)."""
    if not ext.get("cpc"):
        raise NotServableV2(
            f"footprint {v3['id']} ({ext.get('product')}): PACT v2.3 requires "
            "productCategoryCpc, a UN CPC Ver. 2.1 code, and none is sourced for this product; "
            "it is served in the v3.0 shape at /3/footprints only")
    p3 = v3["pcf"]
    gwp = p3["ipccCharacterizationFactors"]
    if gwp[0] not in ("AR5", "AR6"):
        raise NotServableV2(f"footprint {v3['id']}: v2.3 characterizationFactors allows AR5 "
                            f"or AR6, the footprint uses {gwp[0]}")
    exempt = _num(p3["exemptedEmissionsPercent"])
    pcf: dict[str, Any] = {
        "declaredUnit": p3["declaredUnitOfMeasurement"],
        "unitaryProductAmount": p3["declaredUnitAmount"],
        "productMassPerDeclaredUnit": p3["productMassPerDeclaredUnit"],
        "pCfExcludingBiogenic": p3["pcfExcludingBiogenicUptake"],
        "pCfIncludingBiogenic": p3["pcfIncludingBiogenicUptake"],
        "fossilGhgEmissions": p3["fossilGhgEmissions"],
        "fossilCarbonContent": p3["fossilCarbonContent"],
        "biogenicCarbonContent": p3["biogenicCarbonContent"],
        "characterizationFactors": gwp[0],
        "ipccCharacterizationFactorsSources": list(gwp),
        "crossSectoralStandardsUsed": [STANDARDS_USED[s] for s in p3["crossSectoralStandards"]
                                       if s in STANDARDS_USED],
        "crossSectoralStandards": list(p3["crossSectoralStandards"]),
        "productOrSectorSpecificRules": p3["productOrSectorSpecificRules"],
        "boundaryProcessesDescription": p3["boundaryProcessesDescription"],
        "referencePeriodStart": p3["referencePeriodStart"],
        "referencePeriodEnd": p3["referencePeriodEnd"],
        "geographyCountry": p3["geographyCountry"],
        "exemptedEmissionsPercent": exempt,
        "exemptedEmissionsDescription": (
            "" if exempt == 0 else "Flows omitted under the cut-off rule of GB/T 44905 5.3.4 "
            "and 7.4; each is estimated and listed in the study's cut-off check."),
        "packagingEmissionsIncluded": p3["packagingEmissionsIncluded"],
    }
    if not pcf["crossSectoralStandardsUsed"]:
        raise NotServableV2(f"footprint {v3['id']}: no v2.3 crossSectoralStandardsUsed value")
    for k in ("secondaryEmissionFactorSources", "allocationRulesDescription"):
        if k in p3:
            pcf[k] = p3[k]
    if "primaryDataShare" in p3:
        pcf["primaryDataShare"] = _num(p3["primaryDataShare"])
    if ext.get("dqi") is not None:
        pcf["dqi"] = ext["dqi"]
    if "assurance" in p3:  # v2.3 Assurance: the same fields plus the required boolean
        pcf["assurance"] = {"assurance": True, **p3["assurance"]}
    pf = {k: v3[k] for k in ("id", "precedingPfIds", "version", "created", "updated", "status",
                             "statusComment", "validityPeriodStart", "validityPeriodEnd",
                             "companyName", "companyIds", "productDescription", "productIds",
                             "productClassifications", "productNameCompany", "comment")
          if k in v3}
    pf.update(specVersion=SPEC_VERSION, productCategoryCpc=ext["cpc"], pcf=pcf)
    return pf
