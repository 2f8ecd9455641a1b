"""WBCSD PACT Technical Specifications v3.0 ProductFootprint from a GB/T 44905 result.

Mapping (PACT values are kg CO2e per declared unit; the declared unit is 1 kg, so the values equal
the GB/T 44905 result in t CO2e per t):

- ``pcfExcludingBiogenicUptake`` = ``pcfIncludingBiogenicUptake`` = ``fossilGhgEmissions`` = the
  declared GB/T 44905 CFP (electricity per 7.1.5.1-7.1.5.3; the location-based comparison is in
  ``comment``): primary aluminium chains have no biogenic uptake; PFC and process CO2 are
  fossil/process emissions. ``fossilCarbonContent`` = 0 (the metal contains no carbon).
- ``exemptedEmissionsPercent``: the study's omitted flows (cut-off, 7.4) per declared unit of the
  product, as a share of CFP + omitted (the figure of the cut-off check).
- ``primaryDataShare`` and ``dqi`` from :func:`alcarbon.checks.quality.study_quality`, the
  ``data_quality`` block of ``calc --format json``: primary share x 100 (site emissions of data
  stated primary; background factors and supplier declarations are secondary, GB/T 44905 6.1);
  DQRs the emission-weighted Table 2 ratings (good = 1, fair = 3, poor = 5 on the PACT 1..5
  scale) for technology, geography and time; a criterion not rated counts as 5 (``dq_unrated:
  exclude`` leaves it out; dqi is omitted when nothing is scored).
- ``id`` is a UUID derived from the inputs hash and product, so a re-run gives the same id and a
  revised study a new one; ``companyIds`` and ``productIds`` come from the producer (its unified
  social credit code, else its normalised name), so they stay the same across revisions.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from datetime import timedelta
from importlib import resources
from typing import Any

SPEC_VERSION = "3.0.0"
#: Combined Nomenclature headings (EU CN, first 4/6 digits) of the declared products.
CN_CODES = {"aluminium_ingot": "7601", "liquid_aluminium": "7601", "alumina": "281820",
            "prebaked_anode": "854511", "bauxite": "2606", "aluminium_hydroxide": "281830"}


def schema() -> dict[str, Any]:
    """The stored PACT v3.0 ProductFootprint JSON schema (provenance in schemas/README.md)."""
    text = resources.files("alcarbon.exchange").joinpath(
        "schemas", "pact-v3.0-product-footprint.schema.json").read_text("utf-8")
    return json.loads(text)


def dec(x: float, digits: int = 6) -> str:
    """PACT decimal string (no exponent): fixed point, trailing zeros trimmed."""
    s = f"{float(x):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _dqi(q: dict[str, Any]) -> dict[str, str] | None:
    """PACT DQRs from the Table 2 block: good 1 / fair 2 / poor 3 -> 1 / 3 / 5 (linear, so the
    weighted mean maps exactly). None (dqi left out) when a criterion has no score (no
    contribution, or every row unrated under ``dq_unrated: exclude``): never a made-up 1."""
    crit = q["criteria"]
    keys = {"technologicalDQR": "technology", "geographicalDQR": "geography",
            "temporalDQR": "time"}
    if any(crit.get(c) is None for c in keys.values()):
        return None
    return {k: dec(2 * crit[c] - 1, 2) for k, c in keys.items()}


def exempted_percent(study: Any, result: Any, product: str) -> float:
    """Omitted flows' share of the complete footprint, in % (GB/T 44905 5.3.4, 7.4).

    The same figure as the cut-off check: each omitted flow's period estimate is brought to the
    declared unit of ``product`` through its unit's allocation share and column scale (a flow
    omitted in a unit that does not feed the product counts 0), and the total is divided by
    CFP + omitted (:mod:`alcarbon.checks.cutoff`).
    """
    from alcarbon.checks.cutoff import per_declared_unit

    p = result.products[product]
    total = sum(t for _u, _f, t, _r in per_declared_unit(study, result, product))
    whole = p.cfp + total
    return 100 * total / whole if whole > 0 else 0.0


def company_urn(producer: Any) -> str:
    """Stable company URN: ``urn:alcarbon:company:uscc:<code>`` from the unified social credit
    code, else a name-based UUID URN (NFKC, whitespace collapsed, case-folded name)."""
    code = (getattr(producer, "credit_code", "") or "").strip().upper()
    if code:
        return f"urn:alcarbon:company:uscc:{code}"
    key = " ".join(unicodedata.normalize("NFKC", producer.name).split()).casefold()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'urn:alcarbon:company-name:' + key)}"


def to_pact(study: Any, result: Any, product: str | None = None, *, created: str,
            company_ids: list[str] | None = None) -> dict[str, Any]:
    """The ProductFootprint dict for one declared product. ``created``: ISO date-time (UTC)."""
    from alcarbon.checks.quality import study_quality
    from alcarbon.errors import InputError
    from alcarbon.facts import PRODUCTS, inputs_hash

    product = product or study.declared_products[0]
    p = result.products[product]
    name = study.producer.name.strip()
    if not name:
        raise InputError("PACT needs the company name", where="producer.name",
                         expected="the producer's legal name")
    h = inputs_hash(study, result.factor_library_version)
    company = company_urn(study.producer)
    pf_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:alcarbon:pf:{h}:{product}"))
    start = study.period.start.isoformat() + "T00:00:00Z"
    end = (study.period.end + timedelta(days=1)).isoformat() + "T00:00:00Z"
    cfp = dec(p.cfp)
    comment = (
        f"Cradle-to-gate carbon footprint per GB/T 44905-2024, {result.gwp_set} GWP100, "
        "electricity per 7.1.5 (captive plant modelled, direct line and qualifying contracts at "
        "the supplier's factor, other grid electricity at the regional grid). Location-based "
        f"comparison: {dec(p.cfp_location_based)} kg CO2e/kg."
        + (f" Separate grid-mix analysis (7.1.5.3, certificates sold separately): "
           f"{dec(p.cfp_grid_mix_analysis)} kg CO2e/kg." if p.cfp_grid_mix_analysis is not None
           else "")
        + f" Factor library {result.factor_library_version}, alcarbon inputs sha256 {h}."
        + (" ILLUSTRATIVE study: not data of a real plant." if study.illustrative else ""))
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1",
        "productMassPerDeclaredUnit": "1",
        "referencePeriodStart": start, "referencePeriodEnd": end,
        "geographyCountry": "CN",
        "pcfExcludingBiogenicUptake": cfp, "pcfIncludingBiogenicUptake": cfp,
        "fossilGhgEmissions": cfp, "fossilCarbonContent": "0", "biogenicCarbonContent": "0",
        "ipccCharacterizationFactors": [result.gwp_set],
        "crossSectoralStandards": ["ISO14067"],
        "productOrSectorSpecificRules": [{"operator": "Other", "ruleNames": ["GB/T 44905-2024"],
                                          "otherOperatorName": "SAC (GB national standard)"}],
        "boundaryProcessesDescription": (
            "Cradle to gate (GB/T 44905 5.3): upstream materials, fuels, electricity and "
            "transport; " + ", ".join(u.id for u in study.units) + "; infrastructure excluded."),
        "exemptedEmissionsPercent": dec(exempted_percent(study, result, product), 4),
        "allocationRulesDescription": f"GB/T 44905 7.3, method: {result.allocation}",
        "secondaryEmissionFactorSources": [{"name": "alcarbon factor library",
                                            "version": result.factor_library_version}],
        "packagingEmissionsIncluded": False,
    }
    q = study_quality(study, result, product)  # as calc's JSON data_quality
    if q["primary_share"] is not None:
        pcf["primaryDataShare"] = dec(100 * q["primary_share"], 2)
    if (dqi := _dqi(q)) is not None:
        pcf["dqi"] = dqi
    pname = study.product.name or PRODUCTS.get(product, (product, product))[1]
    pf: dict[str, Any] = {
        "id": pf_id, "specVersion": SPEC_VERSION, "created": created, "status": "Active",
        "companyName": name,
        "companyIds": company_ids or [company],
        "productDescription": (study.product.description or study.product.function
                               or PRODUCTS.get(product, (product, product))[1]),
        "productIds": [f"urn:alcarbon:product:{product}:"
                       f"{uuid.uuid5(uuid.NAMESPACE_URL, company).hex[:16]}"],
        "productNameCompany": pname,
        "comment": comment,
        "pcf": pcf,
    }
    if product in CN_CODES:
        pf["productClassifications"] = [f"urn:pact:productclassification:cn:{CN_CODES[product]}"]
    return pf


#: PACT v3.0 data type ``Assurance`` (data-model.md, section "Data Type: Assurance"), as JSON
#: Schema: every property optional, the enumerations as the text lists them. The v3.0 text
#: removed v2.x's boolean ``assurance``, so it is not allowed here.
ASSURANCE_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "coverage": {"enum": ["corporate level", "product line", "PCF system", "product level"]},
        "level": {"enum": ["limited", "reasonable"]},
        "boundary": {"enum": ["Gate-to-Gate", "Cradle-to-Gate"]},
        "providerName": {"type": "string", "minLength": 1},
        # RFC 3339 spelled out: "format" is checked only when rfc3339-validator is installed
        "completedAt": {"type": "string", "format": "date-time",
                        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?"
                                   r"(Z|[+-]\d{2}:\d{2})$"},
        "standardName": {"type": "string"},
        "comments": {"type": "string"},
    },
}
#: Assurance fields also named in the v3.0 OpenAPI's ``Verification`` (its later name for the
#: same data type, without ``level`` and ``boundary``)
VERIFICATION_KEYS = ("coverage", "providerName", "completedAt", "standardName", "comments")


def with_assurance(pf: dict[str, Any], fields: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of ``pf`` whose ``pcf`` carries a verifier's sign-off as ``assurance`` (data
    model text) and ``verification`` (OpenAPI name); ``fields`` None returns ``pf`` without
    either (an unsigned footprint never gets a default assurance)."""
    pcf = {k: v for k, v in pf["pcf"].items() if k not in ("assurance", "verification")}
    if fields is not None:
        pcf["assurance"] = dict(fields)
        pcf["verification"] = {k: fields[k] for k in VERIFICATION_KEYS if k in fields}
    return {**pf, "pcf": pcf}


