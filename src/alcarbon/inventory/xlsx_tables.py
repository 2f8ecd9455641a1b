"""The auxiliary sheets of the workbook (process-emission parameters, electricity supplies, user
factors, cut-off, supplier footprints): columns, labels with units, one example row, drop-downs.

Layout: row 1 the field keys (what alcarbon reads), row 2 the labels with units in the workbook's
language, row 3 an example row in grey (empty when a study is written), data from row 4. Rows 2
and 3 are skipped on read while they are exactly what the writer put there; any other row is data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alcarbon.inventory.flatten import flatten, from_cell, to_cell, unflatten
from alcarbon.inventory.words import normalise_flat, to_word
from alcarbon.zh_marks import typeset

ROLES = ("process", "supplies", "factors", "omitted", "supplier")


@dataclass(frozen=True)
class TableColumn:
    key: str
    zh: str
    en: str
    unit: str = ""
    choices: str = ""  # key of CHOICES: a drop-down on the column
    example: object = None

    def label(self, lang: str) -> str:
        unit = _pick(self.unit, lang)
        if lang != "zh":
            return f"{self.en} ({unit})" if unit else self.en
        return typeset(f"{self.zh}（{unit}）" if unit else self.zh)


def _pick(v: object, lang: str) -> object:
    """A (zh, en) pair in ``lang``; anything else as it is."""
    return v[0 if lang == "zh" else 1] if isinstance(v, tuple) else v


C = TableColumn
_DING = "Ding et al. 2021, J. Ind. Ecol. 25:1657"
_LUTHIN = "Luthin et al., CN 2017 electrolysis dataset, TianGong 280332aa (domain-data.md §9.4)"
_CPC = ("示例:domain-data.md §9.5 由天工 LCA 数据集 7f19c4e6、c7873a1b(Yang et al. 2019;"
        "Peng et al. 2019)推导的参考值,应以供应商声明替换",
        "example: indicative value derived in domain-data.md §9.5 from TianGong datasets "
        "7f19c4e6 and c7873a1b (Yang et al. 2019; Peng et al. 2019); replace with the "
        "supplier's declaration")

TABLES: dict[str, tuple[TableColumn, ...]] = {
    "process": (
        C("unit", "单元过程ID", "unit id", choices="unit_ids", example="electrolysis"),
        C("anode_consumption.net_anode_t_per_t", "净阳极消耗", "net anode consumption",
          "t/t Al"),
        C("anode_consumption.sulfur_pct", "阳极含硫量", "anode sulfur", "%"),
        C("anode_consumption.ash_pct", "阳极灰分", "anode ash", "%"),
        C("anode_consumption.dq.source", "阳极消耗数据来源", "anode data source",
          example="0.4201 t/t Al, " + _DING),
        C("anode_effect.method", "阳极效应方法", "anode effect method", choices="ae_method",
          example="guideline"),
        C("anode_effect.aem_min_per_cell_day", "阳极效应持续时间", "anode effect minutes",
          ("min/(槽·d)", "min/(cell·day)")),
        C("anode_effect.aeo_mv", "阳极效应过电压", "anode effect overvoltage", "mV"),
        C("anode_effect.current_efficiency", "电流效率", "current efficiency", "0-1"),
        C("anode_effect.ef_cf4_kg_per_t", "CF4 排放因子", "CF4 factor", "kg/t Al",
          example=0.0701),
        C("anode_effect.ef_c2f6_kg_per_t", "C2F6 排放因子", "C2F6 factor", "kg/t Al",
          example=0.00406),
        C("anode_effect.dq.source", "阳极效应数据来源", "anode effect data source",
          example=_LUTHIN),
        C("anode_effect.dq.reliability", "阳极效应数据可靠性", "anode effect reliability",
          choices="rating", example="一般"),
        C("baking.green_anode_t", "生阳极量", "green anodes baked", "t"),
        C("baking.waste_tar_t", "废焦油量", "waste tar", "t"),
        C("baking.packing_coke_t_per_t", "填充焦消耗", "packing coke", ("t/t 阳极", "t/t anode")),
        C("calcination.green_coke_t", "石油焦煅烧量", "green coke calcined", "t"),
        C("calcination.calcined_coke_t", "煅后焦产量", "calcined coke produced", "t"),
        C("calcination.green_coke_carbon_pct", "石油焦含碳量(干基)", "green coke carbon (dry)",
          "%"),
        C("calcination.green_coke_moisture_pct", "石油焦水分", "green coke moisture", "%"),
        C("calcination.calcined_coke_carbon_pct", "煅后焦含碳量", "calcined coke carbon", "%"),
        C("calcination.dust_t", "煅烧收尘量", "calciner dust collected", "t"),
        C("carbonates.0.flow", "碳酸盐流ID", "carbonate flow id"),
        C("carbonates.0.purity", "碳酸盐纯度", "carbonate purity", "0-1"),
    ),
    "supplies": (
        C("name", "供应名称", "supply name", example="grid"),
        C("type", "供应类型", "supply type", choices="supply_type", example="grid"),
        C("region", "消费地省份", "province of consumption", example=("云南", "Yunnan")),
        C("provider", "自备电厂产品ID", "captive plant product id"),
        C("factor", "因子ID", "factor id"),
        C("value", "供应商因子", "supplier factor", "kg CO2e/kWh"),
        C("basis", "因子口径", "factor basis", choices="basis"),
        C("source", "数据来源", "source", example=("电网供电,按消费地电网因子(7.1.5.1)",
                                         "grid supply, factor of the consuming region (7.1.5.1)")),
        C("instrument", "证书或购电协议编号", "certificate or PPA id"),
        C("conveys_generator_info", "载明发电信息", "conveys generator info", choices="yes_no"),
        C("exclusive_claim", "唯一声明", "exclusive claim", choices="yes_no"),
        C("retired_by_reporter", "已由报告方注销", "retired by the reporter", choices="yes_no"),
        C("matches_period", "与数据期一致", "matches the period", choices="yes_no"),
        C("sold_separately", "证书与电力分开出售", "certificates sold separately",
          choices="yes_no"),
    ),
    "factors": (
        C("id", "因子ID", "factor id", example="study.coal_tar_pitch"),
        C("name", "名称", "name", example=("煤沥青(代用值)", "coal-tar pitch (proxy)")),
        C("kind", "因子类别", "factor kind", choices="factor_kind", example="material_upstream"),
        C("value", "因子值", "value", "amount_unit/per", example=0.36),
        C("amount_unit", "排放量单位", "amount unit", "kg/t", choices="mass", example="t"),
        C("per", "每单位活动", "per activity unit", choices="units", example="t"),
        C("gas", "气体", "gas", example="CO2e"),
        C("basis", "口径", "basis", choices="basis", example="life_cycle"),
        C("region", "地区", "region", example="CN"),
        C("year", "年份", "year", example=2024),
        C("confidence", "可信度", "confidence", choices="confidence", example="low"),
        C("source.document", "来源文件", "source document",
          example=("代用值:domain-data.md §9.5 的煅后焦参考值",
                   "proxy: the indicative calcined-coke value of domain-data.md §9.5")),
        C("source.issuer", "发布机构", "issuer",
          example=("alcarbon 示例(代用值)", "alcarbon example (proxy)")),
        C("source.year", "来源年份", "source year", example=2026),
    ),
    "omitted": (
        C("unit", "单元过程ID", "unit id", choices="unit_ids", example="casting"),
        C("flow", "流ID", "flow id", example="drossing_flux"),
        C("estimated_t_co2e", "估算排放", "estimated emissions", "t CO2e", example=5),
        C("reason", "舍弃理由", "reason",
          example=("用量很小,估算贡献低于 1 %(5.3.4)",
                   "small amount, estimated below 1 % of the CFP (5.3.4)")),
    ),
    "supplier": (
        C("unit", "单元过程ID", "unit id", choices="unit_ids", example="anode_production"),
        C("flow", "流ID", "flow id", example="calcined_coke"),
        C("value", "供应商声明碳足迹", "declared footprint", "amount_unit/per", example=0.36),
        C("amount_unit", "排放量单位", "amount unit", "t/kg CO2e", choices="mass", example="t"),
        C("per", "每单位产品", "per unit of product", choices="units", example="t"),
        C("basis", "口径", "basis", choices="basis", example="life_cycle"),
        C("source", "来源(声明文件)", "source (declaration)", example=_CPC),
        C("verified_by", "核查方", "verified by", example=("无(未经核查)", "none (not verified)")),
        C("year", "年份", "year", example=2024),
        C("verified", "经第三方核查", "third-party verified", choices="yes_no", example="否"),
    ),
}

#: Drop-down lists (Excel data validation); language-specific where the standard has words.
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "rating": {"zh": ("好", "一般", "较差"), "en": ("good", "fair", "poor")},  # Table 2
    "yes_no": {"zh": ("是", "否"), "en": ("yes", "no")},
    "supply_type": {"zh": ("grid", "captive", "direct_line", "contract")},  # 7.1.5.1-7.1.5.3
    "basis": {"zh": ("life_cycle", "combustion_co2")},
    "ae_method": {"zh": ("slope", "overvoltage", "tier1", "guideline")},
    "factor_kind": {"zh": ("electricity", "heat", "fuel_upstream", "material_upstream",
                           "freight", "waste_treatment", "process")},
    "confidence": {"zh": ("high", "medium", "low")},
    "mass": {"zh": ("t", "kg")},
    "units": {"zh": ("t", "kg", "kWh", "MWh", "GJ", "Nm3", "10000*Nm3", "m3")},
    "unit_ids": {"zh": ("bauxite_mining", "alumina_refining", "anode_production",
                        "electrolysis", "casting")},
    "input_kind": {"zh": ("material", "fuel", "electricity", "heat", "steam", "water",
                          "service", "intermediate")},
    "output_kind": {"zh": ("product", "co_product", "waste", "emission", "recycled")},
}


def choices(name: str, lang: str) -> tuple[str, ...]:
    """The drop-down list ``name`` in ``lang`` (id lists are the same in both languages)."""
    return CHOICES[name].get(lang) or CHOICES[name]["zh"]


def add_list(ws: Any, cells: str, items: tuple[str, ...], lang: str) -> None:
    """A drop-down on ``cells``; other values are allowed after a warning (units in Chinese)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(items) + '"', allow_blank=True,
                        errorStyle="warning", showErrorMessage=True)
    dv.error = ("不在列表中,仍要使用吗?" if lang == "zh" else
                "Not in the list; use it anyway?")
    dv.add(cells)
    ws.add_data_validation(dv)


