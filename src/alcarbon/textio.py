"""Read a user's text file (YAML, JSON, CSV) whatever encoding a Chinese Windows editor saved it in.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as such; text that is not UTF-8
is tried as GB18030 (a superset of GBK and GB2312, what Notepad and Excel save as "ANSI" on a
Chinese Windows) and accepted when it holds Chinese characters and no control characters. Anything
else is refused with the encoding to save in. NUL characters are refused everywhere: no format
the package reads needs them and they truncate text in C libraries and databases.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from alcarbon.errors import InputError

#: Largest text input in bytes (a study or factor file is some kB; a long-format MRIO table of
#: 1.9 million cells is about 100 MB).
MAX_TEXT_BYTES = 256 * 1024 * 1024

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAVE_AS = "text saved as UTF-8 (in Notepad: Save as, Encoding UTF-8; in Excel: CSV UTF-8)"


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a user's file; a directory, a missing or unreadable file is an InputError."""
    p = Path(path)
    where = str(p)
    if p.is_dir():
        raise InputError("is a directory", where=where, expected="a file")
    try:
        size = p.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputError(f"the file has {size} bytes", where=where,
                             expected=f"at most {MAX_TEXT_BYTES // 2**20} MB (docs/limits.md)")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", where=where) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=where) from None


def decode(raw: bytes, where: str) -> str:
    """Text of ``raw`` (see the module docstring for the encodings accepted)."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {enc.upper()} text at byte {exc.start}",
                                 where=where, expected=_SAVE_AS) from None
            return refuse_nul_text(text, where)
    try:
        return refuse_nul_text(raw.decode("utf-8"), where)
    except UnicodeDecodeError as exc:
        bad = exc.start
    if raw[1::2].count(0) > len(raw) // 4 or raw[0::2].count(0) > len(raw) // 4:
        raise InputError("looks like UTF-16 text without a byte-order mark", where=where,
                         expected=_SAVE_AS)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _CJK.search(text) and not _CONTROL.search(text):
        return text
    line = raw[:bad].count(b"\n") + 1
    raise InputError(f"not UTF-8 text (byte 0x{raw[bad]:02x} at line {line}) and not GBK/GB18030 "
                     "Chinese text either", where=where, expected=_SAVE_AS)


def read_text(path: str | Path) -> str:
    """Decoded text of a user's file (UTF-8, UTF-16/32 with BOM, or GBK/GB18030)."""
    return decode(read_bytes(path), str(path))


def refuse_nul_text(text: str, where: str) -> str:
    """``text`` unchanged, or an InputError naming the line of its first NUL character."""
    i = text.find("\x00")
    if i >= 0:
        line = text.count("\n", 0, i) + 1
        raise InputError(f"a NUL character (\\0) at line {line}", where=where,
                         expected="text without NUL characters")
    return text


def refuse_nul(data: Any, where: str, path: str = "") -> None:
    """Walk parsed data (dicts, lists, strings): a NUL character in any key or string value is an
    InputError naming its dotted path (JSON can carry one as the escape \\u0000)."""
    if isinstance(data, str):
        if "\x00" in data:
            raise InputError(f"a NUL character (\\0) in {path or 'a value'}", where=where,
                             expected="text without NUL characters")
    elif isinstance(data, dict):
        for k, v in data.items():
            sub = f"{path}.{k}" if path else str(k)
            refuse_nul(k, where, sub)
            refuse_nul(v, where, sub)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            refuse_nul(v, where, f"{path}[{i}]")
