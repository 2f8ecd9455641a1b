"""The results page an accountant works from: the compliance checklist with links to the data to
fix, the electricity factors used, the declared vs location-based comparison, the data-quality
summary, and the uncertainty analysis on demand (HTML fragment, CSRF-protected)."""

from __future__ import annotations

import re

import pytest

from alcarbon.service.findings import checklist, comparison, targets, where_to_fix

STUDY = {"units": [
    {"id": "electrolysis", "inputs": [{"flow": "electricity"}, {"flow": "alumina"}],
     "outputs": [{"flow": "liquid_aluminium"}]},
    {"id": "casting", "inputs": [{"flow": "liquid_aluminium"}], "outputs": []}]}


def test_targets_name_rows_by_position_or_flow():
    text = ("no source: electrolysis/outputs/0 liquid_aluminium; casting: liquid_aluminium; "
            "electrolysis/alumina")
    assert targets(STUDY, text) == [
        {"unit": "electrolysis", "side": "inputs", "index": 1, "flow": "alumina"},
        {"unit": "electrolysis", "side": "outputs", "index": 0, "flow": "liquid_aluminium"},
        {"unit": "casting", "side": "inputs", "index": 0, "flow": "liquid_aluminium"}]
    # 'electrolysis/inputs/10' is not row 1; a flow inside a longer id is not that flow
    assert targets(STUDY, "electrolysis/inputs/10 x; electrolysis: alumina_hydrate") == []


def test_where_to_fix_falls_back_to_unit_then_section():
    unit_only = where_to_fix("boundary_units", STUDY, "electrolysis (no prebaked_anode input)")
    assert unit_only == {"rows": [{"unit": "electrolysis", "side": "", "index": -1, "flow": ""}],
                         "section": ""}
    assert where_to_fix("purpose", STUDY, "purpose not stated") == {"rows": [],
                                                                    "section": "study_info"}
    assert where_to_fix("grid_region", STUDY, "grid supply without region")["section"] == \
        "electricity"
    # the clauses added in issue 15 for direct lines and the four instrument conditions
    for key in ("direct_line_factor", "contract_conveys_generator_info",
                "contract_exclusive_claim", "contract_retired_by_reporter",
                "contract_matches_period"):
        assert where_to_fix(key, STUDY, "instrument(s) g: not stated")["section"] == \
            "electricity"


def test_checklist_puts_work_left_first_and_comparison_by_hand():
    check = {"compliance": [{"clause": "4", "status": "pass", "key": "purpose", "reason": ""},
                            {"clause": "6.2", "status": "manual", "key": "manual", "reason": ""},
                            {"clause": "7.1.2 c)", "status": "fail", "key": "traceability",
                             "reason": "electrolysis/inputs/0 electricity"}]}
    rows = checklist(check, STUDY)
    assert [r["clause"] for r in rows] == ["7.1.2 c)", "6.2", "4"]
    assert rows[0]["fix"]["rows"][0]["flow"] == "electricity"
    # declared 4.5, location 5.0: difference 4.5 - 5.0 = -0.5, i.e. -10 % of the location value
    c = comparison({"cfp": 4.5, "cfp_location_based": 5.0})
    assert c["difference"] == pytest.approx(-0.5) and c["share"] == pytest.approx(-0.1)


def test_results_page_sections(client, ids, login):
    login(client, "a_editor")
    sid = ids["a_study"]
    page = client.get(f"/studies/{sid}/results?lang=zh").text
    # conftest SMALL_STUDY: the output liquid_aluminium has neither source nor voucher, so
    # 7.1.2 c) fails and links to that row of the electrolysis entry page
    row = re.search(r'<tr class="st-fail" data-clause="7.1.2 c\)">.*?</tr>', page, re.S).group(0)
    assert f'href="/studies/{sid}/units/electrolysis#out-0-row"' in row and "不符合" in row
    # no purpose stated (clause 4): fixed in the study information of the workbook
    row4 = re.search(r'<tr class="st-fail" data-clause="4">.*?</tr>', page, re.S).group(0)
    assert f'href="/studies/{sid}#upload-form"' in row4
    # electricity: 1e6 kWh / 100 t = 10,000 kWh/t at 0.5 kg/kWh = 5.0 t; the direct line's
    # supplier factor is used in both results (7.1.5), so declared - location = 0
    elec = re.search(r'<table class="elec-used">.*?</table>', page, re.S).group(0)
    assert "10000.0" in elec and "0.5000" in elec and "5.0000" in elec
    diff = re.search(r'id="compare-liquid_aluminium">.*?data-value="([^"]+)"', page, re.S)
    assert float(diff.group(1)) == 0.0
    assert "数据质量汇总" in page and 'id="run-uncertainty"' in page


