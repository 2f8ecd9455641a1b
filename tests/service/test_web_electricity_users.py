"""The electricity-supplies editor of the study page (GB/T 44905 7.1.5) and the admin's users
page: valid saves, located messages that create nothing, the stale-form conflict."""

from __future__ import annotations

import pytest
from tests.service.webform_util import form_values, message, revision_count


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _elec_form(client, ids, csrf):
    page = client.get(f"/studies/{ids['a_study']}")
    assert page.status_code == 200
    form = form_values(page.text, "elec-form")
    assert form["sup-0-name"] == "line" and form["sup-0-value"] == "0.5"
    return form | {"csrf_token": csrf}


def test_rename_supply_change_factor_add_contract(client, ids, login):
    csrf = login(client, "a_editor")
    form = _elec_form(client, ids, csrf)
    form.update({
        "reason": "supplier's 2024 declaration", "sup-0-name": "hydro_line", "sup-0-value": "0.3",
        "sup-1-name": "green", "sup-1-type": "contract", "sup-1-region": "Yunnan",
        "sup-1-value": "0.02", "sup-1-basis": "life_cycle", "sup-1-source": "GEC registry",
        "sup-1-instrument": "GEC-2024-001", "sup-1-conveys_generator_info": "on",
        "sup-1-exclusive_claim": "on", "sup-1-retired_by_reporter": "on",
        "sup-1-matches_period": "on", "elec-grid_basis": "combustion_co2",
        "elec-grid_year": "2023", "elec-allow_mixed_basis": "on"})
    ok = client.post(f"/studies/{ids['a_study']}/electricity", data=form, follow_redirects=False)
    assert ok.status_code == 303, ok.text
    rev = client.get(f"/api/studies/{ids['a_study']}/revisions/2",
                     headers=bearer(ids["a_editor"])).json()
    assert rev["reason"] == "supplier's 2024 declaration"
    elec = rev["study"]["electricity"]
    assert set(elec["supplies"]) == {"hydro_line", "green"}
    assert elec["supplies"]["hydro_line"]["value"] == 0.3
    assert elec["supplies"]["green"] == {
        "type": "contract", "region": "Yunnan", "value": 0.02, "basis": "life_cycle",
        "source": "GEC registry", "instrument": "GEC-2024-001", "conveys_generator_info": True,
        "exclusive_claim": True, "retired_by_reporter": True, "matches_period": True}
    assert elec["default_supply"] == "hydro_line"  # the rename follows
    assert elec["grid_basis"] == "combustion_co2" and elec["grid_year"] == 2023
    assert rev["study"]["units"][0]["inputs"][0]["supply"] == "hydro_line"
    # by hand: 1e6 kWh / 100 t x 0.3 kg/kWh = 3,000 kg = 3.0 t CO2e per t
    calc = client.post(f"/api/studies/{ids['a_study']}/calculate",
                       headers=bearer(ids["a_editor"])).json()
    assert calc["result"]["products"][0]["cfp"] == pytest.approx(3.0, rel=1e-12)
    stale = client.post(f"/studies/{ids['a_study']}/electricity", data=form)
    assert stale.status_code == 409
    assert revision_count(client, ids["a_study"], bearer(ids["a_editor"])) == 2


def test_bad_supply_fields_are_located_and_nothing_saved(client, ids, login):
    csrf = login(client, "a_editor")
    form = _elec_form(client, ids, csrf)
    form.update({"reason": "r", "sup-0-value": "-1", "sup-1-value": "0.1",
                 "elec-grid_basis": "annual"})
    bad = client.post(f"/studies/{ids['a_study']}/electricity", data=form)
    assert bad.status_code == 422
    assert "greater than or equal to 0" in message(bad.text, "sup-0-value")
    assert "needs a name" in message(bad.text, "sup-1-name")
    assert "life_cycle" in message(bad.text, "elec-grid_basis")
    assert form_values(bad.text, "elec-form")["sup-0-value"] == "-1"  # input kept
    form = _elec_form(client, ids, csrf) | {"reason": "r", "sup-0-remove": "on"}
    used = client.post(f"/studies/{ids['a_study']}/electricity", data=form)
    assert used.status_code == 422
    assert "electrolysis: electricity" in message(used.text, "sup-0-remove")
    no_reason = client.post(f"/studies/{ids['a_study']}/electricity",
                            data=_elec_form(client, ids, csrf))
    assert no_reason.status_code == 422 and message(no_reason.text, "elec-reason")
    assert revision_count(client, ids["a_study"], bearer(ids["a_editor"])) == 1


