"""Text inputs: the encodings a Chinese Windows user saves in are read; the rest refused by name."""

from __future__ import annotations

import codecs

import pytest

from alcarbon.errors import InputError
from alcarbon.textio import read_text, refuse_nul

TEXT = "title: 云南水电铝 示例\nnote: 电解铝 1 t\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM, as Notepad's "Unicode"
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("gbk"),
    TEXT.encode("gb18030"),
], ids=["utf8", "utf8-bom", "utf16", "utf16-be", "gbk", "gb18030"])
def test_read_encodings(tmp_path, data):
    p = tmp_path / "s.yaml"
    p.write_bytes(data)
    assert read_text(p) == TEXT


@pytest.mark.parametrize("data, words", [
    (TEXT.encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    ("café\n".encode("latin-1"), "not UTF-8 text (byte 0xe9 at line 1)"),
    (b"ok\n\x80\x01\x02\x03", "not UTF-8 text (byte 0x80 at line 2)"),
    (b"a: 1\nb: \x00\n", "a NUL character (\\0) at line 2"),
])
def test_refused_with_reason(tmp_path, data, words):
    p = tmp_path / "s.yaml"
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_text(p)
    assert words in str(e.value) and str(p) in str(e.value)


def test_directory_and_missing(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
    with pytest.raises(InputError, match="file not found"):
        read_text(tmp_path / "none.yaml")


def test_nul_in_parsed_data_named_by_path():
    refuse_nul({"a": ["x", {"b": "fine"}]}, "f.json")
    with pytest.raises(InputError, match=r"in units\[1\]\.name"):
        refuse_nul({"units": [{"name": "ok"}, {"name": "a\x00b"}]}, "f.json")
