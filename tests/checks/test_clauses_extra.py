"""Clauses added in issue 15 (6.1, 7.1.5.2, the four 7.1.5.3 conditions), on the tiny study:
1000 t of metal from 9.9e6 kWh of direct-line electricity at 0.5 kg/kWh, so the electricity
datum carries 100 % of the CFP (4.95 t CO2e/t), far above the 1 % significance."""

from __future__ import annotations

from alcarbon.checks import run_checks
from alcarbon.inventory.model import Study


def _clause(study: Study, key: str):
    return next(c for c in run_checks(study).compliance if c.key == key)


def _with(study: Study, primary: bool, note: str) -> Study:
    s = study.model_copy(deep=True)
    row = s.unit("electrolysis").inputs[0]
    row.dq.primary, row.note = primary, note
    return Study.model_validate(s.model_dump())


def test_6_1_significant_secondary_datum_needs_its_reason(make_tiny):
    base = make_tiny()
    c = _clause(_with(base, False, ""), "secondary_justified")
    assert c.status == "fail" and c.reason.startswith("1 of 1 secondary data above 1 %")
    c = _clause(_with(base, False, "no sub-meter on the potline: supplier's annual total"),
                "secondary_justified")
    assert c.status == "pass" and c.reason == ("1 secondary data above 1 % of the CFP, each "
                                               "with its reason")
    c = _clause(_with(base, True, ""), "secondary_justified")
    assert (c.status, c.reason) == ("pass", "no secondary datum above 1 % of the CFP")


def test_7_1_5_2_direct_line_at_the_supplier_factor(make_tiny):
    c = _clause(make_tiny(), "direct_line_factor")
    assert (c.clause, c.status) == ("7.1.5.2", "pass")
    assert c.reason == "1 direct line(s) at the supplier's factor, source stated"


def test_7_1_5_3_conditions_one_row_each(make_tiny):
    """A contract stating only two of the four conditions: two rows pass, two fail, each
    naming its flag; the combined row fails too."""
    s = make_tiny()
    s.electricity.supplies["green"] = s.electricity.supplies["line"].model_copy(update={
        "type": "contract", "conveys_generator_info": True, "exclusive_claim": True})
    s.unit("electrolysis").inputs[0].supply = "green"
    del s.electricity.supplies["line"]
    s = Study.model_validate(s.model_dump())
    rows = {c.key: c for c in run_checks(s).compliance}
    assert rows["contract_conveys_generator_info"].status == "pass"
    assert rows["contract_exclusive_claim"].status == "pass"
    assert rows["contract_retired_by_reporter"].status == "fail"
    assert "retired_by_reporter" in rows["contract_retired_by_reporter"].reason
    assert rows["contract_matches_period"].status == "fail"
    assert rows["contract_conditions"].status == "fail"
    assert rows["direct_line_factor"].status == "not_applicable"
