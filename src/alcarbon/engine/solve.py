"""Solve the product system and build the contribution cube (GB/T 44905 8.2 formula (1)).

s = A^-1 f scales every column to deliver 1 t of the declared product; each line item then emits
activity x factor x s[column] t of its gas, weighted by GWP. Cycles (e.g. a captive power plant
whose electricity also runs its own coal handling) are solved, not refused.
"""

from __future__ import annotations

import numpy as np

from alcarbon.engine.result import Contribution
from alcarbon.engine.system import ProductSystem
from alcarbon.errors import CalculationError
from alcarbon.inventory.model import STANDARD_STAGES

_ENERGY_KINDS = ("electricity", "heat", "steam")


def scaling(system: ProductSystem, F: np.ndarray) -> np.ndarray:
    """Solve A S = F for the scaling vectors (one column per demand vector)."""
    try:
        S = np.linalg.solve(system.A, F)
    except np.linalg.LinAlgError as exc:
        raise CalculationError(
            "the product system is singular: a product is consumed as much as (or more than) it "
            "is made, or a unit makes nothing", expected="each unit's output to exceed its "
            "consumption of its own product through the chain",
        ) from exc
    # A loop that consumes more than it makes (e.g. power needing more steam than the boiler
    # can make with that power) solves to negative scaling: refuse it rather than report a
    # negative footprint.
    tol = 1e-9 * max(1.0, float(np.abs(S).max()))
    neg = (S < -tol) if S.ndim == 1 else (S < -tol).any(axis=1)
    bad = sorted({system.columns[j][0] for j in np.flatnonzero(neg)})
    if bad or not np.isfinite(S).all():
        raise CalculationError(
            f"the product system cannot deliver the declared product: units {bad} would have to "
            "run at negative scale (a loop uses more of a product than it makes)",
            expected="a loop whose units make more than they consume of each other's products",
        )
    return S


def item_arrays(system: ProductSystem, market: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(column index, t CO2e per unit of column scale, t gas per unit of scale) per item."""
    cols = np.fromiter((it.column for it in system.items), int, len(system.items))
    gas_t = np.fromiter(
        (it.activity * (it.factor_market if market and it.factor_market is not None
                        else it.factor) for it in system.items), float, len(system.items))
    gwp = np.fromiter((system.gwp[it.gas] for it in system.items), float, len(system.items))
    return cols, gas_t * gwp, gas_t


def _report_columns(
    system: ProductSystem, s: np.ndarray, attribute: bool
) -> list[dict[int, float]]:
    """For each column, how its emissions are reported: {reporting column: weight}.

    Standard-stage units report themselves. A user-defined supply unit (captive power plant,
    boiler) with attribute=True reports in the units that consume its product, in proportion to
    what they use under this demand (Appendix A: 自备电力/热力 are energy-related of the
    consumer). Supply units that feed each other (a loop) are resolved exactly as an absorbing
    Markov chain: D_T = (I - Q)^-1 R over the transient (supply) columns.
    """
    n = len(system.columns)
    W = np.zeros((n, n))
    if attribute:
        for e in system.tech:
            j = e.row  # column j makes product row j
            if j != e.column and system.unit_stage[system.columns[j][0]] not in STANDARD_STAGES:
                W[j, e.column] += max(-e.value * s[e.column], 0.0)
    totals = W.sum(axis=1)
    transient = np.flatnonzero(totals > 0)
    out: list[dict[int, float]] = [{j: 1.0} for j in range(n)]
    if transient.size == 0:
        return out
    W[transient] /= totals[transient, None]
    absorbing = np.setdiff1d(np.arange(n), transient)
    Q = W[np.ix_(transient, transient)]
    R = W[np.ix_(transient, absorbing)]
    try:
        D = np.linalg.solve(np.eye(transient.size) - Q, R)
    except np.linalg.LinAlgError:  # a closed loop with no consumer outside: keep own stage
        return out
    for t, j in enumerate(transient):
        out[j] = {int(absorbing[k]): float(D[t, k]) for k in np.flatnonzero(D[t] > 1e-15)}
    return out


def contributions(system: ProductSystem, s: np.ndarray, *, market: bool, convention: str,
                  attribute: bool) -> list[Contribution]:
    """The cube rows for one scaling vector ``s`` (per declared unit)."""
    cols, co2e_per_scale, gas_per_scale = item_arrays(system, market)
    scale = s[cols]
    report = _report_columns(system, s, attribute)
    rows: list[Contribution] = []
    for i, it in enumerate(system.items):
        if scale[i] == 0.0 or co2e_per_scale[i] == 0.0:
            continue
        mk = market and it.factor_market is not None
        factor = it.factor_market if mk else it.factor
        fid = it.factor_id_market if mk else it.factor_id
        basis = (it.basis_market if mk else it.basis) or it.basis
        for j, w in report[it.column].items():
            unit = system.columns[j][0]
            moved = j != it.column
            category, flow = it.category, it.flow
            if moved:  # a supply unit's line reported in its consumer (captive_attribution)
                kind = system.consumer_kind.get((system.row(system.columns[it.column][1]), j), "")
                category = "energy" if kind in _ENERGY_KINDS and not it.upstream else (
                    "other" if it.upstream else category)
                flow = f"{kind or 'supply'}:{it.flow}"
                if category == "energy":  # a modelled captive plant is life cycle (7.1.5.1)
                    basis = "life_cycle"
            upstream = it.upstream or (convention == "all_upstream" and it.purchased_energy)
            stage = "upstream" if convention != "none" and upstream else system.unit_stage[unit]
            frac = scale[i] * w
            rows.append(Contribution(
                unit=unit, stage=stage, category=category, flow=flow, gas=it.gas,
                activity=it.activity * frac, activity_unit=it.activity_unit, factor=factor,
                factor_unit=f"t {it.gas}/{it.activity_unit}", factor_id=fid, basis=basis,
                t_gas=gas_per_scale[i] * frac, t_co2e=co2e_per_scale[i] * frac,
                origin_unit=it.unit,
                source=(it.source_market if mk and it.source_market else it.source),
                dq=it.dq, item=i,
            ))
    return rows
