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


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC-32 of type and data (PNG spec, 5.3)."""
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _write_png(path: Path, rgba: Any, dpi: int) -> None:
    """PNG of an RGBA raster (rows top to bottom) with matplotlib's Software text and the dpi;
    an opaque one (the figures' white background) as 8-bit RGB, else RGBA.

    Written here rather than by Pillow: every row with filter type 0 (none) and zlib level 1.
    The figures are large flat areas, which deflate packs well unfiltered; Pillow's per-row
    adaptive filter choice cost more than the compression (about 16 ms against 5 ms a figure,
    and 10 % larger files, on the demo's map; bench/bench_chain.py)."""
    import struct
    import zlib

    import matplotlib
    import numpy as np

    opaque = bool((rgba[..., 3] == 255).all())
    h, w = rgba.shape[:2]
    channels = 3 if opaque else 4
    rows = np.empty((h, w * channels + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 on every row (PNG spec, 9.2)
    rows[:, 1:].reshape(h, w, channels)[...] = rgba[..., :channels]
    # colour type 2 (RGB) or 6 (RGBA), 8 bits, deflate, adaptive filtering method 0, no interlace
    header = struct.pack(">IIBBBBB", w, h, 8, 2 if opaque else 6, 0, 0, 0)
    per_metre = int(dpi / 0.0254 + 0.5)
    software = (f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/")
    data = b"".join([
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", header),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"tEXt", b"Software\x00" + software.encode("latin-1")),
        _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
        _chunk(b"IEND", b""),
    ])
    Path(path).write_bytes(data)
