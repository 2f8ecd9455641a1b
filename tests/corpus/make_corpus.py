"""Generate the malformed-input corpus of tests/corpus (files + ``<id>.case.json`` sidecars).

Run from the repository root:  PYTHONPATH=src python tests/corpus/make_corpus.py
Every case file this script writes starts with ``s_`` (cases of other authors keep their own
prefix and are not touched). The cases are described in tests/corpus/README.md.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STUDY_YAML = ROOT / "examples" / "hydro_smelter_yunnan.yaml"
STUDY_XLSX = ROOT / "examples" / "hydro_smelter_yunnan.xlsx"
#: The example study as a case argument: relative to the corpus, so a case file holds no
#: absolute path of the machine that generated it.
EXAMPLE_ARG = "{corpus}/../../examples/hydro_smelter_yunnan.yaml"
PREFIX = "s_"
_written: list[str] = []


def case(cid: str, ext: str, data: bytes, args: list[str], names: list[str], *, exit: int = 2,
         setup: dict | None = None, max_seconds: float = 10, max_mb: int = 300) -> None:
    """Write one case file and its sidecar."""
    cid = PREFIX + cid
    (HERE / f"{cid}.{ext}").write_bytes(data)
    spec: dict = {"args": args, "exit": exit, "names": names, "max_seconds": max_seconds,
                  "max_mb": max_mb}
    if setup:
        spec["setup"] = setup
    (HERE / f"{cid}.case.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    _written.append(cid)


# ---- building blocks -------------------------------------------------------------------------
def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A deflated zip with fixed member dates, so regenerating gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


CT = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def bomb_ratio() -> bytes:  # 48 MiB of spaces in one sheet: about 1000:1
    return zip_bytes({"[Content_Types].xml": CT, "xl/worksheets/sheet1.xml": b" " * (48 << 20)})


def bomb_total() -> bytes:  # 80 members of exactly 1 MiB (ratio not checked) = 80 MiB unpacked
    return zip_bytes({"[Content_Types].xml": CT,
                      **{f"xl/media/m{i}.bin": bytes(1 << 20) for i in range(80)}})


def bomb_members() -> bytes:  # 2,500 empty members
    return zip_bytes({"[Content_Types].xml": CT, **{f"x/{i}.xml": b"" for i in range(2100)}})


def lying_size() -> bytes:  # the central directory says 50 bytes, the member inflates to 5000
    raw = bytearray(zip_bytes({"[Content_Types].xml": CT, "xl/a.xml": b"a" * 5000}))
    cd = raw.rindex(b"PK\x01\x02")
    raw[cd + 24:cd + 28] = (50).to_bytes(4, "little")
    return bytes(raw)


def garbage(n: int = 4096, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.getrandbits(8) for _ in range(n))


def xlsx_of(wb) -> bytes:
    """Workbook bytes without the save time (document properties and zip dates fixed)."""
    buf = io.BytesIO()
    wb.save(buf)
    zf = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    members = {n: zf.read(n) for n in zf.namelist()}
    if "docProps/core.xml" in members:
        members["docProps/core.xml"] = re.sub(
            rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z",
            members["docProps/core.xml"])
    return zip_bytes(members)


def study_book(lang: str = "zh"):
    """The bundled example study as an openpyxl workbook in ``lang``."""
    from openpyxl import load_workbook

    from alcarbon.inventory import load_study
    from alcarbon.inventory.io_xlsx import write_workbook

    tmp = HERE / f".tmp_{lang}.xlsx"
    write_workbook(load_study(STUDY_YAML), tmp, lang=lang)
    wb = load_workbook(tmp)
    tmp.unlink()
    return wb


def row_of(ws, col: int, value: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=col).value == value)


def header_col(ws, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


def edited(fn, lang: str = "zh") -> bytes:
    wb = study_book(lang)
    fn(wb)
    return xlsx_of(wb)


def chain_book(drop: str | None = None, edit=None) -> bytes:
    """The packaged synthetic chain data set as one workbook (sheets named after the tables)."""
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    src = ROOT / "src" / "alcarbon" / "data" / "chain" / "demo_synthetic"
    for name in ("production", "parameters", "electricity"):
        if name == drop:
            continue
        ws = wb.create_sheet(name)
        with open(src / f"demo_synthetic_{name}.csv", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    if edit:
        edit(wb)
    return xlsx_of(wb)


def mrio_csv(regions: int = 2, sectors: int = 3) -> bytes:
    from alcarbon.mrio.io.read_long import write_long_csv
    from alcarbon.mrio.io.synth_china import synthetic_china_table

    table, sat = synthetic_china_table(regions, sectors, seed=1)
    tmp = HERE / ".tmp_mrio.csv"
    write_long_csv(table, sat, tmp, note="synthetic corpus table")
    data = tmp.read_bytes()
    tmp.unlink()
    return data


def big_rows_book(rows: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("研究信息")
    ws.append(["key", "说明", "value"])
    for i in range(rows):
        ws.append([f"k{i}", "", i])
    return xlsx_of(wb)


def wide_book(rows: int, cols: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("研究信息")
    for _ in range(rows):
        ws.append([1] * cols)
    return xlsx_of(wb)


# ---- the cases -------------------------------------------------------------------------------
def study_cases() -> None:
    text = STUDY_YAML.read_text(encoding="utf-8")
    xlsx = STUDY_XLSX.read_bytes()
    # encodings a Chinese Windows user saves in: read (exit 0)
    case("enc_gbk", "yaml", text.encode("gbk"), ["calc", "{input}"], [], exit=0)
    case("enc_gb18030", "yaml", text.encode("gb18030"), ["calc", "{input}"], [], exit=0)
    case("enc_utf16_bom", "yaml", text.encode("utf-16"), ["calc", "{input}"], [], exit=0)
    case("enc_utf8_bom", "yaml", codecs.BOM_UTF8 + text.encode("utf-8"), ["calc", "{input}"],
         [], exit=0)
    case("enc_gbk_convert", "yaml", text.encode("gbk"), ["convert", "{input}", "{out}.json"],
         [], exit=0)
    js = json.dumps(json.loads(json.dumps(__import__("yaml").safe_load(text), default=str)),
                    ensure_ascii=False)
    case("enc_gbk_json", "json", js.encode("gbk"), ["calc", "{input}"], [], exit=0)
    # encodings that cannot be read: say what to save as
    case("enc_utf16_nobom", "yaml", text.encode("utf-16-le"), ["calc", "{input}"],
         ["s_enc_utf16_nobom.yaml", "UTF-16", "UTF-8"])
    case("enc_latin1", "yaml", "title: café crème\x01\n".encode("latin-1"), ["calc", "{input}"],
         ["s_enc_latin1.yaml", "not UTF-8", "line 1"])
    case("enc_binary", "yaml", garbage(), ["check", "{input}"], ["s_enc_binary.yaml", "UTF-8"])
    case("enc_binary_json", "json", garbage(seed=3), ["convert", "{input}", "{out}.yaml"],
         ["s_enc_binary_json.json", "UTF-8"])
    case("nul_byte", "yaml", text.replace("title:", "title: a\x00b #", 1).encode(),
         ["calc", "{input}"], ["s_nul_byte.yaml", "NUL", "line 3"])
    case("nul_escape_json", "json", js.replace('"title": "', '"title": "\\u0000', 1).encode(),
         ["convert", "{input}", "{out}.xlsx"], ["s_nul_escape_json.json", "NUL", "title"])
    case("nul_byte_report", "yaml", text.replace("name:", "name: \x00", 1).encode(),
         ["report", "{input}", "-o", "{out}.html"], ["s_nul_byte_report.yaml", "NUL"])
    # earlier classes: not a study
    case("yaml_syntax", "yaml", b"title: [unclosed\nperiod: {\n", ["calc", "{input}"],
         ["s_yaml_syntax.yaml", "cannot parse", "line"])
    case("yaml_list", "yaml", b"- a\n- b\n", ["check", "{input}"],
         ["s_yaml_list.yaml", "not a mapping"])
    case("yaml_empty", "yaml", b"", ["calc", "{input}"], ["s_yaml_empty.yaml", "not a mapping"])
    case("json_syntax", "json", b'{"title": "x",', ["calc", "{input}"],
         ["s_json_syntax.json", "cannot parse"])
    case("no_units", "yaml", b"title: t\nperiod: {start: 2023-01-01, end: 2023-12-31}\n",
         ["calc", "{input}"], ["s_no_units.yaml", "units"])
    case("unknown_suffix", "txt", text.encode(), ["calc", "{input}"],
         ["s_unknown_suffix.txt", "unsupported file type"])
    case("bad_amount_yaml", "yaml",
         text.replace("amount: ", "amount: lots #", 1).encode(), ["calc", "{input}"],
         ["s_bad_amount_yaml.yaml", "amount"])
    case("bad_date_yaml", "yaml", text.replace("'2023-01-01'", "'2023-13-45'", 1).encode(),
         ["uncertainty", "{input}", "-n", "50"], ["s_bad_date_yaml.yaml", "period"])
    # formula-like text is text (exit 0)
    case("formula_title", "yaml",
         text.replace("title: 'Illustrative", "title: '=1+1 Illustrative", 1).encode(),
         ["convert", "{input}", "{out}.xlsx"], [], exit=0)

    # workbook bombs, for every command that reads a study
    for cmd, extra in (("calc", []), ("report", ["-o", "{out}.html"]),
                       ("convert", ["{out}.yaml"])):
        case(f"bomb_ratio_{cmd}", "xlsx", bomb_ratio(), [cmd, "{input}", *extra],
             [f"s_bomb_ratio_{cmd}.xlsx", "compressed", ":1"], max_mb=300)
    case("bomb_total", "xlsx", bomb_total(), ["calc", "{input}"],
         ["s_bomb_total.xlsx", "unpacks to more than 64 MB"], max_mb=300)
    case("bomb_members", "xlsx", bomb_members(), ["check", "{input}"],
         ["s_bomb_members.xlsx", "2101 files"], max_mb=300)
    case("zip_lying_size", "xlsx", lying_size(), ["calc", "{input}"],
         ["s_zip_lying_size.xlsx", "damaged"])
    case("rows_100k", "xlsx", big_rows_book(100_000), ["calc", "{input}"],
         ["s_rows_100k.xlsx", "sheet '研究信息'", "more than 5000 rows"], max_mb=300)
    case("cells_wide", "xlsx", wide_book(13, 16_384), ["check", "{input}"],
         ["s_cells_wide.xlsx", "sheet '研究信息'", "200000 cells"], max_mb=300)
    # not a workbook at all
    for cmd, extra in (("calc", []), ("check", []), ("uncertainty", ["-n", "50"]),
                       ("report", ["-o", "{out}.pdf"]), ("export", ["-o", "{out}.json"]),
                       ("convert", ["{out}.json"])):
        case(f"garbage_{cmd}", "xlsx", garbage(), [cmd, "{input}", *extra],
             [f"s_garbage_{cmd}.xlsx", "not an .xlsx workbook"])
    case("csv_renamed", "xlsx", b"key,value\ntitle,x\n", ["calc", "{input}"],
         ["s_csv_renamed.xlsx", "renamed"])
    case("empty_file", "xlsx", b"", ["calc", "{input}"], ["s_empty_file.xlsx", "not an .xlsx"])
    case("ole2_xls", "xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048),
         ["calc", "{input}"], ["s_ole2_xls.xlsx", ".xls"])
    case("zip_not_xlsx", "xlsx", zip_bytes({"readme.txt": b"hello"}), ["calc", "{input}"],
         ["s_zip_not_xlsx.xlsx", "[Content_Types].xml"])
    case("truncated", "xlsx", xlsx[: len(xlsx) // 2], ["calc", "{input}"],
         ["s_truncated.xlsx", "damaged"])
    broken = zipfile.ZipFile(io.BytesIO(xlsx))
    members = {n: broken.read(n) for n in broken.namelist()}
    members["xl/workbook.xml"] = b"<<<not xml"
    case("bad_xml", "xlsx", zip_bytes(members), ["calc", "{input}"],
         ["s_bad_xml.xlsx", "not a readable .xlsx"])

    # messages name the sheet, row and header word the user sees (item 11)
    def amount(wb):
        ws = wb["C.4 铝电解生产"]
        ws.cell(row=row_of(ws, 7, "alumina"), column=3).value = "lots"

    case("msg_amount_zh", "xlsx", edited(amount), ["calc", "{input}"],
         ["s_msg_amount_zh.xlsx", "sheet 'C.4 铝电解生产', row 8, column C (数量)"])

    def amount_en(wb):
        ws = wb["C.4 Electrolysis"]
        ws.cell(row=row_of(ws, 7, "alumina"), column=3).value = "lots"

    case("msg_amount_en", "xlsx", edited(amount_en, "en"), ["check", "{input}"],
         ["s_msg_amount_en.xlsx", "sheet 'C.4 Electrolysis', row 8, column C (amount)"])

    def supply_type(wb):
        wb["电力供应"]["B3"] = "teleport"

    case("msg_supply_type", "xlsx", edited(supply_type), ["calc", "{input}"],
         ["s_msg_supply_type.xlsx", "sheet '电力供应', row 3, column B (type)"])

    def supply_name(wb):
        wb["电力供应"]["A2"] = None

    case("msg_supply_no_name", "xlsx", edited(supply_name), ["calc", "{input}"],
         ["s_msg_supply_no_name.xlsx", "sheet '电力供应', row 2, column A (name)"])

    def process(wb):
        wb["过程排放参数"]["B2"] = "heavy"

    case("msg_process_param", "xlsx", edited(process), ["calc", "{input}"],
         ["s_msg_process_param.xlsx", "sheet '过程排放参数', row 2, column B"])

    def process_unit(wb):
        wb["过程排放参数"]["A2"] = "smelter_x"

    case("msg_process_unit", "xlsx", edited(process_unit), ["calc", "{input}"],
         ["s_msg_process_unit.xlsx", "sheet '过程排放参数', row 2", "smelter_x"])

    def factor_value(wb):
        ws = wb["用户排放因子"]
        ws.cell(row=3, column=header_col(ws, "value")).value = "abc"

    case("msg_factor_value", "xlsx", edited(factor_value), ["calc", "{input}"],
         ["s_msg_factor_value.xlsx", "sheet '用户排放因子', row 3", "value"])

    def study_date(wb):
        ws = wb["研究信息"]
        ws.cell(row=row_of(ws, 1, "period.start"), column=3).value = "soon"

    case("msg_study_date", "xlsx", edited(study_date), ["calc", "{input}"],
         ["s_msg_study_date.xlsx", "sheet '研究信息', row", "column C (period.start)"])

    def typo_key(wb):
        wb["研究信息"].append(["producer.nmae", "", "x"])  # below the last key row (24)

    case("msg_study_typo_key", "xlsx", edited(typo_key), ["calc", "{input}"],
         ["s_msg_study_typo_key.xlsx", "sheet '研究信息', row 25", "producer.nmae", "unknown key"])

    def no_unit_id(wb):
        wb["C.2 氧化铝生产"]["B2"] = None

    case("msg_no_unit_id", "xlsx", edited(no_unit_id), ["calc", "{input}"],
         ["s_msg_no_unit_id.xlsx", "sheet 'C.2 氧化铝生产', cell B2"])

    def no_study(wb):
        wb["研究信息"].title = "Sheet1"

    case("msg_no_study_sheet", "xlsx", edited(no_study), ["calc", "{input}"],
         ["s_msg_no_study_sheet.xlsx", "no study sheet", "研究信息"])

    def formula(wb):
        ws = wb["C.4 铝电解生产"]
        ws.cell(row=row_of(ws, 7, "alumina"), column=3).value = "=B1*2"

    case("msg_formula_no_value", "xlsx", edited(formula), ["calc", "{input}"],
         ["s_msg_formula_no_value.xlsx", "sheet 'C.4 铝电解生产'", "C8", "formula"])

    def empty_unit(wb):
        ws = wb["C.5 铝液铸锭"]
        for row in ws.iter_rows(min_row=8):
            for c in row:
                if c.column == 3:
                    c.value = None

    case("msg_empty_unit_sheet", "xlsx", edited(empty_unit), ["calc", "{input}"],
         ["s_msg_empty_unit_sheet.xlsx", "sheet 'C.5 铝液铸锭'", "no data rows"])

    # issue 12: junk that used to be dropped or overwritten without a word
    def cutoff_junk_row(wb):
        wb["取舍"].append(["合计", None, 12])  # a "total" line typed below the omitted flows

    case("msg_cutoff_junk_row", "xlsx", edited(cutoff_junk_row), ["calc", "{input}"],
         ["s_msg_cutoff_junk_row.xlsx", "sheet '取舍', row 4, column A (unit)", "合计"])

    def cutoff_keyless(wb):
        wb["取舍"]["F4"] = "see notes"  # a column without a field key in row 1

    case("msg_cutoff_keyless", "xlsx", edited(cutoff_keyless), ["calc", "{input}"],
         ["s_msg_cutoff_keyless.xlsx", "sheet '取舍', row 1, column F", "no field key"])

    def study_units_key(wb):
        wb["研究信息"].append(["units.0.id", "", "smelter"])

    case("msg_study_units_key", "xlsx", edited(study_units_key), ["calc", "{input}"],
         ["s_msg_study_units_key.xlsx", "sheet '研究信息', row", "column A", "units.0.id",
          "unknown key"])

    def factor_no_id(wb):
        wb["用户排放因子"]["A1"] = None

    case("msg_factor_no_id_header", "xlsx", edited(factor_no_id), ["calc", "{input}"],
         ["s_msg_factor_no_id_header.xlsx", "sheet '用户排放因子', row 1, column A",
          "lacks: id"])


def filesystem_cases() -> None:
    """Hostile places: the case file is a valid input, the setup makes the place."""
    study = STUDY_YAML.read_bytes()
    ro = {"dirs": ["ro"], "readonly": ["ro"]}
    parent_file = {"files": {"f": "a file, not a folder\n"}}
    out_dir = {"dirs": ["o.xlsx"]}
    ro_file = {"files": {"old.json": "keep me\n"}, "readonly": ["old.json"]}
    case("fs_input_dir", "yaml", study, ["calc", "{tmp}/d.yaml"], ["d.yaml", "is a directory"],
         setup={"dirs": ["d.yaml"]})
    case("fs_input_missing", "yaml", study, ["calc", "{tmp}/none.yaml"],
         ["none.yaml", "not found"])
    for cmd, args in (
            ("convert", ["convert", "{input}", "{tmp}/ro/x.xlsx"]),
            ("template", ["template", "{tmp}/ro/t.xlsx"]),
            ("report", ["report", "{input}", "-o", "{tmp}/ro/r.html"]),
            ("export", ["export", "{input}", "-o", "{tmp}/ro/e.json"]),
            ("schema", ["schema", "-o", "{tmp}/ro/s.json"]),
            ("chain_template", ["chain", "template", "{tmp}/ro/chain"]),
            ("mrio_synth", ["mrio", "synth", "{tmp}/ro/t_synthetic.csv", "--regions", "2",
                            "--sectors", "2"])):
        case(f"fs_readonly_dir_{cmd}", "yaml", study, args, ["ro", "read-only"], setup=ro)
    for cmd, args in (
            ("convert", ["convert", "{input}", "{tmp}/f/x.yaml"]),
            ("report", ["report", "{input}", "-o", "{tmp}/f/sub/r.xlsx"]),
            ("chain_template", ["chain", "template", "{tmp}/f/chain"])):
        case(f"fs_parent_is_file_{cmd}", "yaml", study, args, ["f", "is a file"],
             setup=parent_file)
    for cmd, args in (("convert", ["convert", "{input}", "{tmp}/o.xlsx"]),
                      ("template", ["template", "{tmp}/o.xlsx"]),
                      ("report", ["report", "{input}", "-o", "{tmp}/o.xlsx"])):
        case(f"fs_out_is_dir_{cmd}", "yaml", study, args, ["o.xlsx", "is a directory"],
             setup=out_dir)
    for cmd, args in (("export", ["export", "{input}", "-o", "{tmp}/old.json"]),
                      ("convert", ["convert", "{input}", "{tmp}/old.json"])):
        case(f"fs_readonly_file_{cmd}", "yaml", study, args,
             ["old.json", "read-only", "not replaced"], setup=ro_file)
    case("fs_chain_template_is_file", "yaml", study, ["chain", "template", "{tmp}/f"],
         ["f", "is a file"], setup=parent_file)
    case("fs_factors_dir", "yaml", study, ["factors", "list", "--factors", "{tmp}/d.csv"],
         ["d.csv", "is a directory"], setup={"dirs": ["d.csv"]})
    case("fs_calc_factors_missing", "yaml", study,
         ["calc", "{input}", "--factors", "{tmp}/none.csv"], ["none.csv", "not found"])


def factor_cases() -> None:
    head = ("id,name,kind,value,amount_unit,per,gas,basis,confidence,document,issuer,"
            "source_year\n")
    row = "study.x,砂石 sand,material_upstream,0.01,t,t,CO2e,life_cycle,low,测试,测试,2024\n"
    case("factors_gbk_csv", "csv", (head + row).encode("gbk"),
         ["factors", "show", "study.x", "--factors", "{input}"], [], exit=0)
    case("factors_utf16_nobom", "csv", (head + row).encode("utf-16-le"),
         ["factors", "list", "--factors", "{input}"], ["s_factors_utf16_nobom.csv", "UTF-16"])
    case("factors_nul_json", "json", b'[{"id": "study.x\\u0000", "value": 1}]',
         ["factors", "list", "--factors", "{input}"], ["s_factors_nul_json.json", "NUL"])
    case("factors_binary", "csv", garbage(seed=11), ["calc", EXAMPLE_ARG, "--factors",
                                                      "{input}"], ["s_factors_binary.csv"])
    case("factors_bad_value", "csv", (head + row.replace("0.01", "lots")).encode(),
         ["factors", "list", "--factors", "{input}"], ["s_factors_bad_value.csv", "row 1",
                                                       "value"])


def chain_cases() -> None:
    case("chain_bomb", "xlsx", bomb_ratio(), ["chain", "run", "{input}", "-o", "{out}"],
         ["s_chain_bomb.xlsx", "compressed"], max_seconds=20, max_mb=300)
    case("chain_garbage", "xlsx", garbage(), ["chain", "run", "{input}", "-o", "{out}"],
         ["s_chain_garbage.xlsx", "not an .xlsx"], max_seconds=20)
    case("chain_missing_table", "xlsx", chain_book(drop="parameters"),
         ["chain", "run", "{input}", "-o", "{out}"],
         ["s_chain_missing_table.xlsx", "'parameters' is missing"], max_seconds=20)

    def bad_amount(wb):
        wb["production"]["D3"] = "many"

    case("chain_bad_number", "xlsx", chain_book(edit=bad_amount),
         ["chain", "run", "{input}", "-o", "{out}"],
         ["s_chain_bad_number.xlsx", "sheet production", "row 3", "amount"], max_seconds=20)
    case("chain_decompose_garbage", "xlsx", b"PK\x03\x04" + garbage(500),
         ["chain", "decompose", "{input}", "--from", "2012", "--to", "2013"],
         ["s_chain_decompose_garbage.xlsx", "damaged"], max_seconds=20)
    case("chain_dir_input_file", "yaml", STUDY_YAML.read_bytes(),
         ["chain", "run", "{input}", "-o", "{out}"],
         ["s_chain_dir_input_file.yaml", "not a chain data set"], max_seconds=20)


def mrio_cases() -> None:
    table = mrio_csv()
    case("mrio_bomb", "xlsx", bomb_ratio(), ["mrio", "accounts", "{input}", "-o", "{out}"],
         ["s_mrio_bomb.xlsx", "compressed"], max_seconds=20, max_mb=300)
    case("mrio_nul_csv", "csv", table.replace(b"\n", b"\x00\n", 3),
         ["mrio", "accounts", "{input}", "-o", "{out}"], ["s_mrio_nul_csv.csv", "NUL"],
         max_seconds=20)
    case("mrio_utf16_nobom", "csv", table.decode("utf-8").encode("utf-16-le"),
         ["mrio", "accounts", "{input}", "-o", "{out}"], ["s_mrio_utf16_nobom.csv", "UTF-16"],
         max_seconds=20)
    case("mrio_out_parent_file", "csv", table,
         ["mrio", "accounts", "{input}", "-o", "{tmp}/f/out"], ["f", "is a file"],
         setup={"files": {"f": "x\n"}}, max_seconds=30)
    case("mrio_out_readonly", "csv", table,
         ["mrio", "accounts", "{input}", "-o", "{tmp}/ro/out"], ["ro", "read-only"],
         setup={"dirs": ["ro"], "readonly": ["ro"]}, max_seconds=30)
    case("mrio_layout_binary", "csv", table,
         ["mrio", "accounts", "{input}", "--layout", "{corpus}/s_enc_binary.yaml", "-o",
          "{out}"], ["s_enc_binary.yaml", "UTF-8"], max_seconds=20)


def main() -> None:
    for old in HERE.glob(f"{PREFIX}*"):
        old.unlink()
    study_cases()
    filesystem_cases()
    factor_cases()
    chain_cases()
    mrio_cases()
    print(f"{len(_written)} cases written to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
