"""API: calculate (cached by input hash), failed calculations, check/uncertainty/report, trace."""

from __future__ import annotations

import importlib.util

import pytest


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_calculate_small_study_and_cache(client, ids):
    h = bearer(ids["a_verifier"])  # verifiers may re-run the calculation
    url = f"/api/studies/{ids['a_study']}/calculate"
    first = client.post(url, headers=h)
    assert first.status_code == 200, first.text
    body = first.json()
    # by hand (see conftest): 1e6 kWh / 100 t x 0.5 kg/kWh = 5.0 t CO2e per t
    (prod,) = body["result"]["products"]
    assert prod["product"] == "liquid_aluminium"
    assert prod["cfp"] == pytest.approx(5.0, rel=1e-12)
    assert {s["stage"]: s["t_co2e"] for s in prod["stages"]}["electrolysis"] == \
        pytest.approx(5.0, rel=1e-12)
    assert body["cached"] is False and body["revision"] == 1
    again = client.post(url, headers=h).json()
    assert again["cached"] is True and again["key"] == body["key"]
    stored = client.get(f"/api/studies/{ids['a_study']}/result", headers=h).json()
    assert stored["result"] == body["result"]
    libs = client.get("/api/factor-libraries", headers=h).json()
    assert [x["version"] for x in libs] == [body["factor_library_version"]]


def test_result_before_calculation_is_404(client, ids):
    r = client.get(f"/api/studies/{ids['a_study']}/result", headers=bearer(ids["a_admin"]))
    assert r.status_code == 404


