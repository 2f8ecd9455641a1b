"""Every state-changing route needs authentication, and with a session cookie a CSRF token."""

from __future__ import annotations

import re

from starlette.routing import Route

PUBLIC = {("POST", "/login"), ("POST", "/api/auth/token"),
          # PACT: client credentials / PACT bearer tokens, never cookies (test_pact_*.py)
          ("POST", "/auth/token"), ("POST", "/3/events"), ("POST", "/2/events")}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _walk(routes):
    """Routes of the app, descending into included routers (FastAPI keeps them nested)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner.routes)
        else:
            yield route


def _state_changing(app, ids):
    fill = {"study_id": ids["a_study"], "site_id": ids["a_site1"], "evidence_id": 1,
            "token_id": 1, "user_id": ids["a_editor_id"], "unit_id": "electrolysis",
            "customer_id": 1, "pf_id": "00000000-0000-4000-8000-000000000000", "number": 1}
    out = []
    for route in _walk(app.routes):
        if not isinstance(route, Route):
            continue
        for method in sorted((route.methods or set()) & UNSAFE):
            if (method, route.path) in PUBLIC:
                continue
            if route.path.endswith("{rest:path}"):  # PACT fallbacks: only answer spec errors
                continue
            path = re.sub(r"\{(\w+)\}", lambda m: str(fill[m.group(1)]), route.path)
            out.append((method, path))
    return out


def test_route_inventory_is_complete(app, ids):
    routes = _state_changing(app, ids)
    # a route added without thought would still be covered below; this guards the count
    assert len(routes) >= 25, routes


def test_no_credentials_is_401(client, app, ids):
    for method, path in _state_changing(app, ids):
        r = client.request(method, path, follow_redirects=False)
        assert r.status_code == 401, (method, path, r.status_code)


def test_bad_token_is_401(client, app, ids):
    for method, path in _state_changing(app, ids):
        r = client.request(method, path, headers={"Authorization": "Bearer alc_forged"})
        assert r.status_code == 401, (method, path, r.status_code)


def test_session_without_or_with_wrong_csrf_is_403(client, app, ids, login):
    login(client, "a_admin")
    for method, path in _state_changing(app, ids):
        r = client.request(method, path, follow_redirects=False)
        assert r.status_code == 403, (method, path, r.status_code)
        r = client.request(method, path, headers={"X-CSRF-Token": "wrong"},
                           follow_redirects=False)
        assert r.status_code == 403, (method, path, r.status_code)
        r = client.request(method, path, data={"csrf_token": "wrong"}, follow_redirects=False)
        assert r.status_code == 403, (method, path, r.status_code)


def test_session_with_csrf_works_for_api_and_forms(client, ids, login):
    csrf = login(client, "a_manager")
    r = client.post("/api/sites", json={"name": "via cookie"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    r = client.post("/sites", data={"name": "via form", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    names = [x["name"] for x in client.get("/api/sites").json()]
    assert {"via cookie", "via form"} <= set(names)


def test_login_form_needs_its_own_csrf_and_right_password(client):
    r = client.post("/login", data={"username": "a_admin", "password": "correct-horse-1"},
                    follow_redirects=False)
    assert r.status_code == 403
    page = client.get("/login")
    pre = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"username": "a_admin", "password": "wrong-password",
                                    "csrf_token": pre}, follow_redirects=False)
    assert r.status_code == 401 and "alcarbon_session" not in r.cookies


def test_logout_ends_the_session(client, login):
    csrf = login(client, "a_editor")
    assert client.get("/api/me").status_code == 200
    r = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    client.cookies.clear()
    assert client.get("/api/me").status_code == 401


def test_pages_redirect_to_login(client):
    r = client.get("/studies/1/results", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/studies/1/results"


def test_inventory_lists_the_known_routes(app, ids):
    routes = set(_state_changing(app, ids))
    s = ids["a_study"]
    for expected in [("POST", f"/api/studies/{s}/revisions"), ("POST", f"/api/studies/{s}/upload"),
                     ("POST", f"/api/studies/{s}/units/electrolysis".replace("/api", "")),
                     ("DELETE", "/api/tokens/1"), ("POST", "/logout"), ("POST", "/users"),
                     ("POST", f"/api/studies/{s}/revisions/1/assurance"),
                     ("DELETE", f"/api/studies/{s}/revisions/1/assurance"),
                     ("POST", f"/studies/{s}/assurance"),
                     ("POST", f"/studies/{s}/assurance/withdraw")]:
        assert expected in routes, expected
