"""The report's 电力处理 section (GB/T 44905 10 f 3): the declared result, the location-based
comparison, the 7.1.5.3 grid-mix analysis, and every electricity figure beside its factor."""

from __future__ import annotations

import pytest

from alcarbon.report import api
from alcarbon.report.model import KV, Note, Table


def _green_toy(rep_toy):
    """rep_toy (period 2024, 13,500 kWh/t) on a qualifying hydro contract (0.0141 kg/kWh) whose
    certificates are sold separately, in 内蒙古: no corrected grid factor there."""
    d = rep_toy.model_dump()
    d["electricity"] = {"supplies": {"green": {
        "type": "contract", "region": "内蒙古", "value": 0.0141, "basis": "life_cycle",
        "source": "test certificate", "conveys_generator_info": True, "exclusive_claim": True,
        "retired_by_reporter": True, "matches_period": True, "sold_separately": True}}}
    d["units"][0]["inputs"][1]["supply"] = "green"
    return type(rep_toy).model_validate(d)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_electricity_section_states_results_and_factors(rep_toy, rep_toy_cfp, lang):
    """Without electricity the toy is rep_toy_cfp - 10.8 t. Declared: + 13,500 x 0.0141e-3 =
    0.19035; location-based and grid-mix analysis: + 13,500 x 0.5777e-3 = 7.79895 (national
    2024 life-cycle factor elec.footprint.cn.2024)."""
    c = api.compute(_green_toy(rep_toy), analyses=False)
    base = rep_toy_cfp - 10.8
    r = c.facts["result"]
    assert r["cfp"] == pytest.approx(base + 0.19035, abs=1e-6)
    assert r["cfp_location_based"] == pytest.approx(base + 7.79895, abs=1e-6)
    assert r["cfp_grid_mix_analysis"] == pytest.approx(base + 7.79895, abs=1e-6)
    rep = api.build(c, lang)
    sec = next(s for s in rep.walk() if s.id == "electricity")
    kv = dict(next(b for b in sec.blocks if isinstance(b, KV)).items)
    i = 0 if lang == "zh" else 1
    names = (("GB/T 44905 结果", "GB/T 44905 result"), ("基于位置（对比）",
             "Location-based (comparison)"), ("电网组合分析（7.1.5.3，单独报告）",
                                              "Grid-mix analysis (7.1.5.3, reported separately)"))
    assert [float(kv[n[i]]) for n in names] == pytest.approx(
        [base + 0.19035, base + 7.79895, base + 7.79895], abs=1e-3)
    assert any(isinstance(b, Note) and "7.1.5.3" in b.text for b in sec.blocks)
    parts = next(b for b in sec.blocks if isinstance(b, Table) and b.id == "elec-parts")
    rows = {(row[0], row[2]): row for row in parts.rows}
    decl, loc = names[0][i], names[1][i]
    assert (decl, "supplier:green") in rows and (loc, "elec.footprint.cn.2024") in rows
    assert rows[(loc, "elec.footprint.cn.2024")][3] == "0.5777"
    assert rows[(loc, "elec.footprint.cn.2024")][5] == ("全国 2024" if lang == "zh"
                                                          else "national 2024")
