"""Emission sources of one chain stage, vectorised over the province-year grid.

Each function calls the method of :mod:`alcarbon.methods` and the factor of
:mod:`alcarbon.factors` that the product engine uses for the same source (one code path):

- :func:`fuel`     fuel per t output -> ``methods.fuel_combustion`` with the library's NCV, carbon
  content and oxidation (mass, volume or energy units);
- :func:`material` purchased material -> its life-cycle upstream factor of the library
  (electricity and heat factors refused: they have their own parameters and basis rule);
- :func:`heat`     purchased heat/steam (GJ) x factor (supplied, or ``heat.mee_default``);
- :func:`baking`   anode baking: pitch volatiles (IPCC 2006 Eq. 4.22, ``methods.pitch_volatiles``)
  and packing coke (Eq. 4.23, ``methods.packing_coke``), GB/T 44905 Table A.3 process emissions.

Amounts are per t of stage output (``values``, NaN where no row applies) times the output ``prod``
(t); every function returns t of gas per grid row.
"""

from __future__ import annotations

import numpy as np

from alcarbon.errors import BasisError, InputError, MissingFactorError
from alcarbon.units import Q_, parse_unit, ureg

HEAT_DEFAULT = "heat.mee_default"  # factor library id: NDRC/MEE guideline default, t CO2/GJ


def simplest(q) -> object:
    """The plain unit of a product 'unit/t x t' (mass -> t, volume -> Nm3, energy -> GJ)."""
    dim = q.dimensionality
    for u in (ureg.t, ureg.Nm3, ureg.GJ):
        if dim == u.dimensionality:
            return u
    raise InputError(f"unit {q.units:~} is not a mass, volume or energy per tonne",
                     expected="e.g. kg/t, Nm3/t, GJ/t")


def fuel(library, fuel_id: str, values, unit, prod, where) -> tuple[dict, np.ndarray]:
    """Combustion gases (``{gas: Quantity t}``) and the fuel energy (GJ per row)."""
    from alcarbon import methods

    try:
        fp = library.fuel_any_table(fuel_id) or library.fuel(fuel_id)  # default table first
    except Exception as exc:
        raise InputError(f"unknown fuel {fuel_id!r}: {exc}", where=where,
                         expected="a fuel id of the factor library") from None
    ncv = Q_(fp.ncv, parse_unit(fp.ncv_unit))
    try:
        amount = Q_(np.nan_to_num(values) * prod, parse_unit(unit) * ureg.t)
        amount = amount.to(simplest(amount))
        cc = Q_(fp.carbon_content, "t/GJ")
        gases = methods.fuel_combustion(amount, ncv=ncv, carbon_content=cc, oxidation=fp.oxidation)
        energy = amount if amount.dimensionality == ureg.GJ.dimensionality else amount * ncv
        return gases, np.asarray(energy.to("GJ").magnitude, dtype=float)
    except InputError as e:
        raise e.located(where) from None


def material(library, flow_id: str, values, unit, prod, where) -> tuple[str, np.ndarray]:
    """Upstream emissions of a purchased material: amount x the flow's upstream factor."""
    fid = flow_id
    try:
        flow = library.flow(flow_id)
    except Exception:
        flow = None  # not a flow id: try it as a factor id
    if flow is not None:
        if flow.upstream_factor is None:
            raise MissingFactorError([f"upstream factor of material {flow_id}"], where=where)
        fid = flow.upstream_factor
    try:
        factor = library.get(fid)
    except Exception as exc:
        raise InputError(f"no factor for material {flow_id!r}: {exc}", where=where,
                         expected="a flow or factor id of the factor library") from None
    if factor.kind in ("electricity", "heat") or factor.basis != "life_cycle":
        # energy bought in goes through `electricity`/`heat`, which keep one basis per data set
        raise BasisError(
            f"material {flow_id!r} resolves to {factor.id} ({factor.kind}, basis "
            f"{factor.basis}), not a purchased material's life-cycle upstream factor",
            where=where, expected="`electricity` (kWh/t) or `heat` (GJ/t) for energy; "
            "material.<id> for materials with a life-cycle factor (GB/T 44905 8.2)")
    try:
        per = simplest(Q_(1.0, parse_unit(unit) * ureg.t))
        amount = Q_(np.nan_to_num(values) * prod, parse_unit(unit) * ureg.t).to(per)
        return factor.gas, amount.magnitude * factor.per_unit(f"{per:~}")
    except InputError as e:
        raise e.located(where) from None


def heat(library, gj_per_t: np.ndarray, factor: np.ndarray, prod: np.ndarray, basis: str,
         where: str) -> tuple[np.ndarray, np.ndarray]:
    """Purchased heat or steam (Appendix A 'energy-related'): (GJ, t gas) per grid row.

    ``gj_per_t`` GJ of heat per t output; ``factor`` t gas per GJ (NaN: the factor library's
    ``heat.mee_default``, 0.11 t CO2/GJ, a combustion-CO2 factor; refused for a ``life_cycle``
    data set, where electricity and heat must share a basis, DESIGN.md / 7.1.5).
    """
    gj = np.nan_to_num(gj_per_t) * prod
    need = (gj > 0) & np.isnan(factor)
    if need.any():
        f = library.get(HEAT_DEFAULT)
        if f.basis != basis:
            raise BasisError(
                f"the library's heat factor {f.id} has basis {f.basis}; the data set uses {basis}",
                where=where.replace("parameter heat", "parameter heat_factor"),
                expected=f"a heat_factor (t per GJ, {basis}) for every province-year with heat",
            )
        factor = np.where(need, f.per_unit("GJ"), factor)
    return gj, gj * np.nan_to_num(factor)


