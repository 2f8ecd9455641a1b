"""The Appendix C entry form: transport legs, supplier footprint, fuel properties and process-
emission parameters are edited, saved as a new revision, shown again; bad input is reported next
to its field and creates nothing; a stale form gets the conflict."""

from __future__ import annotations

from tests.service.webform_util import form_values, message, revision_count


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _page(client, ids):
    url = f"/studies/{ids['a_study']}/units/electrolysis"
    page = client.get(url)
    assert page.status_code == 200
    return url, form_values(page.text, "unit-form")


def _alumina(form: dict, csrf: str) -> dict:
    """Row 1 (a blank row of the page) becomes purchased alumina with two transport legs and a
    supplier footprint; anode consumption and a soda-ash carbonate row are switched on."""
    form.update({
        "csrf_token": csrf, "reason": "alumina and anodes",
        "in-1-flow": "alumina", "in-1-amount": "193", "in-1-unit": "t", "in-1-kind": "material",
        "in-1-supplier_cfp-value": "1.0", "in-1-supplier_cfp-source": "EPD 2024-017",
        "in-1-supplier_cfp-verified": "on", "in-1-supplier_cfp-basis": "life_cycle",
        "in-1-transport-count": "2",
        "in-1-transport-0-mode": "road_heavy_diesel", "in-1-transport-0-distance_km": "100",
        "in-1-transport-0-rated_load_t": "30",
        "in-1-transport-1-mode": "rail", "in-1-transport-1-distance_km": "1,200",
        "in-1-transport-1-transported_t": "180",
        "in-2-flow": "diesel", "in-2-amount": "10", "in-2-unit": "t", "in-2-kind": "fuel",
        "in-2-fuel-ncv": "43.3", "in-2-fuel-ncv_unit": "GJ/t", "in-2-fuel-oxidation": "0.98",
        "pe-anode_consumption-on": "on", "pe-anode_consumption-net_anode_t_per_t": "0.41",
        "pe-anode_consumption-sulfur_pct": "1.8",
        "pe-anode_effect-on": "on", "pe-anode_effect-method": "slope",
        "pe-anode_effect-aem_min_per_cell_day": "0.05",
        "pe-anode_effect-aeo_mv": "7",  # not used by the slope method: not stored
        "in-3-flow": "soda_ash", "in-3-amount": "50", "in-3-unit": "t", "in-3-kind": "material",
        "pe-carbonates-count": "1", "pe-carbonates-0-flow": "soda_ash",
        "pe-carbonates-0-mineral": "Na2CO3", "pe-carbonates-0-purity": "0.98",
    })
    form["in-count"] = "4"
    return form


def test_save_legs_supplier_fuel_and_process_parameters(client, ids, login):
    csrf = login(client, "a_editor")
    url, form = _page(client, ids)
    assert form["in-count"] == "3"  # one stored row and two blank ones
    form = _alumina(form, csrf)
    ok = client.post(url, data=form, follow_redirects=False)
    assert ok.status_code == 303, ok.text
    assert ok.headers["location"].endswith("?saved=2")
    data = client.get(f"/api/studies/{ids['a_study']}/revisions/2",
                      headers=bearer(ids["a_editor"])).json()
    assert data["author"] == "a_editor" and data["reason"] == "alumina and anodes"
    unit = data["study"]["units"][0]
    alumina, diesel = unit["inputs"][1], unit["inputs"][2]
    assert alumina["transport"] == [
        {"mode": "road_heavy_diesel", "distance_km": 100.0, "rated_load_t": 30.0},
        {"mode": "rail", "distance_km": 1200.0, "transported_t": 180.0}]
    assert alumina["supplier_cfp"] == {"value": 1.0, "source": "EPD 2024-017",
                                       "verified": True}
    assert diesel["fuel"] == {"ncv": 43.3, "ncv_unit": "GJ/t", "oxidation": 0.98}
    pe = unit["process_emissions"]
    assert pe["anode_consumption"] == {"net_anode_t_per_t": 0.41, "sulfur_pct": 1.8}
    assert pe["anode_effect"] == {"aem_min_per_cell_day": 0.05}  # slope and CWPB are defaults
    assert pe["carbonates"] == [{"flow": "soda_ash", "mineral": "Na2CO3", "purity": 0.98}]
    # the stored row keeps what the form does not show (its ratings and evidence)
    assert unit["inputs"][0]["dq"]["evidence"] == ["meter.pdf"]
    # shown again for editing, defaults as placeholders with their source
    again = client.get(url).text
    shown = form_values(again, "unit-form")
    assert shown["in-1-transport-1-distance_km"] == "1200"
    assert shown["in-1-supplier_cfp-source"] == "EPD 2024-017"
    assert shown["pe-anode_consumption-sulfur_pct"] == "1.8"
    assert 'placeholder="0.4" title="0.4 % (weight, baked anode)' in again  # Ash_a, IPCC 2006
    assert 'placeholder="0.143"' in again  # CWPB slope coefficient, IPCC 2006 Tier 2
    # the same form again names base revision 1: conflict, nothing written
    stale = client.post(url, data=form)
    assert stale.status_code == 409
    assert revision_count(client, ids["a_study"], bearer(ids["a_editor"])) == 2


