"""User and supplier factors on the study page (the web's ``--factors``): a study whose input
names a factor the library lacks fails with a lead to the study page's factor section; the
factor added there is stored in the revision and used by the calculation; bad factor fields are
located and save nothing; evidence is linked to a factor."""

from __future__ import annotations

import copy
import re
from datetime import date

import pytest
from tests.service.conftest import SMALL_STUDY
from tests.service.webform_util import form_values, message, revision_count


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


FID = "supplier.alumina_2024"


@pytest.fixture
def study_id(store):
    """SMALL_STUDY (5.0 t CO2e/t from electricity) plus 193 t alumina with factor FID, which
    is neither packaged nor in the study yet."""
    from alcarbon.store import studies
    from alcarbon.store.models import User

    data = copy.deepcopy(SMALL_STUDY)
    data["units"][0]["inputs"].append({"flow": "alumina", "amount": 193, "unit": "t",
                                       "factor": FID})
    db, ids = store
    with db.write() as s:
        site = studies.get_site(s, ids["a_org"], ids["a_site1"])
        st = studies.create_study(s, site, "factors", "liquid_aluminium", date(2024, 1, 1),
                                  date(2024, 12, 31), s.get(User, ids["a_admin_id"]), data)
        return st.id


def _factor_form(client, sid, csrf, **fields):
    page = client.get(f"/studies/{sid}?lang=zh")
    assert page.status_code == 200
    form = form_values(page.text, "factors-form")
    assert form["fac-count"] == "1" and form["fac-0-id"] == ""  # one blank row
    return form | {"csrf_token": csrf} | fields


GOOD = {"fac-0-id": FID, "fac-0-name_zh": "冶金级氧化铝（供应商）", "fac-0-name": "alumina",
        "fac-0-kind": "material_upstream", "fac-0-value": "0.6", "fac-0-amount_unit": "t",
        "fac-0-per": "t", "fac-0-basis": "life_cycle", "fac-0-confidence": "medium",
        "fac-0-document": "EPD alumina 2024", "fac-0-issuer": "Supplier X",
        "fac-0-source_year": "2024", "reason": "供应商2024年EPD"}


def test_missing_factor_leads_to_the_study_page(client, ids, login, study_id):
    login(client, "a_editor")
    page = client.get(f"/studies/{study_id}/results?lang=zh")
    assert page.status_code == 200
    assert "研究页“用户排放因子与供应商因子”" in page.text
    assert f'href="/studies/{study_id}#factors"' in page.text
    assert "--factors" not in page.text  # no CLI hint on the web
    assert FID in page.text  # the engine's detail names the missing factor


def test_added_factor_is_stored_in_the_revision_and_used(client, ids, login, study_id):
    csrf = login(client, "a_editor")
    ok = client.post(f"/studies/{study_id}/factors",
                     data=_factor_form(client, study_id, csrf, **GOOD), follow_redirects=False)
    assert ok.status_code == 303, ok.text
    assert ok.headers["location"].endswith("?saved=2#factors")
    rev = client.get(f"/api/studies/{study_id}/revisions/2", headers=bearer(ids["a_editor"]))
    stored = rev.json()["study"]["factors"]
    assert stored == [{"id": FID, "name": "alumina", "name_zh": "冶金级氧化铝（供应商）",
                       "kind": "material_upstream", "value": 0.6, "amount_unit": "t",
                       "per": "t", "basis": "life_cycle", "confidence": "medium",
                       "source": {"document": "EPD alumina 2024", "issuer": "Supplier X",
                                  "year": 2024}}]
    # by hand: electricity 1e6 kWh x 0.5 kg/kWh / 100 t = 5.0 t/t; alumina 193 t x 0.6 t/t
    # / 100 t = 1.158 t/t; together 6.158 t CO2e per t liquid aluminium
    calc = client.post(f"/api/studies/{study_id}/calculate", headers=bearer(ids["a_editor"]))
    assert calc.json()["result"]["products"][0]["cfp"] == pytest.approx(6.158, rel=1e-12)
    page = client.get(f"/studies/{study_id}/results?lang=zh")
    shown = re.search(r'id="cfp-liquid_aluminium" data-value="([^"]+)"', page.text).group(1)
    assert float(shown) == pytest.approx(6.158, rel=1e-12)
    # the page shows the stored factor again, and a second save keeps it unchanged
    again = form_values(client.get(f"/studies/{study_id}").text, "factors-form")
    assert again["fac-0-id"] == FID and again["fac-0-value"] == "0.6"
    assert again["fac-0-document"] == "EPD alumina 2024" and again["fac-0-source_year"] == "2024"


