"""Session 24's build: objects made without their __init__ (linectx.maker), the stage of a unit
from its product flows, a purchase row's plan kept in the library's memo (keyed on every value
it depends on: studies calculated one after the other with the same library object, differing
in one value, each get their own figures), and a unit's rows summed by process._mass_of.
Expected values by hand."""

from __future__ import annotations

import dataclasses

import pytest

from alcarbon.engine import calculate, stages
from alcarbon.engine.linectx import Item, maker, new_item
from alcarbon.engine.process import _mass_of
from alcarbon.engine.system import TechEntry, new_tech
from alcarbon.errors import MissingFactorError
from alcarbon.factors import load_library
from alcarbon.inventory.model import Study, UnitProcess

from .conftest import PERIOD, CheckedInit, plain_factor

# -- linectx.maker ---------------------------------------------------------------------------

def test_maker_makes_the_object_init_makes():
    fields16 = ("other", "diesel", "CO2", 2.5, "t", 0.5, "f.id", "life_cycle", "cite", True,
                False, None, None, None, None, "high")
    made, init = new_item(*fields16), Item(*fields16)
    assert type(made) is Item
    assert made == init  # every field, the defaults included (column -1, unit "", dq None)
    assert (made.column, made.unit, made.dq, made.param, made.stage) == (-1, "", None, "", None)
    whole = (*fields16, "market", "stage", 3, "u", {"time": "good"}, "u/inputs/0")
    assert new_item(*whole) == Item(*whole)
    assert new_item(*fields16, column=7, param="p") == Item(*fields16, column=7, param="p")
    assert new_tech(1, 2, -3.5, "u/inputs/1") == TechEntry(1, 2, -3.5, "u/inputs/1", None)
    assert type(new_tech(1, 2, -3.5, "p", {})) is TechEntry


def test_maker_refuses_a_class_its_init_is_needed_for():
    @dataclasses.dataclass
    class Listed:
        xs: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Frozen:
        x: int

    with pytest.raises(TypeError, match="default factory"):
        maker(Listed)
    for cls in (Frozen, CheckedInit):
        with pytest.raises(TypeError, match="does more than store"):
            maker(cls)


# -- stages.stage_of -------------------------------------------------------------------------

def test_stage_of_a_unit_from_its_product_flows():
    assert stages.stage_of("electrolysis", []) == "electrolysis"  # a standard unit id
    assert stages.stage_of("potline_1", ["liquid_aluminium"]) == "electrolysis"
    assert stages.stage_of("plant", ["steam", "alumina"]) == "alumina_refining"
    assert stages.stage_of("boiler", ["steam"]) == "boiler"  # no standard product: its own id
    u = UnitProcess.model_validate({"id": "potline_1", "outputs": [
        {"flow": "liquid_aluminium", "amount": 1.0, "unit": "t"}]})
    assert stages.unit_stage(u) == "electrolysis"


# -- the purchase plan in the library's memo ---------------------------------------------------

def _study(inputs: list[dict], purchased_stage: str = "production_stage",
           units: list[dict] | None = None) -> Study:
    return Study.model_validate({
        "period": PERIOD, "declared_products": ["aluminium_ingot"],
        "purchased_stage": purchased_stage,
        "factors": [plain_factor("study.alumina", 0.6), plain_factor("study.coal_up", 0.1)],
        "units": [*(units or []),
                  {"id": "casting", "inputs": inputs,
                   "outputs": [{"flow": "aluminium_ingot", "amount": 10.0, "unit": "t"}]}]})


ALUMINA = {"flow": "alumina", "amount": 20.0, "unit": "t", "kind": "material",
           "factor": "study.alumina"}


def test_purchased_stage_setting_is_part_of_the_plan():
    lib = load_library()

    def upstream(setting: str) -> tuple[str | None, float]:
        res = calculate(_study([ALUMINA], setting), lib)
        (it,) = [i for i in res.system.items if i.flow == "alumina"]
        return it.stage, it.activity * it.factor

    # 20 t x 0.6 t CO2e/t = 12 t, in the stage that makes alumina (5.3.3.2) or upstream
    assert upstream("production_stage") == ("alumina_refining", pytest.approx(12.0))
    assert upstream("upstream") == (None, pytest.approx(12.0))
    assert upstream("production_stage") == ("alumina_refining", pytest.approx(12.0))


