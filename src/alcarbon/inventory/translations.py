"""The study's own text in another language: pairs of main text and translation (clause 10).

A study is written in one language (the main text, normally Chinese). ``translations`` gives its
free text in another report language as pairs, keyed by the main text exactly as written::

    translations:
      en:
        示例铝业(内蒙古): Example Aluminium (Inner Mongolia)
        工厂生产记录: plant production records

The report in that language shows the translation wherever the study's text is printed whole
(title, producer, product, purpose, unit names, data-source notes, notes...). Keying by the text,
not by a row's position, means deleting or reordering rows never attaches a translation to the
wrong datum; a pair whose text the study no longer contains is simply unused.
"""

from __future__ import annotations

from typing import Any

#: Report languages a study may carry translations for (the main text is in the other one).
LANGS = ("en", "zh")


def check_pairs(v: Any) -> Any:
    """Refuse empty main texts or translations (ValueError naming the language and text)."""
    if not isinstance(v, dict):
        return v
    for lang, pairs in v.items():
        if not isinstance(pairs, dict):
            continue
        for src, dst in pairs.items():
            if not str(src).strip():
                raise ValueError(f"translations.{lang}: an empty main text")
            if not isinstance(dst, str) or not dst.strip():
                raise ValueError(f"translations.{lang}: no translation given for {src!r}")
    return v


def replacements(study: Any, lang: str) -> dict[str, str]:
    """{main text: text in ``lang``} of ``study`` (empty when it gives none)."""
    return dict((study.translations or {}).get(lang) or {})
