"""Checks on uploaded files: size limit and type (by extension and by content), before anything is
stored or parsed, so a bad upload never reaches the store (issue: bad input never corrupts data).
"""

from __future__ import annotations

from pathlib import PurePath

from fastapi import UploadFile

from alcarbon.errors import InputError
from alcarbon.service.deps import Located

FILE = ("body", "file")  # the form field of every upload

STUDY_TYPES = (".xlsx", ".yaml", ".yml", ".json")
EVIDENCE_TYPES = {
    ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".xlsx": "application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet", ".docx": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document", ".csv": "text/csv", ".txt": "text/plain",
    ".json": "application/json", ".yaml": "application/yaml", ".yml": "application/yaml",
}
_MAGIC = {".pdf": b"%PDF-", ".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff",
          ".jpeg": b"\xff\xd8\xff", ".xlsx": b"PK\x03\x04", ".docx": b"PK\x03\x04"}
_TEXT = (".csv", ".txt", ".json", ".yaml", ".yml")


def size_text(n: int) -> str:
    """A byte count for messages: '20 MB', '200 kB' or '512 bytes'."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    return f"{n / 1024:g} kB" if n >= 1024 else f"{n} bytes"


def safe_name(filename: str | None) -> str:
    """The base name of an uploaded file, without directories or control characters."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in "/\\")
    return name[:200] or "upload"


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The whole file, or 413 as soon as it exceeds ``limit`` bytes."""
    chunks, total = [], 0
    while True:
        chunk = await upload.read(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise Located(413, f"file: larger than the limit of {size_text(limit)}", FILE)
        chunks.append(chunk)
    return b"".join(chunks)


def check_type(name: str, content: bytes, allowed: tuple[str, ...] | list[str]) -> str:
    """The file's extension if it is allowed and the content looks like it; else 415."""
    ext = PurePath(name).suffix.lower()
    if ext not in allowed:
        raise Located(415, f"file {name}: file type {ext or '(none)'!r} not accepted; "
                      f"expected one of {', '.join(allowed)}", FILE)
    magic = _MAGIC.get(ext)
    if magic is not None and not content.startswith(magic):
        raise Located(415, f"file {name}: the content is not a {ext} file", FILE)
    if ext in _TEXT:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Located(415, f"file {name}: not UTF-8 text", FILE) from None
        if "\x00" in text:
            raise Located(415, f"file {name}: text file contains NUL bytes", FILE)
    if not content:
        raise InputError("empty file", where=f"file {name}", expected="a non-empty file")
    return ext
