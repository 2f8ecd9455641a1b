"""Immutable revisions with optimistic locking: nothing is overwritten, no save is lost."""

from __future__ import annotations

import hashlib
import threading

import pytest

from alcarbon.errors import InputError
from alcarbon.store import studies
from alcarbon.store.canonical import canonical_json
from alcarbon.store.models import Revision, StudyRecord, User

EMPTY_STUDY = {"title": "t", "period": {"start": "2024-01-01", "end": "2024-12-31"},
               "declared_products": ["liquid_aluminium"], "units": []}


def _save(db, ids, data, base, reason="edit"):
    with db.write() as s:
        st = s.get(StudyRecord, ids["study"])
        rev = studies.save_revision(s, st, data, s.get(User, ids["user"]), reason, base)
        return rev.number, rev.sha256


def test_revision_text_and_hash(db, org_study):
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        rev = studies.get_revision(s, st)
    # canonical JSON: sorted keys, no spaces; written out by hand for this study
    text = ('{"declared_products":["liquid_aluminium"],"period":{"end":"2024-12-31",'
            '"start":"2024-01-01"},"title":"t","units":[]}')
    assert rev.data == text
    assert rev.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert (rev.number, rev.parent_id, rev.reason) == (1, None, "created")


def test_chain_of_revisions_and_conflict(db, org_study):
    d2 = dict(EMPTY_STUDY, title="second")
    assert _save(db, org_study, d2, base=1)[0] == 2
    with pytest.raises(studies.RevisionConflict) as err:
        _save(db, org_study, dict(EMPTY_STUDY, title="stale"), base=1)
    assert (err.value.expected, err.value.actual) == (1, 2)
    assert _save(db, org_study, dict(EMPTY_STUDY, title="third"), base=2)[0] == 3
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        revs = studies.list_revisions(s, st)
        assert [r.number for r in revs] == [1, 2, 3]
        assert [studies.revision_data(r)["title"] for r in revs] == ["t", "second", "third"]
        assert revs[2].parent_id == revs[1].id and revs[1].parent_id == revs[0].id
        assert st.head_revision == 3


def test_reason_required(db, org_study):
    with pytest.raises(InputError, match="needs a reason"):
        _save(db, org_study, EMPTY_STUDY, base=1, reason="  ")


def test_orm_refuses_update_of_revision(db, org_study):
    with pytest.raises(RuntimeError, match="immutable"):
        with db.write() as s:
            st = s.get(StudyRecord, org_study["study"])
            studies.get_revision(s, st).reason = "rewritten"
            s.flush()


def test_concurrent_saves_on_same_base_one_wins(db, org_study):
    """8 threads save on base 1 at once: exactly one revision 2, seven conflicts."""
    outcomes, barrier = [], threading.Barrier(8)

    def worker(k):
        barrier.wait()
        try:
            outcomes.append(_save(db, org_study, dict(EMPTY_STUDY, title=f"w{k}"), base=1)[0])
        except studies.RevisionConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str) == [2] + ["conflict"] * 7
    with db.read() as s:
        assert s.query(Revision).filter_by(study_id=org_study["study"]).count() == 2


def _save_direct(db, ids, data, base, reason="edit"):
    """The API's save: ``append_revision`` in ``Database.short_writes`` (on SQLite each thread's
    own connection through the DB-API)."""
    with db.short_writes() as run:
        row = studies.append_revision(run, ids["study"], base, canonical_json(data),
                                      ids["user"], reason)
        return row.number, row.sha256


@pytest.mark.parametrize("save", [_save, _save_direct], ids=["session", "short_writes"])
def test_concurrent_writers_that_retry_lose_nothing(db, org_study, save):
    """6 threads x 5 saves each, re-reading the head on conflict: 30 new revisions, in order,
    each its parent's successor, every title once."""
    def worker(k):
        done = 0
        while done < 5:
            with db.read() as s:
                head = s.get(StudyRecord, org_study["study"]).head_revision
            try:
                save(db, org_study, dict(EMPTY_STUDY, title=f"{k}-{done}"), base=head)
                done += 1
            except studies.RevisionConflict:
                pass

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        revs = studies.list_revisions(s, st)
        titles = sorted(studies.revision_data(r)["title"] for r in revs[1:])
    number_of = {r.id: r.number for r in revs}
    assert [r.number for r in revs] == list(range(1, 32))
    assert all(number_of[r.parent_id] == r.number - 1 for r in revs[1:])
    assert titles == sorted(f"{k}-{d}" for k in range(6) for d in range(5))


def test_append_revision_on_a_plain_connection(db, org_study):
    """The API's save: three Core statements in a write connection; the row it answers is the
    row stored, linked to its parent, and a stale base is a conflict that stores nothing."""
    text = canonical_json(dict(EMPTY_STUDY, title="plain"))
    with db.write_conn() as c:
        row = studies.append_revision(c, org_study["study"], 1, text, org_study["user"],
                                      "  via the API ", "api")
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        stored = studies.get_revision(s, st)
        first = studies.get_revision(s, st, 1)
        assert st.head_revision == 2
        assert (stored.id, stored.number, stored.parent_id, stored.reason, stored.source) == (
            row.id, 2, first.id, "via the API", "api")
        assert stored.data == text
        assert stored.sha256 == row.sha256 == hashlib.sha256(text.encode()).hexdigest()
        assert stored.created_at.replace(tzinfo=None) == row.created_at.replace(tzinfo=None)
    with pytest.raises(studies.RevisionConflict):
        with db.write_conn() as c:
            studies.append_revision(c, org_study["study"], 1, text, org_study["user"], "stale")
    with pytest.raises(InputError, match="reason"):
        with db.write_conn() as c:
            studies.append_revision(c, org_study["study"], 2, text, org_study["user"], "  ")
    with db.read() as s:
        assert s.get(StudyRecord, org_study["study"]).head_revision == 2
