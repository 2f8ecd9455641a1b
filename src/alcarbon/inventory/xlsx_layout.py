"""Column layout of the unit-process sheets and the record <-> row mapping (both directions)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from alcarbon.inventory.words import word_value
from alcarbon.zh_marks import typeset

LEG_BASIC = ("mode", "distance_km", "rated_load_t", "transported_t")
_NUMERIC = ("amount", "transport.distance_km", "transport.rated_load_t",
            "transport.transported_t")
_NUMBER = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?")
DQ_KEYS = ("technology", "time", "geography", "reliability", "completeness")


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    zh_out: str | None = None
    en_out: str | None = None

    def label(self, zh: bool, section: str) -> str:
        if section == "outputs" and (self.zh_out or self.en_out):
            return zh_text((self.zh_out if zh else self.en_out) or "", zh)
        return zh_text(self.zh if zh else self.en, zh)

    def matches(self, field: str) -> bool:
        return field == self.key.split(".")[-1] or field == self.key


COLUMNS: tuple[Column, ...] = (
    Column("label", "输入", "input", "输出", "output"),
    Column("unit", "单位", "unit"),
    Column("amount", "数量", "amount"),
    Column("transport.distance_km", "运距/km", "distance/km"),
    Column("transport.mode", "运输方式", "transport mode"),
    Column("dq.source", "规格、成分/来源", "specification/source", "规格、成分/去向",
           "specification/destination"),
    Column("flow", "流ID", "flow id"),
    Column("kind", "类别", "kind"),
    Column("link", "来源单元或电力供应", "provider or electricity supply", "-", "-"),
    Column("factor", "因子ID", "factor id", "处置因子ID", "treatment factor id"),
    Column("subprocess", "子工序", "subprocess"),
    Column("transport.rated_load_t", "核定载重/t", "rated load/t"),
    Column("transport.transported_t", "运输重量/t", "transported/t"),
    Column("dq.technology", "技术", "technology"),
    Column("dq.time", "时间", "time"),
    Column("dq.geography", "地域", "geography"),
    Column("dq.reliability", "可靠性", "reliability"),
    Column("dq.completeness", "完整性", "completeness"),
    Column("dq.primary", "初级数据", "primary"),
    Column("gas", "气体", "gas"),
    Column("note", "备注", "note"),
    Column("extra", "其他(JSON)", "more (JSON)"),
)
IDX = {c.key: i for i, c in enumerate(COLUMNS)}

MARK = {
    "unit_id": {True: "单元过程ID", False: "unit id"},
    "name": {True: "名称", False: "name"},
    "location": {True: "所在省份", False: "province"},
    "description": {True: "单元过程及统计口径描述", False: "unit process and scope"},
    "period": {True: "时间段: 起始时间", False: "period: start"},
    "period_end": {True: "终止时间", False: "end"},
    "prepared_by": {True: "制表人", False: "prepared by"},
    "prepared_on": {True: "制表日期", False: "prepared on"},
    "inputs": {True: "输入", False: "input"},
    "outputs": {True: "输出", False: "output"},
}

_LABELS = {
    "title": ("标题", "title"), "illustrative": ("示例数据", "illustrative"),
    "purpose.intended_application": ("应用意图", "intended application"),
    "purpose.reasons": ("开展研究的理由", "reasons for the study"),
    "purpose.audience": ("目标受众", "target audience"),
    "producer.name": ("生产者名称", "producer"), "producer.address": ("地址", "address"),
    "product.name": ("产品名称", "product name"), "product.grade": ("牌号", "grade"),
    "period.start": ("数据收集期 起始", "period start"),
    "period.end": ("数据收集期 终止", "period end"),
    "declared_products": ("声明产品", "declared products"),
    "gwp_set": ("GWP 取值(附录 D)", "GWP set (Appendix D)"),
    "fuel_table": ("燃料参数缺省值表", "fuel-property table"),
    "allocation.method": ("分配方法(7.3)", "allocation method (7.3)"),
    "electricity.grid_basis": ("电网因子口径", "grid factor basis"),
    "upstream_convention": ("上游阶段口径", "upstream stage convention"),
    "dq_unrated": ("未评级数据质量指标的处理", "unrated Table 2 criteria"),
    "purchased_stage": ("外购产品碳足迹所计阶段", "stage of purchased product footprints"),
}


def key_label(key: str, lang: str) -> str:
    pair = _LABELS.get(key)
    return zh_text(pair[0 if lang == "zh" else 1], lang == "zh") if pair else key


def zh_text(value: Any, zh: bool) -> Any:
    """The workbook's own words (labels, examples, guidance, notes) with Chinese marks in a
    Chinese workbook (GB/T 15834: "时间段：起始时间", "辅助材料（例如钢球、衬板等）"); never
    applied to a study's values, which are written as stored."""
    return typeset(value) if zh and isinstance(value, str) else value


