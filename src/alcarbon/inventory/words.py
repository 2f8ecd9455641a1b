"""The standard's own words typed in a workbook, read as the model's values.

GB/T 44905 Table 2 rates data 好/一般/较差 (good/fair/poor); yes/no cells may say 是/否.
Only fields that are ratings or booleans are translated, so a source text "否" stays text.
"""

from __future__ import annotations

from typing import Any

RATING_WORDS = {"好": "good", "一般": "fair", "较差": "poor", "差": "poor"}
YES_NO = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False,
          "true": True, "false": False, "对": True, "√": True, "×": False}
RATING_FIELDS = ("technology", "time", "geography", "reliability", "completeness")
BOOL_FIELDS = ("primary", "verified", "conveys_generator_info", "exclusive_claim",
               "retired_by_reporter", "matches_period", "sold_separately", "combusted",
               "burden_free", "allow_mixed_basis", "illustrative")


def word_value(field: str, v: Any) -> Any:
    """``v`` of the field named ``field`` (last part of a dotted key), standard words mapped."""
    if not isinstance(v, str):
        return v
    s = v.strip()
    if field in RATING_FIELDS:
        return RATING_WORDS.get(s, s.lower() if s.lower() in ("good", "fair", "poor") else v)
    if field in BOOL_FIELDS and s.lower() in YES_NO:
        return YES_NO[s.lower()]
    return v


def normalise_flat(flat: dict[str, Any]) -> dict[str, Any]:
    """A flattened record (dotted keys) with ratings and yes/no words mapped."""
    return {k: word_value(k.rsplit(".", 1)[-1], v) for k, v in flat.items()}


_ZH_RATING = {v: k for k, v in RATING_WORDS.items() if k != "差"}


def to_word(field: str, v: Any, lang: str) -> Any:
    """Inverse of :func:`word_value` for a Chinese workbook: good -> 好, True -> 是."""
    if lang != "zh":
        return v
    if field in RATING_FIELDS and v in _ZH_RATING:
        return _ZH_RATING[v]
    if field in BOOL_FIELDS and isinstance(v, bool):
        return "是" if v else "否"
    return v
