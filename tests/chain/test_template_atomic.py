"""`alcarbon chain template` / demo files are written all or nothing (issue 12: a failure part
way must leave no partial output)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon import atomic
from alcarbon.chain import demo, template


def _fail_on_call(monkeypatch, n: int) -> None:
    """Make the n-th Path.write_bytes (the n-th file written) raise a disk-full error."""
    real = Path.write_bytes
    calls = [0]

    def flaky(self, data):
        calls[0] += 1
        if calls[0] == n:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)


@pytest.mark.parametrize("demo_files", [False, True])
def test_template_failure_midway_leaves_nothing(tmp_path, monkeypatch, demo_files):
    out = tmp_path / "tables"
    _fail_on_call(monkeypatch, 3)  # the first two files are written, the third fails
    with pytest.raises(OSError, match="No space"):
        template.write_template(out, demo=demo_files)
    assert list(out.iterdir()) == []  # neither the two finished files nor any temporary file


def test_demo_failure_midway_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "demo"
    _fail_on_call(monkeypatch, 2)
    with pytest.raises(OSError, match="No space"):
        demo.write_demo(out)
    assert list(out.iterdir()) == []


def test_demo_failure_while_building_rows_writes_nothing(tmp_path, monkeypatch):
    """The electricity table is built last; when it fails, the other two are not written."""
    def broken(library):
        raise KeyError("grid factor")

    monkeypatch.setattr(demo, "electricity_rows", broken)
    with pytest.raises(KeyError):
        demo.write_demo(tmp_path / "demo", library=object())
    assert not (tmp_path / "demo").exists() or list((tmp_path / "demo").iterdir()) == []


def test_rename_failure_removes_the_files_it_created(tmp_path, monkeypatch):
    """The second rename fails: the first file, new and already renamed into place, is removed
    again and no temporary file is left."""
    real = atomic.os.replace
    calls = [0]

    def flaky(src, dst):
        calls[0] += 1
        if calls[0] == 2:
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    with pytest.raises(OSError, match="Input/output"):
        atomic.atomic_write_many({a: b"1\n", b: b"2\n"})
    assert list(tmp_path.iterdir()) == []


def test_template_written_completely(tmp_path):
    """Success: the four tables (schema.TABLES) and the README, each starting with its header."""
    files = template.write_template(tmp_path / "t")
    assert sorted(f.name for f in files) == ["README.md", "electricity.csv", "parameters.csv",
                                              "production.csv", "supply.csv"]
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(f.name for f in files)
    first = (tmp_path / "t" / "supply.csv").read_text("utf-8").splitlines()
    assert first[1] == "# examples: delete the leading '# ' of a line to use it"
