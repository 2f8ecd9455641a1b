"""Every Mandatory V3.0 test case of the PACT conformance document
(research/pact/conformance-v3-test-cases.md), run against a live `alcarbon serve` over HTTPS on
loopback; every served footprint and error is validated against the v3.0 OpenAPI schema.

Fixture (seeded in the store, released through the management API): three studies of liquid
aluminium, one electrolysis unit each, electricity from a direct line at 0.5 kg CO2e/kWh, 100 t
of metal. CFP per kg = kWh x 0.5 / 100,000 kg:
  s1 revision 1: 1,000,000 kWh -> 5 kg CO2e/kg, released to customer A (pf1);
  s1 revision 2: 1,200,000 kWh -> 6 kg CO2e/kg, released to A (pf2; pf1 becomes Deprecated);
  s2:            2,000,000 kWh -> 10 kg CO2e/kg, released to A (pf3; made by a second producer,
                 so its productIds and companyIds differ from pf1/pf2's);
  s3:            1,600,000 kWh -> 8 kg CO2e/kg, released to customer B only (pf4).
Customer A therefore sees pf1 (Deprecated), pf2 and pf3 (Active); never pf4.
"""

from __future__ import annotations

import copy
import ssl
from datetime import date

import httpx
import pytest

from alcarbon.store import accounts, connect, studies

from .conftest import SMALL_STUDY
from .pact_live import Receiver, Server, make_cert, validate

YEAR = date.today().year - 1  # reference period: last calendar year (valid for 3 more years)
CN_7601 = "urn:pact:productclassification:cn:7601"  # CN heading of unwrought aluminium
EVENT_CT = "application/cloudevents+json; charset=UTF-8"


def _study(kwh: float) -> dict:
    d = copy.deepcopy(SMALL_STUDY)
    d["period"] = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    # productIds/companyIds come from the producer (stable across revisions), so s2 is made by
    # a second producer to give the productId filters (TC20, TC28, TC12) one footprint to find
    d["producer"] = {"name": "Smelter Co Plant 2" if kwh == 2_000_000 else "Smelter Co"}
    d["units"][0]["inputs"][0]["amount"] = kwh
    return d


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pact")
    cert, key = make_cert(tmp)
    url = f"sqlite:///{tmp / 'host.sqlite3'}"
    db = connect(url)
    with db.write() as s:
        org = accounts.create_org(s, "Smelter Co")
        admin = accounts.create_user(s, org.id, "boss", accounts.hash_password("pact-pass-1"),
                                     "admin")
        token = accounts.create_token(s, admin.id, "t")[1]
        site = studies.create_site(s, org.id, "plant", "Yunnan")
        sids = []
        for kwh in (1_000_000, 2_000_000, 1_600_000):
            st = studies.create_study(s, site, f"s{kwh}", "liquid_aluminium", date(YEAR, 1, 1),
                                      date(YEAR, 12, 31), admin, _study(kwh))
            sids.append(st.id)
        first = s.get(type(st), sids[0])
        studies.save_revision(s, first, _study(1_200_000), admin, "new meter reading", 1)
    db.dispose()
    receiver = Receiver(cert, key)
    srv = Server(url, cert, key, tmp / "serve.log")
    h = httpx.Client(base_url=srv.base, verify=ssl.create_default_context(cafile=str(cert)),
                     timeout=60,
                     headers={"Authorization": f"Bearer {token}"})
    try:
        a = h.post("/api/pact/customers", json={"name": "Car maker"}).json()
        b = h.post("/api/pact/customers", json={"name": "Battery maker"}).json()
        r = h.put(f"/api/pact/customers/{a['id']}/callback",
                  json={"events_url": receiver.url, "client_id": Receiver.CLIENT,
                        "client_secret": Receiver.SECRET})
        assert r.status_code == 200, r.text

        def rel(sid, rev, cust):
            r = h.post("/api/pact/releases", json={"study_id": sid, "revision": rev,
                                                   "customer_ids": [cust["id"]]})
            assert r.status_code == 201, r.text
            return r.json()["pf_id"]

        pfs = {"pf1": rel(sids[0], 1, a), "pf2": rel(sids[0], 2, a), "pf3": rel(sids[1], 1, a),
               "pf4": rel(sids[2], 1, b)}
        yield {"srv": srv, "cert": ssl.create_default_context(cafile=str(cert)),
               "cert_file": str(cert), "a": a,
               "b": b, "pfs": pfs, "admin": h, "receiver": receiver}
    finally:
        h.close()
        srv.stop()
        receiver.stop()


