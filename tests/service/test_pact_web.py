"""The /pact page (admin): create a customer (secret shown once and working at /auth/token),
revoke it, release refused without a company name, Chinese page without English words."""

from __future__ import annotations

import re

from .test_web_zh_only import _english, _Text


def test_admin_creates_customer_whose_secret_works_once_shown(client, ids, login):
    from fastapi.testclient import TestClient

    csrf = login(client, "a_admin")
    r = client.post("/pact/customers?lang=zh", data={"csrf_token": csrf, "name": "某汽车厂"})
    assert r.status_code == 201
    secret = re.search(r'id="new-secret">([^<]+)<', r.text).group(1)
    client_id = re.search(r"<code>(pact_[0-9a-f]+)</code>", r.text).group(1)
    page = client.get("/pact?lang=zh")
    assert "某汽车厂" in page.text and secret not in page.text  # shown only once
    with TestClient(client.app, base_url="https://testserver") as tls:
        ok = tls.post("/auth/token", data={"grant_type": "client_credentials"},
                      auth=(client_id, secret))
        assert ok.status_code == 200 and ok.json()["token_type"] == "Bearer"
    cid = re.search(r'action="/pact/customers/(\d+)/revoke"', page.text).group(1)
    r = client.post(f"/pact/customers/{cid}/revoke", data={"csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    with TestClient(client.app, base_url="https://testserver") as tls:
        assert tls.post("/auth/token", data={"grant_type": "client_credentials"},
                        auth=(client_id, secret)).status_code == 401


def test_release_without_company_name_shows_the_error(client, ids, login):
    csrf = login(client, "a_admin")
    client.post("/pact/customers", data={"csrf_token": csrf, "name": "Car maker"})
    r = client.post("/pact/releases?lang=en", data={"csrf_token": csrf,
                                                    "study_id": str(ids["a_study"]),
                                                    "customer_ids": "1"})
    assert r.status_code == 422 and "producer.name" in r.text
    assert 'id="pact-releases"' not in r.text  # nothing released


def test_only_admins_see_the_page(client, login):
    login(client, "a_manager")
    assert client.get("/pact").status_code == 403


def test_zh_page_has_no_english(client, ids, login):
    csrf = login(client, "a_admin")
    client.post("/pact/customers", data={"csrf_token": csrf, "name": "某电池厂"})
    page = client.get("/pact?lang=zh")
    parser = _Text()
    parser.feed(page.text)
    user = {"某电池厂", "a 2024", "a site2 2024", "a_admin"}
    assert _english(" ".join(parser.parts), user) == []
