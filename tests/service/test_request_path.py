"""The request path's shortcuts (issue 11): a calculation answered with the stored JSON text,
study headers from a cache keyed by revision sha256, security headers as plain ASGI middleware.
Each must give what the slow path gave, and no cached value may cross studies or revisions."""

from __future__ import annotations

import copy
import json
import math

from alcarbon.service.schemas import ComputeOut
from alcarbon.store.results import result_text


def test_result_text_reads_back_as_json_dumps_would(tmp_path):
    # NaN/inf as the constants json.dumps writes; Chinese unescaped (ensure_ascii=False);
    # floats exactly (shortest round-trip form), tuples as lists
    data = {"t_co2e": 5.0, "tiny": 1e-05, "big": 1.2345678901234567e+19, "third": 1 / 3,
            "nan": math.nan, "inf": -math.inf, "zh": "生产过程排放", "rows": (1, [2.5, None]),
            "flag": True}
    text = result_text(data)
    assert "生产过程排放" in text and "NaN" in text and "-Infinity" in text
    back = json.loads(text)
    ref = json.loads(json.dumps(data, ensure_ascii=False))
    assert math.isnan(back.pop("nan")) and math.isnan(ref.pop("nan"))
    assert back == ref
    assert back["third"] == 1 / 3 and back["big"] == 1.2345678901234567e+19


def test_calculate_answer_is_a_valid_compute_out_fresh_and_cached(client, ids, auth):
    h = auth(ids["a_admin"])
    fresh = client.post(f"/api/studies/{ids['a_study']}/calculate", headers=h)
    assert fresh.status_code == 200 and fresh.headers["content-type"] == "application/json"
    out = ComputeOut.model_validate_json(fresh.content)
    assert (out.study_id, out.revision, out.cached) == (ids["a_study"], 1, False)
    # SMALL_STUDY by hand: 1e6 kWh / 100 t x 0.5 kg CO2e/kWh = 5,000 kg = 5.0 t CO2e per t
    product = out.result["products"][0]
    assert math.isclose(product["cfp"], 5.0, rel_tol=1e-9)
    again = client.post(f"/api/studies/{ids['a_study']}/calculate", headers=h)
    hit = ComputeOut.model_validate_json(again.content)
    assert hit.cached is True and hit.key == out.key and hit.result == out.result
    stored = client.get(f"/api/studies/{ids['a_study']}/result", headers=h)
    assert ComputeOut.model_validate_json(stored.content).result == out.result