def _client(host, customer="a") -> httpx.Client:
    c = host[customer]
    tok = httpx.post(f"{host['srv'].base}/auth/token", data={"grant_type": "client_credentials"},
                     auth=(c["client_id"], c["client_secret"]), verify=host["cert"]).json()
    return httpx.Client(base_url=host["srv"].base, verify=host["cert"], timeout=60,
                        headers={"Authorization": f"Bearer {tok['access_token']}"})


@pytest.fixture(scope="module")
def a(host):
    with _client(host) as c:
        yield c


def _ids(r: httpx.Response) -> set[str]:
    assert r.status_code == 200, r.text
    body = r.json()
    for pf in body["data"]:
        validate("ProductFootprint", pf)
    return {pf["id"] for pf in body["data"]}


def _error(r: httpx.Response, *statuses: int) -> dict:
    assert r.status_code in statuses, (r.status_code, r.text)
    body = r.json()
    validate("Error", body)
    assert "data" not in body
    return body


# -- authentication ---------------------------------------------------------------------------

def test_tc01_token_with_valid_credentials(host):
    c = host["a"]
    r = httpx.post(f"{host['srv'].base}/auth/token", data={"grant_type": "client_credentials"},
                   auth=(c["client_id"], c["client_secret"]), verify=host["cert"])
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["access_token"]


def test_tc02_token_with_invalid_credentials(host):
    r = httpx.post(f"{host['srv'].base}/auth/token", data={"grant_type": "client_credentials"},
                   auth=(host["a"]["client_id"], "wrong-secret"), verify=host["cert"])
    assert r.status_code in (400, 401)
    assert r.json()["error"] == "invalid_client" and "access_token" not in r.json()


def test_tc18_openid_discovery_points_at_a_working_token_endpoint(host):
    d = httpx.get(f"{host['srv'].base}/.well-known/openid-configuration",
                  verify=host["cert"]).json()
    assert d["token_endpoint"] == f"{host['srv'].base}/auth/token"
    c = host["a"]
    r = httpx.post(d["token_endpoint"], data={"grant_type": "client_credentials"},
                   auth=(c["client_id"], c["client_secret"]), verify=host["cert"])
    assert r.status_code == 200 and r.json()["access_token"]


# -- GetFootprint and ListFootprints ----------------------------------------------------------

def test_tc03_get_footprint(host, a):
    pf2 = host["pfs"]["pf2"]
    r = a.get(f"/3/footprints/{pf2}")
    assert _ids(httpx.Response(200, json={"data": [r.json()["data"]]})) == {pf2}
    pf = r.json()["data"]
    # s1 revision 2: 1,200,000 kWh x 0.5 kg/kWh / 100,000 kg = 6 kg CO2e per kg
    assert pf["pcf"]["pcfExcludingBiogenicUptake"] == "6"
    assert (pf["status"], pf["version"], pf["precedingPfIds"]) == ("Active", 1,
                                                                  [host["pfs"]["pf1"]])
    # validity ends 3 years after the reference period's end (1 January of YEAR + 1)
    assert pf["validityPeriodEnd"] == f"{YEAR + 4}-01-01T00:00:00Z"
    assert pf["pcf"]["productOrSectorSpecificRules"][0]["ruleNames"] == ["GB/T 44905-2024"]


