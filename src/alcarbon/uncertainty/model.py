"""The footprint as a function of multipliers on every uncertain datum, evaluated in batches.

Parameters (one multiplier each, static value = multiplier 1):

- ``activity:<datum>`` an activity datum (an input or output row, a transport leg, a process
  emission's activity). One datum may give several line items (upstream + combustion of a fuel,
  the two gases of the anode effect, the shares of an allocated unit): they share the multiplier.
- ``technosphere:<datum>`` an input linked to another unit (alumina, anode, captive electricity).
- ``factor:<factor_id>`` an emission factor. One multiplier per distinct factor id, so a factor
  used in several places is fully correlated (the same grid factor in every unit moves together).

Anode-consumption CO2 computed from a net anode consumption *derived* from the pots' prebaked
anode input (no ``net_anode_t_per_t``: NAC = (anode in - butts out) / metal) moves with that
input: CO2 = CO2_0 x (1 + sum_k a_k / (anode - butts) x (m_k - 1)) over the anode input rows k
(IPCC 2006 Vol.3 Eq. 4.21 is linear in NAC), so the anode datum's OAT bar and Monte Carlo draw
carry the process CO2 as well as the anode plant's emissions.

For N multiplier rows, ``evaluate`` builds N technosphere matrices, solves them in one batched
call, and sums the line items: CFP = sum_i base_i x m_act x m_fac x s[column_i] (GB/T 44905 8.2,
formula (1)), t CO2e per declared unit. No Python loop runs per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from alcarbon.inventory.flows import canonical_flow
from alcarbon.uncertainty import pedigree

KINDS = ("activity", "factor", "technosphere")


@dataclass
class Param:
    key: str  # "<kind>:<datum or factor id>"
    kind: str  # activity | factor | technosphere
    label: str
    sigma: float  # standard deviation of ln(multiplier)
    sigma_source: str
    value: float | None = None  # static value of the datum (period amount) or factor
    unit: str = ""
    dq: dict[str, Any] | None = None
    etype: str = ""  # exchange type of the uncertainty scheme (pedigree.BASIC_VARIANCE key)
    basic_var: float = 0.0  # basic variance of ln
    scores: dict[str, int] = field(default_factory=dict)  # pedigree score per criterion

    @property
    def gsd2(self) -> float:
        """exp(2 sigma): the factor of the 95 % interval around the median."""
        return float(np.exp(2.0 * self.sigma))


@dataclass
class LinearModel:
    """Everything needed to recompute every declared product's CFP from multipliers."""

    products: list[str]
    params: list[Param]
    A0: np.ndarray  # (n, n) static technosphere
    F: np.ndarray  # (n, k) demand vectors, one column per product
    item_base: np.ndarray  # (I,) t CO2e per unit of column scale
    item_col: np.ndarray  # (I,) column index
    item_act: np.ndarray  # (I,) parameter index of the activity multiplier
    item_fac: np.ndarray  # (I,) parameter index of the factor multiplier
    tech_row: np.ndarray  # (T,)
    tech_col: np.ndarray  # (T,)
    tech_val: np.ndarray  # (T,) static A entry (negative: consumption)
    tech_par: np.ndarray  # (T,) parameter index
    base: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (k,) static CFPs
    link_item: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # (L,)
    link_par: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # (L,)
    link_coef: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (L,) d ln item/d m

    @property
    def sigmas(self) -> np.ndarray:
        return np.array([p.sigma for p in self.params])

    def index(self, key: str) -> int:
        for i, p in enumerate(self.params):
            if p.key == key:
                return i
        raise KeyError(key)

    def evaluate(self, M: np.ndarray) -> np.ndarray:
        """CFPs (N, k) for multiplier rows M (N, P); t CO2e per declared unit."""
        M = np.asarray(M, dtype=float)
        N = M.shape[0]
        k = self.F.shape[1]
        if self.tech_par.size and np.any(M[:, self.tech_par] != 1.0):
            A = np.broadcast_to(self.A0, (N, *self.A0.shape)).copy()
            for t in range(self.tech_par.size):  # loop over links, vectorised over rows
                A[:, self.tech_row[t], self.tech_col[t]] += (
                    self.tech_val[t] * (M[:, self.tech_par[t]] - 1.0))
            S = np.linalg.solve(A, np.broadcast_to(self.F, (N, *self.F.shape)))  # (N, n, k)
            Sc = S[:, self.item_col, :]  # (N, I, k)
        else:
            S0 = np.linalg.solve(self.A0, self.F)  # (n, k)
            Sc = np.broadcast_to(S0[self.item_col, :], (N, self.item_col.size, k))
        E = M[:, self.item_act] * M[:, self.item_fac] * self.item_base  # (N, I)
        if self.link_item.size:
            adj = np.ones_like(E)
            for item, par, coef in zip(self.link_item, self.link_par, self.link_coef,
                                       strict=True):
                adj[:, item] += coef * (M[:, par] - 1.0)
            E = E * adj
        return np.einsum("ni,nik->nk", E, Sc)


