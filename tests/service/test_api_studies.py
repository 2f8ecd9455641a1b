"""API: sites, studies, revisions with optimistic locking, uploads, diff."""

from __future__ import annotations

import json


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _head(client, ids, tok):
    return client.get(f"/api/studies/{ids['a_study']}", headers=bearer(tok)).json()[
        "head_revision"]


def test_create_site_and_study_and_list(client, ids):
    h = bearer(ids["a_manager"])
    site = client.post("/api/sites", json={"name": "smelter 3", "province": "Inner Mongolia"},
                       headers=h)
    assert site.status_code == 201
    st = client.post("/api/studies", headers=h, json={
        "site_id": site.json()["id"], "name": "2025", "product": "aluminium_ingot",
        "period_start": "2025-01-01", "period_end": "2025-12-31"})
    assert st.status_code == 201 and st.json()["head_revision"] == 1
    rev = client.get(f"/api/studies/{st.json()['id']}/revisions/1", headers=h).json()
    assert rev["study"] == {"title": "2025", "period": {"start": "2025-01-01",
                                                         "end": "2025-12-31"},
                            "units": []}  # aluminium_ingot is the default product: omitted
    names = [x["name"] for x in client.get("/api/studies", headers=h).json()]
    assert names.count("2025") == 1 and "a 2024" in names and "b 2024" not in names


def test_save_revision_then_conflict_then_diff(client, ids, small_study):
    h = bearer(ids["a_editor"])
    sid = ids["a_study"]
    changed = json.loads(json.dumps(small_study))
    changed["units"][0]["inputs"][0]["amount"] = 900_000
    r = client.post(f"/api/studies/{sid}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "meter re-read", "study": changed})
    assert r.status_code == 201 and r.json()["number"] == 2 and r.json()["author"] == "a_editor"
    assert r.json()["parent"] == 1  # as the list below says (was null in the save's answer)
    stale = client.post(f"/api/studies/{sid}/revisions", headers=h,
                        json={"base_revision": 1, "reason": "other edit", "study": small_study})
    assert stale.status_code == 409 and stale.json()["head_revision"] == 2
    d = client.get(f"/api/studies/{sid}/diff?from=1&to=2", headers=h).json()
    assert d["changes"] == [{"path": "units[electrolysis].inputs[electricity].amount",
                             "change": "changed", "old": 1_000_000.0, "new": 900_000.0}]
    revs = client.get(f"/api/studies/{sid}/revisions", headers=h).json()
    assert [(x["number"], x["reason"], x["parent"]) for x in revs] == [
        (1, "created", None), (2, "meter re-read", 1)]


def test_invalid_study_is_422_naming_the_field_and_stores_nothing(client, ids, small_study):
    h = bearer(ids["a_editor"])
    bad = small_study
    bad["units"][0]["inputs"][0]["amount"] = -5
    r = client.post(f"/api/studies/{ids['a_study']}/revisions", headers=h,
                    json={"base_revision": 1, "reason": "x", "study": bad})
    assert r.status_code == 422
    assert "units[0] ('electrolysis').inputs[0] ('electricity').amount" in r.json()["detail"]
    assert "non-negative" in r.json()["detail"]
    assert _head(client, ids, ids["a_editor"]) == 1


def test_upload_yaml_creates_revision_and_keeps_file_as_evidence(client, ids, small_study):
    import yaml

    h = bearer(ids["a_editor"])
    body = yaml.safe_dump(small_study).encode()
    r = client.post(f"/api/studies/{ids['a_study']}/upload", headers=h,
                    files={"file": ("plant.yaml", body, "application/yaml")},
                    data={"base_revision": "1", "reason": "annual data"})
    assert r.status_code == 201, r.text
    assert (r.json()["number"], r.json()["source"]) == (2, "upload:plant.yaml")
    assert r.json()["parent"] == 1
    ev = client.get(f"/api/studies/{ids['a_study']}/evidence", headers=h).json()
    assert [(e["filename"], e["size"]) for e in ev] == [("plant.yaml", len(body))]
    raw = client.get(f"/api/evidence/{ev[0]['id']}/download", headers=h)
    assert raw.content == body


def test_upload_refusals_store_nothing(client, ids, upload_limit):
    h = bearer(ids["a_editor"])
    url = f"/api/studies/{ids['a_study']}/upload"
    big = b"title: x\n" + b"#" * (upload_limit + 10)
    cases = [
        (("big.yaml", big), 413),
        (("data.exe", b"MZ\x90\x00"), 415),
        (("fake.xlsx", b"not a zip file"), 415),
        (("bad.yaml", b"period: [unclosed"), 422),
        (("bad.json", json.dumps({"units": []}).encode()), 422),
    ]
    for (name, content), status in cases:
        r = client.post(url, headers=h, files={"file": (name, content)},
                        data={"base_revision": "1"})
        assert r.status_code == status, (name, r.status_code, r.text[:200])
    assert _head(client, ids, ids["a_editor"]) == 1
    assert client.get(f"/api/studies/{ids['a_study']}/evidence", headers=h).json() == []


def test_upload_with_stale_base_is_conflict(client, ids, small_study):
    import yaml

    h = bearer(ids["a_editor"])
    client.post(f"/api/studies/{ids['a_study']}/revisions", headers=h,
                json={"base_revision": 1, "reason": "first", "study": small_study})
    r = client.post(f"/api/studies/{ids['a_study']}/upload", headers=h,
                    files={"file": ("p.yaml", yaml.safe_dump(small_study).encode())},
                    data={"base_revision": "1"})
    assert r.status_code == 409
    assert client.get(f"/api/studies/{ids['a_study']}/evidence", headers=h).json() == []


def test_upload_example_workbook(client, ids):
    from pathlib import Path

    import pytest

    wb = Path(__file__).parents[2] / "examples" / "hydro_smelter_yunnan.xlsx"
    if not wb.exists():
        pytest.skip("examples/hydro_smelter_yunnan.xlsx not present")
    h = bearer(ids["a_editor"])
    r = client.post(f"/api/studies/{ids['a_study']}/upload", headers=h,
                    files={"file": (wb.name, wb.read_bytes())}, data={"base_revision": "1"})
    assert r.status_code == 201, r.text
    data = client.get(f"/api/studies/{ids['a_study']}/revisions/2", headers=h).json()["study"]
    assert {u["id"] for u in data["units"]} >= {"electrolysis", "casting"}
