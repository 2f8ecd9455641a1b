"""A verifier's sign-off (assurance) of a study revision, and what a PACT release of it
carries. In process over https://testserver (PACT routes refuse plain HTTP).

Fixture: study ``a_study`` revision 2 = the small study (5.0 t CO2e/t, see conftest) with a
producer name, which PACT's companyName needs (revision 1 has none and cannot be released)."""

from __future__ import annotations

import copy
import re

import pytest

from .conftest import SMALL_STUDY
from .pact_live import validate, validate_v2

SIGN = {"provider_name": "中国质量认证中心 CQC", "level": "reasonable",
        "comment": "Site visit 2025-03-04; meter M1 checked.",
        "completed_at": "2025-03-10T08:00:00Z"}
#: The PACT v3.0 Assurance (data-model.md) the sign-off must yield, written from SIGN and the
#: fixed values: coverage "product level" (one product per study), boundary "Cradle-to-Gate"
#: (GB/T 44905 5.3), standard name defaulting to "GB/T 44905-2024".
EXPECTED = {"coverage": "product level", "level": "reasonable", "boundary": "Cradle-to-Gate",
            "providerName": "中国质量认证中心 CQC", "completedAt": "2025-03-10T08:00:00Z",
            "standardName": "GB/T 44905-2024",
            "comments": "Site visit 2025-03-04; meter M1 checked."}