def test_deprecated_version_is_served_with_its_successor(host, a):
    pf = a.get(f"/3/footprints/{host['pfs']['pf1']}").json()["data"]
    validate("ProductFootprint", pf)
    # s1 revision 1: 1,000,000 x 0.5 / 100,000 = 5; superseded by pf2 -> Deprecated, version 2
    assert (pf["pcf"]["pcfExcludingBiogenicUptake"], pf["status"], pf["version"]) == (
        "5", "Deprecated", 2)


def test_tc04_list_footprints_only_those_released_to_the_customer(host, a):
    p = host["pfs"]
    assert _ids(a.get("/3/footprints")) == {p["pf1"], p["pf2"], p["pf3"]}
    with _client(host, "b") as b:
        assert _ids(b.get("/3/footprints")) == {p["pf4"]}
        # another customer's footprint: 403 AccessDenied (openapi GetFootprint)
        assert _error(b.get(f"/3/footprints/{p['pf2']}"), 403)["code"] == "AccessDenied"


def test_tc05_pagination_links(host, a):
    seen: list[str] = []
    url = "/3/footprints?limit=1"
    pages = 0
    while url:
        r = a.get(url)
        page = _ids(r)
        assert len(page) <= 1
        seen += page
        pages += 1
        nxt = r.links.get("next", {}).get("url")
        if nxt:  # absolute, same host as the request's
            assert nxt.startswith(f"https://127.0.0.1:{host['srv'].port}/3/footprints?")
        url = nxt
    # 3 footprints, 1 per page: 3 pages, each footprint once
    assert pages == 3 and len(seen) == 3 and set(seen) == {host["pfs"][k]
                                                          for k in ("pf1", "pf2", "pf3")}
    r = a.get("/3/footprints?offset=2&limit=1")
    assert len(_ids(r)) == 1 and "next" not in r.links and "prev" in r.links


@pytest.mark.parametrize("path", ["/3/footprints", "/3/footprints/{pf}"])
def test_tc06_tc07_invalid_token(host, path):
    r = httpx.get(host["srv"].base + path.format(pf=host["pfs"]["pf2"]), verify=host["cert"],
                  headers={"Authorization": "Bearer invalid-access-token"})
    _error(r, 400, 401)


def test_tc08_non_existent_footprint(a):
    assert _error(a.get("/3/footprints/non-existent-id"), 400, 404)["code"] == "NotFound"


@pytest.mark.parametrize("method,path", [("POST", "/auth/token"), ("GET", "/3/footprints"),
                                         ("GET", "/3/footprints/{pf}"),
                                         ("POST", "/3/events")])
def test_tc09_10_11_17_plain_http_is_rejected(host, method, path):
    # the same port over http://: the TLS listener refuses the connection (or answers
    # without data or token)
    url = f"http://127.0.0.1:{host['srv'].port}" + path.format(pf=host["pfs"]["pf2"])
    try:
        r = httpx.request(method, url, data={"grant_type": "client_credentials"}, timeout=10)
    except httpx.HTTPError:
        return
    assert r.status_code >= 400
    assert "data" not in r.text and "access_token" not in r.text


def _filtered(a, query: str) -> set[str]:
    return _ids(a.get("/3/footprints?" + query))


def test_tc20_to_tc29_filters(host, a):
    p = host["pfs"]
    pf3 = a.get(f"/3/footprints/{p['pf3']}").json()["data"]
    prod, comp = pf3["productIds"][0], pf3["companyIds"][0]
    all3 = {p["pf1"], p["pf2"], p["pf3"]}
    assert _filtered(a, f"productId={prod}") == {p["pf3"]}  # TC20
    with_comp = _filtered(a, f"companyId={comp}")  # TC21
    assert p["pf3"] in with_comp
    assert all(comp in a.get(f"/3/footprints/{i}").json()["data"]["companyIds"]
               for i in with_comp)
    assert _filtered(a, "geography=CN") == all3  # TC22: every footprint is made in China
    assert _filtered(a, f"classification={CN_7601}") == all3  # TC23
    # validity: from the release (now) to 1 January YEAR + 4 (exclusive)
    assert _filtered(a, f"validOn={YEAR + 3}-06-01T00:00:00Z") == all3  # TC24
    assert _filtered(a, "validAfter=2023-01-14T10:15:30Z") == all3  # TC25
    assert _filtered(a, f"validBefore={YEAR + 5}-01-01T00:00:00Z") == all3  # TC26
    assert _filtered(a, f"validBefore={YEAR + 4}-01-01T00:00:00Z") == set()  # end not before
    assert _filtered(a, "status=Active") == {p["pf2"], p["pf3"]}  # TC27
    assert _filtered(a, "status=Deprecated") == {p["pf1"]}
    assert _filtered(a, f"status=Active&productId={prod}") == {p["pf3"]}  # TC28
    assert _filtered(a, f"companyId={comp}&companyId=urn:uuid:other-company"
                        "&companyId=urn:uuid:another-company") == with_comp  # TC29