def test_verifier_cannot_save_supplies(client, ids, login):
    csrf = login(client, "a_verifier")
    form = _elec_form(client, ids, csrf) | {"reason": "r", "sup-0-value": "0.1"}
    assert client.post(f"/studies/{ids['a_study']}/electricity", data=form).status_code == 403


def test_admin_creates_changes_and_deactivates_users(client, ids, login):
    csrf = login(client, "a_admin")
    r = client.post("/users", data={"csrf_token": csrf, "username": "a_new", "password":
                                    "long-enough-1", "role": "editor",
                                    "site_ids": [ids["a_site2"]]}, follow_redirects=False)
    assert r.status_code == 303
    users = {u["username"]: u for u in client.get("/api/users",
                                                  headers=bearer(ids["a_admin"])).json()}
    assert users["a_new"]["role"] == "editor" and users["a_new"]["site_ids"] == [ids["a_site2"]]
    assert "b_editor" not in client.get("/users").text  # another organisation's users
    # the editor becomes a manager of both sites; then is deactivated
    r = client.post(f"/users/{ids['a_editor_id']}", follow_redirects=False, data={
        "csrf_token": csrf, "role": "manager", "active": "on", "display_name": "Li Lei",
        "site_ids": [ids["a_site1"], ids["a_site2"]]})
    assert r.status_code == 303
    me = client.get("/api/me", headers=bearer(ids["a_editor"])).json()
    assert me["role"] == "manager" and me["site_ids"] == sorted([ids["a_site1"], ids["a_site2"]])
    r = client.post(f"/users/{ids['a_editor_id']}", follow_redirects=False,
                    data={"csrf_token": csrf, "role": "manager"})  # box unchecked
    assert r.status_code == 303
    assert client.get("/api/me", headers=bearer(ids["a_editor"])).status_code == 401
    assert 'class="inactive"' in client.get("/users").text


def test_users_page_messages_and_permissions(client, ids, login):
    csrf = login(client, "a_admin")
    short = client.post("/users", data={"csrf_token": csrf, "username": "x", "password": "short",
                                        "role": "editor"})
    assert short.status_code == 422 and "at least 8" in short.text
    self_demote = client.post(f"/users/{ids['a_admin_id']}",
                              data={"csrf_token": csrf, "role": "editor", "active": "on"})
    assert self_demote.status_code == 422 and "yourself" in self_demote.text
    other_org = client.post(f"/users/{ids['b_editor_id']}",
                            data={"csrf_token": csrf, "role": "admin", "active": "on"})
    assert other_org.status_code == 404
    bad_site = client.post(f"/users/{ids['a_editor_id']}", data={
        "csrf_token": csrf, "role": "editor", "active": "on", "site_ids": [ids["b_site1"]]})
    assert bad_site.status_code == 422 and "unknown site" in bad_site.text
    me = client.get("/api/me", headers=bearer(ids["a_editor"])).json()
    assert me["role"] == "editor" and me["site_ids"] == [ids["a_site1"]]  # nothing changed
    client.cookies.clear()
    csrf = login(client, "a_manager")
    assert client.get("/users").status_code == 403
    r = client.post(f"/users/{ids['a_editor_id']}", data={"csrf_token": csrf, "role": "admin",
                                                          "active": "on"})
    assert r.status_code == 403
