"""The figure jobs are handed over before the last tables are built (chain/outputs.py): the
callback gets exactly the tables the figures draw from, the same objects the run then writes."""

from __future__ import annotations

from alcarbon.chain.outputs import analyse


def test_figure_tables_are_the_final_tables(case):
    seen = {}

    def early(result, tables):
        seen.update(tables)
        seen["_result"] = result

    an = analyse(case, figure_tables=early)
    assert set(seen) == {"attributed_intensity", "national_series", "ranking", "lmdi", "_result"}
    assert seen["_result"] is an.result
    for name in ("attributed_intensity", "national_series", "ranking", "lmdi"):
        assert seen[name] is an.tables[name], name
    # the order of the written tables is unchanged: lmdi last, after the 11 others
    assert list(an.tables)[-1] == "lmdi" and len(an.tables) == 12


def test_single_year_has_no_lmdi_for_the_figures(case):
    seen = {}
    an = analyse(case, year_from=2021, year_to=2021, figure_tables=lambda r, t: seen.update(t))
    assert "lmdi" not in seen and "lmdi" not in an.tables