@pytest.mark.parametrize("query", [
    "productId=urn:bogus:product:nonexistent123",  # TC30
    "companyId=urn:bogus:company:nonexistent456",  # TC31
    "geography=XX",  # TC32
    "classification=urn:bogus:classification:nonexistent789",  # TC33
    "validOn=1900-01-01T00:00:00Z",  # TC34
    "validAfter=2099-12-31T23:59:59Z",  # TC35
    "validBefore=1900-01-01T00:00:00Z",  # TC36
    "status=BogusStatusValue",  # TC37
    "companyId=urn:bogus:company:5FIi8zS3&productId=urn:bogus:product:nonexistent123",  # TC38
    "companyId=urn:bogus:company:nonexistent1&companyId=urn:bogus:company:nonexistent2"
    "&companyId=urn:bogus:company:nonexistent3",  # TC39
])
def test_tc30_to_tc39_filters_without_match(a, query):
    r = a.get("/3/footprints?" + query)
    assert r.status_code == 200 and r.json() == {"data": []}


def test_tc40_odata_filter_is_a_bad_request(a):
    r = a.get("/3/footprints", params={"$filter": "created ge '2023-01-15T10:15:30Z'"})
    assert _error(r, 400)["code"] == "BadRequest"


# -- Events -----------------------------------------------------------------------------------

def _event(type_: str, id_: str, data: dict) -> dict:
    return {"specversion": "1.0", "id": id_, "source": "https://webhook.example.com",
            "time": "2023-05-19T10:30:00Z", "type": f"org.wbcsd.pact.ProductFootprint.{type_}.3",
            "data": data}


