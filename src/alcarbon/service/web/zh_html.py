"""Chinese punctuation on the Chinese web pages, by the rule the Chinese report uses
(:func:`alcarbon.zh_marks.typeset`, GB/T 15834-2011): an ASCII mark touching Chinese
text is set full-width ("基于位置(对比)" -> "基于位置（对比）").

The pages' words, the checks' findings and the engine's notes are written with ASCII marks; the
PDF report sets them, and the same texts on a page should read the same. Only the text between
tags is set, one text run at a time; tags and their attributes (form values among them) are left
as they are, and so is everything inside ``script``, ``style``, ``textarea``, ``pre``, ``code``
(ids, formulas, JSON), ``cite`` (citations, shown as published: GB/T 7714-2015 sets them with
ASCII marks, as the report's reference list does) and any element marked ``translate="no"``
(a revision diff's old and new values: a verifier compares them as stored).
"""

from __future__ import annotations

import html
import re

from alcarbon.zh_marks import typeset

#: an element whose text is left as written, whole (the same tag is never nested inside one):
#: by its name, or marked ``translate="no"`` (HTML's attribute for content not to be localised:
#: user data shown as stored, as in a revision diff)
_RAW = re.compile(r"<(script|style|textarea|pre|code|cite)\b.*?</\1\s*>"
                  r"|<([a-z][a-z0-9]*)\b[^>]*\btranslate=\"no\"[^>]*>.*?</\2\s*>", re.S | re.I)
#: a text run holding a character outside ASCII: after a tag's ">", up to the next "<" or the
#: end of the part (Jinja escapes ">" inside attribute values, so a bare ">" ends a tag)
_RUN = re.compile(r">([^<]*[^\x00-\x7f][^<]*)(?=<|\Z)")  # \Z: a run just before a raw element


def typeset_html(page: str) -> str:
    """``page`` with the ASCII marks of its Chinese text runs set full-width. A run's entities
    are read before the rule is applied and ``& < >`` escaped again after, so "&amp;" never
    meets the rule as a ";"."""
    out: list[str] = []
    pos = 0
    for m in _RAW.finditer(page):
        out += [_RUN.sub(_run, page[pos:m.start()]), m.group(0)]
        pos = m.end()
    out.append(_RUN.sub(_run, page[pos:]))
    return "".join(out)


def _run(m: re.Match[str]) -> str:
    text = html.unescape(m.group(1))
    done = typeset(text)
    return ">" + html.escape(done, quote=False) if done != text else m.group(0)
