"""Every Mandatory V2.3 test case of research/pact/conformance-v2-test-cases.md, run against a
live `alcarbon serve` over HTTPS on loopback (the fixture of test_pact_conformance: pf1 5, pf2 6
and pf3 10 kg CO2e/kg released to customer A, pf4 8 to customer B); every served footprint,
error and answer event is validated against openapi_v2_3.yaml. Also: errors in the spec's
shape for unknown paths and wrong methods under /2/ and /3/, and the PublishedEvent sent on
release to a customer with a registered events endpoint."""

from __future__ import annotations

import time

import httpx
import pytest

from . import test_pact_conformance as conf
from .pact_live import validate, validate_v2
from .test_pact_conformance import EVENT_CT, YEAR, _client

host, a = conf.host, conf.a  # the live host of the v3 cases, started afresh for this module

V2 = "org.wbcsd.pathfinder."


def _ids(r: httpx.Response) -> list[str]:
    assert r.status_code == 200, r.text
    for pf in r.json()["data"]:
        validate_v2("ProductFootprint", pf)
    return [pf["id"] for pf in r.json()["data"]]


def _error(r: httpx.Response, *statuses: int) -> dict:
    assert r.status_code in statuses, (r.status_code, r.text)
    validate_v2("Error", r.json())
    assert "data" not in r.json()
    return r.json()


def test_v2_tc03_get_footprint(host, a):
    pf = a.get(f"/2/footprints/{host['pfs']['pf2']}").json()["data"]
    validate_v2("ProductFootprint", pf)
    p = pf["pcf"]
    # s1 revision 2: 1,200,000 kWh x 0.5 kg CO2e/kWh / 100,000 kg = 6 kg CO2e per kg
    assert (pf["specVersion"], p["pCfExcludingBiogenic"], p["declaredUnit"],
            p["unitaryProductAmount"]) == ("2.3.0", "6", "kilogram", "1")
    # UN CPC Ver. 2.1 41431 "Unwrought aluminium" for liquid aluminium (pact_v2.CPC_CODES)
    assert pf["productCategoryCpc"] == "41431"
    assert (pf["status"], pf["version"], pf["precedingPfIds"]) == ("Active", 1,
                                                                  [host["pfs"]["pf1"]])
    # the one datum (electricity) is rated poor on time only, the rest unrated: under the
    # default dq_unrated worst every criterion is 3 (the worst of 1..3, never 1), and no part
    # of the CFP rests on data rated on all five criteria -> coverage 0 %
    assert p["dqi"] == {"coveragePercent": 0, "technologicalDQR": 3, "temporalDQR": 3,
                        "geographicalDQR": 3, "completenessDQR": 3, "reliabilityDQR": 3}
    assert p["exemptedEmissionsPercent"] == 0 and p["exemptedEmissionsDescription"] == ""
    assert p["crossSectoralStandardsUsed"] == ["ISO Standard 14067"]
    assert pf["validityPeriodEnd"] == f"{YEAR + 4}-01-01T00:00:00Z"


def test_v2_tc04_list_and_deprecated_version(host, a):
    p = host["pfs"]
    r = a.get("/2/footprints")
    assert sorted(_ids(r)) == sorted([p["pf1"], p["pf2"], p["pf3"]])
    by_id = {pf["id"]: pf for pf in r.json()["data"]}
    # pf1: 1,000,000 x 0.5 / 100,000 = 5, superseded by pf2; pf3: 2,000,000 x 0.5 / 1e5 = 10
    assert (by_id[p["pf1"]]["status"], by_id[p["pf1"]]["version"],
            by_id[p["pf1"]]["pcf"]["pCfExcludingBiogenic"]) == ("Deprecated", 2, "5")
    assert by_id[p["pf3"]]["pcf"]["pCfExcludingBiogenic"] == "10"
    with _client(host, "b") as b:
        assert _ids(b.get("/2/footprints")) == [p["pf4"]]
        assert _error(b.get(f"/2/footprints/{p['pf2']}"), 403)["code"] == "AccessDenied"


def test_v2_tc05_pagination_links(host, a):
    seen, url = [], "/2/footprints?limit=2"
    while url:
        r = a.get(url)
        seen += _ids(r)
        url = r.links.get("next", {}).get("url")
        if url:
            assert url.startswith(f"https://127.0.0.1:{host['srv'].port}/2/footprints?")
    # 3 footprints, 2 per page: pages of 2 and 1, each footprint once
    assert len(seen) == 3 and len(set(seen)) == 3
    r = a.get("/2/footprints?offset=2&limit=2")
    assert len(_ids(r)) == 1 and "prev" in r.links and "next" not in r.links


@pytest.mark.parametrize("path", ["/2/footprints", "/2/footprints/{pf}"])
def test_v2_tc06_tc07_invalid_token(host, path):
    r = httpx.get(host["srv"].base + path.format(pf=host["pfs"]["pf2"]), verify=host["cert"],
                  headers={"Authorization": "Bearer invalid-access-token"})
    _error(r, 400, 401)


def test_v2_tc08_non_existent_footprint(a):
    assert _error(a.get("/2/footprints/non-existent-id"), 400, 404)["code"] == "NotFound"


@pytest.mark.parametrize("method,path", [("GET", "/2/footprints"), ("GET", "/2/footprints/x"),
                                         ("POST", "/2/events")])
def test_v2_tc10_11_17_plain_http_is_rejected(host, method, path):
    # the TLS port answers plain HTTP with nothing usable: the connection fails or is refused
    url = host["srv"].base.replace("https://", "http://") + path
    try:
        r = httpx.request(method, url, headers={"Authorization": "Bearer x"}, timeout=10)
    except httpx.HTTPError:
        return
    assert r.status_code >= 400 and "data" not in (r.text or "")


