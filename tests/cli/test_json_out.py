"""dump_json's own indented writer prints exactly what json.dumps prints (cli/json_out.py)."""

import enum
import io
import json
import random

import pytest

from alcarbon.cli.json_out import _indented, _Other, dump_json
from alcarbon.errors import CalculationError


class Text(str):
    pass


class Number(enum.IntEnum):
    ONE = 1


class Real(float):
    def __repr__(self) -> str:
        return "not this"


def _reference(data, indent=2) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)


def _printed(data, **kwargs) -> str:
    buf = io.StringIO()
    dump_json(data, buf, **kwargs)
    return buf.getvalue()


def _random(rng: random.Random, depth: int):
    pick = rng.randrange(10 if depth < 4 else 6)
    if pick == 0:
        return rng.choice(["", "a", "铝 电解", 'q"uote\\', "tab\t\nnl", "\x00\x1f\u2028", "é😀"])
    if pick == 1:
        return rng.choice([0, -1, 10**30, True, False, None])
    if pick in (2, 3):
        return rng.choice([0.0, -0.0, 1e-22, 1.5e300, 0.1 + 0.2, -3.25, 1e16])
    if pick == 4:
        return Text("sub")
    if pick == 5:
        return Number.ONE
    if pick in (6, 7):
        return [_random(rng, depth + 1) for _ in range(rng.randrange(4))]
    if pick == 8:
        return tuple(_random(rng, depth + 1) for _ in range(rng.randrange(3)))
    return {rng.choice(["k", "键", "", Text("t"), "a b"]) + str(i): _random(rng, depth + 1)
            for i in range(rng.randrange(4))}


@pytest.mark.parametrize("seed", range(200))
def test_random_data_as_json_dumps(seed):
    data = _random(random.Random(seed), 0)
    for indent in (2, 0, 4):
        assert _printed(data, indent=indent) == _reference(data, indent) + "\n"


@pytest.mark.parametrize("data", [{}, [], (), {"a": {}}, [[], {}], 1, "x", None, Real(2.5),
                                  {"n": [Real(0.5)]}, [Number.ONE], {"a": (1, [2, {"b": ()}])}])
def test_edge_cases(data):
    assert _indented(data, 2) == _reference(data)


@pytest.mark.parametrize("data", [{1: "a"}, {None: 1}, {"a": {2.5: 1}}, [object()],
                                  {"a": float("nan")}, [float("inf")], {"s": {1, 2}}])
def test_left_to_json(data):
    with pytest.raises(_Other):
        _indented(data, 2)


def test_non_str_keys_printed_by_json():
    data = {1: "a", "b": {None: True, 2.5: [1]}}
    assert _printed(data, indent=2) == _reference(data) + "\n"


def test_non_finite_named():
    with pytest.raises(CalculationError) as exc:
        _printed({"products": [{"cfp": float("nan")}]}, indent=2)
    assert "products[0].cfp" in str(exc.value)


def test_other_arguments_go_to_json():
    data = {"b": 1, "a": [1, 2]}
    assert _printed(data, indent=2, sort_keys=True) == json.dumps(
        data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert _printed(data) == json.dumps(data, ensure_ascii=False) + "\n"
