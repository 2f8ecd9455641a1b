"""The province x year chain model: emissions per province x year x stage x Appendix A category.

For every stage the activity is the province's output of the stage product (t); parameters are
per tonne of that output. Each emission source calls the same function of :mod:`alcarbon.methods`
and the same factor of :mod:`alcarbon.factors` that the product-footprint engine uses, once per
stage with numpy arrays over all province-years (the methods are vectorised):

=====================  ====================================  ===============  ==================
parameter              method / factor                       category (App. A) gas
=====================  ====================================  ===============  ==================
electricity            kWh x EF (grid; smelting mix)         energy           CO2 or CO2e
fuel.<id>              methods.fuel_combustion + library.fuel fuel_combustion  CO2
net_anode_consumption  methods.anode_consumption (Eq. 4.21)   process          CO2
anode_effect_minutes   methods.pfc_slope (IPCC Tier 2)        process          CF4, C2F6
carbonate.<mineral>    methods.carbonate_decomposition        process          CO2
material.<flow>        library factor x amount (upstream)     other            factor gas
heat (heat_factor)     GJ x factor (or heat.mee_default)      energy           CO2 or CO2e
green_per_baked etc.   methods.pitch_volatiles (Eq. 4.22)     process          CO2
  (anode_production)   methods.packing_coke (Eq. 4.23)        process          CO2
direct.<gas>           measured, t gas per t output           process          <gas>
=====================  ====================================  ===============  ==================

A ``direct.<gas>`` value is an override: where it is given (province-year) it replaces the
stage's computed process emissions of that gas (measured values replace computed ones; e.g.
``direct.CO2`` of anode_production replaces pitch volatiles and packing coke).

t CO2e = t gas x GWP (``gwp`` set, default AR6, GB/T 44905 Appendix D).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from alcarbon.chain import schema, sources
from alcarbon.chain.electricity import ElectricityFactors, electricity_factors
from alcarbon.chain.io import ChainData
from alcarbon.chain.resolve import Grid, ParameterRows, parameter_arrays
from alcarbon.errors import InputError
from alcarbon.units import Q_

KWH_TO_GJ = 0.0036  # 1 kWh = 3.6 MJ (exact)


@dataclass
class ChainResult:
    """Output of :func:`compute`.

    ``emissions``: long table province, year, stage, category, flow, gas, t (gas mass), tco2e.
    ``production``: stage -> t of stage output per grid row. ``energy``: stage -> GJ (electricity
    at 3.6 MJ/kWh, fuel NCV energy and purchased heat). ``params``: stage -> {parameter: (values,
    unit)}.
    """

    grid: Grid
    emissions: pd.DataFrame
    production: dict[str, np.ndarray]
    energy: dict[str, np.ndarray]
    params: dict[str, dict[str, tuple[np.ndarray, str]]]
    electricity: ElectricityFactors
    data: ChainData
    gwp_set: str = "AR6"
    notes: list[str] = field(default_factory=list)

    def stage_tco2e(self) -> dict[str, np.ndarray]:
        """stage -> t CO2e per grid row."""
        e = self.emissions
        stages, rows = e["stage"].to_numpy(dtype=object), e["_row"].to_numpy(dtype=int)
        t = e["tco2e"].to_numpy(dtype=float)
        out = {}
        for s in schema.STAGES:
            out[s] = np.zeros(self.grid.size)
            mask = stages == s
            np.add.at(out[s], rows[mask], t[mask])  # in table order, as the rows were summed
        return out


def _where(data: ChainData, stage: str, name: str) -> str:
    return f"{data.files.get('parameters', 'parameters')} (stage {stage}, parameter {name})"


def _required(grid: Grid, prod: np.ndarray, params: dict, stage: str, name: str,
              data: ChainData, needed: np.ndarray | None = None) -> np.ndarray:
    """Values of a required parameter; an error names the first province-year with output (and
    ``needed``, when given) that lacks one."""
    values = params.get(name, (np.full(grid.size, np.nan), ""))[0]
    gap = (prod > 0) & np.isnan(values)
    if needed is not None:
        gap &= needed
    if gap.any():
        k = int(np.flatnonzero(gap)[0])
        raise InputError(
            f"no value for {grid.prov[k]} {grid.year[k]} ({int(gap.sum())} province-year(s) "
            f"with {stage} output lack it)",
            where=_where(data, stage, name),
            expected="a row for that province and year, or a national default row (blank "
            "province and/or year); there is no packaged default for it",
        )
    return np.nan_to_num(values)


def _optional(values: np.ndarray, fallback: float | None) -> np.ndarray | float | None:
    if np.isnan(values).all():
        return fallback
    if fallback is None:
        return np.nan_to_num(values)
    return np.where(np.isnan(values), fallback, values)


def _given(params: dict, name: str, n: int) -> np.ndarray:
    """Where a parameter has a value (bool per grid row)."""
    return ~np.isnan(params[name][0]) if name in params else np.zeros(n, dtype=bool)


def _smelting(stage, prod, params, grid, data) -> list[tuple]:
    """Electrolysis process sources: anode consumption (Eq. 4.21) and PFC (Tier 2 slope)."""
    from alcarbon import methods

    nac = _required(grid, prod, params, stage, "net_anode_consumption", data)
    kw = {}
    for key, name in (("sulfur_pct", "anode_sulfur_pct"), ("ash_pct", "anode_ash_pct")):
        if name in params:
            fb = methods.DEFAULTS["S_a" if key == "sulfur_pct" else "Ash_a"].value
            kw[key] = _optional(params[name][0], fb)
    co2 = methods.anode_consumption(Q_(prod, "t"), net_anode_consumption=Q_(nac, "t/t"),
                                    **kw)["CO2"].to("t").magnitude
    out = [(stage, "process", "anode_consumption", "CO2", co2)]
    aem = _required(grid, prod, params, stage, "anode_effect_minutes", data)
    kw = {k: _optional(params[n][0], None) for k, n in
          (("slope", "pfc_slope"), ("c2f6_ratio", "c2f6_ratio")) if n in params}
    pfc = methods.pfc_slope(Q_(prod, "t"), aem=aem, **kw)
    out += [(stage, "process", "anode_effect", gas, q.to("t").magnitude) for gas, q in pfc.items()]
    return out


def _baking(stage, prod, params, grid, data) -> list[tuple]:
    """Anode baking process CO2 (Eqs. 4.22, 4.23); not needed where direct.CO2 is measured."""
    needed = ~_given(params, "direct.CO2", grid.size)
    if not (needed & (prod > 0)).any():
        return []
    where = _where(data, stage, "green_per_baked")
    ratio = _required(grid, prod, params, stage, "green_per_baked", data, needed)
    share = params.get("riedhammer_share", (np.zeros(1), ""))[0]
    if (np.nan_to_num(share) > 1).any():
        raise InputError("riedhammer_share above 1", where=_where(data, stage, "riedhammer_share"),
                         expected="a share 0-1 of baked anodes from Riedhammer furnaces")
    bp = needed * prod
    gases = sources.baking(bp, np.where(needed, ratio, 0.0), params, grid, where)
    return [(stage, "process", flow, "CO2", t) for flow, t in gases.items()]


def _override(stage_blocks: list[tuple], params: dict, n: int) -> list[tuple]:
    """Measured ``direct.<gas>`` replaces computed process emissions of that gas where given."""
    out = []
    for b in stage_blocks:
        st, cat, flow, gas, t = b
        if cat == "process" and not flow.startswith("direct."):
            mask = _given(params, f"direct.{gas}", n)
            if mask.any():
                b = (st, cat, flow, gas, np.where(mask, 0.0, t))
        out.append(b)
    return out


def compute(data: ChainData, *, library=None, gwp_set: str = "AR6") -> ChainResult:
    """Emissions of every province x year x stage x category of ``data`` (see module docstring)."""
    from alcarbon import methods
    from alcarbon.gwp import get_gwp_set

    prod_df = data.production
    if prod_df.empty:
        raise InputError("no production rows", where=data.files.get("production"),
                         expected="rows of province, year, product, amount, unit (see the "
                         "folder's README; `alcarbon chain template DIR --demo` writes a filled "
                         "example)")
    grid = Grid(sorted(set(prod_df["province"])), sorted(set(prod_df["year"])))
    names = data.parameters["parameter"]
    uses_library = (names.str.contains(r"^(?:fuel|material)\.").any()
                    or (names == "heat").any())
    if library is None and (data.electricity["grid_factor"].isna().any() or uses_library):
        from alcarbon.factors import load_library

        library = load_library()
    elec = electricity_factors(grid, data.electricity, library)
    gwp = get_gwp_set(gwp_set)
    pos = {(p, y): i for i, (p, y) in enumerate(zip(grid.prov, grid.year, strict=True))}
    param_rows = ParameterRows(data.parameters)
    production, energy, all_params = {}, {}, {}
    blocks: list[tuple[str, str, str, str, np.ndarray]] = []  # stage, category, flow, gas, t
    for stage, product in schema.STAGE_OUTPUT.items():
        prod = np.zeros(grid.size)
        sub = prod_df[prod_df["product"] == product]
        rows = [pos[(p, y)] for p, y in zip(sub["province"], sub["year"], strict=True)]
        prod[rows] = sub["amount"]
        params = parameter_arrays(grid, param_rows, stage)
        production[stage], all_params[stage] = prod, params
        gj = np.zeros(grid.size)
        if not (prod > 0).any():
            energy[stage] = gj
            continue
        kwh = _required(grid, prod, params, stage, "electricity", data) * prod
        ef = elec.smelting if stage == "electrolysis" else elec.grid
        sb = [(stage, "energy", "electricity", elec.gas, kwh * ef / 1000.0)]
        gj += kwh * KWH_TO_GJ
        if "heat" in params:  # purchased heat/steam, Appendix A energy-related
            f = params.get("heat_factor", (np.full(grid.size, np.nan), ""))[0]
            heat_gj, t = sources.heat(library, params["heat"][0], f, prod, elec.basis,
                                      _where(data, stage, "heat"))
            gj += heat_gj
            sb.append((stage, "energy", "heat", elec.gas, t))
        if stage == "electrolysis":
            sb += _smelting(stage, prod, params, grid, data)
        elif stage == "anode_production":
            sb += _baking(stage, prod, params, grid, data)
        for name, (values, unit) in params.items():
            fam, _, sfx = name.partition(".")
            if fam not in schema.FAMILIES or np.all(np.nan_to_num(values) * prod == 0):
                continue
            where = _where(data, stage, name)
            if fam == "fuel":
                gases, fuel_gj = sources.fuel(library, sfx, values, unit, prod, where)
                gj += fuel_gj
                for gas, q in gases.items():
                    sb.append((stage, "fuel_combustion", name, gas, q.to("t").magnitude))
            elif fam == "carbonate":
                purity = _optional(params.get("carbonate_purity", (values * np.nan, ""))[0], 1.0)
                mass = Q_(np.nan_to_num(values) * prod, "t")
                try:
                    co2 = methods.carbonate_decomposition(mass, mineral=sfx, purity=purity)
                except InputError as e:
                    raise e.located(where) from None
                sb.append((stage, "process", name, "CO2", co2["CO2"].to("t").magnitude))
            elif fam == "material":
                gas, t = sources.material(library, sfx, values, unit, prod, where)
                sb.append((stage, "other", name, gas, t))
            else:  # direct.<gas>: measured t gas per t output
                sb.append((stage, "process", name, sfx, np.nan_to_num(values) * prod))
        blocks += _override(sb, params, grid.size)
        energy[stage] = gj
    emissions = _long(grid, blocks, gwp)
    return ChainResult(grid, emissions, production, energy, all_params, elec, data, gwp_set)


def _long(grid: Grid, blocks, gwp) -> pd.DataFrame:
    n = grid.size
    cols = ["province", "year", "stage", "category", "flow", "gas", "t", "tco2e", "_row"]
    if not blocks:
        return pd.DataFrame(columns=cols)
    t = np.concatenate([np.asarray(b[4], dtype=float) * np.ones(n) for b in blocks])
    gw = np.concatenate([np.full(n, gwp.factor(b[3])) for b in blocks])
    df = pd.DataFrame({
        "province": np.tile(grid.prov, len(blocks)),
        "year": np.tile(grid.year, len(blocks)),
        "stage": np.repeat([b[0] for b in blocks], n),
        "category": np.repeat([b[1] for b in blocks], n),
        "flow": np.repeat([b[2] for b in blocks], n),
        "gas": np.repeat([b[3] for b in blocks], n),
        "t": t,
        "tco2e": t * gw,
        "_row": np.tile(np.arange(n), len(blocks)),
    })
    return df[df["t"] != 0].reset_index(drop=True)[cols]
