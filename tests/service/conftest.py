"""Service fixtures: two isolated organisations with users of every role, a study with a small
hand-checkable inventory, and an HTTP client over a fresh copy of that store per test."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from alcarbon.service.settings import Settings
from alcarbon.store import accounts, connect, studies

#: One electrolysis unit: 1,000,000 kWh from a direct line at 0.5 kg CO2e/kWh for 100 t of
#: liquid aluminium. By hand: 1e6 kWh / 100 t = 10,000 kWh/t; x 0.5 kg/kWh = 5,000 kg,
#: i.e. 5.0 t CO2e/t.
SMALL_STUDY = {
    "title": "small", "period": {"start": "2024-01-01", "end": "2024-12-31"},
    "declared_products": ["liquid_aluminium"],
    "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                          "basis": "life_cycle",
                                          "source": "supplier declaration 2024"}},
                    "default_supply": "line"},
    "units": [{"id": "electrolysis",
               "inputs": [{"flow": "electricity", "kind": "electricity", "amount": 1_000_000,
                           "unit": "kWh", "supply": "line",
                           "dq": {"time": "poor", "source": "meter M1",
                                  "evidence": ["meter.pdf"]}}],
               "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}]}],
}
PASSWORD = "correct-horse-1"


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")

LIMIT = 200_000  # upload limit in tests, bytes


@pytest.fixture(scope="session")
def template_store(tmp_path_factory):
    """The store built once (Argon2 hashing is slow on purpose); each test copies the file."""
    path = tmp_path_factory.mktemp("tpl") / "template.sqlite3"
    db = connect(f"sqlite:///{path}")
    ids: dict = {}
    pw_hash = accounts.hash_password(PASSWORD)
    with db.write() as s:
        for org_name, tag in (("Org A", "a"), ("Org B", "b")):
            org = accounts.create_org(s, org_name)
            site1 = studies.create_site(s, org.id, f"{tag}-plant-1", "Yunnan")
            site2 = studies.create_site(s, org.id, f"{tag}-plant-2", "Shandong")
            ids[f"{tag}_org"], ids[f"{tag}_site1"], ids[f"{tag}_site2"] = org.id, site1.id, site2.id
            for role in ("admin", "manager", "editor", "verifier"):
                u = accounts.create_user(s, org.id, f"{tag}_{role}", pw_hash, role,
                                         is_superadmin=(tag == "a" and role == "admin"),
                                         site_ids=[site1.id] if role == "editor" else [])
                ids[f"{tag}_{role}_id"] = u.id
                ids[f"{tag}_{role}"] = accounts.create_token(s, u.id, "test")[1]
            admin = s.get(type(u), ids[f"{tag}_admin_id"])
            st = studies.create_study(s, site1, f"{tag} 2024", "liquid_aluminium",
                                      date(2024, 1, 1), date(2024, 12, 31), admin, SMALL_STUDY)
            st2 = studies.create_study(s, site2, f"{tag} site2 2024", "liquid_aluminium",
                                       date(2024, 1, 1), date(2024, 12, 31), admin, SMALL_STUDY)
            ids[f"{tag}_study"], ids[f"{tag}_study2"] = st.id, st2.id
    db.dispose()
    return path, ids


@pytest.fixture
def store(template_store, tmp_path):
    src, ids = template_store
    dst = tmp_path / "store.sqlite3"
    shutil.copyfile(src, dst)
    db = connect(f"sqlite:///{dst}")
    yield db, ids
    db.dispose()


@pytest.fixture
def ids(store):
    return store[1]


@pytest.fixture
def app(store):
    from alcarbon.service.app import create_app

    return create_app(store[0], Settings(max_upload_bytes=LIMIT))


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def web_login(client, username: str, password: str = PASSWORD) -> str:
    """Log in through the form like a browser; returns the session's CSRF token."""
    import re

    page = client.get("/login")
    pre = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"username": username, "password": password,
                                    "csrf_token": pre, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    home = client.get("/")
    return re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)


@pytest.fixture
def small_study():
    import copy

    return copy.deepcopy(SMALL_STUDY)


@pytest.fixture
def auth():
    return bearer


@pytest.fixture
def login():
    return web_login


@pytest.fixture
def upload_limit():
    return LIMIT
