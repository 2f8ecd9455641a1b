"""The user- and supplier-factor editor of a study: the ``factors`` list of the study data, the
web equivalent of the CLI's ``--factors`` file (same records, see ``alcarbon.factors.io``; a factor
whose id is in the packaged library replaces it, a new id adds one).

Field names: ``fac-<i>-<field>`` for row i with ``fac-count``; ``fac-<i>-orig`` is the stored
position of the row, so keys the form does not show (``gsd``, ``tags``) are kept on save. Every
factor is validated with :class:`alcarbon.factors.model.Factor`: its source (document, issuer)
and confidence are required, the amount unit must be a mass, ``per`` a known unit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from alcarbon.service.web.formutil import clean, count, fmt, number, put

KINDS = ("material_upstream", "fuel_upstream", "electricity", "heat", "freight",
         "waste_treatment", "process")
BASES = ("life_cycle", "combustion_co2", "process")
CONFIDENCE = ("high", "medium", "low")
TOP = ("id", "name", "name_zh", "kind", "value", "amount_unit", "per", "gas", "basis", "region",
       "year", "confidence")
SOURCE = ("document", "issuer", "source_year", "table", "locator")
_NUMBERS = {"value", "year", "source_year"}


def blank() -> dict[str, Any]:
    """An empty row (the suggested units and gas are shown as placeholders, not filled in)."""
    return {k: "" for k in TOP + SOURCE + ("orig",)} | {"remove": False}


def state_from_data(factors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Form rows of the stored factors, and one blank row to add one."""
    rows = []
    for i, f in enumerate(factors):
        src = f.get("source") if isinstance(f.get("source"), dict) else {}
        row = {k: fmt(f.get(k)) for k in TOP}
        row |= {k: fmt(src.get("year" if k == "source_year" else k, f.get(k))) for k in SOURCE}
        rows.append(row | {"orig": str(i), "remove": False})
    return rows + [blank()]


def state_from_form(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for i in range(count(form, "fac-count")):
        row: dict[str, Any] = {k: clean(form.get(f"fac-{i}-{k}")) for k in TOP + SOURCE}
        row["orig"] = clean(form.get(f"fac-{i}-orig"))
        row["remove"] = form.get(f"fac-{i}-remove") is not None
        rows.append(row)
    return rows


def _integer(text: str) -> Any:
    v = number(text)
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _record(row: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(stored))
    for k in TOP:
        v = row[k]
        put(out, k, (_integer(v) if k == "year" else number(v)) if k in _NUMBERS and v else v)
    src = out.pop("source", None)
    src = dict(src) if isinstance(src, dict) else {}
    for k in ("document", "issuer", "source_year", "table", "cpcd_id", "locator", "note"):
        if k in out:  # a flat record (CSV-style columns) keeps its source, nested
            src.setdefault("year" if k == "source_year" else k, out.pop(k))
    for k in SOURCE:
        v = row[k]
        put(src, "year" if k == "source_year" else k,
            _integer(v) if k == "source_year" and v else v)
    put(out, "source", src or None)
    return out


def _field(loc: tuple) -> str:
    """The form field of a pydantic error location of Factor."""
    if loc and loc[0] == "source":
        sub = str(loc[1]) if len(loc) > 1 else "document"
        return "source_year" if sub == "year" else sub if sub in SOURCE else "document"
    return str(loc[0]) if loc and str(loc[0]) in TOP else "id"


def apply(data: dict[str, Any], rows: list[dict[str, Any]], lang: str
          ) -> tuple[dict[str, Any], dict[str, str]]:
    """New study data with ``factors`` from the form, and messages per field ``fac-<i>-<f>``.

    A row with neither id nor value is skipped; a row marked remove is dropped.
    """
    from pydantic import ValidationError

    from alcarbon.errors import AlcarbonError
    from alcarbon.factors.model import Factor

    data = json.loads(json.dumps(data))
    stored = data.get("factors") or []
    out, errors, seen = [], {}, {}
    for i, row in enumerate(rows):
        if row["remove"] or (not row["id"] and not row["value"]):
            continue
        o = row["orig"]
        base = stored[int(o)] if o.isdigit() and int(o) < len(stored) else {}
        rec = _record(row, base if isinstance(base, dict) else {})
        try:
            Factor.model_validate(rec)
        except ValidationError as exc:
            for err in exc.errors():
                errors.setdefault(f"fac-{i}-{_field(tuple(err['loc']))}", _msg(err, lang))
        except AlcarbonError as exc:  # a unit check raising the library's own error
            errors.setdefault(f"fac-{i}-per", exc.render())
        if row["id"] in seen:
            errors[f"fac-{i}-id"] = (f"编号与第 {seen[row['id']] + 1} 行重复" if lang == "zh"
                                     else f"same id as row {seen[row['id']] + 1}")
        seen.setdefault(row["id"], i)
        out.append(rec)
    put(data, "factors", out or None)
    return data, errors


def _msg(err: dict[str, Any], lang: str) -> str:
    """A short message of a pydantic error: Chinese for the common cases, else its text."""
    kind = err.get("type", "")
    if lang == "zh":
        if kind == "missing":
            return "必填"
        if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
            return "请输入数字"
        if kind in ("literal_error", "enum"):
            return "请从列表中选择"
        if kind == "greater_than":
            return "须大于 0"
        return "格式有误：" + str(err.get("msg", ""))
    return str(err.get("msg", ""))
