"""Web page: Appendix C data entry of one unit process (GB/T 44905 tables C.1-C.5) with transport
legs, supplier footprints, fuel properties and process-emission parameters; every save is a new
revision with its reason, and server messages are shown next to the field that caused them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from alcarbon.errors import AlcarbonError
from alcarbon.service.access import study_for_read
from alcarbon.service.deps import can_edit_site, get_db, principal
from alcarbon.service.schemas import MAX_ID
from alcarbon.service.views import INDICATORS
from alcarbon.service.web import forms, forms_pe, i18n, labels, websave
from alcarbon.service.web.render import redirect, render
from alcarbon.store import studies
from alcarbon.store.accounts import Principal
from alcarbon.store.db import Database
from alcarbon.store.studies import RevisionConflict

router = APIRouter(include_in_schema=False)
SID = Annotated[int, Path(ge=1, le=MAX_ID)]
UNIT_ID = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]


def _supplies(data: dict) -> list[str]:
    return sorted((data.get("electricity") or {}).get("supplies") or {})


def _open_rows(errors: dict[str, str]) -> set[str]:
    """Rows whose details must be open to show a message ('in-3' from 'in-3-fuel-ncv')."""
    return {"-".join(k.split("-")[:2]) for k in errors if k.startswith(("in-", "out-"))}


def _freight_modes() -> list[str]:
    from alcarbon.factors.library import load_library

    lib = load_library()
    return [f.id.removeprefix("freight.") for f in lib.find(kind="freight")] + [
        "公路", "铁路", "水路"]


def _mode_errors(study, maps: dict) -> dict[str, str]:
    """Transport legs whose mode names no freight factor (GB/T 44905 7.1.3.1), by form field;
    found here so the message sits next to the leg instead of failing the calculation."""
    from alcarbon.factors.library import load_library

    lib = load_library()
    own = {f.id for f in study.factors}
    unit = study.units[maps["pos"]]
    errors = {}
    for side, rows in (("in", unit.inputs), ("out", unit.outputs)):
        for k, row in enumerate(rows):
            i, legs = maps[side][k]
            for j, leg in enumerate(row.transport):
                if leg.factor or f"freight.{leg.mode}" in own:
                    continue
                try:
                    lib.freight(leg.mode)
                except AlcarbonError as exc:
                    errors[f"{side}-{i}-transport-{legs[j]}-mode"] = exc.render()
    return errors


def _unit_page(request: Request, st, rev_no: int, unit_id: str, unit: dict, rows, pe, can_edit,
               supplies, errors=None, other=None, message: str = "", status: int = 200):
    from alcarbon.methods import TECHNOLOGIES
    from alcarbon.methods.carbonate import MINERALS

    ae = pe["anode_effect"]
    return render(request, "unit.html", status=status, st=st, rev_no=rev_no, unit_id=unit_id,
                  unit_names={unit_id: str(unit.get("name") or "")}, unit=unit, rows=rows,
                  pe=pe, can_edit=can_edit, errors=errors or {},
                  other=other or [], message=message, in_kinds=forms.IN_KINDS,
                  out_kinds=forms.OUT_KINDS, ratings=forms.RATINGS, indicators=INDICATORS,
                  bases=forms.BASES, replaces=forms.REPLACES, supplies=supplies,
                  ae_methods=forms_pe.AE_METHODS, technologies=TECHNOLOGIES,
                  furnaces=forms_pe.FURNACES, minerals=MINERALS,
                  method_fields=forms_pe.METHOD_FIELDS,
                  ph=forms_pe.placeholders(ae["technology"], ae["method"],
                                           pe["baking"]["furnace"]),
                  pfc_defaults=forms_pe.defaults_json(), blank_leg=forms.blank_leg(),
                  freight_modes=_freight_modes(), open_rows=_open_rows(errors or {}),
                  blank_carbonate=forms_pe.blank_carbonate(), flow_ids=labels.flow_ids())


@router.get("/studies/{study_id}/units/{unit_id}", response_class=HTMLResponse)
def unit_page(request: Request, study_id: SID, unit_id: UNIT_ID,
              p: Principal = Depends(principal), db: Database = Depends(get_db)):
    with db.read() as s:
        st = study_for_read(s, p, study_id)
        rev = studies.get_revision(s, st)
    data = studies.revision_data(rev) if rev else {}
    unit = next((u for u in data.get("units", []) if u.get("id") == unit_id), {"id": unit_id})
    return _unit_page(request, st, st.head_revision, unit_id, unit, forms.rows_from_unit(unit),
                      forms_pe.state_from_data(unit.get("process_emissions") or {}),
                      can_edit_site(p, st.site_id), _supplies(data))


@router.post("/studies/{study_id}/units/{unit_id}", response_class=HTMLResponse)
async def save_unit(request: Request, study_id: SID, unit_id: UNIT_ID,
                    p: Principal = Depends(principal), db: Database = Depends(get_db)):
    form = await request.form()
    return await run_in_threadpool(_save_unit, request, db, p, study_id, unit_id, form)


def _save_unit(request: Request, db: Database, p: Principal, study_id: int, unit_id: str, form):
    t = i18n.translator(i18n.lang_of(request))
    base = websave.load_base(db, p, study_id, form)
    data, maps = forms.apply_form(base.data or {}, unit_id, form)
    unit = data["units"][maps["pos"]]
    rows = {"in": forms.rows_from_form(form, "in"), "out": forms.rows_from_form(form, "out")}
    pe = forms_pe.state_from_form(form)

    def again(errors, other, message, status):
        return _unit_page(request, base.st, base.number, unit_id, unit, rows, pe, True,
                          _supplies(data), errors, other, message, status)

    if base.data is None:
        return again({}, [], t("conflict"), 409)
    if not base.reason:
        return again({"reason": t("required_reason")}, [], t("invalid"), 422)
    try:
        study = websave.validate(data)
    except ValidationError as exc:
        errors, other = forms.field_errors(exc, maps)
        return again(errors, other, t("invalid"), 422)
    errors = dict(maps["errors"]) | _mode_errors(study, maps)
    if errors:
        return again(errors, [], t("invalid"), 422)
    try:
        new = websave.commit(db, p, base, study, "web form")
    except RevisionConflict:
        return again({}, [], t("conflict"), 409)
    except AlcarbonError as exc:
        return again({}, [exc.render()], t("invalid"), 422)
    return redirect(f"/studies/{study_id}/units/{unit_id}?saved={new.number}")
