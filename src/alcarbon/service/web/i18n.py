"""Chinese and English strings of the web application; the language comes from the ``lang``
cookie, else the browser's Accept-Language (Chinese first), else Chinese."""

from __future__ import annotations

from fastapi import Request

from alcarbon.service.web.i18n_extra import EXTRA

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "app": ("电解铝产品碳足迹数据管理", "Aluminium carbon footprint data management"),
    "login": ("登录", "Log in"), "logout": ("退出", "Log out"),
    "username": ("用户名", "User name"), "password": ("密码", "Password"),
    "login_failed": ("用户名或密码错误", "Wrong user name or password"),
    "sites": ("生产场所", "Sites"), "site": ("场所", "Site"), "province": ("省份", "Province"),
    "new_site": ("新建场所", "New site"), "studies": ("研究", "Studies"),
    "study": ("研究", "Study"), "new_study": ("新建研究", "New study"),
    "name": ("名称", "Name"), "product": ("产品", "Product"),
    "period": ("数据收集期", "Data period"), "start": ("开始", "Start"), "end": ("结束", "End"),
    "create": ("创建", "Create"), "save": ("保存", "Save"), "open": ("打开", "Open"),
    "revision": ("修订", "Revision"), "revisions": ("修订历史", "Revisions"),
    "author": ("作者", "Author"), "time": ("时间", "Time"), "reason": ("修改原因", "Reason"),
    "upload_workbook": ("上传附录C数据表或YAML", "Upload Appendix C workbook or YAML"),
    "upload": ("上传", "Upload"), "file": ("文件", "File"),
    "evidence": ("原始凭证", "Evidence files"), "note": ("备注", "Note"),
    "unit_processes": ("单元过程（附录C）", "Unit processes (Appendix C)"),
    "add_unit": ("添加单元过程", "Add unit process"), "edit": ("录入", "Enter data"),
    "inputs": ("输入", "Inputs"), "outputs": ("输出", "Outputs"), "flow": ("物料/能源", "Flow"),
    "kind": ("类型", "Kind"), "amount": ("数量", "Amount"), "qty_unit": ("单位", "Unit"),
    "provider": ("来源单元产品", "Provider"), "supply": ("电力供应", "Supply"),
    "dq": ("数据质量", "Data quality"), "primary": ("初级数据", "Primary"),
    "source": ("数据来源", "Source"), "remove": ("删除", "Remove"),
    "technology": ("技术", "Technology"), "time_rep": ("时间", "Time"),
    "geography": ("地域", "Geography"), "reliability": ("可靠性", "Reliability"),
    "completeness": ("完整性", "Completeness"),
    "process_emissions": ("过程排放参数", "Process emission parameters"),
    "description": ("单元过程及统计口径描述", "Description and scope"),
    "location": ("所在省份", "Province of the plant"),
    "results": ("结果", "Results"), "calculate": ("计算", "Calculate"),
    "cfp": ("产品碳足迹", "Product carbon footprint"),
    "cfp_unit": ("t CO2e / t", "t CO2e / t"),
    "declared": ("GB/T 44905 结果", "GB/T 44905 result"),
    "location_based": ("基于位置(对比)", "Location-based (comparison)"),
    "table_e2": ("表 E.2 各阶段碳足迹", "Table E.2 Footprint by stage"),
    "stage": ("阶段", "Stage"), "share": ("占比", "Share"),
    "stage_chart": ("各阶段贡献", "Contribution by stage"),
    "hotspots": ("排放热点", "Hotspots"), "category": ("排放类别", "Category"),
    "dq_flags": ("数据质量提示", "Data-quality flags"),
    "no_flags": ("无评级为“差”的数据或次级数据", "No data rated poor and no secondary data"),
    "secondary": ("次级数据", "secondary data"), "rating": ("评级", "Rating"),
    "report": ("报告下载", "Download report"), "verify": ("核查视图", "Verifier view"),
    "factor": ("排放因子", "Factor"), "activity": ("活动数据", "Activity"),
    "history": ("修订记录", "Revision history"), "comments": ("评论", "Comments"),
    "add_comment": ("添加评论", "Add comment"), "target": ("针对数据", "On datum"),
    "diff": ("修订对比", "Compare revisions"), "compare": ("对比", "Compare"),
    "from": ("从", "From"), "to": ("到", "To"), "change": ("变化", "Change"),
    "old": ("原值", "Old"), "new": ("新值", "New"), "no_changes": ("无变化", "No changes"),
    "tokens": ("API令牌", "API tokens"), "new_token": ("新建令牌", "New token"),
    "token_once": ("请立即复制，此令牌只显示一次：", "Copy it now, it is shown only once:"),
    "revoke": ("撤销", "Revoke"), "users": ("用户", "Users"), "new_user": ("新建用户", "New user"),
    "role": ("角色", "Role"), "active": ("启用", "Active"),
    "role_editor": ("数据录入员", "editor"), "role_manager": ("碳管理员", "manager"),
    "role_verifier": ("核查员", "verifier"), "role_admin": ("管理员", "admin"),
    "saved": ("已保存为修订", "Saved as revision"),
    "conflict": ("保存冲突：其他用户已保存了新的修订。请重新加载后再修改。",
                 "Conflict: someone saved a newer revision. Reload and re-apply your changes."),
    "invalid": ("输入有误，请修改标出的字段", "Some fields are invalid; see the marked fields"),
    "no_report": ("本修订没有成功的计算结果，因此不能下载报告；请先按上方说明修改数据。",
                  "No successful result for this revision, so no report can be downloaded; fix "
                  "the data as described above first."),
    "no_units": ("尚无单元过程：请上传数据表或添加单元过程。",
                 "No unit processes yet: upload a workbook or add a unit process."),
    "read_only": ("只读：您的角色不能修改此数据", "Read only: your role cannot change this data"),
    "back": ("返回", "Back"), "home": ("首页", "Home"), "language": ("English", "中文"),
    "warnings": ("说明", "Notes"), "head": ("当前修订", "Head revision"),
    "download": ("下载", "Download"), "sha256": ("SHA-256", "SHA-256"),
    "size": ("大小", "Size"), "link_to": ("关联到（单元/物料）", "Supports (unit / flow)"),
    "none": ("无", "none"), "not_available": ("此功能尚未安装", "Not available in this install"),
    "all": ("全部", "all"), "sites_of_user": ("负责场所", "Sites"),
    # Appendix C entry form: details of a row (GB/T 44905 C.1-C.5, 7.1.3.1, 6.1)
    "details": ("更多（运输、因子、供应商数据）", "More (transport, factor, supplier data)"),
    "spec_source": ("规格/来源", "Specification / source"),
    "factor_id": ("排放因子编号", "Factor id"), "subprocess": ("子过程", "Subprocess"),
    "burden_free": ("内部循环，不计负荷（需备注）", "Internal recycle, burden-free (needs a note)"),
    "supplier_cfp": ("供应商声明碳足迹", "Supplier's declared footprint"),
    "cfp_value": ("数值（t CO2e）", "Value (t CO2e)"),
    "cfp_amount_unit": ("数值单位", "Value unit"), "cfp_per": ("每（单位）", "Per (unit)"),
    "basis": ("口径", "Basis"), "cfp_source": ("出处（报告/证书）", "Source (report, certificate)"),
    "verified": ("经第三方核查", "Third-party verified"),
    "fuel_override": ("实测燃料参数", "Measured fuel properties"),
    "ncv": ("低位发热量", "Net calorific value"), "ncv_unit": ("发热量单位", "NCV unit"),
    "carbon_content": ("单位热值含碳量 tC/GJ", "Carbon content tC/GJ"),
    "oxidation": ("碳氧化率 (0-1)", "Oxidation fraction (0-1)"),
    "transport": ("运输", "Transport"), "mode": ("运输方式", "Transport mode"),
    "distance_km": ("运输距离 km", "Distance km"), "rated_load_t": ("核定载重量 t", "Rated load t"),
    "transported_t": ("运输量 t", "Transported t"),
    "leg_default_weight": ("默认=输入质量", "default: input mass"),
    "leg_factor": ("运输因子编号", "Freight factor id"), "add_leg": ("添加运输段", "Add leg"),
    "add_row": ("添加一行", "Add row"), "gas": ("气体", "Gas"),
    "replaces": ("替代的计算排放源", "Replaces computed source"),
    "treatment_factor": ("处置因子编号", "Treatment factor id"), "price": ("单价", "Price"),
    # process emissions (IPCC 2006 Vol.3 Ch.4.4)
    "pe_hint": ("空白=采用有出处的默认值（鼠标悬停查看出处）",
                "blank = sourced default (hover for its source)"),
    "anode_consumption": ("阳极消耗 CO2", "Anode consumption CO2"),
    "nac": ("净阳极消耗 t/t铝", "Net anode consumption t/t Al"),
    "nac_ph": ("（阳极投入-残极）/产量", "(anodes - butts) / production"),
    "nac_tip": ("无出处的默认值：请填写实测值，或在输入中填写 prebaked_anode 与输出 anode_butts",
                "No sourced default: enter plant data, or record prebaked_anode input and "
                "anode_butts output"),
    "sulfur_pct": ("阳极含硫量 %", "Anode sulfur %"), "ash_pct": ("阳极灰分 %", "Anode ash %"),
    "anode_effect": ("阳极效应 PFC", "Anode effect PFC"), "ae_method": ("方法", "Method"),
    "technology_cell": ("电解槽技术", "Cell technology"),
    "aem": ("阳极效应时间 min/槽·日", "AE minutes per cell-day"),
    "aeo": ("阳极效应过电压 mV", "AE overvoltage mV"),
    "current_efficiency": ("电流效率 (0-1)", "Current efficiency (0-1)"),
    "slope": ("斜率系数", "Slope coefficient"), "ovc": ("过电压系数", "Overvoltage coefficient"),
    "c2f6_ratio": ("C2F6/CF4 质量比", "C2F6/CF4 weight ratio"),
    "ef_cf4": ("CF4 排放因子 kg/t铝", "CF4 factor kg/t Al"),
    "ef_c2f6": ("C2F6 排放因子 kg/t铝", "C2F6 factor kg/t Al"),
    "baking": ("阳极焙烧", "Anode baking"), "green_anode_t": ("生阳极量 t", "Green anodes t"),
    "baked_anode_t": ("焙烧阳极量 t", "Baked anodes t"),
    "baked_ph": ("默认=本单元产品", "default: unit's product"),
    "hydrogen_fraction": ("氢含量 t/t生阳极", "Hydrogen t/t green anode"),
    "furnace": ("焙烧炉型", "Furnace"), "waste_tar_t": ("焦油收集量 t", "Waste tar t"),
    "packing_coke_t_per_t": ("填充焦消耗 t/t焙烧阳极", "Packing coke t/t baked anode"),
    "packing_coke_sulfur_pct": ("填充焦含硫量 %", "Packing coke sulfur %"),
    "packing_coke_ash_pct": ("填充焦灰分 %", "Packing coke ash %"),
    "carbonates": ("碳酸盐分解", "Carbonate decomposition"),
    "carbonate_flow": ("输入物料", "Input flow"), "mineral": ("矿物", "Mineral"),
    "purity": ("纯度 (0-1)", "Purity (0-1)"),
    "calcined_fraction": ("分解率 (0-1)", "Calcined (0-1)"),
    # electricity supplies (GB/T 44905 7.1.5)
    "electricity": ("电力供应", "Electricity supplies"),
    "grid_basis": ("电网因子口径", "Grid factor basis"), "grid_year": ("电网因子年份", "Grid year"),
    "allow_mixed_basis": ("允许混合口径", "Allow mixed bases"),
    "default_supply": ("默认供应", "Default supply"),
    "supply_name": ("名称", "Name"), "supply_type": ("类型", "Type"),
    "region": ("地区（省份）", "Region (province)"),
    "provider_unit": ("自备电厂单元", "Captive unit"),
    "supply_value": ("供应商因子 kg CO2e/kWh", "Supplier factor kg CO2e/kWh"),
    "instrument": ("合同/证书编号", "Certificate / PPA id"),
    "conveys_generator_info": ("载有发电信息", "Conveys generator info"),
    "exclusive_claim": ("唯一声明", "Exclusive claim"),
    "retired_by_reporter": ("由报告方注销", "Retired by reporter"),
    "matches_period": ("与数据期一致", "Matches the period"),
    "sold_separately": ("证书与电力分开出售", "Certificates sold separately"),
    "conditions_7153": ("7.1.5.3 条件", "7.1.5.3 conditions"),
    "year_ph": ("默认", "default"),
    # users
    "display_name": ("显示名", "Display name"), "deactivate": ("停用", "Deactivate"),
    "new_password": ("新密码（可空）", "New password (optional)"), "update": ("更新", "Update"),
    "you": ("（本人）", "(you)"),
    "unit_id": ("单元过程", "Unit process"), "required_reason": ("必填", "required"),
    # study page: adding a unit process, the header's source (docs/service.md "Study header")
    "standard_unit": ("标准单元过程", "Standard unit process"),
    "custom_unit": ("或自定义单元编号（如自备电厂 captive_power）",
                    "or a unit id of your own (e.g. captive_power)"),
    "custom_unit_hint": ("字母、数字、_ . -，最多100个字符",
                         "letters, digits, _ . -, up to 100 characters"),
    "all_standard_units": ("五个标准单元过程均已存在", "All five standard unit processes exist"),
    "bad_unit_id": ("单元编号只能包含字母、数字、_ . -（最多100个字符）",
                    "A unit id may contain letters, digits, _ . - (up to 100 characters)"),
    "header_from": ("产品和数据收集期取自修订", "Product and period from revision"),
    "as_created": ("创建时录入", "as created"),
}
STRINGS.update(EXTRA)


