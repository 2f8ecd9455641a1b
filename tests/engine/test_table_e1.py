"""Table E.1 (GB/T 44905 Appendix E, 10 d 2): one activity per row, one factor per gas, and
activity x factor (x GWP for a gas other than CO2e) = the row's emission on every row.

Issue 15 item 5: the anode-effect row used to show 2.0 t of metal per t (the CF4 and the C2F6
line items of one activity were summed); it is 1 t of metal per t with two factors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.engine import calculate
from alcarbon.inventory.io_yaml import read_text_study, study_from_data

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# IPCC AR6 WG1 Table 7.SM.7 GWP100 (alcarbon.gwp, the studies' default set)
GWP_CF4, GWP_C2F6 = 7380.0, 12400.0


@pytest.fixture(scope="module", params=["coal_captive_smelter", "hydro_smelter_yunnan"])
def example(request):
    study = read_text_study(EXAMPLES / f"{request.param}.yaml")
    return study, calculate(study)


def _identity(row: dict, gwp: dict[str, float]) -> float:
    """activity x sum over gases of (t gas per activity unit x GWP); CO2e carries GWP 1."""
    return row["activity"] * sum(f * gwp[g] for f, _u, g in row["factors"].values())


def test_every_e1_row_is_activity_times_factor(example):
    """Every row of every declared product: the factor is per the row's activity unit, the
    gases of a row are distinct, and activity x factor x GWP reproduces the emission; the rows
    add up to the CFP."""
    _study, res = example
    gwp = res.system.gwp
    assert gwp["CO2e"] == 1.0 and gwp["CO2"] == 1.0
    n = 0
    for p in res.products.values():
        rows = p.table_e1()
        for r in rows:
            gases = [g for _f, _u, g in r["factors"].values()]
            assert len(gases) == len(set(gases)), r
            for _f, unit, _g in r["factors"].values():
                assert unit.endswith("/" + r["activity_unit"]), r
            assert _identity(r, gwp) == pytest.approx(r["t_co2e"], rel=1e-9, abs=1e-15), r
            n += 1
        assert sum(r["t_co2e"] for r in rows) == pytest.approx(p.cfp, rel=1e-12)
    assert n > 40  # both examples have dozens of rows per product


def test_anode_effect_row_by_hand(example):
    """Per t ingot: the casting unit turns 500 000 t liquid aluminium into 500 000 t ingot
    (examples/*.yaml), so the electrolysis activity is 500000/500000 = 1.0 t metal per t ingot
    (read from the yaml below, not from the engine). Guideline factors 0.0701 kg CF4/t and
    0.00406 kg C2F6/t -> 7.01e-5 and 4.06e-6 t/t; emission
    1.0 x (7.01e-5 x 7380 + 4.06e-6 x 12400) = 0.517338 + 0.050344 = 0.567682 t CO2e."""
    study, res = example
    cast = study.unit("casting")
    metal = sum(i.amount for i in cast.inputs if i.flow == "liquid_aluminium")
    ingot = sum(o.amount for o in cast.outputs if o.flow == "aluminium_ingot")
    pfc = study.unit("electrolysis").process_emissions.anode_effect
    assert (pfc.method, pfc.ef_cf4_kg_per_t, pfc.ef_c2f6_kg_per_t) == ("guideline", 0.0701,
                                                                       0.00406)
    (row,) = [r for r in res.products["aluminium_ingot"].table_e1()
              if r["unit"] == "electrolysis" and r["flow"] == "anode_effect"]
    assert metal / ingot == 1.0
    assert row["activity"] == pytest.approx(metal / ingot, rel=1e-12)  # not 2.0
    assert row["activity_unit"] == "t"
    f = {g: v for v, _u, g in row["factors"].values()}
    assert f == pytest.approx({"CF4": 7.01e-5, "C2F6": 4.06e-6}, rel=1e-12)
    assert row["t_co2e"] == pytest.approx(0.567682, rel=1e-9)
    assert 1.0 * (7.01e-5 * GWP_CF4 + 4.06e-6 * GWP_C2F6) == pytest.approx(0.567682, rel=1e-12)


def test_anode_effect_slope_row_by_hand(toy):
    """Slope method (IPCC 2006 Vol.3 Eq. 4.25, CWPB defaults S 0.143, F 0.121), AEM 0.1:
    CF4 = 0.143 x 0.1 = 0.0143 kg/t = 1.43e-5 t/t, C2F6 = 0.121 x 0.0143 = 0.0017303 kg/t;
    activity 100 t metal / 100 t = 1 t/t (once, not once per gas);
    emission 1.43e-5 x 7380 + 1.7303e-6 x 12400 = 0.105534 + 0.02145572 = 0.12698972."""
    p = calculate(study_from_data(toy)).products["liquid_aluminium"]
    (row,) = [r for r in p.table_e1() if r["flow"] == "anode_effect"]
    assert row["activity"] == pytest.approx(1.0, rel=1e-12)
    f = {g: v for v, _u, g in row["factors"].values()}
    assert f == pytest.approx({"CF4": 1.43e-5, "C2F6": 1.7303e-6}, rel=1e-12)
    assert row["t_co2e"] == pytest.approx(0.12698972, rel=1e-9)



def test_report_e1_rows_carry_the_same_identity(example):
    """The report's Table E.1 (facts, rendered in zh/en/xlsx) is built from the same rows: the
    anode effect shows 1 t of metal per t ingot with its two factors, and every row's
    activity x factor x GWP gives its emission (values rounded to 8 significant figures)."""
    from alcarbon.report import api

    study, res = example
    facts = api.compute(study, result=res, analyses=False).facts
    gwp = res.system.gwp
    (row,) = [r for r in facts["table_e1"]
              if r["unit"] == "electrolysis" and r["flow"] == "anode_effect"]
    assert row["activity"] == 1.0 and {x["gas"] for x in row["factors"]} == {"CF4", "C2F6"}
    for r in facts["table_e1"]:
        calc = r["activity"] * sum(x["value"] * gwp[x["gas"]] for x in r["factors"])
        assert calc == pytest.approx(r["t_co2e"], rel=1e-6, abs=1e-6), r
