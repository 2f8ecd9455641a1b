"""All report strings in Chinese and English, in one table, so both languages share every number.

``t(key, lang)`` returns the string; ``fmt`` helpers format numbers identically in both languages
(numbers never pass through translation). Keys of headings carry the clause of GB/T 44905-2024
they satisfy (clause 10 items a-g, Appendix E sections).
"""

from __future__ import annotations

from alcarbon.facts import PRODUCTS as _PRODUCTS

LANGS = ("zh", "en")

STAGES = {
    "upstream": ("辅助材料和能源获取阶段", "Auxiliary materials and energy acquisition (upstream)"),
    "bauxite_mining": ("铝土矿采选", "Bauxite mining and beneficiation"),
    "alumina_refining": ("氧化铝生产", "Alumina production"),
    "anode_production": ("预焙阳极生产", "Prebaked anode production"),
    "electrolysis": ("铝电解生产", "Aluminium electrolysis"),
    "casting": ("铝液铸锭", "Casting of molten aluminium"),
}
CATEGORIES = {
    "process": ("生产过程排放", "Process emissions"),
    "fuel_combustion": ("燃料燃烧排放", "Fuel combustion"),
    "energy": ("能源相关排放", "Energy-related"),
    "other": ("其他排放", "Other (upstream, transport, waste)"),
}
PRODUCTS = _PRODUCTS
#: Table 2 levels in the standard's words; "not_rated" (未评级) for an indicator the user left
#: empty, never shown as good.
RATINGS = {"good": ("好", "good"), "fair": ("一般", "fair"), "poor": ("较差", "poor"),
           "not_rated": ("未评级", "not rated")}
SUPPLY_TYPES = {
    "grid": ("电网购电", "grid"),
    "captive": ("自备电厂", "captive plant"),
    "direct_line": ("直供电", "direct line"),
    "contract": ("合同工具(绿证/购电协议)", "contractual instrument (certificate/PPA)"),
}
BASES = {
    "life_cycle": ("生命周期(碳足迹)因子", "life-cycle (footprint) factor"),
    "combustion_co2": ("仅燃烧CO2因子", "combustion-only CO2 factor"),
    "process": ("过程计算", "computed"),
}

