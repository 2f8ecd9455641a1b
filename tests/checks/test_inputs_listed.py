"""7.4 a) and b) are checked, not asserted (issue 15 item 6): fed by the rows, the 7.1.3.2 input
lists and the 7.2 balances, and the report prints what was found."""

from __future__ import annotations

import pytest

from alcarbon.checks import run_checks
from alcarbon.inventory.model import OmittedFlow, Study


def _clause(study: Study, key: str):
    return next(c for c in run_checks(study).compliance if c.key == key)


def test_examples_fail_7_4_b_naming_water_butts_and_the_anode_balance(hydro, coal):
    """Both examples list no water (7.1.3.2.1 d, 7.1.3.2.2 d) and no anode butts (7.1.3.2.3 a).
    Anode balance from examples/*.yaml: green anode 221 603 t against the listed carbon inputs
    calcined coke 141 993.8 + pitch 32 557.75 = 174 551.55 t (printed as 174552): a gap of
    47 051 t, the butts."""
    for study in (hydro, coal):
        c = _clause(study, "materials_listed")
        assert c.clause == "7.4 b)" and c.status == "fail"
        assert "bauxite_mining/water (7.1.3.2.1 d)" in c.reason
        assert "alumina_refining/water (7.1.3.2.2 d)" in c.reason
        assert "anode_production/anode butts (7.1.3.2.3 a)" in c.reason
        assert "green anode 221603 t exceeds the listed carbon inputs 174552 t" in c.reason
        assert c.detail["not_listed"] == [["bauxite_mining", "fresh_water"],
                                          ["alumina_refining", "fresh_water"],
                                          ["anode_production", "anode_butts"]]
        assert 141_993.8 + 32_557.75 == pytest.approx(174_551.55)


def test_examples_7_4_a_pass_with_the_thermal_energy_hint(hydro):
    """Every unit of the hydro example has a quantified energy input; the refinery's thermal
    energy (5.649 GJ/t alumina) is under the sourced range's low end 5.8: printed as a hint."""
    c = _clause(hydro, "energy_listed")
    assert c.clause == "7.4 a)" and c.status == "pass"
    assert "hint (not a failure): thermal energy per t alumina: 5.649 GJ/t" in c.reason
    assert len(c.detail["hints"]) == 1


def test_red_mud_listed_as_zero_is_not_quantified(hydro):
    """7.1.3.2.2 h: the examples enter red mud with amount 0 (their notes: 未量化)."""
    assert [o.amount for o in hydro.unit("alumina_refining").outputs
            if o.flow == "red_mud"] == [0.0]
    rep = run_checks(hydro)
    c = next(c for c in rep.compliance if c.key == "unit_data:alumina_refining")
    assert c.status == "fail" and "red mud output amount" in c.reason
    # cut-off (5.3.4, 7.4): a waste of 0 is counted as 0 without being declared omitted
    assert rep.cutoff["aluminium_ingot"].undeclared == ["alumina_refining/red_mud"]
    (f,) = [f for f in rep.validation if f.code == "CUTOFF_UNDECLARED"]
    assert f.message_en == ("red_mud: amount 0 (not quantified), counted as 0 and not declared "
                            "as omitted (7.4)")
    c = next(c for c in rep.compliance if c.key == "cutoff_declared")
    assert c.status == "fail" and "alumina_refining/red_mud" in c.reason


def test_energy_omitted_or_missing_fails_7_4_a(make_tiny):
    """tiny: one unit with 9.9e6 kWh. Declaring its electricity omitted fails 7.4 a (7.4 c lets
    only auxiliary materials go); a unit with no energy input fails too."""
    s = make_tiny(omitted=[{"unit": "electrolysis", "flow": "electricity",
                            "estimated_t_co2e": 1.0, "reason": "small"}])
    c = _clause(s, "energy_listed")
    assert c.status == "fail" and "electrolysis/electricity" in c.reason
    assert c.detail["omitted_energy"] == [["electrolysis", "electricity"]]
    s = make_tiny()
    s.omitted_flows = [OmittedFlow(unit="electrolysis", flow="cryolite", estimated_t_co2e=1.0,
                                   reason="auxiliary")]
    assert _clause(s, "energy_listed").status == "pass"  # an auxiliary material may be omitted
    s = make_tiny(kwh=0.0)
    c = _clause(s, "energy_listed")
    assert c.status == "fail" and c.detail["no_energy"] == [["electrolysis", ""]]


def test_report_prints_the_7_4_findings_not_an_assertion(hydro):
    """The cut-off section prints the checked 7.4 a)/b) results; the unconditional sentence
    '所有能源和原材料输入均已列出' is gone from both languages."""
    from alcarbon.report import api

    comp = api.compute(hydro, iterations=200)
    zh = api.render(comp, "html", "zh").decode()
    en = api.render(comp, "html", "en").decode()
    assert "所有能源和原材料输入均已列出" not in zh
    assert "every energy and raw-material input is listed" not in en
    assert "7.4 b) 原辅材料的所有输入均需列出。 不符合：" in zh
    assert "未列出的输入 3 项：铝土矿采选/新水、氧化铝生产/新水、预焙阳极生产/残极" in zh
    assert "7.4 b) All raw and auxiliary material inputs shall be listed. fail: not listed: " \
        "bauxite_mining/water (7.1.3.2.1 d)" in en
    assert "7.4 a) All energy inputs shall be listed. pass: " in en