@pytest.fixture
def https(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver") as c:
        yield c


@pytest.fixture
def setup(https, store, auth, ids):
    """Revision 2 with a producer, and a customer with a bearer token."""
    from alcarbon.store import studies
    from alcarbon.store.models import User

    db = store[0]
    data = copy.deepcopy(SMALL_STUDY)
    data["producer"] = {"name": "Smelter Co"}
    with db.write() as s:
        st = studies.get_study(s, ids["a_org"], ids["a_study"])
        studies.save_revision(s, st, data, s.get(User, ids["a_admin_id"]), "producer named", 1)
    cust = https.post("/api/pact/customers", json={"name": "Car maker"},
                      headers=auth(ids["a_admin"])).json()
    tok = https.post("/auth/token", data={"grant_type": "client_credentials"},
                     auth=(cust["client_id"], cust["client_secret"])).json()["access_token"]
    return {"customer": cust["id"], "bearer": {"Authorization": f"Bearer {tok}"}}


def _url(ids, rev: int = 2) -> str:
    return f"/api/studies/{ids['a_study']}/revisions/{rev}/assurance"


def _release(https, auth, ids, setup) -> tuple[dict, dict]:
    """Release revision 2; (v3 footprint, v2.3 footprint) as served to the customer."""
    r = https.post("/api/pact/releases", json={"study_id": ids["a_study"], "revision": 2,
                                               "customer_ids": [setup["customer"]]},
                   headers=auth(ids["a_manager"]))
    assert r.status_code == 201, r.text
    pf_id = r.json()["pf_id"]
    v3 = https.get(f"/3/footprints/{pf_id}", headers=setup["bearer"])
    v2 = https.get(f"/2/footprints/{pf_id}", headers=setup["bearer"])
    assert v3.status_code == 200 and v2.status_code == 200, (v3.text, v2.text)
    validate("ProductFootprint", v3.json()["data"])
    validate_v2("ProductFootprint", v2.json()["data"])
    return v3.json()["data"], v2.json()["data"]


def test_signed_release_carries_the_sign_off_and_a_withdrawal_drops_it_from_the_next(
        https, auth, ids, setup):
    from alcarbon.exchange.pact import validate as validate_pact

    r = https.post(_url(ids), json=SIGN, headers=auth(ids["a_verifier"]))
    assert r.status_code == 201, r.text
    assert r.json()["pact"] == EXPECTED and r.json()["active"] is True
    v3, v2 = _release(https, auth, ids, setup)
    validate_pact(v3)  # pcf.assurance against the data model's Assurance, and Verification
    assert v3["pcf"]["assurance"] == EXPECTED
    # the OpenAPI's later name of the same data type has no level and no boundary
    assert v3["pcf"]["verification"] == {k: EXPECTED[k] for k in (
        "coverage", "providerName", "completedAt", "standardName", "comments")}
    assert v2["pcf"]["assurance"] == {"assurance": True, **EXPECTED}  # v2.3 Assurance

    r = https.delete(_url(ids), params={"reason": "meter M1 calibration expired"},
                     headers=auth(ids["a_verifier"]))
    assert r.status_code == 200 and r.json()["active"] is False
    # the released document is frozen: the earlier footprint keeps its assurance
    new3, new2 = _release(https, auth, ids, setup)
    assert "assurance" not in new3["pcf"] and "verification" not in new3["pcf"]
    assert "assurance" not in new2["pcf"]
    old = https.get(f"/3/footprints/{v3['id']}", headers=setup["bearer"]).json()["data"]
    assert old["pcf"]["assurance"] == EXPECTED and old["status"] == "Deprecated"

    listed = https.get(_url(ids), headers=auth(ids["a_editor"])).json()
    assert [(a["active"], a["withdraw_reason"]) for a in listed] == [
        (False, "meter M1 calibration expired")]
    from alcarbon.store import accounts

    with https.app.state.db.read() as s:
        events = [(e.action, e.actor_id) for e in accounts.audit_events(s, ids["a_org"])
                  if e.action.startswith("assurance")]
    assert events == [("assurance_sign", ids["a_verifier_id"]),
                      ("assurance_withdraw", ids["a_verifier_id"])]


def test_unsigned_revision_is_released_without_assurance(https, auth, ids, setup):
    v3, v2 = _release(https, auth, ids, setup)
    assert "assurance" not in v3["pcf"] and "verification" not in v3["pcf"]
    assert "assurance" not in v2["pcf"]


def test_a_sign_off_of_another_revision_does_not_assure_this_one(https, auth, ids, setup):
    r = https.post(_url(ids, rev=1), json=SIGN, headers=auth(ids["a_verifier"]))
    assert r.status_code == 201
    v3, _v2 = _release(https, auth, ids, setup)  # revision 2
    assert "assurance" not in v3["pcf"]


@pytest.mark.parametrize(("who", "study", "status"), [
    ("a_editor", "a_study", 403),    # editor of site 1 reads the study: role refused
    ("a_editor", "a_study2", 404),   # site 2 is not the editor's: the study is not found
    ("a_manager", "a_study", 403),
    ("a_admin", "a_study", 403),
    ("b_verifier", "a_study", 404),  # another organisation's verifier cannot see it
])
def test_only_a_verifier_who_reads_the_study_signs(https, auth, ids, who, study, status):
    url = f"/api/studies/{ids[study]}/revisions/1/assurance"
    r = https.post(url, json=SIGN, headers=auth(ids[who]))
    assert r.status_code == status, r.text
    r = https.delete(url, params={"reason": "x"}, headers=auth(ids[who]))
    assert r.status_code == status
    r = https.get(url, headers=auth(ids["a_verifier"]))
    assert r.json() == []


def test_second_sign_off_and_bad_fields_are_refused(https, auth, ids):
    url = _url(ids, rev=1)
    assert https.post(url, json=SIGN, headers=auth(ids["a_verifier"])).status_code == 201
    r = https.post(url, json=SIGN, headers=auth(ids["a_verifier"]))
    assert r.status_code == 422 and "already signed" in r.text
    r = https.post(_url(ids, rev=1).replace("/1/", "/9/"), json=SIGN,
                   headers=auth(ids["a_verifier"]))
    assert r.status_code == 404  # no revision 9
    for bad in ({**SIGN, "level": "high"}, {**SIGN, "provider_name": " "},
                {**SIGN, "completed_at": "2999-01-01T00:00:00Z"}):
        r = https.post(f"/api/studies/{ids['a_study2']}/revisions/1/assurance", json=bad,
                       headers=auth(ids["a_verifier"]))
        assert r.status_code == 422, bad
    assert https.get(f"/api/studies/{ids['a_study2']}/assurance",
                     headers=auth(ids["a_verifier"])).json() == []
    r = https.delete(_url(ids, rev=1), params={"reason": "  "}, headers=auth(ids["a_verifier"]))
    assert r.status_code == 422


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_verify_page_form_signs_and_withdraws(client, ids, login):
    login(client, "a_verifier")
    sid = ids["a_study"]
    page = client.get(f"/studies/{sid}/verify?lang=zh")
    assert "核查签署" in page.text and "签署本修订" in page.text and "有限保证" in page.text
    form = {"rev": "1", "provider_name": "CQC", "level": "limited"}
    r = client.post(f"/studies/{sid}/assurance", data=form, follow_redirects=False)
    assert r.status_code == 403  # no CSRF token
    r = client.post(f"/studies/{sid}/assurance", data={**form, "csrf_token": _csrf(page.text)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get(f"/studies/{sid}/verify?lang=en&rev=1")
    assert "CQC" in page.text and "limited assurance" in page.text and "in force" in page.text
    assert "Withdraw the sign-off" in page.text
    r = client.post(f"/studies/{sid}/assurance/withdraw",
                    data={"rev": "1", "reason": "wrong period", "csrf_token": _csrf(page.text)},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/studies/{sid}/verify?lang=en&rev=1")
    assert "withdrawn" in page.text and "wrong period" in page.text


def test_verify_page_has_no_sign_off_form_for_an_editor(client, ids, login):
    login(client, "a_editor")
    page = client.get(f"/studies/{ids['a_study']}/verify?lang=en")
    assert "Only a verifier can sign off." in page.text
    assert f'action="/studies/{ids["a_study"]}/assurance"' not in page.text
