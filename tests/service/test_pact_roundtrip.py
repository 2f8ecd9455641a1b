"""Release -> pull round trip between two `alcarbon serve` instances over HTTPS: a refinery
releases its alumina footprint to a smelter; the smelter pulls it with `alcarbon pact pull`,
puts it on the alumina input of its stored study, and its CFP rises by the hand-computed amount.

Refinery: 30,000,000 kWh at 0.5 kg CO2e/kWh for 100,000 t alumina
  -> 30,000,000 x 0.5 / 100,000 = 150 kg CO2e/t = 0.15 kg CO2e/kg (PACT declared unit 1 kg).
Smelter: 1,000,000 kWh x 0.5 / 100 t = 5,000 kg = 5.0 t CO2e/t aluminium; adding 193 t alumina
at 0.15 t CO2e/t: 193 x 0.15 / 100 = 0.2895 t CO2e/t more, 5.2895 in all.
"""

from __future__ import annotations

import copy
import json
import ssl
from datetime import date

import httpx
import pytest

from alcarbon.store import accounts, connect, studies

from .conftest import SMALL_STUDY
from .pact_live import Server, make_cert

YEAR = date.today().year - 1


def _refinery() -> dict:
    return {"title": "refinery", "period": {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"},
            "producer": {"name": "Refinery Co"}, "declared_products": ["alumina"],
            "electricity": copy.deepcopy(SMALL_STUDY["electricity"]),
            "units": [{"id": "alumina_refining",
                       "inputs": [{"flow": "electricity", "kind": "electricity",
                                   "amount": 30_000_000, "unit": "kWh", "supply": "line"}],
                       "outputs": [{"flow": "alumina", "amount": 100_000, "unit": "t"}]}]}


def _smelter() -> dict:
    d = copy.deepcopy(SMALL_STUDY)
    d["period"] = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    d["producer"] = {"name": "Smelter Co"}
    return d


def _seed(url: str, org: str, product: str, data: dict) -> tuple[str, int]:
    db = connect(url)
    try:
        with db.write() as s:
            o = accounts.create_org(s, org)
            admin = accounts.create_user(s, o.id, f"admin-{product}",
                                         accounts.hash_password("pact-pass-1"), "admin")
            site = studies.create_site(s, o.id, "plant", "Yunnan")
            st = studies.create_study(s, site, "study", product, date(YEAR, 1, 1),
                                      date(YEAR, 12, 31), admin, data)
            return accounts.create_token(s, admin.id, "t")[1], st.id
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("roundtrip")
    cert, key = make_cert(tmp)
    r_url, s_url = f"sqlite:///{tmp / 'refinery.sqlite3'}", f"sqlite:///{tmp / 'smelter.sqlite3'}"
    r_tok, r_study = _seed(r_url, "Refinery Co", "alumina", _refinery())
    s_tok, s_study = _seed(s_url, "Smelter Co", "liquid_aluminium", _smelter())
    refinery = Server(r_url, cert, key, tmp / "refinery.log")
    smelter = Server(s_url, cert, key, tmp / "smelter.log")
    ctx = ssl.create_default_context(cafile=str(cert))
    try:
        yield {"cert": str(cert), "ctx": ctx, "tmp": tmp,
               "refinery": (refinery.base, r_tok, r_study), "smelter": (smelter.base, s_tok,
                                                                         s_study)}
    finally:
        refinery.stop()
        smelter.stop()


def _cfp(h: httpx.Client, study: int) -> float:
    r = h.post(f"/api/studies/{study}/calculate")
    assert r.status_code == 200, r.text
    (prod,) = r.json()["result"]["products"]
    assert prod["product"] == "liquid_aluminium"
    return prod["cfp"]


def test_release_pull_round_trip_changes_the_smelter_cfp(pair):
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    r_base, r_tok, r_study = pair["refinery"]
    s_base, s_tok, s_study = pair["smelter"]
    with httpx.Client(base_url=r_base, verify=pair["ctx"], timeout=120,
                      headers={"Authorization": f"Bearer {r_tok}"}) as ref:
        cust = ref.post("/api/pact/customers", json={"name": "Smelter Co"}).json()
        rel = ref.post("/api/pact/releases", json={"study_id": r_study,
                                                   "customer_ids": [cust["id"]]})
        assert rel.status_code == 201, rel.text
        pf_id = rel.json()["pf_id"]

    out = pair["tmp"] / "alumina.json"
    res = CliRunner().invoke(app, ["pact", "pull", r_base, "--client-id", cust["client_id"],
                                   "--client-secret", cust["client_secret"], "--out", str(out),
                                   "--ca-file", pair["cert"]])
    assert res.exit_code == 0, res.output
    [entry] = json.loads(out.read_text())["footprints"]
    assert entry["pf_id"] == pf_id and entry["version"] == 1
    cfp = entry["supplier_cfp"]
    assert (cfp["value"], cfp["per"]) == (pytest.approx(0.15), "kg")  # 150 kg/t, see docstring

    with httpx.Client(base_url=s_base, verify=pair["ctx"], timeout=120,
                      headers={"Authorization": f"Bearer {s_tok}"}) as sm:
        before = _cfp(sm, s_study)
        data = _smelter()
        data["units"][0]["inputs"].append({"flow": "alumina", "amount": 193, "unit": "t",
                                           "supplier_cfp": cfp})
        r = sm.post(f"/api/studies/{s_study}/revisions",
                    json={"base_revision": 1, "reason": f"alumina: PACT footprint {pf_id}",
                          "study": data})
        assert r.status_code == 201, r.text
        after = _cfp(sm, s_study)
    assert before == pytest.approx(5.0)
    assert after - before == pytest.approx(0.2895)  # 193 t x 0.15 t/t / 100 t
