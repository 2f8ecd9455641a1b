"""Canonical JSON text of plain data and its sha256: the identity of a revision or a result."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from alcarbon.errors import InputError


def canonical_json(data: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 characters kept (not \\u-escaped)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError("text contains an unpaired surrogate character", where="study",
                         expected="valid Unicode text") from exc
    return text


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