def col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _link_keys(rec: dict[str, Any], section: str) -> tuple[str | None, str | None]:
    if section == "outputs":  # a co-product's factor is the displaced product's (7.3.1 b)
        return None, ("displaces" if rec.get("kind") == "co_product" else "treatment_factor")
    return ("supply" if rec.get("kind") == "electricity" else "provider"), "factor"


def record_to_rows(rec: dict[str, Any], label: str, section: str) -> list[list[Any]]:
    """One input/output record as sheet rows (extra transport legs on continuation rows)."""
    rec = json.loads(json.dumps(rec, default=str))
    row: list[Any] = [None] * len(COLUMNS)
    link_key, factor_key = _link_keys(rec, section)
    row[IDX["label"]] = label or None
    for key in ("unit", "amount", "flow", "kind", "subprocess", "note", "gas"):
        if key in rec:
            row[IDX[key]] = rec.pop(key)
    if link_key and link_key in rec:
        row[IDX["link"]] = rec.pop(link_key)
    if factor_key in rec:
        row[IDX["factor"]] = rec.pop(factor_key)
    dq = rec.get("dq", {})
    for k in ("source", "primary", *DQ_KEYS):
        if k in dq:
            row[IDX[f"dq.{k}"]] = dq.pop(k)
    if not dq:
        rec.pop("dq", None)
    legs = rec.get("transport", [])
    rows = [row]
    if legs and all(set(leg) <= set(LEG_BASIC) for leg in legs):
        rec.pop("transport")
        for n, leg in enumerate(legs):
            target = row if n == 0 else [None] * len(COLUMNS)
            for k in LEG_BASIC:
                if k in leg:
                    target[IDX[f"transport.{k}"]] = leg[k]
            if n:
                rows.append(target)
    if rec:
        row[IDX["extra"]] = json.dumps(rec, ensure_ascii=False, sort_keys=True)
    return rows


def row_to_record(vals: tuple[Any, ...], section: str) -> tuple[dict[str, Any] | None,
                                                                dict[str, Any] | None]:
    """(record, None) for a data row; (None, leg) for a continuation transport-leg row."""
    v = {c.key: (vals[i] if i < len(vals) else None) for i, c in enumerate(COLUMNS)}
    v = {k: (x.strip() if isinstance(x, str) else x) for k, x in v.items()}
    v = {k: word_value(k.rsplit(".", 1)[-1], x) for k, x in v.items() if x not in (None, "")}
    for k in _NUMERIC:
        if isinstance(v.get(k), str) and _NUMBER.fullmatch(v[k]):
            v[k] = float(v[k].replace(",", ""))  # a number typed as text, e.g. "1,234.5"
    leg = {k: v[f"transport.{k}"] for k in LEG_BASIC if f"transport.{k}" in v}
    if not any(k in v for k in ("label", "flow", "unit", "amount", "kind", "extra")):
        return None, leg or None
    rec: dict[str, Any] = {}
    if "extra" in v:
        try:
            rec.update(json.loads(v["extra"]))
        except (TypeError, json.JSONDecodeError):
            rec["extra"] = v["extra"]  # rejected by validation with its location
    for key in ("unit", "amount", "flow", "kind", "subprocess", "note", "gas"):
        if key in v:
            rec[key] = str(v[key]) if key in ("unit", "flow", "note", "kind") else v[key]
    if "flow" not in rec and "label" in v:
        rec["flow"] = _flow_from_label(str(v["label"]))
    if rec.get("kind") is None:
        rec.pop("kind", None)
    link_key, factor_key = _link_keys(rec, section)
    if "link" in v and link_key:
        rec[link_key] = v["link"]
    if "factor" in v:
        rec[factor_key] = v["factor"]
    dq = {k.split(".", 1)[1]: v[k] for k in v if k.startswith("dq.")}
    if dq:
        rec["dq"] = {**rec.get("dq", {}), **dq}
    if leg:
        rec["transport"] = [leg] + rec.get("transport", [])
    return rec, None


def _flow_from_label(label: str) -> str:
    """A flow id from a name typed in the first column (library aliases), else the name."""
    from alcarbon.factors import load_library

    found = load_library().flow_or_none(label)  # no close-match search for a name it lacks
    return label if found is None else found.id
