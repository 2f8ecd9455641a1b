"""Appendix C workbook: write a study (or an empty template) and read a filled one back.

Sheets: a study sheet (key/value), one sheet per unit process laid out like tables C.1-C.5
(input rows, then output rows: name, unit, amount, distance, transport mode, specification/source,
followed by the columns alcarbon needs), electricity supplies, process-emission parameters, user
factors and cut-off declarations. Extra transport legs go on continuation rows below their input.
Reading reports errors by sheet, row and column.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alcarbon.atomic import atomic_write
from alcarbon.errors import InputError
from alcarbon.inventory.appendix_c import INPUT_ROWS, NOTES, OUTPUT_ROWS, SHEET_NAMES, TABLES
from alcarbon.inventory.flatten import flatten, unflatten
from alcarbon.inventory.io_yaml import study_to_data
from alcarbon.inventory.model import Study
from alcarbon.inventory.xlsx_guard import check_xlsx, defuse_formulas, read_study_sheets
from alcarbon.inventory.xlsx_guide import (
    guide_unit_sheet,
    read_study_sheet,
    template_row,
    write_study_sheet,
)
from alcarbon.inventory.xlsx_layout import (
    COLUMNS,
    MARK,
    col_letter,
    record_to_rows,
    row_to_record,
    zh_text,
)
from alcarbon.inventory.xlsx_tables import read_table, write_table

HEADER_ROW = 7
_AUX = ("study", "process", "supplies", "factors", "omitted", "supplier")


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
    mark = {k: zh_text(v[zh], zh) for k, v in MARK.items()}
    ws.append([mark["unit_id"], uid, mark["name"], unit.get("name", ""),
               mark["location"], unit.get("location")])
    ws.append([mark["description"], unit.get("description", "")])
    ws.append([mark["period"], period.get("start"), mark["period_end"], period.get("end")])
    ws.append([mark["prepared_by"], unit.get("prepared_by", ""), mark["prepared_on"],
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
                ws.append(template_row(record_to_rows({"flow": flow, "kind": kind, "unit": u},
                                                      zh_text(lzh if zh else len_, zh),
                                                      section)[0],
                                       uid, section, flow, lang))
        for rec in records:
            # primary is written even at its default (False): the sheet says 否, not blank
            rec = {**rec, "dq": {"primary": False, **rec.get("dq", {})}}
            for row in record_to_rows(rec, rec.get("_label", ""), section):
                ws.append(row)
        ws.append([])
    for note in NOTES[lang]:
        ws.append([zh_text(note, zh)])
    widths = [34, 8, 14, 9, 18, 30] + [16] * (len(COLUMNS) - 6)
    for i, w in enumerate(widths):
        ws.column_dimensions[col_letter(i)].width = w
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws["A3"].alignment = Alignment(wrap_text=True)
    guide_unit_sheet(ws, lang, template)


def _supplier_rows(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Move each supplier footprint whose (unit, flow) is unique to the supplier sheet's rows."""
    out = []
    for u in units:
        flows = [i.get("flow") for i in u.get("inputs", [])]
        for i in u.get("inputs", []):
            if "supplier_cfp" in i and flows.count(i.get("flow")) == 1:
                out.append({"unit": u["id"], "flow": i["flow"], **i.pop("supplier_cfp")})
    return out


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
    meta = {k: v for k, v in data.items() if k not in ("units", "factors", "omitted_flows")}
    supplies = meta.get("electricity", {}).pop("supplies", {}) if "electricity" in meta else {}
    write_study_sheet(ws, {k: v for k, v in flatten(meta).items() if v not in ("", None)}, lang)
    supplier = _supplier_rows(data["units"])
    used: set[str] = {names[k] for k in _AUX}
    for unit in data["units"]:
        uws = wb.create_sheet(_unit_sheet_name(lang, unit["id"], used))
        _write_unit(uws, unit, lang, data.get("period", {}), template)
    process = [{"unit": u["id"], **flatten(u["process_emissions"])}
               for u in data["units"] if u.get("process_emissions")]
    tables = {"process": process, "supplies": [{"name": n, **s} for n, s in supplies.items()],
              "factors": data.get("factors", []), "omitted": data.get("omitted_flows", []),
              "supplier": supplier}
    for role, records in tables.items():
        write_table(wb.create_sheet(names[role]), role, records, lang, template)
    defuse_formulas(wb)  # text such as "=1+1" or "@SUM(A1)" stays text (formula injection)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())


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


