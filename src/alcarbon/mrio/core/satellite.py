"""Emission satellite accounts: given directly, or computed from energy use by fuel x sector.

    F_(r,i) = sum_f AD_(r,i,f) x EF_f                    (t CO2; AD in the fuel's unit)
    EF_f    = NCV_f x CC_f x O_f x 44/12                  (t CO2 per unit of fuel)

(research/china-mrio.md 3.1: CE = AD x NCV x CC x O x 44/12, as in the CEADs inventories and
GB/T 32151.1 for fuel combustion.)  The factor table is plain data the user supplies;
:func:`factor_table_from_library` builds it from ``alcarbon.factors`` when that library is
installed, carrying each fuel's source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from alcarbon.errors import InputError, MissingFactorError
from alcarbon.mrio.core.model import IOTable, Satellite

CO2_PER_C = 44.0 / 12.0  # molar mass ratio CO2/C (IPCC 2006 Vol.2 eq. 2.1 uses 44/12)


def emissions_from_energy(energy: pd.DataFrame, factors: pd.DataFrame | Mapping[str, float],
                          ) -> pd.Series:
    """Direct CO2 per (region, sector) in t: sum over fuels of amount x EF.

    ``energy`` columns: region, sector, fuel, amount and optionally unit.
    ``factors``: a mapping fuel -> t CO2 per unit, or a DataFrame with columns fuel, ef
    (t CO2 per unit) and optionally unit.  When both sides give a unit the amount is converted
    to the factor's unit (alcarbon.units).  Every fuel without a factor is listed at once.
    """
    need = {"region", "sector", "fuel", "amount"}
    if need - set(energy.columns):
        raise InputError("energy table is missing columns", where="energy use",
                         expected="columns " + ", ".join(sorted(need)) + " (and unit)")
    if isinstance(factors, Mapping):
        ftab = pd.DataFrame({"fuel": list(factors), "ef": list(factors.values())})
    else:
        ftab = factors
    if {"fuel", "ef"} - set(ftab.columns):
        raise InputError("factor table is missing columns", where="emission factors",
                         expected="columns fuel, ef (t CO2 per unit) and optionally unit")
    ef = dict(zip(ftab["fuel"].astype(str), ftab["ef"].astype(float), strict=True))
    ef_unit = dict(zip(ftab["fuel"].astype(str), ftab["unit"], strict=True)) \
        if "unit" in ftab.columns else {}
    missing = sorted({str(f) for f in energy["fuel"]} - set(ef))
    if missing:
        raise MissingFactorError([f"fuel {m}: t CO2 per unit" for m in missing],
                                 where="energy use")
    amounts = energy["amount"].astype(float).to_numpy().copy()
    if "unit" in energy.columns and ef_unit:
        from alcarbon.units import convert

        for k, (fuel, unit) in enumerate(zip(energy["fuel"].astype(str), energy["unit"],
                                             strict=True)):
            target = ef_unit.get(fuel)
            if isinstance(unit, str) and isinstance(target, str) and unit and target \
                    and unit != target:
                amounts[k] = convert(amounts[k], unit, target)
    co2 = amounts * np.array([ef[str(f)] for f in energy["fuel"]])
    out = pd.Series(co2, index=pd.MultiIndex.from_arrays(
        [energy["region"].astype(str), energy["sector"].astype(str)],
        names=["region", "sector"]))
    return out.groupby(level=["region", "sector"], sort=False).sum().rename("CO2_t")


def satellite_from_series(table: IOTable, F: pd.Series, *, unit: str = "t",
                          name: str = "CO2", scale: float = 1.0,
                          F_Y: Mapping[str, float] | None = None) -> Satellite:
    """Place per-(region, sector) emissions on the table's node order (missing nodes = 0);
    ``F_Y`` maps a consuming region to household direct emissions (put on its first FD
    column).  ``scale`` converts units (e.g. 1e-6 for t -> Mt)."""
    known = set(table.index)
    extra = [k for k in F.index if tuple(k) not in known]
    if extra:
        raise InputError(f"{len(extra)} region/sector pairs not in the table, e.g. {extra[0]}",
                         where="emission satellite", expected="labels of the table")
    vec = F.reindex(table.index).fillna(0.0).to_numpy(dtype=float) * scale
    fy = np.zeros(table.Y.shape[1])
    for region, value in (F_Y or {}).items():
        if region not in table.fd_regions:
            raise InputError(f"unknown region {region!r}", where="household emissions",
                             expected="a consuming region of the table")
        fy[table.fd_regions.index(region)] += float(value) * scale
    return Satellite(F=vec, F_Y=fy, name=name, unit=unit)


def ef_from_ncv(ncv: float, carbon_content: float, oxidation: float) -> float:
    """EF = NCV x CC x O x 44/12: t CO2 per fuel unit, for NCV in GJ per unit and CC in tC/GJ."""
    return ncv * carbon_content * oxidation * CO2_PER_C


def factor_table_from_library(fuel_ids: Iterable[str], library=None,
                              table: str | None = None) -> pd.DataFrame:
    """Factor table (fuel, ef, unit, source) from ``alcarbon.factors.load_library()``, fuel
    properties from the library's fuel ``table`` (its default table when None).

    The unit is the denominator of the fuel's NCV unit ("GJ/t" -> "t",
    "GJ/(10000*Nm3)" -> "10000*Nm3"), so amounts must be in that unit (or convertible).
    """
    if library is None:
        try:
            from alcarbon.factors import load_library
        except ImportError as exc:
            raise InputError("the factor library alcarbon.factors is not available",
                             where="emission factors",
                             expected="a factor table (fuel, ef, unit) given directly") from exc
        library = load_library()
    rows = []
    for fid in fuel_ids:
        fp = library.fuel(fid, table) if table else library.fuel(fid)
        num, _, den = str(fp.ncv_unit).partition("/")
        if num.strip() != "GJ" or not den:
            raise InputError(f"NCV unit {fp.ncv_unit!r} of fuel {fid}",
                             where="factor library", expected="GJ per fuel unit")
        den = den.strip()
        if den.startswith("(") and den.endswith(")"):
            den = den[1:-1]
        rows.append({"fuel": fid, "ef": ef_from_ncv(fp.ncv, fp.carbon_content, fp.oxidation),
                     "unit": den, "source": str(fp.source)})
    return pd.DataFrame(rows, columns=["fuel", "ef", "unit", "source"])
