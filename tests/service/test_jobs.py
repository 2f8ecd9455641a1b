"""Jobs on a real Dask LocalCluster of 2 worker processes: Monte Carlo and Sobol' equal to the
synchronous computation, progress to 1.0, failures with their message, isolation between
organisations, and the state seen through a second app instance on the same database."""

from __future__ import annotations

import time

import numpy as np
import pytest

from alcarbon.service.settings import Settings

pytest.importorskip("distributed")

TIMEOUT_S = 60


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module", autouse=True)
def dask_engine():
    """One LocalCluster (2 worker processes) for the module, closed at its end."""
    from alcarbon.service import jobs

    yield
    jobs.ENGINE.shutdown()


@pytest.fixture
def japp(store):
    from alcarbon.service.app import create_app

    return create_app(store[0], Settings(job_workers=2))


@pytest.fixture
def jclient(japp):
    from fastapi.testclient import TestClient

    with TestClient(japp) as c:
        yield c


def wait_done(client, job_id, h):
    """Poll the status until done/failed; returns (final status, progress values seen)."""
    seen, t0 = [], time.monotonic()
    while time.monotonic() - t0 < TIMEOUT_S:
        st = client.get(f"/api/jobs/{job_id}", headers=h).json()
        seen.append(st["progress"])
        if st["state"] in ("done", "failed"):
            return st, seen
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not finished after {TIMEOUT_S} s: {st}")


def test_chunks_cover_rows_in_order():
    from alcarbon.service.jobs import _chunks

    # 3000 rows / 8 chunks = 375 rows each: [0,375), [375,750) ... [2625,3000)
    assert _chunks(3000) == [(375 * i, 375 * (i + 1)) for i in range(8)]
    # 1000 / 8 = 125 < 256 rows minimum: chunks of 256, the last one 1000 - 768 = 232 rows
    assert _chunks(1000) == [(0, 256), (256, 512), (512, 768), (768, 1000)]


def test_chunked_draws_are_the_one_stream():
    """Why a chunked job equals the synchronous run: the head draws every chunk from one
    Generator in row order, and numpy fills standard_normal((n, P)) row by row from the stream,
    so 8 chunks of 375 rows are exactly the rows of one (3000, P) draw."""
    P = 3
    whole = np.random.default_rng(7).standard_normal((3000, P))
    rng = np.random.default_rng(7)
    parts = [rng.standard_normal((b - a, P)) for a, b in [(375 * i, 375 * (i + 1))
                                                          for i in range(8)]]
    assert np.array_equal(np.concatenate(parts), whole)


def test_montecarlo_job_equals_synchronous(jclient, ids, store):
    from alcarbon.service import compute
    from alcarbon.store import studies

    h = bearer(ids["a_editor"])
    sid = ids["a_study"]
    r = jclient.post(f"/api/studies/{sid}/jobs", headers=h,
                     json={"kind": "montecarlo", "iterations": 3000, "seed": 11})
    assert r.status_code == 202, r.text
    job = r.json()
    assert r.headers["location"] == f"/api/jobs/{job['id']}"
    assert job["state"] in ("queued", "running") and job["revision"] == 1
    final, seen = wait_done(jclient, job["id"], h)
    assert final["state"] == "done", final
    assert final["progress"] == 1.0 and final["result_url"] == f"/api/jobs/{job['id']}/result"
    assert seen == sorted(seen)  # never moves back
    got = jclient.get(final["result_url"], headers=h).json()
    from alcarbon.service.jobs import ENGINE

    assert len(ENGINE.client.scheduler_info()["workers"]) == 2  # two worker processes

    # the synchronous computation of the same revision and seed, in this process, one chunk
    with store[0].read() as s:
        rev = studies.get_revision(s, studies.get_study(s, ids["a_org"], sid), 1)
        data = studies.revision_data(rev)
    sync = compute.uncertainty(compute.study_from_data(data), 3000, 11)
    (prod,) = got
    assert prod == "liquid_aluminium"
    # by hand (conftest): 1e6 kWh / 100 t x 0.5 kg/kWh = 5.0 t CO2e/t, the static value
    assert got[prod]["deterministic"] == pytest.approx(5.0, rel=1e-12)
    # the same samples row for row: every order statistic and moment identical
    for k in ("iterations", "seed", "mean", "median", "p2_5", "p97_5", "std", "cv"):
        assert got[prod][k] == sync[prod][k], k
    # variance shares: same sums added in 8 chunks instead of 1 (rounding only)
    assert [v["param"] for v in got[prod]["variance_contributions"]] == \
        [v["param"] for v in sync[prod]["variance_contributions"]]
    for a, b in zip(got[prod]["variance_contributions"], sync[prod]["variance_contributions"],
                    strict=True):
        assert a["share"] == pytest.approx(b["share"], rel=1e-9)
    # stored in the results cache under the synchronous route's key: that route now hits it
    again = jclient.post(f"/api/studies/{sid}/uncertainty", headers=h,
                         json={"iterations": 3000, "seed": 11})
    assert again.json()["cached"] is True and again.json()["result"] == got


