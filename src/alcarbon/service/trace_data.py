"""Gather what the verifier trace needs from the store (revisions, evidence, result)."""

from __future__ import annotations

from typing import Any

from alcarbon.service.access import study_for_read
from alcarbon.service.results_svc import get_or_compute
from alcarbon.service.views import trace
from alcarbon.store import evidence, studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database

MAX_HISTORY = 200


def trace_for(db: Database, p: Principal, study_id: int, revision: int | None
              ) -> list[dict[str, Any]]:
    c = get_or_compute(db, p, study_id, revision, "calc")
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        revs = [r for r in studies.list_revisions(s, st) if r.number <= c.revision]
        revs = revs[-MAX_HISTORY:]
        names = studies.user_names(s, {r.author_id for r in revs})
        history = [{"number": r.number, "author": names.get(r.author_id, "?"),
                    "created_at": r.created_at.isoformat(), "reason": r.reason,
                    "data": studies.revision_data(r)} for r in revs]
        links: dict[int, list[dict[str, str]]] = {}
        for link in evidence.links_of_study(s, st):
            links.setdefault(link.evidence_id, []).append({"unit": link.unit, "flow": link.flow})
        files = [{"id": e.id, "filename": e.filename, "sha256": e.sha256,
                  "links": links.get(e.id, [])} for e in evidence.list_evidence(s, st)]
    return trace(history[-1]["data"], c.data, history, files)
