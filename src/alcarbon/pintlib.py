"""pint, imported without its optional dask integration.

pint looks for dask at import (``pint.compat``: ``find_spec("dask")``, then ``dask.base``) and,
when the batch/service extra is installed, imports it: 0.15-0.4 s of every command's start on
this machine, for an integration alcarbon never uses (no pint quantity wraps a dask array). While
pint is imported, ``sys.modules["dask"]`` is set to None so ``find_spec`` answers "absent"; it is
removed at once, so later ``import dask`` (batch, service jobs) works as usual.
Every alcarbon module imports pint from here.
"""

from __future__ import annotations

import sys
from types import ModuleType


def _import_pint() -> ModuleType:
    if "pint" in sys.modules:
        return sys.modules["pint"]
    hide = "dask" not in sys.modules
    if hide:
        sys.modules["dask"] = None  # type: ignore[assignment]
    try:
        import pint as _pint
    finally:
        if hide and "dask" in sys.modules and sys.modules["dask"] is None:
            del sys.modules["dask"]
    return _pint


pint = _import_pint()
