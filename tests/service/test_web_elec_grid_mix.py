"""The results page's electricity fragment: declared vs location-based, the factor of every row,
and the separate grid-mix analysis of GB/T 44905 7.1.5.3 (certificates sold separately)."""

from __future__ import annotations

import re

import pytest

from alcarbon.engine import calculate
from alcarbon.service.findings import comparison
from alcarbon.service.views import dashboard
from alcarbon.service.web import i18n
from alcarbon.service.web.render import templates


def test_grid_mix_analysis_and_factors_on_the_results_page(rep_toy, rep_toy_cfp):
    """rep_toy (tests/conftest.py, period 2024) with its 13,500 kWh/t bought on a qualifying
    hydro contract (0.0141 kg/kWh, life cycle) whose certificates are sold separately, in
    内蒙古 (no corrected grid factor there). Without electricity the toy is
    rep_toy_cfp - 10.8 = 4.2134667 t. Declared: + 13,500 x 0.0141e-3 = 0.19035 t.
    Location and grid-mix analysis: + 13,500 x 0.5777e-3 = 7.79895 t (national 2024 life-cycle
    factor; none per province)."""
    d = rep_toy.model_dump()
    d["electricity"] = {"supplies": {"green": {
        "type": "contract", "region": "内蒙古", "value": 0.0141, "basis": "life_cycle",
        "source": "test certificate", "conveys_generator_info": True, "exclusive_claim": True,
        "retired_by_reporter": True, "matches_period": True, "sold_separately": True}}}
    d["units"][0]["inputs"][1]["supply"] = "green"
    s = type(rep_toy).model_validate(d)
    base = rep_toy_cfp - 10.8
    res = calculate(s).to_json_dict()
    (p,) = dashboard(res)
    p["electricity"] = res["products"][0]["electricity"]
    p["comparison"] = comparison(p)
    assert p["cfp"] == pytest.approx(base + 0.19035, abs=1e-9)
    assert p["cfp_location_based"] == pytest.approx(base + 7.79895, abs=1e-9)
    assert p["cfp_grid_mix_analysis"] == pytest.approx(base + 7.79895, abs=1e-9)
    html = templates.env.get_template("_elec_used.html").render(
        p=p, t=i18n.translator("zh"), lang="zh")
    gm = re.search(r'id="grid-mix-liquid_aluminium" data-value="([^"]+)"', html)
    assert gm and float(gm.group(1)) == pytest.approx(base + 7.79895, abs=1e-9)
    assert "电网组合分析" in html and "7.1.5.3" in html and "证书与电力分开出售" in html
    assert "supplier:green" in html and "0.0141" in html  # declared row names its factor
    assert "elec.footprint.cn.2024" in html and "0.5777" in html  # location row