def test_the_results_after_a_web_save_use_the_study_validated_at_the_save(
        client, ids, login, study_id, monkeypatch):
    """As after an API save (tests/service/test_study_memo.py): the form's study, validated to
    be saved, serves the calculation of the results page of the new revision: not validated
    again."""
    from alcarbon.service import compute
    from alcarbon.service.study_memo import MEMO

    MEMO.clear()
    csrf = login(client, "a_editor")
    ok = client.post(f"/studies/{study_id}/factors",
                     data=_factor_form(client, study_id, csrf, **GOOD), follow_redirects=False)
    assert ok.status_code == 303, ok.text
    validated = []
    real = compute.study_from_data
    monkeypatch.setattr(compute, "study_from_data",
                        lambda data, source="study": validated.append(source) or real(data, source))
    page = client.get(f"/studies/{study_id}/results?lang=zh")
    assert page.status_code == 200
    # once, for the checklist's own copy (a check may change what it reads); the calculation
    # took the kept study
    assert validated == ["stored revision"]
    # by hand (as above): 5.0 t/t of electricity + 193 t x 0.6 t/t / 100 t = 6.158 t CO2e per t
    shown = re.search(r'id="cfp-liquid_aluminium" data-value="([^"]+)"', page.text).group(1)
    assert float(shown) == pytest.approx(6.158, rel=1e-12)
    MEMO.clear()


def test_bad_factor_fields_are_located_and_nothing_saved(client, ids, login, study_id):
    csrf = login(client, "a_editor")
    bad = GOOD | {"fac-0-amount_unit": "kWh", "fac-0-document": "", "fac-0-issuer": "",
                  "fac-0-value": "abc", "fac-0-confidence": ""}
    r = client.post(f"/studies/{study_id}/factors?lang=zh",
                    data=_factor_form(client, study_id, csrf, **bad))
    assert r.status_code == 422
    assert message(r.text, "fac-0-confidence") == "必填"
    assert message(r.text, "fac-0-value") == "请输入数字"
    assert "kWh" in message(r.text, "fac-0-amount_unit")
    assert message(r.text, "fac-0-document") == "必填"
    # the form comes back as typed
    assert 'name="fac-0-value" value="abc"' in r.text
    assert revision_count(client, study_id, bearer(ids["a_editor"])) == 1
    # a duplicated id is refused too
    dup = GOOD | {"fac-1-" + k[6:]: v for k, v in GOOD.items() if k.startswith("fac-0-")}
    form = _factor_form(client, study_id, csrf, **dup) | {"fac-count": "2", "fac-1-orig": ""}
    r = client.post(f"/studies/{study_id}/factors?lang=en", data=form)
    assert r.status_code == 422 and message(r.text, "fac-1-id") == "same id as row 1"
    assert revision_count(client, study_id, bearer(ids["a_editor"])) == 1


def test_evidence_linked_to_a_factor_is_listed_with_it(client, ids, login, study_id):
    csrf = login(client, "a_editor")
    client.post(f"/studies/{study_id}/factors",
                data=_factor_form(client, study_id, csrf, **GOOD), follow_redirects=False)
    page = client.get(f"/studies/{study_id}")
    assert 'id="factor-evidence-form"' in page.text
    up = client.post(f"/studies/{study_id}/evidence",
                     data={"csrf_token": csrf, "unit": "factors", "flow": FID, "note": "EPD"},
                     files={"file": ("epd-alumina.pdf", b"%PDF-1.4 test\n", "application/pdf")},
                     follow_redirects=False)
    assert up.status_code == 303, up.text
    listed = client.get(f"/api/studies/{study_id}/evidence", headers=bearer(ids["a_editor"]))
    assert listed.json()[-1]["links"] == [{"unit": "factors", "flow": FID}]
    row = client.get(f"/studies/{study_id}").text.split('id="fac-0-row"')[1].split("</tbody>")[0]
    assert "epd-alumina.pdf" in row


