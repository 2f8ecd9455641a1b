"""Unrated data are not perfect data (GB/T 44905 6.1, 6.3 Table 2; issue 15 item 4).

The product's data-quality block (``declared_quality``) is weighted by |t CO2e| of the CFP's
contribution rows. Table 2 levels score good 1, fair 2, poor 3; a criterion not rated scores 3
(``dq_unrated: worst``, default) or is left out (``exclude``). A row is primary only when its
datum says primary and its emission is computed on site (combustion:, method:, measured);
supplier declarations and library/national factors are secondary whatever the row says (6.1).
Every expected value below is worked by hand in the comments.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from alcarbon.checks import run_checks
from alcarbon.checks.quality import CRITERIA, declared_quality, study_quality
from alcarbon.engine import calculate
from alcarbon.exchange import pact
from alcarbon.inventory.base import DataQuality
from alcarbon.inventory.model import Study

GOOD = dict.fromkeys(CRITERIA, "good")


def row(t: float, factor_id: str, dq: dict | None, flow: str, unit: str = "electrolysis",
        origin: str = "") -> dict:
    return {"t_co2e": t, "factor_id": factor_id, "dq": dq, "unit": unit,
            "origin_unit": origin or unit, "flow": flow}


def test_criteria_are_the_data_quality_fields():
    assert set(CRITERIA) == set(DataQuality.model_fields) - {"primary", "source", "evidence",
                                                             "gsd"}


def test_four_data_one_rated_primary_three_unrated_equal_weights():
    # 4 data of 1 t CO2e each: A rated good x5 and primary (site combustion); B, C, D unrated.
    rows = [row(1.0, "combustion:diesel", {**GOOD, "primary": True}, "diesel"),
            row(1.0, "method:anode_effect", {}, "anode_effect"),
            row(1.0, "fuel.diesel", None, "fuel_oil"),
            row(1.0, "measured", {"source": "CEMS"}, "measured:CF4")]
    q = declared_quality(rows)
    # rated 1 of 4 t -> 0.25; primary: A only (nothing else says primary) -> 0.25
    assert q["rated_share"] == pytest.approx(0.25)
    assert q["primary_share"] == pytest.approx(0.25)
    # worst: A scores 1, B, C, D 3 on every criterion -> (1 + 3 + 3 + 3) / 4 = 2.5 -> fair
    assert q["score"] == pytest.approx(2.5) and q["rating"] == "fair"
    assert q["criteria"] == pytest.approx(dict.fromkeys(CRITERIA, 2.5))
    assert q["unrated"] == 3 and q["data"] == 4 and q["scored_share"] == pytest.approx(1.0)
    # exclude: only A is scored -> 1.0 good, on 1 of 4 t (share stated, 0.25)
    e = declared_quality(rows, "exclude")
    assert e["score"] == pytest.approx(1.0) and e["rating"] == "good"
    assert e["scored_share"] == pytest.approx(0.25) and e["rated_share"] == pytest.approx(0.25)
    assert e["unrated_scoring"] == "exclude"


def test_four_data_by_contribution_weights():
    # A 2.0 t rated good, primary; B 1.0, C 0.5 unrated; D -0.5 t (a credit) unrated.
    # |t| weights 2 + 1 + 0.5 + 0.5 = 4: rated 2/4 = 0.5, primary 0.5,
    # score (2 x 1 + 1 x 3 + 0.5 x 3 + 0.5 x 3) / 4 = 2.0 (fair)
    rows = [row(2.0, "combustion:diesel", {**GOOD, "primary": True}, "diesel"),
            row(1.0, "method:anode_effect", {"primary": True}, "anode_effect"),
            row(0.5, "fuel.diesel", {}, "diesel"),
            row(-0.5, "measured", None, "measured:CO2")]
    q = declared_quality(rows)
    assert q["rated_share"] == pytest.approx(0.5)
    assert q["primary_share"] == pytest.approx(0.75)  # A 2 + B 1 (site, stated primary) of 4
    assert q["score"] == pytest.approx(2.0) and q["rating"] == "fair"
    # the upstream row of the diesel datum (fuel.diesel) is the same datum as its combustion:
    # data = {diesel, anode_effect, measured:CO2} = 3, unrated = the diesel datum (its upstream
    # row is unrated), anode_effect, measured:CO2 = 3
    assert q["data"] == 3 and q["unrated"] == 3
    # one criterion missing: (1 + 1 + 1 + 3 + 1) / 5 = 1.4 under worst; 1.0 under exclude
    one = [row(1.0, "measured", {**GOOD, "reliability": None}, "x")]
    assert declared_quality(one)["score"] == pytest.approx(1.4)
    assert declared_quality(one, "exclude")["score"] == pytest.approx(1.0)
    assert declared_quality(one)["rated_share"] == 0.0


def test_background_factors_and_supplier_declarations_are_secondary():
    # 6.1: "背景数据不能量化则为次级数据,如外购原辅材料和燃料的上游排放因子、运输排放因子…";
    # each of these rows says primary and is rated good, none counts as primary
    p = {**GOOD, "primary": True}
    rows = [row(1.0, "supplier:purchased_alumina", p, "purchased_alumina"),
            row(1.0, "material.caustic_soda", p, "caustic_soda"),
            row(1.0, "elec.footprint.cn.2023", p, "electricity"),
            row(1.0, "freight.rail", p, "transport:coke"),
            row(1.0, "supplier:line", p, "electricity", unit="casting")]
    q = declared_quality(rows)
    assert q["primary_share"] == 0.0 and q["rated_share"] == 1.0 and q["score"] == 1.0
    # a captive plant's coal burnt on site, reported in its consumer, is site data
    cap = [row(3.0, "combustion:bituminous_coal", p, "electricity:bituminous_coal",
               origin="captive_power"),
           row(1.0, "fuel.coal", p, "electricity:bituminous_coal", origin="captive_power")]
    q = declared_quality(cap)
    assert q["primary_share"] == pytest.approx(0.75) and q["data"] == 1


def test_nothing_to_grade_is_not_rated_never_good():
    q = declared_quality([])
    assert q["score"] is None and q["rating"] == "not_rated"
    assert q["rated_share"] is None and q["primary_share"] is None
    with pytest.raises(ValueError):
        declared_quality([], "best")


# --- 14 data, 11 unrated: the scenario, through checks, calc JSON and PACT ------------
# per 1000 t liquid aluminium:
#   3 measured emissions rated good x5, primary: CO2 1000 t -> 1.0; CF4 0.1 t x 7380 (AR6)
#     -> 0.738; C2F6 0.01 t x 12400 (AR6) -> 0.124; rated total 1.862 t CO2e/t
#   11 purchased materials, 100 t each at a supplier CFP of 1.0 t/t -> 0.1 each, 1.1 in all;
#     nothing rated, each row claims primary (a supplier declaration is secondary anyway)
# CFP = 1.862 + 1.1 = 2.962
# rated share = primary share = 1.862 / 2.962 = 0.628629
# worst: score = (1.862 x 1 + 1.1 x 3) / 2.962 = 5.162 / 2.962 = 1.742741 -> fair
# exclude: score 1.0 on a scored share of 0.628629
# PACT: primaryDataShare 62.86; DQR = 2 x 1.742741 - 1 = 2.485483 -> "2.49" on each criterion
CFP14 = 1.862 + 1.1
RATED14 = 1.862 / CFP14
SCORE14 = (1.862 + 1.1 * 3) / CFP14


def study14(mode: str = "worst") -> Study:
    inputs = [{"flow": f"material_{k:02d}", "amount": 100.0, "unit": "t", "kind": "material",
               "supplier_cfp": {"value": 1.0, "source": "supplier EPD"},
               "dq": {"source": "invoices", "primary": True}} for k in range(11)]
    outputs = [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t",
                "dq": {"source": "meter"}}]
    for gas, t in (("CO2", 1000.0), ("CF4", 0.1), ("C2F6", 0.01)):
        outputs.append({"flow": gas.lower(), "amount": t, "unit": "t", "kind": "emission",
                        "gas": gas, "dq": {**GOOD, "source": "CEMS", "primary": True}})
    return Study.model_validate({
        "title": "14 data", "producer": {"name": "Test Aluminium"},
        "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["liquid_aluminium"], "dq_unrated": mode,
        "units": [{"id": "electrolysis", "location": "云南", "inputs": inputs,
                   "outputs": outputs}]})


def test_eleven_of_fourteen_unrated_is_not_good_one_hundred_percent():
    s = study14()
    r = calculate(s)
    assert r.products["liquid_aluminium"].cfp == pytest.approx(CFP14)
    q = declared_quality(r.products["liquid_aluminium"].contributions, s.dq_unrated)
    assert q["unrated"] == 11 and q["data"] == 14
    assert q["rated_share"] == pytest.approx(RATED14)
    assert q["primary_share"] == pytest.approx(RATED14)
    assert q["score"] == pytest.approx(SCORE14) and q["rating"] == "fair"
    # the check report's headline is the same block
    c = run_checks(s, r).data_quality["liquid_aluminium"]
    assert c.score == pytest.approx(SCORE14) and c.rating == "fair"
    assert c.primary_share == pytest.approx(RATED14)
    assert c.unrated_share == pytest.approx(1.1 / CFP14)
    assert c.declared == q


def test_eleven_of_fourteen_in_calc_json_and_pact(tmp_path):
    from alcarbon.cli.main import app

    path = tmp_path / "s14.json"
    path.write_text(study14().model_dump_json(), encoding="utf-8")
    res = CliRunner().invoke(app, ["calc", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    dq = json.loads(res.stdout)["products"][0]["data_quality"]
    assert dq["rated_share"] == pytest.approx(RATED14)
    assert dq["primary_share"] == pytest.approx(RATED14)
    assert dq["score"] == pytest.approx(SCORE14) and dq["rating"] == "fair"
    assert dq["unrated"] == 11 and "t CO2e" in dq["basis"]
    s = study14()
    pf = pact.to_pact(s, calculate(s), created="2025-03-01T00:00:00Z")
    pact.validate(pf)
    assert pf["pcf"]["primaryDataShare"] == "62.86"  # 100 x 0.628629
    assert float(pf["pcf"]["primaryDataShare"]) == pytest.approx(100 * dq["primary_share"],
                                                                 abs=0.005)
    assert pf["pcf"]["dqi"] == dict.fromkeys(
        ("technologicalDQR", "geographicalDQR", "temporalDQR"), "2.49")


def test_eleven_of_fourteen_excluded_states_the_share():
    s = study14("exclude")
    r = calculate(s)
    q = declared_quality(r.products["liquid_aluminium"].contributions, s.dq_unrated)
    assert q["score"] == pytest.approx(1.0) and q["rating"] == "good"
    assert q["scored_share"] == pytest.approx(RATED14)  # the share the grade rests on
    assert q["rated_share"] == pytest.approx(RATED14) and q["unrated"] == 11
    pf = pact.to_pact(s, r, created="2025-03-01T00:00:00Z")
    assert pf["pcf"]["dqi"]["temporalDQR"] == "1"  # rated rows only, all good


def test_pact_toy_primary_share_equals_the_block(rep_toy, rep_toy_cfp):
    # rep_toy (tests/conftest.py): electricity 10.8 on a direct line (supplier declaration),
    # alumina 1.92 (supplier CFP), anode effect 0.862, anode consumption 1.4314667; CFP
    # 15.0134667. Mark every row primary and rated good: only the site process emissions count,
    # (0.862 + 1.4314667) / 15.0134667 = 0.152759 -> 15.28 %.
    d = rep_toy.model_dump()
    u = d["units"][0]
    for i in u["inputs"]:
        i["dq"] = {**GOOD, "primary": True}
    for k in ("anode_consumption", "anode_effect"):
        u["process_emissions"][k]["dq"] = {**GOOD, "primary": True}
    s = Study.model_validate(d)
    pf = pact.to_pact(s, calculate(s), created="2025-03-01T00:00:00Z")
    share = (0.862 + 0.4 * 0.976 * 44 / 12) / rep_toy_cfp
    assert float(pf["pcf"]["primaryDataShare"]) == pytest.approx(100 * share, abs=0.005)
    assert pf["pcf"]["dqi"]["technologicalDQR"] == "1"


# --- links between the study's units ------------------------------------------------------------
# electrolysis: 1000 t liquid aluminium, measured CF4 0.1 t (rated good x5, primary) -> 738 t
# casting: 1000 t liquid aluminium in (the link), 1000 t ingot out -> ingot CFP 0.738 t/t, all of
# it emitted in electrolysis and carried to the ingot through the casting input row.


def two_units(link_dq: dict) -> Study:
    return Study.model_validate({
        "title": "link", "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["aluminium_ingot", "liquid_aluminium"],
        "units": [
            {"id": "electrolysis", "location": "云南", "inputs": [],
             "outputs": [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t"},
                         {"flow": "cf4", "amount": 0.1, "unit": "t", "kind": "emission",
                          "gas": "CF4", "dq": {**GOOD, "source": "CEMS", "primary": True}}]},
            {"id": "casting", "location": "云南",
             "inputs": [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t",
                         "dq": link_dq}],
             "outputs": [{"flow": "aluminium_ingot", "amount": 1000.0, "unit": "t"}]}]})


@pytest.mark.parametrize("link_dq,rated,primary,score,rating", [
    # link not rated, not primary: the row rests on it -> not rated, secondary; each criterion
    # the poorer of 1 (CF4) and 3 (unrated link) -> 3.0, poor
    ({"source": "weighbridge"}, 0.0, 0.0, 3.0, "poor"),
    # link rated good x5 and primary -> all rated, primary, 1.0
    ({**GOOD, "primary": True}, 1.0, 1.0, 1.0, "good"),
    # link fair on time: time max(1, 2) = 2 -> (1 + 2 + 1 + 1 + 1) / 5 = 1.2
    ({**GOOD, "time": "fair", "primary": True}, 1.0, 1.0, 1.2, "good"),
])
def test_a_row_rests_on_the_links_it_passes(link_dq, rated, primary, score, rating):
    s = two_units(link_dq)
    r = calculate(s)
    assert r.products["aluminium_ingot"].cfp == pytest.approx(0.738)
    q = study_quality(s, r, "aluminium_ingot")
    assert q["rated_share"] == pytest.approx(rated)
    assert q["primary_share"] == pytest.approx(primary)
    assert q["score"] == pytest.approx(score) and q["rating"] == rating
    assert q["data"] == 2  # the CF4 datum and the link
    # liquid aluminium itself does not pass the link: its own datum only
    lq = study_quality(s, r, "liquid_aluminium")
    assert lq["score"] == pytest.approx(1.0) and lq["data"] == 1


def test_captive_rows_rest_on_their_consumers_link(coal):
    from alcarbon.checks.quality import link_paths

    paths = link_paths(coal, "aluminium_ingot")
    # the captive plant's coal reported in electrolysis rests on electrolysis's captive-kWh
    # input and the liquid-metal input of casting; in bauxite mining on the bauxite chain too
    assert [k for k, _d in paths["captive_power>electrolysis"]] == [
        ("electrolysis", "inputs/4:electricity"), ("casting", "inputs/0:liquid_aluminium")]
    assert [k for k, _d in paths["captive_power>bauxite_mining"]] == [
        ("bauxite_mining", "inputs/2:electricity"), ("alumina_refining", "inputs/0:bauxite"),
        ("electrolysis", "inputs/0:alumina"), ("casting", "inputs/0:liquid_aluminium")]
    assert paths["casting"] == []


class _FreshDqRow:
    """A contribution row whose ``dq`` is a new mapping on every read (as a computed property
    may be): the grading kept per mapping must never mix two rows up."""

    def __init__(self, unit: str, flow: str, t: float, level: str, primary: bool) -> None:
        self.unit, self.origin_unit, self.flow, self.t_co2e = unit, None, flow, t
        self.factor_id = "combustion:coal"
        from alcarbon.checks.quality import CRITERIA

        self._dq = {**{c: level for c in CRITERIA}, "primary": primary}

    @property
    def dq(self) -> dict:
        return dict(self._dq)  # a copy per read: freed copies' ids are taken again at once


def test_rows_with_fresh_dq_mappings_graded_each_on_its_own():
    from alcarbon.checks.quality import declared_quality

    rows = [_FreshDqRow("u", "coal", 1.0, "good", True),
            _FreshDqRow("u", "gas", 3.0, "poor", False),
            _FreshDqRow("u", "oil", 3.0, "poor", False)] * 20
    q = declared_quality(rows)
    # by hand, per group of three: weights 1 (good = 1), 3 and 3 (poor = 3):
    # score (1 x 1 + 3 x 3 + 3 x 3) / 7 = 19/7; primary only the good rows: 1/7
    assert q["score"] == pytest.approx(19 / 7)
    assert q["criteria"] == {c: pytest.approx(19 / 7) for c in q["criteria"]}
    assert q["primary_share"] == pytest.approx(1 / 7)
    assert q["rated_share"] == pytest.approx(1.0) and q["unrated"] == 0 and q["data"] == 3
