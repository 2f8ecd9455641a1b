"""XLSX renderer: a summary sheet with the totals, then one sheet per report table.

Numbers are written as numbers (from the facts, not the formatted text) where the table is one
of the numeric key tables (E.1, E.2, levers), so a reader can recompute totals.
"""

from __future__ import annotations

import io
from typing import Any

from alcarbon.inventory.xlsx_guard import defuse_formulas
from alcarbon.report.i18n import t
from alcarbon.report.model import Report


def _sheet_name(s: str, used: set[str]) -> str:
    bad = '[]:*?/\\'
    name = "".join("_" if ch in bad else ch for ch in s)[:28] or "sheet"
    base, k = name, 2
    while name in used:
        name = f"{base[:25]}_{k}"
        k += 1
    used.add(name)
    return name


def render_xlsx(report: Report) -> bytes:
    """Workbook bytes. Sheet 'summary' holds cfp (GB/T 44905), cfp_location_based and the
    deprecated alias cfp_market_based in t CO2e/t as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    f: dict[str, Any] = report.facts
    lang = report.lang
    wb = Workbook()
    ws = wb.active
    ws.title = "summary"
    head = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    for k, v in report.cover:
        ws.append([k, v])
    ws.append([])
    ws.append(["key", "value", "unit"])
    for c in ws[ws.max_row]:
        c.font, c.fill = head, fill
    ws.append(["cfp", f["result"]["cfp"], "t CO2e/t"])
    ws.append(["cfp_location_based", f["result"]["cfp_location_based"], "t CO2e/t"])
    ws.append(["cfp_market_based", f["result"]["cfp_market_based"],
               "t CO2e/t (deprecated alias of cfp)"])
    if f["result"].get("cfp_grid_mix_analysis") is not None:
        ws.append(["cfp_grid_mix_analysis", f["result"]["cfp_grid_mix_analysis"], "t CO2e/t"])
    for k, v in f["reproducibility"].items():
        ws.append([k, v, ""])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60
    used = {"summary"}
    # numeric tables from the facts
    e2 = wb.create_sheet(_sheet_name("E.2", used))
    e2.append(["stage", t("cfp_col", lang), "share", t("loc_col", lang)])
    for s in f["result"]["stages"]:
        e2.append([s["stage"], s["t_co2e"], s["share"], s["t_co2e_location"]])
    e2.append(["total", f["result"]["cfp"], 1.0, f["result"]["cfp_location_based"]])
    e1 = wb.create_sheet(_sheet_name("E.1", used))
    e1.append(["unit", "flow", "category", "activity", "activity_unit", "factor_id", "factor",
               "factor_unit", "t_co2e"])
    for r in f["table_e1"]:
        fac = r["factors"][0] if r["factors"] else {"id": "", "value": None, "unit": ""}
        e1.append([r["unit"], r["flow"], r["category"], r["activity"], r["activity_unit"],
                   ";".join(x["id"] for x in r["factors"]), fac["value"] if len(r["factors"]) == 1
                   else None, fac["unit"] if len(r["factors"]) == 1 else "", r["t_co2e"]])
    lv = wb.create_sheet(_sheet_name("levers", used))
    lv.append(["id", "measure", "applicable", "saving", "saving_location", "cfp_after",
               "reason"])
    for x in f["levers"]:
        lv.append([x["id"], x["text_zh"] if lang == "zh" else x["text_en"], x["applicable"],
                   x["saving"], x["saving_location"], x["cfp_after"], x["reason"]])
    for sheet in (e2, e1, lv):
        for c in sheet[1]:
            c.font, c.fill = head, fill
    # every formatted report table, as shown in the report
    for tb in report.tables():
        sh = wb.create_sheet(_sheet_name(tb.id, used))
        sh.append([tb.caption])
        sh.append(tb.header)
        for c in sh[2]:
            c.font, c.fill = head, fill
        for row in tb.rows:
            sh.append(row)
        if tb.total:
            sh.append(tb.total)
    defuse_formulas(wb)  # report text such as a title "=1+1" stays text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
