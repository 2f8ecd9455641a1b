"""The batch task: one study (its file bytes) -> plain result rows, one per product x scenario.

Pure and top-level so Dask can ship it to any worker process or host. The client sends the file's
bytes, not its path, so workers need neither a shared filesystem nor access to the store.
A study that cannot be read or computed gives one row with ``status = "error"`` and the message;
it never raises, so one bad study cannot stop a batch.
"""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from alcarbon.inventory.model import STANDARD_STAGES

UNIT = "t_co2e_per_declared_unit"  # every footprint column is t CO2e per declared unit (1 t)
#: Table E.2 stage columns (GB/T 44905 5.3.2), then the sum of any user-defined stage.
STAGE_COLUMNS = tuple(f"stage_{s}_{UNIT}" for s in STANDARD_STAGES) + (f"stage_other_{UNIT}",)

#: Output columns and their kinds (str, int, float, date) in order.
COLUMNS: dict[str, str] = {
    "source": "str", "org": "str", "site": "str", "study_id": "int", "revision": "int",
    "title": "str", "period_start": "date", "period_end": "date", "product": "str",
    "declared_unit": "str", "allocation": "str", "electricity": "str",
    f"cfp_{UNIT}": "float",
    **{c: "float" for c in STAGE_COLUMNS},
    "mc_iterations": "int", f"mc_mean_{UNIT}": "float", f"mc_p2_5_{UNIT}": "float",
    f"mc_p97_5_{UNIT}": "float",
    "gwp_set": "str", "factor_library_version": "str", "alcarbon_version": "str",
    "input_sha256": "str", "status": "str", "error": "str", "worker": "str",
}
ALLOCATIONS = ("subdivision", "mass", "economic")  # Allocation.method choices (GB/T 44905 6.4.4)


@dataclass(frozen=True)
class StudyTask:
    """One study to compute: its bytes (a .yaml/.json/.xlsx file) and where it came from."""

    index: int
    source: str  # relative file path, or "db:study/<id>@<revision>"
    suffix: str  # ".yaml", ".yml", ".json" or ".xlsx"
    data: bytes
    meta: dict[str, Any] = field(default_factory=dict)  # org, site, study_id, revision
    allocations: tuple[str | None, ...] = (None,)  # None: the study's own method
    iterations: int = 0  # Monte Carlo runs (0: none)
    seed: int = 0


def _blank(task: StudyTask, sha: str) -> dict[str, Any]:
    from alcarbon import __version__

    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(source=task.source, input_sha256=sha, alcarbon_version=__version__,
               worker=f"{socket.gethostname()}:{os.getpid()}")
    for k in ("org", "site", "study_id", "revision"):
        row[k] = task.meta.get(k)
    return row


def _load(task: StudyTask) -> Any:
    """Parse the bytes into a validated Study; error messages name ``task.source``."""
    from alcarbon.errors import InputError
    from alcarbon.inventory.io_yaml import study_from_data

    suffix = task.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        try:
            text = task.data.decode("utf-8")
            if suffix == ".json":
                import json

                data = json.loads(text)
            else:
                import yaml

                data = yaml.safe_load(text)
        except Exception as exc:  # yaml/json/unicode errors carry line numbers
            raise InputError(f"cannot parse: {exc}", where=task.source) from None
        return study_from_data(data, task.source)
    if suffix == ".xlsx":
        import tempfile

        from alcarbon.errors import AlcarbonError
        from alcarbon.inventory.io_xlsx import read_workbook

        with tempfile.TemporaryDirectory(prefix="alcarbon-batch-") as tmp:
            path = Path(tmp) / Path(task.source).name
            path.write_bytes(task.data)
            try:
                return read_workbook(path)
            except AlcarbonError as exc:  # name the input, not the worker's temporary copy
                exc.where = (exc.where or "").replace(str(path), task.source) or task.source
                exc.args = (exc.render(),)
                raise
    raise InputError(f"unsupported file type {suffix!r}", where=task.source,
                     expected=".yaml, .yml, .json or .xlsx")