def test_uncertainty_fragment_needs_csrf_and_brackets_the_footprint(client, ids, login):
    csrf = login(client, "a_editor")
    sid = ids["a_study"]
    form = {"rev": "1", "iterations": "2000"}
    assert client.post(f"/studies/{sid}/uncertainty", data=form).status_code == 403
    r = client.post(f"/studies/{sid}/uncertainty?lang=zh", data=form | {"csrf_token": csrf})
    assert r.status_code == 200 and "<html" not in r.text  # a fragment for the page
    low, high = (float(x) for x in re.search(r'data-low="([^"]+)" data-high="([^"]+)"',
                                             r.text).groups())
    # the deterministic footprint 5.0 t CO2e/t (conftest) lies inside the 95 % interval
    assert low < 5.0 < high
    assert "确定值 5.000" in r.text and "铝电解生产：电力" in r.text


def test_program_written_texts_are_translated_user_texts_kept():
    from alcarbon.service.web.labels import system_text

    assert system_text("created", "zh") == "创建"
    assert system_text("upload plant.xlsx", "zh") == "上传 plant.xlsx"
    assert system_text("uploaded inventory of revision 12", "zh") == "上传的清单数据（修订 r12）"
    assert system_text("upload the meter readings", "zh") == "upload the meter readings"
    assert system_text("created", "en") == "created"


def test_sensitivity_parameters_are_named_in_the_page_language():
    from alcarbon.service.web.labels import param_label

    study = {"units": [{"id": "electrolysis", "inputs": [{"flow": "electricity"},
                                                         {"flow": "alumina"}]}],
             "factors": [{"id": "supplier.alumina_2024", "name": "alumina",
                          "name_zh": "氧化铝（供应商）"}]}
    assert param_label("technosphere:electrolysis/inputs/1", "", study, "zh") == \
        "铝电解生产：氧化铝（单元间用量）"  # the flow catalogue names alumina 氧化铝
    assert param_label("activity:electrolysis/inputs/0/transport/0", "", study, "en") == \
        "Aluminium electrolysis: Electricity (transport) (activity)"
    assert param_label("factor:supplier.alumina_2024", "", study, "zh") == \
        "排放因子 氧化铝（供应商）（supplier.alumina_2024）"
    assert param_label("factor:combustion:natural_gas", "", study, "zh") == \
        "燃料燃烧排放因子：天然气"
    # CH4/N2O of combustion (IPCC 2006 Vol.2 Ch.2 factors of the engine, issue 15 item 11)
    assert param_label("factor:ipcc_stationary:energy:coal:CH4", "", study, "zh") == \
        "燃料燃烧 CH4 排放因子（energy:coal:CH4）"
    assert param_label("factor:ipcc_stationary:manufacturing:gas:N2O", "", study, "en") == \
        "combustion N2O factor (manufacturing:gas:N2O)"
    assert param_label("activity:electrolysis/process/anode_effect", "", study, "zh") == \
        "铝电解生产：阳极效应全氟化碳（活动数据）"


def test_a_user_defined_unit_is_named_as_its_study_names_it(client, ids, login):
    """The coal example's captive plant (id captive_power, name 自备燃煤电厂): the results page's
    data-quality table, the study page's unit list and the unit page call it by its name, not
    by its id (the standard's five units keep their standard labels)."""
    from pathlib import Path

    from alcarbon.inventory import load_study
    from alcarbon.inventory.io_yaml import study_to_data

    coal = Path(__file__).resolve().parents[2] / "examples" / "coal_captive_smelter.yaml"
    sid = ids["a_study"]
    r = client.post(f"/api/studies/{sid}/revisions", headers={
        "Authorization": f"Bearer {ids['a_admin']}"}, json={
            "base_revision": 1, "reason": "the coal example",
            "study": study_to_data(load_study(coal))})
    assert r.status_code == 201, r.text
    login(client, "a_editor")
    page = client.get(f"/studies/{sid}/results?lang=zh").text
    # its coal's line reported in the smelter's units: the plant by name, the flow in words
    dq = re.search(r"<tr class=\"flag\"><td>([^<]+)</td><td>([^<]+)</td>", page)
    assert dq and dq.groups() == ("自备燃煤电厂", "自备电力（烟煤）")
    assert "<td>captive_power</td>" not in page
    assert "<td>铝电解生产</td>" in page  # a standard unit: its standard label
    study = client.get(f"/studies/{sid}?lang=zh").text
    assert "自备燃煤电厂 <code>captive_power</code>" in study
    unit = client.get(f"/studies/{sid}/units/captive_power?lang=zh").text
    assert re.search(r"<h1>自备燃煤电厂 <code>captive_power</code>", unit)

