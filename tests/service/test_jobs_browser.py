"""The results page's job buttons in Chromium: a progress bar while the job runs, then the
result in place (Sobol' table) or the download (PDF report), labels in the page language."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.service.test_browser import CHROMIUM, FLAGS, server  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture(scope="module", autouse=True)
def dask_engine():
    from alcarbon.service import jobs

    yield
    jobs.ENGINE.shutdown()


def test_sobol_and_pdf_jobs_in_the_page(server, ids):  # noqa: F811
    pytest.importorskip("distributed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_context(accept_downloads=True, locale="zh-CN").new_page()
            page.goto(f"{server}/login?lang=zh")
            page.fill("#username", "a_editor")
            page.fill("#password", "correct-horse-1")
            page.click("#login-btn")
            page.wait_for_url(f"{server}/")
            page.goto(f"{server}/studies/{ids['a_study']}/results?rev=1&lang=zh")
            page.evaluate("window.__noReload = 1")
            page.click("#run-sobol")
            # the progress bar with a Chinese state label, then the table in place
            page.wait_for_selector("#sobol-out progress", timeout=30_000)
            page.wait_for_selector("#sobol-out #sobol-table", timeout=120_000)
            assert page.evaluate("window.__noReload") == 1
            table = page.inner_text("#sobol-table")
            assert "一阶指数 S1" in table and "铝电解生产：电力" in table
            assert page.locator("#run-sobol").is_enabled()
            # the PDF report as a job: the download starts when it is done
            with page.expect_download(timeout=180_000) as dl:
                page.click("#report-pdf")
            assert dl.value.suggested_filename == \
                f"cfp-report-study{ids['a_study']}-r1-zh.pdf"
            with open(dl.value.path(), "rb") as fh:
                assert fh.read(5) == b"%PDF-"
        finally:
            browser.close()
