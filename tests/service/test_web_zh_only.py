"""No English on Chinese pages: every zh page of a study holding the bundled example (home,
study with its electricity and factor sections, unit entry, results with checklist and
uncertainty, verifier view, diff) is rendered and its visible text scanned for Latin words.

Allowed: what the user typed (every string of the stored study, site and study names, user
names, file names: user data are shown as entered), ids and formulas (a word with a digit, ``_``,
``.``, ``:`` or ``/``), acronyms in capitals (GB, PDF, IPCC), units and the language switch
"English". Nothing is exempt for being marked ``lang="en"``: clause findings, engine notes and
error details are shown in Chinese (before, they were English blocks the scan skipped)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples" / "hydro_smelter_yunnan.yaml"
UNITS = {"t", "kg", "kWh", "km", "GJ", "MJ", "tkm", "min", "mV", "h", "g", "m", "r", "tC"}
DEBUG = False
NAMES = {"English", "alcarbon", "Riedhammer"}
#: ``cite``: bibliographic citations of the factor library, shown as published (document titles)
SKIP = {"script", "style", "code", "datalist", "template", "title", "cite"}
SYMBOLS = {"Ec", "Er"}  # GB/T 44905 7.3.2 b): emissions of calcination / of the other processes
VOID = {"input", "br", "meta", "link", "img", "hr", "option"}
#: an ASCII , : ; ( touching a Chinese character (the report's test uses the same pattern)
_ASCII_MARK = re.compile(r"[\u4e00-\u9fff][,:;(]|[,:;(][\u4e00-\u9fff]")


class _Text(HTMLParser):
    """Visible text and placeholders, without SKIP elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []
        self.parts: list[str] = []
        #: the parts outside form text and values shown as stored (textarea, translate="no")
        self.set_parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip, _v in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in VOID:
            if not self._skipping() and a.get("placeholder"):
                self.parts.append(a["placeholder"])
            if tag != "option":
                return
        self.stack.append((tag, tag in SKIP, tag == "textarea" or a.get("translate") == "no"))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.parts.append(data)
            if not any(v for _, _s, v in self.stack):
                self.set_parts.append(data)


def _strings(obj) -> set[str]:
    if isinstance(obj, dict):
        return {s for v in obj.values() for s in _strings(v)} | {str(k) for k in obj}
    if isinstance(obj, list):
        return {s for v in obj for s in _strings(v)}
    return {str(obj)} if isinstance(obj, str) else set()


def _english(text: str, user: set[str]) -> list[str]:
    for s in sorted(user, key=len, reverse=True):  # whole tokens only, never part of an id
        if len(s) > 1 and s in text:
            text = re.sub(rf"(?<![\w.:/\[\]-]){re.escape(s)}(?![\w.:/\[\]-])", " ", text)
    bad = []
    for word in re.findall(r"[A-Za-z][A-Za-z0-9_.:/\-+()\[\]]*", text):
        w = word.strip(".:()-+/[]")
        if (not w or any(c.isdigit() or c in "_.:/" for c in w) or w.isupper()
                or len(w) == 1 or w in UNITS or w in NAMES or w in SYMBOLS):
            continue
        bad.append(w)
    return bad


@pytest.fixture
def example_study(client, ids):
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} not present")
    sid = ids["a_study"]
    up = client.post(f"/api/studies/{sid}/upload", headers={"Authorization":
                                                             f"Bearer {ids['a_admin']}"},
                     files={"file": (EXAMPLE.name, EXAMPLE.read_bytes(), "application/yaml")},
                     data={"base_revision": "1", "reason": "示例数据"})
    assert up.status_code == 201, up.text
    return sid


