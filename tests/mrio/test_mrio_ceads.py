"""CEADs inventory reader and bridge, on SYNTHETIC inventories written by the seeded generator
in the CEADs layout; hand-computed values use the factor-library fuel data quoted below."""

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.errors import InputError, MissingFactorError
from alcarbon.factors import load_library
from alcarbon.mrio import synthetic_china_table, write_china_xlsx
from alcarbon.mrio.io.ceads import load_ceads_layout, read_ceads
from alcarbon.mrio.io.ceads_bridge import ceads_satellite, read_ceads_concordance
from alcarbon.mrio.io.synth_ceads import synthetic_ceads, write_ceads_xlsx
from alcarbon.mrio.outputs.labels import CEADS_SECTORS

COAL = "Coal Mining and Dressing"
TRADE = "Wholesale, Retail Trade and Catering Services"
# the test's own choice of fuel table and of factors for three fuels (the default table "ceads"
# names all 17 CEADs fuels: tests/mrio/test_mrio_fuels.py)
LAYOUT = {"factor_table": "generic_guideline_calc",
          "fuel_ids": {"Raw Coal": "bituminous_coal", "Other Coking Products": "coal_tar",
                       "Other Petroleum Products": "petroleum_coke"}}

# Factor-library data (fuel table generic_guideline_calc) and EF = NCV x CC x O x 44/12:
#   washed_coal 26.344 GJ/t x 0.0254 tC/GJ = 0.6691376; x 0.93 = 0.622297968;
#               x 44/12 = 2.281759216 t CO2/t
#   natural_gas 389.31 GJ/10^4Nm3 x 0.0153 = 5.956443; x 0.99 = 5.89687857;
#               x 44/12 = 21.62188809 t CO2 per 10^4 Nm3
#   diesel      43.33 x 0.0202 = 0.875266; x 0.98 = 0.85776068; x 44/12 = 3.145122493 t/t
#   lpg         47.31 x 0.0172 = 0.813732; x 0.99 = 0.80559468; x 44/12 = 2.95384716 t/t
# Beijing, Coal Mining and Dressing: Cleaned Coal 2 (10^4 t) = 20,000 t -> 45,635.18432 t;
#   Natural Gas 0.5 (10^8 Nm3) = 5,000 (10^4 Nm3) -> 108,109.4405 t; sum 153,744.6248 t
BJ_COAL_T = 153744.6248
# Beijing, Others: Diesel Oil 1 (10^4 t) = 10,000 t -> 31,451.22493 t
BJ_OTHERS_T = 31451.22493
# Beijing, Urban: LPG 0.1 (10^4 t) = 1,000 t -> 2,953.84716 t
BJ_URBAN_T = 2953.84716


def _library_data_as_assumed():
    lib = load_library()
    got = {f: (lib.fuel(f, "generic_guideline_calc").ncv,
               lib.fuel(f, "generic_guideline_calc").carbon_content,
               lib.fuel(f, "generic_guideline_calc").oxidation)
           for f in ("washed_coal", "natural_gas", "diesel", "lpg")}
    assert got == {"washed_coal": (26.344, 0.0254, 0.93), "natural_gas": (389.31, 0.0153, 0.99),
                   "diesel": (43.33, 0.0202, 0.98), "lpg": (47.31, 0.0172, 0.99)}


def _inventory(n=3, seed=4):
    inv = synthetic_ceads(n, seed=seed)
    bj = inv["Beijing"]
    for row in (COAL, "Others", "Urban", "Rural"):
        bj.loc[row] = 0.0
    bj.loc[COAL, ["Cleaned Coal", "Natural Gas"]] = [2.0, 0.5]
    bj.loc["Others", "Diesel Oil"] = 1.0
    bj.loc["Urban", "LPG"] = 0.1
    return inv


