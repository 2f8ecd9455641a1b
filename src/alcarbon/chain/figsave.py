"""Save a chain figure as PNG and SVG with one tight-bbox layout pass (atomic files).

:func:`alcarbon.plotting.savefig` calls ``savefig(..., bbox_inches="tight")`` once per format,
and each call lays the figure out twice (a measuring pass, then the real draw): four passes of
text layout per figure, which is most of a chain run's time. Here the figure is drawn once on
Agg at the PNG's dpi; its tight box (padded by ``savefig.pad_inches`` and rounded outward to
whole pixels) is cut out of that raster as the PNG, and the SVG is drawn once with the same box
given explicitly. The result is what ``bbox_inches="tight"`` gives, the box measured once with
the Agg text metrics for both formats. Where the box reaches outside the canvas (text past the
figure edge), the PNG is drawn again with the box, as matplotlib would.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from alcarbon.atomic import atomic_path, make_dir


def tight_pixel_box(box: Any, dpi: float) -> tuple[int, int, int, int]:
    """The inch box ``box`` (x0, y0, x1, y1) in whole pixels at ``dpi``, rounded outward:
    (x0, y0, x1, y1) with y measured up from the bottom edge, as matplotlib's display space."""
    return (math.floor(box.x0 * dpi + 1e-9), math.floor(box.y0 * dpi + 1e-9),
            math.ceil(box.x1 * dpi - 1e-9), math.ceil(box.y1 * dpi - 1e-9))


Box = tuple[int, int, int, int]


def place_in_canvas(px: Box, content: Box, width: int,
                    height: int) -> tuple[slice, slice, Box] | None:
    """Where the pixel box ``px`` (y up from the bottom) meets an image ``height`` x ``width``
    (row 0 at the top): the row and column slices of the image inside the box, and the margins
    (top, bottom, left, right) of the box outside the image. None when the drawn ``content``
    box itself is not inside the image (then the part outside was never drawn)."""
    cx0, cy0, cx1, cy1 = content
    if cx0 < 0 or cy0 < 0 or cx1 > width or cy1 > height:
        return None
    x0, y0, x1, y1 = px
    if x1 <= x0 or y1 <= y0:
        return None
    rows = slice(height - min(y1, height), height - max(y0, 0))
    cols = slice(max(x0, 0), min(x1, width))
    return rows, cols, (max(y1 - height, 0), max(-y0, 0), max(-x0, 0), max(x1 - width, 0))


def save_png_svg(fig: Any, path: str | Path, *, dpi: int = 150) -> list[Path]:
    """Write ``fig`` as ``<path>.png`` (``dpi``) and ``<path>.svg``, cropped to the tight box,
    atomically; close the figure. Returns the two paths."""
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    base = Path(path)
    base = base.with_suffix("") if base.suffix.lower() in {".png", ".svg"} else base
    make_dir(base.parent)
    png, svg = base.parent / f"{base.name}.png", base.parent / f"{base.name}.svg"
    try:
        fig.set_dpi(dpi)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        pad = matplotlib.rcParams["savefig.pad_inches"]
        tight = fig.get_tightbbox(canvas.get_renderer())
        px = tight_pixel_box(tight.padded(pad), dpi)
        box = Bbox.from_extents(*(v / dpi for v in px))
        image = np.asarray(canvas.buffer_rgba())
        cut = place_in_canvas(px, tight_pixel_box(tight, dpi), image.shape[1], image.shape[0])
        with atomic_path(png) as tmp:
            if cut is None:
                fig.savefig(tmp, format="png", dpi=dpi, bbox_inches=box)
            else:
                # the padding outside the canvas is figure background, as savefig draws it
                rows, cols, (top, bottom, left, right) = cut
                face = np.round(np.asarray(fig.patch.get_facecolor()) * 255)
                part = np.pad(image[rows, cols], ((top, bottom), (left, right), (0, 0)))
                if top or bottom or left or right:
                    part[:top], part[part.shape[0] - bottom:] = face, face
                    part[:, :left], part[:, part.shape[1] - right:] = face, face
                _write_png(tmp, part, dpi)
        with atomic_path(svg) as tmp:
            fig.savefig(tmp, format="svg", dpi=dpi, bbox_inches=box)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return [png, svg]


def _write_png(path: Path, rgba: Any, dpi: int) -> None:
    """PNG of an RGBA raster with matplotlib's metadata; an opaque one (the figures' white
    background) as RGB, zlib level 1: no larger than the former RGBA files at level 6, in about
    half the time (bench/bench_chain.py)."""
    import matplotlib
    import numpy as np
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    opaque = bool((rgba[..., 3] == 255).all())
    image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]) if opaque else rgba,
                            "RGB" if opaque else "RGBA")
    info = PngInfo()
    info.add_text("Software", f"Matplotlib version{matplotlib.__version__}, "
                  "https://matplotlib.org/")
    image.save(path, format="png", dpi=(dpi, dpi), pnginfo=info, compress_level=1)
