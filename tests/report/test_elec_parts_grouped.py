"""The electricity parts table (7.1.5) names each result once: the hydro example has three supply
parts on each basis (direct hydro line, contract, grid: examples/hydro_smelter_yunnan.yaml), so
"GB/T 44905 结果" and "基于位置（对比）" each head a group of three rows."""

from alcarbon.report import api
from alcarbon.report.render_typst import to_typst


def test_elec_parts_show_each_result_once(examples_computed):
    rep = api.build(examples_computed["hydro_smelter_yunnan"], "zh")
    (tab,) = [b for s in rep.walk() for b in s.blocks if getattr(b, "id", "") == "elec-parts"]
    assert [r[0] for r in tab.rows] == ["GB/T 44905 结果"] * 3 + ["基于位置（对比）"] * 3
    src = to_typst(rep)
    part = src[src.index('"电力处理'):]
    # each group name once, bold, as the first cell of its group's first row
    assert part.count('text(weight: "bold", fill: blue, "GB/T 44905 结果")') == 1
    assert part.count('text(weight: "bold", fill: blue, "基于位置（对比）")') == 1
