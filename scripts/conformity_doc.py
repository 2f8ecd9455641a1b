"""Write docs/conformity.md from src/alcarbon/data/compliance/shall_clauses.csv.

    python scripts/conformity_doc.py           # (re)write the page
    python scripts/conformity_doc.py --check   # exit 1 when the page is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from alcarbon.atomic import atomic_write
from alcarbon.checks.conformity import render_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "conformity.md"


def main(argv: list[str]) -> int:
    text = render_markdown()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC} is out of date: run python scripts/conformity_doc.py", file=sys.stderr)
            return 1
        return 0
    atomic_write(DOC, text.encode("utf-8"))
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
