"""GB/T 44905 7.4 a) and b): every energy input and every raw/auxiliary material input is listed.

Judged from what the study itself shows, never asserted:

- the rows of each unit: an energy or material input entered with amount 0 is listed but not
  quantified; a unit without any energy input has not listed its energy (7.4 a);
- the inputs each production unit's primary data must contain (7.1.3.2.1-7.1.3.2.5 a-e: water,
  caustic soda, lime/limestone, coke, pitch, anode butts, alumina, anodes, liquid aluminium),
  matched through the flow catalogue's aliases (水 = fresh_water, 残极 = anode_butts);
- the 7.2 validation findings of :mod:`alcarbon.checks.validation`: a mass or carbon balance gap
  (green anode above the listed carbon inputs, aluminium above the alumina's, an intermediate
  used beyond what is made) shows a material input missing; a captive plant making more energy
  than its fuels hold shows a fuel missing;
- the declared omitted flows: 7.4 c) lets only auxiliary materials be omitted, so an omitted
  energy flow fails 7.4 a); an expected material declared omitted with an estimate counts as
  listed (its share is judged by the cut-off clauses 7.4 d, e).

An industry range undershot (e.g. thermal energy per t alumina below the sourced low end) is a
hint, printed with the result, not a failure: a low but complete use is possible.
"""

from __future__ import annotations

from typing import Any

from alcarbon.checks.evaluators import ENERGY_KINDS, FAIL, PASS, Ctx

MATERIAL_KINDS = ("material", "intermediate", "water")
#: 7.1.3.2 inputs of each standard unit: (label, clause item, accepted flow ids).
EXPECTED: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "bauxite_mining": [("water", "7.1.3.2.1 d", ("fresh_water",))],
    "alumina_refining": [
        ("bauxite or concentrate", "7.1.3.2.2 a", ("bauxite", "bauxite_concentrate",
                                                   "purchased_bauxite")),
        ("caustic soda", "7.1.3.2.2 b", ("caustic_soda",)),
        ("limestone or lime", "7.1.3.2.2 c", ("limestone", "quicklime")),
        ("water", "7.1.3.2.2 d", ("fresh_water",))],
    "anode_production": [
        ("petroleum or calcined coke", "7.1.3.2.3 a", ("petroleum_coke", "calcined_coke")),
        ("coal-tar pitch", "7.1.3.2.3 a", ("coal_tar_pitch",)),
        ("anode butts", "7.1.3.2.3 a", ("anode_butts",))],
    "electrolysis": [("alumina", "7.1.3.2.4 a", ("alumina",)),
                     ("prebaked anode", "7.1.3.2.4 a", ("prebaked_anode",))],
    "casting": [("liquid aluminium", "7.1.3.2.5 a", ("liquid_aluminium",))],
}
#: 7.2 findings that show an input missing: code -> clause item it fails.
MATERIAL_GAPS = ("MASS_BALANCE_ANODE", "MASS_BALANCE_AL", "MASS_BALANCE_CASTING", "LINK_BALANCE")
ENERGY_GAPS = ("ENERGY_BALANCE_CAPTIVE",)
#: industry ranges (data/ranges) whose undershoot hints at an unlisted input.
ENERGY_RANGE_PREFIX = ("kind:electricity", "kind:fuel")


def _canon() -> Any:
    from alcarbon.factors import load_library

    lib = load_library()

    def canon(flow: str) -> str:
        f = lib.flow_or_none(flow)
        return flow if f is None else f.id
    return canon


def _omitted(c: Ctx, canon: Any) -> set[tuple[str, str]]:
    return {(o.unit, canon(o.flow)) for o in c.study.omitted_flows}


def _findings(c: Ctx, codes: tuple[str, ...]) -> list[Any]:
    return [f for f in c.findings if f.code in codes and f.severity in ("error", "warning")]


def _hints(c: Ctx, energy: bool) -> list[Any]:
    """Range findings below the range's low end on energy (or material) quantities."""
    from alcarbon.checks import ranges as R

    kinds = {rg.key: rg.numerator.startswith(ENERGY_RANGE_PREFIX) for rg in R.load_ranges()}
    out = []
    for f in c.findings:
        key = f.code.removeprefix("RANGE_").lower()
        if (f.code.startswith("RANGE_") and f.severity != "info" and kinds.get(key) is energy
                and f.value is not None
                and f.expected_range and f.value < f.expected_range[0]):
            out.append(f)
    return out


