"""Chinese punctuation: an ASCII mark that belongs to Chinese text is set full-width, as
GB/T 15834-2011 (标点符号用法) sets Chinese text. Used by every Chinese output: the report
(report/zh_typeset.py), the web pages (service/web/zh_html.py) and the Appendix C workbook
(inventory/).

The package's own words, the checks' texts and the study's free text are written with ASCII marks
("从摇篮到大门:辅助材料...(5.3.2)"); printed as they are, a Chinese page mixes the two sets. A
mark is Chinese text's when a Chinese character touches it: "," ":" ";" "?" "!" with a Chinese
character before or after; "(" with one before or after, or whose ")" has one before or after
it (a parenthesis of ASCII words inside a Chinese sentence: "tCO₂e/t(1000 kgCO₂e/t)。", or
ending in Chinese: "kgCO₂e/t(CPCD 41432X0012021A,2021 年文献值)"), and the ")" that closes
it. Marks among ASCII text stay ("[5.8, 12.31]", "tCO₂e/t(1000 kg)", "a)").
"""

from __future__ import annotations

import re

_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_MARKS = re.compile(r"[,:;?!()]")


def is_cjk(ch: str) -> bool:
    """A Chinese character or mark (、。（） and the like, and the quotes “ ”)."""
    return ch >= "\u2e80" or ch in "\u201c\u201d"


def typeset(s: str) -> str:
    """``s`` with the ASCII marks of its Chinese text set full-width. A full-width mark carries its
    own space, so the ASCII space beside it goes: "1.26 (好)" -> "1.26（好）", "20 kg, 成捆" ->
    "20 kg，成捆"."""
    if not s or s.isascii():
        return s
    marks = [m.start() for m in _MARKS.finditer(s)]  # only these can change
    if not marks:
        return s
    n = len(s)
    out = list(s)
    closer: dict[int, int] = {}  # index of each "(" -> index of the ")" that closes it
    stack: list[int] = []
    for i in marks:
        ch = s[i]
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            closer[stack.pop()] = i
    full: set[int] = set()  # indexes of the ")" whose "(" was set full-width

    def cjk(k: int) -> bool:
        # read from ``out``: a mark already set full-width (left of the one in hand; nothing
        # right of it is set yet) counts, "(干基) (%)" -> "（干基）（%）"; a dropped space is ""
        return 0 <= k < n and is_cjk(out[k] or s[k])

    def space(k: int) -> bool:
        return 0 <= k < n and s[k] == " "

    for i in marks:
        ch = s[i]
        if ch in _FULL:
            if cjk(i - 1) or cjk(i + 1) or (space(i + 1) and cjk(i + 2)):
                out[i] = _FULL[ch]
                if space(i + 1):
                    out[i + 1] = ""
        elif ch == "(":
            j = closer.get(i, -2)
            if cjk(i - 1) or cjk(i + 1) or (space(i - 1) and cjk(i - 2)) or cjk(j - 1) or \
                    cjk(j + 1) or (space(j + 1) and cjk(j + 2)):
                full.add(j)
                out[i] = "（"
                if space(i - 1):
                    out[i - 1] = ""
        elif ch == ")" and i in full:
            out[i] = "）"
            if space(i + 1) and cjk(i + 2):
                out[i + 1] = ""
    return "".join(out)
