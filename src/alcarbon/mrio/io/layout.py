"""A small description of a China-MRIO-style spreadsheet, so layout variants load without code
changes.  Defaults follow the CEADs provincial MRIO workbooks (Zheng et al. 2021, Sci Data 8;
Li et al. 2026, Sci Data; block codes as in research/china-mrio.md sections 1.3-1.5).

Blocks are found by their codes on the code row, never by fixed cell ranges.  A layout can be
written as JSON or YAML with any subset of the field names below, e.g.::

    sheet_patterns: ["Table_2017*"]
    fd_codes: [FU101, FU102, FU103, FU201, FU202]
    emission_row_prefix: "CO2"
"""

from __future__ import annotations

import fnmatch
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from alcarbon.errors import InputError


@dataclass(frozen=True)
class Layout:
    """Where things are in the table sheet (row/column positions 0-based)."""

    sheet: str | None = None
    sheet_patterns: tuple[str, ...] = ("Table*",)
    header_scan_rows: int = 30
    region_row_offset: int = -2  # row of province names, relative to the code row
    sector_row_offset: int = -1  # row of sector names, relative to the code row
    region_col: int = 0
    sector_col: int = 1
    code_col: int = 2
    code_width: int = 2  # sector codes are zero-padded to this width ("1.0" -> "01")
    total_intermediate_code: str = "TIU"
    fd_codes: tuple[str, ...] = ("FU101", "FU102", "FU103", "FU201", "FU202")
    export_code: str | None = "EX"
    total_fd_code: str | None = "TFU"
    others_code: str | None = "ERR"
    output_code: str | None = "GO"
    import_row_code: str | None = "IM"
    va_row_codes: tuple[str, ...] = ("VA001", "VA002", "VA003", "VA004")
    footer_codes: tuple[str, ...] = ("IM", "TII", "VA001", "VA002", "VA003", "VA004", "TVA",
                                     "TI")
    emission_row_prefix: str | None = "CO2"
    money_unit: str = "10^4 CNY"
    emission_unit: str = "Mt"
    region_aliases: tuple[tuple[str, str], ...] = (("内蒙", "内蒙古"),)

    def pick_sheet(self, names: list[str], where: str) -> str:
        if self.sheet is not None:
            if self.sheet not in names:
                raise InputError(f"no sheet {self.sheet!r}", where=where,
                                 expected="one of " + ", ".join(names))
            return self.sheet
        for pat in self.sheet_patterns:
            hits = [n for n in names if fnmatch.fnmatch(n.strip(), pat)]
            if hits:
                return hits[0]
        raise InputError("no table sheet found", where=where,
                         expected=f"a sheet matching {list(self.sheet_patterns)}; sheets are "
                         + ", ".join(names))


DEFAULT_LAYOUT = Layout()


def layout_from_dict(data: dict[str, Any], where: str = "layout") -> Layout:
    """Build a :class:`Layout` from a mapping; unknown keys are an error."""
    known = {f.name for f in fields(Layout)}
    bad = sorted(set(data) - known)
    if bad:
        raise InputError(f"unknown layout field(s) {bad}", where=where,
                         expected="fields among " + ", ".join(sorted(known)))
    clean: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, list):
            v = tuple(tuple(x) if isinstance(x, list) else x for x in v)
        clean[k] = v
    return Layout(**clean)


def read_mapping_file(path: str | Path) -> dict[str, Any]:
    """A mapping read from a .json or .yaml/.yml file; errors name the file."""
    p = Path(path)
    from alcarbon.textdata import load_json, load_yaml
    from alcarbon.textio import read_text

    text = read_text(p)

    if p.suffix.lower() in (".yaml", ".yml"):
        data = load_yaml(text, str(p)) or {}
    else:
        data = load_json(text, str(p))
    if not isinstance(data, dict):
        raise InputError("layout must be a mapping", where=str(p), expected="key: value pairs")
    return data


def load_layout(path: str | Path) -> Layout:
    """Read a layout description from a .json or .yaml/.yml file."""
    return layout_from_dict(read_mapping_file(path), where=str(path))


def layout_to_dict(layout: Layout) -> dict[str, Any]:
    return asdict(layout)
