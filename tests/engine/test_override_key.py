"""The override library of a study is cached on the content of its factors (session 19 keys it
on pydantic's JSON of them): a changed, added or re-tagged factor must give its own library,
never the last one. Values by hand."""

from __future__ import annotations

import pytest

from alcarbon.engine import calculate
from alcarbon.factors import load_library
from alcarbon.factors.model import Factor
from alcarbon.inventory.model import Study

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def _factor(value: float, tags: list[str] | None = None) -> dict:
    return {"id": "study.caustic", "name": "caustic soda", "name_zh": "烧碱",
            "kind": "material_upstream", "value": value, "amount_unit": "t", "per": "t",
            "gas": "CO2e", "basis": "life_cycle", "region": "CN", "year": 2024,
            "confidence": "medium", "tags": tags or [],
            "source": {"document": "test", "issuer": "test", "year": 2024}}


def _study(*factors: dict) -> Study:
    return Study.model_validate({
        "period": PERIOD, "declared_products": ["liquid_aluminium"], "factors": list(factors),
        "units": [{"id": "electrolysis",
                   "inputs": [{"flow": "caustic_soda", "amount": 2.0, "unit": "t",
                               "kind": "material", "factor": "study.caustic"}],
                   "outputs": [{"flow": "liquid_aluminium", "amount": 4.0, "unit": "t"}]}]})


def test_changed_factor_value_gives_its_own_library():
    lib = load_library()
    # 2 t caustic soda per 4 t metal: 0.5 t/t x factor
    assert calculate(_study(_factor(1.0)), lib).products["liquid_aluminium"].cfp == \
        pytest.approx(0.5, rel=1e-12)
    assert calculate(_study(_factor(3.0)), lib).products["liquid_aluminium"].cfp == \
        pytest.approx(1.5, rel=1e-12)
    # the same Study object edited in place: its factor list replaced
    st = _study(_factor(1.0))
    assert calculate(st, lib).products["liquid_aluminium"].cfp == pytest.approx(0.5, rel=1e-12)
    st.factors = [Factor.model_validate(_factor(5.0))]
    assert calculate(st, lib).products["liquid_aluminium"].cfp == pytest.approx(2.5, rel=1e-12)
    st.factors.append(Factor.model_validate({**_factor(0.1), "id": "study.other"}))
    assert calculate(st, lib).products["liquid_aluminium"].cfp == pytest.approx(2.5, rel=1e-12)


def test_retagged_factor_names_its_own_library_version():
    lib = load_library()
    a, b = _factor(1.0, ["x"]), _factor(1.0, ["y"])
    # the version is the library's own digest of its overrides, made here without the cache
    want_a = lib.with_overrides([Factor.model_validate(a)]).version
    want_b = lib.with_overrides([Factor.model_validate(b)]).version
    assert want_a != want_b
    assert calculate(_study(a), lib).factor_library_version == want_a
    assert calculate(_study(b), lib).factor_library_version == want_b
    st = _study(a)
    calculate(st, lib)
    st.factors[0].tags.append("z")  # a frozen Factor's list edited in place
    want_c = lib.with_overrides([Factor.model_validate(_factor(1.0, ["x", "z"]))]).version
    assert calculate(st, lib).factor_library_version == want_c


def test_changed_factor_source_is_cited_from_its_own_library():
    """Citations are kept per library (session 19): a study factor whose source changes makes
    another library, whose items cite the new source."""
    lib = load_library()

    def cited(document: str) -> str:
        f = _factor(1.0)
        f["source"] = {"document": document, "issuer": "test", "year": 2024}
        res = calculate(_study(f), lib)
        (it,) = [i for i in res.system.items if i.flow == "caustic_soda"]
        return it.source

    a, b = cited("Report A"), cited("Report B")
    assert "Report A" in a and "Report B" not in a
    assert "Report B" in b and "Report A" not in b
    assert cited("Report A") == a
