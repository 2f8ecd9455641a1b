"""Reproducibility block and deterministic JSON (a verifier re-runs and gets identical bytes).

The inputs hash is sha256 over the canonical study JSON (sorted keys, no whitespace, UTF-8) plus
the factor-library version; nothing time-dependent enters it.
"""

from __future__ import annotations

import json
from typing import Any

from alcarbon.facts import canonical_study_json, inputs_hash

__all__ = ["block", "canonical_study_json", "dumps", "inputs_hash"]


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
