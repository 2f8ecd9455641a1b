"""Per-fuel split of a target sector's direct and embodied CO2, and the CEADs fuel table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alcarbon.factors import load_library
from alcarbon.mrio import Prepared
from alcarbon.mrio.core.fuels import PROCESS, ceads_fuel_satellites, fuel_split
from alcarbon.mrio.core.satellite import ef_from_ncv
from alcarbon.mrio.io.ceads import load_ceads_layout, read_ceads
from alcarbon.mrio.io.ceads_bridge import ceads_satellite, read_ceads_concordance
from alcarbon.mrio.io.synth_ceads import synthetic_ceads, write_ceads_xlsx
from alcarbon.mrio.io.synth_china import synthetic_china_table
from alcarbon.mrio.outputs.labels import CEADS_FUEL_IDS, CEADS_FUELS, CEADS_SECTORS


def test_every_ceads_fuel_has_a_sourced_factor():
    lib = load_library()
    assert set(CEADS_FUEL_IDS) == set(CEADS_FUELS)
    for label, fid in CEADS_FUEL_IDS.items():
        fp = lib.fuel(fid, "ceads")
        assert fp.source.document.strip() and fp.source.issuer.strip(), label
    # raw coal (NDRC 2007 coal default): 19.214 GJ/t x 0.02728 tC/GJ x 0.923 x 44/12
    #   = 0.52415792 x 0.923 = 0.48379776 tC/t -> x 3.6666667 = 1.77392512 t CO2/t
    raw = lib.fuel("raw_coal", "ceads")
    assert ef_from_ncv(raw.ncv, raw.carbon_content, raw.oxidation) == pytest.approx(
        1.77392512, rel=1e-8)
    # other petroleum products (IPCC 2006): 40.2 x 0.020 x 1 x 44/12 = 2.948 t CO2/t
    opp = lib.fuel("other_petroleum_products", "ceads")
    assert ef_from_ncv(opp.ncv, opp.carbon_content, opp.oxidation) == pytest.approx(2.948)


def test_fuel_split_by_hand(hand4):
    """hand4 (tests/mrio/conftest.py) with its F = (10, 20, 5, 40) split into coal
    (10, 15, 5, 30) and gas (0, 5, 0, 10); target sector "ind" (nodes 2 and 4).

    direct: N coal 15, gas 5; S coal 30, gas 10.
    L y_(J,N): y = (0, 70, 0, 0) -> (0.2 x 70, 70, 0, 0) = (14, 70, 0, 0)
    L y_(J,S): y = (0, 0, 0, 200) -> (0.2 x 0.15 x 200, 0.15 x 200, 0.05 x 200, 200)
                                   = (6, 30, 10, 200)
    s_coal = (0.1, 0.15, 0.1, 0.15), s_gas = (0, 0.05, 0, 0.05)
    embodied N: coal 0.1 x 14 + 0.15 x 70 = 11.9; gas 0.05 x 70 = 3.5    (sum 15.4)
    embodied S: coal 0.6 + 4.5 + 1.0 + 30 = 36.1; gas 1.5 + 10 = 11.5   (sum 47.6)
    totals: coal direct 45, embodied 48.0; gas direct 15, embodied 15.0; coal share 48/63.
    """
    p = Prepared(*hand4)
    fuels = {"coal": np.array([10.0, 15.0, 5.0, 30.0]), "gas": np.array([0.0, 5.0, 0.0, 10.0])}
    total, long = fuel_split(p, fuels, "ind")
    assert long.loc[("N", "coal"), "direct"] == pytest.approx(15.0)
    assert long.loc[("S", "gas"), "direct"] == pytest.approx(10.0)
    assert long.loc[("N", "coal"), "embodied"] == pytest.approx(11.9)
    assert long.loc[("N", "gas"), "embodied"] == pytest.approx(3.5)
    assert long.loc[("S", "coal"), "embodied"] == pytest.approx(36.1)
    assert long.loc[("S", "gas"), "embodied"] == pytest.approx(11.5)
    assert total.loc["coal", "direct"] == pytest.approx(45.0)
    assert total.loc["coal", "embodied"] == pytest.approx(48.0)
    assert total.loc["coal", "embodied_share"] == pytest.approx(48 / 63)
    assert list(total.index) == ["coal", "gas"]  # largest embodied first


def test_fuel_split_refuses_fuels_that_do_not_add_up(hand4):
    from alcarbon.errors import InputError

    p = Prepared(*hand4)
    with pytest.raises(InputError, match="do not add up"):
        fuel_split(p, {"coal": np.array([10.0, 15.0, 5.0, 30.0])}, "ind")


def test_ceads_fuel_satellites_add_up(tmp_path):
    inv = synthetic_ceads(3, seed=4)
    path = write_ceads_xlsx(inv, tmp_path / "ceads_synthetic.xlsx")
    lines = ["from,to,weight"] + [f'"{s}",{"02" if k == 1 else "01"},'
                                  for k, s in enumerate(CEADS_SECTORS[:45])]
    conc = tmp_path / "c.csv"
    conc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, _ = synthetic_china_table(3, 42, seed=7)
    # the default layout reads every fuel (fuel table "ceads"): nothing is missing
    whole = ceads_satellite(table, read_ceads(path, load_ceads_layout()),
                            read_ceads_concordance(conc))
    per = ceads_fuel_satellites(table, path, conc)
    assert "Raw Coal" in per and PROCESS in per
    assert np.allclose(sum(per.values()), whole.F, rtol=1e-12, atol=0)
    # raw coal of 北京's coal-mining sector (node 1): amount in 10^4 t x 1.77392512 t/t
    amount = inv["Beijing"].loc["Coal Mining and Dressing", "Raw Coal"]
    assert per["Raw Coal"][1] == pytest.approx(amount * 1e4 * 1.77392512 * 1e-6, rel=1e-8)
    total, _ = fuel_split(Prepared(table, whole), per, table.sectors[1])
    assert total["direct"].sum() == pytest.approx(whole.F[[1, 43, 85]].sum(), rel=1e-12)
    assert isinstance(total, pd.DataFrame)


def test_cli_run_writes_the_fuel_split(tmp_path):
    """Beijing only, coal mining (CEADs -> table sector 02) burns Cleaned Coal 2 (10^4 t) and
    Natural Gas 0.5 (10^8 Nm3).  Fuel table "ceads" repeats generic_guideline_calc there:
      washed coal 20,000 t x 26.344 x 0.0254 x 0.93 x 44/12 = 45,635.18432 t
      natural gas 5,000 (10^4 Nm3) x 389.31 x 0.0153 x 0.99 x 44/12 = 108,109.4405 t
    so the direct CO2 of target 02 by fuel is 0.04563518432 and 0.1081094405 Mt."""
    from typer.testing import CliRunner

    from alcarbon.cli.main import app
    from alcarbon.mrio.io.synth_china import write_china_xlsx

    coal = "Coal Mining and Dressing"
    bj = synthetic_ceads(1, seed=4)["Beijing"] * 0.0
    bj.loc[coal, ["Cleaned Coal", "Natural Gas"]] = [2.0, 0.5]
    inv = write_ceads_xlsx({"Beijing": bj}, tmp_path / "bj_synthetic.xlsx")
    table, sat = synthetic_china_table(3, 42, seed=7)
    mrio = write_china_xlsx(table, sat, tmp_path / "mrio_synthetic.xlsx")
    lines = ["from,to,weight"] + [f'"{s}",{"02" if s == coal else "01"},'
                                  for s in CEADS_SECTORS[:45]]
    conc = tmp_path / "c.csv"
    conc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["mrio", "run", str(mrio), "--ceads", str(inv), "--concordance",
                                 str(conc), "-s", "02", "-o", str(out), "--labels", "y"])
    assert r.exit_code == 0, r.output
    split = pd.read_csv(out / "y_target_fuel_split.csv", index_col="fuel")
    assert split.loc["Cleaned Coal", "direct"] == pytest.approx(0.04563518432, rel=1e-9)
    assert split.loc["Natural Gas", "direct"] == pytest.approx(0.1081094405, rel=1e-9)
    assert split.loc["Raw Coal", "direct"] == 0.0
    assert (out / "y_fuel_split.png").exists() and (out / "y_flow_map.png").exists()


def test_ceads_fuel_satellites_co2_inventory(tmp_path):
    """A published-style inventory (fuel columns already CO2, Mt): Beijing coal mining has
    Raw Coal 1.5 and Coke 0.25 Mt, so the fuel satellites of node 1 are 1.5 and 0.25 Mt and
    every other fuel is zero there."""
    coal = "Coal Mining and Dressing"
    inv = synthetic_ceads(2, seed=1)
    inv["Beijing"].loc[coal] = 0.0
    inv["Beijing"].loc[coal, ["Raw Coal", "Coke"]] = [1.5, 0.25]
    path = write_ceads_xlsx(inv, tmp_path / "co2_synthetic.xlsx", values="co2")
    lines = ["from,to,weight"] + [f'"{s}",{"02" if s == coal else "01"},'
                                  for s in CEADS_SECTORS[:45]]
    conc = tmp_path / "c.csv"
    conc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, _ = synthetic_china_table(3, 42, seed=7)
    lay = tmp_path / "l.json"
    lay.write_text('{"values": "co2"}', encoding="utf-8")
    per = ceads_fuel_satellites(table, path, conc, lay)
    assert per["Raw Coal"][1] == pytest.approx(1.5)
    assert per["Coke"][1] == pytest.approx(0.25)
    assert sum(v[1] for k, v in per.items() if k not in ("Raw Coal", "Coke")) == 0.0
    whole = ceads_satellite(table, read_ceads(path, load_ceads_layout(lay)),
                            read_ceads_concordance(conc))
    assert np.allclose(sum(per.values()), whole.F, rtol=1e-12, atol=0)
