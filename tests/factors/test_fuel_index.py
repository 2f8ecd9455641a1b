"""The fuel look-up index of FactorLibrary (session 19, issue 11): it answers exactly as a scan
of the table would, belongs to the library's own read-only copy of the tables, and a library
made from other tables answers from those."""

from __future__ import annotations

import pytest

from alcarbon.factors import load_library
from alcarbon.factors.library import FactorLibrary
from alcarbon.factors.model import FuelProperties

SRC = {"document": "test", "issuer": "test", "year": 2024}


def _scan(tab: dict[str, FuelProperties], fuel_id: str) -> FuelProperties | None:
    """The rule of fuel_or_none written as the plain scan (first fuel in table order whose id
    or Chinese name is the stripped key, or whose English name equals it ignoring case)."""
    key = fuel_id.strip()
    for fp in tab.values():
        if key in (fp.id, fp.name_zh) or key.lower() == fp.name.lower():
            return fp
    return None


def _fuel(fid: str, name: str, name_zh: str, ncv: float) -> FuelProperties:
    return FuelProperties(id=fid, name=name, name_zh=name_zh, ncv=ncv, ncv_unit="GJ/t",
                          carbon_content=0.02, oxidation=0.9, state="solid", source=SRC,
                          confidence="medium")


def test_index_answers_as_the_scan_for_every_name_of_every_table():
    lib = load_library()
    for table in lib.fuel_tables:
        tab = {fp.id: fp for fp in lib.fuels(table)}
        for fp in tab.values():
            for key in (fp.id, fp.name_zh, fp.name, fp.name.upper(), f"  {fp.id} ",
                        fp.name.lower()):
                assert lib.fuel_or_none(key, table) is _scan(tab, key), (table, key)
        assert lib.fuel_or_none("no_such_fuel", table) is None


def test_first_fuel_in_table_order_wins_across_id_and_names():
    # 'coal' is the id of the second fuel and, ignoring case, the English name of the first:
    # by the scan the first fuel in table order that matches any rule wins
    f1 = _fuel("x1", "Coal", "煤一", 10.0)
    f2 = _fuel("coal", "Other", "煤二", 20.0)
    lib = FactorLibrary([], {"t": {"x1": f1, "coal": f2}}, [], "v")
    assert lib.fuel_or_none("coal", "t") is f1  # f1's name 'Coal' matches first
    assert lib.fuel_or_none("COAL", "t") is f1
    assert lib.fuel_or_none("煤二", "t") is f2
    lib2 = FactorLibrary([], {"t": {"coal": f2, "x1": f1}}, [], "v")  # other order
    assert lib2.fuel_or_none("coal", "t") is f2


def test_a_changed_table_or_another_table_gives_its_own_answer():
    old = _fuel("coal", "Coal", "煤", 20.0)
    new = _fuel("coal", "Coal", "煤", 25.0)
    tables = {"t": {"coal": old}}
    lib = FactorLibrary([], tables, [], "v")
    assert lib.fuel_or_none("coal", "t").ncv == 20.0  # builds the index
    tables["t"]["coal"] = new  # the caller's dict changes after the library was made
    tables["t"]["lignite"] = _fuel("lignite", "Lignite", "褐煤", 12.0)
    # the library keeps its own copy: index and table listing still agree with each other
    assert lib.fuel_or_none("coal", "t").ncv == 20.0
    assert [fp.ncv for fp in lib.fuels("t")] == [20.0]
    assert lib.fuel_or_none("lignite", "t") is None
    # a library made from the changed tables answers from them
    lib2 = FactorLibrary([], tables, [], "v")
    assert lib2.fuel_or_none("coal", "t").ncv == 25.0
    assert lib2.fuel_or_none("褐煤", "t").ncv == 12.0
    with pytest.raises(TypeError):
        lib2._fuel_table("t")["coal"] = old  # read-only
