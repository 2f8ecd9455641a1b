"""Shared matplotlib set-up for every alcarbon figure.

``setup()`` selects the non-interactive Agg backend and a font list that renders Chinese labels
(WenQuanYi Micro Hei, Debian package ``fonts-wqy-microhei``) with DejaVu Sans as fallback, and keeps
the ASCII minus sign so negative tick labels render with the CJK font. ``savefig(fig, path)`` writes
``<path>.png`` and ``<path>.svg`` through temporary files renamed at the end, so a crash never
leaves a half-written figure.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alcarbon.atomic import atomic_path

FONTS = ["WenQuanYi Micro Hei", "DejaVu Sans"]
_CJK_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",)
_done = False


def setup() -> Any:
    """Configure matplotlib once (Agg, CJK fonts, ASCII minus) and return ``matplotlib.pyplot``."""
    global _done
    import matplotlib

    if not _done:
        matplotlib.use("Agg", force=True)
        import logging

        # A missing CJK font must not flood the log with one warning per glyph.
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        _register_cjk()
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = FONTS
        matplotlib.rcParams["axes.unicode_minus"] = False
        matplotlib.rcParams["svg.fonttype"] = "none"
        matplotlib.rcParams["figure.dpi"] = 100
        _done = True
    import matplotlib.pyplot as plt

    return plt


def _register_cjk() -> None:
    """Add the Debian WenQuanYi file when matplotlib's font cache predates its installation."""
    from matplotlib import font_manager

    if cjk_font_available():
        return
    for path in _CJK_FILES:
        if os.path.exists(path):
            font_manager.fontManager.addfont(path)
            return


def cjk_font_available() -> bool:
    """True when the CJK font of :data:`FONTS` is installed (Chinese glyphs will render)."""
    from matplotlib import font_manager

    return any(f.name == FONTS[0] for f in font_manager.fontManager.ttflist)


def savefig(fig: Any, path: str | Path, *, dpi: int = 150) -> list[Path]:
    """Write ``fig`` as PNG and SVG next to ``path`` (suffix replaced), atomically; close it.

    Returns the two paths written.
    """
    base = Path(path)
    base = base.with_suffix("") if base.suffix.lower() in {".png", ".svg"} else base
    from alcarbon.atomic import make_dir

    make_dir(base.parent)
    written = []
    try:
        for ext in ("png", "svg"):
            target = base.parent / f"{base.name}.{ext}"
            with atomic_path(target) as tmp:
                fig.savefig(tmp, format=ext, dpi=dpi, bbox_inches="tight")
            written.append(target)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return written


#: Text stamped on every figure drawn from synthetic (made-up) numbers.
SYNTHETIC_MARK = "SYNTHETIC DATA 合成数据 — not real statistics 非真实统计"


def mark_synthetic(fig: Any) -> Any:
    """Stamp ``fig`` as drawn from synthetic numbers: a faint diagonal watermark and a boxed
    red label (:data:`SYNTHETIC_MARK`) inside the top-right corner of the first axes, so a
    figure of made-up numbers cannot be mistaken for a result."""
    fig.text(0.5, 0.5, "SYNTHETIC 合成数据", ha="center", va="center", rotation=25,
             fontsize=40, color="#b30000", alpha=0.13, zorder=100)
    kw = {"ha": "right", "va": "top", "fontsize": 7.5, "color": "#b30000", "zorder": 101,
          "bbox": {"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#b30000", "alpha": 0.9}}
    # a figure-level text (drawn above every axes, twin axes included) at the top-right corner
    # of the first axes
    box = fig.axes[0].get_position() if fig.axes else None
    x, y = (box.x1 - 0.004, box.y1 - 0.006) if box is not None else (0.99, 0.99)
    fig.text(x, y, SYNTHETIC_MARK, **kw)
    return fig
