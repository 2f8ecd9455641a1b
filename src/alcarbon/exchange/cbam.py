"""EU CBAM-style summary of unwrought aluminium (CN 7601) from the same GB/T 44905 result.

CBAM (Reg. (EU) 2023/956, monitoring per Implementing Reg. (EU) 2023/1773) counts, per t of good,
**direct** emissions of the production process (process CO2 of anode consumption, PFC CF4/C2F6
from anode effects, fuel combustion, measurable heat) and reports **indirect** emissions of the
electricity consumed separately; aluminium is among the goods of Reg. (EU) 2023/956 Annex II, for
which only direct emissions are taken into account in the definitive period. Alumina is not a
CBAM good, so the refinery and the mine are outside; so are upstream fuel chains and purchased
materials. Every contribution row of the
cradle-to-gate cube falls in exactly one bucket, so the reconciliation rows sum to the CFP.

Gases (Reg. (EU) 2023/956 Annex I): CO2, and for aluminium the PFCs CF4 and C2F6. PFCs are
converted at the GWP100 of the GWP table of Implementing Reg. (EU) 2023/1773 (Annex VIII), the
IPCC AR5 values (CF4 6630, C2F6 11100, as in the EU ETS monitoring regulation 2018/2066), not the
study's GWP set (GB/T 44905 Appendix D: AR6); the difference is a reconciliation row. CH4 and N2O
of fuel combustion are not CBAM gases for aluminium and are excluded (their own row).

Boundary units: electrolysis and casting, plus anode production when the study models it in the
installation (``include_anode=True``); only units the study has are listed. Captive power is an
indirect (electricity) emission of the units consuming it: the study is recomputed with consumer
attribution when it reports captive plants as their own stage.

Indirect emissions are CO2 of the electricity consumed (2023/1773 Annex III, electricity: a grid or
a supplier emission factor): a captive plant's combustion CO2 (basis combustion_co2); a direct
line at the supplier's factor, labelled with its own basis; grid and contract kWh at the MEE/NBS
CO2 grid factor of the region of consumption when the study's grid factor is life-cycle (the
swap is its own reconciliation row, ``indirect_grid_life_cycle_to_co2``). Each part names its
factor id and basis.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

BOUNDARY = ("electrolysis", "casting")
PRECURSOR_UNITS = ("bauxite_mining", "alumina_refining")
CN = {"aluminium_ingot": "7601", "liquid_aluminium": "7601"}
PFC = ("CF4", "C2F6")
#: Gases counted by CBAM for aluminium (2023/956 Annex I); "CO2e" rows are aggregated factors
#: (purchased heat, supplier data) kept with their bucket.
CBAM_GASES = ("CO2", "CO2e") + PFC
#: GWP set of Implementing Reg. (EU) 2023/1773 Annex VIII section 3 (IPCC AR5 GWP100).
CBAM_GWP_SET = "AR5"


def bucket(c: Any, units: tuple[str, ...]) -> str:
    """CBAM bucket of one contribution row (see module docstring)."""
    if c.unit not in units:
        return "excluded_precursor" if c.unit in PRECURSOR_UNITS else "excluded_other_units"
    if c.category == "other":
        return "excluded_upstream"
    if c.gas not in CBAM_GASES:
        return "excluded_non_cbam_gases"
    if c.category == "process":
        return "direct_pfc" if c.gas in PFC else "direct_process_co2"
    if c.category == "fuel_combustion":
        return "direct_combustion"
    if c.category == "energy":
        return "indirect_electricity" if c.flow.startswith("electricity") else "direct_heat"
    return "excluded_upstream"


def _co2_factor(lib: Any, study: Any, c: Any, item: Any) -> tuple[float, str, str]:
    """(t CO2 per kWh, factor id, basis) for one purchased-electricity row of the CBAM indirect
    figure: the row's own factor when it is CO2-only or a direct line's (supplier) factor, else
    the MEE/NBS CO2 grid factor of the region of consumption (national when none is known)."""
    sup = study.electricity.supplies.get(item.supply or "")
    user = sup is not None and (sup.type == "direct_line" or (
        sup.type == "grid" and (sup.factor or sup.value is not None)))
    own = c.basis == "combustion_co2" or user
    if own:
        return c.factor, c.factor_id, c.basis
    unit = next((u for u in study.units if u.id == item.unit), None)
    region = (sup.region if sup is not None else None) or (unit.location if unit else None)
    from alcarbon.engine.electricity import _nearest_year

    get = lambda y: lib.grid(region or "cn", y, "combustion_co2")  # noqa: E731
    year = study.electricity.grid_year or study.period.end.year
    f, _ = _nearest_year(get, year, "grid electricity (combustion_co2)")  # id names the year
    return f.per_unit("kWh"), f.id, f.basis


def _indirect_parts(study: Any, result: Any, p: Any, units: tuple[str, ...], lib: Any,
                    kwh_total: float) -> list[dict[str, Any]]:
    """CBAM indirect electricity per source with its factor named (id, basis, kg CO2/kWh)."""
    from alcarbon.facts import r6

    parts: dict[tuple[str, str, str], dict[str, float]] = {}
    bought = 0.0
    for c in p.contributions:
        if bucket(c, units) != "indirect_electricity":
            continue
        if c.flow == "electricity":
            item = result.system.items[c.item]
            ef, fid, basis = _co2_factor(lib, study, c, item)
            key, kwh, t = (item.supply or "grid", fid, basis), c.activity, c.activity * ef
            bought += c.activity
        else:  # a captive plant's combustion CO2 attributed to its consumer (7.1.5.1)
            key, kwh, t = (f"captive:{c.origin_unit}", f"unit:{c.origin_unit}",
                           "combustion_co2"), 0.0, c.t_co2e
        a = parts.setdefault(key, {"kwh": 0.0, "t": 0.0})
        a["kwh"] += kwh
        a["t"] += t
    captive = [k for k in parts if k[0].startswith("captive:")]
    for k in captive:  # captive kWh: the boundary's electricity not bought (one plant usual)
        parts[k]["kwh"] = max(kwh_total - bought, 0.0) / len(captive)
    return [{"source": k[0], "factor_id": k[1], "basis": k[2], "electricity_kwh": r6(a["kwh"]),
             "t_co2": r6(a["t"]),
             "ef_kg_co2_per_kwh": r6(1000 * a["t"] / a["kwh"]) if a["kwh"] else None}
            for k, a in parts.items()]


def cbam_summary(study: Any, result: Any, product: str = "aluminium_ingot", *,
                 include_anode: bool = True, lib: Any = None) -> dict[str, Any]:
    """Direct and indirect embedded emissions per t and the reconciliation from the CFP."""
    from alcarbon.engine import calculate
    from alcarbon.errors import InputError
    from alcarbon.facts import electricity_use, r6
    from alcarbon.gwp import get_gwp_set

    if product not in CN:
        raise InputError(f"CBAM summary is for unwrought aluminium, not {product!r}",
                         where="--product", expected="aluminium_ingot or liquid_aluminium")
    if product not in result.products:
        raise InputError(f"{product!r} is not a declared product", where="declared_products",
                         expected=", ".join(result.products))
    if study.captive_attribution != "consumer":
        study = study.model_copy(update={"captive_attribution": "consumer"})
        result = calculate(study, lib)
    p = result.products[product]
    have = {u.id for u in study.units}
    units = tuple(u for u in BOUNDARY + (("anode_production",) if include_anode else ())
                  if u in have)  # only units the study has (a plant may buy its anodes)
    sums: dict[str, float] = defaultdict(float)
    gas_t: dict[str, float] = defaultdict(float)
    for c in p.contributions:
        b = bucket(c, units)
        sums[b] += c.t_co2e
        if b == "direct_pfc":
            gas_t[c.gas] += c.t_gas
    keys = ("direct_process_co2", "direct_pfc", "direct_combustion", "direct_heat",
            "indirect_electricity", "excluded_upstream", "excluded_precursor",
            "excluded_other_units", "excluded_non_cbam_gases")
    v = {k: r6(sums.get(k, 0.0)) for k in keys}
    # PFC at the CBAM GWP (AR5); the study's GWP-weighted value stays in the reconciliation
    gwp = get_gwp_set(CBAM_GWP_SET)
    pfc_cbam = r6(sum(gwp.factor(g) * t for g, t in gas_t.items()))
    pfc_adjust = r6(pfc_cbam - v["direct_pfc"])
    direct = r6(v["direct_process_co2"] + pfc_cbam + v["direct_combustion"] + v["direct_heat"])
    from alcarbon.engine.calculate import _library

    kwh = sum(k for u, k in electricity_use(study, result, product)["by_unit"].items()
              if u in units)
    parts = _indirect_parts(study, result, p, units, _library(study, lib), kwh)
    indirect = r6(sum(x["t_co2"] for x in parts))
    to_co2 = r6(indirect - v["indirect_electricity"])
    excluded = ("excluded_upstream", "excluded_precursor", "excluded_other_units",
                "excluded_non_cbam_gases")
    total = r6(v["direct_process_co2"] + v["direct_pfc"] + v["direct_combustion"]
               + v["direct_heat"] + v["indirect_electricity"] + sum(v[k] for k in excluded))
    recon = [
        {"item": "cfp_cradle_to_gate", "t_co2e": total},
        {"item": "minus_upstream_materials_fuels_transport",
         "t_co2e": -v["excluded_upstream"] or 0.0},
        {"item": "minus_alumina_and_bauxite", "t_co2e": -v["excluded_precursor"] or 0.0},
        {"item": "minus_other_units", "t_co2e": -v["excluded_other_units"] or 0.0},
        {"item": "minus_non_cbam_gases", "t_co2e": -v["excluded_non_cbam_gases"] or 0.0},
        {"item": f"pfc_gwp_{result.gwp_set}_to_{CBAM_GWP_SET}", "t_co2e": pfc_adjust or 0.0},
        {"item": "indirect_grid_life_cycle_to_co2", "t_co2e": to_co2 or 0.0},
        {"item": "cbam_direct", "t_co2e": direct},
        {"item": "cbam_indirect_electricity", "t_co2e": indirect},
    ]
    ae = next((u.process_emissions.anode_effect for u in study.units
               if u.process_emissions.anode_effect), None)
    return {
        "good": "unwrought aluminium", "cn_code": CN[product], "route": "primary (electrolytic)",
        "product": product, "per": "t", "gwp_set_study": result.gwp_set,
        "gwp_set_pfc": CBAM_GWP_SET,
        "gwp_pfc": {g: gwp.factor(g) for g in PFC},
        "boundary_units": list(units),
        "anode_production_included": "anode_production" in units,
        "direct": {"process_co2": v["direct_process_co2"], "pfc_co2e": pfc_cbam,
                   "cf4_t": r6(gas_t.get("CF4", 0.0) * 1e3) / 1e3,
                   "c2f6_t": r6(gas_t.get("C2F6", 0.0) * 1e3) / 1e3,
                   "fuel_combustion_co2": v["direct_combustion"], "heat": v["direct_heat"],
                   "total": direct},
        "indirect": {"electricity_kwh": r6(kwh), "t_co2e": indirect,
                     "ef_kg_per_kwh": r6(1000 * indirect / kwh) if kwh else None,
                     "bases": sorted({x["basis"] for x in parts}),
                     "factors": parts},
        "pfc_method": ae.method if ae else None,
        "aem_min_per_cell_day": ae.aem_min_per_cell_day if ae else None,
        "reconciliation": recon,
        "cfp": r6(p.cfp),
        "notes": [
            "Indirect emissions are reported separately; aluminium is listed in Annex II of "
            "Regulation (EU) 2023/956 (only direct emissions are taken into account).",
            f"PFC converted with the GWP100 of the GWP table of Implementing Regulation (EU) "
            f"2023/1773 Annex VIII (IPCC {CBAM_GWP_SET}: CF4 {gwp.factor('CF4'):g}, "
            f"C2F6 {gwp.factor('C2F6'):g}); the "
            f"CFP uses {result.gwp_set}, the difference is the reconciliation row "
            f"pfc_gwp_{result.gwp_set}_to_{CBAM_GWP_SET}. CH4 and N2O are not CBAM gases for "
            "aluminium (minus_non_cbam_gases).",
            "Indirect electricity is CO2 of a grid or supplier factor (Implementing Regulation "
            "(EU) 2023/1773 Annex III): captive plant combustion CO2; a direct line at the "
            "supplier's factor with its own basis; grid and contract kWh at the MEE/NBS CO2 grid "
            "factor of the region of consumption. Each part names its factor id and basis "
            "(indirect.factors).",
        ],
    }
