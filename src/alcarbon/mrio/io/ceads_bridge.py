"""Bridge a CEADs inventory (47 sectors) to the sectors of an MRIO table, as a Satellite.

No CEADs 47 -> MRIO 42 concordance ships with alcarbon: research/china-mrio.md 3.4 found no
published one (its table is the researcher's own name-based proposal, confidence L, "check it
against a published supplement before relying on it").  The user gives the concordance as a
CSV with columns ``from`` (CEADs sector, as written in the inventory), ``to`` (MRIO sector label
or code) and optionally ``weight``:

* a CEADs sector mapped to one MRIO sector goes there whole;
* one mapped to several is split by ``weight`` (the weights of that sector must sum to 1), or,
  with no weights, by the gross output x of the target sectors in the same province (the
  usual practice named in china-mrio.md 3.4; equal shares when those outputs are all zero).

Households: ``Urban`` goes to F_Y under the province's ``FU102`` column, ``Rural`` under
``FU101`` (china-mrio.md 3.4 and 5: household direct emissions).  Provinces of the table with
no inventory sheet (Tibet in the 30-province CEADs series, china-mrio.md 1.7) get zero and are
listed in ``satellite.meta["missing_regions"]``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.mrio.core.model import IOTable, Satellite
from alcarbon.mrio.io.ceads import CeadsInventory


def read_ceads_concordance(path: str | Path) -> pd.DataFrame:
    """CSV ``from,to[,weight]`` (``#`` comments allowed); returns columns from, to, weight
    (NaN where not given)."""
    p = Path(path)
    try:
        df = pd.read_csv(p, dtype=str, comment="#", skipinitialspace=True)
    except (OSError, pd.errors.ParserError) as exc:
        raise InputError(f"cannot read concordance ({exc})", where=str(p)) from None
    if {"from", "to"} - set(df.columns):
        raise InputError("missing columns", where=f"{p.name}, header",
                         expected="from, to and optionally weight")
    df = df.assign(**{"from": df["from"].str.strip(), "to": df["to"].str.strip()})
    w = df["weight"] if "weight" in df.columns else pd.Series(np.nan, index=df.index)
    try:
        df["weight"] = pd.to_numeric(w)
    except ValueError:
        bad = next(k for k, v in enumerate(w) if _not_number(v))
        raise InputError(f"weight {w.iloc[bad]!r}", where=f"{p.name}, line {bad + 2}",
                         expected="a number (or empty)") from None
    df.attrs["source_file"] = str(p)
    return df[["from", "to", "weight"]]


def _not_number(v) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return True
    return False


def ceads_satellite(table: IOTable, inventory: CeadsInventory, concordance: pd.DataFrame,
                    *, unit: str = "Mt", rural_code: str = "FU101",
                    urban_code: str = "FU102") -> Satellite:
    """Direct CO2 per node of ``table`` (in ``unit``) from a CEADs inventory (t)."""
    from alcarbon.units import convert

    where = Path(concordance.attrs.get("source_file", "concordance")).name
    by_code = {c: lab for lab, c in table.meta.get("sector_codes", {}).items()}
    to = [t if t in table.sectors else by_code.get(t) for t in concordance["to"]]
    bad = [(k, t) for k, (t, lab) in enumerate(zip(concordance["to"], to, strict=True))
           if lab is None]
    if bad:
        k, t = bad[0]
        raise InputError(f"MRIO sector {t!r} is not in the table", where=f"{where}, line {k + 2}",
                         expected="a sector label or code of the table")
    conc = concordance.assign(to=to)
    groups = {s: g for s, g in conc.groupby("from", sort=False)}
    for s, g in groups.items():
        w = g["weight"]
        if w.notna().any() and (w.isna().any() or abs(w.sum() - 1.0) > 1e-6):
            raise InputError(f"weights of {s!r} sum to {w.sum():g}" if w.notna().all()
                             else f"some but not all lines of {s!r} have a weight",
                             where=where, expected="weights of one CEADs sector summing to 1")
    inv = inventory.sectors
    regions = set(inv.index.get_level_values("region")) | set(inventory.households.index)
    extra = sorted(regions - set(table.regions))
    if extra:
        raise InputError(f"inventory province(s) {extra} not in the table", where="CEADs "
                         "inventory", expected="provinces of the table: "
                         + ", ".join(table.regions))
    nonzero = inv[inv != 0]
    unmapped = sorted(set(nonzero.index.get_level_values("sector")) - set(conc["from"]))
    if unmapped:
        raise InputError(f"{len(unmapped)} CEADs sector(s) with emissions are not in the "
                         f"concordance, e.g. {unmapped[:3]}", where=where,
                         expected="a line from,to for every CEADs sector (no concordance ships:"
                         " see docs/mrio.md)")
    S = len(table.sectors)
    sec_pos = {lab: k for k, lab in enumerate(table.sectors)}
    x = table.output()
    F = np.zeros(table.n)
    for (region, sector), value in nonzero.items():
        base = table.regions.index(region) * S
        g = groups[sector]
        idx = np.array([base + sec_pos[t] for t in g["to"]])
        if g["weight"].notna().all():
            share = g["weight"].to_numpy(dtype=float)
        else:
            out = np.maximum(x[idx], 0.0)
            share = out / out.sum() if out.sum() > 0 else np.full(len(idx), 1.0 / len(idx))
        np.add.at(F, idx, value * share)
    F_Y = np.zeros(table.Y.shape[1])
    for region, row in inventory.households.iterrows():
        for code, value in ((urban_code, row["urban"]), (rural_code, row["rural"])):
            F_Y[_fd_column(table, region, code)] += value
    scale = convert(1.0, "t", unit)
    missing = [r for r in table.regions if r not in regions]
    return Satellite(F=F * scale, F_Y=F_Y * scale, name="CO2 (CEADs inventory)", unit=unit,
                     meta={"missing_regions": missing,
                           "inventory": inventory.meta.get("source_file"),
                           "concordance": concordance.attrs.get("source_file")})


def _fd_column(table: IOTable, region: str, code: str) -> int:
    cols = [k for k, r in enumerate(table.fd_regions) if r == region]
    for k in cols:
        if table.fd_categories[k] == code:
            return k
    if not cols:
        raise InputError(f"province {region!r} has no final-demand column",
                         where="household emissions", expected="a consuming region")
    return cols[0]
