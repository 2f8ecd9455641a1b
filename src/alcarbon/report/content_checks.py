"""Report blocks from the checks layer: validation findings (7.2) and the 'shall' checklist."""

from __future__ import annotations

from typing import Any

from alcarbon.report.content import unit_flow_label, unit_label
from alcarbon.report.i18n import num, plain, t
from alcarbon.report.i18n_checks import reason_zh
from alcarbon.report.model import KV, Para, Table

STATUS = {"pass": ("符合", "pass"), "fail": ("不符合", "fail"),
          "not_applicable": ("不适用", "not applicable"), "manual": ("需核查确认", "to confirm")}
SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}


def param_label(f: dict[str, Any], key: str, lang: str) -> str:
    """Display name of an uncertainty/sensitivity parameter key (facts 'param_labels')."""
    pair = f.get("param_labels", {}).get(key)
    return pair[0 if lang == "zh" else 1] if pair else key


def checks_blocks(f: dict[str, Any], lang: str) -> list[Any]:
    """Findings table, poor-data table and compliance checklist (counts + every clause)."""
    i = 0 if lang == "zh" else 1
    ck = f["checks"]
    out: list[Any] = []
    q = ck.get("quality") or {}
    if q.get("poor_over_1pct"):
        out.append(Table("poor-data", t("poor_data", lang),
                         [t("unit", lang), t("item", lang), t("share", lang)],
                         [[unit_label(f, p["unit"], lang), param_label(f, p["datum"], lang),
                           num(100 * p["share"], 1)]
                          for p in q["poor_over_1pct"]], numeric=(2,)))
    rows = []
    order = {"error": 0, "warning": 1, "info": 2}
    for x in sorted(ck["validation"], key=lambda x: (order.get(x["severity"], 3), x["code"])):
        rng = "" if not x["range"] else f"{plain(x['range'][0])} – {plain(x['range'][1])}"
        rows.append([SEVERITY.get(x["severity"], (x["severity"],) * 2)[i],
                     unit_label(f, x["unit"], lang) if x["unit"] else "", x["message"][i],
                     plain(x["value"]) if x["value"] is not None else "", rng])
    out.append(Table("findings", t("findings", lang),
                     [t("severity", lang), t("unit", lang), t("item", lang), t("value", lang),
                      t("range", lang)], rows, numeric=(3,)))
    comp = ck["compliance"]
    counts = comp["counts"]
    out.append(KV([(STATUS[k][i], str(v)) for k, v in counts.items() if k in STATUS]))
    out.append(Table("compliance", t("compliance", lang),
                     [t("clause", lang), t("item", lang), t("status", lang), t("reason", lang)],
                     [[r["clause"], r["requirement"][i], STATUS.get(r["status"],
                                                                    (r["status"],) * 2)[i],
                       reason_zh(r.get("key", ""), r["status"], r.get("detail"),
                                 lambda u, fl: unit_flow_label(f, u, fl, lang) if fl
                                 else unit_label(f, u, lang))
                       if i == 0 else r["reason"]]
                      for r in comp["rows"]]))
    return out


def inputs_listed_paras(f: dict[str, Any], lang: str) -> list[Any]:
    """One paragraph per checked 7.4 a)/b) clause: its status and what was found (names of the
    inputs not listed or not quantified, the 7.2 balance gaps, range hints)."""
    i = 0 if lang == "zh" else 1
    out: list[Any] = []
    for r in f["checks"]["compliance"]["rows"]:
        if r.get("key") not in ("energy_listed", "materials_listed"):
            continue
        why = reason_zh(r["key"], r["status"], r.get("detail"),
                        lambda u, fl: unit_flow_label(f, u, fl, lang)
                        if fl else unit_label(f, u, lang)) if i == 0 else r["reason"]
        status = STATUS.get(r["status"], (r["status"],) * 2)[i]
        sep = ":" if i == 0 else ": "
        out.append(Para(f"{r['clause']} {r['requirement'][i]} {status}{sep}{why}"))
    return out
