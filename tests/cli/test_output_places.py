"""Output places that cannot or must not be written are refused before anything is written."""

from __future__ import annotations

import pytest

from alcarbon.atomic import atomic_write, check_target, make_dir
from alcarbon.errors import InputError


def test_target_is_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        atomic_write(tmp_path, b"x")


def test_parent_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(InputError, match="is a file, so no folder can be made there"):
        atomic_write(tmp_path / "f" / "sub" / "out.json", b"x")
    assert (tmp_path / "f").read_text() == "x"


def test_read_only_folder_by_mode_bits(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)  # no write bit: refused even for root
    try:
        with pytest.raises(InputError, match="read-only"):
            atomic_write(ro / "out.json", b"x")
        with pytest.raises(InputError, match="read-only"):
            make_dir(ro / "sub")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_read_only_existing_file_not_replaced(tmp_path):
    f = tmp_path / "old.json"
    f.write_text("keep")
    f.chmod(0o444)
    with pytest.raises(InputError, match="not replaced"):
        atomic_write(f, b"new")
    assert f.read_text() == "keep"
    assert [p.name for p in tmp_path.iterdir()] == ["old.json"]  # no temporary file left


def test_writable_places_pass(tmp_path):
    check_target(tmp_path / "a" / "b" / "new.json")  # parents made later: fine
    atomic_write(tmp_path / "a" / "b" / "new.json", b"x")
    assert (tmp_path / "a" / "b" / "new.json").read_bytes() == b"x"
    assert make_dir(tmp_path / "c") == tmp_path / "c" and (tmp_path / "c").is_dir()
