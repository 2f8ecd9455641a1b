"""One evaluator per key of ``data/compliance/shall_clauses.csv``: (status, reason) for a study.

Status is ``pass``, ``fail`` or ``not_applicable``. Keys of kind ``method`` are requirements that
alcarbon's calculation meets by construction when it runs (they pass, or are not applicable);
``manual`` clauses are not evaluated here (see :mod:`alcarbon.checks.compliance`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alcarbon.checks import ranges as R

PASS, FAIL, NA = "pass", "fail", "not_applicable"
ENERGY_KINDS = ("fuel", "electricity", "heat", "steam")
BAUXITE = ("bauxite", "bauxite_concentrate", "purchased_bauxite")
SIGNIFICANT = 0.01  # share of the CFP above which a datum is significant (as 5.3.4's 1 %)


@dataclass
class Ctx:
    study: Any
    result: Any
    quality: dict[str, Any]  # product -> ProductQuality
    cutoff: dict[str, Any]  # product -> CutoffResult
    findings: list[Any]


def _list(items: list[str], n: int = 5) -> str:
    return ", ".join(items[:n]) + (f" (+{len(items) - n} more)" if len(items) > n else "")


def purpose(c: Ctx) -> tuple[str, str]:
    p = c.study.purpose
    missing = [k for k in ("intended_application", "reasons", "audience") if not getattr(p, k)]
    return (FAIL, f"purpose.{', '.join(missing)} not stated") if missing else \
        (PASS, "application, reasons and audience stated")


def product_description(c: Ctx) -> tuple[str, str]:
    d = c.study.product
    keys = ("name", "grade", "batch", "net_weight", "inspection", "delivery_date")
    missing = [k for k in keys if not getattr(d, k)]
    return (FAIL, "product." + ", product.".join(missing) + " missing") if missing else \
        (PASS, "name, grade, batch, net weight, inspection and delivery date given")


def declared_unit(c: Ctx) -> tuple[str, str]:
    units = ", ".join(f"1 t {p}" for p in c.result.products)
    return PASS, f"declared units {units} (5.2 a-d; alcarbon accepts only these)"


def cutoff_declared(c: Ctx) -> tuple[str, str]:
    und = next(iter(c.cutoff.values())).undeclared if c.cutoff else []
    if und:
        return FAIL, f"not quantified and not declared as omitted: {_list(und)}"
    n = len(c.study.omitted_flows)
    return PASS, f"{n} omitted flow(s) declared with estimates; criteria 1 %/5 % applied"


def cutoff_reasons(c: Ctx) -> tuple[str, str]:
    om = c.study.omitted_flows
    if not om:
        return NA, "no flow omitted"
    bad = [f"{o.unit}/{o.flow}" for o in om if not o.reason.strip()]
    return (FAIL, f"no reason given for {_list(bad)}") if bad else \
        (PASS, "every omitted flow has a reason; the cut-off text states the effect")


def cutoff_total(c: Ctx) -> tuple[str, str]:
    over = [f"{p}: {100 * r.omitted_share:.2f} %" for p, r in c.cutoff.items()
            if round(r.omitted_share, 12) > 0.05]
    if over:
        return FAIL, "omitted flows exceed 5 % of the CFP: " + "; ".join(over)
    worst = max((r.omitted_share for r in c.cutoff.values()), default=0.0)
    return PASS, f"omitted flows total at most {100 * worst:.2f} % of the CFP"


def cutoff_each(c: Ctx) -> tuple[str, str]:
    bad = [f"{p}: {o.unit}/{o.flow} {100 * o.share:.2f} %" for p, r in c.cutoff.items()
           for o in r.omitted if not o.passes]
    if bad:
        return FAIL, "omitted flows of 1 % or more: " + "; ".join(bad)
    return (NA, "no flow omitted") if not c.study.omitted_flows else \
        (PASS, "every omitted flow is below 1 % of the CFP")


def _significant(c: Ctx) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in c.quality.values():
        for d in q.data:
            if abs(d.share) > 0 and d.param not in out:
                out[d.param] = d
    return out


def dq_sources(c: Ctx) -> tuple[str, str]:
    sig = _significant(c).values()
    bad = [d.label for d in sig if not d.source]
    if bad:
        return FAIL, f"{len(bad)} contributing data have no recorded source: {_list(bad)}"
    unrated = [d.label for d in sig if d.unrated]
    if unrated:  # said, never passed over: graded poor and in the sensitivity list (6.3)
        return PASS, (f"every contributing datum has a source; {len(unrated)} not rated on "
                      f"Table 2 (counted as poor): {_list(unrated)}")
    return PASS, "every contributing datum has Table 2 ratings and a source"


def poor_data_sensitivity(c: Ctx) -> tuple[str, str]:
    poor = sorted({d.label for q in c.quality.values() for d in q.poor_over_1pct})
    if not poor:
        return PASS, "no poor-rated or unrated datum above 1 % of the CFP; OAT covers every datum"
    return PASS, f"one-at-a-time sensitivity computed for poor-rated or unrated data: {_list(poor)}"


def boundary_units(c: Ctx) -> tuple[str, str]:
    s = c.study
    bad = [u.id for u in s.units if not any(i.kind in ENERGY_KINDS for i in u.inputs)]
    needs = {"electrolysis": ("alumina", "prebaked_anode"), "casting": ("liquid_aluminium",),
             "alumina_refining": BAUXITE}
    for uid, flows in needs.items():
        u = next((x for x in s.units if x.id == uid), None)
        if u is None:
            continue
        have = {i.flow for i in u.inputs}
        if uid == "alumina_refining":
            if not have & set(flows):
                bad.append(f"{uid} (no bauxite input)")
        else:
            bad += [f"{uid} (no {f} input)" for f in flows if f not in have]
    if bad:
        return FAIL, "units without energy inputs or main raw materials: " + _list(bad)
    return PASS, f"{len(s.units)} unit processes with energy and raw-material data"


def _rows(study: Any) -> list[tuple[str, Any]]:
    out = []
    for u in study.units:
        for k, i in enumerate(u.inputs):
            out.append((f"{u.id}/inputs/{k} {i.flow}", i))
        for k, o in enumerate(u.outputs):
            if o.kind in ("product", "co_product", "emission"):
                out.append((f"{u.id}/outputs/{k} {o.flow}", o))
    return out


def traceability(c: Ctx) -> tuple[str, str, dict[str, Any]]:
    """Sources of every datum, vouchers of primary data (6.2); the detail lists [unit, flow] of
    each datum at fault so every report language can name them."""
    rows = _rows(c.study)
    no_src = [n for n, r in rows if not r.dq.source]
    no_ev = [n for n, r in rows if r.dq.primary and r.amount > 0 and not r.dq.evidence]
    detail = {"no_source": [[n.split("/")[0], n.split(" ")[-1]] for n in no_src],
              "no_evidence": [[n.split("/")[0], n.split(" ")[-1]] for n in no_ev]}
    if no_src or no_ev:
        parts = []
        if no_src:
            parts.append(f"no source: {_list(no_src, 3)}")
        if no_ev:
            parts.append(f"primary data without vouchers (dq.evidence): {_list(no_ev, 3)}")
        return FAIL, "; ".join(parts), detail
    return PASS, "every datum has a source; primary data list their vouchers", detail


def significant_data(c: Ctx) -> tuple[str, str]:
    bad = [d.label for d in _significant(c).values()
           if abs(d.share) > SIGNIFICANT and not (d.source and _documented(c.study, d.param))]
    return (FAIL, f"significant data (> 1 % of the CFP) without source and collection notes "
                  f"or vouchers: {_list(bad)}") if bad else \
        (PASS, "significant data have source, ratings and collection notes or vouchers")


def _documented(study: Any, param: str) -> bool:
    parts = param.split(":", 1)[1].split("/")
    try:
        row = getattr(study.unit(parts[0]), parts[1])[int(parts[2])]
    except (KeyError, IndexError, ValueError, AttributeError):
        return True  # process-emission data: documented by their method block
    return bool(row.note or row.dq.evidence)


def _purchased(study: Any) -> list[tuple[Any, Any]]:
    made = {o.flow for u in study.units for o in u.products()}
    return [(u, i) for u in study.units for i in u.inputs
            if i.kind in ("material", "fuel") and not i.provider and i.flow not in made]


def transport_data(c: Ctx) -> tuple[str, str, dict[str, Any]]:
    """Vehicle, rated load and distance of purchased inputs (7.1.3.1); detail: [unit, flow]."""
    rows = _purchased(c.study)
    if not rows:
        return NA, "no purchased material or fuel", {}
    pairs = [[u.id, i.flow] for u, i in rows
             if not i.transport or any(leg.rated_load_t is None for leg in i.transport)]
    bad = [f"{u}/{f}" for u, f in pairs]
    return (FAIL, f"purchased inputs without transport legs or rated load: {_list(bad)}",
            {"no_transport": pairs}) \
        if bad else (PASS, "vehicle, rated load and distance for every purchased input", {})


_UNIT_NEEDS: dict[str, list[tuple[str, Callable[[Any], bool]]]] = {
    "bauxite_mining": [("product output", lambda u: any(o.amount > 0 for o in u.products()))],
    "alumina_refining": [
        ("bauxite input", lambda u: any(i.flow in BAUXITE for i in u.inputs)),
        ("caustic soda", lambda u: any(i.flow == "caustic_soda" for i in u.inputs)),
        ("limestone or lime", lambda u: any(i.flow in ("limestone", "quicklime")
                                            for i in u.inputs)),
        # an amount of 0 is a row, not a datum: "not quantified" is still missing
        ("red mud output amount", lambda u: any(o.flow == "red_mud" and o.amount > 0
                                                for o in u.outputs))],
    "anode_production": [
        ("petroleum or calcined coke", lambda u: any(i.flow in ("petroleum_coke",
                                                                "calcined_coke")
                                                     for i in u.inputs)),
        ("coal-tar pitch", lambda u: any(i.flow == "coal_tar_pitch" for i in u.inputs)),
        ("green anode amount", lambda u: u.process_emissions.baking is not None)],
    "electrolysis": [
        ("alumina", lambda u: any(i.flow == "alumina" for i in u.inputs)),
        ("prebaked anode", lambda u: any(i.flow == "prebaked_anode" for i in u.inputs)),
        ("PFC total (anode effect or measured CF4)", lambda u: (
            u.process_emissions.anode_effect is not None
            or any(o.kind == "emission" and o.gas == "CF4" for o in u.outputs)))],
    "casting": [
        ("liquid aluminium input", lambda u: any(i.flow == "liquid_aluminium" for i in u.inputs)),
        ("aluminium dross output amount", lambda u: any(o.flow == "aluminium_dross"
                                                        and o.amount > 0 for o in u.outputs))],
}


def unit_data(c: Ctx, unit_id: str) -> tuple[str, str]:
    u = next((x for x in c.study.units if x.id == unit_id), None)
    if u is None:
        return NA, f"no {unit_id} unit in the study"
    needs = [("energy input", lambda x: any(i.kind in ENERGY_KINDS for i in x.inputs))]
    missing = [name for name, ok in needs + _UNIT_NEEDS[unit_id] if not ok(u)]
    return (FAIL, f"{unit_id}: missing " + ", ".join(missing)) if missing else \
        (PASS, f"{unit_id}: the primary data of the clause are present")


def secondary_data(c: Ctx) -> tuple[str, str]:
    und = next(iter(c.cutoff.values())).undeclared if c.cutoff else []
    if und:
        return FAIL, f"no treatment data and not declared as omitted: {_list(und)}"
    return PASS, "upstream, energy, treatment and transport factors present for every flow"


def captive_lifecycle(c: Ctx) -> tuple[str, str]:
    caps = [s for s in c.study.electricity.supplies.values() if s.type == "captive"]
    if not caps:
        return NA, "no captive electricity"
    sys_ = c.result.system
    bad = []
    for s in caps:
        u = R.producer(c.study, s.provider or "")
        if u is None or not any(it.unit == u.id and it.factor * it.activity > 0
                                for it in sys_.items):
            bad.append(s.provider or "?")
    return (FAIL, f"captive plant without life-cycle emission data: {_list(bad)}") if bad else \
        (PASS, "captive plant modelled as a unit process with its fuels and their upstream")


def contract_conditions(c: Ctx) -> tuple[str, str]:
    cons = {n: s for n, s in c.study.electricity.supplies.items() if s.type == "contract"}
    if not cons:
        return NA, "no contractual instrument"
    bad = [n for n, s in cons.items() if not s.qualifies() or s.basis == "combustion_co2"]
    return (FAIL, f"instrument(s) {_list(bad)} miss a 7.1.5.3 condition or life-cycle data; "
                  "counted at the residual mix") if bad else \
        (PASS, "every instrument meets the four conditions with life-cycle data")


def grid_region(c: Ctx) -> tuple[str, str]:
    st = c.study
    grid = []
    for u in st.units:
        for i in u.inputs:
            if i.kind != "electricity":
                continue
            name = i.supply or st.electricity.default_supply
            sup = st.electricity.supplies.get(name) if name else None
            if sup is None or sup.type in ("grid", "contract"):
                grid.append((u, sup))
    if not grid:
        return NA, "no grid electricity"
    bad = sorted({u.id for u, s in grid if not ((s and s.region) or u.location)})
    return (FAIL, f"region of consumption unknown for {_list(bad)}") if bad else \
        (PASS, "grid electricity has its region of consumption")


def certificates_separate(c: Ctx) -> tuple[str, str]:
    if not any(s.sold_separately for s in c.study.electricity.supplies.values()):
        return NA, "no certificates sold separately from electricity"
    return PASS, ("the separate grid-mix analysis (cfp_grid_mix_analysis) is reported beside the "
                  "declared result where the grid factor is not corrected for the certificates")


def validation(c: Ctx) -> tuple[str, str]:
    errs = [f"{f.code} {f.datum}" for f in c.findings if f.severity == "error"]
    warns = sum(1 for f in c.findings if f.severity == "warning")
    return (FAIL, f"{len(errs)} validation error(s): {_list(errs, 3)}") if errs else \
        (PASS, f"balances and ranges checked: no error, {warns} warning(s)")


def _multi(c: Ctx) -> list[Any]:
    return [u for u in c.study.units if len(u.products()) > 1]


def allocation_conserves(c: Ctx) -> tuple[str, str]:
    from alcarbon.engine.allocation import shares

    multi = _multi(c)
    if not multi:
        return NA, "no multi-output unit process"
    for u in multi:
        fns, _ = shares(u, c.study.allocation.method)
        for tag in {r.subprocess for r in list(u.inputs) + list(u.outputs)}:
            if abs(sum(f(tag) for f in fns.values()) - 1.0) > 1e-9:
                return FAIL, f"{u.id}: shares of '{tag}' do not sum to 1"
    return PASS, "allocation shares of every exchange sum to 1"


def allocation_procedure(c: Ctx) -> tuple[str, str]:
    if not _multi(c):
        return NA, "no multi-output unit process"
    notes = [w for w in c.result.warnings if "allocation" in w]
    return PASS, f"allocation method '{c.study.allocation.method}'" + (
        f"; {notes[0]}" if notes else "")


def allocation_sensitivity(c: Ctx) -> tuple[str, str]:
    if not _multi(c):
        return NA, "no multi-output unit process"
    return PASS, "alternatives() recomputes the CFP under the other allocation methods"


def _hydroxide_unit(c: Ctx) -> Any:
    return next((u for u in c.study.units
                 if any(o.flow == "aluminium_hydroxide" for o in u.products())), None)


def hydroxide_p1_p2(c: Ctx) -> tuple[str, str]:
    u = _hydroxide_unit(c)
    if u is None:
        return NA, "no aluminium hydroxide co-product"
    # the engine refuses a co-product without a positive mass (7.3.2 needs both)
    p1, p2 = R.output_t(u, "alumina"), R.output_t(u, "aluminium_hydroxide")
    return PASS, f"P1 = {p1:.6g} t, P2 = {p2:.6g} t"


def calcination_tagged(c: Ctx) -> tuple[str, str]:
    u = _hydroxide_unit(c)
    if u is None:
        return NA, "no aluminium hydroxide co-product"
    if c.study.allocation.method != "subdivision":
        return FAIL, f"allocation '{c.study.allocation.method}' does not separate Ec from Er"
    rows = list(u.inputs) + list(u.outputs) + list(u.process_emissions.carbonates)
    if not any(getattr(r, "subprocess", None) == "calcination" for r in rows):
        return FAIL, f"{u.id}: no exchange tagged subprocess 'calcination' (Ec)"
    return PASS, "calcination exchanges (Ec) tagged and allocated to alumina only"


def gwp100(c: Ctx) -> tuple[str, str]:
    return PASS, f"mass x IPCC GWP100 ({c.study.gwp_set}) for every gas"


def gwp_latest(c: Ctx) -> tuple[str, str]:
    if c.study.gwp_set == "AR6":
        return PASS, "IPCC AR6 GWP100 (Appendix D)"
    if c.study.gwp_reason.strip():
        return PASS, f"{c.study.gwp_set} used, reason stated in the report: {c.study.gwp_reason}"
    return FAIL, (f"{c.study.gwp_set} is not the latest IPCC set (AR6) and no reason is given: "
                  "set 'gwp_reason' (it is printed in the report)")


def report_items(c: Ctx) -> tuple[str, str]:
    s = c.study
    need = {"commissioner": s.commissioner, "assessor": s.assessor, "report_id": s.report_id,
            "producer.name": s.producer.name, "purpose.intended_application":
            s.purpose.intended_application, "product.function": s.product.function}
    missing = [k for k, v in need.items() if not v]
    return (FAIL, "missing for the report: " + ", ".join(missing)) if missing else \
        (PASS, "basic information, goal, scope and data for items a)-g) present")


EVALUATORS: dict[str, Callable[[Ctx], tuple[str, str]]] = {
    f.__name__: f for f in (
        purpose, product_description, declared_unit, cutoff_declared, cutoff_reasons,
        cutoff_total, cutoff_each, dq_sources, poor_data_sensitivity, boundary_units,
        traceability, significant_data, transport_data, secondary_data, captive_lifecycle,
        contract_conditions, grid_region, certificates_separate, validation,
        allocation_conserves, allocation_procedure, allocation_sensitivity, hydroxide_p1_p2,
        calcination_tagged, gwp100, gwp_latest, report_items)
}


def evaluate(key: str, ctx: Ctx) -> tuple[str, str, dict[str, Any]]:
    """(status, English reason, structured detail) of the evaluator of ``key``
    (``unit_data:<unit>`` takes its unit after the colon). The detail (ids, counts) lets each
    report language name what is at fault; evaluators without one give {}."""
    from alcarbon.checks.clauses_extra import EXTRA  # imports this module: loaded late

    if key.startswith("unit_data:"):
        out = unit_data(ctx, key.split(":", 1)[1])
    else:
        out = (EVALUATORS.get(key) or EXTRA[key])(ctx)
    return (out[0], out[1], out[2] if len(out) > 2 else {})
