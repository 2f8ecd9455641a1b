"""Per-fuel split of a target sector's direct and embodied CO2 (e.g. "raw coal combustion is the
largest source", seed paper 004).

With one satellite per fuel f (F_f, the CEADs fuel columns bridged to the table's sectors, plus
``Process`` for cement process CO2) and the notation of :mod:`alcarbon.mrio.core.target`:

    s_f          = F_f / x
    direct_(f,r) = sum_{j in J} F_f,(r,j)
    embod_(f,r)  = s_f' L y_(J,r)      y_(J,r): final demand of the target's nodes in region r

so sum_f direct_(f,r) = direct_r and sum_f embod_(f,r) = embodied_r of
:func:`~alcarbon.mrio.core.target.direct_vs_embodied` (linearity in F).  One solve
L [y_(J,1) ... y_(J,R)] serves every fuel: embod = (L Y_J)' S, S = [s_1 ... s_k].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from alcarbon.errors import InputError
from alcarbon.mrio.core.accounts import Prepared
from alcarbon.mrio.core.leontief import calc_S
from alcarbon.mrio.core.target import target_mask

#: Name of the pseudo-fuel carrying the inventory's process CO2 (cement).
PROCESS = "Process"


def fuel_split(p: Prepared, fuel_F: Mapping[str, np.ndarray],
               sectors: str | Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per fuel: direct, embodied and their shares of the target's totals; per region x fuel:
    direct and embodied), in the satellite's unit.  ``fuel_F`` must add up to the satellite
    of ``p`` (checked)."""
    t = p.table
    names = list(fuel_F)
    if not names:
        raise InputError("no fuel satellites", where="per-fuel split",
                         expected="one emission vector per fuel")
    Fm = np.column_stack([np.asarray(fuel_F[f], dtype=float) for f in names])
    if Fm.shape[0] != t.n:
        raise InputError(f"fuel satellites have {Fm.shape[0]} rows, the table {t.n} nodes",
                         where="per-fuel split", expected="one value per node")
    tot = p.satellite.F
    if not np.allclose(Fm.sum(axis=1), tot, rtol=1e-9, atol=1e-12 * max(1.0, np.abs(tot).max())):
        raise InputError("the fuel satellites do not add up to the emission satellite",
                         where="per-fuel split", expected="F = sum over fuels of F_f")
    J = target_mask(p, sectors)
    R, S = len(t.regions), len(t.sectors)
    y = p.Yd.sum(axis=1)
    B = np.zeros((t.n, R))
    B[np.arange(t.n), np.repeat(np.arange(R), S)] = np.where(J, y, 0.0)
    V = np.asarray(p.solver.solve(B)).reshape(t.n, R)  # L y_(J,r), one column per region
    Sm = calc_S(Fm, p.x[:, None])
    direct = (Fm * J[:, None]).reshape(R, S, len(names)).sum(axis=1)
    embodied = V.T @ Sm
    reg = pd.Index(t.regions, name="region")
    long = pd.concat({"direct": pd.DataFrame(direct, index=reg, columns=names).stack(),
                      "embodied": pd.DataFrame(embodied, index=reg, columns=names).stack()},
                     axis=1)
    long.index = long.index.set_names(["region", "fuel"])
    total = pd.DataFrame({"direct": direct.sum(axis=0), "embodied": embodied.sum(axis=0)},
                         index=pd.Index(names, name="fuel"))
    for c in ("direct", "embodied"):
        s = total[c].sum()
        total[f"{c}_share"] = total[c] / s if s else np.nan
    return total.sort_values("embodied", ascending=False), long


def ceads_fuel_satellites(table, ceads: str | Path, concordance: str | Path,
                          layout: str | Path | None = None,
                          factors: pd.DataFrame | None = None,
                          library=None) -> dict[str, np.ndarray]:
    """One satellite vector per fuel of the layout (the 17 CEADs fuels by default, zeros for
    a fuel the inventory does not use) and ``Process``, on ``table``'s nodes in Mt, bridged by
    ``concordance`` exactly as the total (households left out: final demand, not a sector)."""
    from alcarbon.mrio.io import ceads as cd
    from alcarbon.mrio.io.ceads_bridge import ceads_satellite, read_ceads_concordance
    from alcarbon.mrio.io.xlsx_io import read_sheet
    from alcarbon.units import convert

    lay = cd.load_ceads_layout(layout)
    inv = cd.read_ceads(ceads, lay, factors=factors, library=library)  # validates everything
    conc = read_ceads_concordance(concordance)
    p = Path(ceads)
    parts, proc = [], {}
    for sheet in inv.meta["sheets"]:
        region = cd._region(sheet, dict(lay.province_aliases))
        df, pr, _, _ = cd._parse_sheet(read_sheet(p, sheet), lay, f"{p.name}, sheet {sheet!r}",
                                       region)
        parts.append(df)
        proc[region] = pr
    long = pd.concat(parts, ignore_index=True)
    hh = {lay.urban_label, lay.rural_label}
    by_fuel: dict[str, pd.Series] = {}
    for fuel, sub in long.groupby("fuel", sort=False):
        if lay.values == "energy":
            co2 = cd._energy_to_co2(sub, lay, factors, library, p.name)
        else:
            co2 = (sub.assign(t=sub["amount"] * convert(1.0, lay.co2_unit, "t"))
                   .groupby(["region", "sector"], sort=False)["t"].sum())
        by_fuel[str(fuel)] = co2
    by_fuel[PROCESS] = pd.concat(proc, names=["region", "sector"])
    zero_hh = pd.DataFrame(0.0, index=inv.households.index, columns=["urban", "rural"])
    # every fuel of the layout is listed, a fuel the inventory does not use with zeros
    out = {f: np.zeros(table.n) for f in lay.fuel_labels if f not in by_fuel}
    for fuel, co2 in by_fuel.items():
        sec = co2.index.get_level_values("sector")
        part = cd.CeadsInventory(sectors=co2[~sec.isin(list(hh))], households=zero_hh,
                                 energy=None, sector_order=inv.sector_order, meta=inv.meta)
        out[fuel] = ceads_satellite(table, part, conc).F
    return out
