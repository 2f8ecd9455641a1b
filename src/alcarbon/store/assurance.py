"""Verifier sign-offs of study revisions (assurance), their withdrawal, and the PACT
``Assurance`` fields a release of a signed revision carries.

Rules: only a user with role ``verifier`` signs (the caller checks that the study is readable to
the verifier, as the verify page does); one sign-off in force per revision (a second must wait
for the first's withdrawal); a withdrawal needs a reason; both are audit events
(``assurance_sign``, ``assurance_withdraw``). Boundary and coverage are fixed by what alcarbon
computes: GB/T 44905 5.3 sets a cradle-to-gate system boundary, and a study yields one product's
footprint ("product level" in the PACT data model).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from alcarbon.errors import InputError
from alcarbon.store.accounts import audit
from alcarbon.store.assurance_models import AssuranceSignoff
from alcarbon.store.models import Revision, StudyRecord, User, utcnow

LEVELS = ("limited", "reasonable")  # PACT data model, Assurance.level
DEFAULT_STANDARD = "GB/T 44905-2024"
BOUNDARY = "Cradle-to-Gate"  # GB/T 44905 5.3: cradle to gate
COVERAGE = "product level"  # one product's footprint per study


def _aware(t: datetime) -> datetime:
    from datetime import UTC

    return t if t.tzinfo else t.replace(tzinfo=UTC)


def sign(s: Session, st: StudyRecord, rev: Revision, verifier: User, provider_name: str,
         level: str, standard_name: str = DEFAULT_STANDARD, comment: str = "",
         completed_at: datetime | None = None) -> AssuranceSignoff:
    """Record ``verifier``'s sign-off of ``rev`` (audited). Raises InputError on a non-verifier,
    an empty provider name, an unknown level, a completion time in the future, or a revision
    already signed."""
    if verifier.role != "verifier":
        raise InputError(f"role {verifier.role!r} may not sign off a revision", where="role",
                         expected="a user with role verifier")
    provider = " ".join(provider_name.split())
    if not provider:
        raise InputError("the verification body's name is empty", where="provider_name",
                         expected="the name of the independent third party (PACT providerName)")
    if level not in LEVELS:
        raise InputError(f"assurance level '{level}' is unknown", where="level",
                         expected=" or ".join(LEVELS))
    standard = " ".join(standard_name.split()) or DEFAULT_STANDARD
    now = utcnow()
    done = _aware(completed_at) if completed_at is not None else now
    if done > now:
        raise InputError(f"completed_at {done.isoformat()} is in the future",
                         where="completed_at", expected="the time the assurance was completed")
    if active(s, st.id, rev.number) is not None:
        raise InputError(f"revision {rev.number} of study {st.id} is already signed off",
                         where="revision", expected="withdraw the sign-off in force first")
    a = AssuranceSignoff(org_id=st.org_id, study_id=st.id, revision_id=rev.id,
                         revision_number=rev.number, verifier_id=verifier.id,
                         provider_name=provider[:200], level=level, standard_name=standard[:200],
                         boundary=BOUNDARY, coverage=COVERAGE, completed_at=done,
                         comment=comment.strip(), created_at=now, withdraw_reason="")
    s.add(a)
    s.flush()
    audit(s, st.org_id, verifier.id, None, "assurance_sign",
          f"study {st.id} revision {rev.number}: {level} assurance by {provider} "
          f"against {standard} (sign-off {a.id})")
    return a


def withdraw(s: Session, a: AssuranceSignoff, actor: User, reason: str) -> AssuranceSignoff:
    """Withdraw sign-off ``a`` (audited with the reason); releases made later carry none."""
    if actor.role != "verifier":
        raise InputError(f"role {actor.role!r} may not withdraw a sign-off", where="role",
                         expected="a user with role verifier")
    if a.withdrawn_at is not None:
        raise InputError(f"sign-off {a.id} is already withdrawn", where="signoff_id",
                         expected="a sign-off in force")
    why = reason.strip()
    if not why:
        raise InputError("a withdrawal needs a reason", where="reason",
                         expected="why the sign-off is withdrawn")
    a.withdrawn_at, a.withdrawn_by, a.withdraw_reason = utcnow(), actor.id, why[:400]
    audit(s, a.org_id, actor.id, None, "assurance_withdraw",
          f"study {a.study_id} revision {a.revision_number}: sign-off {a.id} withdrawn: {why}")
    return a


def of_study(s: Session, study_id: int) -> list[AssuranceSignoff]:
    """Every sign-off of the study, withdrawn ones included (oldest first)."""
    return list(s.scalars(select(AssuranceSignoff).where(AssuranceSignoff.study_id == study_id)
                          .order_by(AssuranceSignoff.id)))


def active(s: Session, study_id: int, revision_number: int) -> AssuranceSignoff | None:
    """The sign-off in force for a revision, if any."""
    return s.scalars(select(AssuranceSignoff).where(
        AssuranceSignoff.study_id == study_id,
        AssuranceSignoff.revision_number == revision_number,
        AssuranceSignoff.withdrawn_at.is_(None))).first()


def pact_fields(a: AssuranceSignoff) -> dict[str, Any]:
    """The sign-off as the fields of the PACT v3.0 ``Assurance`` data type (data-model.md)."""
    from alcarbon.store.pact import iso

    return {"coverage": a.coverage, "level": a.level, "boundary": a.boundary,
            "providerName": a.provider_name, "completedAt": iso(a.completed_at),
            "standardName": a.standard_name, "comments": a.comment}
