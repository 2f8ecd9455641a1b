"""Compliance checklist: every 应 (shall) sentence of GB/T 44905-2024 with a status and reason.

The clauses are in ``data/compliance/shall_clauses.csv`` (clause number, Chinese text, English
translation, evaluator key, kind). Kinds:

- ``evaluable``: judged from the study data -> ``pass`` / ``fail`` / ``not_applicable``;
- ``method``: met by alcarbon's calculation itself (GWP100 weighting, OAT of poor data, side-by-side
  location/market results...) -> ``pass`` or ``not_applicable``, with what alcarbon did;
- ``manual``: organisational or judgement clauses no study data can settle (best available data,
  metering instruments, conclusions and limitations) -> status ``manual`` ("needs verifier
  confirmation"). A manual clause is neither passed nor failed: it does not set ``failed_shall``
  (the exit code), but the checklist never reports "all clauses pass" while any is open.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from alcarbon.checks.evaluators import Ctx, evaluate

MANUAL_REASON = "needs verifier confirmation (not decidable from study data)"


@dataclass(frozen=True)
class Clause:
    id: int
    clause: str
    requirement_zh: str
    requirement_en: str
    evaluator: str
    kind: str


@dataclass
class ClauseCheck:
    clause: str
    requirement_zh: str
    requirement_en: str
    status: str  # pass | fail | not_applicable | manual
    reason: str
    key: str = ""
    kind: str = ""
    id: int = 0
    detail: dict[str, Any] = field(default_factory=dict)  # ids/counts for every language

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def load_clauses() -> tuple[Clause, ...]:
    """The shall clauses of GB/T 44905-2024, in the order of the standard."""
    text = resources.files("alcarbon").joinpath("data/compliance/shall_clauses.csv").read_text(
        encoding="utf-8")
    return tuple(Clause(int(r["id"]), r["clause"], r["requirement_zh"], r["requirement_en"],
                        r["evaluator"], r["kind"]) for r in csv.DictReader(text.splitlines()))


def check_clauses(ctx: Ctx) -> list[ClauseCheck]:
    out = []
    for c in load_clauses():
        if c.kind == "manual":
            status, reason, detail = "manual", MANUAL_REASON, {}
        else:
            status, reason, detail = evaluate(c.evaluator, ctx)
        out.append(ClauseCheck(c.clause, c.requirement_zh, c.requirement_en, status, reason,
                               c.evaluator, c.kind, c.id, detail))
    return out
