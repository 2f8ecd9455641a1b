"""The faster output paths give the files of the plain ones: figures drawn in workers, the
tight box cut from one Agg draw, the workbook written straight with xlsxwriter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image

from alcarbon.chain.figsave import place_in_canvas, save_png_svg, tight_pixel_box
from alcarbon.chain.outputs import run
from alcarbon.chain.parallel import FigureWorkers, fork_available
from alcarbon.chain.xlsx import write_workbook
from alcarbon.errors import InputError


class _Box:
    def __init__(self, x0, y0, x1, y1):
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1


def test_tight_pixel_box_rounds_outward():
    # 150 dpi: 0.41 in = 61.5 px -> 61; 0.1 in = 15 px exactly (not 16); 2.003 in = 300.45 ->
    # 301; 1.2 in = 180 px exactly
    assert tight_pixel_box(_Box(0.41, 0.1, 2.003, 1.2), 150) == (61, 15, 301, 180)
    # a box past the bottom-left edge stays negative (floor): -0.05 in = -7.5 px -> -8
    assert tight_pixel_box(_Box(-0.05, -0.05, 1.0, 1.0), 150)[:2] == (-8, -8)


def test_place_in_canvas_by_hand():
    # image 100 wide x 50 high (row 0 at the top); box x 10..90, y 5..45 (y up from the
    # bottom) -> rows 50-45 = 5 .. 50-5 = 45, columns 10..90, no margin outside
    rows, cols, margins = place_in_canvas((10, 5, 90, 45), (12, 7, 88, 43), 100, 50)
    assert (rows, cols, margins) == (slice(5, 45), slice(10, 90), (0, 0, 0, 0))
    # the padded box 7 px below the bottom edge, the drawing itself inside: rows 50-45 .. 50,
    # and 7 rows of background added below
    rows, cols, margins = place_in_canvas((10, -7, 90, 45), (12, 8, 88, 43), 100, 50)
    assert (rows, cols, margins) == (slice(5, 50), slice(10, 90), (0, 7, 0, 0))
    # drawn content outside the canvas was never rasterised: no cut, draw again
    assert place_in_canvas((10, -36, 90, 45), (12, -21, 88, 43), 100, 50) is None


def test_png_cut_matches_savefig_tight(tmp_path):
    # the cut PNG shows the same pixels as matplotlib's own bbox_inches="tight" at the same box
    from matplotlib.transforms import Bbox

    from alcarbon.plotting import setup

    plt = setup()

    def figure():
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.bar([2012, 2013], [1.0, 2.0])
        ax.set_xlabel("年份 year")
        ax.set_title("标题 title")
        return fig

    save_png_svg(figure(), tmp_path / "cut")
    fig = figure()
    fig.set_dpi(150)
    fig.canvas.draw()
    tight = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)
    box = Bbox.from_extents(*(v / 150 for v in tight_pixel_box(tight, 150)))
    fig.savefig(tmp_path / "ref.png", dpi=150, bbox_inches=box)
    plt.close(fig)
    cut = np.asarray(Image.open(tmp_path / "cut.png").convert("RGB"), dtype=int)
    ref = np.asarray(Image.open(tmp_path / "ref.png").convert("RGB"), dtype=int)
    assert cut.shape == ref.shape
    assert np.abs(cut - ref).max() <= 2  # the same raster up to rounding of the blend
    assert (tmp_path / "cut.svg").read_text("utf-8").count("年份") == 1


def test_workbook_cells_as_to_excel(tmp_path):
    df = pd.DataFrame({"a": [1.5, np.nan, np.inf, -np.inf], "b": ["x", None, "=1+1", "http://a"],
                       "c": [True, False, True, False],
                       "d": pd.array([1, None, 3, 4], dtype="Int64"),
                       "e": [2012, "s", 2.5, None]})
    write_workbook({"t" * 40: df, "u": pd.DataFrame({"year": [2012]})}, tmp_path / "w.xlsx")
    wb = load_workbook(tmp_path / "w.xlsx")
    assert wb.sheetnames == ["t" * 31, "u"]  # Excel's 31-character limit
    rows = [[c.value for c in r] for r in wb["t" * 31].iter_rows()]
    # by hand: NaN/None/NA empty, +-inf as text, formula-like and URL-like text kept as text
    assert rows == [["a", "b", "c", "d", "e"],
                    [1.5, "x", True, 1, 2012],
                    [None, None, False, None, "s"],
                    ["inf", "=1+1", True, 3, 2.5],
                    ["-inf", "http://a", False, 4, None]]
    assert wb["u"]["A2"].value == 2012


@pytest.mark.skipif(not fork_available(), reason="worker processes are forked (Linux)")
def test_figures_in_workers_same_files(tmp_path, case):
    serial = run(case, tmp_path / "serial", workers=0)
    forked = run(case, tmp_path / "forked", workers=2)
    assert [p.relative_to(tmp_path / "serial") for p in serial] == \
        [p.relative_to(tmp_path / "forked") for p in forked]
    for p in serial:
        q = tmp_path / "forked" / p.relative_to(tmp_path / "serial")
        if p.suffix in (".png", ".csv"):
            assert p.read_bytes() == q.read_bytes(), p.name
    assert not [p for p in (tmp_path / "forked").rglob(".*") if p.is_file()]  # no temp files
    assert len(serial) == 12 + 1 + 14  # 12 tables as CSV, the workbook, 7 figures x 2 formats


def _fails(where: str) -> list:
    raise InputError("cannot draw", where=where)


@pytest.mark.skipif(not fork_available(), reason="worker processes are forked (Linux)")
def test_worker_error_reaches_the_caller_typed():
    with FigureWorkers(2) as pool, pytest.raises(InputError, match="fig.png: cannot draw") as e:
        pool.submit_jobs([(_fails, ("fig.png",), {})])
        pool.files()
    assert e.value.where == "fig.png"


def _named(i: int) -> list:
    return [f"file{i}"]


def _fails_if_odd(i: int) -> list:
    if i % 2:
        raise InputError("cannot draw", where=f"fig{i}.png")
    return [f"file{i}"]


@pytest.mark.skipif(not fork_available(), reason="worker processes are forked (Linux)")
def test_pool_keeps_job_order_raises_task_errors_and_stays_usable():
    from alcarbon.drawpool import DrawPool

    jobs = [(_named, (i,), {}) for i in range(5)]
    with FigureWorkers(2) as pool:
        assert pool.parallel
        pool.submit_jobs(jobs)
        # 5 jobs over 2 workers, one at a time: the files still come back in job order
        assert pool.files() == [f"file{i}" for i in range(5)]
        # job 1 fails in a worker: the typed error (its location kept) reaches the caller
        pool.submit_jobs([(_fails_if_odd, (i,), {}) for i in range(3)])
        with pytest.raises(InputError, match="fig1.png: cannot draw"):
            pool.files()
        pool.submit_jobs(jobs[:2])  # and the workers still draw afterwards
        assert pool.files() == ["file0", "file1"]
    with DrawPool(None, 0) as serial:  # no workers: the same results, drawn here
        assert not serial.parallel
        assert serial.map(abs, [-1, 2, -3]) == [1, 2, 3]


def test_fixed_title_place_draws_the_same_pixels(case, monkeypatch):
    # chain/figures._title gives set_title y=1.0, so matplotlib skips its search for top-side tick
    # labels; with none in these figures, its automatic place is y=1.0 as well. Every figure is
    # built twice, with _title and with a plain set_title (matplotlib's own placement), and drawn.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from alcarbon.chain import figures
    from alcarbon.chain.outputs import analyse

    t = analyse(case).tables

    def drawn() -> list[np.ndarray]:
        figs: list = []
        monkeypatch.setattr(figures, "savefig", lambda fig, path: figs.append(fig) or [])
        for fn, args, kw in figures.figure_jobs(t["national_series"], t["ranking"],
                                                t["attributed_intensity"], t.get("lmdi"),
                                                case / "unused", synthetic=True):
            fn(*args, **kw)
        import matplotlib.pyplot as plt

        out = []
        for fig in figs:
            canvas = FigureCanvasAgg(fig)
            canvas.draw()
            out.append(np.asarray(canvas.buffer_rgba()).copy())
            plt.close(fig)
        return out

    fixed = drawn()
    monkeypatch.setattr(figures, "_title", lambda ax, text: ax.set_title(text))
    placed = drawn()
    assert len(fixed) == len(placed) == 7
    for i, (a, b) in enumerate(zip(fixed, placed, strict=True)):
        assert np.array_equal(a, b), i
