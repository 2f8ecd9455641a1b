"""Web pages after the new-user walk-through: report buttons only with a result, the study header
follows the head revision, Chinese flow labels and failure messages, the add-unit form."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alcarbon.service.web.labels import flow_label, unit_label

EXAMPLE = Path(__file__).parents[2] / "examples" / "hydro_smelter_yunnan.xlsx"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def save(client, ids, study, base, reason="edit"):
    r = client.post(f"/api/studies/{ids['a_study']}/revisions", headers=bearer(ids["a_admin"]),
                    json={"base_revision": base, "reason": reason, "study": study})
    assert r.status_code == 201, r.text


def with_missing_factor(study):
    # lubricating_oil is a catalogue flow without a sourced upstream factor, so the engine must
    # refuse it with MissingFactorError (the study supplies none)
    study["units"][0]["inputs"].append({"flow": "lubricating_oil", "kind": "material",
                                        "amount": 1, "unit": "t"})
    return study


def new_study(client, csrf, ids, product="aluminium_ingot", year=2025):
    r = client.post("/studies", data={"csrf_token": csrf, "site_id": ids["a_site1"],
                                      "name": "walk", "product": product,
                                      "period_start": f"{year}-01-01",
                                      "period_end": f"{year}-12-31"}, follow_redirects=False)
    assert r.status_code == 303
    return int(r.headers["location"].rsplit("/", 1)[1])


# ---- 1. no report downloads without a successful result ------------------------------------

def test_failed_calculation_hides_report_buttons(client, ids, login, small_study):
    save(client, ids, with_missing_factor(small_study), 1, "oil without factor")
    login(client, "a_editor")
    sid = ids["a_study"]
    bad = client.get(f"/studies/{sid}/results?rev=2&lang=zh")
    assert bad.status_code == 200
    assert 'id="calc-error"' in bad.text and "lubricating_oil" in bad.text  # failure stays
    assert 'id="report-' not in bad.text and "/report?" not in bad.text
    assert 'id="no-report"' in bad.text and "不能下载报告" in bad.text
    # revision 1 (5.0 t CO2e/t, see conftest) still offers all four downloads
    good = client.get(f"/studies/{sid}/results?rev=1&lang=zh")
    assert 'id="calc-error"' not in good.text
    assert {f for f in ("html", "pdf", "xlsx", "json") if f'id="report-{f}"' in good.text} == \
        {"html", "pdf", "xlsx", "json"}
    assert 'id="no-report"' not in good.text


# ---- 2. the header follows the head revision -------------------------------------------------

@pytest.mark.skipif(not EXAMPLE.exists(), reason="example workbook not built")
def test_header_follows_uploaded_workbook_period(client, ids, login):
    csrf = login(client, "a_admin")
    sid = new_study(client, csrf, ids, year=2025)
    page = client.get(f"/studies/{sid}?lang=zh").text
    assert "2025-01-01 – 2025-12-31" in page and 'id="header-note"' not in page
    with EXAMPLE.open("rb") as fh:
        r = client.post(f"/studies/{sid}/upload", data={"csrf_token": csrf, "base_revision": "1"},
                        files={"file": ("hydro.xlsx", fh.read())}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get(f"/studies/{sid}?lang=zh").text
    header = re.search(r'<small id="study-header">(.*?)</small>', page).group(1)
    # the example workbook's study sheet says 2023-01-01 .. 2023-12-31
    assert "2023-01-01 – 2023-12-31" in header and "2025" not in header
    assert "r2" in header
    note = re.search(r'<p class="muted small" id="header-note">(.*?)</p>', page).group(1)
    assert "2025-01-01 – 2025-12-31" in note  # the creation values stay visible, as created
    home = client.get("/?lang=zh").text
    row = re.search(rf'<a href="/studies/{sid}">walk</a>.*?</tr>', home, re.S).group(0)
    assert "2023-01-01 – 2023-12-31" in row
    api = client.get(f"/api/studies/{sid}").json()
    assert (api["period_start"], api["period_end"]) == ("2023-01-01", "2023-12-31")
    # revision 1 is untouched: it still says 2025
    rev1 = client.get(f"/api/studies/{sid}/revisions/1").json()["study"]
    assert rev1["period"] == {"start": "2025-01-01", "end": "2025-12-31"}


def test_header_product_follows_declared_products(client, ids, small_study):
    h = bearer(ids["a_admin"])
    r = client.post("/api/studies", headers=h, json={
        "site_id": ids["a_site1"], "name": "ingot", "product": "aluminium_ingot",
        "period_start": "2025-01-01", "period_end": "2025-12-31"})
    sid = r.json()["id"]
    assert r.json()["product"] == "aluminium_ingot"
    # the upload declares only liquid aluminium (small study) over 2023
    small_study["period"] = {"start": "2023-01-01", "end": "2023-12-31"}
    up = client.post(f"/api/studies/{sid}/upload", headers=h, data={"base_revision": "1"},
                     files={"file": ("s.json", json.dumps(small_study).encode())})
    assert up.status_code == 201, up.text
    got = client.get(f"/api/studies/{sid}", headers=h).json()
    assert got["product"] == "liquid_aluminium"
    assert (got["period_start"], got["period_end"]) == ("2023-01-01", "2023-12-31")
    listed = {x["id"]: x for x in client.get("/api/studies", headers=h).json()}
    assert listed[sid]["period_start"] == "2023-01-01"
    page = client.get(f"/studies/{sid}?lang=zh", headers=h).text
    assert "电解铝液 · 2023-01-01 – 2023-12-31" in page


# ---- 3. Chinese labels and failure messages --------------------------------------------------

def test_flow_labels_of_catalogue_and_process_sources():
    # Appendix A Table A.3/A.4 row names; the catalogue's Chinese names of flows
    assert flow_label("anode_consumption", "zh") == "预焙阳极消耗"
    assert flow_label("anode_effect", "zh") == "阳极效应全氟化碳"
    assert flow_label("pitch_volatiles", "zh") == "生阳极挥发物燃烧"
    assert flow_label("packing_coke", "zh") == "填充料焦燃烧"
    assert flow_label("carbonate:limestone", "zh") == "碳酸盐分解（石灰石）"
    # the engine's other composed ids "<prefix>:<flow>" in words, the inner flow by its
    # catalogue name (calcined_coke 煅后焦 / Calcined petroleum coke, bituminous_coal 烟煤)
    assert flow_label("transport:calcined_coke", "zh") == "运输（煅后焦）"
    assert flow_label("transport:calcined_coke", "en") == "Transport (Calcined petroleum coke)"
    assert flow_label("electricity:bituminous_coal", "zh") == "自备电力（烟煤）"
    assert flow_label("electricity:bituminous_coal", "en") == "Captive power (Bituminous coal)"
    assert flow_label("measured:CO2", "zh") == "实测排放（CO2）"
    # a user-defined supply unit's line in its consumer, by the link's kind (item_lists.label)
    assert flow_label("water:diesel", "en") == "Captive supply unit (Diesel)"
    assert flow_label("foo:x", "zh") == "foo:x"  # no words for it: the id as it is
    assert flow_label("electricity", "zh") == "电力"
    assert flow_label("not_a_flow_xyz", "zh") == "not_a_flow_xyz"
    assert unit_label("electrolysis", "zh") == "铝电解生产"
    assert unit_label("captive_power", "zh") == "captive_power"


def test_results_hotspots_in_chinese(client, ids, login):
    login(client, "a_editor")
    page = client.get(f"/studies/{ids['a_study']}/results?lang=zh").text
    hot = page.split("排放热点", 1)[1].split("</table>", 1)[0]
    # the small study's one hotspot is its electricity (5.0 t CO2e/t, 100 %)
    assert "<td>电力 <code" in hot and "5.0000" in hot and "100.0 %" in hot


@pytest.mark.skipif(not EXAMPLE.exists(), reason="example workbook not built")
def test_results_process_sources_in_chinese(client, ids, login):
    csrf = login(client, "a_admin")
    sid = new_study(client, csrf, ids, year=2023)
    with EXAMPLE.open("rb") as fh:
        client.post(f"/studies/{sid}/upload", data={"csrf_token": csrf, "base_revision": "1"},
                    files={"file": ("hydro.xlsx", fh.read())})
    page = client.get(f"/studies/{sid}/results?lang=zh").text
    assert 'id="calc-error"' not in page
    # a prebaked-anode smelter's electrolysis emits anode-consumption CO2 (Table A.4)
    assert "<td>预焙阳极消耗 <code" in page
    assert not re.search(r"<td>anode_consumption</td>", page)


def test_failure_message_has_chinese_and_english_lead(client, ids, login, small_study):
    save(client, ids, with_missing_factor(small_study), 1, "oil without factor")
    login(client, "a_editor")
    zh = client.get(f"/studies/{ids['a_study']}/results?rev=2&lang=zh").text
    lead = re.search(r'<p class="lead">(.*?)</p>', zh).group(1)
    assert lead.startswith("计算失败：") and "排放因子" in lead
    # the detail in Chinese: the row (unit and flow, with its id) and what it lacks; the
    # engine's English text only on the en page (issue 10 §4: no English on zh pages)
    assert re.search(r"<li>铝电解生产：[^<]*（lubricating_oil）：缺少上游排放因子</li>", zh)
    assert "no packaged default" not in zh
    en = client.get(f"/studies/{ids['a_study']}/results?rev=2&lang=en").text
    assert "1 emission factor(s) have no packaged default" in en  # engine detail kept
    assert re.search(r'<p class="lead">The calculation failed: some emission factors', en)
    ver = client.get(f"/studies/{ids['a_study']}/verify?rev=2&lang=zh").text
    assert re.search(r'<p class="lead">计算失败：', ver)


def test_upload_failure_has_chinese_lead(client, ids, login):
    csrf = login(client, "a_editor")
    r = client.post(f"/studies/{ids['a_study']}/upload?lang=zh",
                    data={"csrf_token": csrf, "base_revision": "1"},
                    files={"file": ("bad.json", b'{"title": "x"}')})
    assert r.status_code == 422
    assert "文件未保存" in r.text and "bad.json" in r.text
    assert client.get(f"/api/studies/{ids['a_study']}").json()["head_revision"] == 1


# ---- 4. the add-unit form --------------------------------------------------------------------

def options(page):
    sel = re.search(r'<select name="unit" id="add-unit-standard">(.*?)</select>', page, re.S)
    return re.findall(r'<option value="([^"]*)"', sel.group(1)) if sel else []


def test_add_unit_offers_missing_standard_units_and_free_id(client, ids, login):
    csrf = login(client, "a_admin")
    page = client.get(f"/studies/{ids['a_study']}?lang=zh").text
    # the small study has electrolysis only: the other four of GB/T 44905 5.3.3, in order
    assert options(page) == ["bauxite_mining", "alumina_refining", "anode_production", "casting"]
    assert "铝土矿采选（bauxite_mining）" in page and "铝液铸锭（casting）" in page
    assert 'name="custom" id="add-unit-custom"' in page
    sid = new_study(client, csrf, ids)
    empty = client.get(f"/studies/{sid}?lang=zh").text
    assert options(empty) == ["bauxite_mining", "alumina_refining", "anode_production",
                              "electrolysis", "casting"]
    assert "铝电解生产（electrolysis）" in empty


def test_add_unit_redirects_and_rejects_bad_ids(client, ids, login):
    login(client, "a_editor")
    sid = ids["a_study"]
    r = client.get(f"/studies/{sid}/unit", params={"unit": "casting"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/studies/{sid}/units/casting"
    r = client.get(f"/studies/{sid}/unit", params={"unit": "casting", "custom": "captive_power"},
                   follow_redirects=False)
    assert r.headers["location"] == f"/studies/{sid}/units/captive_power"
    unit = client.get(r.headers["location"])
    assert unit.status_code == 200 and "captive_power" in unit.text
    bad = client.get(f"/studies/{sid}/unit", params={"custom": "my plant!", "lang": "zh"})
    assert bad.status_code == 422 and "单元编号只能包含" in bad.text


@pytest.mark.skipif(not EXAMPLE.exists(), reason="example workbook not built")
def test_add_unit_after_all_five_offers_free_id(client, ids, login):
    csrf = login(client, "a_admin")
    sid = new_study(client, csrf, ids, year=2023)
    with EXAMPLE.open("rb") as fh:
        client.post(f"/studies/{sid}/upload", data={"csrf_token": csrf, "base_revision": "1"},
                    files={"file": ("hydro.xlsx", fh.read())})
    page = client.get(f"/studies/{sid}?lang=zh").text
    assert options(page) == [] and 'id="all-standard"' in page
    assert 'name="custom" id="add-unit-custom"' in page
    assert "<title>walk" in page and "<datalist" not in page.split("</title>")[0]