def _cell_of(loc: tuple, locs: dict[tuple, tuple], source: str, zh: bool = True) -> str | None:
    """Place of a validation error as the user sees it: sheet title, row as Excel shows it,
    column letter and the column's header word in the workbook's language."""
    for n in range(len(loc), 0, -1):
        hit = locs.get(tuple(loc[:n]))
        if hit:
            field = loc[n] if n < len(loc) else None
            where = f"{source}, sheet '{hit[0]}', row {hit[1]}"
            if len(hit) > 2:  # an auxiliary sheet: its own columns by field key
                path = ".".join(str(x) for x in loc[n:])
                key = next((k for k in sorted(hit[2], key=len, reverse=True)
                            if path == k or path.startswith(k + ".")), None)
                if key is not None:
                    return where + f", column {hit[2][key]} ({key})"
                return where + (f", field {path}" if path else "")
            col = next((c for c in COLUMNS if field is not None and c.matches(str(field))), None)
            if col is not None:
                section = str(loc[2]) if len(loc) > 2 and loc[0] == "units" else "inputs"
                where += (f", column {col_letter(COLUMNS.index(col))} "
                          f"({col.label(zh, section)})")
            elif field is not None:
                where += f", field {'.'.join(str(x) for x in loc[n:])}"
            return where
    return None


def _unknown(what: str, sheet: Any, r: int, col: str, source: str, expected: str) -> InputError:
    return InputError(what, where=f"{source}, sheet '{sheet.title}', row {r}, column {col}",
                      expected=expected)


def _read_aux(by_role: dict[str, Any], data: dict[str, Any], locs: dict[tuple, tuple],
              source: str) -> None:
    """Process parameters, supplies, user factors, cut-off and supplier footprints into data."""
    index = {u["id"]: (i, u) for i, u in enumerate(data["units"])}
    units = f"one of the unit ids {sorted(index)}"
    for r, rec, cols in read_table(by_role["process"], "process", source) \
            if "process" in by_role else ():
        uid = rec.pop("unit", None)
        if uid not in index:
            raise _unknown(f"unknown unit {uid!r}", by_role["process"], r,
                           f"{cols.get('unit', 'A')} (unit)", source, units)
        index[uid][1]["process_emissions"] = rec
        locs[("units", index[uid][0], "process_emissions")] = (by_role["process"].title, r, cols)
    sup: dict[str, Any] = {}
    for r, rec, cols in read_table(by_role["supplies"], "supplies", source) \
            if "supplies" in by_role else ():
        name = rec.pop("name", None)
        if name in (None, ""):
            raise _unknown("a supply without a name", by_role["supplies"], r,
                           f"{cols.get('name', 'A')} (name)", source,
                           "the name the unit sheets give for this electricity supply, e.g. grid")
        if str(name) in sup:
            raise _unknown(f"supply {name!r} appears twice", by_role["supplies"], r,
                           f"{cols.get('name', 'A')} (name)", source, "one row per supply")
        sup[str(name)] = rec
        locs[("electricity", "supplies", str(name))] = (by_role["supplies"].title, r, cols)
    if sup:
        data.setdefault("electricity", {})["supplies"] = sup
    for role, key in (("factors", "factors"), ("omitted", "omitted_flows")):
        if role in by_role:
            data[key] = []
            for r, rec, cols in read_table(by_role[role], role, source):
                locs[(key, len(data[key]))] = (by_role[role].title, r, cols)
                if role == "factors":
                    _check_factor(rec, locs[(key, len(data[key]))], source)
                elif "unit" in rec and str(rec["unit"]) not in index:  # GB/T 44905 5.3.4
                    raise _unknown(f"cut-off row: unknown unit {rec['unit']!r}", by_role[role],
                                   r, f"{cols.get('unit', 'A')} (unit)", source,
                                   units)
                data[key].append(rec)
    for r, rec, cols in read_table(by_role["supplier"], "supplier", source) \
            if "supplier" in by_role else ():
        ws, uid, flow = by_role["supplier"], rec.pop("unit", None), rec.pop("flow", None)
        if uid not in index:
            raise _unknown(f"unknown unit {uid!r}", ws, r, f"{cols.get('unit', 'A')} (unit)",
                           source, units)
        ui, unit = index[uid]
        hits = [k for k, i in enumerate(unit["inputs"]) if i.get("flow") == flow]
        if len(hits) != 1:
            raise _unknown(f"unit {uid!r} has {len(hits)} input rows of flow {flow!r}", ws, r,
                           f"{cols.get('flow', 'B')} (flow)", source,
                           "the flow id of exactly one input row "
                           "(for repeated flows use the column 其他(JSON) of that row)")
        unit["inputs"][hits[0]]["supplier_cfp"] = rec
        locs[("units", ui, "inputs", hits[0], "supplier_cfp")] = (ws.title, r, cols)