def test_sobol_job_equals_synchronous(jclient, ids, store):
    from alcarbon.service import compute
    from alcarbon.store import studies
    from alcarbon.uncertainty.sobol import sobol

    h = bearer(ids["a_admin"])
    sid = ids["a_study"]
    r = jclient.post(f"/api/studies/{sid}/jobs", headers=h,
                     json={"kind": "sobol", "n": 256, "top_n": 2, "seed": 3})
    assert r.status_code == 202, r.text
    final, _ = wait_done(jclient, r.json()["id"], h)
    assert final["state"] == "done", final
    got = jclient.get(final["result_url"], headers=h).json()
    with store[0].read() as s:
        rev = studies.get_revision(s, studies.get_study(s, ids["a_org"], sid), 1)
        study = compute.study_from_data(studies.revision_data(rev))
    sync = sobol(study, top_n=2, n=256, seed=3).to_json_dict()
    # Saltelli's sample evaluated chunk by chunk in sample order: the same outputs, so the
    # same estimates (SALib's bootstrap is seeded)
    assert got == sync
    # n x (D + 2) evaluations by hand: D = the parameters chosen (<= 2)
    assert got["evaluations"] == 256 * (len(got["names"]) + 2)


def test_failing_jobs_end_failed_with_the_message(jclient, ids, small_study):
    h = bearer(ids["a_editor"])
    sid = ids["a_study"]
    # a valid inventory that cannot be computed: the electricity supply has no factor value
    small_study["electricity"]["supplies"]["line"].pop("value")
    r = jclient.post(f"/api/studies/{sid}/revisions", headers=h,
                     json={"base_revision": 1, "reason": "no factor", "study": small_study})
    assert r.status_code == 201
    sync = jclient.post(f"/api/studies/{sid}/uncertainty", headers=h,
                        json={"iterations": 500, "seed": 1, "revision": 2})
    assert sync.status_code == 422
    job = jclient.post(f"/api/studies/{sid}/jobs", headers=h,
                       json={"kind": "montecarlo", "iterations": 500, "revision": 2}).json()
    final, _ = wait_done(jclient, job["id"], h)
    # the typed error's text, as the synchronous route gives it
    assert final["state"] == "failed" and final["message"] == sync.json()["detail"]
    res = jclient.get(f"/api/jobs/{job['id']}/result", headers=h)
    assert res.status_code == 409 and sync.json()["detail"] in res.json()["detail"]

    # a report fails on a Dask worker process: the message crosses back intact
    sync_rep = jclient.get(f"/api/studies/{sid}/report?fmt=json&revision=2", headers=h)
    assert sync_rep.status_code == 422
    rep = jclient.post(f"/api/studies/{sid}/jobs", headers=h,
                       json={"kind": "report", "fmt": "json", "revision": 2}).json()
    final, _ = wait_done(jclient, rep["id"], h)
    assert final["state"] == "failed" and final["message"] == sync_rep.json()["detail"]


def test_other_org_cannot_see_or_start(jclient, ids):
    ha, hb = bearer(ids["a_editor"]), bearer(ids["b_admin"])
    job = jclient.post(f"/api/studies/{ids['a_study']}/jobs", headers=ha,
                       json={"kind": "report", "fmt": "json", "lang": "en"}).json()
    assert jclient.get(f"/api/jobs/{job['id']}", headers=hb).status_code == 404
    assert jclient.get(f"/api/jobs/{job['id']}/result", headers=hb).status_code == 404
    assert jclient.post(f"/api/studies/{ids['a_study']}/jobs", headers=hb,
                        json={"kind": "montecarlo"}).status_code == 404
    # an editor of org A not assigned to site 2 does not see a job on site 2's study
    job2 = jclient.post(f"/api/studies/{ids['a_study2']}/jobs", headers=bearer(ids["a_admin"]),
                        json={"kind": "report", "fmt": "json"}).json()
    assert jclient.get(f"/api/jobs/{job2['id']}", headers=ha).status_code == 404
    final, _ = wait_done(jclient, job["id"], ha)
    assert final["state"] == "done"
    rep = jclient.get(final["result_url"], headers=ha)
    assert rep.headers["content-type"] == "application/json"
    assert rep.headers["content-disposition"] == \
        f'attachment; filename="cfp-report-study{ids["a_study"]}-r1-en.json"'
    wait_done(jclient, job2["id"], bearer(ids["a_admin"]))


