"""Readers: China MRIO layout (on files the synthetic generator writes), long CSV."""

import json

import numpy as np
import pytest
from openpyxl import load_workbook

from alcarbon.errors import InputError
from alcarbon.mrio import (
    EXPORT,
    OTHERS,
    load_layout,
    read_china_mrio,
    read_long_csv,
    synthetic_china_table,
    write_china_xlsx,
    write_long_csv,
)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    table, sat = synthetic_china_table(3, 4, seed=5)
    path = tmp_path_factory.mktemp("x") / "mrio_synthetic_3x4.xlsx"
    write_china_xlsx(table, sat, path)
    return table, sat, path


def test_round_trip(small):
    table, sat, path = small
    got, gsat = read_china_mrio(path)
    assert got.regions == ("北京", "天津", "河北")
    assert got.sectors[1] == "煤炭采选产品"
    assert got.meta["sector_codes"]["煤炭采选产品"] == "02"  # written as the number 2
    # 3 regions x 5 categories + EX + ERR
    assert got.Y.shape == (12, 17)
    assert got.fd_regions[-2:] == (EXPORT, OTHERS)
    np.testing.assert_allclose(got.Z, table.Z, rtol=1e-12)
    np.testing.assert_allclose(got.Y, table.Y, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(got.x, table.x, rtol=1e-12)
    np.testing.assert_allclose(gsat.F, sat.F, rtol=1e-12)
    assert got.va_labels == ("IM", "VA001", "VA002", "VA003", "VA004")
    assert got.meta["checks"]["ok"].all()
    assert len(got.meta["sha256"]) == 64
    wb = load_workbook(path, read_only=True)
    assert "SYNTHETIC" in wb["Note"]["A1"].value
    wb.close()


def test_layout_variant_without_code_change(small, tmp_path):
    table, sat, _ = small
    path = tmp_path / "variant_synthetic.xlsx"
    write_china_xlsx(table, sat, path, sheet="Table_2017_consistent")
    # a variant: two extra title rows above the header, another sheet name
    wb = load_workbook(path)
    ws = wb["Table_2017_consistent"]
    ws.insert_rows(1, amount=2)
    ws["A1"] = "extra title line"
    wb.save(path)
    lay_file = tmp_path / "layout.json"
    lay_file.write_text(json.dumps({"sheet": "Table_2017_consistent"}), encoding="utf-8")
    got, _ = read_china_mrio(path, load_layout(lay_file))
    np.testing.assert_allclose(got.Z, table.Z, rtol=1e-12)


def test_bad_layout_field(tmp_path):
    f = tmp_path / "l.json"
    f.write_text('{"sheetname": "x"}', encoding="utf-8")
    with pytest.raises(InputError, match="unknown layout field"):
        load_layout(f)


def test_missing_sheet_and_broken_order(small, tmp_path):
    table, sat, path = small
    from alcarbon.mrio import Layout

    with pytest.raises(InputError, match="no sheet 'Nope'"):
        read_china_mrio(path, Layout(sheet="Nope"))
    wb = load_workbook(path)
    ws = wb["Table_synthetic"]
    ws["C11"] = 9  # data start at Excel row 5; row 11 = 天津 sector 03 -> 09
    broken = tmp_path / "broken_synthetic.xlsx"
    wb.save(broken)
    with pytest.raises(InputError, match="row 11"):
        read_china_mrio(broken)


def test_long_csv_round_trip(small, tmp_path):
    table, sat, _ = small
    f = write_long_csv(table, sat, tmp_path / "t_synthetic.csv", note="SYNTHETIC")
    got, gsat = read_long_csv(f)
    assert got.regions == table.regions and got.sectors == table.sectors
    np.testing.assert_allclose(got.Z, table.Z)
    np.testing.assert_allclose(got.Y, table.Y)
    np.testing.assert_allclose(gsat.F, sat.F)
    assert gsat.unit == "Mt"


def test_long_csv_hand(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("matrix,row_region,row_sector,col_region,col_item,value\n"
                 "Z,A,s,B,s,2\nY,A,s,A,hh,3\nY,B,s,B,hh,5\nF,A,s,,,1\n", encoding="utf-8")
    t, s = read_long_csv(f)
    # x = Z1 + Y1: A/s = 2 + 3 = 5, B/s = 0 + 5 = 5
    assert t.output().tolist() == [5.0, 5.0]
    bad = tmp_path / "bad.csv"
    bad.write_text("matrix,row_region,row_sector,col_region,col_item,value\nQ,A,s,,,1\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        read_long_csv(bad)
