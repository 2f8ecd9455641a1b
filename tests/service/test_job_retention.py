"""Finished jobs are deleted after the retention (ALCARBON_JOB_RETENTION_DAYS), with a report's
bytes; running and recent rows stay; 0 keeps every row. No Dask here: the follower thread is
replaced, only the row bookkeeping of ``jobs.start`` is under test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from alcarbon.service.settings import Settings
from alcarbon.store import jobs as store_jobs
from alcarbon.store import studies
from alcarbon.store.accounts import Principal
from alcarbon.store.jobs_models import Job
from alcarbon.store.models import utcnow


def _job(db, ids, *, age_days: float, finished: bool) -> int:
    """A report job created ``age_days`` ago, finished then (with 3 bytes of output) or not."""
    when = utcnow() - timedelta(days=age_days)
    with db.write() as s:
        st = studies.get_study(s, ids["a_org"], ids["a_study"])
        job = store_jobs.create_job(s, st, 1, ids["a_admin_id"], "report",
                                    {"fmt": "pdf", "lang": "zh"})
        values = {"created_at": when}
        if finished:
            values |= {"state": "done", "finished_at": when, "output": b"%PD"}
        s.execute(update(Job).where(Job.id == job.id).values(**values))
        return job.id


def _ids(db) -> set[int]:
    with db.read() as s:
        return set(s.scalars(select(Job.id)))


def test_prune_deletes_old_finished_and_old_unfinished_rows(store, ids):
    db = store[0]
    old_done = _job(db, ids, age_days=31, finished=True)
    old_lost = _job(db, ids, age_days=31, finished=False)  # queued 31 days ago: its process died
    new_done = _job(db, ids, age_days=29, finished=True)
    running = _job(db, ids, age_days=0, finished=False)
    with db.write() as s:
        # cut at 30 days: the two 31-day-old rows go, the 29-day-old and today's stay
        assert store_jobs.prune(s, utcnow() - timedelta(days=30)) == 2
    assert _ids(db) == {new_done, running}
    assert old_done not in _ids(db) and old_lost not in _ids(db)


@pytest.mark.parametrize(("days", "kept_old"), [(30, False), (0, True)])
def test_start_prunes_by_the_settings(store, ids, monkeypatch, days, kept_old):
    from alcarbon.service import jobs

    db = store[0]
    followed = []
    monkeypatch.setattr(jobs.ENGINE.threads, "submit", lambda *a: followed.append(a))
    old = _job(db, ids, age_days=45, finished=True)
    p = Principal(ids["a_admin_id"], ids["a_org"], "a_admin", "admin")
    new = jobs.start(db, Settings(job_retention_days=days), p, ids["a_study"], 1,
                     jobs.JobSpec("report", {"fmt": "pdf", "lang": "zh"}))
    assert len(followed) == 1  # the new job was handed to the follower
    assert _ids(db) == ({old, new} if kept_old else {new})


def test_retention_from_environment(monkeypatch):
    monkeypatch.setenv("ALCARBON_JOB_RETENTION_DAYS", "7")
    assert Settings.from_env().job_retention_days == 7
    monkeypatch.setenv("ALCARBON_JOB_RETENTION_DAYS", "-3")  # negative: keep every row
    assert Settings.from_env().job_retention_days == 0
    monkeypatch.delenv("ALCARBON_JOB_RETENTION_DAYS")
    assert Settings.from_env().job_retention_days == 30


def test_deleted_job_is_a_404_that_says_why(client, store, ids):
    jid = _job(store[0], ids, age_days=40, finished=True)
    with store[0].write() as s:
        store_jobs.prune(s, utcnow() - timedelta(days=30))
    r = client.get(f"/api/jobs/{jid}", headers={"Authorization": f"Bearer {ids['a_admin']}"})
    assert r.status_code == 404
    assert "ALCARBON_JOB_RETENTION_DAYS" in r.text


def test_deleted_job_page_is_a_page_in_the_browsers_language(client, store, ids, login):
    """A browser following an old job link gets a 404 page (not JSON) in its language, saying
    why the job is gone; the API keeps its JSON answer."""
    jid = _job(store[0], ids, age_days=40, finished=True)
    with store[0].write() as s:
        store_jobs.prune(s, utcnow() - timedelta(days=30))
    login(client, "a_admin")
    html = {"Accept": "text/html,application/xhtml+xml"}
    zh = client.get(f"/jobs/{jid}?lang=zh", headers=html)
    assert zh.status_code == 404 and zh.headers["content-type"].startswith("text/html")
    assert "找不到该页面或记录" in zh.text and "保留期" in zh.text
    assert 'data-status="404"' in zh.text and "Not found" not in zh.text
    en = client.get(f"/jobs/{jid}?lang=en", headers=html)
    assert en.status_code == 404 and "Not found" in en.text and "retention" in en.text
    assert "找不到" not in en.text
    nowhere = client.get("/no/such/page?lang=en", headers=html)  # not a job: no job sentence
    assert nowhere.status_code == 404 and "Not found" in nowhere.text
    assert 'id="error-job"' not in nowhere.text
    bearer = {"Authorization": f"Bearer {ids['a_admin']}"}
    api = client.get(f"/api/jobs/{jid}", headers=html | bearer)
    assert api.status_code == 404 and api.json()["loc"] == ["path", "job_id"]
