"""Cut-off (GB/T 44905 5.3.4, 7.4 d/e) at the 1 % and 5 % borders, by hand."""

from __future__ import annotations

import pytest

from alcarbon.checks import assess, run_checks


def test_single_flow_exactly_one_percent_fails():
    # computed 4.95 + omitted 0.05 = 5.00 t/t; 0.05 / 5.00 = 1.00 % -> not "< 1 %"
    r = assess("p", 4.95, [("u", "a", 0.05, "r")])
    assert r.omitted[0].share == pytest.approx(0.01)
    assert not r.omitted[0].passes and not r.passes


def test_single_flow_just_below_one_percent_passes():
    # 0.0495 / (4.95 + 0.0495) = 0.0495 / 4.9995 = 0.99010 %
    r = assess("p", 4.95, [("u", "a", 0.0495, "r")])
    assert r.omitted[0].share == pytest.approx(0.0495 / 4.9995)
    assert r.passes


def test_total_exactly_five_percent_passes():
    # ten flows of 0.025 on 4.75: total 0.25 / 5.00 = 5.00 % (<= 5 %), each 0.5 %
    r = assess("p", 4.75, [("u", f"f{k}", 0.025, "r") for k in range(10)])
    assert r.omitted_share == pytest.approx(0.05)
    assert all(o.passes for o in r.omitted) and r.passes


def test_total_just_above_five_percent_fails():
    # plus 0.001: 0.251 / 5.001 = 5.019 %
    rows = [("u", f"f{k}", 0.025, "r") for k in range(10)] + [("u", "x", 0.001, "r")]
    r = assess("p", 4.75, rows)
    assert r.omitted_share == pytest.approx(0.251 / 5.001)
    assert not r.passes
    assert "不符合" in r.text_zh and "NOT met" in r.text_en


def test_period_estimates_are_normalised_per_declared_unit(make_tiny):
    # 9.9e6 kWh x 0.5 kg / 1000 t = 4.95 t/t; an omitted 50 t CO2e in the period is 0.05 t/t:
    # exactly 1 % of 5.00 -> fails; 49.5 t -> 0.0495 t/t -> passes
    s = make_tiny(omitted=[{"unit": "electrolysis", "flow": "cathode", "estimated_t_co2e": 50.0,
                            "reason": "relining"}])
    rep = run_checks(s)
    cut = rep.cutoff["liquid_aluminium"]
    assert cut.omitted[0].t_co2e == pytest.approx(0.05)
    assert not cut.passes
    assert {c.clause: c.status for c in rep.compliance}["7.4 d)"] == "fail"
    s2 = make_tiny(omitted=[{"unit": "electrolysis", "flow": "cathode",
                             "estimated_t_co2e": 49.5, "reason": "relining"}])
    assert run_checks(s2).cutoff["liquid_aluminium"].passes


def test_no_omission_text():
    r = assess("p", 5.0, [])
    assert r.passes and "未舍弃" in r.text_zh and "No flow was omitted" in r.text_en


def test_unknown_unit_is_bad_input(make_tiny):
    from alcarbon.errors import InputError

    s = make_tiny(omitted=[{"unit": "nowhere", "flow": "x", "estimated_t_co2e": 1.0}])
    with pytest.raises(InputError, match=r"omitted_flows\[0\]\.unit"):
        run_checks(s)
