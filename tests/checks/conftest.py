"""Studies for the checks tests: a hand-computable tiny smelter and 'complete' bundled examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.inventory import load_study
from alcarbon.inventory.model import Input, OmittedFlow, Output, Study, TransportLeg

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


GOOD = {c: "good" for c in ("technology", "time", "geography", "reliability", "completeness")}


def tiny(kwh: float = 9_900_000.0, omitted: list[dict] | None = None, cf4_t: float = 0.0,
         cf4_dq: dict | None = None, **extra) -> Study:
    """1000 t liquid aluminium from ``kwh`` of direct-line electricity at 0.5 kg CO2e/kWh.

    CFP = kwh x 0.5e-3 t / 1000 t (9.9e6 kWh -> 4.95 t CO2e/t), plus cf4_t x GWP / 1000.
    Electricity is rated good on all five Table 2 criteria; the CF4 datum good except
    reliability poor, unless ``cf4_dq`` says otherwise.
    """
    outputs = [{"flow": "liquid_aluminium", "amount": 1000.0, "unit": "t",
                "dq": {"source": "meter"}}]
    if cf4_t:
        outputs.append({"flow": "cf4", "amount": cf4_t, "unit": "t", "kind": "emission",
                        "gas": "CF4", "dq": cf4_dq if cf4_dq is not None else
                        {**GOOD, "source": "measured", "reliability": "poor"}})
    data = {
        "title": "tiny", "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "declared_products": ["liquid_aluminium"],
        "electricity": {"supplies": {"line": {"type": "direct_line", "value": 0.5,
                                              "basis": "life_cycle", "source": "supplier"}}},
        "units": [{"id": "electrolysis", "location": "云南", "inputs": [
            {"flow": "electricity", "amount": kwh, "unit": "kWh", "kind": "electricity",
             "supply": "line", "dq": {**GOOD, "source": "meter", "gsd": 1.25}}],
            "outputs": outputs}],
        "omitted_flows": omitted or [],
    }
    data.update(extra)
    return Study.model_validate(data)


def complete(study: Study) -> Study:
    """A bundled example made to satisfy every data-dependent shall clause (see test_compliance).

    Adds the descriptive fields, a source, vouchers and a note to every row, transport legs with
    rated loads to purchased inputs, an aluminium dross output, the anode butts that close the
    anode carbon balance, and declares the unquantified wastes (red mud, dross) and the water
    (7.4 b) in omitted_flows with small estimates and reasons.
    """
    s = study.model_copy(deep=True)
    s.commissioner, s.assessor, s.report_id = "buyer", "verifier", "R-1"
    p = s.product
    p.batch, p.net_weight, p.inspection, p.delivery_date = "B1", "1 t", "lab", "2024-01-05"
    made = {o.flow for u in s.units for o in u.products()}
    for u in s.units:
        for row in list(u.inputs) + list(u.outputs):
            row.dq.source = row.dq.source or "plant records"
            row.dq.evidence = ["voucher.pdf"]
            row.note = row.note or "collected 2023 from plant records"
            for leg in row.transport:
                leg.rated_load_t, leg.dq.source = 60.0, "waybills"
        for i in u.inputs:
            if i.kind in ("material", "fuel") and not i.provider and i.flow not in made \
                    and not i.transport:
                i.transport = [TransportLeg(mode="rail", distance_km=100, rated_load_t=60.0,
                                            transported_t=1000.0,
                                            dq={"source": "waybills"})]
        if u.id == "casting":
            u.outputs.append(Output(flow="aluminium_dross", amount=5000.0, unit="t",
                                    kind="waste"))
        for o in u.outputs:
            if o.flow == "red_mud":
                o.amount = 1_000_000.0
        if u.id == "anode_production":  # 7.4 b / 7.1.3.2.3 a: butts close the carbon balance
            # green anode 221 603 t - listed carbon inputs 174 551.55 t = 47 051.45 t of butts
            u.inputs.append(Input(
                flow="anode_butts", amount=47_052.0, unit="t", kind="material",
                transport=[TransportLeg(mode="rail", distance_km=1, rated_load_t=60.0,
                                        transported_t=47_052.0, dq={"source": "waybills"})],
                note="returned from the potline; their carbon is counted in anode consumption",
                supplier_cfp={"value": 0.0, "source": "recycled inside the system boundary"},
                dq={"source": "plant records", "evidence": ["voucher.pdf"]}))
    s.omitted_flows = [
        OmittedFlow(unit="alumina_refining", flow="red_mud", estimated_t_co2e=100.0,
                    reason="no treatment factor; landfill estimate"),
        OmittedFlow(unit="casting", flow="aluminium_dross", estimated_t_co2e=50.0,
                    reason="recycled by a third party; estimate"),
        # 7.4 b: water listed with an estimate (no sourced water-supply factor ships)
        OmittedFlow(unit="bauxite_mining", flow="fresh_water", estimated_t_co2e=5.0,
                    reason="no sourced water-supply factor; estimate"),
        OmittedFlow(unit="alumina_refining", flow="fresh_water", estimated_t_co2e=20.0,
                    reason="no sourced water-supply factor; estimate"),
    ]
    return Study.model_validate(s.model_dump())


@pytest.fixture(scope="session")
def hydro() -> Study:
    return load_study(EXAMPLES / "hydro_smelter_yunnan.yaml")


@pytest.fixture(scope="session")
def coal() -> Study:
    return load_study(EXAMPLES / "coal_captive_smelter.yaml")


@pytest.fixture(scope="session")
def make_tiny():
    return tiny


@pytest.fixture(scope="session")
def make_complete():
    return complete