COAL = {"flow": "bituminous_coal", "amount": 10.0, "unit": "t", "kind": "fuel",
        "factor": "study.coal_up", "fuel": {"ncv": 20.0, "ncv_unit": "GJ/t",
                                            "carbon_content": 0.025, "oxidation": 1.0}}


def test_combusted_is_part_of_the_plan():
    lib = load_library()

    def burnt(combusted: bool | None) -> list[tuple[str, float]]:
        row = {**COAL} if combusted is None else {**COAL, "combusted": combusted}
        res = calculate(_study([row]), lib)
        return sorted((i.gas, i.activity * i.factor) for i in res.system.items
                      if i.category == "fuel_combustion")

    # burnt: CO2 = 10 t x 20 GJ/t x 0.025 tC/GJ x 1.0 x 44/12 = 18.333 t, with CH4 and N2O
    assert [g for g, _v in burnt(None)] == ["CH4", "CO2", "N2O"]
    assert dict(burnt(None))["CO2"] == pytest.approx(18.333333, rel=1e-6)
    assert burnt(False) == []  # bought, not burnt on site: its upstream item only
    assert dict(burnt(True))["CO2"] == pytest.approx(18.333333, rel=1e-6)


def test_the_ipcc_sector_of_the_unit_is_part_of_the_plan():
    # the same coal row burnt in a power plant (IPCC 2006 Vol.2 Table 2.2, energy industries:
    # CH4 1 kg/TJ) and in the cast house (Table 2.3, manufacturing: CH4 10 kg/TJ); 10 t x
    # 20 GJ/t = 0.2 TJ: 0.2 kg and 2 kg of CH4, in the same build
    plant = {"id": "captive_power", "inputs": [COAL], "outputs": [
        {"flow": "captive_electricity", "amount": 1000.0, "unit": "kWh"}]}
    power = {"flow": "captive_electricity", "amount": 1000.0, "unit": "kWh",
             "kind": "electricity"}
    res = calculate(_study([COAL, power], units=[plant]), load_library())
    ch4 = {i.unit: i.activity * i.factor for i in res.system.items if i.gas == "CH4"}
    assert ch4 == {"captive_power": pytest.approx(0.0002), "casting": pytest.approx(0.002)}


def test_a_missing_factor_is_reported_by_every_build():
    lib = load_library()
    bad = {**ALUMINA, "factor": "study.nowhere"}
    for _ in range(2):
        with pytest.raises(MissingFactorError, match="study.nowhere"):
            calculate(_study([bad]), lib)
    assert calculate(_study([ALUMINA]), lib).system.items  # the good row still works
    with pytest.raises(MissingFactorError, match="study.nowhere"):
        calculate(_study([bad]), lib)


# -- process._mass_of --------------------------------------------------------------------------

def test_mass_of_sums_the_rows_in_tonnes():
    u = UnitProcess.model_validate({
        "id": "electrolysis",
        "inputs": [{"flow": "prebaked_anode", "amount": 300.0, "unit": "t"},
                   {"flow": "natural_gas", "amount": 10.0, "unit": "GJ"},
                   {"flow": "prebaked_anode", "amount": 50_000.0, "unit": "kg"}],
        "outputs": [{"flow": "liquid_aluminium", "amount": 700.0, "unit": "t"},
                    {"flow": "anode_butts", "amount": 70_000.0, "unit": "kg",
                     "kind": "co_product"}]})
    same = lambda f: f  # noqa: E731 - the flow names are catalogue ids already
    ids = ["prebaked_anode", "natural_gas", "prebaked_anode"]
    # 300 t + 50,000 kg = 350 t, by the ids or by the names
    assert _mass_of(u, ("prebaked_anode",), same, ids=ids) == 350.0
    assert _mass_of(u, ("prebaked_anode",), same) == 350.0
    assert _mass_of(u, ("anode_butts",), same, outputs=True) == 70.0
    # no row of the flows: 0, an int, as sum() of nothing
    nothing = _mass_of(u, ("limestone",), same, ids=ids)
    assert nothing == 0 and type(nothing) is int
    assert _mass_of(u, ("natural_gas",), same, ids=ids) == 0  # GJ is not a mass