def validate_assurance(pcf: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError unless ``pcf.assurance`` (if present) is a v3.0
    Assurance and ``pcf.verification`` (if present) a Verification of the stored schema."""
    import jsonschema

    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    if "assurance" in pcf:
        jsonschema.Draft7Validator(ASSURANCE_SCHEMA, format_checker=checker).validate(
            pcf["assurance"])
    if "verification" in pcf:
        jsonschema.Draft7Validator(schema()["definitions"]["Verification"],
                                   format_checker=checker).validate(pcf["verification"])


def validate(pf: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError unless ``pf`` is a valid PACT v3.0 ProductFootprint
    (and its ``pcf.dqi`` a valid DataQualityIndicators with ratings in 1..5, its
    ``pcf.assurance`` an Assurance and ``pcf.verification`` a Verification)."""
    import jsonschema

    sch = schema()
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    jsonschema.Draft7Validator(sch, format_checker=checker).validate(pf)
    validate_assurance(pf["pcf"])
    dqi = pf["pcf"].get("dqi")
    if dqi is not None:
        sub = {**sch["definitions"]["DataQualityIndicators"], "definitions": sch["definitions"]}
        jsonschema.Draft7Validator(sub).validate(dqi)
        for k, v in dqi.items():
            if not 1 <= float(v) <= 5:
                raise jsonschema.ValidationError(f"{k} = {v} is outside 1..5")
