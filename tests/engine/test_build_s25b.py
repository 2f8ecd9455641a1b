"""Session 25's build: items from a plan's template (linectx.item_from), objects made from one
dict display (linectx.dict_maker), the net-producer check summed while the triplets are made,
the process methods' answers kept on flat keys, a transport leg's template kept in the library's
memo, and the coke notes found from the rows' catalogue ids, in their place among the notes.
Expected values by hand."""

from __future__ import annotations

import dataclasses

import pytest

from alcarbon.engine import calculate
from alcarbon.engine.linectx import (
    ITEM_SHARED,
    Context,
    Item,
    dict_maker,
    item_from,
    new_context,
    put_items,
    template,
)
from alcarbon.engine.system import build
from alcarbon.errors import LinkError
from alcarbon.factors import load_library
from alcarbon.inventory.model import Study

from .conftest import PERIOD, CheckedInit, plain_factor

# -- linectx.item_from / template / dict_maker --------------------------------------------------

def test_item_from_a_template_is_the_item_of_the_same_fields():
    t = template("other", "diesel", "CO2", "t", 0.5, "f.id", "life_cycle", "cite", True,
                 factor_confidence="high", stage="casting")
    assert len(t) == len(ITEM_SHARED) == 17  # 22 fields less activity, column, unit, dq, param
    made = item_from(t, 2.5, 3, "u", {"time": "good"}, "u/inputs/0")
    assert type(made) is Item
    assert made == Item("other", "diesel", "CO2", 2.5, "t", 0.5, "f.id", "life_cycle", "cite",
                        True, factor_confidence="high", stage="casting", column=3, unit="u",
                        dq={"time": "good"}, param="u/inputs/0")
    # the defaults of template are Item's
    bare = item_from(template("a", "b", "c", "t", 1.0, "f", "p", "s"), 1.0, -1, "", None, "")
    assert bare == Item("a", "b", "c", 1.0, "t", 1.0, "f", "p", "s")


def test_put_items_appends_one_item_per_template_and_its_subprocess():
    ts = (template("fuel_combustion", "coal", "CO2", "t", 2.0, "c", "process", "s"),
          template("fuel_combustion", "coal", "CH4", "t", 1e-5, "m", "process", "s",
                   factor_confidence="low"))
    items, subs = [Item("x", "y", "z", 1.0, "t", 1.0, "f", "b", "s")], ["before"]
    dq = {"time": "good"}
    put_items(items, subs, ts, 10.0, 4, "boiler", dq, "boiler/inputs/1", "calcination")
    assert items[1:] == [item_from(t, 10.0, 4, "boiler", dq, "boiler/inputs/1") for t in ts]
    assert [i.gas for i in items] == ["z", "CO2", "CH4"]  # appended in template order
    assert items[2].factor_confidence == "low" and items[2].dq is dq
    assert subs == ["before", "calcination", "calcination"]
    put_items(items, subs, (), 1.0, 0, "u", None, "", None)  # no template: nothing appended
    assert len(items) == len(subs) == 3


def test_dict_maker_makes_the_object_init_makes():
    args = {"study": 1, "lib": 2, "products": {"a": 0}, "product_units": ["t"], "missing": []}
    made, init = new_context(**args, stages={"u": "casting"}), Context(**args,
                                                                       stages={"u": "casting"})
    assert type(made) is Context and made == init
    assert list(made.__dict__) == list(init.__dict__)  # the same fields, in field order
    assert made.stages == {"u": "casting"} and made.notes == [] and made.col == -1
    # a default factory gives each object its own container
    assert new_context(**args).notes is not new_context(**args).notes

    @dataclasses.dataclass
    class Slotted:
        __slots__ = ("x",)
        x: int

    for cls in (Slotted, CheckedInit):
        with pytest.raises(TypeError, match="does more than store"):
            dict_maker(cls)


# -- studies ------------------------------------------------------------------------------------

def _study(units: list[dict], factors: list[dict] | None = None,
           declared: str = "aluminium_ingot") -> Study:
    return Study.model_validate({
        "period": PERIOD, "declared_products": [declared], "factors": factors or [],
        "units": units})


def _casting(inputs: list[dict], amount: float = 10.0) -> dict:
    return {"id": "casting", "inputs": inputs,
            "outputs": [{"flow": "aluminium_ingot", "amount": amount, "unit": "t"}]}


