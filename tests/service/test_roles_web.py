"""Roles (editor/manager/verifier/admin) and the web pages: entry form with inline messages,
dashboard, verifier view, both languages."""

from __future__ import annotations

import re


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_role_matrix(client, ids, small_study):
    s1, s2 = ids["a_study"], ids["a_study2"]
    save = {"base_revision": 1, "reason": "r", "study": small_study}
    expect = {  # (save on site 1, save on site 2, create site, list users, comment on site 1)
        "editor": (201, 404, 403, 403, 201),
        "manager": (201, 201, 201, 200, 201),
        "verifier": (403, 403, 403, 403, 201),
        "admin": (201, 201, 201, 200, 201),
    }
    for role, (e1, e2, site, users, comment) in expect.items():
        h = bearer(ids[f"a_{role}"])
        head1 = client.get(f"/api/studies/{s1}", headers=h).json()["head_revision"]
        r1 = client.post(f"/api/studies/{s1}/revisions", headers=h,
                         json=save | {"base_revision": head1})
        assert r1.status_code == e1, (role, r1.text)
        r2 = client.post(f"/api/studies/{s2}/revisions", headers=h, json=save | {
            "base_revision": 1 if role != "admin" else 2})
        assert r2.status_code == e2, (role, r2.text)
        assert client.post("/api/sites", headers=h,
                           json={"name": f"s-{role}"}).status_code == site
        assert client.get("/api/users", headers=h).status_code == users
        assert client.post(f"/api/studies/{s1}/comments", headers=h,
                           json={"body": f"{role} note"}).status_code == comment


def test_only_admin_manages_users_and_superadmin_creates_orgs(client, ids):
    r = client.post("/api/users", headers=bearer(ids["a_manager"]),
                    json={"username": "x1", "password": "long-enough", "role": "editor"})
    assert r.status_code == 403
    r = client.post("/api/users", headers=bearer(ids["a_admin"]), json={
        "username": "x1", "password": "long-enough", "role": "editor",
        "site_ids": [ids["a_site2"]]})
    assert r.status_code == 201 and r.json()["site_ids"] == [ids["a_site2"]]
    r = client.post("/api/users", headers=bearer(ids["a_admin"]), json={
        "username": "x2", "password": "long-enough", "role": "editor",
        "site_ids": [ids["b_site1"]]})
    assert r.status_code == 422  # a site of another organisation
    org = {"name": "Org C", "admin_username": "c_admin", "admin_password": "long-enough"}
    assert client.post("/api/orgs", headers=bearer(ids["b_admin"]), json=org).status_code == 403
    assert client.post("/api/orgs", headers=bearer(ids["a_admin"]), json=org).status_code == 201
    tok = client.post("/api/auth/token", json={"username": "c_admin",
                                                "password": "long-enough"}).json()["token"]
    assert client.get("/api/studies", headers=bearer(tok)).json() == []


def _field(html, name):
    return re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html).group(1)


def _form_values(html):
    """What a browser would submit (see webform_util.form_values)."""
    from tests.service.webform_util import form_values

    return form_values(html)


def test_web_entry_form_inline_errors_then_save(client, ids, login):
    csrf = login(client, "a_editor")
    url = f"/studies/{ids['a_study']}/units/electrolysis"
    page = client.get(url)
    assert page.status_code == 200 and _field(page.text, "in-0-flow") == "electricity"
    assert _field(page.text, "in-0-amount") == "1000000"
    form = _form_values(page.text)
    assert form["in-0-dq-time"] == "poor" and form["in-0-kind"] == "electricity"
    form.update({"csrf_token": csrf, "in-0-amount": "-3", "reason": "typo test"})
    bad = client.post(url, data=form)
    assert bad.status_code == 422
    msg = re.search(r'data-for="in-0-amount">([^<]+)<', bad.text).group(1)
    assert "non-negative" in msg
    assert _field(bad.text, "in-0-amount") == "-3"  # the user's input is kept
    form["in-0-amount"] = "950000"
    ok = client.post(url, data=form, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].endswith("?saved=2")
    data = client.get(f"/api/studies/{ids['a_study']}/revisions/2").json()["study"]
    (inp,) = data["units"][0]["inputs"]
    assert inp["amount"] == 950000.0 and inp["supply"] == "line"
    assert inp["dq"]["time"] == "poor" and inp["dq"]["evidence"] == ["meter.pdf"]
    stale = client.post(url, data=form)  # same base revision 1 again
    assert stale.status_code == 409


def test_web_dashboard_and_verifier_view(client, ids, login):
    login(client, "a_verifier")
    res = client.get(f"/studies/{ids['a_study']}/results?lang=en")
    assert res.status_code == 200
    assert 'id="cfp-liquid_aluminium" data-value="5.0"' in res.text
    assert "Table E.2" in res.text and "Hotspots" in res.text and "<svg" in res.text
    zh = client.get(f"/studies/{ids['a_study']}/results?lang=zh")
    assert "表 E.2" in zh.text and "排放热点" in zh.text
    ver = client.get(f"/studies/{ids['a_study']}/verify")
    assert "supplier declaration 2024" in ver.text and "meter M1" in ver.text
    assert "meter.pdf ✗" in ver.text  # named as evidence but not uploaded yet
    assert 'name="body"' in ver.text  # verifiers may comment
    unit = client.get(f"/studies/{ids['a_study']}/units/electrolysis")
    assert "<fieldset disabled>" in unit.text  # but not edit


def test_web_home_lists_studies_per_site(client, ids, login):
    csrf = login(client, "a_manager")
    r = client.post("/studies", data={"csrf_token": csrf, "site_id": ids["a_site2"],
                                      "name": "2025 ingot", "product": "aluminium_ingot",
                                      "period_start": "2025-01-01", "period_end": "2025-12-31"},
                    follow_redirects=False)
    assert r.status_code == 303
    home = client.get("/?lang=en").text
    assert "a-plant-1" in home and "a-plant-2" in home and "2025 ingot" in home
    assert "b 2024" not in home