def test_failed_calculation_leaves_revision_untouched(client, ids, small_study):
    h = bearer(ids["a_editor"])
    sid = ids["a_study"]
    # valid inventory that cannot be computed: the electricity supply has no factor value
    small_study["electricity"]["supplies"]["line"].pop("value")
    r = client.post(f"/api/studies/{sid}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "no factor", "study": small_study})
    assert r.status_code == 201
    before = client.get(f"/api/studies/{sid}/revisions/2", headers=h).json()
    calc = client.post(f"/api/studies/{sid}/calculate", headers=h)
    assert calc.status_code == 422 and calc.json()["detail"]
    after = client.get(f"/api/studies/{sid}/revisions/2", headers=h).json()
    assert after == before
    assert client.get(f"/api/studies/{sid}", headers=h).json()["head_revision"] == 2
    assert client.get(f"/api/studies/{sid}/result", headers=h).status_code == 404


def test_dashboard_and_trace(client, ids):
    h = bearer(ids["a_editor"])
    sid = ids["a_study"]
    client.post(f"/api/studies/{sid}/evidence", headers=h,
                files={"file": ("meter.pdf", b"%PDF-1.4 meter M1 2024")},
                data={"unit": "electrolysis", "flow": "electricity"})
    client.post(f"/api/studies/{sid}/calculate", headers=h)
    (dash,) = client.get(f"/api/studies/{sid}/dashboard", headers=h).json()
    assert dash["hotspots"][0]["flow"] == "electricity"
    assert dash["hotspots"][0]["share"] == pytest.approx(1.0)
    # the electricity datum is rated 'poor' on time: flagged
    assert [(f["unit"], f["flow"], f["rating"], f["poor"]) for f in dash["flags"]] == [
        ("electrolysis", "electricity", "poor", ["time"])]
    (prod,) = client.get(f"/api/studies/{sid}/trace", headers=h).json()
    (row,) = prod["rows"]
    assert row["datum"] == "units[electrolysis].inputs[electricity]"
    assert row["source"] == "supplier declaration 2024" and row["data_source"] == "meter M1"
    assert row["rating"] == "poor"
    assert [e["filename"] for e in row["evidence"]] == ["meter.pdf"]
    assert [(x["revision"], x["amount"]) for x in row["history"]] == [(1, 1_000_000.0)]


def _has(module: str, attr: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None and hasattr(
            importlib.import_module(module), attr)
    except ImportError:
        return False


def test_check_route(client, ids):
    r = client.post(f"/api/studies/{ids['a_study']}/check", headers=bearer(ids["a_admin"]))
    if _has("alcarbon.checks", "run_checks"):
        assert r.status_code == 200, r.text
        assert isinstance(r.json()["result"], dict | list)
    else:
        assert r.status_code == 501 and "alcarbon.checks" in r.json()["detail"]


def test_uncertainty_route_is_seeded(client, ids):
    url = f"/api/studies/{ids['a_study']}/uncertainty"
    r = client.post(url, json={"iterations": 200, "seed": 7}, headers=bearer(ids["a_admin"]))
    if r.status_code == 501:
        pytest.skip(r.json()["detail"])
    assert r.status_code == 200, r.text
    again = client.post(url, json={"iterations": 200, "seed": 7}, headers=bearer(ids["a_admin"]))
    assert again.json()["cached"] is True and again.json()["result"] == r.json()["result"]
    too_many = client.post(url, json={"iterations": 10**6}, headers=bearer(ids["a_admin"]))
    assert too_many.status_code == 422


def test_report_route(client, ids):
    r = client.get(f"/api/studies/{ids['a_study']}/report?fmt=json&lang=en",
                   headers=bearer(ids["a_verifier"]))
    if _has("alcarbon.report", "render") or _has("alcarbon.report.api", "render"):
        assert r.status_code == 200, r.text
        assert "attachment" in r.headers["content-disposition"]
        # the report's JSON carries the same footprint as the hand calculation: 5.0 t CO2e/t
        assert r.json()["result"]["cfp"] == pytest.approx(5.0, rel=1e-12)
    else:
        assert r.status_code == 501 and "report" in r.json()["detail"]


def test_calculate_answers_the_summary_and_rows_on_request(client, ids):
    h = bearer(ids["a_editor"])
    sid = ids["a_study"]
    summary = client.post(f"/api/studies/{sid}/calculate", headers=h).json()
    (prod,) = summary["result"]["products"]
    # the summary: totals and Table E.2 stages, no contribution rows
    assert "contributions" not in prod and "contributions_location_based" not in prod
    assert prod["cfp"] == pytest.approx(5.0, rel=1e-12)  # 1e6 kWh / 100 t x 0.5 kg/kWh
    # the dashboard needs the rows: derived from the same calculation although only the summary
    # was asked for
    (dash,) = client.get(f"/api/studies/{sid}/dashboard", headers=h).json()
    assert dash["hotspots"][0]["flow"] == "electricity"
    full = client.get(f"/api/studies/{sid}/result?rows=true", headers=h).json()
    assert full["key"] != summary["key"] and full["revision"] == summary["revision"]
    (fprod,) = full["result"]["products"]
    # one row per basis: the electricity of the small study, 1e6 kWh x 0.5 kg/kWh / 100 t = 5.0 t
    (row,) = fprod["contributions"]
    assert (row["flow"], row["t_co2e"]) == ("electricity", pytest.approx(5.0, rel=1e-12))
    assert len(fprod["contributions_location_based"]) == 1
    assert {k: v for k, v in fprod.items() if not k.startswith("contributions")} == prod
    # POST with rows=true is answered from the store now
    again = client.post(f"/api/studies/{sid}/calculate?rows=true", headers=h).json()
    assert again["cached"] is True and again["result"] == full["result"]
    assert client.get(f"/api/studies/{sid}/result", headers=h).json()["result"] == \
        summary["result"]


def test_rows_of_a_revision_never_calculated_are_404(client, ids):
    h = bearer(ids["a_editor"])
    r = client.get(f"/api/studies/{ids['a_study']}/result?rows=true", headers=h)
    assert r.status_code == 404
    assert client.get(f"/api/studies/{ids['a_study']}/dashboard", headers=h).status_code == 404


def test_calculate_of_a_missing_revision_or_study_says_which_is_missing(client, ids):
    h = bearer(ids["a_editor"])
    sid = ids["a_study"]
    r = client.post(f"/api/studies/{sid}/calculate?revision=7", headers=h)
    assert r.status_code == 404 and "revision 7" in r.json()["detail"]
    r = client.post("/api/studies/999999/calculate", headers=h)
    assert r.status_code == 404 and "study_id 999999" in r.json()["detail"]
