"""Chinese text of the compliance-checklist reasons, keyed by evaluator id and status.

``alcarbon.checks`` gives each 'shall' clause an evaluator key and a status with an English reason
(which names ids and lists). The zh report shows the sentence below for (key, status) instead: a
table keyed by id, never a translation of the English sentence. Details with ids stay in the en
report and the JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_ZH: dict[tuple[str, str], str] = {
    ("purpose", "pass"): "已说明应用意图、研究理由和目标受众",
    ("purpose", "fail"): "未说明应用意图、研究理由或目标受众",
    ("product_description", "pass"): "已给出产品名称、牌号、批号、净重、检验和出厂日期",
    ("product_description", "fail"): "产品描述不完整(名称、牌号、批号、净重、检验或出厂日期缺失)",
    ("declared_unit", "pass"): "声明单位为 1 t 产品(5.2 a–d)",
    ("cutoff_declared", "pass"): "被舍弃的流均已声明并给出估计值;采用 1 %/5 % 取舍准则",
    ("cutoff_declared", "fail"): "存在既未量化也未声明为舍弃的流",
    ("cutoff_reasons", "pass"): "每个被舍弃的流均有理由;取舍准则一节说明了其影响",
    ("cutoff_reasons", "fail"): "部分被舍弃的流未给出理由",
    ("cutoff_reasons", "not_applicable"): "未舍弃任何流",
    ("cutoff_total", "pass"): "被舍弃的流合计不超过产品碳足迹的 5 %",
    ("cutoff_total", "fail"): "被舍弃的流合计超过产品碳足迹的 5 %",
    ("cutoff_each", "pass"): "每个被舍弃的流均低于产品碳足迹的 1 %",
    ("cutoff_each", "fail"): "有被舍弃的流达到或超过产品碳足迹的 1 %",
    ("cutoff_each", "not_applicable"): "未舍弃任何流",
    ("dq_sources", "pass"): "每项有贡献的数据均有表 2 评级和来源",
    ("dq_sources", "fail"): "部分有贡献的数据未记录来源",
    ("poor_data_sensitivity", "pass"): "已对评级为“差”的数据进行单因素敏感性分析",
    ("boundary_units", "pass"): "各单元过程均有能源和原材料数据",
    ("boundary_units", "fail"): "部分单元过程缺少能源输入或主要原材料",
    ("traceability", "pass"): "每项数据均有来源,初级数据列出了原始凭证",
    ("traceability", "fail"): "部分数据缺少来源,或初级数据未列出原始凭证",
    ("significant_data", "pass"): "显著数据均有来源、评级及收集说明或凭证",
    ("significant_data", "fail"): "部分显著数据(超过产品碳足迹 1 %)缺少来源及收集说明或凭证",
    ("transport_data", "pass"): "每项外购输入均有运输工具、核定载重量和运输距离",
    ("transport_data", "fail"): "部分外购输入缺少运输工具、核定载重量或运输距离",
    ("transport_data", "not_applicable"): "无外购物料或燃料",
    ("unit_data", "pass"): "本条款要求的初级数据齐全",
    ("unit_data", "fail"): "本条款要求的部分初级数据缺失",
    ("unit_data", "not_applicable"): "研究中无此单元过程",
    ("secondary_data", "pass"): "每个流均有上游、能源、处理和运输因子",
    ("secondary_data", "fail"): "部分废物既无处理数据也未声明为舍弃",
    ("captive_lifecycle", "pass"): "自备电厂作为单元过程建模,含燃料及其上游排放",
    ("captive_lifecycle", "fail"): "自备电厂缺少生命周期排放数据",
    ("captive_lifecycle", "not_applicable"): "无自备电力",
    ("contract_conditions", "pass"): "各合同工具均满足四项条件并有生命周期数据",
    ("contract_conditions", "fail"): "部分合同工具不满足 7.1.5.3 的条件或缺少生命周期数据",
    ("contract_conditions", "not_applicable"): "无合同工具",
    ("grid_region", "pass"): "电网电力均给出了消费地区",
    ("grid_region", "fail"): "部分电网电力未给出消费地区",
    ("grid_region", "not_applicable"): "无电网电力",
    ("certificates_separate", "pass"): "基于位置法与市场法结果并列报告",
    ("certificates_separate", "not_applicable"): "无与电力分开出售的证书",
    ("validation", "pass"): "已检查物料平衡和行业范围,无错误",
    ("validation", "fail"): "数据确认发现错误",
    ("allocation_conserves", "pass"): "各交换量的分配比例之和均为 1",
    ("allocation_conserves", "fail"): "部分交换量的分配比例之和不为 1",
    ("allocation_conserves", "not_applicable"): "无多产出单元过程",
    ("allocation_procedure", "pass"): "已按明确规定的分配程序分配",
    ("allocation_procedure", "not_applicable"): "无多产出单元过程",
    ("allocation_sensitivity", "pass"): "已按其他分配方法重新计算产品碳足迹(见方法学选择的影响)",
    ("allocation_sensitivity", "not_applicable"): "无多产出单元过程",
    ("hydroxide_p1_p2", "pass"): "已报告冶金级氧化铝质量 P1 和未煅烧氢氧化铝质量 P2",
    ("hydroxide_p1_p2", "not_applicable"): "无氢氧化铝联产品",
    ("calcination_tagged", "pass"): "煅烧工序排放 Ec 单独核算并仅分配给氧化铝",
    ("calcination_tagged", "fail"): "未将煅烧工序排放 Ec 与其他工序排放 Er 分开核算",
    ("calcination_tagged", "not_applicable"): "无氢氧化铝联产品",
    ("gwp100", "pass"): "各温室气体质量乘以 IPCC 100 年 GWP",
    ("gwp_latest", "pass"): "采用最新 IPCC GWP 数值,或已在报告中说明理由",
    ("gwp_latest", "fail"): "未采用最新 IPCC GWP 数值且未说明理由",
    ("report_items", "pass"): "a)–g) 各项内容齐全",
    ("report_items", "fail"): "报告所需的部分内容缺失",
    ("manual", "manual"): "需核查机构确认(无法由研究数据判定)",
    ("secondary_justified", "pass"):
        "显著(超过产品碳足迹 1 %)的次级数据均说明了未采集初级数据的原因",
    ("secondary_justified", "fail"): "部分显著次级数据未说明未采集初级数据的原因",
    ("direct_line_factor", "pass"): "直供电力采用供应商提供的排放因子并注明来源",
    ("direct_line_factor", "fail"): "部分直供电力缺少供应商排放因子或其来源",
    ("direct_line_factor", "not_applicable"): "无直供电力",
    ("contract_conveys_generator_info", "pass"): "各合同工具均传递发电单位及机组特征信息",
    ("contract_conveys_generator_info", "fail"): "部分合同工具未说明传递发电单位及机组特征信息",
    ("contract_conveys_generator_info", "not_applicable"): "无合同工具",
    ("contract_exclusive_claim", "pass"): "各合同工具均保证唯一的使用权",
    ("contract_exclusive_claim", "fail"): "部分合同工具未说明保证唯一的使用权",
    ("contract_exclusive_claim", "not_applicable"): "无合同工具",
    ("contract_retired_by_reporter", "pass"): "各合同工具均由报告实体或其代表追踪、赎回或注销",
    ("contract_retired_by_reporter", "fail"): "部分合同工具未说明由报告实体或其代表注销",
    ("contract_retired_by_reporter", "not_applicable"): "无合同工具",
    ("contract_matches_period", "pass"): "各合同工具均接近其适用期限",
    ("contract_matches_period", "fail"): "部分合同工具未说明接近其适用期限",
    ("contract_matches_period", "not_applicable"): "无合同工具",
    ("energy_listed", "pass"): "能源输入均已列出并量化,未发现能量平衡缺口",
    ("energy_listed", "fail"): "部分能源输入未列出、未量化或被舍弃",
    ("materials_listed", "pass"): "原辅材料输入均已列出(或声明舍弃并给出估计值),物料和碳平衡闭合",
    ("materials_listed", "fail"): "部分原辅材料输入未列出或未量化,或物料/碳平衡存在缺口",
}

_FALLBACK = {"pass": "符合", "fail": "不符合", "not_applicable": "不适用",
             "manual": "需核查机构确认(无法由研究数据判定)"}


def reason_zh(key: str, status: str, detail: dict[str, Any] | None = None,
              name: Callable[[str, str], str] | None = None) -> str:
    """The zh reason of evaluator ``key`` ('unit_data:<unit>' -> 'unit_data') with ``status``,
    followed by the data at fault from the evaluator's ``detail`` ([unit, flow] pairs named by
    ``name(unit, flow)``, e.g. 电解铝生产/氧化铝), so a verifier sees the same detail as in en."""
    base = key.split(":", 1)[0] if key else "manual"
    text = _ZH.get((base, status), _FALLBACK.get(status, ""))
    name = name or (lambda u, f: f"{u}/{f}" if f else u)
    parts = [f"{label} {len(detail[k])} 项:{_few([name(u, f) for u, f in detail[k]])}"
             for k, label in _DETAIL_ZH if (detail or {}).get(k)]
    # 7.2 findings and range hints carry their own zh text ([zh, en] pairs)
    parts += [f"{label}:" + ";".join(m[0] for m in detail[k])
              for k, label in (("findings", "数据确认(7.2)发现"), ("hints", "提示(不判为不符合)"))
              if (detail or {}).get(k)]
    return f"{text}。" + ";".join(parts) if parts else text


#: Detail lists of the evaluators and their zh heading (checks/evaluators.py).
_DETAIL_ZH = (("no_source", "无来源的数据"), ("no_evidence", "未列出原始凭证的初级数据"),
              ("no_transport", "缺少运输数据的外购输入"),
              ("no_reason", "未说明原因的显著次级数据"),
              ("no_energy", "无已量化能源输入的单元"), ("not_listed", "未列出的输入"),
              ("not_quantified", "已列出但数量为 0(未量化)"),
              ("omitted_energy", "声明为舍弃的能源(7.4 c 仅允许舍弃辅助材料)"))


def _few(names: list[str], n: int = 8) -> str:
    """At most ``n`` names joined with 、, then 等 (the count is stated before the list)."""
    return "、".join(names[:n]) + ("等" if len(names) > n else "")
