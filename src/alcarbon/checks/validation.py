"""Data validation (GB/T 44905 7.2): mass, carbon and energy balances, industry ranges.

Severity: ``error`` breaks a conservation law (the data cannot all be right); ``warning`` is
outside the sourced industry range, or a balance gap that has an innocent explanation (unlisted
recycled butts); ``info`` reports a derived figure. A value more than 3x above the range's high
end or below a third of its low end is an ``error`` too (a unit or entry slip is likely: alcarbon's
convention, docs/checks.md).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from alcarbon.checks import ranges as R
from alcarbon.checks.cutoff import undeclared_zero_flows, zh_flow_name
from alcarbon.errors import AlcarbonError

# IUPAC 2021 standard atomic weights: Al 26.9815384, O 15.999, C 12.011.
AL, OX, C = 26.9815384, 15.999, 12.011
CO2 = C + 2 * OX
AL_IN_ALUMINA = 2 * AL / (2 * AL + 3 * OX)  # 0.5293 t Al per t Al2O3
#: Hall-Heroult 2 Al2O3 + 3 C -> 4 Al + 3 CO2 at 100 % current efficiency: t C per t Al.
MIN_CARBON_PER_AL = 3 * C / (4 * AL)  # 0.3339
GROSS_FACTOR = 3.0
CARBON_INPUTS = ("calcined_coke", "petroleum_coke", "coal_tar_pitch", "anode_butts",
                 "coke_breeze")


def _n(v: float, digits: int = 4) -> str:
    """``digits`` significant figures in plain notation (a message never shows 1.346e+04)."""
    if v == 0:
        return "0"
    d = max(digits - 1 - math.floor(math.log10(abs(v))), 0)
    return f"{v:.{d}f}".rstrip("0").rstrip(".") if d else f"{v:.0f}"


@dataclass
class Finding:
    severity: str  # error | warning | info
    code: str
    unit: str
    datum: str  # param key of the datum concerned, e.g. "electrolysis/inputs/0"
    message_zh: str
    message_en: str
    value: float | None = None
    expected_range: tuple[float, float] | None = None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["expected_range"] = list(self.expected_range) if self.expected_range else None
        return d


def _datum(unit: Any, flows: tuple[str, ...] | str, outputs: bool = False) -> str:
    flows = (flows,) if isinstance(flows, str) else flows
    rows = unit.outputs if outputs else unit.inputs
    for k, r in enumerate(rows):
        if r.flow in flows:
            return f"{unit.id}/{'outputs' if outputs else 'inputs'}/{k}"
    return unit.id


def range_findings(study: Any) -> list[Finding]:
    out = []
    for rg in R.load_ranges():
        got = R.value_of(study, rg)
        if got is None:
            continue
        unit, v = got
        how, _, what = rg.numerator.partition(":")
        datum = _datum(unit, tuple(what.split(";"))) if how == "flow" else unit.id
        if rg.low * (1 - 1e-9) <= v <= rg.high * (1 + 1e-9):
            sev, zh, en = "info", "在行业范围内", "within the industry range"
        elif v > GROSS_FACTOR * rg.high or v < rg.low / GROSS_FACTOR:
            sev, zh, en = "error", "严重偏离行业范围(可能单位或录入错误)", \
                "far outside the industry range (unit or entry slip?)"
        else:
            sev, zh, en = "warning", "超出行业范围", "outside the industry range"
        out.append(Finding(
            sev, f"RANGE_{rg.key.upper()}", unit.id, datum,
            f"{rg.quantity_zh} {_n(v)} {rg.quantity_unit}/t,{zh} [{_n(rg.low)}, {_n(rg.high)}]",
            f"{rg.quantity_en}: {_n(v)} {rg.quantity_unit}/t, {en} [{_n(rg.low)}, {_n(rg.high)}]",
            v, (rg.low, rg.high), rg.sources))
    return out


def _electrolysis(study: Any, result: Any) -> list[Finding]:
    u = R.producer(study, "liquid_aluminium")
    if u is None:
        return []
    out = []
    al = R.output_t(u, "liquid_aluminium")
    alumina = R.sum_inputs(u, "flow:alumina", "t")
    if al and alumina is not None and alumina * AL_IN_ALUMINA < al * (1 - 1e-9):
        need = al / AL_IN_ALUMINA
        out.append(Finding(
            "error", "MASS_BALANCE_AL", u.id, _datum(u, "alumina"),
            f"氧化铝含铝 {alumina * AL_IN_ALUMINA:.6g} t 少于产铝 {al:.6g} t(氧化铝含铝 52.9%,"
            f"至少需 {need:.6g} t 氧化铝)",
            f"aluminium in alumina {alumina * AL_IN_ALUMINA:.6g} t is less than the metal made "
            f"{al:.6g} t (Al2O3 is 52.9 % Al: at least {need:.6g} t alumina needed)",
            alumina / al, (1 / AL_IN_ALUMINA, float("inf")), "stoichiometry, IUPAC 2021"))
    # carbon balance: anode carbon (engine's anode-consumption CO2) vs the Hall-Heroult minimum
    sys_ = result.system
    for it in sys_.items:
        if it.unit != u.id or it.flow != "anode_consumption" or it.gas != "CO2":
            continue
        per_al = it.factor if it.activity_unit == "t" else None
        if it.factor_id == "measured":
            per_al = it.activity / al if al else None
        if per_al is None:
            continue
        carbon = per_al * C / CO2
        if carbon < MIN_CARBON_PER_AL * (1 - 1e-9):
            out.append(Finding(
                "error", "CARBON_BALANCE_ANODE", u.id, f"{u.id}/process/anode_consumption",
                f"阳极消耗 CO2 {per_al:.4g} t/t 铝,折碳 {carbon:.4g} t,低于霍尔-埃鲁特反应最低"
                f"耗碳 {MIN_CARBON_PER_AL:.4f} t/t 铝",
                f"anode CO2 {per_al:.4g} t/t Al is {carbon:.4g} t C, below the Hall-Heroult "
                f"minimum of {MIN_CARBON_PER_AL:.4f} t C/t Al",
                carbon, (MIN_CARBON_PER_AL, float("inf")),
                "2 Al2O3 + 3 C -> 4 Al + 3 CO2, IUPAC 2021 atomic weights"))
        nac = R.net_anode(u)
        if nac is not None and carbon > nac * (1 + 1e-9):
            out.append(Finding(
                "error", "CARBON_BALANCE_ANODE", u.id, f"{u.id}/process/anode_consumption",
                f"阳极消耗 CO2 折碳 {carbon:.4g} t/t 铝,超过阳极净耗 {nac:.4g} t/t 铝",
                f"anode CO2 corresponds to {carbon:.4g} t C/t Al, more than the net anode "
                f"consumption {nac:.4g} t/t Al", carbon, (MIN_CARBON_PER_AL, nac),
                "carbon balance"))
    return out


def _anode_and_casting(study: Any) -> list[Finding]:
    out = []
    u = R.producer(study, "prebaked_anode")
    b = u.process_emissions.baking if u is not None else None
    if b is not None:
        baked = b.baked_anode_t or R.output_t(u, "prebaked_anode")
        carbon_in = sum(R.sum_inputs(u, f"flow:{f}", "t") or 0.0 for f in CARBON_INPUTS)
        if baked and baked > b.green_anode_t * (1 + 1e-9):
            out.append(Finding(
                "error", "MASS_BALANCE_ANODE", u.id, f"{u.id}/process/baking",
                f"焙烧阳极 {baked:.6g} t 多于生阳极 {b.green_anode_t:.6g} t",
                f"baked anode {baked:.6g} t exceeds green anode {b.green_anode_t:.6g} t",
                baked / b.green_anode_t, (0.0, 1.0), "mass balance"))
        if b.green_anode_t > carbon_in * (1 + 1e-9):
            out.append(Finding(
                "warning", "MASS_BALANCE_ANODE", u.id, f"{u.id}/process/baking",
                f"生阳极 {b.green_anode_t:.6g} t 多于所列含碳原料 {carbon_in:.6g} t:残极等回收料"
                "是否未列出(7.4 b 原辅材料的所有输入均需列出)?",
                f"green anode {b.green_anode_t:.6g} t exceeds the listed carbon inputs "
                f"{carbon_in:.6g} t: recycled butts not listed (7.4 b: list every raw material)?",
                b.green_anode_t / carbon_in if carbon_in else None, (0.0, 1.0), "mass balance"))
    c = R.producer(study, "aluminium_ingot")
    if c is not None:
        ingot = R.output_t(c, "aluminium_ingot")
        metal = R.sum_inputs(c, "flow:liquid_aluminium", "t")
        if ingot and metal is not None and ingot > metal * (1 + 1e-9):
            out.append(Finding(
                "error", "MASS_BALANCE_CASTING", c.id, _datum(c, "liquid_aluminium"),
                f"铝锭 {ingot:.6g} t 多于投入铝液 {metal:.6g} t",
                f"ingot {ingot:.6g} t exceeds the liquid aluminium input {metal:.6g} t",
                ingot / metal if metal else None, (0.0, 1.0), "mass balance"))
    return out


def _links(study: Any, result: Any) -> list[Finding]:
    """Each linked intermediate: consumed over the period <= made over the period."""
    sys_ = result.system
    out = []
    for r, prod in enumerate(sys_.products):
        made = float(sys_.A[r][sys_.A[r] > 0].sum())
        used = -sum(e.value for e in sys_.tech if e.row == r)
        if used > made * (1 + 1e-9):
            unit = sys_.columns[sys_.producer(prod)][0]
            out.append(Finding(
                "warning", "LINK_BALANCE", unit, f"{unit}/outputs",
                f"{zh_flow_name(prod)}消耗 {used:.6g} 多于产出 {made:.6g} {sys_.product_units[r]}:"
                "差额需外购",
                f"{prod}: {used:.6g} used but {made:.6g} {sys_.product_units[r]} made; the "
                "difference must be purchased and modelled as a purchased input",
                used / made if made else None, (0.0, 1.0), "mass/energy balance"))
    return out


def _captive_energy(study: Any, lib: Any) -> list[Finding]:
    """Captive plant: electricity out (3.6 MJ/kWh) cannot exceed the fuel energy in."""
    from alcarbon.units import Q_, convert, is_energy, parse_unit

    out = []
    for sup in study.electricity.supplies.values():
        if sup.type != "captive" or not sup.provider:
            continue
        u = R.producer(study, sup.provider)
        if u is None:
            continue
        try:
            kwh = sum(convert(o.amount, o.unit, "kWh") for o in u.outputs
                      if o.flow == sup.provider)
            gj = 0.0
            for i in u.inputs:
                if i.kind != "fuel":
                    continue
                if is_energy(i.unit):
                    gj += convert(i.amount, i.unit, "GJ")
                    continue
                known = lib.flow_or_none(i.flow)  # no close-match search on the way
                fid = (known.fuel if known is not None else None) or i.flow
                f = lib.fuel(fid)
                gj += float((Q_(f.ncv, parse_unit(f.ncv_unit)) * Q_(i.amount, parse_unit(i.unit)))
                            .to("GJ").magnitude)
        except AlcarbonError:
            continue
        if gj <= 0:
            continue
        eff = kwh * 0.0036 / gj
        sev = "error" if eff > 1.0 else "info"
        out.append(Finding(
            sev, "ENERGY_BALANCE_CAPTIVE", u.id, f"{u.id}/inputs",
            f"自备电厂发电效率 {100 * eff:.1f}%(发电 {_n(kwh, 6)} kWh,燃料 {_n(gj, 6)} GJ)"
            + (",违反能量守恒" if eff > 1 else ""),
            f"captive plant net efficiency {100 * eff:.1f} % ({_n(kwh, 6)} kWh from {_n(gj, 6)} GJ "
            "of fuel)" + (": violates energy conservation" if eff > 1 else ""),
            eff, (0.0, 1.0), "first law; fuel NCV from the factor library"))
    return out


def _sources(study: Any) -> list[Finding]:
    out = []
    for u in study.units:
        for kind in ("inputs", "outputs"):
            for k, r in enumerate(getattr(u, kind)):
                if kind == "outputs" and r.kind not in ("product", "co_product", "emission"):
                    continue
                if not r.dq.source:
                    out.append(Finding(
                        "warning", "DQ_NO_SOURCE", u.id, f"{u.id}/{kind}/{k}",
                        f"{zh_flow_name(r.flow)}未注明数据来源(7.1.2 c)",
                        f"{r.flow}: no data source recorded (7.1.2 c)", source="GB/T 44905 7.1.2"))
    return out


def validate(study: Any, result: Any, lib: Any = None) -> list[Finding]:
    """Every validation finding of a calculated study, errors first, then by unit and code."""
    if lib is None:
        from alcarbon.engine.calculate import _library

        lib = _library(study, None)
    findings = (_electrolysis(study, result) + _anode_and_casting(study) + _links(study, result)
                + _captive_energy(study, lib) + range_findings(study) + _sources(study))
    for name in undeclared_zero_flows(study):
        unit, flow = name.split("/", 1)
        zero = all(o.amount == 0 for o in study.unit(unit).outputs if o.flow == flow)
        zh, en = ("数量为 0(未量化)", "amount 0 (not quantified)") if zero else \
            ("无处理排放因子", "no treatment factor")
        findings.append(Finding(
            "warning", "CUTOFF_UNDECLARED", unit, _datum(study.unit(unit), flow, outputs=True),
            f"{zh_flow_name(flow)}{zh},计为 0,且未声明为舍弃流(7.4)",
            f"{flow}: {en}, counted as 0 and not declared as omitted (7.4)",
            source="GB/T 44905 7.1.4 c, 7.4"))
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.unit, f.code, f.datum))
    return findings