def lang_of(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get("lang")
    if c in LANGS:
        return c
    accept = request.headers.get("accept-language", "").lower()
    if accept.startswith("en") or ("en" in accept and "zh" not in accept):
        return "en"
    return "zh"


def translator(lang: str):
    idx = 0 if lang == "zh" else 1

    def t(key: str) -> str:
        pair = STRINGS.get(key)
        return pair[idx] if pair else key

    return t


STAGE_LABELS = {
    "upstream": ("辅助材料和能源获取", "Upstream (materials, energy)"),
    "bauxite_mining": ("铝土矿采选", "Bauxite mining"),
    "alumina_refining": ("氧化铝生产", "Alumina refining"),
    "anode_production": ("预焙阳极生产", "Prebaked anode production"),
    "electrolysis": ("铝电解", "Electrolysis"),
    "casting": ("铝液铸锭", "Casting"),
}
CATEGORY_LABELS = {
    "process": ("生产过程排放", "Process emissions"),
    "fuel_combustion": ("燃料燃烧排放", "Fuel combustion"),
    "energy": ("能源相关排放", "Energy-related"),
    "other": ("其他排放", "Other (upstream, transport, waste)"),
}
PRODUCT_LABELS = {
    "bauxite": ("铝土矿", "Bauxite"), "alumina": ("冶金级氧化铝", "Metallurgical alumina"),
    "prebaked_anode": ("预焙阳极", "Prebaked anode"),
    "liquid_aluminium": ("电解铝液", "Liquid aluminium"),
    "aluminium_ingot": ("重熔用铝锭", "Aluminium ingot"),
}


def label(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table.get(key)
    return pair[0 if lang == "zh" else 1] if pair else key