def _with_allocation(study: Any, method: str | None) -> Any:
    if method is None:
        return study
    from alcarbon.inventory.study_meta import Allocation

    return study.model_copy(update={"allocation": Allocation(method=method)})


def _rows_for(task: StudyTask, study: Any, sha: str) -> list[dict[str, Any]]:
    from alcarbon.factors import load_library

    lib = load_library()  # cached per worker process
    rows: list[dict[str, Any]] = []
    for method in task.allocations:
        try:
            rows += _scenario_rows(task, study, sha, lib, method)
        except Exception as exc:
            if method is None:  # the study's own method: the study itself fails
                raise
            # one scenario that cannot be computed (economic allocation without prices) is
            # its own error row; the study's other scenarios keep their rows
            row = error_row(task, exc, sha, allocation=method)
            row.update(title=study.title, period_start=study.period.start,
                       period_end=study.period.end)
            rows.append(row)
    return rows


def _scenario_rows(task: StudyTask, study: Any, sha: str, lib: Any,
                   method: str | None) -> list[dict[str, Any]]:
    """The rows of one allocation scenario: products x the two electricity bases."""
    from alcarbon.engine import calculate

    rows: list[dict[str, Any]] = []
    s = _with_allocation(study, method)
    result = calculate(s, lib)
    mc: dict[bool, dict[str, Any]] = {}
    if task.iterations > 0:
        from alcarbon.uncertainty import monte_carlo

        for location in (False, True):
            mc[location] = monte_carlo(s, result, iterations=task.iterations,
                                       seed=task.seed, location=location)
    for p in result.products.values():
        for location, basis in ((False, "declared"), (True, "location")):
            row = _blank(task, sha)
            row.update(title=s.title, period_start=s.period.start, period_end=s.period.end,
                       product=p.product, declared_unit=p.declared_unit,
                       allocation=result.allocation, electricity=basis,
                       gwp_set=result.gwp_set,
                       factor_library_version=result.factor_library_version, status="ok")
            row[f"cfp_{UNIT}"] = p.cfp_location_based if location else p.cfp
            other = 0.0
            for st in p.stages(location=location):
                key = f"stage_{st.stage}_{UNIT}"
                if key in COLUMNS:
                    row[key] = st.t_co2e
                else:
                    other += st.t_co2e
            row[f"stage_other_{UNIT}"] = other
            if mc:
                m = mc[location][p.product]
                row.update({"mc_iterations": m.iterations, f"mc_mean_{UNIT}": m.mean,
                            f"mc_p2_5_{UNIT}": m.p2_5, f"mc_p97_5_{UNIT}": m.p97_5})
            rows.append(row)
    return rows


def run_task(task: StudyTask) -> list[dict[str, Any]]:
    """Compute every declared product x scenario of one study; never raises for a bad study."""
    sha = hashlib.sha256(task.data).hexdigest()
    try:
        study = _load(task)
        return _rows_for(task, study, sha)
    except Exception as exc:  # one row with the error; the batch goes on (see module doc)
        return [error_row(task, exc, sha)]


def error_row(task: StudyTask, exc: BaseException, sha: str | None = None,
              allocation: str | None = None) -> dict[str, Any]:
    """The row of a study (or, with ``allocation``, of one of its allocation scenarios) that
    failed, with a message naming the input and the scenario."""
    from alcarbon.errors import AlcarbonError

    row = _blank(task, sha or hashlib.sha256(task.data).hexdigest())
    label = task.source if allocation is None else f"{task.source} [allocation {allocation}]"
    if isinstance(exc, AlcarbonError):
        msg = exc.render()
        msg = msg.replace(task.source, label, 1) if task.source in msg else f"{label}: {msg}"
    else:
        msg = f"{label}: {type(exc).__name__}: {exc}"
    row.update(status="error", error=msg, allocation=allocation)
    return row


def iso(value: Any) -> Any:
    """Dates as ISO text (for CSV); everything else unchanged."""
    return value.isoformat() if isinstance(value, date) else value
