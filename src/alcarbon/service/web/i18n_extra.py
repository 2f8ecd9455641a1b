"""Chinese and English strings of the first-steps guide, the results page's checks, electricity
and uncertainty sections, the user-factor editor and the progress messages (merged into
:data:`alcarbon.service.web.i18n.STRINGS`)."""

from __future__ import annotations

EXTRA: dict[str, tuple[str, str]] = {
    # home page, no study yet
    "first_steps": ("第一步：从这里开始", "First steps"),
    "step_site": ("新建生产场所（本厂），见本页下方“新建场所”。",
                  "Create a site (your plant) under “New site” below."),
    "step_study": ("在场所下新建研究：选择产品和数据收集期。",
                   "Create a study for the site: choose the product and the data period."),
    "step_workbook": ("在研究页上传附录C数据表，或逐个单元过程录入数据。",
                      "On the study page, upload the Appendix C workbook or enter each unit "
                      "process."),
    "step_results": ("查看结果：符合性检查、数据质量、不确定性，然后下载报告。",
                     "Open the results: compliance checklist, data quality, uncertainty; then "
                     "download the report."),
    "ask_manager": ("尚无可访问的场所：请联系碳管理员新建场所并分配给您。",
                    "No site you can access yet: ask a manager to create one and assign it."),
    # progress and asynchronous errors
    "working": ("正在处理，请稍候…", "Working, please wait…"),
    "uploading": ("正在上传并计算，请稍候…", "Uploading and calculating, please wait…"),
    "preparing_report": ("正在生成报告，请稍候…", "Preparing the report, please wait…"),
    "report_ready": ("报告已生成，开始下载。", "The report is ready; the download has started."),
    "request_failed": ("操作失败", "The request failed"),
    "original_text": ("计算程序原文（英文）", "Details as given by the calculation"),
    "input_hash": ("输入哈希", "input hash"),
    # the error page of a page request (403 / 404)
    "err_title_404": ("找不到该页面或记录", "Not found"),
    "err_body_404": ("地址有误，或该记录已删除，或属于您无权访问的组织。",
                     "The address is wrong, or the record was deleted or belongs to an "
                     "organisation you cannot access."),
    "err_title_403": ("无权执行此操作", "Not allowed"),
    "err_body_403": ("您的角色或所分配的场所不允许此操作；如需权限，请联系管理员。",
                     "Your role or the sites assigned to you do not allow this; ask an "
                     "administrator for access."),
    "err_job_gone": ("已完成的任务在服务器的保留期(ALCARBON_JOB_RETENTION_DAYS，默认 30 天)后删除；"
                     "请在结果页重新运行。",
                     "A finished job is deleted after the server's retention "
                     "(ALCARBON_JOB_RETENTION_DAYS, 30 days by default); run it again from the "
                     "results page."),
    "server_text": ("服务器原文（英文）", "As the server gave it"),
    "detail_in_en": ("详细说明（含行号和字段）见英文页面", "Details on the English page"),
    "note_no_zh": ("此条计算提示尚无中文文本，原文见英文页面",
                   "This note has no Chinese text yet"),
    "sup_grid": ("电网", "grid"), "sup_captive": ("自备电厂", "captive plant"),
    "sup_direct_line": ("直供线路", "direct line"), "sup_contract": ("合同/证书", "contract"),
    "datum": ("数据项", "Datum"), "ch_added": ("新增", "added"), "ch_removed": ("删除", "removed"),
    "ch_changed": ("修改", "changed"), "yes": ("是", "yes"), "no": ("否", "no"),
    "not_uploaded": ("未上传", "not uploaded"),
    "rep_carbonates": ("碳酸盐分解", "carbonate decomposition"),
    # results: compliance checklist (GB/T 44905 'shall' clauses)
    "checklist": ("符合性检查（GB/T 44905“应”条款）", "Compliance checklist (GB/T 44905 shall "
                  "clauses)"),
    "clause": ("条款", "Clause"), "requirement": ("要求", "Requirement"),
    "status": ("结果", "Status"), "fix_here": ("需修改的数据", "Data to fix"),
    "st_pass": ("符合", "pass"), "st_fail": ("不符合", "fail"),
    "st_manual": ("需人工确认", "to confirm"), "st_not_applicable": ("不适用", "not applicable"),
    "checklist_counts": ("符合 {pass} 项，不符合 {fail} 项，需人工确认 {manual} 项，不适用 "
                         "{not_applicable} 项",
                         "{pass} pass, {fail} fail, {manual} to confirm, {not_applicable} not "
                         "applicable"),
    "show_passed": ("显示全部条款", "Show all clauses"),
    "fix_study_info": ("研究信息（数据表“研究信息”工作表，重新上传）",
                       "Study information (workbook sheet “Study”, upload again)"),
    "fix_electricity": ("电力供应", "Electricity supplies"),
    "fix_factors": ("用户排放因子", "User emission factors"),
    "findings": ("数据核验提示（物料平衡与行业范围）", "Validation (balances and industry ranges)"),
    "check_failed": ("符合性检查未能完成", "The compliance check could not be completed"),
    # results: data quality summary (6.3 Table 2)
    "dq_summary": ("数据质量汇总（表 2，按贡献加权）", "Data quality summary (Table 2, weighted by "
                   "contribution)"),
    "dq_score": ("得分（1=好，3=较差）", "Score (1 good, 3 poor)"),
    "primary_share": ("初级数据占比", "Primary data share"),
    "rated_share": ("已评级占比", "Rated share"),
    "r_unrated": ("未评级", "unrated"), "r_not_rated": ("未评级", "unrated"),
    "unrated_note": ("表 2 五项指标（技术、时间、地域、可靠性、完整性）请逐项评为好、一般或较差。"
                     "未评级的指标不保存，显示为“未评级”，计算中按“较差”处理"
                     "（不确定性取最不利的谱系得分），并列入敏感性分析。"
                     "“初级数据”仅在勾选时成立。",
                     "Rate each of the five Table 2 indicators good, fair or poor. An unrated "
                     "indicator is not stored, is shown as unrated and is treated as poor (the "
                     "poorest pedigree score for the uncertainty) and listed for sensitivity "
                     "analysis. A datum is primary only when ticked."),
    "table2": ("GB/T 44905 表 2", "GB/T 44905 Table 2"),
    "flow_id": ("物料/能源编号（因子库中的编号，或自定义）",
                "Flow id (a catalogue id or your own)"),
    "fk_material": ("原辅材料", "material"), "fk_fuel": ("燃料", "fuel"),
    "fk_electricity": ("电力", "electricity"), "fk_heat": ("热力", "heat"),
    "fk_steam": ("蒸汽", "steam"), "fk_water": ("水", "water"), "fk_service": ("服务", "service"),
    "fk_intermediate": ("中间产品", "intermediate"), "fk_product": ("主产品", "product"),
    "fk_co_product": ("共生产品", "co-product"), "fk_waste": ("废弃物", "waste"),
    "fk_emission": ("直接排放", "emission"), "fk_recycled": ("回收利用", "recycled"),
    # process emission choices (IPCC 2006 Vol.3 4.4.2.4; GB/T 32151.4)
    "ae_slope": ("斜率法", "slope method"), "ae_overvoltage": ("过电压法", "overvoltage method"),
    "ae_tier1": ("缺省因子（IPCC 方法1）", "default factors (IPCC Tier 1)"),
    "ae_guideline": ("核算指南因子", "reporting-guideline factors"),
    "furnace_other": ("其他炉型", "other furnace"),
    "furnace_riedhammer": ("里德哈默炉（Riedhammer）", "Riedhammer furnace"),
    "r_good": ("好", "good"), "r_fair": ("一般", "fair"), "r_poor": ("较差", "poor"),
    # results: electricity and the declared vs location-based comparison (7.1.5)
    "elec_used": ("所用电力因子", "Electricity factors used"),
    "kwh_per_t": ("耗电 kWh/t", "kWh/t"), "kg_per_kwh": ("因子 kg/kWh", "Factor kg/kWh"),
    "comparison": ("GB/T 44905 结果与基于位置结果的对比",
                   "GB/T 44905 result and location-based result compared"),
    "difference": ("差值（GB/T 44905 - 基于位置）", "Difference (GB/T 44905 - location)"),
    "grid_mix": ("电网组合分析（7.1.5.3，单独报告）",
                 "Grid-mix analysis (7.1.5.3, reported separately)"),
    "region_year": ("地区 / 年份", "Region / year"),
    # results: uncertainty on demand (6.3, 9.2 b)
    "uncertainty": ("不确定性与敏感性", "Uncertainty and sensitivity"),
    "run_uncertainty": ("计算不确定性（蒙特卡洛）", "Run the uncertainty analysis (Monte Carlo)"),
    "uncertainty_hint": ("按数据质量评级抽样，固定随机种子，结果可重复。",
                         "Samples follow the data-quality ratings; the seed is fixed, so the "
                         "result is repeatable."),
    "iterations": ("抽样次数", "Iterations"),
    "interval95": ("95% 区间", "95 % interval"), "median": ("中位数", "Median"),
    "deterministic": ("确定值", "Deterministic value"), "cv": ("变异系数", "Coefficient of "
                                                              "variation"),
    "sensitivity": ("方差贡献（敏感性）", "Contribution to variance (sensitivity)"),
    "parameter": ("参数", "Parameter"),
    # study page: user and supplier emission factors (factors section of the study)
    "user_factors": ("用户排放因子与供应商因子", "User and supplier emission factors"),
    "user_factors_hint": ("与因子库编号相同的因子将替代库中的值；"
                          "新编号可在录入页的“排放因子编号”中引用。每个因子须注明出处。",
                          "A factor with a library id replaces the library's value; a new id can "
                          "be used in the entry page's factor id. Every factor needs its source."),
    "f_id": ("因子编号", "Factor id"), "f_name": ("名称", "Name"),
    "f_name_zh": ("中文名称", "Chinese name"), "f_name_en": ("英文名称", "English name"),
    "f_kind": ("类别", "Kind"), "f_value": ("数值", "Value"),
    "f_amount_unit": ("质量单位", "Mass unit"), "f_per": ("每（单位）", "Per (unit)"),
    "f_gas": ("气体", "Gas"), "f_region": ("地区", "Region"), "f_year": ("年份", "Year"),
    "f_document": ("出处文件", "Source document"), "f_issuer": ("发布方", "Issuer"),
    "f_locator": ("页码/位置", "Locator"), "f_source_year": ("出处年份", "Source year"),
    "f_table": ("表/页", "Table / page"),
    "f_confidence": ("可信度", "Confidence"), "f_evidence": ("凭证", "Evidence"),
    "conf_high": ("高", "high"), "conf_medium": ("中", "medium"), "conf_low": ("低", "low"),
    "kind_electricity": ("电力", "electricity"), "kind_heat": ("热力", "heat"),
    "kind_fuel_upstream": ("燃料上游", "fuel upstream"),
    "kind_material_upstream": ("原辅材料上游", "material upstream"),
    "kind_freight": ("运输", "freight"), "kind_waste_treatment": ("废弃物处置", "waste treatment"),
    "kind_process": ("过程排放", "process"),
    "basis_life_cycle": ("全生命周期", "life cycle"),
    "basis_combustion_co2": ("仅燃烧CO2", "combustion CO2 only"),
    "basis_process": ("过程", "process"),
    "factor_evidence": ("为因子上传凭证", "Upload evidence for a factor"),
    "factor_saved": ("用户排放因子已保存为修订", "User factors saved as revision"),
    "save_factors": ("保存因子", "Save factors"),
    "import_factors": ("导入因子文件", "Import a factor file"),
    "import_factors_hint": ("文件格式与命令行相同（CSV、YAML 或 JSON，见 docs/factors.md）；"
                            "同编号的因子被替换，文件作为凭证保存。命令行对应：",
                            "Same records as on the command line (.csv, .yaml, .json; see "
                            "docs/factors.md); a factor of the same id is replaced; the file is "
                            "kept as evidence. Command-line equivalent:"),
    "add_factors_link": ("在研究页添加用户排放因子", "Add user factors on the study page"),
    # jobs (report, Monte Carlo, Sobol' in the background)
    "job": ("后台任务", "Job"),
    "job_kind_report": ("生成报告", "Report"),
    "job_kind_montecarlo": ("不确定性分析（蒙特卡洛）", "Uncertainty analysis (Monte Carlo)"),
    "job_kind_sobol": ("全局敏感性分析（索博尔指数）", "Global sensitivity (Sobol' indices)"),
    "job_queued": ("排队中", "Queued"),
    "job_running": ("运行中", "Running"),
    "job_done": ("已完成", "Done"),
    "job_failed": ("失败", "Failed"),
    "job_failed_lead": ("{what}未能完成，原因如下（英文原文）：",
                        "{what}: did not finish; the reason follows."),
    "job_lost": ("运行该任务的服务进程在任务完成前已停止，结果未生成。请返回结果页重新启动该任务。",
                 "The server process running this job stopped before it finished; nothing was "
                 "made. Go back to the results page and start it again."),
    "job_refresh": ("刷新进度", "Refresh the progress"),
    "job_download": ("下载结果", "Download the result"),
    "job_back": ("返回结果页", "Back to the results"),
    "run_sobol": ("计算索博尔敏感性指数", "Run the Sobol' sensitivity indices"),
    "sobol_hint": ("在后台运行；对影响最大的 8 个参数计算一阶和总效应指数。",
                   "Runs in the background; first-order and total indices of the 8 most "
                   "influential parameters."),
    "sobol_s1": ("一阶指数 S1", "First-order S1"),
    "sobol_st": ("总效应指数 ST", "Total ST"),
    # verifier sign-off (assurance) on the verify page
    "assurance": ("核查签署", "Verifier sign-off"),
    "assurance_none": ("本修订尚无有效的核查签署；由它发布的碳足迹不含保证信息。",
                       "This revision has no sign-off in force; a footprint released from it "
                       "carries no assurance."),
    "assurance_note": ("签署后发布的PACT碳足迹带有保证信息；已发布的碳足迹保持不变，"
                       "重新发布后才带有（或不再带有）签署。",
                       "Footprints released after the sign-off carry it as the PACT assurance; "
                       "footprints already released stay as they were until released again."),
    "provider_name": ("核查机构名称", "Verification body"),
    "assurance_level": ("保证等级", "Assurance level"),
    "level_limited": ("有限保证", "limited assurance"),
    "level_reasonable": ("合理保证", "reasonable assurance"),
    "standard_name": ("核查依据标准", "Standard assured against"),
    "assurance_boundary": ("边界：从摇篮到大门（GB/T 44905 5.3）；范围：产品层级",
                           "Boundary: cradle to gate (GB/T 44905 5.3); coverage: product level"),
    "completed_at": ("完成时间", "Completed"),
    "signoff_comment": ("核查意见", "Comments"),
    "sign_off": ("签署本修订", "Sign off this revision"),
    "withdraw_signoff": ("撤回签署", "Withdraw the sign-off"),
    "withdraw_reason": ("撤回原因", "Reason for withdrawal"),
    "signoff_active": ("有效", "in force"),
    "signoff_withdrawn": ("已撤回", "withdrawn"),
    "only_verifiers_sign": ("只有核查员可以签署。", "Only a verifier can sign off."),
}
