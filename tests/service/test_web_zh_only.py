"""No English on Chinese pages: every zh page of a study holding the bundled example (home,
study with its electricity and factor sections, unit entry, results with checklist and
uncertainty, verifier view, diff) is rendered and its visible text scanned for Latin words.

Allowed: what the user typed (every string of the stored study, site and study names, user
names, file names: user data are shown as entered), ids and formulas (a word with a digit, ``_``,
``.``, ``:`` or ``/``), acronyms in capitals (GB, PDF, IPCC), units, the language switch
"English", and text the calculation gives only in English, which the page marks ``lang="en"``
under a Chinese heading."""

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


class _Text(HTMLParser):
    """Visible text and placeholders, without elements marked lang="en" and without SKIP."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in VOID:
            if not self._skipping() and a.get("placeholder"):
                self.parts.append(a["placeholder"])
            if tag != "option":
                return
        self.stack.append((tag, tag in SKIP or a.get("lang") == "en"))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.parts.append(data)


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
        parser = _Text()
        parser.feed(page.text)
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
