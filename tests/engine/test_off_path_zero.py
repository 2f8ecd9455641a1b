"""A product's footprint holds only the units on its own supply chain (solve._zero_off_path).

The scale of a column not upstream of the demand is exactly 0 (its balance is homogeneous); the
LU solve leaves rounding noise there (about -1e-20 in the coal example), which used to show as
contribution rows of units off the chain: bauxite charged with alumina refining's caustic soda
at 7.7e-22 t CO2e, alumina's Table E.2 with -3.2e-19 t in anode production.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from alcarbon.engine import calculate, solve
from alcarbon.engine.system import build, demand_matrix
from alcarbon.factors import load_library
from alcarbon.inventory import load_study

COAL = Path(__file__).resolve().parents[2] / "examples" / "coal_captive_smelter.yaml"

# By hand, from the links of examples/coal_captive_smelter.yaml: bauxite_mining, alumina_refining
# and anode_production take captive electricity (captive_power) and purchased inputs only;
# alumina_refining takes bauxite; electrolysis takes alumina and anodes; casting liquid metal.
# With the consumer attribution the captive plant reports inside the unit using its power.
CHAIN = {
    "bauxite": {"bauxite_mining"},
    "alumina": {"bauxite_mining", "alumina_refining"},
    "prebaked_anode": {"anode_production"},
    "liquid_aluminium": {"bauxite_mining", "alumina_refining", "anode_production",
                         "electrolysis"},
    "aluminium_ingot": {"bauxite_mining", "alumina_refining", "anode_production",
                        "electrolysis", "casting"},
}
#: The example's five standard units, each named as its Table E.2 stage.
STANDARD = ("bauxite_mining", "alumina_refining", "anode_production", "electrolysis", "casting")


@pytest.mark.parametrize("attribution", ["consumer", "own_stage"])
def test_rows_and_stages_are_those_of_the_products_own_chain(attribution):
    study = load_study(COAL).model_copy(update={"captive_attribution": attribution})
    res = calculate(study)
    for product, units in CHAIN.items():
        pr = res.products[product]
        # own_stage: the captive plant reports itself, and it is on every chain here
        allowed = units | ({"captive_power"} if attribution == "own_stage" else set())
        for cube in (pr.cube, pr.cube_location):
            rows = list(cube.rows())
            assert rows and {c.unit for c in rows} <= allowed, product
            assert all(c.t_co2e != 0.0 for c in rows)
        # Table E.2: a production stage off the chain has no row at all (not -3.2e-19)
        off = {u for u in STANDARD if u not in units}
        assert not off & set(pr.by("stage")), product


def test_off_chain_scales_are_exact_zeros_on_both_paths(monkeypatch):
    """The scale matrix: the solve's own scales on the chain, 0.0 off it; the numpy path for
    large systems gives the same array to the last bit."""
    study = load_study(COAL)
    lib = load_library()
    system = build(study, lib.with_overrides(study.factors))
    F = demand_matrix(system, study.declared_products)
    raw = solve._lu_solve(system, F)
    assert (raw < 0).any()  # the LU noise this removes is there
    S = solve.scaling(system, F)
    cols = [u for u, _p in system.columns]
    for d, product in enumerate(study.declared_products):
        for j, unit in enumerate(cols):
            # every unit here runs on captive power: the plant is on each chain
            if unit in CHAIN[product] or unit == "captive_power":
                continue
            assert S[j, d] == 0.0 and not np.signbit(S[j, d]), (product, unit)
    on = S != 0.0
    assert (S[on] == raw[on]).all()  # the chain's scales untouched
    big = build(study, lib.with_overrides(study.factors))
    monkeypatch.setattr(solve, "SMALL_TRIPLETS", -1)
    assert solve.scaling(big, F).tobytes() == S.tobytes()