def _event(type_: str, id_: str, data: dict) -> dict:
    return {"specversion": "1.0", "id": id_, "source": "https://webhook.example.com",
            "time": "2023-05-19T10:30:00Z", "type": V2 + type_, "data": data}


def test_v2_tc12_tc13_request_fulfilled_asynchronously(host, a):
    pf3 = a.get(f"/2/footprints/{host['pfs']['pf3']}").json()["data"]
    ev = _event("ProductFootprintRequest.Created.v1", "v2-run-12",
                {"pf": {"productIds": pf3["productIds"]}, "comment": "Please send PCF data."})
    validate_v2("RequestCreatedEvent", ev)
    r = a.post("/2/events", json=ev, headers={"Content-Type": EVENT_CT})
    assert r.status_code == 200, r.text
    auth, got = host["receiver"].wait_for("v2-run-12")
    validate_v2("RequestFulfilledEvent", got)
    assert got["type"] == V2 + "ProductFootprintRequest.Fulfilled.v1"
    assert auth == "Bearer receiver-token"
    # pf3 is the only footprint of the second producer's product
    assert [pf["id"] for pf in got["data"]["pfs"]] == [host["pfs"]["pf3"]]
    validate_v2("ProductFootprint", got["data"]["pfs"][0])


def test_v2_tc14_request_for_unknown_product_is_rejected(host, a):
    ev = _event("ProductFootprintRequest.Created.v1", "v2-run-14",
                {"pf": {"productIds": ["urn:null"]}, "comment": "Please send PCF data."})
    assert a.post("/2/events", json=ev, headers={"Content-Type": EVENT_CT}).status_code == 200
    _auth, got = host["receiver"].wait_for("v2-run-14")
    validate_v2("RequestRejectedEvent", got)
    assert (got["type"], got["data"]["error"]["code"]) == (
        V2 + "ProductFootprintRequest.Rejected.v1", "NotFound")


def test_v2_tc14a_as_written_at_3_events_is_answered_in_v2(host, a):
    # case 14.A as the document writes it: a v1 event with data.productId, POSTed to /3/events
    ev = _event("ProductFootprintRequest.Created.v1", "v2-run-14-written",
                {"productId": ["urn:null"], "comment": "Please send PCF data for this year."})
    assert a.post("/3/events", json=ev, headers={"Content-Type": EVENT_CT}).status_code == 200
    _auth, got = host["receiver"].wait_for("v2-run-14-written")
    validate_v2("RequestRejectedEvent", got)
    assert got["type"] == V2 + "ProductFootprintRequest.Rejected.v1"


def test_v2_tc15_published_event_accepted(a):
    ev = _event("ProductFootprint.Published.v1", "v2-run-15",
                {"pfIds": ["079e425a-464f-528d-341d-4a944a1dfd70"]})
    r = a.post("/2/events", json=ev, headers={"Content-Type": EVENT_CT})
    assert r.status_code == 200 and r.content == b""


def test_v2_tc16_events_with_invalid_token(host):
    ev = _event("ProductFootprint.Published.v1", "v2-run-16",
                {"pfIds": ["079e425a-464f-528d-341d-4a944a1dfd70"]})
    r = httpx.post(host["srv"].base + "/2/events", json=ev, verify=host["cert"],
                   headers={"Authorization": "Bearer invalid-access-token",
                            "Content-Type": EVENT_CT})
    _error(r, 400, 401)


def test_v2_tc21_malformed_requests_are_bad_requests(a):
    # the case's intent: a PublishedEvent whose pfId is a URN, not a footprint UUID
    ev = _event("ProductFootprint.Published.v1", "v2-run-21", {"pfIds": ["urn:gtin:4712345"]})
    assert _error(a.post("/2/events", json=ev), 400)["code"] == "BadRequest"
    # and the request as written: POST to /2/footprints?$filter=... -> 400
    r = a.post("/2/footprints", params={"$filter": "created ge '2023-01-15T10:15:30Z'"})
    assert _error(r, 400)["code"] == "BadRequest"
    assert _error(a.get("/2/footprints", params={"$filter": "x"}), 400)["code"] == "BadRequest"


@pytest.mark.parametrize("version", ["2", "3"])
def test_unknown_paths_and_wrong_methods_answer_in_the_spec_shape(a, version):
    body = _error(a.get(f"/{version}/nothing-here"), 404)
    validate("Error", body)
    assert body["code"] == "NotFound"
    body = _error(a.delete(f"/{version}/footprints"), 400)
    validate("Error", body)
    assert body["code"] == "BadRequest" and "use GET" in body["message"]
    assert _error(a.get(f"/{version}/events"), 400)["message"].endswith("use POST")


def test_published_event_sent_on_release(host):
    # the fixture released pf1, pf2, pf3 to customer A (events endpoint registered: the
    # receiver) and pf4 to B (none): three PublishedEvents, one per release, none for pf4
    want = {host["pfs"][k] for k in ("pf1", "pf2", "pf3")}
    deadline = time.monotonic() + 60
    got: dict[str, dict] = {}
    while time.monotonic() < deadline and set(got) != want:
        got = {ev["data"]["pfIds"][0]: ev for _a, ev in host["receiver"].events
               if ev["type"] == "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"}
        time.sleep(0.2)
    assert set(got) == want
    for ev in got.values():
        validate("PublishedEvent", ev)
        assert ev["source"].endswith("/3/events") and len(ev["data"]["pfIds"]) == 1
