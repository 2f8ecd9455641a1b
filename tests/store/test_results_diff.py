"""Result cache keyed by input hash; field diff between revisions; evidence stored byte-exact."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from alcarbon.store import evidence, results, studies
from alcarbon.store.diff import diff
from alcarbon.store.models import StudyRecord, User


def test_result_key_is_sha256_of_canonical_inputs():
    # canonical JSON of the list [kind, revision sha, library, version, params], written by hand
    text = '["calc","abc","lib1","0.1.0",{"n":1}]'
    assert results.result_key("calc", "abc", "lib1", "0.1.0", {"n": 1}) == \
        hashlib.sha256(text.encode()).hexdigest()
    assert results.result_key("calc", "abc", "lib2", "0.1.0", {"n": 1}) != \
        results.result_key("calc", "abc", "lib1", "0.1.0", {"n": 1})


def test_put_result_twice_keeps_first_and_records_library(db, org_study):
    with db.write() as s:
        st = s.get(StudyRecord, org_study["study"])
        rev = studies.get_revision(s, st)
        a = results.put_result(s, st, rev, "k1", "calc", "lib-v1", "0.1.0", {}, {"cfp": 1.5})
        b = results.put_result(s, st, rev, "k1", "calc", "lib-v1", "0.1.0", {}, {"cfp": 9.9})
        assert a.id == b.id
    with db.read() as s:
        row = results.get_result(s, org_study["org"], "k1")
        assert json.loads(row.data) == {"cfp": 1.5}
        assert [f.version for f in results.list_factor_libraries(s)] == ["lib-v1"]
        assert results.get_result(s, org_study["org"] + 1, "k1") is None


def test_evidence_sha256_and_links(db, org_study):
    content = b"%PDF-1.4 invoice 2024-03 electricity 1,000,000 kWh"
    with db.write() as s:
        st = s.get(StudyRecord, org_study["study"])
        user = s.get(User, org_study["user"])
        ev = evidence.add_evidence(s, st, "invoice.pdf", "application/pdf", content, user)
        evidence.link_evidence(s, ev, "electrolysis", "electricity", user)
        eid = ev.id
    with db.read() as s:
        ev = evidence.get_evidence(s, org_study["org"], eid)
        assert (ev.size, ev.sha256) == (len(content), hashlib.sha256(content).hexdigest())
        assert ev.content == content and ev.revision_number == 1
        st = s.get(StudyRecord, org_study["study"])
        assert [(x.unit, x.flow) for x in evidence.links_of_study(s, st)] == \
            [("electrolysis", "electricity")]
        assert evidence.get_evidence(s, org_study["org"] + 1, eid) is None


def test_diff_keys_rows_by_id_and_flow():
    old = {"title": "a", "units": [{"id": "electrolysis", "inputs": [
        {"flow": "alumina", "amount": 1.92}, {"flow": "electricity", "amount": 13500.0}]}]}
    new = {"title": "a", "units": [{"id": "electrolysis", "inputs": [
        {"flow": "electricity", "amount": 13400.0}, {"flow": "cryolite", "amount": 0.01}]}]}
    assert diff(old, new) == [
        {"path": "units[electrolysis].inputs[alumina].amount", "change": "removed",
         "old": 1.92, "new": None},
        {"path": "units[electrolysis].inputs[alumina].flow", "change": "removed",
         "old": "alumina", "new": None},
        {"path": "units[electrolysis].inputs[cryolite].amount", "change": "added",
         "old": None, "new": 0.01},
        {"path": "units[electrolysis].inputs[cryolite].flow", "change": "added",
         "old": None, "new": "cryolite"},
        {"path": "units[electrolysis].inputs[electricity].amount", "change": "changed",
         "old": 13500.0, "new": 13400.0},
    ]
    assert diff(old, old) == []


def test_factor_library_id_is_not_remembered_from_a_rolled_back_transaction(db, org_study):
    import pytest

    from alcarbon.store.models import FactorLibraryVersion

    class Abort(Exception):
        pass

    with pytest.raises(Abort), db.write() as s:  # creates the library row, then rolls back
        st = s.get(StudyRecord, org_study["study"])
        results.put_result(s, st, studies.get_revision(s, st), "k0", "calc", "lib-v9", "0.1.0",
                           {}, {"cfp": 1.0})
        raise Abort
    for key in ("k1", "k2"):  # the first creates it again, the second finds it (remembered)
        with db.write() as s:
            st = s.get(StudyRecord, org_study["study"])
            results.put_result(s, st, studies.get_revision(s, st), key, "calc", "lib-v9",
                               "0.1.0", {}, {"cfp": 2.0})
    with db.read() as s:
        (lib,) = s.scalars(select(FactorLibraryVersion)).all()
        assert lib.version == "lib-v9"
        assert {results.get_result(s, org_study["org"], k).factor_library_id
                for k in ("k1", "k2")} == {lib.id}
        assert results.get_result(s, org_study["org"], "k0") is None


def test_put_result_text_keeps_the_first_text_under_a_key(db, org_study):
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        rev = studies.get_revision(s, st)
    assert results.known_library_id(db.write_engine, "lib-v1") is None
    with db.write() as s:
        lib_id = results.factor_library_id(s, "lib-v1")
    # found committed now: known without a query
    assert results.known_library_id(db.write_engine, "lib-v1") is None
    with db.write() as s:
        assert results.factor_library_id(s, "lib-v1") == lib_id
    assert results.known_library_id(db.write_engine, "lib-v1") == lib_id
    with db.write_conn() as c:
        first = results.put_result_text(c, st, rev, "k1", "calc", lib_id, "0.1.0", {"n": 1},
                                        '{"cfp": 1.5}')
        second = results.put_result_text(c, st, rev, "k1", "calc", lib_id, "0.1.0",
                                         {"n": 1}, '{"cfp": 9.9}')
        assert first == second == '{"cfp": 1.5}'
    with db.read() as s:
        row = results.get_result(s, org_study["org"], "k1")
        assert (row.kind, row.params, row.data) == ("calc", '{"n":1}', '{"cfp": 1.5}')
        assert row.created_at is not None and row.revision_id == rev.id
        assert [f.version for f in results.list_factor_libraries(s)] == ["lib-v1"]
        assert row.factor_library_id == results.list_factor_libraries(s)[0].id


def test_a_failed_write_connection_leaves_nothing(db, org_study):
    with db.read() as s:
        st = s.get(StudyRecord, org_study["study"])
        rev = studies.get_revision(s, st)

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        with db.write_conn() as c:
            results.put_result_text(c, st, rev, "k9", "calc", None, "0.1.0", {}, "{}")
            raise Abort
    with db.read() as s:
        assert results.get_result(s, org_study["org"], "k9") is None
