"""The on-disk cache of the parsed packaged library (factors/cache.py): it serves exactly the
validated objects, never a stale parse, and any trouble with it falls back to parsing."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

import alcarbon
from alcarbon.factors import cache as fcache
from alcarbon.factors import io as fio
from alcarbon.factors import library, load_library


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ALCARBON_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the packaged data files, used by the loader instead of the package."""
    copy = tmp_path / "data"
    shutil.copytree(Path(str(library._data_dir())), copy)
    monkeypatch.setattr(library, "_data_dir", lambda: copy)
    return copy


def _parsed(p: library._Packaged):
    return p.factors_by_id, p.fuel_tables, p.flows


def _models(p: library._Packaged):
    return [*p.factors_by_id.values(), *(f for t in p.fuel_tables.values() for f in t.values()),
            *p.flows.values()]


def _no_parsing(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("parsed although a cache entry exists")

    monkeypatch.setattr(fio, "read_models", refuse)


def test_a_cached_load_is_the_validated_parse(cache_dir, monkeypatch):
    monkeypatch.setenv("ALCARBON_CACHE_DIR", "off")
    validated = library._Packaged()  # parsed and validated, no cache
    assert not cache_dir.exists()
    monkeypatch.setenv("ALCARBON_CACHE_DIR", str(cache_dir))
    first = library._Packaged()  # miss: parses, writes the entry
    assert len(list(cache_dir.glob("factors-*.bin"))) == 1
    _no_parsing(monkeypatch)
    cached = library._Packaged()  # hit: read back without validation
    assert _parsed(cached) == _parsed(validated) == _parsed(first)
    assert cached.version == validated.version
    assert list(cached.factors_by_id) == list(validated.factors_by_id)  # same order
    for a, b in zip(_models(cached), _models(validated), strict=True):
        assert type(a) is type(b)
        assert a.model_fields_set == b.model_fields_set
        assert a.model_dump() == b.model_dump()
        # every value of the same type (an int stays an int, a float a float)
        assert {k: type(v) for k, v in a.__dict__.items()} == \
            {k: type(v) for k, v in b.__dict__.items()}
        if "source" in a.__dict__:
            assert type(a.source) is type(b.source)
            assert a.source.model_fields_set == b.source.model_fields_set
    f = next(iter(cached.factors_by_id.values()))
    with pytest.raises(Exception, match="frozen"):
        f.value = 1.0  # still frozen like a validated model


def test_an_edited_source_file_is_not_served_stale(cache_dir, data_copy, monkeypatch):
    before = library._Packaged()
    path = data_copy / "electricity.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fid = rows[0]["id"]
    assert before.factors_by_id[fid].value != 0.123456
    rows[0]["value"] = "0.123456"  # the edit: a new value for the first factor
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    after = library._Packaged()
    assert after.factors_by_id[fid].value == 0.123456
    assert after.version != before.version
    assert len(list(cache_dir.glob("factors-*.bin"))) == 2  # a new entry beside the old
    _no_parsing(monkeypatch)
    assert library._Packaged().factors_by_id[fid].value == 0.123456  # and the new one serves


def test_the_key_holds_data_versions_and_parsing_code(tmp_path, monkeypatch):
    import alcarbon.factors.model as model

    k = fcache.key("d1")
    assert fcache.key("d1") == k  # stable
    assert fcache.key("d2") != k  # the data files' digest
    monkeypatch.setattr(alcarbon, "__version__", "0.0.0-other")
    assert fcache.key("d1") != k  # package version
    monkeypatch.undo()
    edited = tmp_path / "model.py"  # the validating code, one byte longer
    edited.write_bytes(Path(model.__file__).read_bytes() + b"#")
    monkeypatch.setattr(model, "__file__", str(edited))
    assert fcache.key("d1") != k


def test_the_data_digest_covers_every_file_name_and_byte(data_copy):
    before = library._data_digest(data_copy)
    (data_copy / "VERSION").write_bytes((data_copy / "VERSION").read_bytes() + b" ")
    assert library._data_digest(data_copy) != before
    (data_copy / "VERSION").write_bytes((data_copy / "VERSION").read_bytes()[:-1])
    assert library._data_digest(data_copy) == before
    (data_copy / "flows.csv").rename(data_copy / "flows2.csv")
    with pytest.raises(FileNotFoundError):
        library._data_digest(data_copy)


@pytest.mark.parametrize("damage", ["payload", "header", "truncate", "garbage", "empty"])
def test_a_damaged_entry_falls_back_to_parsing(cache_dir, damage):
    good = library._Packaged()
    (entry,) = cache_dir.glob("factors-*.bin")
    raw = entry.read_bytes()
    head, payload = raw.split(b"\n", 1)
    damaged = {
        # one changed byte of the payload (a figure, a name): its hash no longer matches
        "payload": head + b"\n" + payload[:999] + bytes([payload[999] ^ 1]) + payload[1000:],
        "header": b'{"key": "0", "sha256": "0"}\n' + payload,
        "truncate": raw[: len(raw) // 2],
        "garbage": b"\x00\xff not json",
        "empty": b"",
    }[damage]
    assert damaged != raw
    entry.write_bytes(damaged)
    again = library._Packaged()
    assert _parsed(again) == _parsed(good)
    assert entry.read_bytes() == raw  # parsed and written again


def test_an_unwritable_cache_folder_only_parses(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ALCARBON_CACHE_DIR", str(blocker / "cache"))
    p = library._Packaged()
    assert "elec.grid_co2.cn.2023" in p.factors_by_id
    assert blocker.read_text() == "not a folder"


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ALCARBON_CACHE_DIR", "off")
    import platformdirs

    import alcarbon.atomic

    written = []
    monkeypatch.setattr(alcarbon.atomic, "atomic_write", lambda *a: written.append(a))
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: pytest.fail("looked"))
    assert fcache.cache_dir() is None
    library._Packaged()
    assert written == []
    assert fcache.load("d") is None


@pytest.fixture
def fresh_library():
    """load_library() reads the packaged data again (its in-process memo cleared around)."""
    library._packaged.cache_clear()
    library._packaged_library.cache_clear()
    yield
    library._packaged.cache_clear()
    library._packaged_library.cache_clear()


def test_user_factors_never_enter_the_cache(cache_dir, tmp_path, fresh_library):
    fid = "elec.grid_co2.cn.2023"
    assert load_library().get(fid).value == 0.5306  # MEE & NBS 2023 annex 表1 (test_library.py)
    (entry,) = cache_dir.glob("factors-*.bin")
    stored = entry.read_bytes()
    user = tmp_path / "mine.yaml"
    user.write_text(f"- id: {fid}\n  name: mine\n  kind: electricity\n"
                    "  value: 0.42\n  amount_unit: kg\n  per: kWh\n  gas: CO2\n"
                    "  basis: combustion_co2\n  confidence: low\n"
                    "  source: {document: my meter, issuer: me, year: 2024}\n",
                    encoding="utf-8")
    assert load_library([user]).get(fid).value == 0.42
    library._packaged.cache_clear()
    library._packaged_library.cache_clear()
    assert load_library().get(fid).value == 0.5306  # served from the entry: still packaged
    assert entry.read_bytes() == stored


def test_the_folder_keeps_the_newest_entries(cache_dir):
    parsed = ({}, {}, {})
    for i in range(fcache.KEEP + 3):
        fcache.store(f"d{i}", parsed)
        if i < fcache.KEEP + 2:  # written in this order, whatever the clock's resolution
            entry = fcache._path(cache_dir, fcache.key(f"d{i}"))
            os.utime(entry, (1_000_000 + i, 1_000_000 + i))
    kept = sorted(cache_dir.glob("factors-*.bin"))
    assert len(kept) == fcache.KEEP
    assert fcache.load(f"d{fcache.KEEP + 2}") == parsed
    assert fcache.load("d0") is None  # the oldest went


def test_no_entry_when_a_file_changes_during_the_parse(cache_dir, data_copy, monkeypatch):
    real = fio.read_flows

    def read_flows_then_edit(*a, **k):
        out = real(*a, **k)
        (data_copy / "VERSION").write_bytes((data_copy / "VERSION").read_bytes() + b" ")
        return out

    monkeypatch.setattr(fio, "read_flows", read_flows_then_edit)
    library._Packaged()
    assert list(cache_dir.glob("factors-*.bin")) == []
