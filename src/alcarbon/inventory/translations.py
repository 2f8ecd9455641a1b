"""The study's own text in another language: an overlay of dotted paths (GB/T 44905 clause 10).

A study is written in one language (the main text, normally Chinese). ``translations`` gives the
same free text in another report language, keyed by the field's dotted path in the study::

    translations:
      en:
        title: Illustrative smelter
        units.0.name: bauxite mine
        units.0.inputs.1.dq.source: SESAME aluminium LCI, China column

Only free-text fields can be translated (never ids, numbers or choices), and every path must name
a text field the study has, so a typo is an error rather than a silently untranslated line.
"""

from __future__ import annotations

from typing import Any

#: Report languages a study may carry an overlay for (the main text is the other one).
LANGS = ("en", "zh")


def text_at(obj: Any, path: str) -> str:
    """The text field of ``obj`` at dotted ``path`` ('units.0.name'); ValueError naming the path
    when it does not lead to a text field."""
    if path.split(".")[0] == "translations":
        raise ValueError(f"translation key {path!r}: the overlay cannot translate itself")
    node = obj
    for part in path.split("."):
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise ValueError(f"translation key {path!r}: no item {part!r} in that list "
                                 f"(it has {len(node)})")
            node = node[int(part)]
        elif isinstance(node, dict):
            if part not in node:
                raise ValueError(f"translation key {path!r}: no entry {part!r}")
            node = node[part]
        else:
            fields = getattr(type(node), "model_fields", {})
            if part not in fields:
                raise ValueError(f"translation key {path!r}: no field {part!r}")
            node = getattr(node, part)
    if not isinstance(node, str):
        raise ValueError(f"translation key {path!r} is not a text field (only free text is "
                         "translated, never ids, numbers or choices)")
    return node


def flat_overlay(v: Any) -> Any:
    """Accept nested mappings too ({'en': {'producer': {'name': ...}}}) and give dotted keys."""
    if not isinstance(v, dict):
        return v
    out: dict[Any, Any] = {}
    for lang, body in v.items():
        if not isinstance(body, dict):
            out[lang] = body
            continue
        out[lang] = _dotted(body, "")
    return out


def _dotted(d: dict[str, Any], prefix: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for k, x in d.items():
        if isinstance(x, dict):
            flat.update(_dotted(x, f"{prefix}{k}."))
        else:
            flat[f"{prefix}{k}"] = x
    return flat


def replacements(study: Any, lang: str) -> dict[str, str]:
    """{main text: text in ``lang``} for every translated field of ``study`` (empty if none)."""
    overlay = (study.translations or {}).get(lang) or {}
    return {text_at(study, k): v for k, v in overlay.items() if text_at(study, k).strip()}