def test_status_seen_by_a_second_app_instance(jclient, ids, store, tmp_path):
    """Another web worker process on the same database: a second app with its own engines."""
    from fastapi.testclient import TestClient

    from alcarbon.service.app import create_app
    from alcarbon.store import connect

    h = bearer(ids["a_manager"])
    job = jclient.post(f"/api/studies/{ids['a_study']}/jobs", headers=h,
                       json={"kind": "montecarlo", "iterations": 2000, "seed": 5}).json()
    other_db = connect(store[0].url)
    try:
        with TestClient(create_app(other_db, Settings())) as other:
            final, _ = wait_done(other, job["id"], h)
            assert final["state"] == "done" and final["progress"] == 1.0
            mine = jclient.get(f"/api/jobs/{job['id']}", headers=h).json()
            assert mine == final
            assert other.get(final["result_url"], headers=h).json() == \
                jclient.get(final["result_url"], headers=h).json()
    finally:
        other_db.dispose()


def test_bad_parameters_and_lost_jobs(jclient, japp, ids, store):
    from alcarbon.store import jobs as store_jobs
    from alcarbon.store import studies

    h = bearer(ids["a_admin"])
    url = f"/api/studies/{ids['a_study']}/jobs"
    r = jclient.post(url, headers=h, json={"kind": "sobol", "n": 300})
    assert r.status_code == 422 and r.json()["loc"] == ["body", "n"]
    r = jclient.post(url, headers=h, json={"kind": "montecarlo", "iterations": 30_000})
    assert r.status_code == 422 and r.json()["loc"] == ["body", "iterations"]  # limit 20,000
    assert jclient.post(url, headers=h, json={"kind": "nope"}).status_code == 422
    # a queued row nobody follows (its server process was stopped): 409 for the result, and
    # with a zero timeout it is reported as lost
    with store[0].write() as s:
        st = studies.get_study(s, ids["a_org"], ids["a_study"])
        jid = store_jobs.create_job(s, st, 1, ids["a_admin_id"], "report",
                                    {"fmt": "json", "lang": "zh"}).id
    assert jclient.get(f"/api/jobs/{jid}", headers=h).json()["state"] == "queued"
    assert jclient.get(f"/api/jobs/{jid}/result", headers=h).status_code == 409
    japp.state.settings = Settings(job_timeout_s=0)
    lost = jclient.get(f"/api/jobs/{jid}", headers=h).json()
    assert lost["state"] == "failed" and lost["message"].startswith("lost")


def test_a_failed_or_lost_job_is_told_in_the_page_language(jclient, japp, ids, store, login):
    """The job page of a failed job: a lead sentence in the page's language naming the job,
    then the stored reason as the engine gave it; a lost job (its server process stopped) is
    told in that language alone, with what to do."""
    from tests.service.test_web_zh_only import _english, _Text

    from alcarbon.store import jobs as store_jobs
    from alcarbon.store import studies

    login(jclient, "a_editor")
    with store[0].write() as s:
        st = studies.get_study(s, ids["a_org"], ids["a_study"])
        failed = store_jobs.create_job(s, st, 1, ids["a_admin_id"], "montecarlo",
                                       {"iterations": 1000, "seed": 1}).id
        lost = store_jobs.create_job(s, st, 1, ids["a_admin_id"], "report",
                                     {"fmt": "pdf", "lang": "zh"}).id
    reason = "the product system is singular"
    store_jobs.mark_failed(store[0], failed, reason)
    zh = jclient.get(f"/jobs/{failed}?lang=zh").text
    assert "不确定性分析（蒙特卡洛）未能完成，原因如下（英文原文）：" in zh
    assert f'<p class="detail">{reason}</p>' in zh
    en = jclient.get(f"/jobs/{failed}?lang=en").text
    assert "Uncertainty analysis (Monte Carlo): did not finish; the reason follows." in en
    japp.state.settings = Settings(job_timeout_s=0)  # the queued report is reported lost
    zh = jclient.get(f"/jobs/{lost}?lang=zh").text
    assert "运行该任务的服务进程在任务完成前已停止" in zh and 'class="detail"' not in zh
    text = _Text()
    text.feed(zh)
    assert _english(" ".join(text.parts), {"a_editor"}) == []  # Chinese throughout
    assert "start it again" in jclient.get(f"/jobs/{lost}?lang=en").text


