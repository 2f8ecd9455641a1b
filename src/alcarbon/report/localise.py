"""The study's own text in the report language: apply the study's translation overlay to facts.

Facts are language-neutral and carry the study's free text as written (its main language) plus
``facts["translations"][lang]``: {main text: text in lang} built from the study's overlay
(inventory/translations.py). For a report in ``lang`` every fact string equal to a translated
main text is swapped for its translation, so a producer name, unit name or data-source note is
shown in the report's language wherever the report prints it (GB/T 44905 clause 10).
"""

from __future__ import annotations

from typing import Any

#: Facts keys never rewritten: the overlay itself and the reproducibility record (hashes, ids).
_KEEP = ("translations", "reproducibility")


def localise(facts: dict[str, Any], lang: str) -> dict[str, Any]:
    """A copy of ``facts`` with the study's text in ``lang`` where the study translates it."""
    table = (facts.get("translations") or {}).get(lang) or {}
    if not table:
        return facts

    def swap(x: Any) -> Any:
        if isinstance(x, str):
            return table.get(x, x)
        if isinstance(x, dict):
            return {k: swap(v) for k, v in x.items()}
        if isinstance(x, list):
            return [swap(v) for v in x]
        if isinstance(x, tuple):
            return tuple(swap(v) for v in x)
        return x

    return {k: (v if k in _KEEP else swap(v)) for k, v in facts.items()}
