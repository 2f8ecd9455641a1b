"""The guided parts of the workbook: the study sheet (field, label, value, clause, example) and
the example-plant column and drop-downs of the unit-process sheets."""

from __future__ import annotations

import re
from typing import Any

from alcarbon.inventory.flatten import from_cell, to_cell
from alcarbon.inventory.template_guide import (
    CO_PRODUCT,
    EXAMPLE_AMOUNTS,
    FIELD,
    FROM_NATURE,
    NO_FACTOR,
    NO_TREATMENT,
    OPTIONAL,
    STUDY_FIELDS,
)
from alcarbon.inventory.words import normalise_flat, to_word
from alcarbon.inventory.xlsx_layout import COLUMNS, IDX, col_letter, key_label, zh_text
from alcarbon.inventory.xlsx_tables import add_list, choices

_SLASH_DATE = re.compile(r"\d{4}[/.]\d{1,2}[/.]\d{1,2}")
STUDY_HEADER = {"zh": ("字段", "说明", "填写值", "条款", "示例"),
                "en": ("key", "label", "value", "clause", "example")}
VALUE_COL = "C"
HEADER_ROW = 7  # the unit sheets' first input header row (as io_xlsx)
#: Column of the unit sheets after the Appendix C columns: the example plant's amount.
EXAMPLE_COL = len(COLUMNS)
EXAMPLE_HEADER = {"zh": ("示例数量(示例工厂,不读入)", "填写说明"),
                  "en": ("example amount (example plant, not read)", "guidance")}


def write_study_sheet(ws: Any, flat: dict[str, Any], lang: str) -> None:
    """Every study field of clauses 4, 5.1, 8.1 and 10 with its value, clause and example."""
    from openpyxl.styles import Font

    ws.append(list(STUDY_HEADER[lang]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    zh = lang == "zh"
    for f in STUDY_FIELDS:
        value = to_word(f.key.rsplit(".", 1)[-1], to_cell(flat.get(f.key)), lang)
        ws.append([f.key, zh_text(f.label(lang), zh), value, f.clause,
                   zh_text(f.example(lang), zh)])
        if f.choices:
            add_list(ws, f"{VALUE_COL}{ws.max_row}", f.choices, lang)
    for k, v in flat.items():
        if k not in FIELD:
            ws.append([k, key_label(k, lang), to_word(k.rsplit(".", 1)[-1], to_cell(v), lang)])
    for col, width in zip("ABCDE", (30, 36, 40, 12, 44), strict=True):
        ws.column_dimensions[col].width = width


def read_study_sheet(ws: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """(flattened study fields, key -> row) from the study sheet's value column."""
    flat: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for r, vals in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if not vals or not vals[0] or len(vals) < 3 or vals[2] in (None, ""):
            continue
        v = vals[2]
        if hasattr(v, "date"):
            v = v.date().isoformat()
        elif isinstance(v, str) and _SLASH_DATE.fullmatch(v.strip()):
            y, m, d = re.split(r"[/.]", v.strip())
            v = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
        key = str(vals[0]).strip()
        flat[key] = from_cell(v)
        rows[key] = r
    dp = flat.get("declared_products")
    if isinstance(dp, str):  # typed as a name or "a, b" in the cell, not as a JSON list
        flat["declared_products"] = [x for x in re.split(r"[,，、;；\s]+", dp) if x]
    return normalise_flat(flat), rows


def template_row(row: list[Any], uid: str, section: str, flow: str, lang: str) -> list[Any]:
    """A template row of Table C.x with the example plant's amount and a guidance note."""
    zh = lang == "zh"
    ex = EXAMPLE_AMOUNTS.get((uid, section, flow))
    if ex is not None:
        note = ex[1][0 if zh else 1]
    elif section == "outputs" and row[IDX["kind"]] == "co_product":
        note = CO_PRODUCT[0 if zh else 1]
    else:
        note = _guidance(flow, section)[0 if zh else 1]
    return row + [ex[0] if ex else None, zh_text(note, zh)]


def _guidance(flow: str, section: str) -> tuple[str, str]:
    """What a row without an example amount needs: a factor when the library has none."""
    from alcarbon.factors import load_library

    f = load_library().flow_or_none(flow)  # no close-match search for a flow it lacks
    if f is None:
        return NO_FACTOR
    if section == "inputs" and f.kind == "resource":
        return FROM_NATURE
    if section == "inputs" and f.kind != "product" and not f.upstream_factor:
        return NO_FACTOR
    if section == "outputs" and f.kind == "waste":
        return NO_TREATMENT  # the engine takes treatment only from an explicit factor id
    return OPTIONAL


def guide_unit_sheet(ws: Any, lang: str, template: bool) -> None:
    """Drop-downs on the unit sheet (units, kinds, Table 2 ratings, yes/no) and the example
    column's header."""
    from openpyxl.styles import Font

    last = max(ws.max_row + 200, 300)
    rng = {k: f"{col_letter(IDX[k])}8:{col_letter(IDX[k])}{last}" for k in IDX}
    add_list(ws, rng["unit"], choices("units", lang), lang)
    add_list(ws, rng["kind"], choices("input_kind", lang) + choices("output_kind", lang), lang)
    for k in ("technology", "time", "geography", "reliability", "completeness"):
        add_list(ws, rng[f"dq.{k}"], choices("rating", lang), lang)
    add_list(ws, rng["dq.primary"], choices("yes_no", lang), lang)
    if lang == "zh":  # the standard's words in a Chinese workbook (Table 2: 好/一般/较差)
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            for k in ("dq.technology", "dq.time", "dq.geography", "dq.reliability",
                      "dq.completeness", "dq.primary"):
                cell = ws.cell(row=r, column=IDX[k] + 1)
                cell.value = to_word(k.split(".")[1], cell.value, lang)
    if template:
        for r in range(1, ws.max_row + 1):
            first = ws.cell(row=r, column=1).value
            if first in ("输入", "输出", "input", "output"):
                for i, text in enumerate(zh_text(t, lang == "zh") for t in EXAMPLE_HEADER[lang]):
                    c = ws.cell(row=r, column=EXAMPLE_COL + 1 + i, value=text)
                    c.font = Font(bold=True, italic=True, color="808080")
            else:
                for i in (1, 2):
                    ws.cell(row=r, column=EXAMPLE_COL + i).font = Font(italic=True,
                                                                       color="808080")
        ws.column_dimensions[col_letter(EXAMPLE_COL)].width = 22
        ws.column_dimensions[col_letter(EXAMPLE_COL + 1)].width = 60
