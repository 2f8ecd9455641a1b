"""Report charts as SVG text: stage contributions, flow Sankey, sensitivity tornado, Monte Carlo.

matplotlib with the shared set-up of :mod:`alcarbon.plotting` (Agg, WenQuanYi Micro Hei for Chinese
labels). Glyphs are written as paths (``svg.fonttype = 'path'``) so the SVG renders identically in
browsers and in weasyprint, whatever fonts the reader has. Every value is t CO2e per declared unit.

Inside ``with raster(dpi):`` every chart comes out instead as an ``<img>`` holding a PNG at ``dpi``
and sized to the same width in pt as the SVG: the PDF path uses it, because weasyprint drawing the
SVG node by node (and parsing and styling its ~2,500 elements) was the largest single part of a PDF
render (bench/bench_report.py).

Inside ``with svg_text():`` the SVG keeps its labels as text naming the font (``svg.fonttype =
'none'``) instead of glyph paths: the Typst PDF uses it, since Typst draws SVG text with its own
copy of the same fonts (WenQuanYi Micro Hei, DejaVu Sans), so the PDF's figure labels are real,
selectable text and the figures a quarter of the size.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import io
from collections.abc import Iterator, Sequence
from typing import Any

PALETTE = ["#1f4e79", "#2e75b6", "#9dc3e6", "#c55a11", "#f4b183", "#548235", "#a9d18e",
           "#7f6000", "#ffd966", "#7030a0", "#b4a7d6", "#808080"]


def _plt() -> Any:
    from alcarbon.plotting import setup

    return setup()


# dots per inch of the PNG figures, or None for SVG; a context variable, so concurrent requests of
# the web service rendering HTML and PDF at once each see their own setting
_RASTER_DPI: contextvars.ContextVar[int | None] = contextvars.ContextVar("raster_dpi",
                                                                          default=None)


@contextlib.contextmanager
def raster(dpi: int) -> Iterator[None]:
    """Within the block, charts are PNG ``<img>`` elements at ``dpi`` dots per inch."""
    if not 50 <= dpi <= 1200:
        raise ValueError(f"figure resolution {dpi} dpi: expected 50 to 1200")
    token = _RASTER_DPI.set(dpi)
    try:
        yield
    finally:
        _RASTER_DPI.reset(token)


# "path" (glyphs as outlines, any reader) or "none" (text naming the font; Typst has the fonts)
_SVG_FONTTYPE: contextvars.ContextVar[str] = contextvars.ContextVar("svg_fonttype",
                                                                    default="path")


@contextlib.contextmanager
def svg_text() -> Iterator[None]:
    """Within the block, SVG labels are text in the report's fonts, not glyph outlines."""
    token = _SVG_FONTTYPE.set("none")
    try:
        yield
    finally:
        _SVG_FONTTYPE.reset(token)


# set while a Chinese report's figures are drawn: every label gets Chinese marks (zh_typeset)
_ZH_MARKS: contextvars.ContextVar[bool] = contextvars.ContextVar("zh_marks", default=False)


@contextlib.contextmanager
def chinese_marks() -> Iterator[None]:
    """Within the block, the labels of a figure are set with Chinese marks before it is written
    (:func:`alcarbon.zh_marks.typeset`), as the Chinese report's text is."""
    token = _ZH_MARKS.set(True)
    try:
        yield
    finally:
        _ZH_MARKS.reset(token)


def _set_chinese_marks(fig: Any) -> None:
    """Every label of ``fig`` with Chinese marks: its texts and legends, and tick labels given
    as words (set again as labels: the axis would otherwise write them anew at each draw)."""
    from matplotlib.text import Text

    from alcarbon.zh_marks import typeset

    for label in fig.findobj(Text):
        label.set_text(typeset(label.get_text()))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            words = [t.get_text() for t in axis.get_ticklabels()]
            if not all(w.isascii() for w in words):  # numbers stay with their formatter
                axis.set_ticklabels([typeset(w) for w in words])


