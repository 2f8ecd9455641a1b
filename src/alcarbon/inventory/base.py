"""Shared pieces of the study model: the strict base model, Table 2 ratings, field checks."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from alcarbon.errors import UnitError
from alcarbon.factors.model import MAX_GSD
from alcarbon.units import parse_unit

Rating = Literal["good", "fair", "poor"]


class _Model(BaseModel):
    # allow_inf_nan=False: every float of the study is finite (NaN/inf never reach the engine).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class DataQuality(_Model):
    """GB/T 44905 6.3 Table 2 rating of one datum, plus its provenance (7.1.2 c).

    An indicator left out is ``None``: not rated (未评级), never assumed good. Checks count it
    apart and treat it as poor where a grade must be computed; the pedigree mapping gives it the
    poorest score (docs/checks.md). ``primary`` is ``False`` unless the user says the datum is
    primary (site) data: 6.1 makes primary data a claim backed by vouchers (7.1.2 c), so an
    unstated datum is counted as secondary.
    """

    technology: Rating | None = None
    time: Rating | None = None
    geography: Rating | None = None
    reliability: Rating | None = None
    completeness: Rating | None = None
    primary: bool = False
    source: str = ""
    evidence: list[str] = Field(default_factory=list, description="original vouchers (file names)")
    gsd: float | None = Field(
        None, gt=1.0, le=MAX_GSD,
        description="user-given geometric standard deviation (above 1, at most 20), overrides "
        "the rating")


def _amount(v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"expected a number, got {v!r}")
    try:
        x = float(v)
    except OverflowError:  # an integer beyond 1.8e308
        raise ValueError("expected a finite number, got an integer too large for a float") from None
    if not math.isfinite(x):
        raise ValueError("expected a finite number")
    if x < 0:
        raise ValueError(f"expected a non-negative amount, got {x:g}")
    return x


def _unit(v: str) -> str:
    try:
        parse_unit(v)
    except UnitError as exc:
        raise ValueError(exc.message + f" ({exc.expected})") from None
    return v