def test_web_buttons_start_jobs_with_a_progress_page(jclient, ids, login):
    """Without JavaScript: the form posts, the job's page shows a progress bar with a refresh
    link, then the result; with JavaScript the page script gets JSON with the URLs to poll."""
    import re

    csrf = login(jclient, "a_editor")
    sid = ids["a_study"]
    page = jclient.get(f"/studies/{sid}/results?rev=1&lang=zh").text
    for button in ('id="report-pdf"', 'id="run-uncertainty"', 'id="run-sobol"'):
        assert button in page
    assert page.count(f'action="/studies/{sid}/jobs"') == 3
    form = {"csrf_token": csrf, "kind": "montecarlo", "rev": "1", "iterations": "1000"}
    assert jclient.post(f"/studies/{sid}/jobs", data=form | {"csrf_token": ""}).status_code == 403
    r = jclient.post(f"/studies/{sid}/jobs?lang=zh", data=form, follow_redirects=False)
    assert r.status_code == 303
    job_url = r.headers["location"]
    job_id = int(job_url.rsplit("/", 1)[1])
    first = jclient.get(job_url + "?lang=zh").text
    assert 'id="job-progress"' in first
    if 'data-state="done"' not in first:  # still going: the no-JavaScript refresh link
        assert f'<a href="/jobs/{job_id}" id="job-refresh">刷新进度</a>' in first
    final, _ = wait_done(jclient, job_id, {})
    assert final["state"] == "done"
    done = jclient.get(job_url + "?lang=zh").text
    assert "已完成" in done and 'id="job-refresh"' not in done
    low, high = (float(x) for x in re.search(r'data-low="([^"]+)" data-high="([^"]+)"',
                                             done).groups())
    assert low < 5.0 < high  # the deterministic 5.0 t CO2e/t (conftest) inside the interval
    from tests.service.test_web_zh_only import _english, _Text

    text = _Text()
    text.feed(done)
    user = {"a 2024", "a_editor", "meter M1", "supplier declaration 2024"}
    assert _english(" ".join(text.parts), user) == []  # Chinese throughout
    # the page script's start: JSON with the URLs it polls; English labels with lang=en
    j = jclient.post(f"/studies/{sid}/jobs?lang=en", data=form | {"kind": "report",
                                                                  "fmt": "json"},
                     headers={"Accept": "application/json"})
    assert j.status_code == 202
    urls = j.json()
    assert urls["status"] == f"/api/jobs/{urls['id']}"
    final, _ = wait_done(jclient, urls["id"], {})
    frag = jclient.get(urls["fragment"] + "?lang=en").text
    assert f'href="/api/jobs/{urls["id"]}/result"' in frag and "Download the result" in frag
    assert "<html" not in frag


def test_runs_on_a_named_scheduler(store, ids):
    """Cluster mode by configuration: with ``scheduler`` set, the jobs go to that scheduler and
    no local cluster is started (a LocalCluster stands in for `dask scheduler` + workers)."""
    from fastapi.testclient import TestClient

    from alcarbon.batch.core import local_cluster
    from alcarbon.service.app import create_app
    from alcarbon.service.jobs import ENGINE

    ENGINE.shutdown()
    cluster = local_cluster(1)
    try:
        app = create_app(store[0], Settings(scheduler=cluster.scheduler_address))
        h = bearer(ids["a_admin"])
        with TestClient(app) as c:
            job = c.post(f"/api/studies/{ids['a_study']}/jobs", headers=h,
                         json={"kind": "montecarlo", "iterations": 1000, "seed": 2}).json()
            final, _ = wait_done(c, job["id"], h)
        assert final["state"] == "done"
        assert ENGINE.cluster is None
        assert ENGINE.client.scheduler.address == cluster.scheduler_address
    finally:
        ENGINE.shutdown()
        cluster.close()
