"""Table 2 ratings on the entry page: labelled columns with 好/一般/较差, unrated by default;
an indicator left unrated is not written into the revision (no made-up "good")."""

from __future__ import annotations

import re

from tests.service.webform_util import form_values


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_unrated_indicators_stay_unrated(client, ids, login):
    csrf = login(client, "a_editor")
    sid = ids["a_study"]
    url = f"/studies/{sid}/units/electrolysis"
    page = client.get(url + "?lang=zh").text
    heads = [h.split(">")[-1] for h in page.split("</th>") if '<th class="dq"' in h]
    assert heads[:5] == ["技术", "时间", "地域", "可靠性", "完整性"]
    assert '<option value="poor" selected>较差</option>' in page  # stored time: poor
    form = form_values(page, "unit-form")
    # conftest SMALL_STUDY rates only 'time' of the electricity row; the rest shows unrated
    assert form["in-0-dq-time"] == "poor" and form["in-0-dq-technology"] == ""
    assert form["in-0-source"] == "meter M1"  # the source is a text area, sent back as is
    form |= {"csrf_token": csrf, "reason": "rate technology",
             "in-0-dq-technology": "fair",
             "in-1-flow": "alumina", "in-1-amount": "193", "in-1-unit": "t",
             "in-1-dq-geography": "poor"}
    ok = client.post(url, data=form, follow_redirects=False)
    assert ok.status_code == 303, ok.text
    rev = client.get(f"/api/studies/{sid}/revisions/2", headers=bearer(ids["a_editor"])).json()
    ins = rev["study"]["units"][0]["inputs"]
    rated = {"technology", "time", "geography", "reliability", "completeness"}
    assert {k: v for k, v in ins[0]["dq"].items() if k in rated} == {
        "technology": "fair", "time": "poor"}
    assert {k: v for k, v in ins[1]["dq"].items() if k in rated} == {"geography": "poor"}


def test_primary_is_not_ticked_unless_stated(client, ids, login):
    # conftest SMALL_STUDY never says primary: GB/T 44905 6.1 / 7.1.2 c) make "primary data" a
    # claim the user makes, so neither the stored row nor a new blank row is ticked
    csrf = login(client, "a_editor")
    sid = ids["a_study"]
    url = f"/studies/{sid}/units/electrolysis"
    form = form_values(client.get(url + "?lang=en").text, "unit-form")
    assert "in-0-primary" not in form and "in-1-primary" not in form
    form |= {"csrf_token": csrf, "reason": "add a row", "in-1-flow": "alumina",
             "in-1-amount": "193", "in-1-unit": "t", "in-0-primary": "on"}
    ok = client.post(url, data=form, follow_redirects=False)
    assert ok.status_code == 303, ok.text
    rev = client.get(f"/api/studies/{sid}/revisions/2", headers=bearer(ids["a_editor"])).json()
    ins = rev["study"]["units"][0]["inputs"]
    assert ins[0]["dq"]["primary"] is True  # ticked by the user
    assert ins[1].get("dq", {}).get("primary", False) is False  # default dropped on store


def test_verifier_view_heads_a_partly_rated_datum_unrated(client, ids, login):
    # electricity rated time 'good' only (four indicators unrated): the head of its rating cell
    # must say 未评级, not 好 (the worst of the rated ones); with time 'poor' it says 较差
    csrf = login(client, "a_editor")
    sid = ids["a_study"]
    url = f"/studies/{sid}/units/electrolysis"
    page = client.get(url + "?lang=zh").text
    assert '<td class="rating rating-poor">较差' in client.get(
        f"/studies/{sid}/verify?lang=zh").text
    form = form_values(page, "unit-form") | {"csrf_token": csrf, "reason": "time good",
                                              "in-0-dq-time": "good"}
    assert client.post(url, data=form, follow_redirects=False).status_code == 303
    ver = client.get(f"/studies/{sid}/verify?lang=zh").text
    cell = re.search(r'<td class="rating rating-[a-z_]+">[^<]*', ver).group(0)
    assert cell.endswith(">未评级") and "rating-unrated" in cell
    assert "好<br>" not in cell
