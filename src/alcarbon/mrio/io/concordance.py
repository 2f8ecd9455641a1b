"""Sector (and region) concordances: aggregate a table, or results, to another classification.

A concordance maps each source label to one target label (many-to-one).  Aggregating the table
before the Leontief solve is what many papers do (aggregation bias: not the same as solving on
the detailed table and summing the results; research/china-mrio.md section 4).  Both are here:
:func:`aggregate_table` and :func:`aggregate_results`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.mrio.core.model import IOTable, Satellite


def read_concordance(path: str | Path) -> dict[str, str]:
    """CSV with columns ``from`` and ``to`` (one line per source label)."""
    p = Path(path)
    import io

    from alcarbon.textio import read_text

    text = read_text(p)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, comment="#")
    except (OSError, pd.errors.ParserError) as exc:
        raise InputError(f"cannot read concordance ({exc})", where=str(p)) from None
    if {"from", "to"} - set(df.columns):
        raise InputError("missing columns", where=f"{p.name}, header", expected="from, to")
    dup = df["from"][df["from"].duplicated()].tolist()
    if dup:
        raise InputError(f"source label(s) mapped twice: {dup[:5]}", where=p.name,
                         expected="each source label once")
    return dict(zip(df["from"].str.strip(), df["to"].str.strip(), strict=True))


def _matrix(labels: tuple[str, ...], mapping: Mapping[str, str] | None, what: str,
            codes: Mapping[str, str] | None = None) -> tuple[np.ndarray, tuple[str, ...]]:
    """Concordance matrix C (source x target) and target labels in first-seen order."""
    if mapping is None:
        return np.eye(len(labels)), labels
    targets: dict[str, int] = {}
    C = np.zeros((len(labels), 0))
    cols = []
    for k, lab in enumerate(labels):
        key = lab if lab in mapping else (codes or {}).get(lab)
        if key not in mapping:
            raise InputError(f"{what} {lab!r} is not in the concordance", where="concordance",
                             expected=f"a line for every {what} of the table")
        t = mapping[key]
        if t not in targets:
            targets[t] = len(targets)
        cols.append((k, targets[t]))
    C = np.zeros((len(labels), len(targets)))
    for k, t in cols:
        C[k, t] = 1.0
    return C, tuple(targets)


def aggregate_table(table: IOTable, satellite: Satellite | None = None,
                    sectors: Mapping[str, str] | None = None,
                    regions: Mapping[str, str] | None = None
                    ) -> tuple[IOTable, Satellite | None]:
    """Aggregate Z, Y, x, F (and VA) with C = C_regions (x) C_sectors: Z* = C' Z C,
    Y* = C' Y, x* = C' x, F* = C' F.  Sector keys may be labels or codes
    (table.meta["sector_codes"]).  Final-demand columns keep their labels, with regions
    re-mapped when a region concordance is given."""
    Cs, new_sec = _matrix(table.sectors, sectors, "sector", table.meta.get("sector_codes"))
    Cr, new_reg = _matrix(table.regions, regions, "region")
    C = np.kron(Cr, Cs)
    Z = np.asarray(table.Z.toarray() if hasattr(table.Z, "toarray") else table.Z)
    fd_regions = tuple((regions or {}).get(r, r) for r in table.fd_regions)
    # merge final-demand columns that now share (region, category)
    keys = list(dict.fromkeys(zip(fd_regions, table.fd_categories, strict=True)))
    G = np.zeros((len(fd_regions), len(keys)))
    for j, key in enumerate(zip(fd_regions, table.fd_categories, strict=True)):
        G[j, keys.index(key)] = 1.0
    new = IOTable(
        Z=C.T @ Z @ C, Y=C.T @ table.Y @ G, regions=new_reg, sectors=new_sec,
        fd_regions=tuple(k[0] for k in keys), fd_categories=tuple(k[1] for k in keys),
        x=None if table.x is None else C.T @ table.x, unit=table.unit,
        va=None if table.va is None else table.va @ C, va_labels=table.va_labels,
        meta={**{k: v for k, v in table.meta.items() if k not in ("sector_codes", "checks")},
              "aggregated_from": f"{len(table.regions)}x{len(table.sectors)}"},
    )
    sat = None
    if satellite is not None:
        sat = Satellite(F=C.T @ satellite.F,
                        F_Y=None if satellite.F_Y is None else satellite.F_Y @ G,
                        name=satellite.name, unit=satellite.unit, meta=dict(satellite.meta))
    return new, sat


def aggregate_results(values: pd.Series | pd.DataFrame, mapping: Mapping[str, str],
                      level: str = "sector") -> pd.Series | pd.DataFrame:
    """Sum results indexed by sector (or a MultiIndex with a ``sector`` level) by concordance."""
    idx = values.index
    labels = idx.get_level_values(level) if isinstance(idx, pd.MultiIndex) else idx
    missing = sorted({str(v) for v in labels} - set(mapping))
    if missing:
        raise InputError(f"labels not in the concordance: {missing[:5]}", where="concordance",
                         expected=f"a line for every {level}")
    new = [mapping[str(v)] for v in labels]
    if isinstance(idx, pd.MultiIndex):
        arrays = [idx.get_level_values(n) if n != level else new for n in idx.names]
        keys = pd.MultiIndex.from_arrays(arrays, names=idx.names)
        return values.groupby(keys, sort=False).sum()
    return values.groupby(pd.Index(new, name=level), sort=False).sum()