def _check_factor(rec: dict[str, Any], loc: tuple, source: str) -> None:
    """A user factor row checked here, so that its errors name the cell (not 'override 1')."""
    from alcarbon.factors.io import _clean  # the row cleaning with_overrides applies
    from alcarbon.factors.model import Factor

    try:
        Factor.model_validate(_clean(rec))
    except ValidationError as exc:
        lines = [f"  - {_cell_of(('f', *e['loc']), {('f',): loc}, source)}: "
                 + e["msg"].removeprefix("Value error, ") for e in exc.errors(include_url=False)]
        raise InputError(f"{len(lines)} invalid cell(s):\n" + "\n".join(lines)) from None


def read_workbook(path: Path) -> Study:
    """Read a filled Appendix C workbook into a validated Study."""
    source = str(path)
    check_xlsx(path)  # zip bombs, renamed files, old .xls: refused before any library opens it
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
    flat, study_rows = read_study_sheet(by_role["study"])
    _refuse_sheet_keys(study_rows, by_role["study"].title, source)
    # 'translations.en.<main text>' rows: the text after the language is one key even when it
    # holds dots (unflattening would split it)
    overlay: dict[str, dict[str, Any]] = {}
    for key in [k for k in flat if k.startswith("translations.")]:
        lang, _, path = key[len("translations."):].partition(".")
        overlay.setdefault(lang, {})[path] = flat.pop(key)
    data = unflatten(flat)
    if overlay:
        data["translations"] = overlay
    special = {by_role[k].title for k in _AUX if k in by_role}
    locs: dict[tuple, tuple] = {}
    data["units"] = [
        _read_unit(wb[name], source, locs, i, formulas[name])
        for i, name in enumerate(n for n in wb.sheetnames if n not in special)
    ]
    _read_aux(by_role, data, locs, source)
    try:
        return Study.model_validate(data)
    except ValidationError as exc:
        lines = []
        for e in exc.errors(include_url=False):
            zh = by_role["study"].title == SHEET_NAMES["zh"]["study"]
            where = _cell_of(tuple(e["loc"]), locs, source, zh) or _study_cell(
                tuple(e["loc"]), study_rows, by_role["study"].title, source)
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] == "missing":
                msg = "empty, but a value is required"
            elif e["type"] == "extra_forbidden":
                msg = "unknown key or column name (check its spelling against the template)"
            lines.append(f"  - {where}: {msg}")
        raise InputError(f"{len(lines)} invalid cell(s):\n" + "\n".join(lines)) from None


#: Study fields that come from their own sheets: the same key on the study sheet would be
#: overwritten without a word, so it is refused.
_SHEET_FIELDS = ("units", "factors", "omitted_flows", "electricity.supplies")


def _refuse_sheet_keys(rows: dict[str, int], sheet: str, source: str) -> None:
    for key, r in rows.items():
        if any(key == f or key.startswith(f + ".") for f in _SHEET_FIELDS):
            raise InputError(
                f"unknown key {key!r} on the study sheet", where=f"{source}, sheet '{sheet}', "
                f"row {r}, column A", expected="a study field (check the spelling against the "
                "template); unit processes, electricity supplies, user factors and cut-off "
                "flows are entered on their own sheets")


def _study_cell(loc: tuple, rows: dict[str, int], sheet: str, source: str) -> str:
    """Where a study-level field is: its row and the value column C of the study sheet."""
    key = ".".join(str(x) for x in loc)
    for n in range(len(loc), 0, -1):
        k = ".".join(str(x) for x in loc[:n])
        if k in rows:
            return f"{source}, sheet '{sheet}', row {rows[k]}, column C ({key})"
    under = sorted(r for k, r in rows.items() if k.startswith(key + "."))
    if under:  # a check over several rows, e.g. period end before start
        return f"{source}, sheet '{sheet}', rows {', '.join(map(str, under))}, column C ({key})"
    return f"{source}, sheet '{sheet}', key {key}"