def _datum(param: str) -> str:
    return param[: -len("/upstream")] if param.endswith("/upstream") else param


def _etype(datum: str) -> str:
    """Exchange type of an activity datum key (transport leg, process emission, or input)."""
    if "/transport/" in datum:
        return "transport"
    if "/process/" in datum:
        return "process"
    return "input"


def _label_for(study: Any, datum: str) -> tuple[str, float | None, str]:
    """Readable label, static amount and unit of a datum key like 'electrolysis/inputs/4'."""
    parts = datum.split("/")
    try:
        u = study.unit(parts[0])
        if len(parts) >= 3 and parts[1] in ("inputs", "outputs"):
            row = getattr(u, parts[1])[int(parts[2])]
            if len(parts) >= 5 and parts[3] == "transport":
                leg = row.transport[int(parts[4])]
                return f"{u.id}: transport of {row.flow} ({leg.mode})", leg.distance_km, "km"
            return f"{u.id}: {row.flow}", row.amount, row.unit
        if len(parts) >= 3 and parts[1] == "process":
            return f"{u.id}: process {'/'.join(parts[2:])}", None, ""
    except (KeyError, IndexError, ValueError, AttributeError):
        pass
    return datum, None, ""


def build_model(study: Any, result: Any, *, location: bool = False,
                products: list[str] | None = None) -> LinearModel:
    """Parameter model of a calculated study (``result = alcarbon.engine.calculate(study)``).

    ``location``: the location-based electricity factors (comparison) instead of the declared
    GB/T 44905 ones (7.1.5.3).
    """
    from alcarbon.engine import demand_vector

    system = result.system
    products = list(products or result.products)
    params: list[Param] = []
    index: dict[str, int] = {}

    def add(key: str, kind: str, label: str, sp: pedigree.Spread, value: float | None,
            unit: str, dq: dict[str, Any] | None) -> int:
        if key not in index:
            index[key] = len(params)
            params.append(Param(key, kind, label, sp.sigma, sp.source, value, unit, dq,
                                sp.etype, sp.basic_var, dict(sp.scores)))
        return index[key]

    n_items = len(system.items)
    item_base = np.zeros(n_items)
    item_col = np.zeros(n_items, dtype=int)
    item_act = np.zeros(n_items, dtype=int)
    item_fac = np.zeros(n_items, dtype=int)
    for i, it in enumerate(system.items):
        datum = _datum(it.param) or f"item/{i}"
        label, value, unit = _label_for(study, datum)
        item_act[i] = add(f"activity:{datum}", "activity", label,
                          pedigree.activity_spread(it.dq, _etype(datum)), value, unit, it.dq)
        mk = not location and it.factor_market is not None
        factor = it.factor_market if mk else it.factor
        fid = (it.factor_id_market if mk else it.factor_id) or f"item/{i}"
        item_fac[i] = add(f"factor:{fid}", "factor", f"factor {fid}",
                          pedigree.factor_spread(it.category, it.gas, it.factor_confidence,
                                                 fid), factor,
                          f"t {it.gas}/{it.activity_unit}", None)
        item_base[i] = it.activity * factor * system.gwp[it.gas]
        item_col[i] = it.column
    T = len(system.tech)
    tech_row = np.zeros(T, dtype=int)
    tech_col = np.zeros(T, dtype=int)
    tech_val = np.zeros(T)
    tech_par = np.zeros(T, dtype=int)
    for t, e in enumerate(system.tech):
        datum = _datum(e.param) or f"tech/{t}"
        label, value, unit = _label_for(study, datum)
        tech_par[t] = add(f"technosphere:{datum}", "technosphere", label,
                          pedigree.activity_spread(e.dq, "link"), value, unit, e.dq)
        tech_row[t], tech_col[t], tech_val[t] = e.row, e.column, e.value
    F = np.column_stack([demand_vector(system, p) for p in products])
    links = _anode_links(study, system, index)
    model = LinearModel(products, params, system.A.copy(), F, item_base, item_col, item_act,
                        item_fac, tech_row, tech_col, tech_val, tech_par,
                        link_item=np.array([x[0] for x in links], dtype=int),
                        link_par=np.array([x[1] for x in links], dtype=int),
                        link_coef=np.array([x[2] for x in links], dtype=float))
    model.base = model.evaluate(np.ones((1, len(params))))[0]
    return model