CSV = ("id,name,kind,value,amount_unit,per,basis,confidence,document,issuer,source_year\n"
       f"{FID},alumina,material_upstream,0.7,t,t,life_cycle,medium,EPD alumina 2024,"
       "Supplier X,2024\n")


def test_factor_file_import_is_the_cli_route(client, ids, login, study_id):
    """The CSV that `alcarbon calc --factors` reads, imported on the study page."""
    csrf = login(client, "a_editor")
    ok = client.post(f"/studies/{study_id}/factors/import",
                     data={"csrf_token": csrf, "base_revision": "1"},
                     files={"file": ("factors.csv", CSV.encode(), "text/csv")},
                     follow_redirects=False)
    assert ok.status_code == 303, ok.text
    rev = client.get(f"/api/studies/{study_id}/revisions/2",
                     headers=bearer(ids["a_editor"])).json()
    assert rev["reason"] == "import factors factors.csv"
    (f,) = rev["study"]["factors"]
    assert (f["id"], f["value"], f["source"]["issuer"], f["source"]["year"]) == (
        FID, 0.7, "Supplier X", 2024)
    # by hand: 5.0 + 193 t x 0.7 t/t / 100 t = 5.0 + 1.351 = 6.351 t CO2e/t
    calc = client.post(f"/api/studies/{study_id}/calculate", headers=bearer(ids["a_editor"]))
    assert calc.json()["result"]["products"][0]["cfp"] == pytest.approx(6.351, rel=1e-12)
    ev = client.get(f"/api/studies/{study_id}/evidence", headers=bearer(ids["a_editor"])).json()
    assert ev[-1]["filename"] == "factors.csv"
    assert ev[-1]["links"] == [{"unit": "factors", "flow": FID}]
    page = client.get(f"/studies/{study_id}?lang=zh").text
    assert "导入因子文件 factors.csv" in page  # the program's reason, in Chinese


def test_bad_factor_file_names_row_and_field_and_saves_nothing(client, ids, login, study_id):
    csrf = login(client, "a_editor")
    bad = CSV.replace(",t,t,life_cycle,", ",kWh,t,life_cycle,")  # not a mass unit
    r = client.post(f"/studies/{study_id}/factors/import?lang=zh",
                    data={"csrf_token": csrf, "base_revision": "1"},
                    files={"file": ("factors.csv", bad.encode(), "text/csv")})
    assert r.status_code == 422
    assert "未导入" in r.text and "factors.csv, row 1" in r.text and "amount_unit" in r.text
    assert revision_count(client, study_id, bearer(ids["a_editor"])) == 1
    listed = client.get(f"/api/studies/{study_id}/evidence", headers=bearer(ids["a_editor"]))
    assert listed.json() == []
    stale = client.post(f"/studies/{study_id}/factors/import",
                        data={"csrf_token": csrf, "base_revision": "7"},
                        files={"file": ("factors.csv", CSV.encode(), "text/csv")})
    assert stale.status_code == 409


def test_factor_evidence_shown_in_the_verifier_trace(client, ids, login, study_id):
    """Evidence linked to user factor FID (unit 'factors', flow FID) appears in the verifier
    view on the trace row whose factor is FID (the alumina row), and on no other row (the
    electricity row uses the direct-line supply, not FID). Before: no row showed it."""
    csrf = login(client, "a_editor")
    client.post(f"/studies/{study_id}/factors",
                data=_factor_form(client, study_id, csrf, **GOOD), follow_redirects=False)
    up = client.post(f"/studies/{study_id}/evidence",
                     data={"csrf_token": csrf, "unit": "factors", "flow": FID, "note": "EPD"},
                     files={"file": ("epd-alumina.pdf", b"%PDF-1.4 test\n", "application/pdf")},
                     follow_redirects=False)
    assert up.status_code == 303, up.text
    page = client.get(f"/studies/{study_id}/verify?lang=zh")
    assert page.status_code == 200
    body = page.text.split("<tbody>")[1].split("</tbody>")[0]
    rows = [r for r in body.split("<tr>")[1:]]
    with_fid = [r for r in rows if f"<code>{FID}</code>" in r]
    assert len(with_fid) == 1 and "epd-alumina.pdf" in with_fid[0]
    others = [r for r in rows if f"<code>{FID}</code>" not in r]
    assert others and not any("epd-alumina.pdf" in r for r in others)