_T: dict[str, tuple[str, str]] = {
    # title page
    "report_title": ("产品碳足迹报告", "Product Carbon Footprint Report"),
    "gwp_reason": ("未采用最新 GWP(AR6)而采用 {gs} 的理由(8.1):{reason}",
                   "Reason for using {gs} instead of the latest GWP values (AR6), per 8.1: "
                   "{reason}"),
    "report_subtitle": ("依据 GB/T 44905-2024《温室气体 产品碳足迹量化方法与要求 "
                        "电解铝及相关产品》",
                        "according to GB/T 44905-2024 (carbon footprint of electrolytic "
                        "aluminium and related products)"),
    "illustrative": ("示例报告:数据为公开文献典型值,不代表任何真实企业",
                     "ILLUSTRATIVE report: published typical values, not data of a real plant"),
    "product_name": ("产品名称", "Product"), "product_grade": ("产品规格型号", "Grade / model"),
    "producer_name": ("生产者名称", "Producer"), "report_id": ("报告编号", "Report no."),
    "assessor": ("出具报告机构", "Issued by"), "commissioner": ("委托方", "Commissioned by"),
    "period": ("时间范围", "Reference period"), "not_given": ("未提供", "not given"),
    # GB/T 44905 5.1 b)-e), 10 a 2 and Appendix E (产品图片, 日期)
    "batch": ("产品批号", "Batch"), "net_weight": ("产品净重", "Net weight"),
    "inspection": ("分析检验结果及检验部门印记", "Inspection results and inspecting body"),
    "delivery_date": ("出厂日期", "Delivery date"), "picture": ("产品图片", "Product picture"),
    "report_date": ("报告日期", "Report date"),
    # a) 基本情况
    "s_general": ("一、概况", "1 General information"),
    "s_producer": ("生产者信息", "Producer"),
    "address": ("地址", "Address"), "legal_rep": ("法定代表人", "Legal representative"),
    "contact": ("授权人(联系人)", "Contact"), "phone": ("联系电话", "Phone"),
    "profile": ("公司概况", "Company profile"),
    "s_product": ("产品信息", "Product"),
    "function": ("产品功能", "Function"), "description": ("产品介绍", "Description"),
    "s_method": ("量化方法", "Quantification method"),
    "standard": ("依据标准", "Standard applied"),
    "standard_text": ("GB/T 44905-2024；GB/T 24067-2024（ISO 14067:2018）",
                      "GB/T 44905-2024; GB/T 24067-2024 (ISO 14067:2018)"),
    "pcr": ("产品种类规则或补充要求", "Product category rules / supplementary requirements"),
    "pcr_text": ("GB/T 44905-2024 即本产品的产品种类规则;未使用其他补充要求。",
                 "GB/T 44905-2024 serves as the product category rule; no other supplementary "
                 "requirements were used."),
    "report_info": ("报告信息", "Report information"),
    # b) 量化目的
    "s_purpose": ("二、量化目的", "2 Goal of the study"),
    "application": ("预期用途", "Intended application"), "reasons": ("开展研究的目的",
                                                                  "Reasons for the study"),
    "audience": ("目标受众", "Intended audience"),
    # c) 量化范围
    "s_scope": ("三、量化范围", "3 Scope"),
    "declared_unit": ("声明单位", "Declared unit"),
    "declared_unit_text": ("声明单位为 1 t {p};基准流为生产 1 t {p}所需的各单元过程产出。",
                           "The declared unit is 1 t of {p}; the reference flow is the output "
                           "of every unit process needed to make 1 t of {p}."),
    "boundary": ("系统边界", "System boundary"),
    "boundary_text": ("从摇篮到大门:辅助材料和能源获取阶段(5.3.2)及产品生产阶段(5.3.3)的单元过程;"
                      "基础设施、设备和办公不在边界内(7.4 f)。",
                      "Cradle to gate: the upstream stage (5.3.2) and the unit processes of the "
                      "production stage (5.3.3); infrastructure, equipment and offices are "
                      "excluded (7.4 f)."),
    "fig_boundary": ("图 E.1 产品碳足迹量化系统边界图", "Figure E.1 System boundary"),
    "stages_desc": ("生命周期各阶段描述", "Life-cycle stages"),
    "cutoff": ("取舍准则", "Cut-off criteria"),
    "cutoff_rule": ("依据 GB/T 44905-2024 5.3.4 与 7.4:单项被舍弃的流不超过产品碳足迹的 1 %,"
                    "被舍弃的流合计不超过 5 %;能源和原辅材料的所有输入均需列出(7.4 a、b),"
                    "检查结果见下。",
                    "Per GB/T 44905-2024 5.3.4 and 7.4: any one omitted flow below 1 % of the "
                    "CFP and all omitted flows together at most 5 %; every energy and raw or "
                    "auxiliary material input is to be listed (7.4 a, b): what the checks found "
                    "follows."),
    "omitted": ("被舍弃的流", "Omitted flows"),
    "no_omitted": ("研究未声明被舍弃的流。", "The study declares no omitted flow."),
    # d) 清单分析
    "s_inventory": ("四、清单分析", "4 Inventory analysis"),
    "data_sources": ("数据来源说明", "Data sources"),
    "primary": ("初级数据", "Primary data"), "secondary": ("次级数据", "Secondary data"),
    "allocation": ("分配原则与程序", "Allocation"),
    "ghg_list": ("纳入范围的温室气体", "Greenhouse gases included"),
    "table_e1": ("表 E.1 电解铝产品生命周期碳排放清单", "Table E.1 Life-cycle GHG inventory"),
    "e1_note": ("活动数据和排放量均为每声明单位;排放因子单位为每活动数据单位的温室气体质量。",
                "Activity data and emissions per declared unit; factors in mass of gas per unit "
                "of activity."),
    "dq": ("数据质量评价", "Data-quality assessment"),
    "dq_note": ("按 GB/T 44905-2024 6.3 表 2 对技术、时间、地理、可靠性、完整性评级;未评级的指标"
                "显示为“未评级”。“活动数据类型”指各行的活动数据;外购原辅材料、燃料、电力、运输的"
                "排放因子及供应商声明均为次级数据(6.1)。",
                "Ratings per GB/T 44905-2024 6.3 Table 2: technology, time, geography, "
                "reliability, completeness; a criterion not rated is shown as not rated. "
                "'Activity data type' is that of each row's activity datum; the factors of "
                "purchased materials, fuels, electricity and transport and supplier "
                "declarations are secondary data (6.1)."),
    "validation": ("数据确认(7.2)", "Data validation (7.2)"),
    "dq_score": ("数据质量综合得分(1 好 – 3 较差,按排放加权;未评级按较差计)",
                 "Data-quality score (1 good – 3 poor, emission-weighted; not rated counts as "
                 "poor)"),
    "dq_score_exclude": ("数据质量综合得分(1 好 – 3 较差,按排放加权;未评级指标不计入)",
                         "Data-quality score (1 good – 3 poor, emission-weighted; criteria not "
                         "rated left out)"),
    "unrated_share": ("未评级数据占比/%", "Share of data not rated /%"),
    "rated_share": ("已评级数据占比/%", "Share of data rated /%"),
    "scored_share": ("计入得分的数据占比/%", "Share of data in the score /%"),
    "unrated_n": ("未评级数据项数", "Data items not rated"),
    "dq_basis": ("以上占比与得分按碳足迹各贡献项排放量(绝对值)加权,与计算结果数据文件及数据交换"
                 "文件一致;"
                 "只有注明为初级数据的现场直接排放(燃烧、过程、实测)计为初级数据,外购原辅材料、"
                 "燃料、电力、运输的排放因子及供应商声明为次级数据(6.1)。",
                 "Shares and score weighted by the absolute emission of each contribution to "
                 "the CFP, as in the JSON output and PACT; only on-site emissions (combustion, "
                 "process, measured) of data stated primary count as primary; factors of "
                 "purchased materials, fuels, electricity and transport and supplier "
                 "declarations are secondary data (6.1)."),
    "primary_share": ("初级数据占比/%", "Primary-data share /%"),
    "findings": ("数据确认结果", "Validation findings"),
    "severity": ("级别", "Severity"), "range": ("参考范围", "Reference range"),
    "compliance": ("“应”条款符合性清单", "Compliance with every 'shall' clause"),
    "clause": ("条款", "Clause"), "status": ("状态", "Status"),
    "poor_data": ("评级为“差”且贡献超过 1 % 的数据", "Poor data contributing over 1 %"),
    # e) 影响评价
    "s_impact": ("五、影响评价", "5 Impact assessment"),
    "impact_method": ("影响类型和特征化因子", "Impact category and characterisation factors"),
    "impact_text": ("影响类型为气候变化,采用 {src} 的 100 年全球变暖潜势(GWP100，{gs})。"
                    "计算式:CFP = Σ AD × EF × GWP(8.2 式(1))。",
                    "Impact category climate change, 100-year global warming potentials "
                    "(GWP100, {gs}) from {src}. CFP = Σ AD × EF × GWP (8.2, formula (1))."),
    "cfp_calc": ("产品碳足迹结果计算", "Carbon footprint calculation"),
    # f) 结果解释
    "s_result": ("六、结果解释", "6 Interpretation"),
    "result_text": ("{c}生产的{p},从摇篮到大门生命周期碳足迹为 {v} tCO₂e/t({kg} kgCO₂e/t)。"
                    "各生命周期阶段的温室气体排放情况见表 E.2。",
                    "The cradle-to-gate carbon footprint of {p} made by {c} is {v} t CO₂e/t "
                    "({kg} kg CO₂e/t). Table E.2 shows each life-cycle stage."),
    "table_e2": ("表 E.2 电解铝产品生命周期各阶段碳排放情况",
                 "Table E.2 GHG emissions per life-cycle stage"),
    "total": ("合计", "Total"), "share": ("占比/%", "Share /%"),
    "remark": ("备注", "Remark"), "stage": ("生命周期阶段", "Life-cycle stage"),
    "cfp_col": ("碳足迹(GB/T 44905)/(tCO₂e/t)", "CFP (GB/T 44905) /(t CO₂e/t)"),
    "loc_col": ("基于位置(对比)/(tCO₂e/t)", "Location-based (comparison) /(t CO₂e/t)"),
    "fig_stages": ("图 各阶段碳足迹", "Figure Stage contributions"),
    "fig_sankey": ("图 排放流向(流 → 阶段 → 产品)",
                   "Figure Emission flows (flow → stage → product)"),
    "by_gas": ("按温室气体", "By gas"), "by_category": ("按排放类别(附录 A)",
                                                         "By emission category (Appendix A)"),
    "significant": ("显著环节(9.1 a)", "Significant contributors (9.1 a)"),
    "conclusions": ("结论与局限性", "Conclusions and limitations"),
    "limitations": ("假设和局限性说明", "Assumptions and limitations"),
    "sens_unc": ("敏感性分析和不确定性分析", "Sensitivity and uncertainty analysis"),
    "sensitivity": ("敏感性分析(单因素)", "Sensitivity (one at a time)"),
    "fig_tornado": ("图 敏感性龙卷风图", "Figure Sensitivity tornado"),
    "uncertainty": ("不确定性分析(蒙特卡洛)", "Uncertainty (Monte Carlo)"),
    "fig_mc": ("图 蒙特卡洛分布", "Figure Monte Carlo distribution"),
    "alternatives": ("方法学选择的影响(9.3 a)", "Effect of methodological choices (9.3 a)"),
    "not_available": ("本节所需的分析模块({m})在本版本中不可用,本报告不给出相应数值。",
                      "The analysis module needed here ({m}) is not available in this version; "
                      "the report gives no numbers for it."),
    "electricity": ("电力处理(7.1.5)", "Electricity treatment (7.1.5)"),
    "elec_text": ("声明的碳足迹按 GB/T 44905 7.1.5 计算:自备电厂按生命周期建模(7.1.5.1),"
                  "直供电力采用供应商因子(7.1.5.2),满足 7.1.5.3 四项条件的合同工具采用供应商"
                  "特定因子,其余电网电量采用消费地区剔除已声明属性的电网因子"
                  "(未发布时采用基于位置的因子并注明)。基于位置的结果(全部电网电量按地区"
                  "电网因子)作为对比并列给出。每个电力数值旁注明所用因子(编号、数值、口径、"
                  "地区、年份)。",
                  "The declared footprint follows GB/T 44905 7.1.5: captive plant modelled over "
                  "its life cycle (7.1.5.1), direct line at the supplier's factor (7.1.5.2), "
                  "contractual instruments meeting the four conditions of 7.1.5.3 at the "
                  "supplier-specific factor, all other grid electricity at the grid factor of the "
                  "region excluding already-claimed attributes (the location factor, with a note, "
                  "where none is published). The location-based result (every grid kWh at the "
                  "regional grid factor) is shown beside it for comparison. Every electricity "
                  "figure names its factor (id, value, basis, region, year)."),
    "declared": ("GB/T 44905 结果", "GB/T 44905 result"),
    "location_based": ("基于位置(对比)", "Location-based (comparison)"),
    "grid_mix": ("电网组合分析(7.1.5.3,单独报告)", "Grid-mix analysis (7.1.5.3, reported "
                 "separately)"),
    "region_year": ("地区/年份", "Region / year"),
    "supplies": ("供电方式", "Electricity supplies"),
    "disclosure": ("信息披露的选择与理由(10 f 4)", "Choice of disclosed information (10 f 4)"),
    "improvement": ("改进建议", "Improvement suggestions"),
    "lever_note": ("以下节减量均为在本研究上重新计算得到(其他条件不变)。",
                   "Each saving below is recomputed on this study, everything else unchanged."),
    "not_applicable": ("不适用", "not applicable"),
    "refs": ("参考资料(10 g)", "References (10 g)"),
    "repro": ("可复现信息", "Reproducibility"),
    "warnings": ("计算提示", "Calculation notes"),
    # column headers
    "unit": ("单元过程", "Unit process"), "flow": ("流", "Flow"),
    "category": ("类别", "Category"), "activity": ("活动数据", "Activity data"),
    "factor": ("排放因子", "Emission factor"), "emission": ("温室气体排放量/(tCO₂e/t)",
                                                             "GHG /(t CO₂e/t)"),
    "source": ("来源", "Source"), "gas": ("温室气体", "Gas"), "gwp": ("GWP100", "GWP100"),
    "value": ("数值", "Value"), "item": ("项目", "Item"),
    "technology": ("技术", "Technology"), "time": ("时间", "Time"),
    "geography": ("地理", "Geography"), "reliability": ("可靠性", "Reliability"),
    "completeness": ("完整性", "Completeness"), "data_type": ("活动数据类型", "Activity data type"),
    "lever": ("措施", "Measure"), "saving": ("节减/(tCO₂e/t)", "Saving /(t CO₂e/t)"),
    "new_cfp": ("实施后碳足迹/(tCO₂e/t)", "CFP after /(t CO₂e/t)"),
    "assumption": ("假设", "Assumption"), "param": ("参数", "Parameter"),
    "low": ("下限", "Low"), "high": ("上限", "High"), "swing": ("摆幅", "Swing"),
    "estimate": ("估计/(tCO₂e)", "Estimate /(t CO₂e)"), "reason": ("理由", "Reason"),
    "supply": ("供电", "Supply"), "type": ("类型", "Type"), "basis": ("因子口径", "Factor basis"),
    "kwh": ("电量/(kWh/t)", "Electricity /(kWh/t)"),
    "ef_kwh": ("因子/(kgCO₂e/kWh)", "Factor /(kg CO₂e/kWh)"),
    "mean": ("均值", "Mean"), "median": ("中位数", "Median"), "ci": ("95 % 区间", "95 % interval"),
    "cv": ("变异系数", "Coefficient of variation"), "iterations": ("迭代次数", "Iterations"),
    "instrument_ok": ("满足 7.1.5.3 条件", "meets 7.1.5.3"),
    "instrument_no": ("不满足 7.1.5.3 条件", "fails 7.1.5.3"),
    # figures (numbered in document order; captions without the number)
    "cap_boundary": ("产品碳足迹量化系统边界图(附录 E 图 E.1)",
                     "System boundary (Appendix E Figure E.1)"),
    "cap_stages": ("各生命周期阶段碳足迹", "Carbon footprint per life-cycle stage"),
    "cap_sankey": ("排放流向(流 → 阶段 → 产品)", "Emission flows (flow → stage → product)"),
    "cap_tornado": ("敏感性龙卷风图", "Sensitivity tornado"),
    "cap_mc": ("蒙特卡洛模拟的产品碳足迹分布", "Monte Carlo distribution of the carbon footprint"),
    "fig_word": ("图", "Figure"),
    "see_boundary": ("系统边界见图 {n}。", "Figure {n} shows the system boundary."),
    "see_stages": ("各阶段结果见图 {n}。", "Figure {n} shows the stages."),
    "see_sankey": ("排放从各流经生命周期阶段到产品的流向见图 {n}(小于 2 % 的流合并为“其他”)。",
                   "Figure {n} shows how emissions flow from each flow through the stages to the "
                   "product (flows under 2 % are grouped as 'Other')."),
    "see_tornado": ("各参数分别取其自身 95 % 区间的上下限(其余不变)时产品碳足迹的变化见图 {n}。",
                    "Figure {n} shows the carbon footprint with each parameter, in turn, at the "
                    "ends of its own 95 % interval (all others static)."),
    "unc_scheme": ("不确定性方法", "Uncertainty scheme"),
    "unc_params": ("方差贡献最大的参数及其不确定性", "Parameters with most variance and their "
                   "uncertainty"),
    "etype": ("交换类型", "Exchange type"), "sigma_basic": ("基本 σ", "σ basic"),
    "pedigree_scores": ("谱系分值(技术/时间/地理/可靠性/完整性)",
                        "Pedigree scores (technology/time/geography/reliability/completeness)"),
    "sigma_total": ("总 σ", "σ total"), "gsd2": ("几何标准差平方", "GSD²"),
    "var_share": ("方差贡献/%", "Variance share /%"),
    "see_mc": ("蒙特卡洛模拟结果的分布见图 {n}。",
               "Figure {n} shows the Monte Carlo distribution."),
    "co2e_secondary": ("以 CO₂e 给出的次级因子排放", "CO₂e from secondary factors"),
    "ghg_text": ("{gases};另有以 CO₂e 给出的次级数据(上游、运输、电力),其中已含各温室气体。",
                 "{gases}; plus secondary data given in CO₂e (upstream, transport, electricity), "
                 "which include every gas."),
    "repro_see": ("见附录“可复现信息”", "see the appendix 'Reproducibility'"),
    "confidence": ("数据可信度", "Data confidence"),
    "conf_high": ("高", "high"), "conf_medium": ("中", "medium"), "conf_low": ("低", "low"),
    "levers_none": ("本研究无适用且能降低碳足迹的措施。",
                    "No measure applies to this plant and lowers its footprint."),
    "appendix": ("附录 数据出处与可复现信息", "Appendix Provenance and reproducibility"),
    "provenance": ("数据出处(转录记录,按原文)", "Provenance of transcribed values"),
    "provenance_note": ("下表记录各因子数值经由的数据库导出、第三方转录或研究笔记,按原文列出,"
                        "不作为参考文献。",
                        "How each value reached the factor library (database export, third-party "
                        "transcription, research note), verbatim; not a reference."),
    "factor_id": ("因子编号", "Factor id"),
    "notes_en_only": ("另有 {n} 条计算提示仅有英文文本,见英文报告。",
                      "{n} further calculation notes have English text only."),
    "elec_use": ("电力消耗(kWh/t):", "Electricity use (kWh/t): "),
    "factor_name": ("因子", "Factor"),
    "lim_national_grid": ("电网电力采用全国电力碳足迹因子({v} kgCO₂e/kWh):主管部门未发布{r}的"
                          "省级生命周期因子(7.1.5.3)。",
                          "Grid electricity uses the national electricity footprint factor "
                          "({v} kg CO₂e/kWh): no provincial life-cycle factor is published for "
                          "{r} (7.1.5.3)."),
    "lim_waste_zero": ("以下废物无处理排放因子,按 0 计(未声明为舍弃):{items}。",
                       "These wastes have no treatment factor and count as 0 (not declared as "
                       "omitted): {items}."),
    "lim_supplier": ("以下输入采用供应商声明的碳足迹,未经核查:{items}。",
                     "These inputs use supplier-declared footprints that were not verified: "
                     "{items}."),
    "lim_fuels": ("燃料燃烧 CO₂ 的低位发热量、单位热值含碳量和碳氧化率未采用实测值的,取{table}"
                  "(GB/T 32151 计算方法);煤的实测值(低位发热量按 GB/T 213,含碳量按 GB/T 476)"
                  "优先于缺省值。",
                  "Fuel combustion CO₂ uses, where no measured value is given, the net calorific "
                  "value, carbon content and oxidation of {table} (GB/T 32151 method); measured "
                  "coal properties (NCV per GB/T 213, carbon content per GB/T 476) are preferred "
                  "over these defaults."),
    "lim_non_co2": ("燃料燃烧的 CH₄ 和 N₂O 按 IPCC 2006 第 2 卷第 2 章方法 1 缺省因子计算"
                    "(发电、供热单元用表 2.2,其他单元用表 2.3),按所选 GWP 折算。",
                    "CH₄ and N₂O of fuel combustion use the IPCC 2006 Vol. 2 chapter 2 Tier 1 "
                    "defaults (Table 2.2 for power and heat units, Table 2.3 for the others), "
                    "weighted by the chosen GWP set."),
    "lim_study_factors": ("以下次级因子为研究方提供的指示值或代用值(可信度低):{items}。",
                          "These secondary factors are indicative or proxy values supplied by the "
                          "study (low confidence): {items}."),
    "lim_fail": ("{n} 项“应”条款不符合(见符合性清单)。",
                 "{n} 'shall' clauses are not met (see the checklist)."),
    "lim_poor": ("{n} 项数据质量评级为“差”,已在敏感性分析中关注(6.3)。",
                 "{n} data-quality ratings are 'poor' and need sensitivity analysis (6.3)."),
    "study_notes": ("研究说明(研究方原文)", "Study notes (as supplied)"),
    "captive_power": ("自备电厂电力", "captive power"),
    "captive_calc": ("按自备电厂单元过程计算", "computed from the captive plant unit"),
    "region": ("地区", "Region"),
    "lib_version": ("因子库版本", "Factor library"),
    "inputs_hash": ("输入数据 SHA-256", "Inputs SHA-256"),
}


