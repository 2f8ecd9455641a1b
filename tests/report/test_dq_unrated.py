"""Report DQ tables: an unrated Table 2 indicator is shown as 未评级 / not rated, never 好.

Study: 1000 t liquid aluminium from 9.9e6 kWh of direct-line power (rated good x5), the product
output carries only a source (nothing rated), and 0.1 t measured CF4 with nothing rated. The DQ
rows of the report (6.3 Table 2) are the input, the product and the emission: 3 rows, per
criterion 1 good and 2 not rated.
"""

from __future__ import annotations

import pytest

from alcarbon.inventory.model import Study
from alcarbon.report import api
from alcarbon.report.model import Table

GOOD = {c: "good" for c in ("technology", "time", "geography", "reliability", "completeness")}


@pytest.fixture(scope="module")
def computed():
    s = Study.model_validate({
        "title": "tiny", "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["liquid_aluminium"],
        "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                              "basis": "life_cycle", "source": "supplier"}}},
        "units": [{"id": "electrolysis", "location": "云南", "inputs": [
            {"flow": "electricity", "amount": 9_900_000.0, "unit": "kWh", "kind": "electricity",
             "supply": "line", "dq": {**GOOD, "source": "meter", "primary": True}}],
            "outputs": [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t",
                         "dq": {"source": "records"}},
                        {"flow": "cf4", "amount": 0.1, "unit": "t", "kind": "emission",
                         "gas": "CF4", "dq": {"source": "measured"}}]}]})
    return api.compute(s, iterations=50)


def test_summary_counts_unrated_apart(computed):
    summary = computed.facts["data_quality"]["summary"]
    assert summary["n"] == 3 and summary["primary"] == 1
    for c in GOOD:
        assert summary["counts"][c] == {"good": 1, "fair": 0, "poor": 0, "not_rated": 2}


@pytest.mark.parametrize("lang,good,unrated,poor", [("zh", "好", "未评级", "较差"),
                                                    ("en", "good", "not rated", "poor")])
def test_tables_say_not_rated(computed, lang, good, unrated, poor):
    rep = api.build(computed, lang)
    tables = {b.id: b for s in rep.walk() for b in s.blocks if isinstance(b, Table)}
    head = tables["dq-summary"].header
    assert head[1:] == [good, "一般" if lang == "zh" else "fair", poor, unrated]
    assert all(row[1:] == ["1", "0", "0", "2"] for row in tables["dq-summary"].rows)
    rows = tables["dq-rows"].rows
    assert len(rows) == 3
    assert [r[2:7] for r in rows].count([unrated] * 5) == 2
    assert [r[2:7] for r in rows].count([good] * 5) == 1
    assert not any("None" in str(cell) for r in rows for cell in r)


@pytest.mark.parametrize("lang,rated,primary,n", [("zh", "已评级数据占比/%", "初级数据占比/%",
                                                   "未评级数据项数"),
                                                  ("en", "Share of data rated /%",
                                                   "Primary-data share /%",
                                                   "Data items not rated")])
def test_headline_states_rated_and_primary_share(computed, lang, rated, primary, n):
    # CFP 9.9e6 kWh x 0.5 kg / 1000 t = 4.95 (electricity, rated good x5, says primary but is a
    # supplier declaration: secondary, 6.1) + 0.1 t CF4 x 7380 / 1000 t = 0.738 (not rated)
    # = 5.688. Rated share 4.95 / 5.688 = 87.0 %; primary 0.0 %; score (4.95 x 1 + 0.738 x 3)
    # / 5.688 = 1.26 (good); 1 of the 2 data behind the CFP not rated.
    rep = api.build(computed, lang)
    from alcarbon.report.model import KV

    kv = next(dict(b.items) for s in rep.walk() for b in s.blocks
              if isinstance(b, KV) and rated in dict(b.items))
    assert kv[rated] == "87.0" and kv[primary] == "0.0" and kv[n] == "1 / 2"
    assert any(v.startswith("1.26（" if lang == "zh" else "1.26 (") for v in kv.values())
