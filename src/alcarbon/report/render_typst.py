"""PDF renderer of the report content model through Typst (the ``typst`` package's compiler).

The model (:mod:`alcarbon.report.model`) becomes Typst *code*: every text of the model goes in as a
Typst string literal (:func:`lit`), never as markup, so ``#``, ``*``, ``_``, ``$``, ``[``, ``@`` and
``<`` in a study's own text print as themselves. The look follows ``templates/report.css``: cover
page, contents with page numbers, section titles with their clause tags, page x / y footer,
blue table headers, right-aligned numeric columns, group names shown once per group.
Figures are the model's SVG (vector; Typst draws it far faster than weasyprint did).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from alcarbon.report.i18n import t
from alcarbon.report.model import KV, Figure, Note, Para, Report, Section, Table

# Debian/Ubuntu package fonts-wqy-microhei (scripts/setup.sh); DejaVu Sans is the Latin fallback
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_DIRS = (Path("/usr/share/fonts/truetype/wqy"), Path("/usr/share/fonts/truetype/dejavu"))
# A4 less the 16 mm side margins of report.css, in pt: wider figures are scaled to fit
TEXT_WIDTH_PT = (210 - 32) / 25.4 * 72
# sections that start on a new page (report.css: page-break-before)
NEW_PAGE = {"inventory", "impact", "result", "references", "appendix"}
# columns kept on one line (report.css: white-space: nowrap), by table id
NOWRAP = {"findings": (0,), "compliance": (0, 2), "provenance": (0,),
          "table-e1": (3,)}  # activity data: a value never split from its unit

_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# other C0 and C1 control characters (and DEL) as \u{..} escapes
_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TABLE = str.maketrans(_ESC)


def lit(text: str) -> str:
    """``text`` as a Typst string literal (shown verbatim: no markup is interpreted)."""
    # one C pass for the common escapes, a regex only when a rare control character is present
    # (the figures' SVG is ~100 KB of text per report: a Python loop per character cost 0.1 s)
    out = str(text).translate(_TABLE)
    if _CTRL.search(out):
        out = _CTRL.sub(lambda m: f"\\u{{{ord(m.group()):x}}}", out)
    return '"' + out + '"'


_PREAMBLE = """\
#let blue = rgb("#1f4e79")
#let orange = rgb("#c55a11")
#set document(title: @TITLE@)
#set text(font: ("WenQuanYi Micro Hei", "DejaVu Sans"), size: 9pt, fill: rgb("#1a1a1a"),
  lang: @LANG@, region: @REGION@)
#set par(leading: 0.75em, spacing: 1.2em, justify: false)
#set page(paper: "a4", margin: (x: 16mm, y: 18mm),
  header: context if here().page() > 1 {
    align(right, text(size: 7.5pt, fill: rgb("#888888"), @TITLE@)) },
  footer: context if here().page() > 1 {
    align(center, text(size: 8pt, fill: rgb("#666666"),
      str(here().page()) + " / " + str(counter(page).final().first()))) })
#show heading.where(level: 1): it => block(sticky: true, width: 100%, above: 1.4em, below: 0.7em,
  stroke: (bottom: 2pt + blue), inset: (bottom: 3pt), text(size: 15pt, fill: blue, it.body))
#show heading.where(level: 2): it => block(sticky: true, above: 1.1em, below: 0.5em,
  text(size: 11.5pt, fill: blue, it.body))
#show heading.where(level: 3): it => block(sticky: true, above: 0.9em, below: 0.5em,
  text(size: 10pt, fill: rgb("#2e75b6"), it.body))
#let clause(c) = text(size: 7pt, fill: rgb("#999999"), weight: "regular", "[" + c + "]")
#let note(body) = block(width: 100%, fill: rgb("#fff4e5"), stroke: (left: 3pt + orange),
  inset: (x: 8pt, y: 4pt), body)
#let kv(size: 9pt, kw: auto, ..pairs) = block(above: 0.4em, below: 0.8em, text(size: size,
  grid(columns: (kw, 1fr), column-gutter: 10pt, row-gutter: 0.95em,
    ..pairs.pos().map(((k, v)) => (text(fill: rgb("#444444"), k), v)).flatten())))
