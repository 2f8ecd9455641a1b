"""docs/conformity.md is generated from shall_clauses.csv and names tests that exist (issue 15,
'Must show')."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from alcarbon.checks import load_clauses
from alcarbon.checks.conformity import references, render_markdown, rows

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "conformity.md"
REF = re.compile(r"^(tests/[\w/]+\.py)::(test_\w+)(?:\[(\d+)\])?$")


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def test_doc_is_up_to_date_with_the_csv():
    """Fails when the CSV changed and `python scripts/conformity_doc.py` was not run."""
    assert DOC.read_text(encoding="utf-8") == render_markdown()


def test_one_doc_row_per_requirement():
    text = DOC.read_text(encoding="utf-8")
    ids = [int(m) for m in re.findall(r"^\| (\d+) \| ", text, flags=re.M)]
    assert ids == [c.id for c in load_clauses()]  # same rows, same (the standard's) order
    assert len(ids) == 49


def test_every_row_says_how_and_names_existing_tests():
    evaluable = {c.id for c in load_clauses() if c.kind == "evaluable"}
    cache: dict[Path, set[str]] = {}
    for r in rows():
        assert r["how"].strip(), r["id"]
        refs = references(r)
        assert refs, r["id"]
        for ref in refs:
            m = REF.match(ref)
            assert m, f"row {r['id']}: malformed test reference {ref!r}"
            path = ROOT / m.group(1)
            assert path.is_file(), f"row {r['id']}: no file {m.group(1)}"
            names = cache.setdefault(path, _functions(path))
            assert m.group(2) in names, f"row {r['id']}: no function {ref}"
            if m.group(3):  # the parametrised pass-then-fail case of an evaluable row
                assert m.group(2) == "test_clause_passes_then_fails"
                assert int(m.group(3)) in evaluable, ref


def test_every_evaluable_row_cites_its_own_pass_then_fail_case():
    for r in rows():
        if r["kind"] == "evaluable":
            assert f"test_clause_passes_then_fails[{r['id']}]" in r["test"], r["id"]


def test_reference_check_can_fail():
    """A reference to a function that does not exist is caught by the pattern and the lookup."""
    assert REF.match("tests/checks/test_compliance.py::test_no_such_thing")
    assert "test_no_such_thing" not in _functions(ROOT / "tests/checks/test_compliance.py")
    assert not REF.match("test_compliance::test_x")