def _opt(params: dict, name: str) -> np.ndarray | None:
    return params[name][0] if name in params else None


def _fill(values: np.ndarray | None, key: str) -> np.ndarray | None:
    """``values`` with blanks taken from the method default ``DEFAULTS[key]`` (None: not given)."""
    from alcarbon.methods import DEFAULTS

    if values is None or np.isnan(values).all():
        return None
    return np.where(np.isnan(values), DEFAULTS[key].value, values)


def _pitch(ga: np.ndarray, ba: np.ndarray, share: np.ndarray, wt: np.ndarray, kw: dict
           ) -> np.ndarray:
    """Eq. 4.22 over rows (t CO2). The equation is linear in WT, so a furnace mix is the
    share-weighted sum of the method's default-WT results for Riedhammer and other furnaces; a
    given WT (t/t BA, NaN = not given) replaces both."""
    from alcarbon import methods

    pv = np.zeros(len(ba))
    for kind, weight in (("riedhammer", share), ("other", 1.0 - share)):
        on = ((weight > 0) & np.isnan(wt)).astype(float)
        if on.any():
            out = methods.pitch_volatiles(Q_(ga * on, "t"), Q_(ba * on, "t"), furnace=kind, **kw)
            pv += weight * out["CO2"].to("t").magnitude
    on = (~np.isnan(wt)).astype(float)
    if on.any():
        out = methods.pitch_volatiles(Q_(ga * on, "t"), Q_(ba * on, "t"),
                                      waste_tar=Q_(np.nan_to_num(wt) * ba, "t"), **kw)
        pv += out["CO2"].to("t").magnitude
    return pv


def baking(prod: np.ndarray, green_per_baked: np.ndarray, params: dict, grid, where: str
           ) -> dict[str, np.ndarray]:
    """CO2 of anode baking per grid row: ``{"pitch_volatiles": t, "packing_coke": t}``.

    Per t baked anode BA (the stage output): GA = green_per_baked x BA; hydrogen
    ``green_hydrogen_fraction`` (default 0.005 of GA), waste tar ``waste_tar_per_baked`` (t/t BA;
    default 0.005 x GA in the share ``riedhammer_share`` of Riedhammer furnaces, 0 in others),
    packing coke ``packing_coke_per_baked`` (default 0.015 t/t) with ``packing_coke_sulfur_pct``
    and ``packing_coke_ash_pct`` (defaults 2.0 and 2.5 %). Defaults: ``methods.DEFAULTS``
    (IPCC 2006 Vol.3 Ch.4.4 via the GHG Protocol aluminium workbook and 40 CFR 98 Table F-2).
    """
    from alcarbon import methods

    ga = np.nan_to_num(green_per_baked) * prod
    h = _fill(_opt(params, "green_hydrogen_fraction"), "H_w_fraction")
    share = _opt(params, "riedhammer_share")
    share = np.zeros(grid.size) if share is None else np.nan_to_num(share)
    wt = _opt(params, "waste_tar_per_baked")
    wt = np.full(grid.size, np.nan) if wt is None else wt
    try:
        pv = _pitch(ga, prod, share, wt, {} if h is None else {"hydrogen_fraction": h})
    except InputError as err:
        raise _bad_row(err, ga, prod, share, wt, h, grid).located(where) from None
    kw = {}
    for arg, name, key in (("packing_coke_per_t", "packing_coke_per_baked", "PCC"),
                           ("sulfur_pct", "packing_coke_sulfur_pct", "S_pc"),
                           ("ash_pct", "packing_coke_ash_pct", "Ash_pc")):
        v = _fill(_opt(params, name), key)
        if v is not None:
            kw[arg] = v
    try:
        pc = methods.packing_coke(Q_(prod, "t"), **kw)["CO2"].to("t").magnitude
    except InputError as e:
        raise e.located(where.replace("green_per_baked", "packing_coke_*")) from None
    return {"pitch_volatiles": pv, "packing_coke": np.asarray(pc, dtype=float) * np.ones(grid.size)}


def _bad_row(err: InputError, ga, ba, share, wt, h, grid) -> InputError:
    """Error path only: the method's error for the first province-year that fails Eq. 4.22."""
    for k in np.flatnonzero(ba > 0):
        sl = slice(k, k + 1)
        try:
            kw = {} if h is None else {"hydrogen_fraction": h[sl]}
            _pitch(ga[sl], ba[sl], share[sl], wt[sl], kw)
        except InputError as row_err:
            return InputError(f"{grid.prov[k]} {grid.year[k]}: {row_err.message}",
                              expected=row_err.expected)
    return err