#let cap(c) = block(below: 3pt, sticky: true, text(weight: "bold", fill: blue, c))
#let fig(img, c) = block(width: 100%, above: 0.6em, below: 1em, breakable: false,
  align(center, { img; v(2pt); text(size: 8pt, fill: rgb("#444444"), c) }))
#let toc-line(target, body, size: 9pt, indent: 0pt, bold: false) = block(above: 0.6em,
  below: 0pt, pad(left: indent, text(size: size, weight: if bold { "bold" } else { "regular" },
  link(target, text(fill: blue, body)) + box(width: 1fr, repeat[.]) +
  context str(counter(page).at(target).first()))))
"""


def _row_cells(row: list[str], numeric: tuple[int, ...], skip_first: bool = False) -> list[str]:
    out = []
    for i, c in enumerate(row):
        if i == 0 and skip_first:
            out.append('[]')
        elif i in numeric:
            out.append(f"table.cell(align: right, {lit(c)})")
        else:
            out.append(lit(c))
    return out


def _em(text: str) -> float:
    """Rough printed width of ``text`` in em: CJK and full-width characters 1, others 0.55."""
    return sum(1.0 if ord(ch) >= 0x2e80 else 0.55 for ch in text)


#: Chinese characters (no marks): a run of them is one word up to CJK_WORD characters
_HAN_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
CJK_WORD = 4


def _longest_word(text: str, names: bool = False) -> float:
    """Width in em of the longest piece of ``text`` a line cannot break inside (runs without
    spaces; CJK text breaks between any two characters). With ``names`` (a body cell), also
    Chinese runs up to CJK_WORD characters: a column that breaks a short name in a row
    ("自备电/厂") reads as a typo; longer runs are phrases, and a header may wrap."""
    words = re.split(r"[\s\u2e80-\U0002ffff]+", text)
    cjk = 1.0 if re.search(r"[\u2e80-\U0002ffff]", text) else 0.0
    han = max((min(len(m), CJK_WORD) for m in _HAN_RUN.findall(text)), default=0) if names else 0
    return max([cjk, float(han)] + [_em(w) for w in words])


def _columns(b: Table) -> tuple[str, float]:
    """Column widths and text size (pt) of a table. Like an HTML table 100 % wide with
    automatic layout: columns that fit keep their natural width and the widest takes the spare;
    otherwise numeric and no-wrap columns keep the width of their cells (a header may wrap) and
    text columns share the rest in proportion to their natural width (capped at 40 em), none
    narrower than its longest word. When the longest words alone do not fit at 7.5 pt, the table
    is set smaller (down to 6 pt) rather than letting an id run into its neighbour."""
    n = len(b.header)
    cells = [b.header, *b.rows] + ([b.total] if b.total else [])
    natural = [max(_em(r[i]) for r in cells if i < len(r)) + 1.1 for i in range(n)]
    if sum(natural) <= TEXT_WIDTH_PT / 7.5:  # 7.5 pt table text
        wide = max(range(n), key=lambda i: natural[i])
        return "(" + ", ".join("1fr" if i == wide else "auto" for i in range(n)) + ",)", 7.5
    pad = 8.0  # cell inset left + right, pt
    body = b.rows + ([b.total] if b.total else [])
    words = [max(_longest_word(r[i], names=r is not b.header) for r in cells if i < len(r))
             for i in range(n)]
    fixed = [i for i in sorted(set(b.numeric) | set(NOWRAP.get(b.id, ()))) if i < n]
    own = {i: max(max((_em(r[i]) for r in body if i < len(r)), default=0.0), words[i])
           for i in fixed}
    # the size at which every fixed column and every text column's longest word fit
    need_em = sum(own.values()) + sum(words[i] for i in range(n) if i not in own)
    size = max(6.0, min(7.5, (TEXT_WIDTH_PT - pad * n) / need_em)) if need_em else 7.5
    least = [w * size + pad for w in words]
    width = {i: own[i] * size + pad for i in fixed}
    text = [i for i in range(n) if i not in width]
    # text columns: shares of what is left; a column below its longest word gets that word's
    # width and the others share the rest again
    while text:
        room = TEXT_WIDTH_PT - sum(width.values())
        weights = {i: min(natural[i], 40.0) for i in text}
        total = sum(weights.values())
        short = [i for i in text if room * weights[i] / total < least[i]]
        if not short or len(short) == len(text):
            width.update({i: max(room * weights[i] / total, 1.0) for i in text})
            break
        for i in short:
            width[i] = least[i]
        text = [i for i in text if i not in short]
    # rounded up to 0.01 pt, so a column is never a hair narrower than its longest word
    cols = ", ".join(f"{math.ceil(width[i] * 100) / 100:.2f}pt" for i in range(n))
    return f"({cols},)", size


def _printed(b: Table) -> Table:
    """The table as printed: with ``group_rows`` its first column goes (the group rows name it),
    the numeric columns shift left by one."""
    if not b.group_rows:
        return b
    return replace(b, header=b.header[1:], rows=[r[1:] for r in b.rows],
                   total=b.total[1:] if b.total else None,
                   numeric=tuple(i - 1 for i in b.numeric if i > 0))


def _table(b: Table) -> str:
    shown = _printed(b)
    cols, size = _columns(shown)
    start = ["#block(above: 0.4em, below: 0.8em, {",
             *([f"cap({lit(b.caption)})"] if b.caption else []),
             f"set text(size: {size:.2f}pt)"]
    table = (f"table(columns: {cols}, stroke: none, inset: (x: 4pt, y: 4pt), "
             "align: left + top,")
    header = "table.header(" + ", ".join(
        f"table.cell(fill: blue, inset: (x: 4pt, y: 4.5pt), text(fill: white, {lit(h)}))"
        for h in shown.header) + "),"
    if b.group_rows:
        return "\n".join(start + _group_tables(b, shown, table, header))
    lines = [*start, table, header]
    prev = None
    for k, row in enumerate(b.rows):
        if b.group_col:
            if row[0] != prev:
                if k > 0:
                    lines.append("table.hline(stroke: 1pt + rgb(\"#9dc3e6\")),")
                lines.append(f"table.cell(text(weight: \"bold\", fill: blue, {lit(row[0])})),")
                lines.append(", ".join(_row_cells(row, b.numeric)[1:]) + ",")
            else:
                lines.append(", ".join(_row_cells(row, b.numeric, skip_first=True)) + ",")
            prev = row[0]
        else:
            lines.append(", ".join(_row_cells(row, b.numeric)) + ",")
        lines.append(_RULE)
    lines += _total_lines(b) + [")})"]
    return "\n".join(lines)


_RULE = "table.hline(stroke: 0.5pt + rgb(\"#d9d9d9\")),"  # under each body row


def _total_lines(b: Table) -> list[str]:
    """The total row of ``b`` under a thick rule (none without a total)."""
    if not b.total:
        return []
    return ["table.hline(stroke: 1.5pt + blue),", ", ".join(
        f"table.cell(fill: rgb(\"#deebf7\"), align: {'right' if i in b.numeric else 'left'}, "
        f"text(weight: \"bold\", {lit(c)}))" for i, c in enumerate(b.total)) + ","]


def _group_tables(b: Table, shown: Table, table: str, header: str) -> list[str]:
    """A ``group_rows`` table as one table per group, all with the same columns and header, each
    under its group's name set as a block that sticks to its table (a name is never left alone
    at the foot of a page)."""
    groups = [(name, [cells for _, cells in members]) for name, members in
              groupby(zip([r[0] for r in b.rows], shown.rows, strict=True), key=itemgetter(0))]
    out: list[str] = []
    for k, (name, rows) in enumerate(groups):
        out += [f"block(sticky: true, above: 0.7em, below: 0.35em, "
                f"text(weight: \"bold\", fill: blue, {lit(name)}))", table, header]
        for cells in rows:
            out += [", ".join(_row_cells(cells, shown.numeric)) + ",", _RULE]
        out += (_total_lines(shown) if k == len(groups) - 1 else []) + [")"]
    return out + ["})"]


_SVG_WIDTH = re.compile(r'<svg[^>]*?\swidth="([\d.]+)(pt|px)?"')


def _figure(b: Figure) -> str:
    m = _SVG_WIDTH.search(b.svg)
    width = ""
    if m:
        w = float(m.group(1)) * (0.75 if m.group(2) == "px" else 1.0)
        width = ", width: 100%" if w > TEXT_WIDTH_PT else f", width: {w:.2f}pt"
    return f"#fig(image(bytes({lit(b.svg)}), format: \"svg\"{width}), {lit(b.caption)})"


def _kv(b: KV, size: str = "9pt", kw: str = "auto") -> str:
    pairs = ", ".join(f"({lit(k)}, {lit(v)})" for k, v in b.items)
    return f"#kv(size: {size}, kw: {kw}, {pairs})"


def _block(b: object) -> str:
    if isinstance(b, Para):
        return f"#{lit(b.text)}"
    if isinstance(b, Note):
        return f"#note({lit(b.text)})"
    if isinstance(b, KV):
        return _kv(b)
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        return _figure(b)
    raise TypeError(f"report block of unknown kind: {type(b).__name__}")


def _label(sid: str) -> str:
    return "<sec-" + re.sub(r"[^A-Za-z0-9_-]", "_", sid) + ">"


def _section(s: Section, level: int, out: list[str]) -> None:
    if level == 1 and s.id in NEW_PAGE:
        out.append("#pagebreak(weak: true)")
    tag = f" + h(4pt) + clause({lit(s.clause)})" if s.clause else ""
    out.append(f"#heading(level: {level}, outlined: false, {lit(s.title)}{tag}) {_label(s.id)}")
    # a table whose caption only repeats the heading just above it gets no caption line
    out.extend(_block(replace(b, caption="") if isinstance(b, Table) and b.caption == s.title
                      else b) for b in s.blocks)
    for sub in s.sections:
        _section(sub, min(level + 1, 3), out)


def to_typst(report: Report) -> str:
    """The Typst source of the whole report (cover, contents, sections)."""
    zh = report.lang == "zh"
    out = [_PREAMBLE.replace("@TITLE@", lit(report.title)).replace(
        "@LANG@", lit("zh" if zh else "en")).replace("@REGION@", lit("cn" if zh else "gb"))]
    rp = report.facts["reproducibility"]
    out.append("#v(40mm)")
    out.append("#text(fill: orange, tracking: 0.05em, "
               + lit("GB/T 44905-2024 · " + ("附录 E" if zh else "Appendix E")) + ")")
    out.append(f"#block(above: 0.6em, below: 0.6em, text(size: 26pt, fill: blue, weight: "
               f"\"bold\", {lit(report.title)}))")
    out.append(f"#block(width: 150mm, text(size: 11pt, fill: rgb(\"#444444\"), "
               f"{lit(report.subtitle)}))")
    if report.illustrative:
        out.append("#box(stroke: 1pt + orange, inset: (x: 8pt, y: 4pt), text(fill: orange, "
                   + lit(t("illustrative", report.lang)) + "))")
    out.append("#v(18mm)")
    out.append("#block(width: 150mm, " + _kv(KV(report.cover), "11pt", "55mm")[1:] + ")")
    out.append("#v(20mm)")
    out.append("#text(size: 7.5pt, fill: rgb(\"#666666\"), " + lit(
        f"alcarbon {rp['alcarbon_version']} · GWP {rp['gwp_set']} · "
        f"{t('repro_see', report.lang)}") + ")")
    out.append("#pagebreak()")
    out.append(f"#heading(level: 1, outlined: false, {lit('目录' if zh else 'Contents')})")
    for s in report.sections:
        out.append(f"#toc-line({_label(s.id)}, {lit(s.title)}, size: 10.5pt, bold: true)")
        for sub in s.sections:
            out.append(f"#toc-line({_label(sub.id)}, {lit(sub.title)}, indent: 1.5em)")
    out.append("#pagebreak()")
    for s in report.sections:
        _section(s, 1, out)
    return "\n\n".join(out) + "\n"


def font_paths() -> list[str]:
    """Font directories handed to Typst (the CJK font must be among them)."""
    from alcarbon.errors import InputError

    if not CJK_FONT.is_file():
        raise InputError(f"CJK font {CJK_FONT} not found", where="PDF report",
                         expected="the fonts-wqy-microhei package (scripts/setup.sh)")
    return [str(d) for d in FONT_DIRS if d.is_dir()]


def render_pdf_typst(report: Report) -> bytes:
    """PDF bytes compiled in-process by Typst, fonts from :func:`font_paths` only."""
    import typst

    src = to_typst(report).encode("utf-8")
    return typst.compile(src, font_paths=font_paths(), ignore_system_fonts=True)
