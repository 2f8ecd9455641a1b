"""The figures' PNG files written without Pillow (chain/figsave.py): Pillow, an independent
decoder that checks every chunk's CRC, reads back the same pixels, mode and resolution."""

from __future__ import annotations

import struct
import zlib

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


def test_header_and_unfiltered_rows_by_hand(tmp_path):
    rgba = np.full((2, 3, 4), 255, dtype=np.uint8)
    rgba[1, 2, :3] = (1, 2, 3)
    _write_png(tmp_path / "c.png", rgba, 72)
    data = (tmp_path / "c.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # IHDR: width 3, height 2, 8 bits, colour type 2 (RGB), then three zero bytes
    assert data[8:33] == struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 3, 2, 8, 2,
                                                                        0, 0, 0) + \
        struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0)))
    start = data.index(b"IDAT")
    length = struct.unpack(">I", data[start - 4:start])[0]
    raw = zlib.decompress(data[start + 4:start + 4 + length])
    # two rows, each filter byte 0 then 3 x RGB
    assert raw == bytes([0] + [255] * 9 + [0] + [255] * 6 + [1, 2, 3])
