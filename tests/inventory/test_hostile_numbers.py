"""Numbers that are not numbers (issue 12 item 4): NaN, inf, negative and absurd values in every
numeric field are refused at the model, naming the field; the CLI exits 2; JSON is strict."""

from __future__ import annotations

import copy
import json
import math

import pytest
import yaml
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.engine import calculate
from alcarbon.errors import CalculationError, InputError
from alcarbon.inventory.io_yaml import study_from_data

runner = CliRunner()

#: One smelter, 100 t of liquid aluminium in the period. Per t:
#: alumina 192 t / 100 t = 1.92 t/t at a supplier CFP of 1.0 t CO2e/t          -> 1.92
#: electricity 1,350,000 kWh / 100 t = 13,500 kWh/t at 0.8 kg CO2e/kWh (direct) -> 10.8
#: net anode consumption 0.4 t C/t, S 2 %, ash 0.4 %: 0.4 x (1 - 0.024) x 44/12 -> 1.4314667
BASE_CFP = 1.92 + 10.8 + 0.4 * (1 - 0.02 - 0.004) * 44 / 12

BASE = {
    "period": {"start": "2024-01-01", "end": "2024-12-31"},
    "declared_products": ["liquid_aluminium"],
    "electricity": {"supplies": {
        "line": {"type": "direct_line", "value": 0.8, "basis": "life_cycle", "source": "test"}}},
    "units": [
        {"id": "electrolysis", "location": "内蒙古",
         "inputs": [
             {"flow": "purchased_alumina", "amount": 192, "unit": "t",
              "supplier_cfp": {"value": 1.0, "source": "test supplier"},
              "transport": [{"mode": "rail", "distance_km": 0.0, "rated_load_t": 60,
                             "transported_t": 192}]},
             {"flow": "electricity", "amount": 1_350_000, "unit": "kWh", "kind": "electricity",
              "supply": "line"}],
         "outputs": [{"flow": "liquid_aluminium", "amount": 100, "unit": "t"}],
         "process_emissions": {
             "anode_consumption": {"net_anode_t_per_t": 0.4, "sulfur_pct": 2.0,
                                   "ash_pct": 0.4}}}],
}
FACTOR = {"id": "test.f", "name": "test factor", "kind": "material_upstream", "value": 0.5,
          "amount_unit": "t", "per": "t", "basis": "life_cycle", "confidence": "low",
          "source": {"document": "test", "issuer": "test", "year": 2024}}

NAN, INF = float("nan"), float("inf")
E = "units[0] ('electrolysis')"
ALU = f"{E}.inputs[0] ('purchased_alumina')"

# (where to put the value, value, field path the message must name)
CASES = [
    ("units.0.inputs.0.supplier_cfp.value", NAN, f"{ALU}.supplier_cfp.value"),
    ("units.0.inputs.0.supplier_cfp.value", INF, f"{ALU}.supplier_cfp.value"),
    ("units.0.inputs.0.supplier_cfp.value", -20029.0, f"{ALU}.supplier_cfp.value"),
    ("units.0.inputs.0.transport.0.transported_t", NAN, f"{ALU}.transport[0].transported_t"),
    ("units.0.inputs.0.transport.0.transported_t", -1.0, f"{ALU}.transport[0].transported_t"),
    ("units.0.inputs.0.transport.0.rated_load_t", INF, f"{ALU}.transport[0].rated_load_t"),
    ("units.0.inputs.0.transport.0.rated_load_t", 0.0, f"{ALU}.transport[0].rated_load_t"),
    ("units.0.inputs.0.transport.0.distance_km", NAN, f"{ALU}.transport[0].distance_km"),
    ("units.0.inputs.0.amount", NAN, f"{ALU}.amount"),
    ("units.0.inputs.0.amount", -INF, f"{ALU}.amount"),
    ("units.0.inputs.0.dq", {"gsd": INF}, f"{ALU}.dq.gsd"),
    ("units.0.inputs.0.dq", {"gsd": 1e6}, f"{ALU}.dq.gsd"),
    ("units.0.inputs.0.dq", {"gsd": 0.5}, f"{ALU}.dq.gsd"),
    ("units.0.outputs.0.price", INF, f"{E}.outputs[0] ('liquid_aluminium').price"),
    ("electricity.supplies.line.value", NAN, "electricity.supplies.line.value"),
    ("electricity.supplies.line.value", 580.0, "electricity.supplies.line.value"),
    ("units.0.process_emissions.anode_consumption.net_anode_t_per_t", 400.0,
     f"{E}.process_emissions.anode_consumption.net_anode_t_per_t"),
    ("units.0.process_emissions.anode_consumption.sulfur_pct", NAN,
     f"{E}.process_emissions.anode_consumption.sulfur_pct"),
    ("units.0.process_emissions.anode_effect",
     {"method": "slope", "slope": -0.143, "aem_min_per_cell_day": 0.1},
     f"{E}.process_emissions.anode_effect.slope"),
    ("units.0.process_emissions.anode_effect",
     {"method": "slope", "c2f6_ratio": INF}, f"{E}.process_emissions.anode_effect.c2f6_ratio"),
    ("units.0.process_emissions.anode_effect",
     {"method": "guideline", "ef_cf4_kg_per_t": NAN},
     f"{E}.process_emissions.anode_effect.ef_cf4_kg_per_t"),
    ("units.0.process_emissions.baking", {"green_anode_t": INF},
     f"{E}.process_emissions.baking.green_anode_t"),
    ("units.0.process_emissions.carbonates",
     [{"flow": "purchased_alumina", "purity": NAN}],
     f"{E}.process_emissions.carbonates[0] ('purchased_alumina').purity"),
    ("units.0.inputs.0.fuel", {"ncv": INF, "ncv_unit": "GJ/t"}, f"{ALU}.fuel.ncv"),
    ("units.0.inputs.0.fuel", {"carbon_content": 26.6}, f"{ALU}.fuel.carbon_content"),
    ("units.0.inputs.0.fuel", {"oxidation": NAN}, f"{ALU}.fuel.oxidation"),
    ("omitted_flows", [{"unit": "electrolysis", "flow": "x", "estimated_t_co2e": INF}],
     "omitted_flows[0] ('x').estimated_t_co2e"),
    ("factors", [{**FACTOR, "value": NAN}], "factors[0] ('test.f').value"),
    ("factors", [{**FACTOR, "value": -0.5}], "factors[0] ('test.f').value"),
    ("factors", [{**FACTOR, "gsd": 0.5}], "factors[0] ('test.f').gsd"),
    ("factors", [{**FACTOR, "year": 10**400}], "factors[0] ('test.f').year"),
    ("electricity.grid_year", 20240, "electricity.grid_year"),
    ("units.0.inputs.0.amount", 10**400, f"{ALU}.amount"),
]


