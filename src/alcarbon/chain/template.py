"""Write empty chain input tables (or the bundled demo) into a directory."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from alcarbon.chain import schema

_EXAMPLES = {
    "production": [["云南", 2022, "primary_aluminium", 5000000, "t", "NBS ..."],
                   ["云南", 2022, "aluminium_ingot", 150, "万吨", "..."]],
    "parameters": [
        ["", "", "electrolysis", "electricity", 13500, "kWh/t", "plant records / CNIA ..."],
        ["", "", "electrolysis", "net_anode_consumption", 0.41, "t/t", "..."],
        ["", "", "electrolysis", "anode_effect_minutes", 0.1, "", "..."],
        ["", "", "electrolysis", "alumina_per_al", 1.92, "t/t", "..."],
        ["", "", "alumina_refining", "bauxite_per_alumina", 2.4, "t/t", "..."],
        ["山东", 2022, "alumina_refining", "fuel.bituminous_coal", 0.35, "t/t", "..."],
        ["", "", "anode_production", "green_per_baked", 1.05, "t/t", "plant records ..."],
        ["", "", "anode_production", "riedhammer_share", 0.3, "", "..."],
        ["广西", 2022, "anode_production", "direct.CO2", 0.15, "t/t", "measured (overrides)"],
        ["", "", "casting", "electricity", 50, "kWh/t", "..."],
        ["", "", "casting", "fuel.natural_gas", 25, "Nm3/t", "..."],
        ["", "", "casting", "heat", 0.2, "GJ/t", "purchased steam; blank heat_factor = library"],
    ],
    "electricity": [["云南", 2022, "combustion_co2", "", 0, "", 0.8, 0, "", "",
                     "blank grid_factor = MEE factor from the library (2021-2023 only)"]],
    "supply": [["新疆", "", "alumina", "山东", 0.6, "..."]],
}


def _csv_bytes(cols: list[str], examples: list[list]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    buf.write("# examples: delete the leading '# ' of a line to use it\n")
    for row in examples:
        buf.write("# ")
        w.writerow(row)
    return buf.getvalue().encode("utf-8")


def write_template(folder: str | Path, *, demo: bool = False) -> list[Path]:
    """Empty tables with commented example rows, and the README; or the demo files.

    All files are prepared in memory, then written all or nothing (a failure leaves none)."""
    from alcarbon.atomic import atomic_write_many, make_dir

    out = Path(folder)
    data = resources.files("alcarbon").joinpath("data", "chain")
    files: dict[Path, bytes] = {}
    if demo:
        src = data.joinpath("demo_synthetic")
        for name in ("demo_synthetic_production.csv", "demo_synthetic_parameters.csv",
                     "demo_synthetic_electricity.csv", "README.md"):
            files[out / name] = src.joinpath(name).read_bytes()
    else:
        for name, cols in schema.TABLES.items():
            files[out / f"{name}.csv"] = _csv_bytes(cols, _EXAMPLES[name])
        files[out / "README.md"] = data.joinpath("TEMPLATE_README.md").read_bytes()
    make_dir(out)
    atomic_write_many(files)
    return list(files)
