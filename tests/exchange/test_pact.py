"""PACT v3.0 ProductFootprint: schema validation, hand-checked values on the rep_toy study."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from alcarbon.engine import calculate
from alcarbon.exchange import pact

EXAMPLES = Path(__file__).parents[2] / "examples"
CREATED = "2025-03-01T00:00:00Z"


def test_toy_values_by_hand(rep_toy, rep_toy_cfp):
    pf = pact.to_pact(rep_toy, calculate(rep_toy), created=CREATED)
    pact.validate(pf)
    c = pf["pcf"]
    assert c["declaredUnitOfMeasurement"] == "kilogram" and c["declaredUnitAmount"] == "1"
    # kg CO2e per kg = t CO2e per t
    assert float(c["pcfExcludingBiogenicUptake"]) == pytest.approx(rep_toy_cfp, abs=1e-6)
    assert c["pcfIncludingBiogenicUptake"] == c["pcfExcludingBiogenicUptake"]
    assert c["referencePeriodStart"] == "2024-01-01T00:00:00Z"
    assert c["referencePeriodEnd"] == "2025-01-01T00:00:00Z"
    assert c["ipccCharacterizationFactors"] == ["AR6"]
    # only electricity (10.8 of 15.0134667) is rated, 'fair' (3) for technology; everything else
    # is not rated and counts as the poorest, 5 (never as good):
    # (10.8 x 3 + 4.2134667 x 5) / 15.0134667 = 53.4673 / 15.0134667 = 3.561
    assert float(c["dqi"]["technologicalDQR"]) == pytest.approx(
        (10.8 * 3 + (rep_toy_cfp - 10.8) * 5) / rep_toy_cfp, abs=0.005)
    assert c["dqi"]["temporalDQR"] == "5"  # no datum rates time
    assert c["exemptedEmissionsPercent"] == "0"


def test_exempted_percent_from_omitted_flows(rep_toy, rep_toy_cfp):
    d = rep_toy.model_dump()
    d["omitted_flows"] = [{"unit": "electrolysis", "flow": "refractory",
                           "estimated_t_co2e": 15.0, "reason": "test"}]
    s = type(rep_toy).model_validate(d)
    pf = pact.to_pact(s, calculate(s), created=CREATED)
    # 15 t for the period / 100 t made = 0.15 t CO2e/t; share of the complete footprint
    # (5.3.4): 0.15 / (15.0134667 + 0.15) = 0.98925 %
    assert float(pf["pcf"]["exemptedEmissionsPercent"]) == pytest.approx(
        100 * 0.15 / (rep_toy_cfp + 0.15), abs=1e-4)


def test_exempted_percent_counts_only_units_feeding_the_product(rep_toy, rep_toy_cfp):
    d = rep_toy.model_dump()
    d["declared_products"] = ["liquid_aluminium", "aluminium_ingot"]
    d["units"].append({"id": "casting", "inputs": [
        {"flow": "liquid_aluminium", "amount": 50, "unit": "t", "kind": "intermediate"}],
        "outputs": [{"flow": "aluminium_ingot", "amount": 50, "unit": "t"}]})
    d["omitted_flows"] = [{"unit": "casting", "flow": "refractory", "estimated_t_co2e": 5.0,
                           "reason": "test"}]
    s = type(rep_toy).model_validate(d)
    r = calculate(s)
    # liquid aluminium: casting is downstream, nothing of it is exempted from this footprint
    assert pact.to_pact(s, r, "liquid_aluminium", created=CREATED)["pcf"][
        "exemptedEmissionsPercent"] == "0"
    # ingot: 5 t / 50 t = 0.1 t/t; CFP(ingot) = CFP(liquid) (1 t liquid per t ingot, casting
    # emits nothing): 0.1 / (15.0134667 + 0.1) = 0.66166 %
    got = pact.to_pact(s, r, "aluminium_ingot", created=CREATED)["pcf"]
    assert float(got["exemptedEmissionsPercent"]) == pytest.approx(
        100 * 0.1 / (rep_toy_cfp + 0.1), abs=1e-4)


def test_id_is_reproducible_and_changes_with_inputs(rep_toy):
    a = pact.to_pact(rep_toy, calculate(rep_toy), created=CREATED)
    b = pact.to_pact(rep_toy, calculate(rep_toy), created=CREATED)
    assert a == b
    d = rep_toy.model_dump()
    d["units"][0]["inputs"][0]["amount"] = 190
    s = type(rep_toy).model_validate(d)
    assert pact.to_pact(s, calculate(s), created=CREATED)["id"] != a["id"]


def test_company_ids_stable_across_revisions(rep_toy):
    """Two revisions with different inputs: new footprint ids, the same companyIds/productIds,
    built from the producer (name-based UUID URN; the credit code when given)."""
    import uuid

    a = pact.to_pact(rep_toy, calculate(rep_toy), created=CREATED)
    d = rep_toy.model_dump()
    d["units"][0]["inputs"][0]["amount"] = 190
    d["producer"]["name"] = "  Toy   Aluminium Co. "  # same company, spacing differs
    s = type(rep_toy).model_validate(d)
    b = pact.to_pact(s, calculate(s), created=CREATED)
    assert a["id"] != b["id"]
    key = "urn:alcarbon:company-name:toy aluminium co."
    assert a["companyIds"] == b["companyIds"] == [
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"]
    assert a["productIds"] == b["productIds"]
    d["producer"]["credit_code"] = "91530100MA6K000001"
    s = type(rep_toy).model_validate(d)
    c = pact.to_pact(s, calculate(s), created=CREATED)
    assert c["companyIds"] == ["urn:alcarbon:company:uscc:91530100MA6K000001"]
    pact.validate(c)


def test_pcf_is_the_declared_result_of_the_hydro_example():
    """pcfExcludingBiogenicUptake = the declared cfp (contract at the hydro factor, 7.1.5.3), the
    location-based comparison only in the comment."""
    from alcarbon.inventory import load_study

    s = load_study(EXAMPLES / "hydro_smelter_yunnan.yaml")
    p = calculate(s).products["aluminium_ingot"]
    pf = pact.to_pact(s, calculate(s), "aluminium_ingot", created=CREATED)
    assert float(pf["pcf"]["pcfExcludingBiogenicUptake"]) == pytest.approx(p.cfp, abs=1e-6)
    assert p.cfp < p.cfp_location_based
    assert pact.dec(p.cfp_location_based) in pf["comment"]


@pytest.mark.parametrize("example", ["coal_captive_smelter", "hydro_smelter_yunnan"])
def test_examples_validate(example):
    from alcarbon.inventory import load_study

    s = load_study(EXAMPLES / f"{example}.yaml")
    r = calculate(s)
    for product in s.declared_products:
        pf = pact.to_pact(s, r, product, created=CREATED)
        pact.validate(pf)
        assert pf["productClassifications"][0].startswith("urn:pact:productclassification:cn:")


def test_schema_rejects_bad_documents(rep_toy):
    pf = pact.to_pact(rep_toy, calculate(rep_toy), created=CREATED)
    for broken in ({k: v for k, v in pf.items() if k != "companyName"},
                   {**pf, "companyIds": ["company-1"]},
                   {**pf, "pcf": {**pf["pcf"], "pcfExcludingBiogenicUptake": 15.01}},
                   {**pf, "pcf": {**pf["pcf"], "declaredUnitOfMeasurement": "tonne"}},
                   {**pf, "pcf": {**pf["pcf"], "dqi": {"technologicalDQR": "6",
                                                       "geographicalDQR": "1",
                                                       "temporalDQR": "1"}}}):
        with pytest.raises(jsonschema.ValidationError):
            pact.validate(broken)


def test_company_name_required(rep_toy):
    from alcarbon.errors import InputError

    d = rep_toy.model_dump()
    d["producer"]["name"] = ""
    s = type(rep_toy).model_validate(d)
    with pytest.raises(InputError, match="company name"):
        pact.to_pact(s, calculate(s), created=CREATED)
