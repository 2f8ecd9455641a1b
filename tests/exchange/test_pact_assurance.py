"""The assurance block of a PACT footprint (v3.0 data model ``Assurance``, OpenAPI
``Verification``, v2.3 ``Assurance``): present only when given, validated, never defaulted."""

from __future__ import annotations

import jsonschema
import pytest

from alcarbon.engine import calculate
from alcarbon.exchange import pact
from alcarbon.exchange.pact_v2 import extras, to_v2

FIELDS = {"coverage": "product level", "level": "limited", "boundary": "Cradle-to-Gate",
          "providerName": "Verifier Ltd", "completedAt": "2025-03-10T08:00:00Z",
          "standardName": "GB/T 44905-2024", "comments": ""}


@pytest.fixture
def pf(rep_toy):
    rep_toy.producer.name = "Smelter Co"
    r = calculate(rep_toy)
    doc = pact.to_pact(rep_toy, r, created="2025-03-01T00:00:00Z")
    return doc, extras(rep_toy, r, rep_toy.declared_products[0])


def test_no_sign_off_no_assurance(pf):
    doc, _ext = pf
    assert "assurance" not in doc["pcf"] and "verification" not in doc["pcf"]
    signed = pact.with_assurance(doc, FIELDS)
    # withdrawing (None) removes both blocks again
    assert pact.with_assurance(signed, None)["pcf"] == doc["pcf"]


def test_assurance_in_v3_and_v23(pf):
    doc, ext = pf
    signed = pact.with_assurance(doc, FIELDS)
    pact.validate(signed)
    assert signed["pcf"]["assurance"] == FIELDS
    assert signed["pcf"]["verification"] == {
        "coverage": "product level", "providerName": "Verifier Ltd",
        "completedAt": "2025-03-10T08:00:00Z", "standardName": "GB/T 44905-2024",
        "comments": ""}
    v2 = to_v2({**signed, "version": 1, "status": "Active"}, ext)
    assert v2["pcf"]["assurance"] == {"assurance": True, **FIELDS}


@pytest.mark.parametrize("bad", [{"level": "high"}, {"boundary": "Cradle-to-Grave"},
                                 {"providerName": ""}, {"assurance": True},
                                 {"completedAt": "10 March 2025"}])
def test_schema_rejects_bad_assurance(pf, bad):
    doc, _ext = pf
    with pytest.raises(jsonschema.ValidationError):
        pact.validate(pact.with_assurance(doc, {**FIELDS, **bad}))