def test_calculate_after_a_save_is_computed_again_for_the_new_revision(client, ids, auth,
                                                                      small_study):
    h = auth(ids["a_admin"])
    sid = ids["a_study"]
    first = client.post(f"/api/studies/{sid}/calculate", headers=h).json()
    doubled = copy.deepcopy(small_study)
    doubled["units"][0]["inputs"][0]["amount"] = 2_000_000
    r = client.post(f"/api/studies/{sid}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "meter read again", "study": doubled})
    assert r.status_code == 201
    second = client.post(f"/api/studies/{sid}/calculate", headers=h).json()
    assert second["cached"] is False and second["revision"] == 2
    assert second["key"] != first["key"]
    # 2e6 kWh / 100 t x 0.5 kg/kWh = 10,000 kg = 10.0 t CO2e per t
    assert math.isclose(second["result"]["products"][0]["cfp"], 10.0, rel_tol=1e-9)


def test_study_header_follows_each_save_and_stays_with_its_study(client, ids, auth, small_study):
    h = auth(ids["a_admin"])
    a, a2 = ids["a_study"], ids["a_study2"]
    before = client.get(f"/api/studies/{a}", headers=h).json()  # fills the header cache
    assert (before["period_start"], before["period_end"]) == ("2024-01-01", "2024-12-31")
    moved = copy.deepcopy(small_study)
    moved["period"] = {"start": "2023-01-01", "end": "2023-12-31"}
    r = client.post(f"/api/studies/{a}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "2023 workbook", "study": moved})
    assert r.status_code == 201
    after = client.get(f"/api/studies/{a}", headers=h).json()
    assert (after["period_start"], after["period_end"], after["head_revision"]) == (
        "2023-01-01", "2023-12-31", 2)
    other = client.get(f"/api/studies/{a2}", headers=h).json()  # same data as a's revision 1
    assert (other["period_start"], other["head_revision"]) == ("2024-01-01", 1)
    listed = {s["id"]: s["period_start"]
              for s in client.get("/api/studies", headers=h).json()}
    assert listed[a] == "2023-01-01" and listed[a2] == "2024-01-01"


def test_security_headers_on_api_answers_and_pages(client, ids, auth):
    api = client.get(f"/api/studies/{ids['a_study']}", headers=auth(ids["a_admin"]))
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["x-frame-options"] == "DENY"
    assert api.headers["referrer-policy"] == "same-origin"
    assert "content-security-policy" not in api.headers
    page = client.get("/login")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    unauth = client.get("/api/sites")  # an error answer gets them too
    assert unauth.status_code == 401 and unauth.headers["x-content-type-options"] == "nosniff"


def test_get_study_in_one_query_answers_what_the_fixture_stored_and_hides_the_rest(client, ids,
                                                                                   auth):
    # GET reads the study and its head revision in one Core query (alcarbon.service.heads.
    # study_with_header); the values are the fixture's: study "a 2024" of site a-plant-1,
    # liquid_aluminium, 2024, one revision
    h = auth(ids["a_admin"])
    got = client.get(f"/api/studies/{ids['a_study']}", headers=h).json()
    assert {k: got[k] for k in ("id", "site_id", "name", "product", "period_start",
                                "period_end", "head_revision")} == {
        "id": ids["a_study"], "site_id": ids["a_site1"], "name": "a 2024",
        "product": "liquid_aluminium", "period_start": "2024-01-01",
        "period_end": "2024-12-31", "head_revision": 1}
    listed = {s["id"]: s for s in client.get("/api/studies", headers=h).json()}
    assert listed[ids["a_study"]] == got  # the list takes the ORM path: same answer
    # another organisation's study, an editor's unassigned site, an unknown id: 404 alike
    for token, sid in ((ids["b_admin"], ids["a_study"]), (ids["a_editor"], ids["a_study2"]),
                       (ids["a_admin"], 999_999)):
        r = client.get(f"/api/studies/{sid}", headers=auth(token))
        assert r.status_code == 404 and r.json()["loc"] == ["path", "study_id"]
    assert client.get(f"/api/studies/{ids['a_study']}",
                      headers=auth(ids["a_editor"])).status_code == 200


def test_synchronous_handlers_run_on_the_configured_number_of_threads(store):
    from anyio.to_thread import current_default_thread_limiter
    from fastapi.testclient import TestClient

    from alcarbon.service.app import create_app
    from alcarbon.service.settings import Settings

    async def tokens() -> float:
        return current_default_thread_limiter().total_tokens

    assert Settings().request_threads == 2  # the documented default (settings.py)
    with TestClient(create_app(store[0], Settings(request_threads=3))) as c:
        assert c.portal.call(tokens) == 3


def test_short_reads_stay_on_the_loop_for_sqlite_and_leave_it_for_a_server():
    import asyncio
    import threading
    from types import SimpleNamespace

    from alcarbon.service.deps import short_read

    async def where(backend: str) -> bool:
        loop_thread = threading.get_ident()
        ran = await short_read(SimpleNamespace(backend=backend), threading.get_ident)
        return ran == loop_thread

    assert asyncio.run(where("sqlite")) is True
    assert asyncio.run(where("postgresql")) is False


def test_small_studies_run_on_the_loop_big_ones_and_servers_in_the_pool():
    import asyncio
    import threading
    from types import SimpleNamespace

    from alcarbon.service.deps import INLINE_LINES, sized, study_lines

    # 2 units with 1 + 2 and 0 + 1 rows: 2 + 3 + 1 = 6 lines
    data = {"units": [{"inputs": [{}], "outputs": [{}, {}]}, {"outputs": [{}]}]}
    assert study_lines(data) == 6
    assert study_lines({"units": "not a list"}) == 0 and study_lines(["x"]) == 0

    async def on_loop(backend: str, lines: int) -> bool:
        loop_thread = threading.get_ident()
        ran = await sized(SimpleNamespace(backend=backend), lines, threading.get_ident)
        return ran == loop_thread

    assert asyncio.run(on_loop("sqlite", INLINE_LINES)) is True
    assert asyncio.run(on_loop("sqlite", INLINE_LINES + 1)) is False
    assert asyncio.run(on_loop("postgresql", 1)) is False


def test_a_big_study_is_saved_and_calculated_in_the_pool_with_the_same_result(client, ids, auth,
                                                                            small_study):
    from alcarbon.service.deps import INLINE_LINES

    h = auth(ids["a_admin"])
    sid = ids["a_study"]
    small = client.post(f"/api/studies/{sid}/calculate", headers=h).json()
    big = copy.deepcopy(small_study)
    # the same study with INLINE_LINES extra unconnected units that make nothing declared
    big["units"] += [{"id": f"idle_{k}", "outputs": [{"flow": f"idle_{k}", "amount": 1.0,
                                                      "unit": "t"}]}
                     for k in range(INLINE_LINES)]
    r = client.post(f"/api/studies/{sid}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "big", "study": big})
    assert r.status_code == 201, r.text
    again = client.post(f"/api/studies/{sid}/calculate", headers=h).json()
    assert again["revision"] == 2 and again["cached"] is False
    # by hand as before: 1e6 kWh / 100 t x 0.5 kg/kWh = 5.0 t CO2e per t
    assert math.isclose(again["result"]["products"][0]["cfp"], 5.0, rel_tol=1e-9)
    assert small["result"]["products"][0]["cfp"] == again["result"]["products"][0]["cfp"]
