"""Table E.2 stage of a unit process and of purchased-input lines (GB/T 44905 5.3.2, 5.3.3),
and whether a unit is an energy industry (the IPCC table of its fuels' CH4 and N2O).

Readings (docs/methods.md, "Stages of purchased inputs"):
- transport of the raw materials a unit clause names in its item a) is part of that unit
  (5.3.3.2 a bauxite concentrate, 5.3.3.3 a petroleum coke, pitch and other anode raw
  materials, 5.3.3.4 a alumina and prebaked anodes, 5.3.3.5 a liquid aluminium), purchased or
  not; transport of other auxiliary materials and fuels stays in the upstream stage (5.3.2 a, b);
- the cradle-to-gate footprint of a purchased product of a standard stage (bauxite, alumina,
  prebaked anodes, liquid aluminium) is reported in that production stage
  (``purchased_stage: production_stage``, default: 5.3.3.1-5.3.3.4 define those stages by what
  they make, and 5.3.2 gives the upstream stage to auxiliary materials and energy only) or in
  the upstream stage (``purchased_stage: upstream``).
"""

from __future__ import annotations

from typing import Any

from alcarbon.inventory.model import STANDARD_PRODUCTS, STANDARD_STAGES, UnitProcess
from alcarbon.units import is_energy

#: Catalogue flow ids whose transport into the unit belongs to the unit (5.3.3.x a).
TRANSPORT_IN_UNIT: dict[str, frozenset[str]] = {
    "alumina_refining": frozenset({"bauxite_concentrate", "purchased_bauxite"}),  # 5.3.3.2 a
    "anode_production": frozenset({"petroleum_coke", "calcined_coke", "coal_tar_pitch"}),  # 3 a
    "electrolysis": frozenset({"alumina", "prebaked_anode"}),  # 5.3.3.4 a
    "casting": frozenset({"liquid_aluminium"}),  # 5.3.3.5 a
}
#: Catalogue flow id of a purchased standard product -> the stage that makes it (5.3.3.1-4).
PRODUCTION_STAGE: dict[str, str] = {
    "bauxite_concentrate": "bauxite_mining",
    "purchased_bauxite": "bauxite_mining",
    "alumina": "alumina_refining",
    "prebaked_anode": "anode_production",
    "liquid_aluminium": "electrolysis",
}


def unit_stage(u: UnitProcess) -> str:
    """A standard unit id, else the stage of the standard product it makes (a unit
    'potline_1' making liquid_aluminium is electrolysis), else its own id (:func:`stage_of`)."""
    return stage_of(u.id, [o.flow for o in u.products()])


def stage_of(uid: str, made: list[str]) -> str:
    """:func:`unit_stage` of unit ``uid`` making the product flows ``made``."""
    if uid in STANDARD_STAGES:
        return uid
    for f in made:
        if f in STANDARD_PRODUCTS:
            return STANDARD_PRODUCTS[f]
    return uid


def energy_industry(outs: list[dict[str, Any]]) -> bool:
    """A unit whose reference product is energy (captive power plant, boiler house): its fuels
    take the IPCC 2006 Vol.2 Table 2.2 (energy industries) factors, others Table 2.3.
    ``outs``: the unit's outputs, each the model's ``__dict__`` (linectx's ``Context.outs``)."""
    for o in outs:  # a loop, not any(generator): no function object and frame per call
        if o["kind"] == "product" and (is_energy(o["unit"])
                                       or o["flow"] in ("electricity", "heat", "steam")):
            return True
    return False


def transport_in_unit(stage: str, flow_id: str) -> bool:
    """True when transport of ``flow_id`` into a unit of ``stage`` is part of that unit."""
    return flow_id in TRANSPORT_IN_UNIT.get(stage, ())


def purchased_stage(flow_id: str, setting: str) -> str | None:
    """Stage of a purchased input's cradle-to-gate footprint, None for the upstream stage."""
    return PRODUCTION_STAGE.get(flow_id) if setting == "production_stage" else None


_UPSTREAM_TEXT = {
    "energy_in_units": ("上游阶段含外购物料、燃料及其运输的上游排放,外购电力/热力计入消耗单元",
                        "upstream row: upstream of purchased materials, fuels and their "
                        "transport; purchased electricity/heat in the consuming unit"),
    "all_upstream": ("上游阶段含外购物料、燃料及其运输和外购电力/热力",
                     "upstream row: purchased materials, fuels, their transport and purchased "
                     "electricity/heat"),
    "none": ("所有排放留在各单元", "every emission stays in its unit"),
}
_PURCHASED_TEXT = {
    "production_stage": ("外购铝土矿/氧化铝/预焙阳极/铝液的供应商碳足迹计入其生产阶段(5.3.3)",
                         "supplier footprints of purchased bauxite/alumina/anodes/liquid metal "
                         "in their production stage (5.3.3)"),
    "upstream": ("外购铝土矿/氧化铝/预焙阳极/铝液的碳足迹计入上游阶段",
                 "footprints of purchased bauxite/alumina/anodes/liquid metal in the upstream "
                 "row"),
}
_TRANSPORT_TEXT = ("氧化铝、预焙阳极等原料运输计入消耗单元(5.3.3.2-5.3.3.5 a)",
                   "transport of alumina, anodes and other unit raw materials in the consuming "
                   "unit (5.3.3.2-5.3.3.5 a)")


def convention_text(upstream_convention: str, purchased: str, lang: str) -> str:
    """One sentence stating how Table E.2 assigns stages, in ``lang`` (zh or en)."""
    i = 0 if lang == "zh" else 1
    parts = [_UPSTREAM_TEXT[upstream_convention][i]]
    if upstream_convention != "none":
        parts += [_PURCHASED_TEXT[purchased][i], _TRANSPORT_TEXT[i]]
    return (";" if i == 0 else "; ").join(parts)
