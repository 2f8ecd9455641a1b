"""Helpers of the web-form tests: what a browser would submit from a rendered page."""

from __future__ import annotations

import html as _html
import re


def form_values(html: str, form_id: str | None = None) -> dict[str, str]:
    """Text inputs, text areas, selected options and checked boxes of one form (by id) or the
    whole page; inputs tied to a form by ``form="..."`` count for that form. Multiple selects:
    first option selected only (enough for these tests)."""
    if form_id:
        m = re.search(rf'<form[^>]*id="{re.escape(form_id)}".*?</form>', html, re.S)
        html = m.group(0)
    form = dict(re.findall(r'<input[^>]*name="([^"]+)" value="([^"]*)"', html))
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        options = re.findall(r"<option([^>]*)>([^<]*)<", body)
        attrs, text = next((o for o in options if "selected" in o[0]), options[0])
        value = re.search(r'value="([^"]*)"', attrs)
        form[name] = value.group(1) if value else text
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        form[name] = _html.unescape(text)
    for name in re.findall(r'type="checkbox" name="([^"]+)" checked', html):
        form[name] = "on"
    return form


def message(html: str, name: str) -> str:
    """The inline server message shown next to the field ``name``."""
    m = re.search(rf'data-for="{re.escape(name)}">([^<]+)<', html)
    assert m, f"no message for {name}"
    return _html.unescape(m.group(1))


def revision_count(client, study_id: int, headers: dict) -> int:
    return len(client.get(f"/api/studies/{study_id}/revisions", headers=headers).json())
