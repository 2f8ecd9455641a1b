"""matplotlib's fonts read from memory while the chain figures are drawn.

matplotlib 3.11 opens a font file as a Python file object and FreeType reads it through a
callback: a ``seek`` and a ``read`` call (and two system calls) for every glyph outline and
metric it touches, again on every layout of every text. The demo's seven figures made about
117,000 ``lseek`` and 57,000 ``read`` calls (``strace -c``). Here each font file is read once per
process into bytes and matplotlib's fonts are opened on an in-memory view of them: the same
font data, so the same glyphs and the same pixels (``tests/chain/test_fonts.py``), about 11 %
less CPU for the figures (docs/chain.md, "Figures").

Two ways in. :func:`install` for a process that only draws chain figures (the forked drawing
processes of :mod:`alcarbon.chain.parallel`); :func:`in_memory` for a block inside any other
process, which puts matplotlib's own file-backed fonts back on leaving, so nothing else in that
process sees a font without a file name. Both do nothing where matplotlib's font loading is not
the one this was written against (then the fonts are read from their files, as before).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: font file path -> its bytes, read once per process (shared with forked processes)
_DATA: dict[str, bytes] = {}
_installed = False


class _InMemoryFT2Font:
    """Stands in for the ``ft2font`` module inside ``matplotlib.font_manager``: ``FT2Font(path,
    ...)`` opens the font on the file's bytes in memory; everything else is the real module."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def FT2Font(self, filename: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N802
        if isinstance(filename, str | os.PathLike):
            path = os.fspath(filename)
            data = _DATA.get(path)
            if data is None:
                data = _DATA[path] = Path(path).read_bytes()
            filename = io.BytesIO(data)
        return self._module.FT2Font(filename, *args, **kwargs)


def _font_manager() -> Any | None:
    """matplotlib.font_manager when its font loading is the expected one, else None."""
    from matplotlib import font_manager, ft2font

    current = getattr(font_manager, "ft2font", None)
    cache_clear = getattr(getattr(font_manager, "_get_font", None), "cache_clear", None)
    if cache_clear is None or not (current is ft2font or isinstance(current, _InMemoryFT2Font)):
        return None
    return font_manager


def install() -> bool:
    """Open every font of this process from memory from now on (a drawing-only process);
    True when done."""
    global _installed
    fm = _font_manager()
    if fm is None:
        return False
    if not isinstance(fm.ft2font, _InMemoryFT2Font):
        fm.ft2font = _InMemoryFT2Font(fm.ft2font)
        fm._get_font.cache_clear()  # fonts opened before came from their files
    _installed = True
    return True


@contextmanager
def in_memory() -> Iterator[None]:
    """Fonts opened from memory inside the block; on leaving, matplotlib's file-backed font
    loading is back and the fonts opened inside are dropped from its cache. The switch is
    process-wide: not for a block while other threads of the process draw figures."""
    fm = _font_manager()
    if fm is None or _installed:
        yield
        return
    real = fm.ft2font
    fm.ft2font = _InMemoryFT2Font(real)
    fm._get_font.cache_clear()
    try:
        yield
    finally:
        fm.ft2font = real
        fm._get_font.cache_clear()
