"""Reproducibility block and deterministic JSON (a verifier re-runs and gets identical bytes).

The inputs hash is sha256 over the canonical study JSON (sorted keys, no whitespace, UTF-8) plus
the factor-library version; nothing time-dependent enters it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_study_json(study: Any) -> str:
    """The study as canonical JSON: sorted keys, compact separators, dates in ISO form."""
    return json.dumps(study.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def inputs_hash(study: Any, factor_library_version: str) -> str:
    """sha256 hex of canonical study JSON + newline + factor-library version."""
    payload = canonical_study_json(study) + "\n" + factor_library_version
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def block(study: Any, result: Any) -> dict[str, str]:
    """alcarbon version, factor-library version, GWP set and the inputs hash."""
    from alcarbon import __version__

    return {"alcarbon_version": __version__,
            "factor_library_version": result.factor_library_version,
            "gwp_set": result.gwp_set,
            "inputs_sha256": inputs_hash(study, result.factor_library_version)}


def dumps(data: Any) -> str:
    """Deterministic JSON: sorted keys, 2-space indent, UTF-8 characters kept, final newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
