"""The electricity parts table (7.1.5) names each result once, as a row across the table: the
hydro example has three supply parts on each basis (direct hydro line, contract, grid:
examples/hydro_smelter_yunnan.yaml), so "GB/T 44905 结果" and "基于位置（对比）" each head a group
of three rows, and the nine-column table prints eight columns (the item column gives its width
back). The rows keep the item as data (the xlsx report's sheet of this table)."""

import re

from alcarbon.report import api
from alcarbon.report.render_html import render_html
from alcarbon.report.render_typst import to_typst


def _report(examples_computed):
    return api.build(examples_computed["hydro_smelter_yunnan"], "zh")


def test_elec_parts_rows_keep_the_result_they_belong_to(examples_computed):
    rep = _report(examples_computed)
    (tab,) = [b for b in rep.tables() if b.id == "elec-parts"]
    assert [r[0] for r in tab.rows] == ["GB/T 44905 结果"] * 3 + ["基于位置（对比）"] * 3
    assert len(tab.header) == 9


def test_typst_prints_each_result_once_above_its_eight_columns(examples_computed):
    """In the PDF each result's rows are a table of their own under the result's name, a block
    that sticks to its table (the name never ends a page alone); both tables have the same eight
    columns."""
    src = to_typst(_report(examples_computed))
    names = ("GB/T 44905 结果", "基于位置（对比）")
    starts = [src.index(f'block(sticky: true, above: 0.7em, below: 0.35em, text(weight: "bold", '
                        f'fill: blue, "{n}"))') for n in names]
    end = src.index("})", starts[1])
    cols = re.findall(r"table\(columns: \(([^)]*)\)", src[starts[0]:end])
    assert len(cols) == 2 and cols[0] == cols[1] and len(cols[0].rstrip(",").split(",")) == 8
    for n in names:
        assert src[starts[0]:end].count(f'"{n}"') == 1  # never again as a cell of a row


def test_html_prints_each_result_once_across_eight_columns(examples_computed):
    html = render_html(_report(examples_computed))
    table = re.search(r'<table class="data" id="elec-parts">.*?</table>', html, re.S).group(0)
    assert table.count("<th>") == 8
    assert table.count('<tr class="group-row"><td colspan="8" class="grp">') == 2
    # each name once as a cell ("基于位置（对比）：..." remarks are other text)
    assert table.count(">GB/T 44905 结果<") == 1 and table.count(">基于位置（对比）<") == 1
    # a data row has eight cells, the numeric ones (factor, kWh, t CO2e) right-aligned
    body = table[table.index("<tbody>"):]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert len(rows) == 6 and all(r.count("<td") == 8 for r in rows)
    assert all(r.count('class="num"') == 3 for r in rows)


def test_en_supply_names_keep_a_space_before_the_region(examples_computed):
    """The hydro example's grid and contract supplies are in Yunnan, its direct line has no
    region: "grid (Yunnan)", not "grid(Yunnan)" (zh sets the bracket full-width instead)."""
    rep = api.build(examples_computed["hydro_smelter_yunnan"], "en")
    (tab,) = [b for b in rep.tables() if b.id == "elec-parts"]
    supplies = {r[1] for r in tab.rows}
    assert supplies == {"grid (Yunnan)", "direct line",
                        "contractual instrument (certificate/PPA) (Yunnan)"}
    zh = {r[1] for b in _report(examples_computed).tables() if b.id == "elec-parts"
          for r in b.rows}
    assert "电网购电（云南）" in zh