def _concordance(path):
    # a test concordance, not a real one: every CEADs sector to 01, except coal mining -> 02,
    # trade split by gross output over 29 and 31, Others split 0.25/0.75 over 32 and 33
    lines = ["from,to,weight"]
    for s in CEADS_SECTORS[:45]:
        q = f'"{s}"'
        if s == COAL:
            lines.append(f"{q},02,")
        elif s == TRADE:
            lines += [f"{q},29,", f"{q},31,"]
        elif s == "Others":
            lines += [f"{q},32,0.25", f"{q},33,0.75"]
        else:
            lines.append(f"{q},01,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("ceads")
    inv = _inventory()
    energy = write_ceads_xlsx(inv, d / "ceads_synthetic.xlsx")
    table, sat = synthetic_china_table(3, 42, seed=7)
    mrio = write_china_xlsx(table, sat, d / "mrio_synthetic.xlsx")
    return {"dir": d, "inv": inv, "energy": energy, "mrio": mrio, "table": table,
            "conc": _concordance(d / "conc.csv")}


def test_energy_inventory_hand_values(files):
    _library_data_as_assumed()
    got = read_ceads(files["energy"], load_ceads_layout(**LAYOUT))
    assert got.sectors[("北京", COAL)] == pytest.approx(BJ_COAL_T, rel=1e-9)
    assert got.sectors[("北京", "Others")] == pytest.approx(BJ_OTHERS_T, rel=1e-9)
    assert got.households.loc["北京", "urban"] == pytest.approx(BJ_URBAN_T, rel=1e-9)
    assert got.households.loc["北京", "rural"] == 0.0
    assert len(got.sector_order) == 45 and got.meta["ignored_sheets"] == ["Note"]
    # Total Consumption row = column sums written by the generator
    assert (got.meta["checks"]["total_consumption_max_relative_gap"] < 1e-9).all()


def test_bridge_to_mrio_sectors(files):
    table = files["table"]
    inv = read_ceads(files["energy"], load_ceads_layout(**LAYOUT))
    sat = ceads_satellite(table, inv, read_ceads_concordance(files["conc"]))
    S = 42
    # 北京 is region 0: node k = sector code - 1; Mt = t x 1e-6
    assert sat.F[1] == pytest.approx(BJ_COAL_T * 1e-6, rel=1e-9)
    # Others: 0.25 and 0.75 of 31,451.22493 t = 7,862.806233 t and 23,588.4187 t
    assert sat.F[31] == pytest.approx(7862.806233e-6, rel=1e-9)
    assert sat.F[32] == pytest.approx(23588.41870e-6, rel=1e-9)
    # trade split by gross output of 29 and 31 in the same province (天津 = region 1)
    x = table.output()
    tj = inv.sectors[("天津", TRADE)] * 1e-6
    assert sat.F[S + 28] == pytest.approx(tj * x[S + 28] / (x[S + 28] + x[S + 30]))
    assert sat.F[S + 28] + sat.F[S + 30] == pytest.approx(tj)
    # households: 北京 Urban under (北京, FU102), the second FD column of 北京
    assert sat.F_Y[1] == pytest.approx(BJ_URBAN_T * 1e-6, rel=1e-9)
    assert sat.F_Y[0] == 0.0
    # every tonne of the inventory lands somewhere
    total = inv.sectors.sum() + inv.households.to_numpy().sum()
    assert sat.F.sum() + sat.F_Y.sum() == pytest.approx(total * 1e-6)
    assert sat.meta["missing_regions"] == []


def test_co2_inventory_and_missing_province(tmp_path):
    inv = synthetic_ceads(2, seed=1)  # Beijing, Tianjin: no 河北 sheet
    bj = inv["Beijing"]
    bj.loc[COAL] = 0.0
    bj.loc[COAL, ["Raw Coal", "Coke"]] = [1.5, 0.25]
    path = write_ceads_xlsx(inv, tmp_path / "co2_synthetic.xlsx", values="co2")
    got = read_ceads(path, load_ceads_layout(values="co2"))
    # 1.5 + 0.25 = 1.75 Mt = 1,750,000 t; no factors involved
    assert got.sectors[("北京", COAL)] == pytest.approx(1.75e6)
    assert (got.meta["checks"]["row_total_max_relative_gap"] < 1e-9).all()
    table, _ = synthetic_china_table(3, 42, seed=7)
    sat = ceads_satellite(table, got, read_ceads_concordance(_concordance(tmp_path / "c.csv")))
    assert sat.meta["missing_regions"] == ["河北"]
    assert np.all(sat.F[84:] == 0.0)


def test_errors(files, tmp_path):
    # a layout whose fuel_ids (a list replaces the defaults) leave CEADs fuels unmapped
    with pytest.raises(MissingFactorError, match="Raw Coal"):
        read_ceads(files["energy"], load_ceads_layout(fuel_ids=[["Cleaned Coal", "washed_coal"]]))
    inv = {k: v.astype(object) for k, v in _inventory(1).items()}
    inv["Beijing"].loc[COAL, "Coke"] = "n/a"
    bad = write_ceads_xlsx(inv, tmp_path / "bad_synthetic.xlsx")
    # header rows 1-3, Total Consumption row 4, sector 2 (coal mining) row 6; Coke column F
    with pytest.raises(InputError, match=r"sheet 'Beijing', row 6, column 6"):
        read_ceads(bad, load_ceads_layout(**LAYOUT))
    table = files["table"]
    inventory = read_ceads(files["energy"], load_ceads_layout(**LAYOUT))
    conc = read_ceads_concordance(files["conc"])
    with pytest.raises(InputError, match="not in the concordance"):
        ceads_satellite(table, inventory, conc[conc["from"] != COAL])
    c2 = tmp_path / "c2.csv"
    c2.write_text('from,to,weight\n"Others",32,0.5\n"Others",33,0.4\n', encoding="utf-8")
    with pytest.raises(InputError, match="sum to 0.9"):
        ceads_satellite(table, inventory, read_ceads_concordance(c2))
    c3 = tmp_path / "c3.csv"
    c3.write_text("from,to\nOthers,99\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c3.csv, line 2"):
        ceads_satellite(table, inventory, read_ceads_concordance(c3))
    with pytest.raises(InputError, match="unknown CEADs layout field"):
        load_ceads_layout(fuel="x")


def test_cli_run_with_ceads(files, tmp_path):
    lay = tmp_path / "ceads_layout.json"
    lay.write_text(json.dumps(LAYOUT), encoding="utf-8")
    # Beijing alone in its inventory (河北, 天津 missing), only the three cells of _inventory
    # non-zero: PBA_北京 = 153,744.6248 t (coal mining) + 31,451.22493 t (Others)
    #   + 2,953.84716 t (urban households) = 188,149.69689 t = 0.18814969689 Mt
    bj = files["inv"]["Beijing"] * 0.0
    bj.loc[COAL, ["Cleaned Coal", "Natural Gas"]] = [2.0, 0.5]
    bj.loc["Others", "Diesel Oil"] = 1.0
    bj.loc["Urban", "LPG"] = 0.1
    inv = write_ceads_xlsx({"Beijing": bj}, tmp_path / "bj_synthetic.xlsx")
    out = tmp_path / "out"
    runner = CliRunner()
    r = runner.invoke(app, ["mrio", "run", str(files["mrio"]), "--ceads", str(inv),
                            "--concordance", str(files["conc"]), "--ceads-layout", str(lay),
                            "-s", "02", "-o", str(out), "--no-figures", "--labels", "y"])
    assert r.exit_code == 0, r.output
    bal = pd.read_csv(out / "y_balance.csv", index_col=0)
    assert bal.loc["北京", "PBA"] == pytest.approx(0.18814969689, rel=1e-9)
    assert bal.loc["天津", "PBA"] == 0.0 and bal.loc["河北", "PBA"] == 0.0
    r = runner.invoke(app, ["mrio", "run", str(files["mrio"]), "--ceads", str(inv),
                            "-o", str(out), "--no-figures"])
    assert r.exit_code == 2 and "concordance" in r.output


def test_user_factors_override_library(files, tmp_path):
    from alcarbon.mrio.outputs.results import satellite_from_ceads

    lay = tmp_path / "l.json"
    lay.write_text(json.dumps(LAYOUT), encoding="utf-8")
    fac = tmp_path / "f.csv"
    fac.write_text("fuel,ef,unit,source\nCleaned Coal,3.0,t,test value\n", encoding="utf-8")
    sat = satellite_from_ceads(files["table"], files["energy"], files["conc"], lay, fac)
    # Beijing coal mining: 20,000 t x 3.0 = 60,000 t (user factor) + 108,109.4405 t (natural
    # gas, library) = 168,109.4405 t = 0.1681094405 Mt
    assert sat.F[1] == pytest.approx(0.1681094405, rel=1e-9)
