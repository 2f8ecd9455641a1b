"""A tidy long CSV form of a table and its satellite, one value per line:

    matrix,row_region,row_sector,col_region,col_item,value
    Z,北京,01,天津,02,12.5        intermediate flow (row node -> column node)
    Y,北京,01,天津,FU102,3.0      final demand of column region, category col_item
    x,北京,01,,,100.0             total output (optional; else Z1 + Y1)
    F,北京,01,,,0.5               direct emissions of a node
    F_Y,,,天津,FU102,0.1          direct emissions of a final-demand column

Order of regions, sectors and final-demand columns is the order of first appearance.  Lines
starting with ``#`` are comments; ``# unit: ...`` and ``# emission_unit: ...`` set the units.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from alcarbon.atomic import atomic_path
from alcarbon.errors import InputError
from alcarbon.mrio.core.model import IOTable, Satellite

COLUMNS = ["matrix", "row_region", "row_sector", "col_region", "col_item", "value"]


def read_long_csv(path: str | Path) -> tuple[IOTable, Satellite | None]:
    """Read the long CSV; the satellite is None when no F line is present."""
    p = Path(path)
    from alcarbon.textio import read_text

    text = read_text(p)
    units = {"unit": "10^4 CNY", "emission_unit": "Mt"}
    lines = []
    for ln in text.splitlines():
        if ln.startswith("#"):
            key, _, val = ln[1:].partition(":")
            if key.strip() in units and val.strip():
                units[key.strip()] = val.strip()
            continue
        lines.append(ln)
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if reader.fieldnames is None or set(COLUMNS) - set(reader.fieldnames):
        raise InputError("missing columns", where=f"{p.name}, header",
                         expected=", ".join(COLUMNS))
    recs = []
    regions: dict[str, None] = {}
    sectors: dict[str, None] = {}
    fd: dict[tuple[str, str], None] = {}
    for k, rec in enumerate(reader, start=2):
        mat = rec["matrix"].strip()
        if mat not in ("Z", "Y", "x", "F", "F_Y"):
            raise InputError(f"unknown matrix {mat!r}", where=f"{p.name}, line {k}, matrix",
                             expected="Z, Y, x, F or F_Y")
        try:
            val = float(rec["value"])
        except (TypeError, ValueError):
            raise InputError(f"value {rec['value']!r}", where=f"{p.name}, line {k}, value",
                             expected="a number") from None
        rr, rs = rec["row_region"].strip(), rec["row_sector"].strip()
        cr, ci = rec["col_region"].strip(), rec["col_item"].strip()
        if mat != "F_Y":
            if not rr or not rs:
                raise InputError("empty row_region/row_sector", where=f"{p.name}, line {k}",
                                 expected=f"a producing node for matrix {mat}")
            regions.setdefault(rr)
            sectors.setdefault(rs)
        if mat == "Z":
            regions.setdefault(cr)
            sectors.setdefault(ci)
        if mat in ("Y", "F_Y"):
            fd.setdefault((cr, ci))
        recs.append((mat, rr, rs, cr, ci, val, k))
    R, S = list(regions), list(sectors)
    node = {(r, s): a * len(S) + b for a, r in enumerate(R) for b, s in enumerate(S)}
    col = {key: j for j, key in enumerate(fd)}
    n = len(R) * len(S)
    Z, Y = np.zeros((n, n)), np.zeros((n, len(col)))
    x, F, F_Y = np.zeros(n), np.zeros(n), np.zeros(len(col))
    seen = {"x": False, "F": False}
    for mat, rr, rs, cr, ci, val, k in recs:
        try:
            if mat == "Z":
                Z[node[rr, rs], node[cr, ci]] += val
            elif mat == "Y":
                Y[node[rr, rs], col[cr, ci]] += val
            elif mat == "x":
                x[node[rr, rs]] = val
            elif mat == "F":
                F[node[rr, rs]] += val
            else:
                F_Y[col[cr, ci]] += val
        except KeyError:
            raise InputError("unknown node", where=f"{p.name}, line {k}",
                             expected="a region/sector that is part of the table") from None
        if mat in seen:
            seen[mat] = True
    table = IOTable(Z=Z, Y=Y, regions=tuple(R), sectors=tuple(S),
                    fd_regions=tuple(c[0] for c in col), fd_categories=tuple(c[1] for c in col),
                    x=x if seen["x"] else None, unit=units["unit"],
                    meta={"source_file": str(p)})
    sat = Satellite(F=F, F_Y=F_Y, unit=units["emission_unit"]) if seen["F"] else None
    return table, sat


def write_long_csv(table: IOTable, satellite: Satellite | None, path: str | Path,
                   note: str = "") -> Path:
    """Write the long CSV (non-zero values only), via a temp file renamed at the end."""
    out = Path(path)
    idx = list(table.index)
    Z = np.asarray(table.Z.toarray() if hasattr(table.Z, "toarray") else table.Z)
    with atomic_path(out) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        if note:
            fh.write(f"# {note}\n")
        fh.write(f"# unit: {table.unit}\n")
        if satellite is not None:
            fh.write(f"# emission_unit: {satellite.unit}\n")
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i, j in zip(*np.nonzero(Z), strict=True):
            w.writerow(["Z", *idx[i], *idx[j], repr(float(Z[i, j]))])
        for i, j in zip(*np.nonzero(table.Y), strict=True):
            w.writerow(["Y", *idx[i], table.fd_regions[j], table.fd_categories[j],
                        repr(float(table.Y[i, j]))])
        if table.x is not None:
            for i, v in enumerate(table.x):
                w.writerow(["x", *idx[i], "", "", repr(float(v))])
        if satellite is not None:
            for i, v in enumerate(satellite.F):
                w.writerow(["F", *idx[i], "", "", repr(float(v))])
            if satellite.F_Y is not None:
                for j in np.nonzero(satellite.F_Y)[0]:
                    w.writerow(["F_Y", "", "", table.fd_regions[j], table.fd_categories[j],
                                repr(float(satellite.F_Y[j]))])
    return out
