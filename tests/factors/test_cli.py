"""`alcarbon factors list|show` through typer's CliRunner."""

import json

import pytest
import typer
from typer.testing import CliRunner

from alcarbon.cli import factors_cmd


@pytest.fixture(scope="module")
def app():
    a = typer.Typer()

    @a.callback()
    def _root() -> None:
        """test root"""

    factors_cmd.register(a)
    return a


runner = CliRunner()


def test_list_table(app):
    res = runner.invoke(app, ["factors", "list", "--region", "云南", "--year", "2023"])
    assert res.exit_code == 0, res.output
    assert "elec.grid_co2.yunnan.2023" in res.output
    assert "0.1333" in res.output


def test_list_json_filters(app):
    res = runner.invoke(app, ["factors", "list", "--kind", "freight", "--search", "rail",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    ids = {r["id"] for r in rows}
    assert "freight.rail" in ids and all(i.startswith("freight.rail") for i in ids)


def test_list_csv(app):
    res = runner.invoke(app, ["factors", "list", "--kind", "heat", "--format", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("id,value,unit")
    assert lines[1].startswith("heat.mee_default,0.11,t/GJ,CO2,combustion_co2")


def test_show(app):
    res = runner.invoke(app, ["factors", "show", "elec.footprint.cn.2024"])
    assert res.exit_code == 0, res.output
    for text in ("0.5777 kg CO2e/kWh", "life_cycle", "国家能源局", "表1", "high"):
        assert text in res.output, text


def test_show_unknown_exits_2(app):
    res = runner.invoke(app, ["factors", "show", "elec.grid_co2.yunan.2023"])
    assert res.exit_code == 2
    assert "elec.grid_co2.yunnan.2023" in res.output


def test_search_generation_type_by_short_chinese_name():
    """水电 (hydro) finds the 2023 and 2024 hydro footprint factors (0.0143 and 0.0141 kg/kWh)."""
    from typer.testing import CliRunner

    from alcarbon.cli.main import app

    r = CliRunner().invoke(app, ["factors", "list", "--search", "水电", "--format", "csv"])
    assert r.exit_code == 0
    assert "elec.footprint.hydro.2023" in r.stdout and "elec.footprint.hydro.2024" in r.stdout
