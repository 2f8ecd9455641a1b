"""What the empty Appendix C workbook tells the accountant: study fields with their clause,
Chinese and English labels and an example value, and the amounts of one example plant.

The example plant (100 000 t remelting ingot a year) is illustrative: each amount is a published
per-tonne intensity times the example volume, with the source named next to it. It shows the
scale and unit of each row; it is not a default and is never read unless copied into the value
or amount cell.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StudyField:
    key: str
    clause: str
    zh: str
    en: str
    example_zh: object
    example_en: object
    choices: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def example(self, lang: str) -> object:
        return self.example_zh if lang == "zh" else self.example_en


_F = StudyField
#: Every study-level field clauses 4, 5.1, 5.2, 7.1.1, 7.1.5, 7.3, 8.1 and 10 ask for, in order.
STUDY_FIELDS: tuple[StudyField, ...] = (
    _F("title", "10 a 2", "报告标题", "report title", "示例铝业 2024 年重熔用铝锭碳足迹",
       "Example Aluminium 2024 ingot carbon footprint"),
    _F("report_id", "10 a 2", "报告编号", "report number", "CFP-2024-001", "CFP-2024-001"),
    _F("report_date", "10 a 2", "报告日期", "report date", "2025-03-31", "2025-03-31"),
    _F("commissioner", "10 a 1", "委托方", "commissioner", "示例铝业有限公司",
       "Example Aluminium Co., Ltd."),
    _F("assessor", "10 a 1", "评价方", "assessor", "示例碳核查有限公司",
       "Example Carbon Verification Co., Ltd."),
    _F("producer.name", "10 a 1", "生产者名称", "producer", "示例铝业有限公司",
       "Example Aluminium Co., Ltd."),
    _F("producer.address", "10 a 1", "生产者地址", "producer address", "云南省某市某工业园区 1 号",
       "No. 1 Industrial Park, Yunnan"),
    _F("producer.legal_representative", "10 a 1", "法定代表人", "legal representative", "张三",
       "Zhang San"),
    _F("producer.contact", "10 a 1", "联系人", "contact person", "李四", "Li Si"),
    _F("producer.phone", "10 a 1", "联系电话", "phone", "0871-00000000", "+86 871 0000 0000"),
    _F("producer.profile", "10 a 1", "企业简介", "company profile",
       "电解铝及铸锭生产企业,年产重熔用铝锭约 10 万 t", "smelter and cast house, about "
       "100 000 t remelting ingot a year"),
    _F("purpose.intended_application", "4", "应用意图", "intended application",
       "向下游客户披露产品碳足迹", "disclose the product carbon footprint to customers"),
    _F("purpose.reasons", "4", "开展研究的理由", "reasons for the study",
       "客户要求及企业减排管理", "customer request and internal reduction planning"),
    _F("purpose.audience", "4", "目标受众", "target audience", "下游客户与核查机构",
       "customers and the verifier"),
    _F("purpose.iso14026_communication", "4", "ISO 14026 交流信息(如有)",
       "ISO 14026 communication (if any)", "无", "none"),
    _F("product.name", "5.1 a", "产品名称", "product name", "重熔用铝锭",
       "aluminium ingot for remelting"),
    _F("product.grade", "5.1 a", "牌号", "grade", "Al99.70", "Al99.70"),
    _F("product.batch", "5.1 b", "批号", "batch", "2024 年全部批次(年度平均)",
       "all 2024 batches (annual average)"),
    _F("product.net_weight", "5.1 c", "净重", "net weight", "每捆约 1 t(铝锭约 20 kg/块)",
       "about 1 t per bundle (ingots of about 20 kg)"),
    _F("product.inspection", "5.1 d", "分析检验结果及检验部门印记",
       "inspection result and inspecting body's mark", "化学成分符合 GB/T 1196,质检部检验合格章",
       "chemical composition per GB/T 1196, stamped by the QA department"),
    _F("product.delivery_date", "5.1 e", "出厂日期", "delivery date", "2024-01-01 至 2024-12-31",
       "2024-01-01 to 2024-12-31"),
    _F("product.function", "10 c 1", "功能和技术参数", "function and technical parameters",
       "供重熔铸造铝合金及加工材", "remelting stock for alloys and semis"),
    _F("product.description", "5.1", "产品说明", "product description",
       "长方形铝锭,成捆交付", "rectangular ingots delivered in bundles"),
    _F("product.picture", "5.1", "产品图片(文件名或链接)", "product picture (file or link)",
       "product_photo.jpg", "product_photo.jpg"),
    _F("declared_products", "5.2", "声明产品(逗号分隔)", "declared products (comma separated)",
       "aluminium_ingot", "aluminium_ingot"),
    _F("period.start", "7.1.1", "数据收集期 起始", "period start", "2024-01-01", "2024-01-01"),
    _F("period.end", "7.1.1", "数据收集期 终止", "period end", "2024-12-31", "2024-12-31"),
    _F("allocation.method", "7.3", "分配方法", "allocation method", "subdivision",
       "subdivision", ("subdivision", "mass", "economic", "expansion")),
    _F("gwp_set", "8.1", "GWP 取值(附录 D)", "GWP set (Appendix D)", "AR6", "AR6",
       ("AR6", "AR5", "AR4", "SAR")),
    _F("gwp_reason", "8.1", "GWP 选择理由", "reason for the GWP set",
       "采用 IPCC 最新的 AR6 100 年 GWP(附录 D)", "latest IPCC values, AR6 GWP100 (Appendix D)"),
    _F("fuel_table", "7.1.3, 10 d", "燃料参数缺省值表(无实测值时)",
       "default fuel-property table (where not measured)", "cn_al_guideline_2013",
       "cn_al_guideline_2013",
       ("cn_al_guideline_2013", "al_guideline_calc", "generic_guideline_calc")),
    _F("electricity.grid_basis", "7.1.5, 10 f 3", "电网因子口径", "grid factor basis",
       "life_cycle", "life_cycle", ("life_cycle", "combustion_co2")),
    _F("electricity.grid_year", "7.1.5, 10 f 3", "电网因子年份", "grid factor year", 2024, 2024),
    _F("electricity.default_supply", "7.1.5, 10 f 3", "默认电力供应(电力供应表的名称)",
       "default electricity supply (a name in the supply sheet)", "grid", "grid"),
    _F("upstream_convention", "5.3.2, 10 c 5", "上游阶段口径", "upstream stage convention",
       "energy_in_units", "energy_in_units", ("energy_in_units", "all_upstream", "none")),
    _F("dq_unrated", "6.3", "未评级数据质量指标的处理", "unrated Table 2 criteria",
       "worst", "worst", ("worst", "exclude")),
    _F("purchased_stage", "5.3.3, 10 c 5", "外购氧化铝/阳极等碳足迹所计阶段",
       "stage of purchased alumina/anode footprints", "production_stage", "production_stage",
       ("production_stage", "upstream")),
    _F("illustrative", "10", "示例数据(是/否)", "illustrative data (yes/no)", "否", "no",
       ("是", "否")),
)
FIELD = {f.key: f for f in STUDY_FIELDS}

_DING = "Ding et al. 2021, J. Ind. Ecol. 25:1657 (domain-data.md §9.4)"
_HONG = "SESAME LCI China, Hong et al. 2012 (domain-data.md §9.4)"
_IAI = "SESAME LCI Global, IAI 2015 (domain-data.md §9.4)"
_ZHANG = "Zhang et al. 2022, Energy 261 (domain-data.md §9.4)"
_NG = ("; 天然气低位发热量 389.31 GJ/万Nm3(GB/T 32151,因子库默认值)",
       "; natural gas NCV 389.31 GJ/10^4 Nm3 (GB/T 32151, factor library default)")
_DIESEL = ("; 柴油低位发热量 42.652 GJ/t(因子库默认值)",
           "; diesel NCV 42.652 GJ/t (factor library default)")
_VOLUME = ("示例产量", "example volume")
_SAME = ("与下游单元用量相同", "as used by the next unit")


def _src(basis: str, source: str, extra: tuple[str, str] = ("", "")) -> tuple[str, str]:
    return (f"{basis}, {source}{extra[0]}", f"{basis}, {source}{extra[1]}")


#: Example plant, (unit, section, flow) -> (amount in the row's unit, (zh, en) derivation).
#: 100 000 t ingot; liquid metal 1 t per t ingot (illustrative: dross losses neglected).
EXAMPLE_AMOUNTS: dict[tuple[str, str, str], tuple[float, tuple[str, str]]] = {
    ("casting", "inputs", "liquid_aluminium"): (100_000, ("1 t/t 铝锭(示意)",
                                                          "1 t/t ingot (illustrative)")),
    ("casting", "inputs", "natural_gas"): (4_180_000, _src("41.8 Nm3/t", _ZHANG)),
    ("casting", "outputs", "aluminium_ingot"): (100_000, _VOLUME),
    ("electrolysis", "inputs", "alumina"): (191_990, _src("1.9199 t/t Al", _DING)),
    ("electrolysis", "inputs", "prebaked_anode"): (42_010, _src("0.4201 t/t Al", _DING)),
    ("electrolysis", "inputs", "diesel"): (3_890, _src("0.0389 t/t Al", _ZHANG)),
    ("electrolysis", "inputs", "electricity"): (1_345_800_000, _src("13458 kWh/t Al", _DING)),
    ("electrolysis", "outputs", "liquid_aluminium"): (100_000, _VOLUME),
    # 191 990 t alumina x 4.18/1.74 t bauxite, 0.16/1.74 t NaOH, 0.25/1.74 t CaO, 435/1.74 kWh
    # and 10.0971/1.74 GJ natural gas (/ 0.038931 GJ/Nm3) per t alumina
    ("alumina_refining", "inputs", "bauxite"): (461_217, _src("4.18/1.74 t/t", _HONG)),
    ("alumina_refining", "inputs", "caustic_soda"): (17_654, _src("0.16/1.74 t/t", _HONG)),
    ("alumina_refining", "inputs", "quicklime"): (27_585, _src("0.25/1.74 t/t", _HONG)),
    ("alumina_refining", "inputs", "natural_gas"): (28_617_000,
                                                    _src("10.0971/1.74 GJ/t", _HONG, _NG)),
    ("alumina_refining", "inputs", "electricity"): (47_997_500, _src("435/1.74 kWh/t", _HONG)),
    ("alumina_refining", "outputs", "alumina"): (191_990, _SAME),
    # 461 217 t bauxite x 0.078 GJ diesel (/ 42.652 GJ/t) and 1.5 kWh per t
    ("bauxite_mining", "inputs", "diesel"): (843.5, _src("0.078 GJ/t", _IAI, _DIESEL)),
    ("bauxite_mining", "inputs", "electricity"): (691_826, _src("1.5 kWh/t", _IAI)),
    ("bauxite_mining", "outputs", "bauxite"): (461_217, _SAME),
    # 42 010 t anode x 0.676 t calcined coke, 1.747 GJ natural gas (/ 0.038931), 208 kWh per t
    ("anode_production", "inputs", "calcined_coke"): (28_399, _src("0.676 t/t", _IAI)),
    ("anode_production", "inputs", "natural_gas"): (1_885_000, _src("1.747 GJ/t", _IAI, _NG)),
    ("anode_production", "inputs", "electricity"): (8_738_080, _src("208 kWh/t", _DING)),
    ("anode_production", "outputs", "prebaked_anode"): (42_010, _SAME),
}

#: Guidance for template rows with no example amount (no packaged factor, or optional).
NO_FACTOR = ("无内置因子:填写因子ID(用户排放因子表)或供应商碳足迹表",
             "no packaged factor: give a factor id (user factor sheet) or a supplier footprint")
NO_TREATMENT = ("无内置处置因子:填写处置因子ID,或在取舍表声明并估算(5.3.4)",
                "no packaged treatment factor: give a treatment factor id, or declare it in the "
                "cut-off sheet with an estimate (5.3.4)")
OPTIONAL = ("如有则填写", "fill if present")
CO_PRODUCT = ("联产品(如有):按研究的分配方法(7.3);非质量单位(如余热蒸汽 GJ)填写被替代产品的因子ID"
              "(系统扩展 7.3.1 b),或为各产品填写价格(经济价值分配),或为以质量计的产品填写"
              "热值 energy_content(GJ/t,按能量含量分配 7.3.1 c)",
              "co-product (if any): allocated by the study's method (7.3); not in mass (e.g. "
              "waste-heat steam in GJ): give the factor id of the product it replaces (system "
              "expansion 7.3.1 b), or a price on every product (economic allocation), or "
              "energy_content (GJ/t) on the products in mass (energy allocation 7.3.1 c)")
FROM_NATURE = ("取自自然界:无上游排放(5.3.3.1 采矿计入本单元),如有则填写",
               "taken from nature: no upstream burden (5.3.3.1: mining is in this unit); "
               "fill if present")
