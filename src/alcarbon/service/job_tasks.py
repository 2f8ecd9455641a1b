"""The work of a job's tasks, run on Dask workers (a local process or a cluster machine).

Every function here is importable at top level (Dask pickles it by reference), imports only the
computing layers, and turns any failure into :class:`TaskFailed` carrying the message a user
should read (a typed error keeps its own text), so the error crosses process boundaries intact.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class TaskFailed(Exception):
    """A task's failure, reduced to its message (picklable with one string argument)."""


def _run(what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    from alcarbon.errors import AlcarbonError
    from alcarbon.service.compute import NotAvailable, _guard

    try:
        return _guard(what, fn, *args, **kwargs)
    except AlcarbonError as exc:
        raise TaskFailed(exc.render()) from None
    except NotAvailable as exc:
        raise TaskFailed(str(exc)) from None


def mc_chunk(model: Any, Z: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Outputs and partial sums of one Monte Carlo chunk (standard-normal rows Z)."""
    from alcarbon.uncertainty.montecarlo import evaluate_chunk

    return _run("the uncertainty analysis", evaluate_chunk, model, Z)


def sobol_chunk(setup: Any, Z: np.ndarray) -> np.ndarray:
    """CFP of one chunk of Saltelli's sample (standard-normal rows Z of the chosen inputs)."""
    return _run("the Sobol' analysis", setup.evaluate, Z)


def report_compute(data: dict[str, Any]) -> Any:
    """Stage 1 of a report: the numbers (engine, checks, uncertainty, levers, facts)."""
    from alcarbon.service import compute

    def go() -> Any:
        study = compute.study_from_data(data, "stored revision")
        build = compute._layer("alcarbon.report.api", "compute", "the report")
        return build(study, lib=compute.library())

    return _run("the report", go)


def report_render(computed: Any, fmt: str, lang: str) -> bytes:
    """Stage 2 of a report: the document's bytes in ``fmt`` and ``lang``."""
    from alcarbon.service import compute

    def go() -> bytes:
        to_bytes = compute._layer("alcarbon.report.api", "render", "the report")
        return to_bytes(computed, fmt, lang)

    return _run("the report", go)