def write_table(ws: Any, role: str, records: list[dict[str, Any]], lang: str,
                template: bool) -> None:
    """One auxiliary sheet: keys, labels with units, the example row (template), records."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    cols = TABLES[role]
    flat = [flatten(r) for r in records]
    keys = [c.key for c in cols]
    for f in flat:
        keys += [k for k in f if k not in keys]
    by_key = {c.key: c for c in cols}
    ws.append(keys)
    ws.append([by_key[k].label(lang) if k in by_key else k for k in keys])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for cell in ws[2]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    # row 3 holds the example in the template and stays empty otherwise, so that data never
    # sits where an unchanged example row is skipped on read
    ws.append([_example(by_key[k], lang) if template and k in by_key else None for k in keys])
    for cell in ws[3]:
        cell.font = Font(italic=True, color="808080")
    for f in flat:
        ws.append([to_word(k.rsplit(".", 1)[-1], to_cell(f.get(k)), lang) for k in keys])
    for i, k in enumerate(keys):
        letter = get_column_letter(i + 1)
        ws.column_dimensions[letter].width = 18
        col = by_key.get(k)
        if col is not None and col.choices:
            add_list(ws, f"{letter}3:{letter}500", choices(col.choices, lang), lang)
    ws.freeze_panes = "A3"


def _example(col: TableColumn, lang: str) -> object:
    ex = _pick(col.example, lang)
    if isinstance(ex, str) and col.choices in ("rating", "yes_no"):
        zh_list, en_list = CHOICES[col.choices]["zh"], CHOICES[col.choices]["en"]
        return ex if lang == "zh" else en_list[zh_list.index(ex)]
    return typeset(ex) if lang == "zh" and isinstance(ex, str) else ex


def _guidance_rows(role: str, keys: list[str | None]) -> list[list[object]]:
    """The label rows (both languages) and example rows the writer puts under ``keys``."""
    by_key = {c.key: c for c in TABLES.get(role, ())}
    rows: list[list[object]] = []
    for lang in ("zh", "en"):
        rows.append([by_key[k].label(lang) if k in by_key else k for k in keys])
        rows.append([_example(by_key[k], lang) if k in by_key else None for k in keys])
    return rows


def read_table(ws: Any, role: str,
               source: str = "") -> list[tuple[int, dict[str, Any], dict[str, str]]]:
    """Data rows of an auxiliary sheet: (row number, record, field key -> column letter).

    A value in a column whose row-1 field key is empty is refused, naming that header cell:
    it would otherwise be dropped without a word (or, with the key of column A deleted, the
    whole sheet read as empty)."""
    from openpyxl.utils import get_column_letter

    rows = list(ws.iter_rows(values_only=True))
    if not rows or rows[0][0] == "(empty)":
        return []
    keys = [str(k).strip() or None if k is not None else None for k in rows[0]]
    _check_keyless(ws, role, source, rows, keys)
    letters = {k: get_column_letter(i + 1) for i, k in enumerate(keys) if k}
    guidance = _guidance_rows(role, keys)
    out = []
    for r, vals in enumerate(rows[1:], start=2):
        if r in (2, 3) and _is_guidance(vals, guidance):
            continue
        flat = {k: from_cell(v) for k, v in zip(keys, vals, strict=False)
                if k and v not in (None, "")}
        if flat:
            out.append((r, unflatten(normalise_flat(flat)), letters))
    return out


def _check_keyless(ws: Any, role: str, source: str, rows: list[tuple[Any, ...]],
                   keys: list[str | None]) -> None:
    from openpyxl.utils import get_column_letter

    from alcarbon.errors import InputError

    for i, key in enumerate(keys):
        if key:
            continue
        first = next((r for r, vals in enumerate(rows[1:], start=2)
                      if i < len(vals) and vals[i] not in (None, "")), None)
        if first is None:
            continue
        letter = get_column_letter(i + 1)
        lacking = [c.key for c in TABLES.get(role, ()) if c.key not in keys]
        where = f"sheet '{ws.title}', row 1, column {letter}"
        raise InputError(
            f"column {letter} has values (from row {first} on) but no field key in its header "
            "row 1", where=f"{source}, {where}" if source else where,
            expected="the field key of this column in row 1"
            + (f" (this sheet lacks: {', '.join(lacking)})" if lacking else
               ", or delete the values of the column"))


def _is_guidance(vals: tuple[Any, ...], guidance: list[list[object]]) -> bool:
    # a workbook written before its Chinese labels had Chinese marks ("净阳极消耗 (t/t Al)", now
    # "净阳极消耗（t/t Al）") holds the same words: compared with the marks set alike
    def norm(row: Any) -> list[object]:
        out = [None if v in (None, "") else typeset(v) if isinstance(v, str) else v
               for v in row]
        while out and out[-1] is None:
            out.pop()
        return out

    return any(norm(vals) == norm(g) for g in guidance)
