"""Organisations are isolated: a user of B gets 404 for every object of A, also by guessing ids;
an editor sees only the sites assigned to them."""

from __future__ import annotations

import pytest


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def a_objects(client, ids):
    """Every kind of object of organisation A, created through the API."""
    h = bearer(ids["a_admin"])
    sid = ids["a_study"]
    ev = client.post(f"/api/studies/{sid}/evidence", headers=h,
                     files={"file": ("invoice.pdf", b"%PDF-1.4 A secret")}).json()
    client.post(f"/api/studies/{sid}/comments", headers=h, json={"body": "A remark"})
    assert client.post(f"/api/studies/{sid}/calculate", headers=h).status_code == 200
    return {"study": sid, "site": ids["a_site1"], "evidence": ev["id"],
            "user": ids["a_editor_id"]}


def _reads(o):
    s, e = o["study"], o["evidence"]
    return [f"/api/sites/{o['site']}", f"/api/studies/{s}", f"/api/studies/{s}/revisions",
            f"/api/studies/{s}/revisions/1", f"/api/studies/{s}/diff?from=1&to=1",
            f"/api/studies/{s}/evidence", f"/api/studies/{s}/comments",
            f"/api/studies/{s}/result", f"/api/studies/{s}/dashboard",
            f"/api/studies/{s}/trace", f"/api/studies/{s}/report?fmt=json",
            f"/api/studies/{s}/workbook", f"/api/evidence/{e}",
            f"/api/evidence/{e}/download", f"/studies/{s}", f"/studies/{s}/results",
            f"/studies/{s}/verify", f"/studies/{s}/diff", f"/studies/{s}/units/electrolysis"]


def _writes(o):
    s, e = o["study"], o["evidence"]
    return [("post", f"/api/studies/{s}/calculate", None),
            ("post", f"/api/studies/{s}/check", None),
            ("post", f"/api/studies/{s}/uncertainty", {"iterations": 10}),
            ("post", f"/api/studies/{s}/revisions",
             {"base_revision": 1, "reason": "x", "study": {"period": {
                 "start": "2024-01-01", "end": "2024-12-31"}, "units": []}}),
            ("post", f"/api/studies/{s}/comments", {"body": "B was here"}),
            ("patch", f"/api/studies/{s}", {"name": "hijacked"}),
            ("patch", f"/api/sites/{o['site']}", {"name": "hijacked"}),
            ("post", f"/api/evidence/{e}/links", {"unit": "electrolysis"})]


@pytest.mark.parametrize("role", ["admin", "manager", "editor", "verifier"])
def test_b_gets_404_for_every_object_of_a(client, ids, a_objects, role):
    h = bearer(ids[f"b_{role}"])
    for url in _reads(a_objects):
        r = client.get(url, headers=h, follow_redirects=False)
        assert r.status_code == 404, (role, url, r.status_code)
        assert b"A secret" not in r.content and b"a 2024" not in r.content
    for method, url, body in _writes(a_objects):
        r = client.request(method, url, headers=h, json=body)
        assert r.status_code == 404, (role, method, url, r.status_code, r.text[:100])
    r = client.patch(f"/api/users/{a_objects['user']}", headers=bearer(ids["b_admin"]),
                     json={"role": "admin"})
    assert r.status_code == 404
    r = client.post(f"/api/studies/{a_objects['study']}/evidence", headers=h,
                    files={"file": ("x.pdf", b"%PDF-1.4 x")})
    assert r.status_code == 404


def test_id_guessing_reveals_nothing(client, ids, a_objects):
    """B walks ids 1..40 of every collection: only its own objects answer."""
    h = bearer(ids["b_admin"])
    own_studies = {ids["b_study"], ids["b_study2"]}
    own_sites = {ids["b_site1"], ids["b_site2"]}
    for i in range(1, 41):
        st = client.get(f"/api/studies/{i}", headers=h).status_code
        assert st == (200 if i in own_studies else 404), i
        si = client.get(f"/api/sites/{i}", headers=h).status_code
        assert si == (200 if i in own_sites else 404), i
        ev = client.get(f"/api/evidence/{i}/download", headers=h).status_code
        assert ev == 404, i
    listing = client.get("/api/studies", headers=h).json()
    assert {x["id"] for x in listing} == own_studies
    users = client.get("/api/users", headers=h).json()
    assert all(u["username"].startswith("b_") for u in users)


def test_editor_sees_only_assigned_site(client, ids):
    h = bearer(ids["a_editor"])  # assigned to a-plant-1 only
    assert [x["name"] for x in client.get("/api/sites", headers=h).json()] == ["a-plant-1"]
    assert {x["id"] for x in client.get("/api/studies", headers=h).json()} == {ids["a_study"]}
    assert client.get(f"/api/studies/{ids['a_study2']}", headers=h).status_code == 404
    mh = bearer(ids["a_manager"])
    assert len(client.get("/api/studies", headers=mh).json()) == 2
