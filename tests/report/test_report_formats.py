"""HTML sections, XLSX totals vs JSON, zh and en carry the same numbers (bundled example)."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from alcarbon.report import api

EXAMPLE = Path(__file__).parents[2] / "examples" / "coal_captive_smelter.yaml"
#: section ids and the clause-10 items / Appendix E sections they carry
REQUIRED = {
    "general": "10 a", "producer": "E 一.1", "product": "10 c 1", "method": "10 a 3",
    "purpose": "10 b", "scope": "10 c", "declared-unit": "10 c 2", "boundary": "10 c 3",
    "cutoff": "10 c 4", "period": "E 三.4", "stages-desc": "10 c 5", "inventory": "10 d",
    "data-sources": "10 d 1", "allocation": "10 d 4", "ghg-list": "10 d 3",
    "table-e1": "10 d 2", "data-quality": "10 d 5", "impact": "10 e",
    "impact-method": "10 e 1-2", "cfp-calc": "10 e 3", "result": "10 f", "table-e2": "E.2",
    "significant": "9.1 a", "conclusions": "10 f 1", "sensitivity-uncertainty": "10 f 2",
    "sensitivity": "10 f 2", "uncertainty": "10 f 2", "electricity": "10 f 3",
    "disclosure": "10 f 4", "improvement": "E 六.3", "references": "10 g",
    "reproducibility": "issue 4.5",
}
FIGURES = ("fig-boundary", "fig-stages", "fig-sankey")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: dict[str, str] = {}
        self.tables: dict[str, list[str]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "table" and "id" in a:
            self._table = a["id"]
            self.tables[self._table] = []
        if tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table:
            self.tables[self._table].append("".join(self._cell).strip())
            self._cell = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def computed():
    from alcarbon.inventory import load_study

    return api.compute(load_study(EXAMPLE))


@pytest.fixture(scope="module")
def parsed(computed):
    out = {}
    for lang in ("zh", "en"):
        p = _Collect()
        p.feed(api.render(computed, "html", lang).decode("utf-8"))
        out[lang] = p
    return out


def test_html_has_every_required_section(parsed):
    for lang in ("zh", "en"):
        ids = parsed[lang].ids
        missing = [k for k in REQUIRED if ids.get(k) not in ("section", "table")]
        assert not missing, (lang, missing)
        for fig in FIGURES:
            assert ids.get(fig) == "figure", (lang, fig)


def test_html_tables_show_the_totals(parsed, computed):
    cfp = computed.facts["result"]["cfp"]
    for lang in ("zh", "en"):
        e2 = parsed[lang].tables["table-e2"]
        e1 = parsed[lang].tables["table-e1"]
        assert f"{cfp:,.4f}" in e2 and f"{cfp:,.4f}" in e1


_NUM = re.compile(r"^-?[\d,]+\.\d+$")


def _numbers(cells):
    return [c for c in cells if _NUM.match(c)]


def test_zh_and_en_carry_the_same_numbers(parsed):
    zh, en = parsed["zh"].tables, parsed["en"].tables
    assert zh.keys() == en.keys()
    for tid in zh:
        assert _numbers(zh[tid]) == _numbers(en[tid]), tid


def test_levers_are_computed_for_the_example(computed):
    rows = {r["id"]: r for r in computed.facts["levers"]}
    assert all(rows[k]["applicable"] for k in ("hydro_share", "captive_to_grid",
                                                "anode_effect", "net_anode", "alumina_supplier"))
    for r in rows.values():  # a saving is the CFP difference
        assert r["saving"] == pytest.approx(computed.facts["result"]["cfp"] - r["cfp_after"],
                                            abs=2e-6)


def test_xlsx_totals_equal_json(computed):
    from openpyxl import load_workbook

    data = json.loads(api.render(computed, "json"))
    wb = load_workbook(io.BytesIO(api.render(computed, "xlsx", "zh")))
    summary = {r[0]: r[1] for r in wb["summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["cfp"] == data["result"]["cfp"]
    assert summary["cfp_market_based"] == data["result"]["cfp_market_based"]
    assert summary["inputs_sha256"] == data["reproducibility"]["inputs_sha256"]
    e2 = list(wb["E.2"].iter_rows(values_only=True))
    assert e2[-1][1] == data["result"]["cfp"]
    assert sum(r[1] for r in e2[1:-1]) == pytest.approx(data["result"]["cfp"], abs=1e-5)
    e1 = list(wb["E.1"].iter_rows(values_only=True))
    assert sum(r[8] for r in e1[1:]) == pytest.approx(data["result"]["cfp"], abs=1e-5)


def test_missing_analysis_is_stated_not_invented(computed):
    from alcarbon.report import analyses

    html = api.render(computed, "html", "en").decode("utf-8")
    if not analyses.available()["checks"]:
        assert "alcarbon.checks) is not available" in html
    else:  # the checks layer's findings, 'shall' checklist and cut-off statement are shown
        assert 'id="findings"' in html and 'id="compliance"' in html
        # the finding once, after the report's own statement of the rule (not the checks'
        # rule again)
        cut = computed.facts["checks"]["cutoff"]
        assert cut["finding"][1] in html and cut["text"][1] not in html
        assert cut["text"][1].endswith(cut["finding"][1])
        assert "Cut-off criteria (GB/T 44905-2024 5.3.4, 7.4)" not in html  # the checks' rule
    if analyses.available()["uncertainty"]:
        assert 'id="fig-tornado"' in html and 'id="fig-mc"' in html
