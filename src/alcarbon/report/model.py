"""The report content model: plain dataclasses, rendered by the HTML/PDF/XLSX renderers.

A :class:`Report` is a tree of :class:`Section` objects holding blocks (paragraphs, key-value
lists, tables, figures, notes). Every string is already in the report's language; every number
was formatted from the language-neutral facts (:mod:`alcarbon.report.facts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Para:
    text: str
    kind: str = "para"


@dataclass
class Note:
    """A highlighted statement (e.g. an analysis that is not available, an illustrative flag)."""

    text: str
    kind: str = "note"


@dataclass
class KV:
    items: list[tuple[str, str]]
    kind: str = "kv"


@dataclass
class Table:
    id: str
    caption: str
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None = None
    numeric: tuple[int, ...] = ()  # right-aligned columns
    group_col: bool = False  # first column repeats a group name: show it once per group
    # first column repeats a group name: printed as a row across the table above its group, the
    # column itself not printed (a wide table gets its width back); the rows keep it as data
    group_rows: bool = False
    kind: str = "table"


@dataclass
class Figure:
    id: str
    caption: str
    svg: str
    kind: str = "figure"


@dataclass
class Section:
    id: str
    title: str
    clause: str = ""  # GB/T 44905 clause 10 item(s) this section satisfies
    blocks: list[Any] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def add(self, *blocks: Any) -> Section:
        self.blocks.extend(blocks)
        return self

    def sub(self, sid: str, title: str, clause: str = "") -> Section:
        s = Section(sid, title, clause)
        self.sections.append(s)
        return s

    def walk(self):
        yield self
        for s in self.sections:
            yield from s.walk()


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    cover: list[tuple[str, str]]
    illustrative: bool
    sections: list[Section]
    totals: dict[str, float]
    facts: dict[str, Any]

    def walk(self):
        for s in self.sections:
            yield from s.walk()

    def tables(self) -> list[Table]:
        return [b for s in self.walk() for b in s.blocks if isinstance(b, Table)]
