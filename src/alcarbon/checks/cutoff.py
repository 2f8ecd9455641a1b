"""Cut-off (GB/T 44905 5.3.4, 7.4 d/e): each omitted flow < 1 %, all omitted together <= 5 %.

Omitted flows are declared in ``study.omitted_flows`` with an estimate for the data-collection
period (t CO2e) in one unit process. Per declared unit the estimate is
``estimate x sum_j share_j x s_j`` over the unit's columns j (share_j: the allocation share of the
unit's untagged emissions borne by product j, 7.3; s_j: column scale for 1 t of the product).
Shares are of the complete footprint, computed CFP + all omitted estimates (the denominator the
standard's "产品碳足迹总量" implies). "Each < 1 %" is strict, "all <= 5 %" inclusive; shares are
compared after rounding to 12 decimals so that a flow of exactly 1 % fails and 5 % in total passes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

EACH_LIMIT = 0.01
TOTAL_LIMIT = 0.05


@dataclass
class OmittedShare:
    unit: str
    flow: str
    t_co2e: float  # per declared unit
    share: float  # of CFP + omitted
    passes: bool
    reason: str = ""


@dataclass
class CutoffResult:
    product: str
    cfp: float
    flow_shares: dict[str, float]
    omitted: list[OmittedShare]
    omitted_total: float  # t CO2e per declared unit
    omitted_share: float
    passes: bool
    text_zh: str  # the rule of 5.3.4 and 7.4, then the finding
    text_en: str
    undeclared: list[str] = field(default_factory=list)  # quantities counted as 0, not declared
    finding_zh: str = ""  # the finding alone, for a text that has stated the rule already
    finding_en: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


def assess(product: str, cfp: float, omitted: list[tuple[str, str, float, str]],
           flow_shares: dict[str, float] | None = None,
           undeclared: list[str] | None = None,
           unit_names: dict[str, str] | None = None) -> CutoffResult:
    """Pure cut-off test. ``omitted``: (unit, flow, t CO2e per declared unit, reason);
    ``unit_names``: unit id -> name, for the Chinese text."""
    total = sum(t for _u, _f, t, _r in omitted)
    whole = cfp + total
    rows = []
    for u, f, t, reason in omitted:
        share = t / whole if whole else 0.0
        rows.append(OmittedShare(u, f, t, share, round(share, 12) < EACH_LIMIT, reason))
    tshare = total / whole if whole else 0.0
    passes = all(r.passes for r in rows) and round(tshare, 12) <= TOTAL_LIMIT
    zh, en = _texts(rows, tshare, passes, undeclared or [], unit_names or {})
    return CutoffResult(product, cfp, dict(flow_shares or {}), rows, total, tshare, passes,
                        _RULE_ZH + zh, _RULE_EN + " " + en, list(undeclared or []), zh, en)


_RULE_ZH = ("取舍准则(GB/T 44905—2024 5.3.4、7.4):单项舍弃的物质(能量)流对产品碳足迹的贡献"
            "小于 1%,所有舍弃流合计不超过 5%。")
_RULE_EN = ("Cut-off criteria (GB/T 44905-2024 5.3.4, 7.4): each omitted material or energy "
            "flow contributes less than 1 % of the product carbon footprint, all omitted "
            "flows together no more than 5 %.")


def _texts(rows: list[OmittedShare], tshare: float, passes: bool,
           undeclared: list[str], unit_names: dict[str, str]) -> tuple[str, str]:
    """The finding (zh, en): what was omitted, its share and the verdict, and what was
    neither quantified nor declared omitted."""
    if not rows:
        zh = "本研究未舍弃任何物质(能量)流。"
        en = "No flow was omitted in this study."
    else:
        items_zh = "；".join(f"{zh_flow_name(f'{r.unit}/{r.flow}', unit_names)}:"
                            f"{100 * r.share:.2f}%"
                            + (f"({r.reason})" if r.reason else "") for r in rows)
        items_en = "; ".join(f"{r.unit} {r.flow}: {100 * r.share:.2f} %"
                             + (f" ({r.reason})" if r.reason else "") for r in rows)
        verdict_zh = "符合取舍准则。" if passes else "不符合取舍准则。"
        verdict_en = "The cut-off criteria are met." if passes else \
            "The cut-off criteria are NOT met."
        zh = (f"本研究舍弃 {len(rows)} 项(估算贡献):{items_zh}。合计 "
              f"{100 * tshare:.2f}%。" + verdict_zh)
        en = (f"{len(rows)} flow(s) omitted (estimated contribution): {items_en}. "
              f"Total {100 * tshare:.2f} %. " + verdict_en)
    if undeclared:
        zh += ("以下流未量化且未声明为舍弃流:"
               + "、".join(zh_flow_name(n, unit_names) for n in undeclared) + "。")
        en += " Not quantified and not declared as omitted: " + ", ".join(undeclared) + "."
    return zh, en


def per_declared_unit(study: Any, result: Any, product: str) -> list[tuple[str, str, float, str]]:
    """Omitted-flow estimates of the study converted to t CO2e per declared unit of ``product``."""
    from alcarbon.engine import demand_vector
    from alcarbon.engine.allocation import shares
    from alcarbon.errors import InputError

    system = result.system
    s = np.linalg.solve(system.A, demand_vector(system, product))
    out = []
    for k, om in enumerate(study.omitted_flows):
        cols = [j for j, (u, _p) in enumerate(system.columns) if u == om.unit]
        if not cols:
            raise InputError(f"omitted flow '{om.flow}' names unit '{om.unit}', which the study "
                             "does not have", where=f"omitted_flows[{k}].unit",
                             expected=f"one of {[u.id for u in study.units]}")
        fns, _note = shares(study.unit(om.unit), study.allocation.method)
        per = sum(fns[system.columns[j][1]](None) * s[j] for j in cols)
        out.append((om.unit, om.flow, om.estimated_t_co2e * float(per), om.reason))
    return out


def zh_flow_name(name: str, unit_names: dict[str, str] | None = None) -> str:
    """``unit/flow`` for Chinese text: the flow's Chinese catalogue name (flows.csv) and the
    unit's own name (``unit_names``: id -> name); ids outside both are kept as written."""
    from alcarbon.factors import load_library

    unit, _, flow = name.rpartition("/")
    f = load_library().flow_or_none(flow)
    fz = (f.name_zh or flow) if f is not None else flow
    return f"{(unit_names or {}).get(unit, unit)}/{fz}" if unit else fz


def undeclared_zero_flows(study: Any) -> list[str]:
    """Wastes counted as 0 t CO2e and not declared in omitted_flows (7.1.4 c, 7.4): those with an
    amount but no treatment factor, and those entered with amount 0 (listed, not quantified:
    the examples' red mud), whose treatment is then unknown whatever its factor."""
    declared = {(o.unit, o.flow) for o in study.omitted_flows}
    out = []
    for u in study.units:
        for o in u.outputs:
            if (o.kind == "waste" and (o.amount == 0 or not o.treatment_factor)
                    and (u.id, o.flow) not in declared):
                out.append(f"{u.id}/{o.flow}")
    return out


def cutoff(study: Any, result: Any, product: str) -> CutoffResult:
    """Cut-off assessment of one declared product of a calculated study."""
    pr = result.products[product]
    shares = {f: (v / pr.cfp if pr.cfp else 0.0) for f, v in sorted(pr.by("flow").items())}
    return assess(product, pr.cfp, per_declared_unit(study, result, product), shares,
                  undeclared_zero_flows(study), {u.id: u.name or u.id for u in study.units})