def test_tc12_tc13_request_fulfilled_asynchronously(host, a):
    p = host["pfs"]
    prod = a.get(f"/3/footprints/{p['pf3']}").json()["data"]["productIds"][0]
    ev = _event("RequestCreatedEvent", "test-run-id-12345",
                {"productId": [prod], "comment": "Please send PCF data for this year."})
    r = a.post("/3/events", json=ev, headers={"Content-Type": EVENT_CT})
    assert r.status_code == 200 and r.content == b""
    auth, answer = host["receiver"].wait_for("test-run-id-12345")
    # answered with the token the receiver's /auth/token issued for our credentials
    assert auth == f"Bearer {Receiver.TOKEN}"
    validate("RequestFulfilledEvent", answer)
    assert answer["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3"
    assert [pf["id"] for pf in answer["data"]["pfs"]] == [p["pf3"]]
    # s2: 2,000,000 kWh x 0.5 / 100,000 kg = 10 kg CO2e/kg
    assert answer["data"]["pfs"][0]["pcf"]["pcfExcludingBiogenicUptake"] == "10"


def test_tc14_request_for_unknown_product_is_rejected(host, a):
    ev = _event("RequestCreatedEvent", "test-run-id-14", {"productId": ["urn:null"]})
    r = a.post("/3/events", json=ev, headers={"Content-Type": EVENT_CT})
    assert r.status_code == 200
    _auth, answer = host["receiver"].wait_for("test-run-id-14")
    validate("RequestRejectedEvent", answer)
    assert answer["data"]["error"]["code"] == "NotFound"


def test_tc15_published_event_accepted(a):
    ev = _event("PublishedEvent", "123e4567-e89b-12d3-a456-426614174000",
                {"pfIds": ["urn:gtin:4712345060507"]})
    r = a.post("/3/events", json=ev, headers={"Content-Type": EVENT_CT})
    assert r.status_code == 200 and r.content == b""


def test_tc16_events_with_invalid_token(host):
    ev = _event("PublishedEvent", "test-run-id-12345", {"pfIds": ["urn:gtin:4712345060507"]})
    r = httpx.post(f"{host['srv'].base}/3/events", json=ev, verify=host["cert"],
                   headers={"Authorization": "Bearer invalid-access-token",
                            "Content-Type": EVENT_CT})
    _error(r, 400, 401)


def test_malformed_event_is_a_bad_request(a):
    r = a.post("/3/events", json={"specversion": "1.0", "type": "nonsense"},
               headers={"Content-Type": EVENT_CT})
    assert _error(r, 400)["code"] == "BadRequest"


# -- the pull side -----------------------------------------------------------------------------

def test_pull_turns_footprints_into_supplier_declared_inputs(host, tmp_path):
    """`alcarbon pact pull` against this host; the pulled footprint used for a purchased input
    changes a smelter study's CFP by the hand-computed amount."""
    import json

    from typer.testing import CliRunner

    from alcarbon.cli.main import app
    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.inventory.io_yaml import study_from_data

    c, out = host["a"], tmp_path / "pulled.json"
    res = CliRunner().invoke(app, ["pact", "pull", host["srv"].base, "--client-id",
                                   c["client_id"], "--client-secret", c["client_secret"],
                                   "--out", str(out), "--ca-file", host["cert_file"]])
    assert res.exit_code == 0, res.output
    got = {e["pf_id"]: e for e in json.loads(out.read_text())["footprints"]}
    # --active-only (default): pf2 and pf3; pf1 is Deprecated
    assert set(got) == {host["pfs"]["pf2"], host["pfs"]["pf3"]}
    cfp = got[host["pfs"]["pf2"]]["supplier_cfp"]
    assert (cfp["value"], cfp["amount_unit"], cfp["per"]) == (6.0, "kg", "kg")
    assert host["pfs"]["pf2"] in cfp["source"] and "version 1" in cfp["source"]

    smelter = _study(1_000_000)
    smelter["units"][0]["inputs"].append({"flow": "alumina", "amount": 193, "unit": "t",
                                          "supplier_cfp": cfp})
    lib = load_library()
    before = calculate(study_from_data(_study(1_000_000), "s"), lib)
    after = calculate(study_from_data(smelter, "s"), lib)
    # by hand: 193 t alumina x 6 t CO2e/t / 100 t aluminium = 11.58 t CO2e/t on top of 5.0
    p_before = before.products["liquid_aluminium"].cfp
    p_after = after.products["liquid_aluminium"].cfp
    assert p_before == pytest.approx(5.0)
    assert p_after - p_before == pytest.approx(11.58)


def test_pull_with_wrong_secret_exits_2(host, tmp_path):
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    res = CliRunner().invoke(app, ["pact", "pull", host["srv"].base, "--client-id",
                                   host["a"]["client_id"], "--client-secret", "wrong",
                                   "--out", str(tmp_path / "p.json"), "--ca-file",
                                   host["cert_file"]])
    assert res.exit_code == 2 and "authentication failed" in res.output
    assert not (tmp_path / "p.json").exists()


# -- withdrawal (last: changes what is served) ------------------------------------------------

def test_withdrawn_footprint_is_no_longer_served(host, a):
    pf3 = host["pfs"]["pf3"]
    r = host["admin"].post(f"/api/pact/releases/{pf3}/withdraw",
                           json={"reason": "meter M1 recalibrated"})
    assert r.status_code == 200 and r.json()["withdrawn"] is True
    assert _error(a.get(f"/3/footprints/{pf3}"), 404)["code"] == "NotFound"
    assert pf3 not in _ids(a.get("/3/footprints"))
