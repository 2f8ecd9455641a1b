"""Figures drawn by worker processes: identical to the caller's own drawing, nothing carried
between studies, errors surface, workers end with the block; Typst figures keep text as text."""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path

import psutil
import pytest

from alcarbon.errors import InputError
from alcarbon.report import api, charts
from alcarbon.report.figure_pool import FigurePool, default_workers
from alcarbon.report.figures import build_figures, names
from alcarbon.report.localise import localise


def _facts(examples_computed, ex, lang):
    c = examples_computed[ex]
    return localise(c.facts, lang), c.mc_samples


def test_pool_figures_equal_the_callers_own_for_two_studies_in_turn(examples_computed):
    """One pool draws coal (zh), hydro (en), then coal again; each set is byte-identical to the
    figures drawn in this process, so no state of one study reaches the next one's figures."""
    cases = [("coal_captive_smelter", "zh"), ("hydro_smelter_yunnan", "en"),
             ("coal_captive_smelter", "zh")]
    with FigurePool(2) as pool:
        assert pool.workers == 2
        with charts.svg_text():
            drawn = [pool.build_figures(f, lang, mc) for f, mc, lang in
                     ((*_facts(examples_computed, ex, lang), lang) for ex, lang in cases)]
    for (ex, lang), got in zip(cases, drawn, strict=True):
        f, mc = _facts(examples_computed, ex, lang)
        with charts.svg_text():
            want = build_figures(f, lang, mc)
        assert list(got) == list(want) == names(f, mc)
        # the five figures of Appendix E: boundary, stages, Sankey, tornado, Monte Carlo
        assert list(got) == ["boundary", "stages", "sankey", "tornado", "mc"]
        assert got == want
    # the two studies' figures differ (a pool returning one study's figures twice would fail)
    assert drawn[0]["stages"] != drawn[1]["stages"]


def test_pool_follows_the_callers_png_setting(examples_computed):
    """Inside charts.raster(dpi) the workers draw PNG <img> markup too, identical to the
    caller's own at that resolution."""
    f, mc = _facts(examples_computed, "hydro_smelter_yunnan", "zh")
    with FigurePool(2) as pool, charts.raster(60):
        got = pool.build_figures(f, "zh", mc)
    with charts.raster(60):
        want = build_figures(f, "zh", mc)
    assert all(v.startswith("<img") for v in got.values())
    assert got == want


def test_worker_error_reaches_the_caller_and_workers_end(examples_computed):
    f, mc = _facts(examples_computed, "coal_captive_smelter", "en")
    broken = copy.deepcopy(f)
    del broken["system"]  # the boundary diagram cannot be drawn without the product system
    with FigurePool(2) as pool:
        with pytest.raises(KeyError, match="system"):
            pool.build_figures(broken, "en", mc)
        # the server and its two workers are still there, and still draw
        server = psutil.Process(pool._proc.pid)
        procs = [server, *server.children()]
        assert len(procs) == 3 and all(p.is_running() for p in procs)
        assert pool.build_figures(f, "en", mc) == build_figures(f, "en", mc)
    gone, alive = psutil.wait_procs(procs, timeout=5)
    assert not alive and pool._proc is None


