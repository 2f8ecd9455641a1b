"""Process-emission parameters of a unit as form fields (GB/T 44905 Table A.4 process emissions:
IPCC 2006 Vol.3 Ch.4.4 Eq. 4.21 anode consumption, Tier 1/2 PFC from anode effects, Eq. 4.22/4.23
anode baking, and carbonate decomposition).

Field names: ``pe-<section>-<field>`` (``pe-anode_effect-aeo_mv``), ``pe-<section>-on`` to include
a section, ``pe-carbonates-<j>-<field>`` with ``pe-carbonates-count``. Blank numbers are left out,
so the method's sourced default (``alcarbon.methods.DEFAULTS``) applies; the form shows those
defaults as placeholders with their source as the tooltip.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from alcarbon.service.web.formutil import clean, count, fmt, number, put

SECTIONS: dict[str, tuple[str, ...]] = {
    "anode_consumption": ("net_anode_t_per_t", "sulfur_pct", "ash_pct"),
    "anode_effect": ("method", "technology", "aem_min_per_cell_day", "aeo_mv",
                     "current_efficiency", "slope", "ovc", "c2f6_ratio", "ef_cf4_kg_per_t",
                     "ef_c2f6_kg_per_t"),
    "baking": ("green_anode_t", "baked_anode_t", "hydrogen_fraction", "furnace", "waste_tar_t",
               "packing_coke_t_per_t", "packing_coke_sulfur_pct", "packing_coke_ash_pct"),
}
CARBONATE = ("flow", "mineral", "purity", "calcined_fraction", "subprocess")
_TEXT = {"method", "technology", "furnace", "flow", "mineral", "subprocess"}
AE_METHODS = ("slope", "overvoltage", "tier1", "guideline")
FURNACES = ("other", "riedhammer")
#: Anode-effect fields each method uses (alcarbon.engine.process; IPCC 2006 Vol.3 Ch.4.4).
METHOD_FIELDS = {
    "aem_min_per_cell_day": ("slope",), "slope": ("slope",),
    "aeo_mv": ("overvoltage",), "current_efficiency": ("overvoltage",), "ovc": ("overvoltage",),
    "c2f6_ratio": ("slope", "overvoltage"), "technology": ("slope", "overvoltage", "tier1"),
    "ef_cf4_kg_per_t": ("guideline",), "ef_c2f6_kg_per_t": ("guideline",),
}
#: Fields a method cannot do without (the engine would fail at calculation time).
REQUIRED = {"slope": ("aem_min_per_cell_day",), "overvoltage": ("aeo_mv", "current_efficiency"),
            "guideline": ("ef_cf4_kg_per_t", "ef_c2f6_kg_per_t")}
#: Field -> key of alcarbon.methods.DEFAULTS (``.<T>`` appended for technology-specific ones).
DEFAULT_KEYS = {
    "anode_consumption-sulfur_pct": "S_a", "anode_consumption-ash_pct": "Ash_a",
    "baking-hydrogen_fraction": "H_w_fraction", "baking-packing_coke_t_per_t": "PCC",
    "baking-packing_coke_sulfur_pct": "S_pc", "baking-packing_coke_ash_pct": "Ash_pc",
    "anode_effect-slope": "pfc_slope.", "anode_effect-ovc": "pfc_ovc.",
}


def state_from_data(pe: dict[str, Any]) -> dict[str, Any]:
    """Form state of stored process-emission parameters."""
    out: dict[str, Any] = {}
    for sec, keys in SECTIONS.items():
        d = pe.get(sec)
        out[sec] = {"on": d is not None} | {k: fmt((d or {}).get(k)) for k in keys}
    out["anode_effect"]["method"] = out["anode_effect"]["method"] or "slope"
    out["anode_effect"]["technology"] = out["anode_effect"]["technology"] or "CWPB"
    out["baking"]["furnace"] = out["baking"]["furnace"] or "other"
    out["carbonates"] = [{"orig": str(j)} | {k: fmt(c.get(k)) for k in CARBONATE}
                         for j, c in enumerate(pe.get("carbonates") or [])]
    out["carbonates"].append(blank_carbonate())
    return out


def blank_carbonate() -> dict[str, str]:
    return {"orig": "", "mineral": "CaCO3"} | {k: "" for k in CARBONATE if k != "mineral"}


def state_from_form(form: Mapping[str, Any]) -> dict[str, Any]:
    """Form state as submitted (for re-rendering with messages)."""
    out: dict[str, Any] = {}
    for sec, keys in SECTIONS.items():
        out[sec] = {"on": form.get(f"pe-{sec}-on") is not None}
        out[sec] |= {k: clean(form.get(f"pe-{sec}-{k}")) for k in keys}
    out["carbonates"] = [{k: clean(form.get(f"pe-carbonates-{j}-{k}")) for k in CARBONATE +
                          ("orig",)} for j in range(count(form, "pe-carbonates-count"))]
    return out


def apply(stored: dict[str, Any], form: Mapping[str, Any]
          ) -> tuple[dict[str, Any], list[int], dict[str, str]]:
    """New process-emission data (stored ratings kept), the carbonate row map, early errors."""
    pe = json.loads(json.dumps(stored))
    state = state_from_form(form)
    errors: dict[str, str] = {}
    for sec, keys in SECTIONS.items():
        if not state[sec]["on"]:
            pe.pop(sec, None)
            continue
        d = dict(pe.get(sec) or {})
        method = state["anode_effect"]["method"]
        for k in keys:
            v = state[sec][k]
            if sec == "anode_effect" and k in METHOD_FIELDS and method not in METHOD_FIELDS[k]:
                v = ""  # hidden for this method: not used by it, not stored
            put(d, k, v if k in _TEXT or not v else number(v))
        if sec == "anode_effect":
            for k in REQUIRED.get(method, ()):
                if not state[sec][k]:
                    errors[f"pe-anode_effect-{k}"] = f"required for the {method} method"
        pe[sec] = d
    rows, index = [], []
    old = pe.get("carbonates") or []
    for j, c in enumerate(state["carbonates"]):
        if not c["flow"]:
            continue
        o = c["orig"]
        d = dict(old[int(o)]) if o.isdigit() and int(o) < len(old) else {}
        for k in CARBONATE:
            put(d, k, c[k] if k in _TEXT or not c[k] else number(c[k]))
        rows.append(d)
        index.append(j)
    put(pe, "carbonates", rows or None)
    return pe, index, errors


def field_name(tail: list[Any], carbonate_map: list[int]) -> str:
    """The form field of a pydantic location below ``process_emissions``."""
    if not tail:
        return "pe-anode_consumption-on"
    sec = str(tail[0])
    if sec == "carbonates" and len(tail) > 1 and isinstance(tail[1], int) \
            and tail[1] < len(carbonate_map):
        k = str(tail[2]) if len(tail) > 2 and tail[2] in CARBONATE else "flow"
        return f"pe-carbonates-{carbonate_map[tail[1]]}-{k}"
    if sec in SECTIONS and len(tail) > 1 and tail[1] in SECTIONS[sec]:
        return f"pe-{sec}-{tail[1]}"
    return f"pe-{sec}-on" if sec in SECTIONS else "pe-carbonates-0-flow"


def placeholders(technology: str, method: str, furnace: str = "other"
                 ) -> dict[str, tuple[str, str]]:
    """Sourced defaults shown in empty fields: field -> (value with unit, source)."""
    from alcarbon.methods import DEFAULTS

    keys = dict(DEFAULT_KEYS)
    keys["anode_effect-c2f6_ratio"] = ("pfc_ovc_c2f6_ratio." if method == "overvoltage"
                                       else "pfc_slope_c2f6_ratio.")
    out = {}
    for field, key in keys.items():
        p = DEFAULTS.get(key + technology if key.endswith(".") else key)
        if p is not None:
            out[field] = (f"{p.value:g}", f"{p.value:g} {p.unit} — {p.source}")
    wt = DEFAULTS["WT_fraction_riedhammer" if furnace == "riedhammer" else "WT_fraction_other"]
    out["baking-waste_tar_t"] = (f"{wt.value:g} × GA", f"{wt.value:g} {wt.unit} — {wt.source}")
    return out


def defaults_json() -> str:
    """Technology-specific PFC defaults for the page's script: key -> [value, tooltip]."""
    from alcarbon.methods import DEFAULTS

    return json.dumps({k: [f"{p.value:g}", f"{p.value:g} {p.unit} — {p.source}"]
                       for k, p in DEFAULTS.items() if k.startswith("pfc_")},
                      ensure_ascii=False)
