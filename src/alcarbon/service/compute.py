"""Thin adapter between the service and the computing layers (engine, checks, uncertainty, report).

The layers are imported lazily; a layer that is not installed yet raises :class:`NotAvailable`
(the service answers 501 with the message) instead of a made-up result. Bad input raises an
:class:`alcarbon.errors.AlcarbonError` (422). An unexpected exception inside a layer is logged with
its traceback and reported as a :class:`alcarbon.errors.CalculationError` (422), so a study that
trips the engine never turns into a 500 or half-written data.
"""

from __future__ import annotations

import functools
import importlib
import logging
import tempfile
from pathlib import Path
from typing import Any

from alcarbon.errors import AlcarbonError, CalculationError

log = logging.getLogger("alcarbon.service")

REPORT_FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "json": "application/json"}


class NotAvailable(Exception):
    """A computing layer this route needs is not part of this installation."""


def _layer(module: str, attr: str, what: str) -> Any:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == module or module.startswith(exc.name + ".")):
            raise NotAvailable(f"{what} is not available in this installation: module {module} "
                               "is missing") from None
        raise
    fn = getattr(mod, attr, None)
    if fn is None:
        raise NotAvailable(f"{what} is not available in this installation: {module}.{attr} "
                           "is missing")
    return fn


def _guard(what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except (AlcarbonError, NotAvailable):
        raise
    except Exception as exc:
        log.exception("%s failed", what)
        raise CalculationError(f"{what} failed: {type(exc).__name__}: {exc}") from None


@functools.lru_cache(maxsize=1)
def library() -> Any:
    """The packaged factor library (loaded once per process)."""
    return _layer("alcarbon.factors", "load_library", "the factor library")()


def preload() -> None:
    """Load the factor library and import the engine now (a server process before it serves);
    :class:`NotAvailable` or the import error when one is missing."""
    library()
    _layer("alcarbon.engine", "calculate", "the calculation engine")


def library_version() -> str:
    return str(library().version)


def study_from_data(data: Any, source: str = "study") -> Any:
    from alcarbon.inventory.io_yaml import study_from_data as parse

    return parse(data, source)


def calculate(study: Any) -> Any:
    """``alcarbon.engine.calculate`` with the packaged library: a StudyResult."""
    calc = _layer("alcarbon.engine", "calculate", "the calculation engine")
    return _guard("the calculation", calc, study, library())


def check(study: Any, result: Any) -> dict[str, Any]:
    """Compliance and data-quality findings (``alcarbon.checks.run_checks``) as JSON data."""
    run = _layer("alcarbon.checks", "run_checks", "the compliance check")
    return _jsonable(_guard("the check", run, study, result), "the compliance check")


def uncertainty(study: Any, iterations: int, seed: int) -> dict[str, Any]:
    """Monte Carlo uncertainty (``alcarbon.uncertainty.monte_carlo``) as JSON data."""
    try:
        mc = _layer("alcarbon.uncertainty", "monte_carlo", "the uncertainty analysis")
    except NotAvailable:
        mc = _layer("alcarbon.uncertainty.montecarlo", "monte_carlo", "the uncertainty analysis")
    out = _guard("the uncertainty analysis", mc, study, iterations=iterations, seed=seed)
    return _jsonable(out, "the uncertainty analysis")


def _jsonable(out: Any, what: str) -> Any:
    """JSON data of a layer's result: ``to_json_dict()`` of it, or of each value of a dict."""
    if hasattr(out, "to_json_dict"):
        return out.to_json_dict()
    if isinstance(out, dict):
        return {str(k): _jsonable(v, what) if hasattr(v, "to_json_dict") else v
                for k, v in out.items()}
    if isinstance(out, list | str | int | float | bool) or out is None:
        return out
    raise NotAvailable(f"{what} returned no JSON form (to_json_dict)")


def report(study: Any, fmt: str, lang: str) -> bytes:
    """The Appendix E report (``alcarbon.report.render``) as bytes of the given format."""
    try:
        render = _layer("alcarbon.report", "render", "the report")
    except NotAvailable:  # the report package's pipeline API: compute once, render bytes
        build = _layer("alcarbon.report.api", "compute", "the report")
        to_bytes = _layer("alcarbon.report.api", "render", "the report")
        computed = _guard("the report", build, study, lib=library())
        return _guard("the report", to_bytes, computed, fmt, lang)
    with tempfile.TemporaryDirectory(prefix="alcarbon-report-") as tmp:
        out = Path(tmp) / f"report.{fmt}"
        _guard("the report", render, study, out, fmt, lang)
        if not out.exists():
            raise CalculationError("the report renderer wrote no file")
        return out.read_bytes()


def read_upload(filename: str, content: bytes) -> Any:
    """A Study from an uploaded Appendix C workbook (.xlsx) or a YAML/JSON file."""
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="alcarbon-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            if suffix == ".xlsx":
                read = _layer("alcarbon.inventory.io_xlsx", "read_workbook",
                              "the workbook reader")
                return _guard("reading the workbook", read, path)
            from alcarbon.inventory import load_study

            return _guard("reading the file", load_study, path)
        except AlcarbonError as exc:  # name the user's file, not our temporary copy
            exc.where = (exc.where or "").replace(str(path), filename) or filename
            exc.args = (exc.render(),)
            raise


def workbook(study: Any, lang: str) -> bytes:
    """The study as an Appendix C workbook (for download and offline entry)."""
    write = _layer("alcarbon.inventory.io_xlsx", "write_workbook", "the workbook writer")
    with tempfile.TemporaryDirectory(prefix="alcarbon-wb-") as tmp:
        out = Path(tmp) / "study.xlsx"
        _guard("writing the workbook", write, study, out, lang=lang)
        return out.read_bytes()
