"""A library read from the cache builds its factors and fuels on first look-up
(factors/lazy.py) and answers every question as the parsed one does."""

from __future__ import annotations

import pytest

from alcarbon.factors import library
from alcarbon.factors.lazy import LazyModels, Overlay


@pytest.fixture
def both(tmp_path, monkeypatch):
    """(library parsed from the files, library read back from a fresh cache entry)."""
    monkeypatch.setenv("ALCARBON_CACHE_DIR", "off")
    p = library._Packaged()
    parsed = library.FactorLibrary(p.factors_by_id, p.fuel_tables, p.flows, p.version)
    monkeypatch.setenv("ALCARBON_CACHE_DIR", str(tmp_path / "cache"))
    library._Packaged()  # writes the entry
    c = library._Packaged()
    assert isinstance(c.factors_by_id, LazyModels)
    cached = library.FactorLibrary(c.factors_by_id, c.fuel_tables, c.flows, c.version)
    return parsed, cached


def test_only_what_is_looked_up_is_built(both):
    _, cached = both
    lazy = cached._base
    assert isinstance(lazy, LazyModels) and not lazy._built
    f = cached.get("elec.grid_co2.cn.2023")
    assert list(lazy._built) == ["elec.grid_co2.cn.2023"]
    assert cached.get("elec.grid_co2.cn.2023") is f  # one object per id
    fp = cached.fuel("烟煤")
    built = [len(t._built) for t in cached._fuel_tables.values()]
    assert sorted(built) == [0, 0, 0, 1] and fp.id == "bituminous_coal"
    flows = cached._flows
    assert isinstance(flows, LazyModels) and not flows._built
    fl = cached.flow("烟煤")
    assert list(flows._built) == [fl.id]
    over = cached.with_overrides([f])
    assert over._flows is flows and over._flow_lookup is cached._flow_lookup  # shared


def test_every_answer_as_the_parsed_library(both):
    parsed, cached = both
    assert cached.version == parsed.version and len(cached) == len(parsed)
    assert cached.factors == parsed.factors  # same order, same models
    assert cached.find(kind="electricity", region="云南") == parsed.find(kind="electricity",
                                                                        region="云南")
    assert cached.flows == parsed.flows
    assert cached._flow_lookup == parsed._flow_lookup
    for fl in parsed.flows:
        for name in (fl.id, fl.name, fl.name_zh, *fl.aliases, fl.name.upper(), f" {fl.id} "):
            assert cached.flow_or_none(name) == parsed.flow_or_none(name)
    assert cached.flow_or_none("no such flow") is None
    for table in parsed.fuel_tables:
        fuels = parsed.fuels(table)
        assert cached.fuels(table) == fuels
        for fp in fuels:
            for name in (fp.id, fp.name_zh, fp.name, fp.name.upper(), f" {fp.id} "):
                assert cached.fuel_or_none(name, table) == parsed.fuel_or_none(name, table)
    assert cached.fuel_or_none("no such fuel") is None
    assert cached.fuel_any_table("petroleum_coke") == parsed.fuel_any_table("petroleum_coke")
    assert cached.grid("yunnan", 2023) == parsed.grid("yunnan", 2023)


def test_models_read_back_share_no_list(both):
    _, cached = both
    tags = [cached.get(fid).tags for fid in list(cached._base)[:40]]
    assert len({id(t) for t in tags}) == len(tags)
    aliases = [f.aliases for f in cached.flows]
    assert len({id(a) for a in aliases}) == len(aliases)


def test_overrides_replace_in_place_and_add_after(both):
    parsed, cached = both
    first = parsed.factors[0]
    new = first.model_copy(update={"id": "my.new", "value": 1.0})
    again = first.model_copy(update={"value": 2.0})
    for lib in both:
        over = lib.with_overrides([again, new, first.model_copy(update={"value": 3.0})])
        ids = [f.id for f in over.factors]
        assert ids == [f.id for f in parsed.factors] + ["my.new"]
        assert over.get(first.id).value == 3.0 and over.get("my.new").value == 1.0
        assert over.get_or_none("nothing") is None and "my.new" in over
        assert len(over) == len(parsed) + 1
    assert cached.with_overrides([new]).factors == parsed.with_overrides([new]).factors


def test_overlay_is_the_merged_dict():
    base = {"a": 1, "b": 2, "c": 3}
    over = {"b": 20, "d": 4, "a": 10}
    o = Overlay(base, over)
    assert dict(o) == base | over and list(o) == list(base | over)
    assert o.get("x", 9) == 9 and "d" in o and "x" not in o and len(o) == 4
    with pytest.raises(KeyError):
        o["x"]


def test_lazy_models_mapping():
    made = []

    def make(row):
        made.append(row[0])
        return {"id": row[0]}

    lazy = LazyModels({"a": ["a"], "b": ["b"]}, make, ["id"])
    assert list(lazy) == ["a", "b"] and len(lazy) == 2 and "a" in lazy and "z" not in lazy
    assert lazy.column("id") == ["a", "b"] and made == []
    assert lazy.get("z") is None and lazy.get("z", 1) == 1
    assert lazy["b"] is lazy.get("b") and made == ["b"]
    with pytest.raises(KeyError):
        lazy["z"]
    assert lazy == {"a": {"id": "a"}, "b": {"id": "b"}} and made == ["b", "a"]
