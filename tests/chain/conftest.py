"""Shared helpers: write a small chain data set as CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from alcarbon.chain import schema


def write_tables(folder: Path, tables: dict[str, list[list]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(schema.TABLES[name])
            w.writerows(rows)
    return folder


def two_by_two() -> dict[str, list[list]]:
    """Two provinces x two years; see test_model.py for the hand calculation."""
    e = ["", ""]  # hydro and other columns blank
    return {
        "production": [
            ["云南", 2021, "primary_aluminium", 100000, "t", "test"],
            ["云南", 2022, "primary_aluminium", 200000, "t", "test"],
            ["Shandong", 2021, "primary_aluminium", 300000, "t", "test"],
            ["shandong", 2022, "primary_aluminium", 30, "万吨", "test"],
            ["山东省", 2021, "alumina", 800000, "t", "test"],
            ["山东", 2022, "alumina", 800000, "t", "test"],
        ],
        "parameters": [
            ["", "", "electrolysis", "electricity", 13000, "kWh/t", "test"],
            ["", "", "electrolysis", "net_anode_consumption", 400, "kg/t", "test"],
            ["", "", "electrolysis", "anode_effect_minutes", 0.1, "", "test"],
            ["", "", "electrolysis", "alumina_per_al", 2.0, "t/t", "test"],
            ["", "", "alumina_refining", "electricity", 200, "kWh/t", "test"],
            ["", "", "alumina_refining", "carbonate.CaCO3", 0.1, "t/t", "test"],
            ["", "", "alumina_refining", "bauxite_per_alumina", 2.5, "t/t", "test"],
        ],
        "electricity": [
            ["云南", "", "combustion_co2", 0.1, "", "", *e, *e, "test"],
            ["山东", 2021, "combustion_co2", 0.6, 0.5, 0.8, *e, *e, "test"],
            ["山东", 2022, "combustion_co2", 0.5, 0.5, 0.8, *e, *e, "test"],
        ],
    }


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return write_tables(tmp_path / "case", two_by_two())


@pytest.fixture
def tables() -> dict[str, list[list]]:
    return two_by_two()


@pytest.fixture
def write():
    return write_tables