def test_a_unit_using_as_much_of_its_product_as_it_makes_is_refused():
    lib = load_library()
    own = {"flow": "aluminium_ingot", "amount": 10.0, "unit": "t", "kind": "intermediate",
           "provider": "aluminium_ingot"}
    # 10 t made - 10 t used = 0 <= 0: not a net producer
    with pytest.raises(LinkError, match="unit 'casting' uses at least as much 'aluminium_ingot'"):
        build(_study([_casting([own])]), lib)
    # 10 t made - 4 t used = 6 t: the link is kept, A_jj = 10 - 4 = 6
    system = build(_study([_casting([{**own, "amount": 4.0}])]), lib)
    assert system.A[0, 0] == pytest.approx(6.0)
    # in kg: 10 t - 12,000 kg = -2 t
    with pytest.raises(LinkError, match="uses at least as much"):
        build(_study([_casting([{**own, "amount": 12000.0, "unit": "kg"}])]), lib)


def _potline(ef_cf4: float) -> dict:
    return {"id": "electrolysis",
            "outputs": [{"flow": "liquid_aluminium", "amount": 100.0, "unit": "t"}],
            "process_emissions": {"anode_effect": {
                "method": "guideline", "ef_cf4_kg_per_t": ef_cf4, "ef_c2f6_kg_per_t": 0.005}}}


def test_each_anode_effect_gets_its_own_figures_with_one_library():
    lib = load_library()

    def pfc(ef_cf4: float) -> dict[str, float]:
        system = build(_study([_potline(ef_cf4)], declared="liquid_aluminium"), lib)
        return {i.gas: i.activity * i.factor for i in system.items if i.flow == "anode_effect"}

    # guideline: 100 t x 0.07 kg CF4/t = 7 kg = 0.007 t; 100 t x 0.005 kg C2F6/t = 0.0005 t
    assert pfc(0.07) == {"CF4": pytest.approx(0.007), "C2F6": pytest.approx(0.0005)}
    # one value changed: its own figure (100 t x 0.05 kg/t = 0.005 t), not the one kept
    assert pfc(0.05) == {"CF4": pytest.approx(0.005), "C2F6": pytest.approx(0.0005)}
    assert pfc(0.07)["CF4"] == pytest.approx(0.007)


def test_transport_legs_of_one_mode_keep_their_flow_and_stage():
    lib = load_library()
    rail = {"mode": "rail", "distance_km": 100.0}
    rows = [{"flow": "alumina", "amount": 20.0, "unit": "t", "kind": "material",
             "factor": "study.up", "transport": [rail]},
            {"flow": "caustic_soda", "amount": 5.0, "unit": "t", "kind": "material",
             "factor": "study.up", "transport": [rail]}]
    unit = {"id": "electrolysis", "inputs": rows,
            "outputs": [{"flow": "liquid_aluminium", "amount": 10.0, "unit": "t"}]}
    for _ in range(2):  # the second build reads the templates the first one kept
        system = calculate(_study([unit], [plain_factor("study.up", 0.1)], "liquid_aluminium"),
                           lib).system
        legs = [(i.flow, i.activity, i.upstream, i.param) for i in system.items
                if i.flow.startswith("transport:")]
        # 20 t x 100 km = 2,000 tkm of alumina, in the unit (5.3.3.4 a); 5 t x 100 km of
        # caustic soda, upstream (5.3.2)
        assert legs == [("transport:alumina", 2000.0, False, "electrolysis/inputs/0/transport/0"),
                        ("transport:caustic_soda", 500.0, True,
                         "electrolysis/inputs/1/transport/0")]


def test_the_coke_notes_in_their_place_among_a_units_notes():
    lib = load_library()
    anode = {"id": "anode_production",
             "inputs": [{"flow": "petroleum_coke", "amount": 80.0, "unit": "t",
                         "kind": "material", "factor": "study.up"},
                        {"flow": "metallurgical_coke", "amount": 2.0, "unit": "t",
                         "kind": "fuel", "factor": "study.up"}],
             "outputs": [{"flow": "prebaked_anode", "amount": 100.0, "unit": "t"},
                         {"flow": "stack_co2", "amount": 3.0, "unit": "t", "kind": "emission",
                          "gas": "CO2"}],
             "process_emissions": {"baking": {"green_anode_t": 105.0}}}
    system = calculate(_study([anode], [plain_factor("study.up", 0.1)], "prebaked_anode"),
                       lib).system
    ids = [getattr(n, "id", "") for n in system.notes]
    unit = [i.split(":")[0] for i in ids if i.endswith("anode_production")
            or ":anode_production:" in i]
    # the completeness note first, then replaced_sources' (measured CO2 added), then the coke note
    # (coke burnt and packing coke computed), then the rows' notes
    assert unit[:3] == ["no_calcination", "measured_co2_added", "coke_twice"]
    # the coke bought, not burnt: no coke note; petroleum coke as a fuel: no calcination note
    anode["inputs"][1] = {**anode["inputs"][1], "combusted": False, "kind": "material"}
    anode["inputs"][0] = {**anode["inputs"][0], "kind": "fuel", "combusted": False}
    system = calculate(_study([anode], [plain_factor("study.up", 0.1)], "prebaked_anode"),
                       lib).system
    ids = [getattr(n, "id", "") for n in system.notes]
    assert not any(i.startswith(("coke_twice", "no_calcination")) for i in ids)


