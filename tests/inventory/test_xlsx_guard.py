"""Workbook bombs refused before opening; formula-like text written and read back as text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from alcarbon.errors import InputError
from alcarbon.inventory import load_study, save_study
from alcarbon.inventory import xlsx_guard as g

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = {"title": "=1+1", "note": "@SUM(A1)", "description": "-5 kg", "address": "+86 10 1234"}


def _hostile_study():
    s = load_study(ROOT / "examples" / "hydro_smelter_yunnan.yaml")
    s = s.model_copy(update={"title": HOSTILE["title"], "producer": s.producer.model_copy(
        update={"address": HOSTILE["address"]})})
    unit = s.units[0]
    first = unit.inputs[0].model_copy(update={"note": HOSTILE["note"]})
    unit = unit.model_copy(update={"description": HOSTILE["description"],
                                   "inputs": [first, *unit.inputs[1:]]})
    return s.model_copy(update={"units": [unit, *s.units[1:]]})


def _xml_of(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_formula_like_text_round_trips_as_text(tmp_path, lang):
    s = _hostile_study()
    save_study(s, tmp_path / "s.xlsx", lang=lang)
    xml = _xml_of(tmp_path / "s.xlsx")
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere
    for text in HOSTILE.values():  # each stored as a string (shared or inline)
        assert f">{text}<" in xml
    back = load_study(tmp_path / "s.xlsx")
    assert back.title == "=1+1"
    assert back.producer.address == "+86 10 1234"
    assert back.units[0].description == "-5 kg"
    assert back.units[0].inputs[0].note == "@SUM(A1)"
    save_study(back, tmp_path / "s.yaml")
    assert load_study(tmp_path / "s.yaml") == s


def test_report_xlsx_writes_title_as_text(tmp_path):
    from alcarbon.report import api

    s = _hostile_study()
    s = s.model_copy(update={"product": s.product.model_copy(update={"name": "=1+1"})})
    computed = api.compute(s)
    data = api.render(computed, "xlsx", "en")
    (tmp_path / "r.xlsx").write_bytes(data)
    xml = _xml_of(tmp_path / "r.xlsx")
    assert "<f>" not in xml and "<f " not in xml
    assert ">=1+1<" in xml  # the product name on the summary sheet, as text


def _zip(members: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_bomb_refused_by_ratio(tmp_path):
    # 8 MB of zeros deflates about 1000:1, far above MAX_RATIO = 200
    p = _zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": bytes(8 << 20)},
             tmp_path / "b.xlsx")
    with pytest.raises(InputError, match="compressed .*:1") as e:
        g.check_xlsx(p)
    assert str(p) in str(e.value)


def test_total_unpacked_size_limit(tmp_path):
    # random-ish text packs about 1:1, so the ratio passes and only the total is over the limit
    import random

    rnd = random.Random(1)
    blob = bytes(rnd.getrandbits(8) for _ in range(300_000))
    p = _zip({"[Content_Types].xml": b"<x/>", "a.bin": blob}, tmp_path / "t.xlsx")
    g.check_xlsx(p, max_unpacked=400_000)  # 300 kB + 4 bytes: fine
    with pytest.raises(InputError, match="unpacks to more than"):
        g.check_xlsx(p, max_unpacked=200_000)


def test_member_count_limit(tmp_path):
    members = {"[Content_Types].xml": b"<x/>"}
    members.update({f"m{i}.xml": b"" for i in range(g.MAX_MEMBERS)})  # MAX_MEMBERS + 1 in all
    p = _zip(members, tmp_path / "m.xlsx")
    with pytest.raises(InputError, match=f"holds {g.MAX_MEMBERS + 1} files"):
        g.check_xlsx(p)


def test_size_understated_in_header_fails_crc(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<x/>")
        zf.writestr("xl/a.xml", b"a" * 5000)
    raw = bytearray(buf.getvalue())
    # patch the uncompressed size of xl/a.xml (5000) to 50 in the central directory
    cd = raw.rindex(b"PK\x01\x02")
    assert int.from_bytes(raw[cd + 24:cd + 28], "little") == 5000
    raw[cd + 24:cd + 28] = (50).to_bytes(4, "little")
    p = tmp_path / "lie.xlsx"
    p.write_bytes(bytes(raw))
    with pytest.raises(InputError, match="damaged"):
        g.check_xlsx(p)


@pytest.mark.parametrize("content, words", [
    (b"name,value\n", "not a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old-format (.xls)"),
    (b"", "not a zip archive"),
])
def test_not_an_xlsx(tmp_path, content, words):
    p = tmp_path / "x.xlsx"
    p.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(words)):
        g.check_xlsx(p)


def test_zip_without_content_types(tmp_path):
    p = _zip({"hello.txt": b"hi"}, tmp_path / "z.xlsx")
    with pytest.raises(InputError, match=r"no \[Content_Types\].xml"):
        g.check_xlsx(p)


def test_row_limit_names_the_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "研究信息"
    for i in range(g.STUDY_MAX_ROWS + 1):  # one row more than allowed
        ws.append(["k", i])
    wb.save(tmp_path / "big.xlsx")
    with pytest.raises(InputError, match=f"more than {g.STUDY_MAX_ROWS} rows") as e:
        load_study(tmp_path / "big.xlsx")
    assert "sheet '研究信息'" in str(e.value)


def test_cell_limit():
    g.check_cells(1000, 5000, "w")  # 5,000,000 = DATA_MAX_CELLS: allowed
    with pytest.raises(InputError, match="1001 rows x 5000 columns = 5005000 cells"):
        g.check_cells(1001, 5000, "w")
