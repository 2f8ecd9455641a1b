"""Chinese punctuation for the Chinese report: every string of a Chinese report set by
:func:`alcarbon.zh_marks.typeset` (GB/T 15834-2011), except the reference list (GB/T 7714-2015
sets its entries with ASCII marks)."""

from __future__ import annotations

from typing import Any

from alcarbon.zh_marks import typeset


def typeset_report(report: Any, skip_sections: tuple[str, ...] = ("references",)) -> None:
    """Set every string of a Chinese :class:`~alcarbon.report.model.Report` in place (figures'
    SVG and the sections in ``skip_sections`` left as they are)."""
    report.title, report.subtitle = typeset(report.title), typeset(report.subtitle)
    report.cover = [(typeset(k), typeset(v)) for k, v in report.cover]
    for sec in report.sections:
        _section(sec, skip_sections)


def _section(sec: Any, skip: tuple[str, ...]) -> None:
    sec.title = typeset(sec.title)  # a skipped section's title too: "参考资料（10 g）"
    if sec.id in skip:
        return
    for b in sec.blocks:
        if b.kind in ("para", "note"):
            b.text = typeset(b.text)
        elif b.kind == "kv":
            b.items = [(typeset(k), typeset(v)) for k, v in b.items]
        elif b.kind == "table":
            b.caption = typeset(b.caption)
            b.header = [typeset(h) for h in b.header]
            b.rows = [[typeset(c) if isinstance(c, str) else c for c in row] for row in b.rows]
            if b.total:
                b.total = [typeset(c) if isinstance(c, str) else c for c in b.total]
        elif b.kind == "figure":
            b.caption = typeset(b.caption)
    for sub in sec.sections:
        _section(sub, skip)
