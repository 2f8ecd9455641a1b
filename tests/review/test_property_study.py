"""Property (issue 12): any study built from the examples by mutating numbers (NaN, inf,
negative, huge, tiny, text, null) and dropping or adding keys either computes finite footprints
that serialise as strict JSON, or fails with an AlcarbonError. Never another exception."""

from __future__ import annotations

import copy
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alcarbon.engine import calculate
from alcarbon.errors import AlcarbonError
from alcarbon.inventory.io_yaml import study_from_data
from alcarbon.textdata import load_yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ("hydro_smelter_yunnan", "coal_captive_smelter")
Path_ = tuple[Any, ...]


@cache
def _example(name: str) -> dict:
    return load_yaml((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"), name)


@cache
def _library() -> Any:
    from alcarbon.factors import load_library

    return load_library()


def _walk(node: Any, path: Path_ = ()) -> tuple[list[Path_], list[Path_]]:
    """(paths of numeric leaves, paths of mappings) in ``node``."""
    nums: list[Path_] = []
    maps: list[Path_] = []
    if isinstance(node, dict):
        maps.append(path)
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node))
    else:
        if isinstance(node, int | float) and not isinstance(node, bool):
            nums.append(path)
        return nums, maps
    for k, v in children:
        n, m = _walk(v, (*path, k))
        nums += n
        maps += m
    return nums, maps


@cache
def _paths(name: str) -> tuple[list[Path_], list[Path_]]:
    return _walk(_example(name))


def _at(data: Any, path: Path_) -> Any:
    for k in path:
        data = data[k]
    return data


HOSTILE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 0.0, 1e-300, 1e300, -1e300, 1e308,
                     -20029.0, 10**400]),
    st.integers(min_value=-10**6, max_value=10**6),
    st.sampled_from(["nan", "inf", "", "1,5", "十", None, True, [], {}]),
)
KEYS = st.sampled_from(["amount", "value", "gsd", "unit", "flow", "id", "kind", "extra",
                        "supplier_cfp", "transport", "fuel", "factor", "basis", "per"])


@st.composite
def mutations(draw: Any, name: str) -> list[tuple[str, Path_, Any, Any]]:
    nums, maps = _paths(name)
    out = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["number", "number", "number", "drop", "add"]))
        if kind == "number":
            out.append(("set", draw(st.sampled_from(nums)), None, draw(HOSTILE)))
        else:
            out.append((kind, draw(st.sampled_from(maps)), draw(KEYS), draw(HOSTILE)))
    return out


def _apply(data: dict, muts: list[tuple[str, Path_, Any, Any]]) -> dict:
    d = copy.deepcopy(data)
    for op, path, key, value in muts:
        if op == "set":
            _at(d, path[:-1])[path[-1]] = value
        else:
            node = _at(d, path)
            if op == "drop":
                node.pop(key if key in node else next(iter(node), None), None)
            else:
                node[key] = value
    return d


def _check(data: dict) -> None:
    try:
        study = study_from_data(data, "mutated.yaml")
        result = calculate(study, _library())
    except AlcarbonError:
        return  # a typed, located refusal is a correct answer
    for p in result.products.values():
        assert math.isfinite(p.cfp) and math.isfinite(p.cfp_location_based), p.product
    json.dumps(result.to_json_dict(detail=True), allow_nan=False)  # strict JSON or it raises


@pytest.mark.parametrize("name", NAMES)
def test_unmutated_example_computes(name):
    _check(copy.deepcopy(_example(name)))
    assert calculate(study_from_data(copy.deepcopy(_example(name))), _library()).products


@pytest.mark.parametrize("name", NAMES)
def test_mutated_study_is_finite_or_alcarbon_error(name):
    @settings(max_examples=100, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(muts=mutations(name))
    def run(muts: list) -> None:
        _check(_apply(_example(name), muts))

    run()
