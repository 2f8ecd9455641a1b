"""Fixtures shared by the report tests: both bundled examples computed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = ("coal_captive_smelter", "hydro_smelter_yunnan")
EXAMPLES_DIR = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="session")
def examples_computed():
    """{example: api.Computed} with checks, levers and 200 Monte Carlo draws (text tests only)."""
    from alcarbon.inventory import load_study
    from alcarbon.report import api

    return {ex: api.compute(load_study(EXAMPLES_DIR / f"{ex}.yaml"), iterations=200)
            for ex in EXAMPLES}
