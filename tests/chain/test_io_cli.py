"""Bad input names file, row and column; CLI commands; figures; bundled demo."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.cli.main import app
from alcarbon.errors import BasisError, InputError

runner = CliRunner()


def test_bad_product_names_file_row_column(tmp_path, tables, write):
    t = tables
    t["production"][2][2] = "primary_aluminum"  # data row 3 = spreadsheet row 4
    d = write(tmp_path / "d", t)
    with pytest.raises(InputError) as exc:
        read_chain_data(d)
    msg = str(exc.value)
    assert "production.csv, row 4, column product" in msg and "primary_aluminium" in msg


def test_bad_number_and_unit(tmp_path, tables, write):
    t = tables
    t["parameters"][0][4] = "13k"
    with pytest.raises(InputError, match=r"parameters.csv, row 2, column value"):
        read_chain_data(write(tmp_path / "a", t))
    t["parameters"][0][4] = "13000"
    t["production"][0][4] = "furlong"
    with pytest.raises(InputError, match=r"production.csv, row 2, column unit"):
        read_chain_data(write(tmp_path / "b", t))


def test_missing_parameter_names_stage_and_says_no_default(tmp_path, tables, write):
    t = tables
    t["parameters"] = [r for r in t["parameters"] if r[3] != "anode_effect_minutes"]
    with pytest.raises(InputError) as exc:
        compute(read_chain_data(write(tmp_path / "d", t)))
    msg = str(exc.value)
    assert "anode_effect_minutes" in msg and "no packaged default" in msg


def test_mixed_bases_refused(tmp_path, tables, write):
    t = tables
    t["electricity"][0][2] = "life_cycle"
    with pytest.raises(BasisError):
        compute(read_chain_data(write(tmp_path / "d", t)))


def test_unpublished_grid_year_must_be_supplied(tmp_path, tables, write):
    t = tables
    t["production"] = [["云南", 2015, "primary_aluminium", 1000, "t", "x"]]
    t["electricity"][0][3] = ""  # blank: library has 2021-2023 only
    with pytest.raises(InputError, match=r"grid factor for 云南 2015.*supplied"):
        compute(read_chain_data(write(tmp_path / "d", t)))


def test_library_grid_factor_when_blank(tmp_path, tables, write):
    # Yunnan 2022 MEE provincial factor 0.1073 kg CO2/kWh (domain-data §1.3):
    # electricity of 100000 t Al: 100000 x 13000 kWh x 0.1073 kg = 139,490 t CO2.
    t = tables
    t["electricity"][0][3] = ""
    res = compute(read_chain_data(write(tmp_path / "d", t)))
    e = res.emissions
    sel = e[(e["province"] == "yunnan") & (e["year"] == 2021) & (e["flow"] == "electricity")]
    # 2021 Yunnan factor 0.1235 -> 100000 x 13000 x 0.1235 / 1000 = 160,550 t
    assert sel["t"].sum() == pytest.approx(160_550, rel=1e-12)


def test_cli_template_run_decompose(tmp_path, case, tables, write):
    r = runner.invoke(app, ["chain", "template", str(tmp_path / "tpl")])
    assert r.exit_code == 0 and (tmp_path / "tpl" / "parameters.csv").exists()
    out = tmp_path / "out"
    r = runner.invoke(app, ["chain", "run", str(case), "-o", str(out)])
    assert r.exit_code == 0, r.output
    for name in ("national_series.csv", "lmdi.csv", "chain_results.xlsx",
                 "figures/chain_map_intensity.png", "figures/chain_map_intensity.svg",
                 "figures/chain_lmdi_waterfall.svg", "figures/chain_stage_bars.png"):
        assert (out / name).stat().st_size > 0, name
    svg = (out / "figures" / "chain_map_intensity.svg").read_text("utf-8")
    assert "云南" in svg  # Chinese labels kept as text (svg.fonttype none)
    r = runner.invoke(app, ["chain", "decompose", str(case), "--from", "2021", "--to", "2022"])
    assert r.exit_code == 0 and "carbon_factor" in r.output


def test_cli_bad_input_exit_2(tmp_path, tables, write):
    r = runner.invoke(app, ["chain", "run", str(tmp_path / "nothing"), "-o", str(tmp_path / "o")])
    assert r.exit_code == 2
    assert not (tmp_path / "o").exists()


def test_bundled_demo_runs(tmp_path, tables, write):
    r = runner.invoke(app, ["chain", "template", str(tmp_path / "demo"), "--demo"])
    assert r.exit_code == 0
    files = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert all(n.startswith("demo_synthetic_") for n in files if n.endswith(".csv"))
    res = compute(read_chain_data(tmp_path / "demo"))
    # 26 provinces with capacity (PyPSA list less Tibet) + Shanghai, Tianjin (processing only)
    assert len(res.grid.provinces) == 28 and res.grid.years == list(range(2012, 2023))
    # Baking from green/baked 1.14 (Yang 2019) and the IPCC defaults, per t anode:
    # pitch (1.14 - 0.005 x 1.14 - 1) x 11/3 = 0.1343 x 11/3; packing coke 0.014325 x 11/3.
    e = res.emissions
    anode_t = res.production["anode_production"].sum()
    pv = e[e["flow"] == "pitch_volatiles"]["t"].sum()
    pc = e[e["flow"] == "packing_coke"]["t"].sum()
    assert pv / anode_t == pytest.approx(0.1343 * 11 / 3, rel=1e-9)
    assert pc / anode_t == pytest.approx(0.014325 * 11 / 3, rel=1e-9)
    assert res.production["casting"].sum() > 0 and (e["stage"] == "casting").any()


def test_template_examples_are_valid_rows(tmp_path):
    # Uncommenting every example row gives a readable data set: 2 production rows (one in 万吨:
    # 150 万吨 = 1,500,000 t ingot), 12 parameter rows, 1 electricity and 1 supply row.
    r = runner.invoke(app, ["chain", "template", str(tmp_path / "tpl")])
    assert r.exit_code == 0
    for f in (tmp_path / "tpl").glob("*.csv"):
        lines = f.read_text("utf-8").splitlines()
        f.write_text("\n".join(ln.removeprefix("# ") for ln in lines if "examples:" not in ln),
                     "utf-8")
    d = read_chain_data(tmp_path / "tpl")
    sizes = (len(d.production), len(d.parameters), len(d.electricity), len(d.supply))
    assert sizes == (2, 12, 1, 1)
    assert d.production["amount"].tolist() == [5_000_000, 1_500_000]


def test_cli_run_prints_the_national_headline(tmp_path, case):
    # From test_model.py's hand calculation (conftest.two_by_two, AR6):
    # 2021: (100000 x 2.858456387 + 300000 x 10.658456387 + 800000 x 0.163971185) t
    #       = 3,614,559.5 t CO2e = 3.61 Mt over 400,000 t Al = 9.036 t/t -> "9.04", "0.40 Mt Al"
    # 2022: 7.378810282 t/t x 500,000 t = 3,689,405 t = 3.69 Mt -> "7.38", "0.50 Mt Al";
    #       7.378810282 / 9.036398773 - 1 = -18.34 % -> "-18.3 %"
    r = runner.invoke(app, ["chain", "run", str(case), "-o", str(tmp_path / "o"),
                            "--no-figures"])
    assert r.exit_code == 0, r.output
    assert "  2021: 9.04 t CO2e/t, 3.61 Mt CO2e, 0.40 Mt Al\n" in r.output
    assert "  2022: 7.38 t CO2e/t, 3.69 Mt CO2e, 0.50 Mt Al (intensity -18.3 %)\n" in r.output
    assert "SYNTHETIC" not in r.output  # the rows' source is "test"


def test_cli_run_of_the_demo_says_synthetic(tmp_path):
    assert runner.invoke(app, ["chain", "template", str(tmp_path / "d"), "--demo"]).exit_code == 0
    r = runner.invoke(app, ["chain", "run", str(tmp_path / "d"), "-o", str(tmp_path / "o"),
                            "--no-figures"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[1].startswith("  2012: ") and lines[2].startswith("  2022: ")
    assert "the data contain SYNTHETIC rows" in r.output


def test_headline_of_a_year_without_primary_output():
    from types import SimpleNamespace

    import pandas as pd

    from alcarbon.cli.chain_cmd import headline

    nat = pd.DataFrame({"year": [2021, 2020], "upstream": [2.5e6, 1.0e6],
                        "output_primary_aluminium_t": [5e5, 0.0],
                        "intensity_t_per_t_al": [5.0, float("nan")]})
    empty = pd.DataFrame()
    an = SimpleNamespace(tables={"national_series": nat}, result=SimpleNamespace(
        data=SimpleNamespace(production=empty, parameters=empty, electricity=empty,
                             supply=empty)))
    # sorted by year; no change is printed without a first-year intensity
    assert headline(an)[1:] == ["  2020: no primary output, 1.00 Mt CO2e, 0.00 Mt Al",
                                "  2021: 5.00 t CO2e/t, 2.50 Mt CO2e, 0.50 Mt Al"]
