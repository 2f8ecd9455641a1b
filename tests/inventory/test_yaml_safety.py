"""YAML alias bombs and other hostile text (issue 12 item 1): refused in milliseconds, naming the
file, line and column, by every reader (study, factor file, MRIO layout)."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.errors import InputError
from alcarbon.textdata import MAX_DEPTH, load_json, load_yaml

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def alias_bomb(levels: int = 25, width: int = 110) -> str:
    """Billion laughs: level i is a list of `width` aliases of level i-1, so expanding the last
    level means width**levels ~ 1e51 nodes: hopeless unless refused unexpanded."""
    lines = ["period: {start: 2024-01-01, end: 2024-12-31}", "l0: &l0 [lol]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    lines.append(f"units: *l{levels - 1}")
    return "\n".join(lines) + "\n"


def test_15_kb_alias_bomb_refused_fast_with_line(tmp_path):
    text = alias_bomb()
    assert 14_000 < len(text.encode()) < 17_000  # the 15 KB of the report
    p = tmp_path / "bomb.yaml"
    p.write_text(text, encoding="utf-8")
    # warm-up: the command's imports (numpy, pydantic models) are not what is measured
    (tmp_path / "warm.yaml").write_text("units: [\n", encoding="utf-8")
    assert runner.invoke(app, ["calc", str(tmp_path / "warm.yaml")]).exit_code == 2
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    r = runner.invoke(app, ["calc", str(p)])
    elapsed = time.perf_counter() - t0
    assert r.exit_code == 2
    assert elapsed < 1.0
    # the first anchor is '&l0' on line 2, column 5 ("l0: &l0 ...")
    assert f"{p}, line 2, column 5" in r.stderr and "anchor" in r.stderr
    # peak memory barely moves (kB on Linux): nothing was expanded
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0 < 50_000


@pytest.mark.parametrize(("text", "line", "column", "what"), [
    # alias with no anchor before it (still an alias: refused, not 'undefined alias')
    ("a: 1\nb: *x\n", 2, 4, "alias"),
    # merge key '<<: *base' expands a mapping by alias
    ("a: 1\nbase: &base {k: 1}\nc:\n  <<: *base\n", 2, 7, "anchor"),
    # anchor on a scalar
    ("x: &s 5\n", 1, 4, "anchor"),
])
def test_every_anchor_and_alias_refused_at_its_place(text, line, column, what):
    with pytest.raises(InputError) as err:
        load_yaml(text, "f.yaml")
    assert err.value.where == f"f.yaml, line {line}, column {column}"
    assert what in err.value.message


def test_deep_nesting_refused_not_a_recursion_crash():
    deep = "[" * 5000 + "]" * 5000
    with pytest.raises(InputError) as err:
        load_yaml(deep, "deep.yaml")
    # the (MAX_DEPTH+1)-th '[' is at column MAX_DEPTH+1 of line 1
    assert err.value.where == f"deep.yaml, line 1, column {MAX_DEPTH + 1}"
    assert load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "ok.yaml") is not None
    with pytest.raises(InputError, match="nesting"):
        load_json("[" * 200_000 + "]" * 200_000, "deep.json")


def test_plain_yaml_still_reads_dates_and_numbers():
    data = load_yaml("period: {start: 2024-01-01}\nn: 1.5e+3\nk: [a, b]\n", "ok.yaml")
    assert str(data["period"]["start"]) == "2024-01-01"
    assert data["n"] == 1500.0 and data["k"] == ["a", "b"]


def test_syntax_error_located():
    with pytest.raises(InputError) as err:
        load_yaml("a: [1, 2\nb: 3\n", "bad.yaml")
    assert "line " in err.value.where and "cannot parse YAML" in err.value.message


def test_factor_file_alias_refused(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("- &f {id: a}\n- *f\n", encoding="utf-8")
    study = ROOT / "examples" / "hydro_smelter_yunnan.yaml"
    r = runner.invoke(app, ["calc", str(study), "--factors", str(p)])
    assert r.exit_code == 2
    assert f"{p}, line 1, column 3" in r.stderr


def test_mrio_layout_alias_refused(tmp_path):
    from alcarbon.mrio.io.layout import read_mapping_file

    p = tmp_path / "layout.yaml"
    p.write_text("sheet: &s Z\nother: *s\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_mapping_file(p)
    assert err.value.where == f"{p}, line 1, column 8"


def test_examples_load_quickly_with_the_safe_loader():
    from alcarbon.inventory import load_study

    for name in ("hydro_smelter_yunnan.yaml", "coal_captive_smelter.yaml"):
        t0 = time.perf_counter()
        s = load_study(ROOT / "examples" / name)
        assert s.units and time.perf_counter() - t0 < 2.0
