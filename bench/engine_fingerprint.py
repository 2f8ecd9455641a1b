"""SHA-256 fingerprint of the engine's output, for speed work that must not change a bit.

Hashes, for both examples x the 3 upstream conventions x the 2 captive attributions: the detail
JSON (every contribution row), tables E.1 of each product on both electricity bases and the
by() sums over unit, category, flow, gas, stage and factor id (repr: every digit). Run it before
and after a change; the two hashes must be equal. Not a test: the hash is of the program's own
output (the tests check values computed by hand). Compare hashes made in one environment only:
the same commit hashes differently with other numpy/scipy/pydantic versions (docs/performance.md,
session 33).

Run: ``python bench/engine_fingerprint.py`` (uses this checkout's src first on the path).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

EXAMPLES = ("coal_captive_smelter.yaml", "hydro_smelter_yunnan.yaml")
ATTRS = ("unit", "category", "flow", "gas", "stage", "factor_id")


def fingerprint() -> str:
    """Hex SHA-256 over the outputs listed in the module docstring."""
    from alcarbon.engine import calculate
    from alcarbon.factors import load_library
    from alcarbon.inventory import load_study

    h = hashlib.sha256()
    lib = load_library()
    for name in EXAMPLES:
        base = load_study(ROOT / "examples" / name)
        for convention in ("energy_in_units", "all_upstream", "none"):
            for attribution in ("consumer", "own_stage"):
                s = base.model_copy(update={"upstream_convention": convention,
                                            "captive_attribution": attribution})
                r = calculate(s, lib)
                h.update(json.dumps(r.to_json_dict(detail=True), sort_keys=True).encode())
                for p in r.products.values():
                    for location in (False, True):
                        h.update(repr(p.table_e1(location=location)).encode())
                        for attr in ATTRS:
                            try:
                                h.update(repr(sorted(p.by(attr, location).items())).encode())
                            except Exception as exc:  # an attribute a row lacks: hash the error
                                h.update(repr(exc).encode())
    return h.hexdigest()


if __name__ == "__main__":
    print(fingerprint())
