"""The figures' PNG files (chain/figsave.py, Pillow at zlib level 1): read back, the same
pixels, mode, resolution and matplotlib's Software text."""

from __future__ import annotations

import numpy as np
from PIL import Image

from alcarbon.chain.figsave import _write_png


def _raster(alpha: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)  # odd sizes: no row padding
    rgba[..., 3] = 255
    rgba[5, 9, 3] = alpha
    return rgba


def test_opaque_raster_as_rgb_same_pixels(tmp_path):
    rgba = _raster(255)
    _write_png(tmp_path / "a.png", rgba, 150)
    im = Image.open(tmp_path / "a.png")
    im.load()
    assert im.mode == "RGB" and im.size == (53, 37)
    assert (np.asarray(im) == rgba[..., :3]).all()
    # 150 dpi = 150 / 0.0254 = 5905.5 -> 5906 pixels per metre, read back as 5906 * 0.0254
    assert im.info["dpi"][0] == 5906 * 0.0254
    assert im.info["Software"].startswith("Matplotlib version")


def test_translucent_raster_as_rgba(tmp_path):
    rgba = _raster(10)
    _write_png(tmp_path / "b.png", rgba, 100)
    im = Image.open(tmp_path / "b.png")
    im.load()
    assert im.mode == "RGBA"
    assert (np.asarray(im) == rgba).all()
