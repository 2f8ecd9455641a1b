"""A new user's whole path in headless Chromium, in Chinese and in English: the empty home page
says what to do first; create a site, a study, upload the bundled Appendix C workbook, open the
results (checklist, electricity used, uncertainty on demand) and the data entry page. Screenshots
of every page at 1280 px go to ``$ALCARBON_SCREENSHOTS`` when set, else to the test's temp dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.service.test_browser import CHROMIUM, EXAMPLE, FLAGS, server  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
PASSWORD = "walk-through-pw-1"


@pytest.fixture
def newcomer(store):
    """An organisation with one administrator and nothing else (the empty home page)."""
    from alcarbon.store import accounts

    db, _ = store
    with db.write() as s:
        org = accounts.create_org(s, "Org New")
        accounts.create_user(s, org.id, "newcomer", accounts.hash_password(PASSWORD),
                                 "admin")
    return "newcomer"


def _shots(tmp_path: Path, lang: str) -> Path:
    root = os.environ.get("ALCARBON_SCREENSHOTS")
    out = (Path(root) if root else tmp_path) / lang
    out.mkdir(parents=True, exist_ok=True)
    return out


WORDS = {
    "zh": {"first": "第一步", "site": "云南铝厂", "study": "铝锭 2024", "results": "结果",
           "check": "符合性检查", "elec": "所用电力因子", "ready": "开始下载"},
    "en": {"first": "First", "site": "Yunnan smelter", "study": "Ingot 2024",
           "results": "Results", "check": "Compliance checklist",
           "elec": "Electricity factors used", "ready": "download has started"},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_user_walks_the_whole_path(server, newcomer, tmp_path, lang):  # noqa: F811
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} not present")
    from playwright.sync_api import sync_playwright

    w, shots = WORDS[lang], _shots(tmp_path, lang)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            ctx = browser.new_context(locale="zh-CN" if lang == "zh" else "en-US",
                                      viewport={"width": 1280, "height": 900},
                                      accept_downloads=True)
            page = ctx.new_page()
            page.goto(f"{server}/login")
            page.screenshot(path=str(shots / "01_login.png"), full_page=True)
            page.fill("#username", newcomer)
            page.fill("#password", PASSWORD)
            page.click("#login-btn")
            page.wait_for_url(f"{server}/")
            # the empty home page says what to do first: site -> study -> workbook -> results
            steps = page.locator("#first-steps")
            assert steps.is_visible() and w["first"] in steps.inner_text()
            assert steps.locator("li").count() == 4
            page.screenshot(path=str(shots / "02_home_empty.png"), full_page=True)
            page.fill("#new-site-name", w["site"])
            page.click("#new-site-btn")
            page.wait_for_url(f"{server}/")
            # a site without a study opens its new-study form by itself (step 2)
            form = page.locator("details.new-study >> nth=0 >> form")
            assert form.is_visible()
            form.locator("input[name=name]").fill(w["study"])
            page.screenshot(path=str(shots / "03_home_site.png"), full_page=True)
            form.locator("button[type=submit]").click()
            page.wait_for_url("**/studies/*")
            assert w["study"] in page.inner_text("h1")
            page.screenshot(path=str(shots / "04_study_new.png"), full_page=True)
            page.set_input_files("#upload-file", str(EXAMPLE))
            page.click("#upload-btn")
            page.wait_for_url("**/results?rev=2")
            assert w["results"] in page.inner_text("h1")
            assert float(page.locator("[id^=cfp-]").first.get_attribute("data-value")) > 0
            assert w["check"] in page.inner_text("#checklist")
            assert w["elec"] in page.inner_text("main")
            page.screenshot(path=str(shots / "05_results.png"), full_page=True)
            # uncertainty on demand: the button disables and says so, the interval appears
            # in place (no reload: the marker set on the window survives)
            page.evaluate("window.__noReload = 1")
            page.click("#run-uncertainty")
            page.wait_for_selector("#uncertainty-out .interval", timeout=120_000)
            assert page.evaluate("window.__noReload") == 1
            assert page.locator("#run-uncertainty").is_enabled()
            page.screenshot(path=str(shots / "06_results_uncertainty.png"), full_page=True)
            # a report download: progress text while it is prepared, then the file
            with page.expect_download(timeout=120_000) as dl:
                page.click("#report-json")
            assert dl.value.suggested_filename.endswith(f"-{lang}.json")
            page.wait_for_function("document.getElementById('download-status').innerText"
                                   f".indexOf({w['ready']!r}) >= 0")
            sid = page.url.split("/studies/")[1].split("/")[0]
            page.goto(f"{server}/studies/{sid}")
            assert page.locator("#factors-form").is_visible()
            page.screenshot(path=str(shots / "07_study.png"), full_page=True)
            page.goto(f"{server}/studies/{sid}/units/electrolysis")
            page.screenshot(path=str(shots / "08_unit.png"), full_page=True)
            # tables scroll inside their card: the page itself is no wider than the window
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            page.goto(f"{server}/studies/{sid}/verify")
            page.screenshot(path=str(shots / "09_verify.png"), full_page=True)
            # every column of the verifier's trace (rating, evidence, history last) inside
            # its card: the table was 1,700 px wide and cut its last four columns off
            widths = page.evaluate("[...document.querySelectorAll('table.trace')].map("
                                   "t => [t.scrollWidth, t.parentElement.clientWidth])")
            assert widths and all(w <= room for w, room in widths), widths
            if lang == "zh":  # a header name on one line, not 原/始/凭/证 one character a line
                heads = page.evaluate(
                    "[...document.querySelectorAll('table.trace th')].map(h => [h.innerText,"
                    " Math.round(h.getBoundingClientRect().height),"
                    " parseFloat(getComputedStyle(h).lineHeight)])")
                assert heads and all(hh < 1.8 * lh for _, hh, lh in heads), heads
            # a long citation shows its first 120 characters (the NDRC fuel table's ran to 20
            # lines on every row using it); a click shows the whole, printing opens them all
            folded = page.locator("details.cite")
            assert folded.count() > 0
            first = folded.first
            summary = first.locator("summary").inner_text()
            assert summary.endswith("…") and len(summary) <= 121 + 2  # 120 + "…" (+ " ▸")
            assert not first.evaluate("d => d.open")
            first.locator("summary").click()
            assert first.evaluate("d => d.open")
            whole = first.locator(":scope > cite").inner_text()
            assert len(whole) > 140 and whole.startswith(summary[:120])
            page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
            assert page.evaluate("[...document.querySelectorAll('details.cite')]"
                                 ".every(d => d.open)")
            # the PACT page where an admin manages customers and releases (docs/pact.md)
            page.goto(f"{server}/pact")
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            # no customer yet: no release form, a line saying what a release needs
            assert page.locator("#release-needs").is_visible()
            assert page.locator("#new-release").count() == 0
            page.screenshot(path=str(shots / "10_pact.png"), full_page=True)
        finally:
            browser.close()
