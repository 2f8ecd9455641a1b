"""Parameter and electricity values over the grid, from the rules in chain/resolve.py's docstring
(precedence, processing rows, units within a parameter) and chain/electricity.py's (factor-library
ids in a *_factor cell), and the text-column setting of chain/frames.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alcarbon.chain.frames import python_strings
from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute
from alcarbon.chain.resolve import Grid, ParameterRows, parameter_arrays
from alcarbon.errors import BasisError, InputError

from .conftest import two_by_two, write_tables

COLS = ["province", "year", "stage", "parameter", "value", "unit", "source", "where"]


def _params(rows: list[list]) -> pd.DataFrame:
    return pd.DataFrame([[*r, "test", f"parameters.csv, row {i + 2}"] for i, r in enumerate(rows)],
                         columns=COLS)


GRID = Grid(["a", "b"], [2021, 2022])  # rows: a2021, a2022, b2021, b2022


@pytest.mark.parametrize("as_rows", [False, True])
def test_most_specific_row_wins_in_any_order(as_rows):
    # national & all years 100 < national & 2022 200 < province a & all years 300
    # < province a & 2022 400, the rows written most specific first:
    # a2021 = 300 (a, all years), a2022 = 400, b2021 = 100 (national), b2022 = 200
    p = _params([["a", 2022, "electrolysis", "electricity", 400.0, "kWh/t"],
                 ["a", -1, "electrolysis", "electricity", 300.0, "kWh/t"],
                 ["", 2022, "electrolysis", "electricity", 200.0, "kWh/t"],
                 ["", -1, "electrolysis", "electricity", 100.0, "kWh/t"]])
    out = parameter_arrays(GRID, ParameterRows(p) if as_rows else p, "electrolysis")
    values, unit = out["electricity"]
    assert unit == "kWh/t"
    assert values.tolist() == [300.0, 400.0, 100.0, 200.0]
    assert parameter_arrays(GRID, p, "alumina_refining") == {}


def test_processing_rows_apply_to_every_product_and_exact_rows_win():
    # "processing" 10 t/t everywhere; "processing:foil" 20 for province a only
    p = _params([["", -1, "processing", "fuel.natural_gas", 10.0, "Nm3/t"],
                 ["a", -1, "processing:foil", "fuel.natural_gas", 20.0, "Nm3/t"]])
    rows = ParameterRows(p)
    foil = parameter_arrays(GRID, rows, "processing:foil")["fuel.natural_gas"][0]
    tube = parameter_arrays(GRID, rows, "processing:tube")["fuel.natural_gas"][0]
    assert foil.tolist() == [20.0, 20.0, 10.0, 10.0]
    assert tube.tolist() == [10.0] * 4
    assert parameter_arrays(GRID, rows, "electrolysis") == {}


def test_units_within_a_parameter_follow_its_first_row():
    # first row 0.5 t/t (national); a's row 400 kg/t = 0.4 t/t; NaN where no row covers b
    p = _params([["", 2021, "anode_production", "material.pitch", 0.5, "t/t"],
                 ["a", -1, "anode_production", "material.pitch", 400.0, "kg/t"]])
    values, unit = parameter_arrays(GRID, p, "anode_production")["material.pitch"]
    assert unit == "t/t"
    assert values[:3].tolist() == pytest.approx([0.4, 0.4, 0.5], rel=1e-15)
    assert np.isnan(values[3])


def test_unconvertible_unit_names_its_row():
    p = _params([["", -1, "anode_production", "material.pitch", 0.5, "t/t"],
                 ["a", -1, "anode_production", "material.pitch", 400.0, "kWh/t"]])
    with pytest.raises(InputError, match="row 3"):
        parameter_arrays(GRID, p, "anode_production")


def _electricity_ids(tmp_path, cell: str):
    t = two_by_two()
    # Shandong's grid factor given as a library id in both of its rows
    t["electricity"][1][3] = t["electricity"][2][3] = cell
    return compute(read_chain_data(write_tables(tmp_path / "d", t)))


def test_library_id_in_grid_factor_cells(tmp_path):
    # elec.grid_co2.cn.2022: 0.5366 kg CO2/kWh (factor library, MEE national grid 2022).
    # Shandong alumina refining 2021: 800,000 t x 200 kWh/t x 0.5366 kg/kWh / 1000
    # = 85,856 t CO2; the same for 2022 (the id, not the year, sets the factor)
    res = _electricity_ids(tmp_path, "elec.grid_co2.cn.2022")
    e = res.emissions
    sel = e[(e["province"] == "shandong") & (e["stage"] == "alumina_refining")
            & (e["flow"] == "electricity")]
    assert sorted(sel["t"].tolist()) == pytest.approx([85_856.0, 85_856.0], rel=1e-12)
    assert res.electricity.sources["grid_factor"].tolist().count(pytest.approx(0.5366)) == 2


def test_library_id_of_another_basis_refused(tmp_path):
    from alcarbon.factors import load_library

    life = next(f.id for f in load_library().factors
                if f.per == "kWh" and f.basis == "life_cycle")
    with pytest.raises(BasisError, match=life.replace(".", r"\.")) as exc:
        _electricity_ids(tmp_path, life)
    assert "row 3, column grid_factor" in str(exc.value)  # the first Shandong row


def test_unknown_library_id_names_its_cell(tmp_path):
    with pytest.raises(InputError) as exc:
        _electricity_ids(tmp_path, "elec.no_such.factor")
    assert "row 3, column grid_factor" in str(exc.value)


def test_python_strings_restores_the_setting():
    before = pd.get_option("mode.string_storage")
    with pytest.raises(RuntimeError):
        with python_strings():
            assert pd.Series(["x"]).array.__class__.__name__ == "StringArray"
            raise RuntimeError
    assert pd.get_option("mode.string_storage") == before


def test_tables_the_same_whichever_text_storage(tmp_path):
    """Every table of the demo, written as CSV, is the same text with Arrow-held and with
    Python-held strings (the storage is how text is held, never a value)."""
    pytest.importorskip("pyarrow")
    from alcarbon.chain.demo import write_demo
    from alcarbon.chain.outputs import _analyse

    write_demo(tmp_path / "demo")
    demo = tmp_path / "demo"
    texts = []
    for storage in ("pyarrow", "python"):
        with pd.option_context("mode.string_storage", storage):
            res = compute(read_chain_data(demo))
            assert res.emissions["stage"].array.__class__.__name__ == (
                "ArrowStringArray" if storage == "pyarrow" else "StringArray")
            an = _analyse(res, None, None, None)
            texts.append({k: df.to_csv(index=False) for k, df in an.tables.items()})
    assert texts[0].keys() == texts[1].keys() and len(texts[0]) >= 11
    for name in texts[0]:
        assert texts[0][name] == texts[1][name], name