def _anode_links(study: Any, system: Any, index: dict[str, int]) -> list[tuple[int, int, float]]:
    """(item, parameter, coefficient) tying derived-NAC anode CO2 to the anode input rows."""
    from alcarbon.units import convert, is_mass

    out: list[tuple[int, int, float]] = []
    for i, it in enumerate(system.items):
        if it.flow != "anode_consumption" or it.category != "process":
            continue
        uid = it.param.split("/", 1)[0]
        try:
            u = study.unit(uid)
        except (KeyError, AttributeError):
            continue
        ac = u.process_emissions.anode_consumption
        if ac is None or ac.net_anode_t_per_t is not None:
            continue
        rows = [(k, convert(r.amount, r.unit, "t")) for k, r in enumerate(u.inputs)
                if canonical_flow(r.flow) == "prebaked_anode" and is_mass(r.unit)]
        butts = sum(convert(o.amount, o.unit, "t") for o in u.outputs
                    if canonical_flow(o.flow) == "anode_butts" and is_mass(o.unit))
        net = sum(a for _k, a in rows) - butts
        if net <= 0:
            continue
        for k, a in rows:
            for kind in ("technosphere", "activity"):
                par = index.get(f"{kind}:{uid}/inputs/{k}")
                if par is not None:
                    out.append((i, par, a / net))
                    break
    return out


def parameter_table(model: LinearModel) -> list[dict[str, Any]]:
    """One row per uncertain parameter: which scheme it got and its sigma (ln) and GSD^2.

    Keys: param, label, kind, exchange_type, source, value, unit, sigma_basic, the five pedigree
    scores (None where the type has none), sigma_total, gsd2 (exp(2 sigma), the 95 % factor).
    """
    rows = []
    for p in model.params:
        row: dict[str, Any] = {
            "param": p.key, "label": p.label, "kind": p.kind, "exchange_type": p.etype,
            "source": p.sigma_source, "value": p.value, "unit": p.unit,
            "sigma_basic": float(np.sqrt(p.basic_var))}
        for c in pedigree.CRITERIA:
            row[f"pedigree_{c}"] = p.scores.get(c)
        row["sigma_total"] = p.sigma
        row["gsd2"] = p.gsd2
        rows.append(row)
    return rows
