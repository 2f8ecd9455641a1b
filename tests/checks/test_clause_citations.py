"""Every GB/T 44905-2024 clause that alcarbon cites exists in the standard (issue 15 item 11:
the report cited "7.1.5.4", a clause the standard does not have).

The clause tree below is copied by hand from the standard's headings (目次 and the body): 7.1.5
has three subclauses, 7.1.5.1 内部发电, 7.1.5.2 直供电力, 7.1.5.3 电网电力.
"""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLAUSES = {
    "4", "5.1", "5.2", "5.3", "5.3.1", "5.3.2", "5.3.3", "5.3.3.1", "5.3.3.2", "5.3.3.3",
    "5.3.3.4", "5.3.3.5", "5.3.4", "6.1", "6.2", "6.3", "7.1", "7.1.1", "7.1.2", "7.1.3",
    "7.1.3.1", "7.1.3.2", "7.1.3.2.1", "7.1.3.2.2", "7.1.3.2.3", "7.1.3.2.4", "7.1.3.2.5",
    "7.1.4", "7.1.5", "7.1.5.1", "7.1.5.2", "7.1.5.3", "7.2", "7.3", "7.3.1", "7.3.2", "7.4",
    "7.5", "8.1", "8.2", "9", "9.1", "9.2", "9.3", "10",
}
# a deep citation under 5.3, 7.1 or 7.3 (e.g. "7.1.5.3"); a plain number such as 7.6 % is not one
CITE = re.compile(r"(?<![\d.])((?:5\.3|7\.1|7\.3)\.\d+(?:\.\d+)*)(?![\d])")


def _texts() -> list[Path]:
    pkg = ROOT / "src" / "alcarbon"
    out = [p for ext in ("py", "csv", "html", "md", "yaml", "js") for p in pkg.rglob(f"*.{ext}")]
    return out + sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]


def test_no_citation_of_a_missing_clause():
    bad = []
    for path in _texts():
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in CITE.finditer(text):
            if m.group(1).rstrip(".") not in CLAUSES:
                bad.append(f"{path.relative_to(ROOT)}: {m.group(1)}")
    assert bad == []
    # the pattern does find the citations it is meant to find (the test can fail)
    assert CITE.findall("GB/T 44905 7.1.5.4 and 7.1.5.3; 7.6 % less") == ["7.1.5.4", "7.1.5.3"]


def test_checklist_clauses_exist():
    text = resources.files("alcarbon").joinpath("data/compliance/shall_clauses.csv").read_text(
        encoding="utf-8")
    for r in csv.DictReader(text.splitlines()):
        assert r["clause"].split(" ")[0] in CLAUSES, r["clause"]
