"""Flow names in the report: a row of Table E.1 says what it is. A transport leg of coal is not a
purchase of coal, a captive plant's coal in its consumer says so, a system-expansion credit is
not the co-product itself, and process sources carry Appendix A's names (zh and en alike)."""

from __future__ import annotations

import pytest

from alcarbon.factors import load_library
from alcarbon.report import api
from alcarbon.report.content import flow_label
from alcarbon.report.facts import _flow_names


@pytest.fixture(scope="module")
def names():
    ids = {"transport:calcined_coke", "electricity:bituminous_coal",
           "electricity:transport:bituminous_coal", "displaced:aluminium_hydroxide",
           "credit:aluminium_hydroxide", "measured:CO2", "anode_consumption", "diesel",
           "unknown_prefix:diesel", "no_such_flow"}
    return _flow_names(None, load_library(), ids)


def _facts(names):
    return {"flow_names": names, "system": {"supplies": []}}


def test_composed_ids_named_in_words(names):
    f = _facts(names)
    # catalogue names: calcined_coke 煅后焦 / Calcined petroleum coke, bituminous_coal 烟煤,
    # aluminium_hydroxide 氢氧化铝; the prefix words of alcarbon.flow_words
    assert flow_label(f, "transport:calcined_coke", "zh") == "运输（煅后焦）"
    assert flow_label(f, "transport:calcined_coke", "en") == "Transport (Calcined petroleum coke)"
    assert flow_label(f, "electricity:bituminous_coal", "zh") == "自备电力（烟煤）"
    assert flow_label(f, "electricity:transport:bituminous_coal", "zh") == \
        "自备电力（运输（烟煤））"
    assert flow_label(f, "displaced:aluminium_hydroxide", "zh") == "系统扩展替代产品（氢氧化铝）"
    assert flow_label(f, "credit:aluminium_hydroxide", "en") == \
        "System-expansion credit (Aluminium hydroxide)"
    assert flow_label(f, "measured:CO2", "zh") == "实测排放（CO2）"


def test_process_sources_by_appendix_a_and_unknowns_as_ids(names):
    f = _facts(names)
    assert flow_label(f, "anode_consumption", "zh") == "预焙阳极消耗"  # Table A.4, first row
    assert flow_label(f, "anode_consumption", "en") == "Prebaked anode consumption"
    assert flow_label(f, "diesel", "zh") == "柴油"
    # nothing names these: the id is shown, never the inner flow's name alone
    assert flow_label(f, "unknown_prefix:diesel", "zh") == "unknown_prefix:diesel"
    assert flow_label(f, "no_such_flow", "en") == "no_such_flow"
    assert "unknown_prefix:diesel" not in names and "no_such_flow" not in names


def test_table_e1_of_the_coal_example_names_transport_and_captive_lines(examples_computed):
    # coal example: bauxite mining's bituminous coal burnt by the captive plant is attributed
    # to the unit (electricity:bituminous_coal), its road leg is electricity:transport:...;
    # alumina refining buys caustic soda (烧碱) by rail (transport:caustic_soda)
    rep = api.build(examples_computed["coal_captive_smelter"], "zh")
    e1 = next(b for s in rep.sections for sub in s.walk() for b in sub.blocks
              if getattr(b, "id", None) == "table-e1")
    flows = {r[1] for r in e1.rows}
    assert {"运输（烧碱）", "烧碱", "自备电力（烟煤）", "自备电力（运输（烟煤））"} <= flows
    assert "烟煤" not in flows  # every coal row there is the captive plant's


def test_stage_descriptions_write_the_location_as_each_language_does(examples_computed):
    # the coal example's units are all in 内蒙古 / Inner Mongolia: a full-width bracket in
    # Chinese, a space and a bracket in English (was "bauxite mine(Inner Mongolia)")
    for lang, want in (("zh", "铝土矿采选（内蒙古）"), ("en", "bauxite mine (Inner Mongolia)")):
        rep = api.build(examples_computed["coal_captive_smelter"], lang)
        kv = next(b for s in rep.sections for sub in s.walk() if sub.id == "stages-desc"
                  for b in sub.blocks)
        assert want in [v for _k, v in kv.items]


def test_captive_plant_unit_named_like_the_stages():
    # a unit that supplies captive electricity is named 自备电厂 / Captive plant; in English with a
    # capital, as the stage units are (Bauxite mining and beneficiation); a unit the standard does
    # not name keeps the study's own name
    from alcarbon.report.facts import unit_names

    system = {"supplies": [{"provider": "power", "type": "captive"}],
              "units": [{"id": "cp", "products": ["power"], "name": "燃煤电厂"},
                        {"id": "electrolysis", "products": ["liquid_aluminium"], "name": "x"},
                        {"id": "boiler", "products": ["steam"], "name": "锅炉房"}]}
    got = unit_names(system)
    assert got["cp"] == ["自备电厂", "Captive plant"]
    assert got["electrolysis"][1][0].isupper()
    assert got["boiler"] == ["锅炉房", "锅炉房"]