def test_zh_pages_have_no_english(client, ids, login, example_study):
    csrf = login(client, "a_admin")
    sid = example_study
    data = client.get(f"/api/studies/{sid}/revisions/2",
                      headers={"Authorization": f"Bearer {ids['a_admin']}"}).json()["study"]
    old = client.get(f"/api/studies/{sid}/revisions/1",
                     headers={"Authorization": f"Bearer {ids['a_admin']}"}).json()["study"]
    user = _strings(data) | _strings(old) | {"a 2024", "a site2 2024", "a-plant-1", "a-plant-2",
                                             "Yunnan", "Shandong", "a_admin", EXAMPLE.name}
    pages = {"home": "/", "study": f"/studies/{sid}", "results": f"/studies/{sid}/results",
             "verify": f"/studies/{sid}/verify", "diff": f"/studies/{sid}/diff",
             **{f"unit {u['id']}": f"/studies/{sid}/units/{u['id']}" for u in data["units"]}}
    found = {}
    for name, url in pages.items():
        page = client.get(url + "?lang=zh")
        assert page.status_code == 200, (name, page.text[:500])
        if name == "results":  # the texts once shown in English are on the page, in Chinese
            assert 'id="calc-notes"' in page.text and 'class="muted small finding"' in page.text
            assert "需核查机构确认" in page.text  # reason_zh of a 'manual' clause
        parser = _Text()
        parser.feed(page.text)
        # Chinese marks in Chinese text (service/web/zh_html.py), form fields and code aside
        marks = [p for p in parser.set_parts if _ASCII_MARK.search(p)]
        if marks:
            found[f"{name}: ASCII marks"] = marks[:5]
        bad = _english(" ".join(parser.parts), user)
        if bad:
            found[name] = sorted(set(bad))
            if DEBUG:
                text = " ".join(parser.parts)
                for w in sorted(set(bad)):
                    i = text.find(w)
                    print(name, w, "::", text[max(0, i - 60):i + 60].replace("\n", " "))
    # the uncertainty fragment the results page puts in place
    mc = client.post(f"/studies/{sid}/uncertainty?lang=zh",
                     data={"csrf_token": csrf, "rev": "2", "iterations": "500"})
    assert mc.status_code == 200 and "95% 区间" in mc.text
    parser = _Text()
    parser.feed(mc.text)
    if DEBUG:
        print("MC", " ".join(parser.parts)[:3000])
    if bad := _english(" ".join(parser.parts), user):
        found["uncertainty"] = sorted(set(bad))
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_failed_calculation_in_chinese(client, ids, login, store):
    """A study naming a factor nobody supplies: the zh results page says so in Chinese (the
    datum and factor id, ids only) with a link to the English details; the en page keeps the
    English text of the engine."""
    import copy
    from datetime import date

    from alcarbon.store import studies
    from alcarbon.store.models import User

    from .conftest import SMALL_STUDY

    data = copy.deepcopy(SMALL_STUDY)
    data["units"][0]["inputs"].append({"flow": "alumina", "amount": 193, "unit": "t",
                                       "factor": "supplier.nobody_2024"})
    db, _ = store
    with db.write() as s:
        site = studies.get_site(s, ids["a_org"], ids["a_site1"])
        sid = studies.create_study(s, site, "missing", "liquid_aluminium", date(2024, 1, 1),
                                   date(2024, 12, 31), s.get(User, ids["a_admin_id"]), data).id
    login(client, "a_admin")
    zh = client.get(f"/studies/{sid}/results?lang=zh")
    assert zh.status_code == 200 and 'id="calc-error"' in zh.text
    parser = _Text()
    parser.feed(zh.text)
    text = " ".join(parser.parts)
    # the row as the unit sheet names it (铝电解生产, 氧化铝 with its id) and the factor id
    assert "铝电解生产：氧化铝（alumina）：缺少因子 supplier.nobody_2024" in text
    assert _english(text, {"missing", "a-plant-1", "a_admin", "alumina"}) == []  # user data
    en = client.get(f"/studies/{sid}/results?lang=en")
    assert "no packaged default" in en.text
