"""Chinese provinces and the NBS 2012 42-sector IO list (classifications, not numbers).

Province order: CEADs/NBS standard order (research/china-mrio.md section 2.2; MARIO notebook
on the 2018/2020 CEADs workbooks).  Sectors: NBS 2012 42-sector IO classification, Chinese
names from the NBS 2015 extended table (ionet `china_2015_42`), research/china-mrio.md 2.1.
The reader never relies on these lists: it takes labels from the workbook.  They are used by
the synthetic generator and to normalise province aliases.
"""

from __future__ import annotations

PROVINCES_ZH = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
    "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
)
PROVINCES_EN = (
    "Beijing", "Tianjin", "Hebei", "Shanxi", "Inner Mongolia", "Liaoning", "Jilin",
    "Heilongjiang", "Shanghai", "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong",
    "Henan", "Hubei", "Hunan", "Guangdong", "Guangxi", "Hainan", "Chongqing", "Sichuan",
    "Guizhou", "Yunnan", "Tibet", "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang",
)
#: spelling variants seen in CEADs files -> canonical Chinese name
PROVINCE_ALIASES = {
    "内蒙": "内蒙古", "InnerMongolia": "内蒙古", "Nei Mongol": "内蒙古", "Xizang": "西藏",
    **dict(zip(PROVINCES_EN, PROVINCES_ZH, strict=True)),
}

SECTORS_42_ZH = (
    "农林牧渔产品和服务", "煤炭采选产品", "石油和天然气开采产品", "金属矿采选产品",
    "非金属矿和其他矿采选产品", "食品和烟草", "纺织品", "纺织服装鞋帽皮革羽绒及其制品",
    "木材加工品和家具", "造纸印刷和文教体育用品", "石油、炼焦产品和核燃料加工品", "化学产品",
    "非金属矿物制品", "金属冶炼和压延加工品", "金属制品", "通用设备", "专用设备", "交通运输设备",
    "电气机械和器材", "通信设备、计算机和其他电子设备", "仪器仪表", "其他制造产品", "废品废料",
    "金属制品、机械和设备修理服务", "电力、热力的生产和供应", "燃气生产和供应", "水的生产和供应",
    "建筑", "批发和零售", "交通运输、仓储和邮政", "住宿和餐饮", "信息传输、软件和信息技术服务",
    "金融", "房地产", "租赁和商务服务", "科学研究和技术服务", "水利、环境和公共设施管理",
    "居民服务、修理和其他服务", "教育", "卫生和社会工作", "文化、体育和娱乐",
    "公共管理、社会保障和社会组织",
)
#: 2012-list codes of sector groups studied in the seed paper (Yang et al. 2025)
MINING_CODES_2012 = ("02", "03", "04", "05")
KEY_UPSTREAM_CODES_2012 = {"petroleum_coking": "11", "metal_smelting": "14",
                           "electricity_heat": "25", "transport": "30"}


def canonical_province(name: str) -> str:
    """Normalise a province label (Chinese or English variant) to its Chinese name; unknown
    labels are returned unchanged (never NaN-cleaned: see china-mrio.md 1.6)."""
    key = str(name).strip()
    return PROVINCE_ALIASES.get(key, key)


# CEADs provincial CO2 inventories (Shan et al. 2018, Sci Data 5:170201; 2020, 7:54): the 17
# fuel columns in file order and the 47 sector rows (45 production sectors, then the household
# rows Urban and Rural), research/china-mrio.md 3.2-3.4 (source [C5], confidence H).  Used by
# the synthetic generator; the reader takes fuel columns and sector rows from the workbook.
CEADS_FUELS = (
    "Raw Coal", "Cleaned Coal", "Other Washed Coal", "Briquettes", "Coke", "Coke Oven Gas",
    "Other Gas", "Other Coking Products", "Crude Oil", "Gasoline", "Kerosene", "Diesel Oil",
    "Fuel Oil", "LPG", "Refinery Gas", "Other Petroleum Products", "Natural Gas",
)
CEADS_SECTORS = (
    "Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy",
    "Coal Mining and Dressing", "Petroleum and Natural Gas Extraction",
    "Ferrous Metals Mining and Dressing", "Nonferrous Metals Mining and Dressing",
    "Nonmetal Minerals Mining and Dressing", "Other Minerals Mining and Dressing",
    "Logging and Transport of Wood and Bamboo", "Food Processing", "Food Production",
    "Beverage Production", "Tobacco Processing", "Textile Industry",
    "Garments and Other Fiber Products", "Leather, Furs, Down and Related Products",
    "Timber Processing, Bamboo, Cane, Palm Fiber & Straw Products", "Furniture Manufacturing",
    "Papermaking and Paper Products", "Printing and Record Medium Reproduction",
    "Cultural, Educational and Sports Articles", "Petroleum Processing and Coking",
    "Raw Chemical Materials and Chemical Products", "Medical and Pharmaceutical Products",
    "Chemical Fiber", "Rubber Products", "Plastic Products", "Nonmetal Mineral Products",
    "Smelting and Pressing of Ferrous Metals", "Smelting and Pressing of Nonferrous Metals",
    "Metal Products", "Ordinary Machinery", "Equipment for Special Purposes",
    "Transportation Equipment", "Electric Equipment and Machinery",
    "Electronic and Telecommunications Equipment",
    "Instruments, Meters, Cultural and Office Machinery", "Other Manufacturing Industry",
    "Scrap and waste", "Production and Supply of Electric Power, Steam and Hot Water",
    "Production and Supply of Gas", "Production and Supply of Tap Water", "Construction",
    "Transportation, Storage, Post and Telecommunication Services",
    "Wholesale, Retail Trade and Catering Services", "Others", "Urban", "Rural",
)
#: CEADs fuel label -> fuel id of the factor library's fuel table ``ceads``
#: (alcarbon/data/factors/fuels_ceads.csv): every one of the 17 CEADs fuels has a sourced row, so
#: no inventory fuel stops the reader.  Fourteen rows repeat the generic_guideline_calc values
#: (洗精煤 ... 天然气); Raw Coal (原煤) is the NDRC 2007 coal default, Other Coking Products and
#: Other Petroleum Products the IPCC 2006 coal-tar and other-petroleum-products defaults (the
#: CEADs/Liu et al. 2015 factors themselves were not retrieved, china-mrio.md 3.1).
CEADS_FUEL_IDS = {
    "Raw Coal": "raw_coal", "Cleaned Coal": "washed_coal",
    "Other Washed Coal": "other_washed_coal", "Briquettes": "briquette", "Coke": "coke",
    "Coke Oven Gas": "coke_oven_gas", "Other Gas": "other_coal_gas",
    "Other Coking Products": "other_coking_products", "Crude Oil": "crude_oil",
    "Gasoline": "gasoline", "Kerosene": "kerosene", "Diesel Oil": "diesel",
    "Fuel Oil": "fuel_oil", "LPG": "lpg", "Refinery Gas": "refinery_gas",
    "Other Petroleum Products": "other_petroleum_products", "Natural Gas": "natural_gas",
}
