"""PACT management API and HTTPS guard, in process: who may manage customers and release,
a release needs the company name, PACT routes refuse plain HTTP."""

from __future__ import annotations

import pytest


@pytest.fixture
def https(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver") as c:
        yield c


def _customer(https, auth, ids) -> dict:
    r = https.post("/api/pact/customers", json={"name": "Car maker"},
                   headers=auth(ids["a_admin"]))
    assert r.status_code == 201, r.text
    return r.json()


@pytest.mark.parametrize("role", ["manager", "editor", "verifier"])
def test_only_admins_manage_customers(https, auth, ids, role):
    r = https.post("/api/pact/customers", json={"name": "x"}, headers=auth(ids[f"a_{role}"]))
    assert r.status_code == 403


@pytest.mark.parametrize("role", ["editor", "verifier"])
def test_editors_and_verifiers_cannot_release(https, auth, ids, role):
    cust = _customer(https, auth, ids)
    r = https.post("/api/pact/releases", json={"study_id": ids["a_study"],
                                               "customer_ids": [cust["id"]]},
                   headers=auth(ids[f"a_{role}"]))
    assert r.status_code == 403
    assert https.get("/api/pact/releases", headers=auth(ids["a_admin"])).json() == []


def test_release_without_company_name_is_refused_and_nothing_is_served(https, auth, ids):
    cust = _customer(https, auth, ids)
    r = https.post("/api/pact/releases", json={"study_id": ids["a_study"],
                                               "customer_ids": [cust["id"]]},
                   headers=auth(ids["a_manager"]))
    # the fixture study has no producer: PACT's companyName cannot be filled
    assert r.status_code == 422 and "producer.name" in r.text
    tok = https.post("/auth/token", data={"grant_type": "client_credentials"},
                     auth=(cust["client_id"], cust["client_secret"])).json()["access_token"]
    r = https.get("/3/footprints", headers={"Authorization": f"Bearer {tok}"})
    assert r.json() == {"data": []}


def test_other_organisations_study_cannot_be_released(https, auth, ids):
    cust = _customer(https, auth, ids)
    r = https.post("/api/pact/releases", json={"study_id": ids["b_study"],
                                               "customer_ids": [cust["id"]]},
                   headers=auth(ids["a_admin"]))
    assert r.status_code == 404


def test_revoked_customer_gets_no_token(https, auth, ids):
    cust = _customer(https, auth, ids)
    r = https.post(f"/api/pact/customers/{cust['id']}/revoke", headers=auth(ids["a_admin"]))
    assert r.status_code == 200 and r.json()["active"] is False
    r = https.post("/auth/token", data={"grant_type": "client_credentials"},
                   auth=(cust["client_id"], cust["client_secret"]))
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"


def test_wrong_grant_type_and_callback_must_be_https(https, auth, ids):
    cust = _customer(https, auth, ids)
    r = https.post("/auth/token", data={"grant_type": "password"},
                   auth=(cust["client_id"], cust["client_secret"]))
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"
    r = https.put(f"/api/pact/customers/{cust['id']}/callback",
                  json={"events_url": "http://customer.example/3/events"},
                  headers=auth(ids["a_admin"]))
    assert r.status_code == 422 and "https" in r.text


def test_plain_http_gets_no_token_and_no_data(client, auth, ids):
    from fastapi.testclient import TestClient

    with TestClient(client.app, base_url="https://testserver") as s:
        cust = _customer(s, auth, ids)
        tok = s.post("/auth/token", data={"grant_type": "client_credentials"},
                     auth=(cust["client_id"], cust["client_secret"])).json()["access_token"]
    r = client.post("/auth/token", data={"grant_type": "client_credentials"},
                    auth=(cust["client_id"], cust["client_secret"]))
    assert r.status_code == 400 and "access_token" not in r.json()
    r = client.get("/3/footprints", headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 400 and "data" not in r.json()
    # behind a TLS-terminating proxy on loopback, X-Forwarded-Proto is what uvicorn trusts;
    # the in-process client has no proxy: the header alone must not unlock plain HTTP
    r = client.get("/3/footprints", headers={"Authorization": f"Bearer {tok}",
                                             "X-Forwarded-Proto": "https"})
    assert r.status_code == 400


def test_footprint_without_v2_form_is_served_at_3_only(https, auth, ids, store):
    from alcarbon.store import studies
    from alcarbon.store.models import StudyRecord, User
    from alcarbon.store.pact_models import PactRelease

    from .conftest import SMALL_STUDY

    db = store[0]
    with db.write() as s:
        st = s.get(StudyRecord, ids["a_study"])
        studies.save_revision(s, st, {**SMALL_STUDY, "producer": {"name": "Smelter Co"}},
                                  s.get(User, ids["a_admin_id"]), "producer named", 1)
    cust = _customer(https, auth, ids)
    r = https.post("/api/pact/releases", json={"study_id": ids["a_study"],
                                               "customer_ids": [cust["id"]]},
                   headers=auth(ids["a_admin"]))
    assert r.status_code == 201 and r.json()["v2"] == "served", r.text
    pf_id = r.json()["pf_id"]
    with db.write() as s:  # a release frozen before the v2.3 extras existed
        s.query(PactRelease).filter_by(pf_id=pf_id).one().v2_extras = None
    tok = https.post("/auth/token", data={"grant_type": "client_credentials"},
                     auth=(cust["client_id"], cust["client_secret"])).json()["access_token"]
    bearer = {"Authorization": f"Bearer {tok}"}
    assert [pf["id"] for pf in https.get("/3/footprints", headers=bearer).json()["data"]] == [
        pf_id]
    assert https.get("/2/footprints", headers=bearer).json() == {"data": []}
    r = https.get(f"/2/footprints/{pf_id}", headers=bearer)
    assert r.status_code == 404 and r.json()["code"] == "NotFound"
    assert "release the study again" in r.json()["message"]
    [rel] = https.get("/api/pact/releases", headers=auth(ids["a_admin"])).json()
    assert "release the study again" in rel["v2"]