def test_no_workers_draws_in_this_process(examples_computed, monkeypatch):
    f, mc = _facts(examples_computed, "coal_captive_smelter", "en")
    with FigurePool(0) as pool:
        assert pool._proc is None
        got = pool.build_figures(f, "en", mc)
    assert got == build_figures(f, "en", mc)
    monkeypatch.setenv("ALCARBON_FIGURE_WORKERS", "0")
    assert default_workers() == 0
    monkeypatch.setenv("ALCARBON_FIGURE_WORKERS", "3")
    assert default_workers() == 3
    for bad in ("two", "-1", "99"):
        monkeypatch.setenv("ALCARBON_FIGURE_WORKERS", bad)
        with pytest.raises(InputError, match="ALCARBON_FIGURE_WORKERS"):
            default_workers()
    monkeypatch.delenv("ALCARBON_FIGURE_WORKERS")
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("os.getloadavg", lambda: (1.9, 0.0, 0.0))
    assert default_workers() == 2
    monkeypatch.setattr("os.getloadavg", lambda: (2.0, 0.0, 0.0))  # both cores busy
    assert default_workers() == 0
    monkeypatch.setattr("os.getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert default_workers() == 0
    monkeypatch.setattr("sys.platform", "darwin")  # no fork there: draw in the caller
    assert default_workers() == 0


def _bars() -> str:
    return charts.stage_bars(["Alpha-unit", "Beta-unit"], [1.0, 2.0], [1.5, 0.5],
                             ("declared", "location"), "t CO2e/t")


def test_svg_text_keeps_labels_as_text_in_the_typst_pdf(tmp_path):
    """Default SVG: labels are glyph outlines (no <text>); inside svg_text they are <text> in
    the report font, and the Typst PDF then holds them as extractable text in the embedded
    fonts only."""
    from alcarbon.report.model import Figure, Report, Section
    from alcarbon.report.render_typst import render_pdf_typst

    outlined = _bars()
    assert not re.search(r"<text[ >]", outlined)  # glyph outlines only
    with charts.svg_text():
        svg = _bars()
    assert "Alpha-unit" in svg and "WenQuanYi Micro Hei" in svg
    # runs of spaces in a label (the Sankey's "name  value") are kept, not collapsed
    assert svg.startswith('<svg xml:space="preserve" ')
    assert re.search(r"<text[ >]", svg) and not re.search(r"<text[ >]", _bars())  # scoped
    rep = Report(lang="en", title="T", subtitle="S", cover=[("k", "v")], illustrative=False,
                 sections=[Section("result", "Result", blocks=[Figure("F", "cap", svg)])],
                 totals={}, facts={"reproducibility": {"alcarbon_version": "x",
                                                        "gwp_set": "AR6"}})
    pdf = tmp_path / "f.pdf"
    api.write_atomic(pdf, render_pdf_typst(rep))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "Alpha-unit" in text and "Beta-unit" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and all(("WenQuanYi" in ln or "DejaVu" in ln) and ln.split()[-5] == "yes"
                         for ln in fonts), fonts


def test_no_process_to_spare_draws_in_this_process(examples_computed, monkeypatch):
    """A fork refused by the system (ulimit, memory) is not an error: the figures are drawn in
    the calling process."""
    import multiprocessing.process

    def refuse(self):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    f, mc = _facts(examples_computed, "hydro_smelter_yunnan", "en")
    with FigurePool(2) as pool:
        assert pool._proc is None
        assert pool.build_figures(f, "en", mc) == build_figures(f, "en", mc)


def test_cli_bad_study_exits_2_and_leaves_no_process(tmp_path, monkeypatch):
    """The report command starts its figure workers before reading the study; a study that does
    not load still ends with exit 2, no file, and no process of ours left behind; a good one
    writes its PDF through the workers and leaves none either."""
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    monkeypatch.setenv("ALCARBON_FIGURE_WORKERS", "2")  # whatever the machine's load

    bad = tmp_path / "bad.yaml"
    bad.write_text("units: [unclosed\n", encoding="utf-8")
    out = tmp_path / "r.pdf"
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    r = CliRunner().invoke(app, ["report", str(bad), "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert "bad.yaml" in r.output and not out.exists()
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    gone, alive = psutil.wait_procs(left, timeout=5)
    assert not alive
    ex = str(Path(__file__).parents[2] / "examples" / "hydro_smelter_yunnan.yaml")
    r = CliRunner().invoke(app, ["report", ex, "-o", str(out), "--no-analyses", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "System boundary (cradle to gate)" in text  # Figure 1's label, drawn as text
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    gone, alive = psutil.wait_procs(left, timeout=5)
    assert not alive


def test_an_unused_pool_ends_its_server_at_once():
    """Leaving the block before any figure (a refused command) ends the server, which has no
    worker yet, without waiting for its matplotlib import."""
    with FigurePool(2) as pool:
        server = psutil.Process(pool._proc.pid)
        assert server.is_running()
    gone, alive = psutil.wait_procs([server], timeout=5)
    assert not alive and pool._proc is None