def test_bad_leg_fuel_and_process_fields_are_located_and_nothing_saved(client, ids, login):
    csrf = login(client, "a_editor")
    url, form = _page(client, ids)
    form = _alumina(form, csrf)
    form.update({"in-1-transport-1-distance_km": "-5", "in-2-fuel-oxidation": "1.5",
                 "in-1-supplier_cfp-source": "", "pe-anode_consumption-sulfur_pct": "abc",
                 "pe-carbonates-0-purity": "0",
                 "pe-anode_effect-method": "overvoltage", "pe-anode_effect-aeo_mv": ""})
    bad = client.post(url, data=form)
    assert bad.status_code == 422
    assert "non-negative" in message(bad.text, "in-1-transport-1-distance_km")
    assert "less than or equal to 1" in message(bad.text, "in-2-fuel-oxidation")
    assert "required" in message(bad.text, "in-1-supplier_cfp-source").lower()
    assert "valid number" in message(bad.text, "pe-anode_consumption-sulfur_pct")
    assert "greater than 0" in message(bad.text, "pe-carbonates-0-purity")
    assert "overvoltage" in message(bad.text, "pe-anode_effect-aeo_mv")
    assert "required" in message(bad.text, "pe-anode_effect-current_efficiency")
    shown = form_values(bad.text, "unit-form")  # the user's input is kept
    assert shown["in-1-transport-1-distance_km"] == "-5"
    assert shown["pe-anode_consumption-sulfur_pct"] == "abc"
    assert 'id="in-1-details" open' in bad.text  # the row's details open on its message
    assert revision_count(client, ids["a_study"], bearer(ids["a_editor"])) == 1


def test_unknown_freight_mode_is_reported_on_its_leg(client, ids, login):
    csrf = login(client, "a_editor")
    url, form = _page(client, ids)
    form = _alumina(form, csrf) | {"in-1-transport-0-mode": "teleport"}
    bad = client.post(url, data=form)
    assert bad.status_code == 422
    assert "unknown freight mode 'teleport'" in message(bad.text, "in-1-transport-0-mode")
    assert revision_count(client, ids["a_study"], bearer(ids["a_editor"])) == 1


def test_removing_a_leg_and_switching_a_section_off(client, ids, login):
    csrf = login(client, "a_editor")
    url, form = _page(client, ids)
    assert client.post(url, data=_alumina(form, csrf), follow_redirects=False).status_code == 303
    form = form_values(client.get(url).text, "unit-form")
    # the page's script empties a removed leg; the server drops empty legs
    form.update({"csrf_token": csrf, "reason": "rail leg was double counted",
                 "in-1-transport-1-mode": "", "in-1-transport-1-distance_km": "",
                 "in-1-transport-1-transported_t": ""})
    form.pop("pe-anode_effect-on")
    assert client.post(url, data=form, follow_redirects=False).status_code == 303
    unit = client.get(f"/api/studies/{ids['a_study']}/revisions/3",
                      headers=bearer(ids["a_editor"])).json()["study"]["units"][0]
    assert [g["mode"] for g in unit["inputs"][1]["transport"]] == ["road_heavy_diesel"]
    assert "anode_effect" not in unit["process_emissions"]
    assert unit["inputs"][1]["supplier_cfp"]["verified"] is True
