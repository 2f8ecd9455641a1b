"""The Chinese entry page in headless Chromium (Debian's, via Playwright, no download): add a
transport leg's distance and change a process-emission parameter, save, and see the footprint
change by the hand-computed amount."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from tests.service.test_browser import CHROMIUM, FLAGS, server  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]

#: Electrolysis, 100 t liquid aluminium over the year:
#: * electricity 1e6 kWh, direct line 0.5 kg/kWh -> 1e6 x 0.5 / 1000 / 100 = 5.0 t CO2e/t
#: * alumina 193 t, supplier footprint 1.0 t/t -> 193 x 1.0 / 100 = 1.93 t CO2e/t
#: * its road leg, heavy diesel truck 0.0978 kg/tkm (CPCD 65119X0282024C), 100 km:
#:   193 t x 100 km x 0.0978 kg/tkm = 1,887.54 kg -> 0.0188754 t CO2e/t
#: * anode consumption (IPCC 2006 Eq. 4.21) NAC 0.4, S 2 %, ash 0.4 %:
#:   0.4 x (100 - 2 - 0.4)/100 x 44/12 = 0.4 x 0.976 x 3.666667 = 1.4314667 t CO2e/t
#: Edit: the leg becomes 300 km (+200 km: 193 x 200 x 0.0978 / 1000 / 100 = +0.0377508) and the
#: anode sulfur 3 % (-1 point: 0.4 x 0.01 x 44/12 = -0.0146667), net +0.0230841 t CO2e/t.
STUDY = {
    "title": "browser zh", "period": {"start": "2024-01-01", "end": "2024-12-31"},
    "declared_products": ["liquid_aluminium"],
    "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                          "basis": "life_cycle", "source": "declaration"}},
                    "default_supply": "line"},
    "units": [{"id": "electrolysis",
               "inputs": [{"flow": "electricity", "kind": "electricity", "amount": 1_000_000,
                           "unit": "kWh", "supply": "line"},
                          {"flow": "alumina", "amount": 193, "unit": "t",
                           "supplier_cfp": {"value": 1.0, "source": "supplier EPD"},
                           "transport": [{"mode": "road_heavy_diesel", "distance_km": 100}]}],
               "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
               "process_emissions": {"anode_consumption": {
                   "net_anode_t_per_t": 0.4, "sulfur_pct": 2.0, "ash_pct": 0.4}}}],
}
BEFORE = 5.0 + 1.93 + 0.0188754 + 0.4 * 0.976 * 44 / 12
CHANGE = 193 * 200 * 0.0978 / 1000 / 100 - 0.4 * 0.01 * 44 / 12
SHOTS = Path(os.environ.get("ALCARBON_SCREENSHOTS", "")) if os.environ.get(
    "ALCARBON_SCREENSHOTS") else None


@pytest.fixture
def study_id(store):
    from alcarbon.store import studies
    from alcarbon.store.models import User

    db, ids = store
    with db.write() as s:
        site = studies.get_site(s, ids["a_org"], ids["a_site1"])
        st = studies.create_study(s, site, "浏览器 2024", "liquid_aluminium", date(2024, 1, 1),
                                  date(2024, 12, 31), s.get(User, ids["a_admin_id"]), STUDY)
        return st.id


def _cfp(page, server, sid):  # noqa: F811
    page.goto(f"{server}/studies/{sid}/results")
    return float(page.locator("#cfp-liquid_aluminium").get_attribute("data-value"))


def _shot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_zh_entry_leg_and_anode_sulfur_change_footprint(server, study_id):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_context(locale="zh-CN", viewport={"width": 1400,
                                                                  "height": 900}).new_page()
            page.goto(f"{server}/login")
            page.fill("#username", "a_editor")
            page.fill("#password", "correct-horse-1")
            page.click("#login-btn")
            page.wait_for_url(f"{server}/")
            before = _cfp(page, server, study_id)
            assert before == pytest.approx(BEFORE, rel=1e-9)
            page.goto(f"{server}/studies/{study_id}/units/electrolysis")
            assert "输入" in page.inner_text("main") and "运输距离 km" in page.content()
            page.click("#in-1-details > summary")
            page.fill("input[name='in-1-transport-0-distance_km']", "300")
            # the script adds a second leg from the template, then removes it again
            page.click("#in-1-details button.add")
            page.fill("input[name='in-1-transport-1-mode']", "rail")
            _shot(page, "entry_zh.png")
            page.click("#in-1-details tbody tr:nth-child(2) button.remove-leg")
            sulfur = page.locator("input[name='pe-anode_consumption-sulfur_pct']")
            assert sulfur.get_attribute("title").startswith("2 % (weight, baked anode)")
            sulfur.fill("3")
            page.fill("#reason", "核对运输距离与阳极硫分化验单")
            page.click("#save-unit")
            page.wait_for_url("**/units/electrolysis?saved=2")
            assert "已保存为修订" in page.inner_text("#saved")
            after = _cfp(page, server, study_id)
            _shot(page, "results_zh.png")
            assert after - before == pytest.approx(CHANGE, rel=1e-9)
            assert after - before == pytest.approx(0.0230841, abs=1e-7)
        finally:
            browser.close()
