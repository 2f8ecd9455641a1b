"""Review check: a study using every optional input field survives YAML -> xlsx -> YAML unchanged
(Appendix C workbook, both languages), and the footprint is unchanged by the round trip."""

from __future__ import annotations

import pytest

from alcarbon.engine import calculate
from alcarbon.inventory import load_study, save_study
from alcarbon.inventory.model import Study


def _factor(fid: str, value: float) -> dict:
    return {"id": fid, "name": fid, "name_zh": fid, "kind": "material_upstream", "value": value,
            "amount_unit": "t", "per": "t", "gas": "CO2e", "basis": "life_cycle",
            "region": "CN", "year": 2024, "confidence": "medium",
            "source": {"document": "review test value", "issuer": "review", "year": 2024}}


DQ = {"technology": "fair", "time": "poor", "geography": "fair", "reliability": "good",
      "completeness": "fair", "primary": False, "source": "vendor sheet 2023",
      "evidence": ["inv-001.pdf", "inv-002.pdf"], "gsd": 1.3}

STUDY = {
    "title": "round trip", "period": {"start": "2023-01-01", "end": "2023-12-31"},
    "declared_products": ["liquid_aluminium", "alumina"], "gwp_set": "AR5",
    "allocation": {"method": "economic"}, "upstream_convention": "all_upstream",
    "captive_attribution": "own_stage",
    "electricity": {
        "grid_basis": "life_cycle", "grid_year": 2023, "allow_mixed_basis": True,
        "default_supply": "g",
        "supplies": {
            "g": {"type": "grid", "region": "云南"},
            "ppa": {"type": "contract", "region": "Yunnan", "value": 0.02, "basis": "life_cycle",
                    "source": "PPA 2023", "instrument": "GEC-123",
                    "conveys_generator_info": True, "exclusive_claim": True,
                    "retired_by_reporter": True, "matches_period": True,
                    "sold_separately": True}}},
    "factors": [_factor("rv.mat", 1.5), _factor("rv.waste", 0.1)],
    "omitted_flows": [{"unit": "electrolysis", "flow": "cathode", "estimated_t_co2e": 12.5,
                       "reason": "<1 %"}],
    "units": [
        {"id": "alumina_refining", "name": "refinery", "location": "云南省",
         "description": "desc\nline2", "prepared_by": "Zhang", "prepared_on": "2024-02-01",
         "inputs": [
             {"flow": "caustic_soda", "amount": 1234.5, "unit": "t", "kind": "material",
              "supplier_cfp": {"value": 1.2, "amount_unit": "t", "per": "t",
                               "basis": "life_cycle", "source": "supplier", "verified": True},
              "transport": [
                  {"mode": "rail", "distance_km": 800, "rated_load_t": 60,
                   "transported_t": 1234.5,
                   "dq": {"reliability": "fair", "source": "weighbridge",
                          "evidence": ["wb.xlsx"]}},
                  {"mode": "公路", "distance_km": 30.5, "factor": "freight.road_generic"}],
              "dq": DQ, "note": "n1"},
             {"flow": "natural_gas", "amount": 5000, "unit": "GJ", "kind": "fuel",
              "subprocess": "calcination", "combusted": True,
              "fuel": {"ncv": 38.9, "ncv_unit": "MJ/Nm3", "carbon_content": 0.0153,
                       "oxidation": 0.99}},
             {"flow": "limestone", "amount": 100, "unit": "t", "factor": "rv.mat",
              "transport": [{"mode": "road", "distance_km": 10},
                            {"mode": "rail", "distance_km": 20}]},
             {"flow": "electricity", "amount": 1e6, "unit": "kWh", "kind": "electricity",
              "supply": "ppa"}],
         "outputs": [
             {"flow": "alumina", "amount": 1000, "unit": "t", "price": 3000,
              "transport": [{"mode": "rail", "distance_km": 5}]},
             {"flow": "aluminium_hydroxide", "amount": 50, "unit": "t", "kind": "co_product",
              "price": 2500},
             {"flow": "red_mud", "amount": 1500, "unit": "t", "kind": "waste",
              "treatment_factor": "rv.waste", "subprocess": "digestion"},
             {"flow": "co2", "amount": 44, "unit": "t", "kind": "emission", "gas": "CO2",
              "replaces": "carbonates", "note": "CEMS"}],
         "process_emissions": {"carbonates": [
             {"flow": "limestone", "mineral": "CaCO3", "purity": 0.9, "calcined_fraction": 0.95,
              "subprocess": "calcination", "dq": {"time": "fair"}}]}},
        {"id": "electrolysis", "location": "Yunnan",
         "inputs": [
             {"flow": "alumina", "amount": 950, "unit": "t", "kind": "intermediate",
              "provider": "alumina",
              "transport": [{"mode": "road", "distance_km": 3, "rated_load_t": 30}]},
             {"flow": "anode_butts_in", "amount": 1, "unit": "t", "burden_free": True,
              "note": "counted at electrolysis"},
             {"flow": "electricity", "amount": 7e6, "unit": "kWh", "kind": "electricity"}],
         "outputs": [{"flow": "liquid_aluminium", "amount": 500, "unit": "t"}],
         "process_emissions": {
             "anode_consumption": {"net_anode_t_per_t": 0.41, "sulfur_pct": 1.8,
                                   "ash_pct": 0.3},
             "anode_effect": {"method": "overvoltage", "aeo_mv": 1.2,
                              "current_efficiency": 0.93, "technology": "CWPB"}}}]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_optional_field_survives_the_workbook(tmp_path, lang):
    s = Study.model_validate(STUDY)
    p = tmp_path / f"study_{lang}.xlsx"
    save_study(s, p, lang=lang)
    back = load_study(p)
    assert back.model_dump(mode="json") == s.model_dump(mode="json")
    y = tmp_path / "again.yaml"
    save_study(back, y)
    assert load_study(y).model_dump(mode="json") == s.model_dump(mode="json")
    a, b = calculate(s), calculate(back)
    for prod in s.declared_products:
        assert b.products[prod].cfp == a.products[prod].cfp
        assert b.products[prod].cfp_location_based == a.products[prod].cfp_location_based
