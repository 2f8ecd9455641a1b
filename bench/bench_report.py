"""Benchmark: the report as PDF and HTML from a cold process, both examples, zh and en.

Run: .venv/bin/python bench/bench_report.py [--reps N (default 2)] [--study coal|hydro|both]
     [--lang zh|en|both] [--variants pdf-typst,pdf-png200,...]

Each case is a fresh Python process (imports included) that loads the study, computes (engine,
checks, 2,000 Monte Carlo iterations, sensitivity, alternatives, levers), builds figures and
content, renders the file (Typst, or HTML then weasyprint) and writes it. Cases of one study and
language run interleaved, in an order rotated each repetition (bench/_timing.py). Candidates side by
side (default: pdf-typst, pdf-png200, html):

  pdf-typst   Typst compiled in-process (the `typst` package), figures as SVG (the default engine)
  pdf-png200  weasyprint, figures as PNG at 200 dpi (api.PDF_FIGURE_DPI; the weasyprint default)
  pdf-png150  weasyprint, figures as PNG at 150 dpi
  pdf-svg     weasyprint, figures as inline SVG (the path before the PNG change)
  html        the HTML report (figures stay SVG)

Prints the wall time of each whole process (median, spread, paired ratio to pdf-png200), its CPU
time (user + system, less sensitive than wall time to other load on a shared machine) and the
median wall-time split inside the process: import, load + compute, figures + content, HTML, PDF
(weasyprint or typst), write.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, interleaved, machine, row, worktree_env  # noqa: E402

# The child: one report, printing its phase times as JSON on stdout.
CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from alcarbon.inventory import load_study
from alcarbon.report import api
from alcarbon.report.render_html import render_html
study, lang, variant, out = sys.argv[1:5]
t = {"import": time.perf_counter() - t0}
t1 = time.perf_counter()
computed = api.compute(load_study(Path(study)))
t["load + compute"] = time.perf_counter() - t1
dpi = int(variant.removeprefix("pdf-png")) if variant.startswith("pdf-png") else None
t2 = time.perf_counter()
report = api.build(computed, lang, figure_dpi=dpi)
t["figures + content"] = time.perf_counter() - t2
if variant == "pdf-typst":
    from alcarbon.report.render_typst import render_pdf_typst
    t4 = time.perf_counter()
    data = render_pdf_typst(report)
    t["pdf (typst)"] = time.perf_counter() - t4
else:
    t3 = time.perf_counter()
    html = render_html(report)
    t["html"] = time.perf_counter() - t3
    data = html.encode("utf-8")
if variant not in ("html", "pdf-typst"):
    from alcarbon.report.render_html import render_pdf
    t4 = time.perf_counter()
    data = render_pdf(report, html)
    t["pdf (weasyprint)"] = time.perf_counter() - t4
t5 = time.perf_counter()
api.write_atomic(Path(out), data)
t["write"] = time.perf_counter() - t5
t["_bytes"] = len(data)
print(json.dumps(t))
"""

ALL_VARIANTS = ("pdf-typst", "pdf-png200", "pdf-png150", "pdf-svg", "html")
REF = "pdf-png200"  # ratios are to weasyprint as it was the default
STUDIES = {"coal": "coal_captive_smelter.yaml", "hydro": "hydro_smelter_yunnan.yaml"}
GOAL = 3.0  # seconds, whole process, PDF (issue 11)


def _arg(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def _case(args: list[str], env: dict[str, str],
          splits: list[dict[str, float]]) -> Callable[[], None]:
    """A cold process rendering one report; its phase times are appended to ``splits``."""
    def run() -> None:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, capture_output=True,
                           text=True)
        if p.returncode != 0:
            raise SystemExit(f"{args} failed: {p.stderr[-2000:]}")
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = json.loads(p.stdout.strip().splitlines()[-1])
        t["_cpu"] = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
        splits.append(t)
    return run


def main() -> None:
    reps = int(_arg("--reps", "2"))
    studies = list(STUDIES) if _arg("--study", "both") == "both" else [_arg("--study", "")]
    langs = ["zh", "en"] if _arg("--lang", "both") == "both" else [_arg("--lang", "")]
    variants = _arg("--variants", "pdf-typst,pdf-png200,html").split(",")
    if REF not in variants or any(v not in ALL_VARIANTS for v in variants):
        raise SystemExit(f"--variants: a comma list of {', '.join(ALL_VARIANTS)} with {REF}")
    env = worktree_env()
    print(machine())
    print(f"{reps} interleaved repetitions (cold processes, no warm-up); goal: PDF <= {GOAL:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for key in studies:
            study = str(ROOT / "examples" / STUDIES[key])
            for lang in langs:
                splits: dict[str, list[dict[str, float]]] = {v: [] for v in variants}

                cases = {v: _case([study, lang, v, str(
                    Path(tmp) / f"{key}_{lang}_{v}.{'html' if v == 'html' else 'pdf'}")],
                    env, splits[v]) for v in variants}
                times = interleaved(cases, reps, warmup=0)
                print(f"\n== {key} ({STUDIES[key]}), {lang}")
                for v in variants:
                    ref = None if v == REF else times[REF]
                    runs = splits[v]
                    size = statistics.median(s["_bytes"] for s in runs) / 1024
                    cpu = statistics.median(s["_cpu"] for s in runs)
                    print(row(f"  {v:<11} process", times[v], ref, REF) +
                          f"; CPU (user+sys) median {cpu:.2f} s; {size:.0f} KiB")
                    parts = [k for k in runs[0] if not k.startswith("_")]
                    print("    split (median): " + ", ".join(
                        f"{k} {statistics.median(s[k] for s in runs):.2f} s" for k in parts))
                engine = "pdf-typst" if "pdf-typst" in variants else REF
                best = statistics.median(times[engine])
                print(f"  goal PDF <= {GOAL:.0f} s: {'met' if best <= GOAL else 'not met'} "
                      f"({engine} median {best:.2f} s)")


if __name__ == "__main__":
    main()
