"""Evidence files (original vouchers, GB/T 44905 7.1.2 c), their links to data, and comments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from alcarbon.errors import InputError
from alcarbon.store.canonical import sha256_bytes
from alcarbon.store.models import Comment, Evidence, EvidenceLink, StudyRecord, User


def add_evidence(s: Session, st: StudyRecord, filename: str, content_type: str, content: bytes,
                 author: User, note: str = "") -> Evidence:
    """Store a file byte-exact with its sha256 and size; returns the new row."""
    if not content:
        raise InputError("empty file", where=filename or "file", expected="a non-empty file")
    ev = Evidence(org_id=st.org_id, study_id=st.id, filename=filename[:255],
                  content_type=content_type[:100], size=len(content),
                  sha256=sha256_bytes(content), content=content, note=note,
                  revision_number=st.head_revision, uploaded_by=author.id)
    s.add(ev)
    s.flush()
    return ev


#: Evidence linked to a user factor is stored with this pseudo unit and the factor id as flow.
FACTOR_LINK = "factors"


def link_evidence(s: Session, ev: Evidence, unit: str, flow: str, author: User) -> EvidenceLink:
    if not unit.strip():
        raise InputError("a link needs the unit process id", where="unit")
    link = EvidenceLink(evidence_id=ev.id, unit=unit.strip()[:100], flow=flow.strip()[:200],
                        created_by=author.id)
    s.add(link)
    s.flush()
    return link


def get_evidence(s: Session, org_id: int, evidence_id: int) -> Evidence | None:
    return s.scalar(select(Evidence).where(Evidence.id == evidence_id, Evidence.org_id == org_id))


def list_evidence(s: Session, st: StudyRecord) -> list[Evidence]:
    """Evidence rows of a study without loading their content."""
    from sqlalchemy.orm import defer

    return list(s.scalars(select(Evidence).options(defer(Evidence.content))
                          .where(Evidence.study_id == st.id).order_by(Evidence.id)))


def links_of_study(s: Session, st: StudyRecord) -> list[EvidenceLink]:
    q = (select(EvidenceLink).join(Evidence, Evidence.id == EvidenceLink.evidence_id)
         .where(Evidence.study_id == st.id).order_by(EvidenceLink.id))
    return list(s.scalars(q))


def add_comment(s: Session, st: StudyRecord, author: User, body: str, target: str = "") -> Comment:
    if not body.strip():
        raise InputError("empty comment", where="body")
    c = Comment(study_id=st.id, revision_number=st.head_revision, target=target.strip()[:300],
                body=body.strip(), author_id=author.id)
    s.add(c)
    s.flush()
    return c


def list_comments(s: Session, st: StudyRecord) -> list[Comment]:
    return list(s.scalars(select(Comment).where(Comment.study_id == st.id).order_by(Comment.id)))