def settings() -> tuple[int | None, str]:
    """The figure settings in force here (PNG dpi or None, SVG font type), for a worker."""
    return _RASTER_DPI.get(), _SVG_FONTTYPE.get()


def to_markup(fig: Any) -> str:
    """Serialise and close a figure: SVG markup (no XML header, no timestamp), or inside
    :func:`raster` an ``<img>`` with the PNG as a data URL, as wide in pt as the SVG would be."""
    import matplotlib

    plt = _plt()
    if _ZH_MARKS.get():
        _set_chinese_marks(fig)
    dpi = _RASTER_DPI.get()
    if dpi is not None:
        from PIL import Image

        raw = io.BytesIO()
        fig.savefig(raw, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
        plt.close(fig)
        raw.seek(0)
        # RGB, not matplotlib's RGBA: weasyprint re-encodes every PNG, and an alpha channel
        # twice (image and soft mask); the figures are on white anyway
        img = Image.open(raw).convert("RGB")
        out = io.BytesIO()
        img.save(out, format="PNG", compress_level=1)
        w_px, h_px = img.size
        data = base64.b64encode(out.getvalue()).decode("ascii")
        return (f'<img src="data:image/png;base64,{data}" alt="" '
                f'style="width:{w_px * 72 / dpi:.2f}pt;max-width:100%;height:auto" '
                f'width="{w_px}" height="{h_px}">')
    buf = io.StringIO()
    rc = {"svg.fonttype": _SVG_FONTTYPE.get(), "svg.hashsalt": "alcarbon"}
    with matplotlib.rc_context(rc):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    if rc["svg.fonttype"] == "none":
        # keep runs of spaces inside labels (the Sankey's "name  value"), which SVG collapses
        text = text.replace("<svg ", '<svg xml:space="preserve" ', 1)
    return text


def stage_bars(labels: Sequence[str], loc: Sequence[float], mkt: Sequence[float],
               names: tuple[str, str], unit: str) -> str:
    """Horizontal bars per stage: the declared result next to the location-based comparison
    (7.1.5); ``loc`` is the first (labelled) series, ``mkt`` the second."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.2, 0.45 * len(labels) + 1.2))
    y = list(range(len(labels)))
    h = 0.38
    ax.barh([v - h / 2 for v in y], loc, h, color=PALETTE[0], label=names[0])
    ax.barh([v + h / 2 for v in y], mkt, h, color=PALETTE[3], label=names[1])
    for yi, v in zip(y, loc, strict=True):
        ax.text(v, yi - h / 2, f" {v:.3f}", va="center", fontsize=7)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(unit, fontsize=8)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    return to_markup(fig)


def _band(ax: Any, x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float],
          color: str) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    xm = (x0 + x1) / 2
    verts = [(x0, y0[0]), (xm, y0[0]), (xm, y1[0]), (x1, y1[0]), (x1, y1[1]), (xm, y1[1]),
             (xm, y0[1]), (x0, y0[1]), (x0, y0[0])]
    codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO, Path.CURVE4,
             Path.CURVE4, Path.CURVE4, Path.CLOSEPOLY]
    ax.add_patch(PathPatch(Path(verts, codes), facecolor=color, edgecolor="none", alpha=0.45))


def sankey(columns: Sequence[Sequence[str]], links: Sequence[tuple[str, str, float]],
           title_total: str) -> str:
    """Flow Sankey: nodes in columns, bands of width proportional to positive t CO2e."""
    plt = _plt()
    links = [(a, b, v) for a, b, v in links if v > 0]
    size: dict[str, float] = {}
    for a, _b, v in links:
        size[a] = size.get(a, 0.0) + v
    for col in columns[1:]:
        for n in col:
            size[n] = max(size.get(n, 0.0), sum(v for _, b, v in links if b == n))
    fig, ax = plt.subplots(figsize=(7.6, 5.2))
    total = max(sum(size[n] for n in col) for col in columns) or 1.0
    gap = 0.012 * total
    pos: dict[str, list[float]] = {}
    xs = [i * 1.0 for i in range(len(columns))]
    colors: dict[str, str] = {}
    labels_y: dict[tuple[int, str], float] = {}
    for ci, col in enumerate(columns):
        y = 0.0
        for k, n in enumerate(col):
            pos[n] = [y, y + size.get(n, 0.0), y, y]  # span, out cursor, in cursor
            colors.setdefault(n, PALETTE[(k + 3 * ci) % len(PALETTE)])
            ax.add_patch(plt.Rectangle((xs[ci] - 0.02, y), 0.04, size.get(n, 0.0),
                                       color="#404040"))
            y += size.get(n, 0.0) + gap
    # labels at least 4.5 % of the height apart, so small nodes never overlap their neighbours
    min_gap = 0.045 * total
    for ci, col in enumerate(columns):
        last = None
        for n in col:
            want = (pos[n][0] + pos[n][1]) / 2
            at = want if last is None else max(want, last + min_gap)
            labels_y[(ci, n)] = at
            last = at
    for (ci, n), at in labels_y.items():
        ha, dx = ("right", -0.04) if ci == 0 else ("left", 0.04)
        text = f"{n}  {size.get(n, 0.0):.3f}" if ci < len(columns) - 1 else \
            f"{title_total}\n{size.get(n, 0.0):.3f}"
        mid = (pos[n][0] + pos[n][1]) / 2
        if abs(at - mid) > 1e-12:  # a leader line from the moved label to its node
            ax.plot([xs[ci] + dx * 0.5, xs[ci] + dx * 0.9], [mid, at], color="#808080", lw=0.4)
        box = None if ci == 0 else {"facecolor": "white", "alpha": 0.85, "edgecolor": "none",
                                    "pad": 0.8}
        ax.text(xs[ci] + dx, at, text, ha=ha, va="center", fontsize=7, zorder=5, bbox=box)
    bottom = max([total * 1.02] + list(labels_y.values()))
    col_of = {n: ci for ci, col in enumerate(columns) for n in col}
    for a, b, v in links:
        pa, pb = pos[a], pos[b]
        y0 = (pa[2], pa[2] + v)
        y1 = (pb[3], pb[3] + v)
        pa[2] += v
        pb[3] += v
        _band(ax, xs[col_of[a]] + 0.02, xs[col_of[b]] - 0.02, y0, y1, colors[a])
    ax.set_xlim(-0.9, xs[-1] + 0.75)
    ax.set_ylim(bottom + 0.04 * total, -0.04 * total)
    ax.axis("off")
    return to_markup(fig)


def tornado(labels: Sequence[str], base: float, low: Sequence[float], high: Sequence[float],
            unit: str, names: tuple[str, str]) -> str:
    """Tornado of one-at-a-time results: CFP at the low and high value of each parameter."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.2, 0.4 * len(labels) + 1.2))
    y = list(range(len(labels)))
    ax.barh(y, [lo - base for lo in low], left=base, color=PALETTE[1], label=names[0])
    ax.barh(y, [hi - base for hi in high], left=base, color=PALETTE[3], label=names[1])
    ax.axvline(base, color="black", lw=0.8)
    ax.set_yticks(y, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(unit, fontsize=8)
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return to_markup(fig)


def histogram(samples: Sequence[float], base: float, p_lo: float, p_hi: float, unit: str,
              names: tuple[str, str]) -> str:
    """Monte Carlo distribution with the deterministic result and the 95 % interval."""
    import numpy as np

    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.2, 3.2))
    ax.hist(np.asarray(samples, dtype=float), bins=50, color=PALETTE[1], alpha=0.85)
    ax.axvline(base, color="black", lw=1.0, label=names[0])
    for v in (p_lo, p_hi):
        ax.axvline(v, color=PALETTE[3], lw=1.0, ls="--")
    ax.plot([], [], color=PALETTE[3], ls="--", label=names[1])
    ax.set_xlabel(unit, fontsize=8)
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return to_markup(fig)