def _put(data: dict, path: str, value: object) -> dict:
    d = copy.deepcopy(data)
    *head, last = path.split(".")
    node: object = d
    for k in head:
        node = node[int(k)] if isinstance(node, list) else node[k]
    node[int(last) if isinstance(node, list) else last] = value  # type: ignore[index]
    return d


def test_base_study_computes_the_hand_value():
    # the mutations below fail for the field they change, not for a broken base
    r = calculate(study_from_data(copy.deepcopy(BASE)))
    assert r.products["liquid_aluminium"].cfp == pytest.approx(BASE_CFP, rel=1e-9)


@pytest.mark.parametrize(("path", "value", "field"), CASES,
                         ids=[f"{c[0].split('.')[-1]}={c[1]!r}"[:60] for c in CASES])
def test_refused_at_the_model_naming_the_field(path, value, field):
    with pytest.raises(InputError) as err:
        study_from_data(_put(BASE, path, value), "s.yaml")
    assert f"- {field}:" in err.value.message


@pytest.mark.parametrize("text", [".nan", ".inf", "-.inf", "-20029", "'nan'"])
def test_cli_exit_2_for_supplier_cfp_from_yaml(tmp_path, text):
    p = tmp_path / "s.yaml"
    body = yaml.safe_dump(BASE, allow_unicode=True)
    assert "value: 1.0\n" in body
    p.write_text(body.replace("value: 1.0\n", f"value: {text}\n", 1), encoding="utf-8")
    r = runner.invoke(app, ["calc", str(p), "--format", "json"])
    assert r.exit_code == 2, r.stdout
    assert f"{ALU}.supplier_cfp.value" in r.stderr
    assert r.stdout == ""


def test_json_nan_token_refused_with_line(tmp_path):
    text = json.dumps(BASE, ensure_ascii=False, indent=1).replace('"value": 1.0', '"value": NaN')
    p = tmp_path / "s.json"
    p.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "NaN" in ln)
    r = runner.invoke(app, ["calc", str(p)])
    assert r.exit_code == 2
    assert f"line {line}" in r.stderr and "NaN" in r.stderr


def test_non_finite_cfp_is_a_calculation_error_naming_the_product():
    # 1e300 t alumina x 1e300 t CO2e/t overflows to inf: a typed error, never 'inf' printed
    d = _put(BASE, "units.0.inputs.0.amount", 1e300)
    d = _put(d, "units.0.inputs.0.supplier_cfp.value", 1e300)
    with pytest.raises(CalculationError) as err:
        calculate(study_from_data(d))
    assert "liquid_aluminium" in str(err.value) and "finite" in str(err.value)


def test_dump_json_refuses_nan_naming_the_field():
    import io

    from alcarbon.cli.json_out import dump_json

    out = io.StringIO()
    with pytest.raises(CalculationError) as err:
        dump_json({"products": [{"cfp": 1.0}, {"cfp": math.nan}]}, out)
    assert "products[1].cfp" in str(err.value)
    assert out.getvalue() == ""  # nothing half-written
    dump_json({"a": [1.5]}, out)
    assert json.loads(out.getvalue()) == {"a": [1.5]}


def test_workbook_style_flat_factor_rows_still_read():
    # a workbook row is flat (document/issuer/source_year columns): same reading as --factors
    flat = {k: v for k, v in FACTOR.items() if k != "source"}
    flat.update({"document": "doc", "issuer": "iss", "source_year": 2020, "tags": "a;b"})
    s = study_from_data({**copy.deepcopy(BASE), "factors": [flat]})
    f = s.factors[0]
    assert (f.source.document, f.source.year, f.tags, f.value) == ("doc", 2020, ["a", "b"], 0.5)
