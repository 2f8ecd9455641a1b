"""The one-pass YAML reader (textdata._build_from_events): the data PyYAML's safe loader gives,
the same refusals, and PyYAML's own loader for whatever it does not build itself."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from alcarbon import textdata
from alcarbon.errors import InputError
from alcarbon.inventory import load_study
from alcarbon.textdata import load_yaml

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="needs libyaml")


def one_pass(text: str):
    return textdata._build_from_events(yaml, text, yaml.CSafeLoader)


def test_scalars_resolved_as_yaml_1_1_plain_data():
    text = ("a: yes\nb: No\nc: ~\nd: null\ne: 0x1F\nf: 0o17\ng: 017\nh: 1_000\ni: 1:20\n"
            "j: .inf\nk: 2024-01-01\nl: '1'\nm: \"2\"\nn: +1\no: 1.5e+3\np: x y\n")
    got = one_pass(text)
    # YAML 1.1 as PyYAML reads it: yes/No booleans, 0x1F = 31, 017 octal 15 (0o17 is text in
    # YAML 1.1),
    # 1_000 = 1000, 1:20 sexagesimal = 80, quoted numbers stay text, 1.5e+3 = 1500.0
    assert got == {"a": True, "b": False, "c": None, "d": None, "e": 31, "f": "0o17", "g": 15,
                   "h": 1000, "i": 80, "j": float("inf"), "k": datetime.date(2024, 1, 1),
                   "l": "1", "m": "2", "n": 1, "o": 1500.0, "p": "x y"}
    assert [type(v) for v in got.values()][6:9] == [int] * 3


def test_nesting_keys_and_duplicates_as_pyyaml():
    text = "2: a\ntrue: b\nk: {x: [1, [2, {y: z}]], e: []}\nd: 1\nd: 2\n- bad\n"
    with pytest.raises(yaml.YAMLError):  # the stray '- bad' is a syntax error
        one_pass(text)
    got = one_pass("2: a\ntrue: b\nk: {x: [1, [2, {y: z}]], e: []}\nd: 1\nd: 2\n")
    assert got == {2: "a", True: "b", "k": {"x": [1, [2, {"y": "z"}]], "e": []}, "d": 2}
    assert list(got) == [2, True, "k", "d"]  # a repeated key keeps its place, the last value
    assert one_pass("") is None and one_pass("---\n") is None and one_pass("- - x\n") == [["x"]]


@pytest.mark.parametrize("text", ["a: !!str 1\n", "b: &x {k: 1}\nc:\n  <<: {k: 2}\n",
                                  "<<: {a: 1}\n", "? [a]\n: b\n", "---\na\n---\nb\n"])
def test_left_to_pyyaml_loader(text):
    with pytest.raises(textdata._Unusual if "&" not in text else textdata._Refused):
        one_pass(text)


def test_load_yaml_gives_pyyaml_answers_for_tags_and_merge_keys():
    assert load_yaml("a: !!str 1\n", "f.yaml") == {"a": "1"}
    assert load_yaml("c:\n  <<: {k: 2}\n  j: 3\n", "f.yaml") == {"c": {"k": 2, "j": 3}}
    with pytest.raises(InputError):
        load_yaml("---\na\n---\nb\n", "f.yaml")  # more than one document


@pytest.mark.parametrize("name", ["coal_captive_smelter.yaml", "hydro_smelter_yunnan.yaml"])
def test_examples_read_as_pyyaml_reads_them(name):
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    assert one_pass(text) == yaml.load(text, Loader=yaml.CSafeLoader)


def test_nul_from_a_yaml_escape_refused(tmp_path):
    src = (ROOT / "examples" / "hydro_smelter_yunnan.yaml").read_text(encoding="utf-8")
    p = tmp_path / "s.yaml"
    p.write_text(src.replace("title:", 'title: "a\\0b"\nx_title:', 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_study(p)
    assert "NUL" in err.value.message and str(p) in err.value.where
