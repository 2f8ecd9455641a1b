"""Report content a verifier checks: primary references, levers that apply, no empty section,
the limitations the checks found, numbered and referenced figures (content model, no PDF)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alcarbon.report import api
from alcarbon.report.model import KV, Figure, Para, Table

ROOT = Path(__file__).parents[2] / "examples"
EXAMPLES = ("coal_captive_smelter", "hydro_smelter_yunnan")


@pytest.fixture(scope="module")
def computed(examples_computed):
    return examples_computed


@pytest.fixture(scope="module")
def reports(computed):
    return {(ex, lang): api.build(c, lang) for ex, c in computed.items() for lang in ("zh", "en")}


# A primary document is a standard, the IPCC guidelines/reports, a ministry's table, the CPCD
# with its product id, or a factor the study itself supplies (its source is in the appendix).
PRIMARY = re.compile(r"GB/T \d+|IPCC|CPCD\)[::].*(产品编号|product ID) \d{5}[A-Z]\d{7}[A-Z]"
                     r"|生态环境部|Ministry of Ecology"
                     r"|研究方提供的因子|factor supplied by the study"
                     r"|化石燃料.*缺省值|Fossil-fuel .* defaults")
REPO = re.compile(r"github|commit|\.md\b|\.jsx\b|\.csv\b|\.py\b|leo21468|felix|mamhoff|"
                  r"research notes|domain-data|transcription", re.I)


@pytest.mark.parametrize("example", EXAMPLES)
def test_references_name_primary_documents(computed, reports, example):
    f = computed[example].facts
    for r in f["references"]:
        for text in (r["zh"], r["en"]):
            assert PRIMARY.search(text), text
            assert not REPO.search(text), text
    # every factor of the result is cited, except computed ones (unit:captive_power is the
    # captive plant's own unit process, not a published factor)
    used = {row["id"] for e1 in f["table_e1"] for row in e1["factors"]}
    cited = {fid for r in f["references"] for fid in r["factors"]}
    assert {u for u in used if not u.startswith("unit:")} <= cited
    # the rendered references section shows exactly these entries; repository records are
    # only in the appendix
    for lang in ("zh", "en"):
        rep = reports[(example, lang)]
        sec = next(s for s in rep.sections if s.id == "references")
        items = [v for b in sec.blocks if isinstance(b, KV) for _k, v in b.items]
        assert items == [r[lang] for r in f["references"]]
        assert not sec.sections
        app = next(s for s in rep.sections if s.id == "appendix")
        prov = next(b for s in app.walk() for b in s.blocks
                    if isinstance(b, Table) and b.id == "provenance")
        # the fuel table's transcription (GitHub code index) is traced in the appendix
        assert any("github" in row[1].lower() for row in prov.rows)


def _blocks(rep):
    return [b for s in rep.walk() for b in s.blocks]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_no_empty_section(reports, example, lang):
    rep = reports[(example, lang)]
    for s in rep.walk():
        assert s.blocks or s.sections, s.id
        for b in s.blocks:
            if isinstance(b, Para):
                assert b.text.strip() not in ("", "-"), s.id
            if isinstance(b, Table):
                assert b.rows, (s.id, b.id)


def test_supplies_table_shows_the_grid_factor(reports):
    rep = reports[("coal_captive_smelter", "zh")]
    sup = next(b for b in _blocks(rep) if isinstance(b, Table) and b.id == "supplies")
    grid = [r for r in sup.rows if r[0] == "电网购电"]
    # the coal example buys no grid kWh (all from the captive plant) but the row is there with
    # its factor: study year 2023, life-cycle basis -> the national 2023 electricity footprint
    # factor, 0.6205 kg CO2e/kWh (MEE/NBS/NEA announcement of January 2025)
    assert len(grid) == 1
    assert grid[0][4] == "0.6205" and grid[0][5] == "0.0"
    assert grid[0][1] == "内蒙古"
    captive = [r for r in sup.rows if r[0] == "自备电厂"]
    assert captive and captive[0][4] not in ("", "-")


def test_limitations_come_from_the_checks(computed, reports):
    from alcarbon.report.content_results import limitations

    f = computed["coal_captive_smelter"].facts
    lim = limitations(f, "zh")
    text = "\n".join(lim)
    # grid supply in Inner Mongolia on a life-cycle basis: only a national factor exists
    assert "全国电力碳足迹因子" in text and "内蒙古" in text
    # red mud of the refinery has no treatment factor and is not declared omitted (engine note)
    assert "赤泥" in text and "按 0 计" in text
    # fuel combustion uses the library's default fuel table, named, and says measured coal
    # properties are preferred (issue 15 item 7); CH4/N2O of combustion per IPCC 2006 (item 11)
    assert "《中国电解铝生产企业温室气体排放核算方法与报告指南(试行)》(2013)缺省值表" in text
    assert "GB/T 213" in text and "GB/T 476" in text and "优先于缺省值" in text
    assert "CH₄ 和 N₂O" in text and "表 2.2" in text
    en = "\n".join(limitations(f, "en"))
    assert "NDRC 2013 electrolytic-aluminium GHG guideline" in en and "GB/T 213" in en
    keys = {r["key"] for r in f["references"]}
    assert {"fuels", "ipcc_stationary:energy", "ipcc_stationary:manufacturing"} <= keys
    # four factors are supplied by the study itself (AlF3, calcined coke, pitch, fuel oil)
    assert "研究方提供" in text and "煅后焦" in text
    # the checklist has failed 'shall' clauses (counted independently from the facts)
    fails = sum(1 for r in f["checks"]["compliance"]["rows"] if r["status"] == "fail")
    assert fails > 0 and f"{fails} 项“应”条款不符合" in text
    assert len(limitations(f, "en")) == len(lim)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_figures_numbered_and_referenced(reports, example, lang):
    rep = reports[(example, lang)]
    word = "图" if lang == "zh" else "Figure"
    blocks = _blocks(rep)
    figs = [(k, b) for k, b in enumerate(blocks) if isinstance(b, Figure)]
    # boundary, Sankey, stages, tornado, Monte Carlo: five figures, numbered 1..5 in order
    assert len(figs) == 5
    for n, (k, b) in enumerate(figs, start=1):
        assert b.caption.startswith(f"{word} {n} "), b.caption
        # the text refers to it just before it
        ref = blocks[k - 1]
        assert isinstance(ref, Para)
        assert (f"见图 {n}" in ref.text) if lang == "zh" else (f"Figure {n} shows" in ref.text)


def test_by_gas_table_names_secondary_co2e(reports):
    rep = reports[("coal_captive_smelter", "en")]
    gas = next(b for b in _blocks(rep) if isinstance(b, Table) and b.id == "by-gas")
    names = [r[0] for r in gas.rows]
    assert "CO2e" not in names and "CO₂e from secondary factors" in names


def test_buys_alumina_gets_no_alumina_lever(rep_toy):
    from alcarbon.report.content_results import interpretation

    c = api.compute(rep_toy, analyses=False)
    f = c.facts
    # rep_toy's pots take purchased alumina (conftest): no "buy alumina" lever in the report
    sec = next(s for s in interpretation(f, {}, "zh").walk() if s.id == "improvement")
    text = " ".join(str(b) for b in sec.blocks)
    assert "氧化铝" not in text
    assert "阳极效应" in text  # the levers that do apply are there
