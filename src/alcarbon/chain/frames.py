"""Text columns of the chain tables held as Python strings.

pandas 3 stores text columns in Arrow arrays when pyarrow is installed (``alcarbon[batch]`` and
the dev set-up install it for Parquet), else as Python strings. The chain's tables are small
(a few thousand rows) and are filtered, grouped and turned back into Python values many times,
where each Arrow call's conversion costs more than the work: the demo's read + compute + tables
took 0.45-0.51 s with Arrow strings and 0.30-0.33 s with Python ones, warm, the same values
(docs/performance.md, "Session 31"; bench/bench_chain.py prints which storage pandas uses). The
choice changes how text is held, never a value or a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def python_strings() -> Iterator[None]:
    """Within the block, text columns that pandas creates hold Python strings (the previous
    setting comes back after it, also on an error)."""
    import pandas as pd

    with pd.option_context("mode.string_storage", "python"):
        yield