def test_library_memos_are_kept_per_library_and_bounded(monkeypatch):
    from alcarbon.engine import linectx

    lib, other = load_library().with_overrides([]), load_library().with_overrides([])
    cites, flows, memo = linectx.library_memos(lib)
    assert cites == flows == memo == {}  # made empty on first use; another library its own
    assert linectx.library_memos(other)[1] is not flows
    assert linectx.library_memos(lib)[1] is flows  # found again, not made anew
    flows.update({"a": None, "b": None, "c": None, "d": None})
    memo.update({("k", 1): 1})
    monkeypatch.setattr(linectx, "_FLOW_MEMO_MAX", 3)
    # past the bound (4 names > 3) the flows are emptied; the answers (1 entry) are kept
    held = linectx.library_memos(lib)
    assert held[1] is flows and flows == {} and memo == {("k", 1): 1}


def test_may_expand_and_the_shares_read_from_the_outputs_fields():
    from alcarbon.engine import allocation
    from alcarbon.inventory.model import UnitProcess

    steam = {"flow": "steam", "amount": 50.0, "unit": "GJ", "kind": "co_product"}
    outs = [{"kind": "product", "amount": 10.0, "displaces": None},
            {"kind": "co_product", "amount": 5.0, "displaces": None}]
    assert not allocation.may_expand(outs, "mass")
    assert allocation.may_expand(outs, "expansion")  # every co-product, by the method
    outs[1]["displaces"] = "toy.heat"
    assert allocation.may_expand(outs, "mass")
    outs[1]["amount"] = 0  # a co-product of amount 0 is left out
    assert not allocation.may_expand(outs, "economic")
    # a refinery by subdivision: the same shares with or without the outputs' fields; P1 = 100 t
    # alumina, P2 = 20 t hydroxide, P1.0 = 100 x 2 x 78.003 / 101.961 = 153.006 t:
    # alumina's share of E_r = 153.006 / 173.006 = 0.884397, of E_c (calcination) 1
    u = UnitProcess.model_validate({"id": "alumina_refining", "outputs": [
        {"flow": "alumina", "amount": 100.0, "unit": "t"},
        {"flow": "aluminium_hydroxide", "amount": 20.0, "unit": "t", "kind": "co_product"}]})
    fields = [o.__dict__ for o in u.outputs]
    fast, _n = allocation.shares(u, "subdivision", u.products(), fields)
    slow, _n = allocation.shares(u, "subdivision")
    for sub in (None, "calcination"):
        assert {f: g(sub) for f, g in fast.items()} == {f: g(sub) for f, g in slow.items()}
    assert fast["alumina"](None) == pytest.approx(0.884397, rel=1e-6)
    assert fast["alumina"]("calcination") == 1.0
    # steam in GJ displacing heat: expanded, so the outputs' fields lead to expanded() too
    u2 = UnitProcess.model_validate({"id": "electrolysis", "outputs": [
        {"flow": "liquid_aluminium", "amount": 10.0, "unit": "t"},
        {**steam, "displaces": "toy.heat"}]})
    fast, _n = allocation.shares(u2, "mass", u2.products(), [o.__dict__ for o in u2.outputs])
    assert fast["steam"]("expanded:steam") == 1.0 and fast["liquid_aluminium"](None) == 1.0


def test_demand_matrix_one_t_of_each_declared_product_in_its_unit():
    from alcarbon.engine.system import demand_matrix
    from alcarbon.errors import InputError

    refinery = {"id": "alumina_refining", "outputs": [
        {"flow": "alumina", "amount": 5000.0, "unit": "kg"}]}
    system = build(_study([refinery, _casting([])]), load_library())
    F = demand_matrix(system, ["aluminium_ingot", "alumina"])
    # row 0 alumina in kg: 1 t = 1,000 kg; row 1 aluminium_ingot in t: 1 t
    assert F.tolist() == [[0.0, 1000.0], [1.0, 0.0]]
    with pytest.raises(InputError, match="declared product 'bauxite' is made by no unit"):
        demand_matrix(system, ["aluminium_ingot", "bauxite"])