#: Exchange types of the uncertainty scheme (alcarbon.uncertainty.pedigree.BASIC_VARIANCE).
ETYPES: dict[str, tuple[str, str]] = {
    "input": ("能源/物料输入", "energy or material input"),
    "transport": ("运输(t·km)", "transport (t·km)"),
    "process": ("过程排放活动量", "process-emission activity"),
    "link": ("单元间衔接量(物料/能量平衡)", "link between own units (mass/energy balance)"),
    "combustion CO2": ("燃烧 CO₂ 因子", "combustion CO₂ factor"),
    "combustion CH4/N2O": ("燃烧 CH₄/N₂O 因子", "combustion CH₄/N₂O factor"),
    "process CO2": ("过程 CO₂ 因子", "process CO₂ factor"),
    "process PFC": ("过程 PFC 因子", "process PFC factor"),
    "secondary factor": ("次级数据因子", "secondary-data factor"),
    "user gsd": ("用户给定几何标准差", "user GSD"), "measured": ("实测", "measured"),
}


def t(key: str, lang: str) -> str:
    """The string ``key`` in ``lang`` ('zh' or 'en')."""
    return _T[key][0 if lang == "zh" else 1]


def label(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """A label from one of the tables above; unknown keys are shown as they are."""
    pair = table.get(key)
    return key if pair is None else pair[0 if lang == "zh" else 1]


def num(v: float | None, digits: int = 4) -> str:
    """Fixed-point number, the same in every language ('-' for None); -0.0000 shows as 0.0000."""
    if v is None:
        return "-"
    if abs(v) < 0.5 * 10 ** -digits:
        v = 0.0
    return f"{v:,.{digits}f}"


def sig(v: float | None, n: int = 4) -> str:
    """n significant figures (for factors and activity data spanning many magnitudes)."""
    if v is None:
        return "-"
    if v == 0:
        return "0"
    return f"{v:.{n}g}"


def plain(v: float | None, n: int = 4) -> str:
    """n significant figures in plain notation (never 1e-06), thousands separated."""
    import math

    if v is None:
        return "-"
    if v == 0:
        return "0"
    d = max(n - 1 - math.floor(math.log10(abs(v))), 0)
    return f"{v:,.{d}f}"


def qty(v: float | None, unit: str, n: int = 4) -> str:
    """Value with its unit, a tonne numerator scaled to kg or g when the value is below 0.1
    ('6.502e-06 t CO2e/tkm' -> '6.502 g CO2e/tkm'), in plain notation."""
    if v is None:
        return "-"
    head, sep, rest = unit.partition(" ")
    if head == "t" or unit == "t":
        for prefix in ("kg", "g"):
            if v == 0 or abs(v) >= 0.1:
                break
            v, head = v * 1000, prefix
        unit = head + (sep + rest if sep else "")
    return f"{plain(v, n)} {unit}"


def pct(v: float | None, digits: int = 1) -> str:
    """Share (0..1) as percent, no sign."""
    return "-" if v is None else f"{100 * v:.{digits}f}"
