"""Benchmark: full PDF report of the bundled example (issue 4 target: under 10 s).

Run: .venv/bin/python bench/bench_report.py [study.yaml] [--lang zh|en]
Prints the wall time of each step (load, compute incl. levers, checks and Monte Carlo, figures and
content, HTML, PDF) and the total, for a cold process (imports included) and a warm second run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(study_path: Path, lang: str) -> dict[str, float]:
    from alcarbon.inventory import load_study
    from alcarbon.report import api
    from alcarbon.report.render_html import render_html, render_pdf

    t = {}
    t0 = time.perf_counter()
    s = load_study(study_path)
    t["load"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    computed = api.compute(s)
    t["compute (engine, levers, analyses)"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    report = api.build(computed, lang)
    t["figures + content"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    html = render_html(report)
    t["html"] = time.perf_counter() - t3
    t4 = time.perf_counter()
    pdf = render_pdf(report, html)
    t["pdf (weasyprint)"] = time.perf_counter() - t4
    out = Path("/tmp") / f"bench_report_{lang}.pdf"
    api.write_atomic(out, pdf)
    t["total"] = time.perf_counter() - t0
    t["_bytes"] = len(pdf)
    return t


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    lang = "en" if "--lang" in sys.argv and sys.argv[sys.argv.index("--lang") + 1] == "en" \
        else "zh"
    study = Path(args[0]) if args and args[0] not in ("zh", "en") else \
        ROOT / "examples" / "coal_captive_smelter.yaml"
    t_import = time.perf_counter()
    import alcarbon.report.api  # noqa: F401

    print(f"study: {study.name}, language {lang}")
    print(f"import alcarbon.report.api: {time.perf_counter() - t_import:.2f} s")
    for label in ("cold", "warm"):
        t = run(study, lang)
        print(f"-- {label} run: PDF {t.pop('_bytes') / 1024:.0f} KiB")
        for k, v in t.items():
            print(f"   {k:<38} {v:6.2f} s")
    print("target: full PDF report under 10 s")


if __name__ == "__main__":
    main()