def _result(missing: list[str], gaps: list[Any], hints: list[Any], ok: str,
            detail: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    parts = list(missing) + [f"7.2 {g.code}: {g.message_en}" for g in gaps]
    detail["findings"] = [[g.message_zh, g.message_en] for g in gaps]
    detail["hints"] = [[h.message_zh, h.message_en] for h in hints]
    hint = ("; hint (not a failure): " + "; ".join(h.message_en for h in hints)) if hints else ""
    if parts:
        return FAIL, "; ".join(parts) + hint, detail
    return PASS, ok + hint, detail


def energy_listed(c: Ctx) -> tuple[str, str, dict[str, Any]]:
    """7.4 a) all energy inputs are listed."""
    canon = _canon()
    no_energy = [u.id for u in c.study.units
                 if not any(i.kind in ENERGY_KINDS and i.amount > 0 for i in u.inputs)]
    zero = [[u.id, i.flow] for u in c.study.units for i in u.inputs
            if i.kind in ENERGY_KINDS and i.amount == 0]
    energy_flows = {(u.id, canon(i.flow)) for u in c.study.units for i in u.inputs
                    if i.kind in ENERGY_KINDS} | {
        (o.unit, canon(o.flow)) for o in c.study.omitted_flows
        if canon(o.flow) in ("electricity", "heat", "steam")}
    omitted = sorted(k for k in _omitted(c, canon) if k in energy_flows)
    missing = []
    if no_energy:
        missing.append("units without a quantified energy input: " + ", ".join(no_energy))
    if zero:
        missing.append("energy listed with amount 0 (not quantified): "
                       + ", ".join(f"{u}/{f}" for u, f in zero))
    if omitted:
        missing.append("energy declared omitted (7.4 c allows omitting auxiliary materials "
                       "only): " + ", ".join(f"{u}/{f}" for u, f in omitted))
    detail = {"no_energy": [[u, ""] for u in no_energy], "not_quantified": zero,
              "omitted_energy": [list(k) for k in omitted]}
    n = sum(1 for u in c.study.units for i in u.inputs if i.kind in ENERGY_KINDS)
    return _result(missing, _findings(c, ENERGY_GAPS), _hints(c, True),
                   f"{n} energy inputs listed and quantified in {len(c.study.units)} units; "
                   "no energy balance gap", detail)


def materials_listed(c: Ctx) -> tuple[str, str, dict[str, Any]]:
    """7.4 b) all raw and auxiliary material inputs are listed."""
    canon = _canon()
    omitted = _omitted(c, canon)
    not_listed: list[list[str]] = []
    labels: list[str] = []
    for u in c.study.units:
        have = {canon(i.flow) for i in u.inputs if i.amount > 0}
        for label, item, flows in EXPECTED.get(u.id, []):
            if not (have & set(flows)) and not any((u.id, f) in omitted for f in flows):
                not_listed.append([u.id, flows[0]])
                labels.append(f"{u.id}/{label} ({item})")
    zero = [[u.id, i.flow] for u in c.study.units for i in u.inputs
            if i.kind in MATERIAL_KINDS and i.amount == 0]
    missing = []
    if labels:
        missing.append("not listed: " + ", ".join(labels))
    if zero:
        missing.append("listed with amount 0 (not quantified): "
                       + ", ".join(f"{u}/{f}" for u, f in zero))
    detail = {"not_listed": not_listed, "not_quantified": zero}
    n = sum(1 for u in c.study.units for i in u.inputs if i.kind in MATERIAL_KINDS)
    return _result(missing, _findings(c, MATERIAL_GAPS), _hints(c, False),
                   f"{n} material inputs listed; the 7.1.3.2 inputs of every unit present "
                   "(or declared omitted with an estimate); mass and carbon balances close",
                   detail)


EXTRA = {f.__name__: f for f in (energy_listed, materials_listed)}
