"""Write batch rows as Parquet (typed columns) or CSV, atomically (nothing half-written)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alcarbon.atomic import atomic_path, atomic_write
from alcarbon.batch.run import COLUMNS, iso
from alcarbon.errors import InputError

FORMATS = (".parquet", ".csv")


def check_target(path: str | Path) -> str:
    """The output format from the file name, or an InputError naming -o."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"unsupported output type {suffix or '(none)'!r}", where=f"-o {path}",
                         expected="a .parquet or .csv file name")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError("pyarrow is not installed: pip install 'alcarbon[batch]' "
                             "(or write .csv)", where=f"-o {path}") from None
    return suffix


def _arrow_schema() -> Any:
    import pyarrow as pa

    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "date": pa.date32()}
    return pa.schema([(name, kinds[kind]) for name, kind in COLUMNS.items()])


def write(rows: Sequence[dict[str, Any]], path: str | Path) -> None:
    """Write ``rows`` (dicts keyed by :data:`COLUMNS`) to ``path`` (.parquet or .csv)."""
    if check_target(path) == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(["" if r.get(c) is None else iso(r.get(c)) for c in COLUMNS])
        atomic_write(path, buf.getvalue().encode("utf-8"))
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in rows],
                                 schema=_arrow_schema())
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
