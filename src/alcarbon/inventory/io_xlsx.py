"""Appendix C workbook: write a study (or an empty template) and read a filled one back.

Sheets: a study sheet (key/value), one sheet per unit process laid out like tables C.1-C.5
(input rows, then output rows: name, unit, amount, distance, transport mode, specification/source,
followed by the columns alcarbon needs), electricity supplies, process-emission parameters, user
factors and cut-off declarations. Extra transport legs go on continuation rows below their input.
Reading reports errors by sheet, row and column.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alcarbon.atomic import atomic_write
from alcarbon.errors import InputError
from alcarbon.inventory.appendix_c import INPUT_ROWS, NOTES, OUTPUT_ROWS, SHEET_NAMES, TABLES
from alcarbon.inventory.flatten import flatten, from_cell, to_cell, unflatten
from alcarbon.inventory.io_yaml import study_to_data
from alcarbon.inventory.model import Study
from alcarbon.inventory.xlsx_guard import check_xlsx, defuse_formulas, read_study_sheets
from alcarbon.inventory.xlsx_layout import (
    COLUMNS,
    MARK,
    col_letter,
    key_label,
    record_to_rows,
    row_to_record,
)

HEADER_ROW = 7
_SLASH_DATE = re.compile(r"\d{4}[/.]\d{1,2}[/.]\d{1,2}")


def _unit_sheet_name(lang: str, unit_id: str, used: set[str]) -> str:
    name = SHEET_NAMES[lang].get(unit_id) or f"U {unit_id}"[:31]
    base, i = name, 2
    while name in used:
        name = f"{base[:28]} {i}"
        i += 1
    used.add(name)
    return name


def _write_unit(ws: Any, unit: dict[str, Any], lang: str, period: dict[str, Any],
                template: bool) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    zh = lang == "zh"
    uid = unit["id"]
    table, tzh, ten = TABLES.get(uid, ("", "用户定义单元过程输入、输出数据表",
                                       "User-defined unit process: input/output data"))
    ws["A1"] = (f"表 {table} {tzh}" if zh else f"Table {table} {ten}").strip()
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([MARK["unit_id"][zh], uid, MARK["name"][zh], unit.get("name", ""),
               MARK["location"][zh], unit.get("location")])
    ws.append([MARK["description"][zh], unit.get("description", "")])
    ws.append([MARK["period"][zh], period.get("start"), MARK["period_end"][zh], period.get("end")])
    ws.append([MARK["prepared_by"][zh], unit.get("prepared_by", ""), MARK["prepared_on"][zh],
               unit.get("prepared_on")])
    ws.append([])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for section in ("inputs", "outputs"):
        header = [c.label(zh, section) for c in COLUMNS]
        ws.append(header)
        for cell in ws[ws.max_row]:
            cell.font, cell.fill = bold, fill
        records = unit.get(section, [])
        if template and not records:
            rows = INPUT_ROWS if section == "inputs" else OUTPUT_ROWS
            for lzh, len_, flow, kind, u in rows.get(uid, []):
                ws.append(record_to_rows({"flow": flow, "kind": kind, "unit": u},
                                         lzh if zh else len_, section)[0])
        for rec in records:
            for row in record_to_rows(rec, rec.get("_label", ""), section):
                ws.append(row)
        ws.append([])
    for note in NOTES[lang]:
        ws.append([note])
    widths = [34, 8, 14, 9, 18, 30] + [16] * (len(COLUMNS) - 6)
    for i, w in enumerate(widths):
        ws.column_dimensions[col_letter(i)].width = w
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws["A3"].alignment = Alignment(wrap_text=True)


def _write_table(ws: Any, records: list[dict[str, Any]], first: str | None = None) -> None:
    from openpyxl.styles import Font

    flat = [flatten(r) for r in records]
    keys: list[str] = []
    if first:
        keys.append(first)
    for f in flat:
        keys += [k for k in f if k not in keys]
    ws.append(keys or ["(empty)"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in flat:
        ws.append([to_cell(f.get(k)) for k in keys])


def write_workbook(study: Study | None, path: Path, lang: str = "zh") -> None:
    """Write a study (or, with ``study=None``, an empty Appendix C template) as .xlsx."""
    from openpyxl import Workbook

    if lang not in SHEET_NAMES:
        raise InputError(f"unknown language {lang!r}", where="--lang", expected="zh or en")
    template = study is None
    data = study_to_data(study) if study else {
        "period": {"start": "", "end": ""},
        "units": [{"id": u} for u in TABLES],
    }
    names = SHEET_NAMES[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = names["study"]
    ws.append(["key", "说明" if lang == "zh" else "label", "value"])
    meta = {k: v for k, v in data.items() if k not in ("units", "factors", "omitted_flows")}
    supplies = meta.get("electricity", {}).pop("supplies", {}) if "electricity" in meta else {}
    for k, v in flatten(meta).items():
        ws.append([k, key_label(k, lang), to_cell(v)])
    if template:
        for k in ("title", "producer.name", "product.name", "period.start", "period.end",
                  "declared_products", "gwp_set"):
            if k not in flatten(meta):
                ws.append([k, key_label(k, lang), None])
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 34, 40
    used: set[str] = {names[k] for k in ("study", "process", "supplies", "factors", "omitted")}
    for unit in data["units"]:
        uws = wb.create_sheet(_unit_sheet_name(lang, unit["id"], used))
        _write_unit(uws, unit, lang, data.get("period", {}), template)
    process = [{"unit": u["id"], **flatten(u["process_emissions"])}
               for u in data["units"] if u.get("process_emissions")]
    _write_table(wb.create_sheet(names["process"]), process, first="unit")
    _write_table(wb.create_sheet(names["supplies"]),
                 [{"name": n, **s} for n, s in supplies.items()], first="name")
    _write_table(wb.create_sheet(names["factors"]), data.get("factors", []))
    _write_table(wb.create_sheet(names["omitted"]), data.get("omitted_flows", []))
    defuse_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())


def _read_table(ws: Any) -> list[tuple[int, dict[str, Any]]]:
    rows = list(ws.iter_rows(values_only=True))
    if not rows or rows[0][0] in (None, "(empty)"):
        return []
    keys = [str(k) if k is not None else None for k in rows[0]]
    out = []
    for r, vals in enumerate(rows[1:], start=2):
        flat = {k: from_cell(v) for k, v in zip(keys, vals, strict=False)
                if k and v not in (None, "")}
        if flat:
            out.append((r, unflatten(flat)))
    return out


def _check_formulas(fws: Any, r: int, vals: tuple[Any, ...], sheet: str) -> None:
    """A formula cell without a cached value would read as empty: refuse it, naming the cell."""
    for i, v in enumerate(vals):
        if v is None:
            f = fws.cell(row=r, column=i + 1).value
            if isinstance(f, str) and f.startswith("="):
                raise InputError(
                    f"cell {col_letter(i)}{r} holds the formula {f!r} but no computed value",
                    where=sheet, expected="a number, or open and save the workbook in Excel or "
                    "LibreOffice so the formula results are stored")


def _read_unit(ws: Any, source: str, locs: dict[tuple, tuple[str, int]],
               ui: int, fws: Any = None) -> dict[str, Any]:
    sheet = f"{source}, sheet '{ws.title}'"
    uid = ws["B2"].value
    if not uid:
        raise InputError("no unit process id", where=f"{sheet}, cell B2",
                         expected="the unit id (e.g. electrolysis) next to the id label")
    unit: dict[str, Any] = {"id": str(uid), "inputs": [], "outputs": []}
    for key, cell in (("name", "D2"), ("location", "F2"), ("description", "B3"),
                      ("prepared_by", "B5"), ("prepared_on", "D5")):
        v = ws[cell].value
        if v not in (None, ""):
            unit[key] = v.date().isoformat() if hasattr(v, "date") else v
    section = None
    last: dict[str, Any] | None = None
    for r, vals in enumerate(ws.iter_rows(min_row=HEADER_ROW, values_only=True), HEADER_ROW):
        first = vals[0] if vals else None
        if isinstance(first, str) and first in (MARK["inputs"][True], MARK["inputs"][False]):
            section, last = "inputs", None
            continue
        if isinstance(first, str) and first in (MARK["outputs"][True], MARK["outputs"][False]):
            section, last = "outputs", None
            continue
        if section is None or not any(v not in (None, "") for v in vals):
            continue
        if isinstance(first, str) and first.startswith(("注", "Note")):
            continue
        if fws is not None:
            _check_formulas(fws, r, vals, sheet)
        rec, leg = row_to_record(vals, section)
        if rec is None:  # continuation row: another transport leg
            if leg and last is not None:
                last.setdefault("transport", []).append(leg)
                locs[("units", ui, section, len(unit[section]) - 1, "transport",
                      len(last["transport"]) - 1)] = (ws.title, r)
            continue
        if "amount" not in rec:  # unfilled template row
            last = None
            continue
        k = len(unit[section])
        locs[("units", ui, section, k)] = (ws.title, r)
        unit[section].append(rec)
        last = rec
    if not unit["inputs"] and not unit["outputs"]:
        raise InputError("the sheet has no data rows", where=sheet,
                         expected="filled input/output rows with amounts, or delete the sheet")
    return unit


def _cell_of(loc: tuple, locs: dict[tuple, tuple[str, int]], source: str, zh: bool = True,
             heads: dict[tuple, list[str | None]] | None = None) -> str | None:
    """Place of a validation error as the user sees it: sheet title, row number as Excel shows
    it, column letter and the column's header word in the workbook's language."""
    for n in range(len(loc), 0, -1):
        hit = locs.get(tuple(loc[:n]))
        if hit:
            where = f"{source}, sheet '{hit[0]}', row {hit[1]}"
            rest = [str(x) for x in loc[n:]]
            header = (heads or {}).get(tuple(loc[:n]))
            if header is not None:  # a table sheet: the header is the (dotted) field name
                if not rest:  # a key of the study sheet
                    key = ".".join(str(x) for x in loc[:n])
                    if key in header:
                        return f"{where}, column {col_letter(header.index(key))} ({key})"
                for m in range(len(rest), 0, -1):
                    key = ".".join(rest[:m])
                    if key in header:
                        return f"{where}, column {col_letter(header.index(key))} ({key})"
                return where + (f", field {'.'.join(rest)}" if rest else "")
            field = rest[0] if rest else None
            section = str(loc[2]) if len(loc) > 2 and loc[0] == "units" else "inputs"
            col = next((c for c in COLUMNS if field is not None and c.matches(field)), None)
            if col is not None:
                where += (f", column {col_letter(COLUMNS.index(col))} "
                          f"({col.label(zh, section)})")
            elif rest:
                where += f", field {'.'.join(rest)}"
            return where
    return None


def _header(ws: Any) -> list[str | None]:
    first = next(iter(ws.iter_rows(values_only=True)), ())
    return [str(k) if k is not None else None for k in first]


def _read_supplies(ws: Any, source: str, data: dict[str, Any], locs: dict[tuple, Any],
                   heads: dict[tuple, Any]) -> dict[str, Any]:
    """Electricity supplies by name; a row without a name is refused at its cell."""
    sup: dict[str, Any] = {}
    for r, rec in _read_table(ws):
        name = rec.pop("name", None)
        if name in (None, ""):
            raise InputError("a supply without a name", where=f"{source}, sheet '{ws.title}', "
                             f"row {r}, column A (name)", expected="the name the unit sheets "
                             "give in the column for the electricity supply")
        if str(name) in sup:
            raise InputError(f"supply {name!r} appears twice",
                             where=f"{source}, sheet '{ws.title}', row {r}, column A (name)",
                             expected="one row per supply")
        sup[str(name)] = rec
        loc = ("electricity", "supplies", str(name))
        locs[loc], heads[loc] = (ws.title, r), _header(ws)
    if not sup:
        return {}
    elec = dict(data.get("electricity") or {})
    elec["supplies"] = sup
    return {"electricity": elec}


def _read_factors(ws: Any, source: str) -> list[dict[str, Any]]:
    """User factor rows, each checked here so an error names its sheet, row and column."""
    from alcarbon.factors import io as fio
    from alcarbon.factors.model import Factor

    out = []
    for r, rec in _read_table(ws):
        fio.build(Factor, rec, f"{source}, sheet '{ws.title}', row {r}")
        out.append(rec)
    return out


def read_workbook(path: Path) -> Study:
    """Read a filled Appendix C workbook into a validated Study."""
    source = str(path)
    check_xlsx(path)
    try:
        wb = read_study_sheets(path, data_only=True)
        formulas = read_study_sheets(path, data_only=False)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc})", where=source) from None
    by_role: dict[str, Any] = {}
    for lang in SHEET_NAMES.values():
        for role, name in lang.items():
            if name in wb.sheetnames:
                by_role[role] = wb[name]
    if "study" not in by_role:
        raise InputError("no study sheet", where=source,
                         expected=f"a sheet named {SHEET_NAMES['zh']['study']!r} or 'Study'")
    flat = {}
    study_title = by_role["study"].title
    locs: dict[tuple, tuple[str, int]] = {}
    heads: dict[tuple, list[str | None]] = {}
    key_rows: dict[str, int] = {}
    for r, vals in enumerate(by_role["study"].iter_rows(min_row=2, values_only=True), 2):
        if vals and vals[0] and len(vals) > 2 and vals[2] not in (None, ""):
            loc = tuple(int(x) if x.isdigit() else x for x in str(vals[0]).split("."))
            locs[loc] = (study_title, r)
            key_rows[str(vals[0])] = r
            heads[loc] = [None, None, str(vals[0])]
            v = vals[2]
            if hasattr(v, "date"):
                v = v.date().isoformat()
            elif isinstance(v, str) and _SLASH_DATE.fullmatch(v.strip()):
                y, m, d = re.split(r"[/.]", v.strip())
                v = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
            flat[str(vals[0])] = from_cell(v)
    dp = flat.get("declared_products")
    if isinstance(dp, str):  # typed as a name or "a, b" in the cell, not as a JSON list
        flat["declared_products"] = [x for x in re.split(r"[,，、;；\s]+", dp) if x]
    data = unflatten(flat)
    special = {by_role[k].title for k in ("study", "process", "supplies", "factors", "omitted")
               if k in by_role}
    data["units"] = [
        _read_unit(wb[name], source, locs, i, formulas[name])
        for i, name in enumerate(n for n in wb.sheetnames if n not in special)
    ]
    index = {u["id"]: u for u in data["units"]}
    ui_of = {u["id"]: i for i, u in enumerate(data["units"])}
    if "process" in by_role:
        ws = by_role["process"]
        for r, rec in _read_table(ws):
            uid = rec.pop("unit", None)
            if uid not in index:
                raise InputError(f"unknown unit {uid!r}",
                                 where=f"{source}, sheet '{ws.title}', row {r}, column A",
                                 expected=f"one of {sorted(index)}")
            index[uid]["process_emissions"] = rec
            loc = ("units", ui_of[uid], "process_emissions")
            locs[loc], heads[loc] = (ws.title, r), _header(ws)
    if "supplies" in by_role:
        data.update(_read_supplies(by_role["supplies"], source, data, locs, heads))
    if "factors" in by_role:
        data["factors"] = _read_factors(by_role["factors"], source)
    if "omitted" in by_role:
        ws = by_role["omitted"]
        data["omitted_flows"] = []
        for r, rec in _read_table(ws):
            loc = ("omitted_flows", len(data["omitted_flows"]))
            locs[loc], heads[loc] = (ws.title, r), _header(ws)
            data["omitted_flows"].append(rec)
    zh = by_role["study"].title == SHEET_NAMES["zh"]["study"]
    try:
        return Study.model_validate(data)
    except ValidationError as exc:
        lines = []
        for e in exc.errors(include_url=False):
            dotted = ".".join(str(x) for x in e["loc"])
            row = next((r for k, r in key_rows.items()
                        if k == dotted or k.startswith(dotted + ".")), None)
            where = _cell_of(tuple(e["loc"]), locs, source, zh, heads) or (
                f"{source}, sheet '{study_title}'"
                + (f", row {row}, column A" if row else "") + f", key {dotted}")
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                msg = "unknown key or column name (check its spelling against the template)"
            if e["type"] == "missing":
                msg = "empty, but a value is required"
            lines.append(f"  - {where}: {msg}")
        raise InputError(f"{len(lines)} invalid cell(s):\n" + "\n".join(lines)) from None
