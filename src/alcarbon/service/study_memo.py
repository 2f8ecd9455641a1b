"""The studies this server process validated last, by the sha256 of their canonical text.

A save validates the inventory (``study_from_data``) and stores its canonical JSON; the calculate
request that follows on the same connection would parse that text and validate it again: about
8 % of a server process's time per save + calculate pair of the coal example (py-spy,
docs/performance.md "Session 26"). A revision is immutable and its sha256 names its text, so
the study validated at save is the study of that text: ``study_from_data(study_to_data(s)) ==
s`` (tests/inventory/test_kind_roundtrip.py checks it on every example).

The studies are shared, never copied: only readers that leave them as they are may take one (the
engine's ``calculate`` and the summary of its result; tests/service/test_study_memo.py checks
that calculating leaves a study as it was).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from alcarbon.service.deps import INLINE_LINES

#: Project choice: the last 64 studies of at most ``deps.INLINE_LINES`` lines each (the size a
#: request computes on the event loop); a bigger study's validation is small beside its
#: calculation, and keeping it would hold megabytes.
SIZE = 64
MAX_LINES = INLINE_LINES


class StudyMemo:
    """A least-recently-used map sha256 -> validated Study, safe to share between threads."""

    def __init__(self, size: int = SIZE):
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, sha256: str, study: Any) -> None:
        """Keep ``study`` as the validated study of the revision text of ``sha256`` (a study of
        more than :data:`MAX_LINES` lines is not kept)."""
        if lines_of(study) > MAX_LINES:
            return
        with self._lock:
            self._items[sha256] = study
            self._items.move_to_end(sha256)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, sha256: str) -> Any | None:
        """The study kept for ``sha256``, or None."""
        with self._lock:
            study = self._items.get(sha256)
            if study is not None:
                self._items.move_to_end(sha256)
            return study

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def lines_of(study: Any) -> int:
    """Unit processes plus their input and output rows (``deps.study_lines`` of its data)."""
    return len(study.units) + sum(len(u.inputs) + len(u.outputs) for u in study.units)


#: the memo of this process
MEMO = StudyMemo()
