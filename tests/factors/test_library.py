"""Factor library: packaged values against the official tables, lookups, overrides, errors."""

import json

import pytest

from alcarbon.errors import InputError
from alcarbon.factors import load_library
from alcarbon.factors.library import FREIGHT_DEFAULTS


@pytest.fixture(scope="module")
def lib():
    return load_library()


# Expected values read from the official annex texts (shared/research/sources):
# 2023-annex.txt = MEE & NBS "2023年电力二氧化碳排放因子" (kgCO2/kWh);
# 2024-annex.txt = MEE, NBS & NEA "2024年全国电力碳足迹因子" (kgCO2e/kWh).
OFFICIAL = {
    "elec.grid_co2.cn.2023": 0.5306,  # 2023 annex 表1 (line 45)
    "elec.grid_co2.region.southwest.2023": 0.2472,  # 2023 annex 表2, 西南, 7th value (line 63)
    "elec.grid_co2.region.north.2023": 0.6361,  # 2023 annex 表2, 华北, 1st value (line 51)
    "elec.grid_co2.yunnan.2023": 0.1333,  # 2023 annex 表3, 云南 (25th province, line 166)
    "elec.grid_co2.xinjiang.2023": 0.6021,  # 2023 annex 表3, 新疆 (last, line 176)
    "elec.grid_co2.beijing.2023": 0.5554,  # 2023 annex 表3, 北京 (1st, line 69)
    "elec.residual_co2.cn.2023": 0.6096,  # 2023 annex 表4 (line 182)
    "elec.fossil_co2.cn.2023": 0.8273,  # 2023 annex 表5 (line 188)
    "elec.footprint.cn.2024": 0.5777,  # 2024 annex 表1 (line 15)
    "elec.footprint.coal.2024": 0.9240,  # 2024 annex 表2 燃煤发电 (line 41)
    "elec.footprint.hydro.2024": 0.0141,  # 2024 annex 表2 水力发电 (line 45)
    "elec.footprint.biomass.2024": 0.0404,  # 2024 annex 表2 生物质发电 (line 55)
    "elec.footprint.td_incl_loss.2024": 0.0327,  # 2024 annex 表3 含线损 (line 71)
}


@pytest.mark.parametrize("fid,value", sorted(OFFICIAL.items()))
def test_values_match_official_annex(lib, fid, value):
    assert lib.get(fid).value == value
    assert lib.get(fid).amount_unit == "kg" and lib.get(fid).per == "kWh"


def test_cpcd_values(lib):
    # domain-data.md §1.3 (CPCD 17100H3012021C / 17100H3422022C) and §4 (CPCD IDs in the comments)
    assert lib.get("elec.grid_co2.yunnan.2021").value == 0.1235
    assert lib.get("elec.grid_co2.yunnan.2022").value == 0.1073
    assert lib.get("material.caustic_soda").source.cpcd_id == "34231H0022015A"
    # 65129X0032024C: 6.502 gCO2e/t·km = 0.006502 kg/tkm
    assert lib.freight("rail").per_unit("tkm") == pytest.approx(6.502e-6)


def test_bases_and_gases(lib):
    co2 = lib.get("elec.grid_co2.cn.2022")
    assert (co2.basis, co2.gas) == ("combustion_co2", "CO2")
    lc = lib.get("elec.footprint.cn.2023")
    assert (lc.basis, lc.gas, lc.value) == ("life_cycle", "CO2e", 0.6205)
    heat = lib.get("heat.mee_default")
    assert (heat.value, heat.amount_unit, heat.per) == (0.11, "t", "GJ")
    assert heat.basis == "combustion_co2"


def test_counts(lib):
    provinces = {f.region for f in lib.find(kind="electricity", year=2023)
                 if "provincial" in f.tags}
    assert len(provinces) == 30  # no Tibet, Hong Kong, Macao, Taiwan
    assert len(lib.find(kind="electricity", region="CN", year=2021)) == 3
    assert len(lib.find(text="region.", kind="electricity")) == 21  # 7 regions x 3 years


def test_every_factor_is_sourced(lib):
    for f in lib.factors:
        assert f.source.document.strip(), f.id
        assert f.source.issuer.strip(), f.id
        assert f.source.year, f.id
        assert f.confidence in ("high", "medium", "low")
    for table in lib.fuel_tables:
        for fp in lib.fuels(table):
            assert fp.source.document.strip() and fp.source.issuer.strip(), fp.id


def test_grid(lib):
    assert lib.grid("云南省", 2023, "combustion_co2").value == 0.1333
    assert lib.grid("cn", 2022, "combustion_co2").value == 0.5366
    assert lib.grid("西南", 2021, "combustion_co2").value == 0.2113
    # life cycle: national factor whatever the province (no provincial CFP factors published)
    assert lib.grid("Yunnan", 2024, "life_cycle").id == "elec.footprint.cn.2024"
    with pytest.raises(InputError, match="2023, 2024"):
        lib.grid("yunnan", 2022, "life_cycle")
    with pytest.raises(InputError, match="2021, 2022, 2023"):
        lib.grid("yunnan", 2019, "combustion_co2")
    with pytest.raises(InputError):
        lib.grid("西藏", 2023, "combustion_co2")
    with pytest.raises(InputError, match="basis"):
        lib.grid("yunnan", 2023, "co2")


@pytest.mark.parametrize("name", ["云南", "云南省", "Yunnan", "yunnan", "滇", " YUNNAN "])
def test_province_yunnan(lib, name):
    assert lib.province(name) == "yunnan"


def test_province_others(lib):
    assert lib.province("陕西省") == "shaanxi"
    assert lib.province("山西") == "shanxi"
    assert lib.province("Inner Mongolia") == "neimenggu"
    assert lib.province("内蒙古自治区") == "neimenggu"
    assert lib.province("新疆维吾尔自治区") == "xinjiang"
    with pytest.raises(InputError, match="yunnan"):
        lib.province("yunan")


def test_freight(lib):
    assert lib.freight("公路").id == "freight.road_heavy_diesel"
    assert lib.freight("铁路").id == "freight.rail"
    assert lib.freight("水路").id == "freight.water_generic"
    assert lib.freight("road_heavy_bev").value == 0.1073
    assert lib.freight("freight.water_bulk").value == 0.015
    for mode in FREIGHT_DEFAULTS.values():
        assert lib.freight(mode).kind == "freight"
    with pytest.raises(InputError, match="rail"):
        lib.freight("teleport")


def test_flows(lib):
    for fid in ("aluminium_fluoride", "cryolite", "calcined_coke", "coal_tar_pitch", "refractory",
                "flocculant", "fresh_water"):
        assert lib.flow(fid).upstream_factor is None, fid
    assert lib.flow("烧碱").upstream_factor == "material.caustic_soda"
    assert lib.flow("AlF3").id == "aluminium_fluoride"
    assert lib.flow("柴油").fuel == "diesel"
    assert lib.get(lib.flow("diesel").upstream_factor).value == 650.86
    for fl in lib.flows:
        if fl.upstream_factor:
            lib.get(fl.upstream_factor)
        if fl.fuel:  # in the default table, or another one (the engine says which, with a note)
            assert lib.fuel_any_table(fl.fuel) is not None, fl.fuel
    with pytest.raises(InputError, match="cryolite"):
        lib.flow("cryolit")


def test_every_appendix_c_table_covered(lib):
    # every input and output row of GB/T 44905 Table C.4 (electrolysis unit)
    c4 = ("氧化铝", "预焙阳极", "氟化铝", "冰晶石", "纯碱", "磷生铁", "脱硫剂", "润滑油",
          "钢带", "铝液", "碳渣", "废槽衬")
    for zh in c4:
        assert "C.4" in lib.flow(zh).appendix_c, zh


def test_fuel_tables(lib):
    # the default table: NDRC 2013 electrolytic-aluminium guideline (issue 15 item 7),
    # 烟煤 NCV 19.570 GJ/t, CC 26.18 tC/TJ, OF 0.93 -> 19.570 x 0.02618 x 0.93 x 44/12
    # = 1.7470883 t CO2/t; its former name ndrc2013_template still resolves
    assert lib.fuel("bituminous_coal").table == "cn_al_guideline_2013"
    assert lib.fuel("bituminous_coal").co2_per_unit("t") == pytest.approx(1.7470883, rel=1e-7)
    assert lib.fuel("bituminous_coal", table="ndrc2013_template").table == "cn_al_guideline_2013"
    # al_guideline_calc stays selectable: 23.076 x 0.02308 x 0.98 x 44/12 = 1.9137881 t CO2/t
    alt = lib.fuel("bituminous_coal", table="al_guideline_calc")
    assert alt.co2_per_unit("t") == pytest.approx(1.9137881, rel=1e-7)
    # petroleum coke is in al_guideline_calc only
    assert lib.fuel_or_none("petroleum_coke") is None
    assert lib.fuel_any_table("petroleum_coke").table == "al_guideline_calc"
    with pytest.raises(InputError, match="cn_al_guideline_2013"):
        lib.fuel("washed_coal", table="al_guideline_calc")


def test_unknown_id_lists_close_matches(lib):
    with pytest.raises(InputError) as exc:
        lib.get("elec.grid_co2.yunan.2023")
    assert "elec.grid_co2.yunnan.2023" in str(exc.value)


def test_override_replaces_value_and_changes_version(lib, tmp_path):
    base = lib.get("elec.footprint.cn.2024")
    new = base.model_copy(update={"value": 0.5})
    lib2 = lib.with_overrides([new])
    assert lib2.get(base.id).value == 0.5
    assert lib.get(base.id).value == 0.5777  # original untouched
    assert lib2.version != lib.version
    # a user file (JSON) adding a provincial life-cycle factor wins in grid()
    rec = base.model_dump(mode="json") | {"id": "elec.footprint.yunnan.2024", "value": 0.2,
                                          "region": "yunnan"}
    p = tmp_path / "mine.json"
    p.write_text(json.dumps([rec]), encoding="utf-8")
    lib3 = load_library([p])
    assert lib3.grid("滇", 2024, "life_cycle").value == 0.2
    assert lib3.version not in (lib.version, lib2.version)


def test_user_file_errors_name_file_row_field(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("id,name,kind,value,amount_unit,per,basis,confidence,document,issuer\n"
                 "x.1,x,electricity,abc,kg,kWh,life_cycle,low,doc,iss\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_library([p])
    msg = str(exc.value)
    assert "bad.csv" in msg and "row 1" in msg and "value" in msg


# Every input/output row of GB/T 44905 Tables C.1-C.5 (examples in brackets included), by table.
APPENDIX_C = {
    "C.1": ("原矿", "药剂", "钢球", "衬板", "柴油", "汽油", "天然气", "电力", "热力", "第三方服务",
            "精矿", "尾矿"),
    "C.2": ("精矿", "外购矿", "新水", "石灰", "烧碱", "钢球", "衬板", "油酸钠", "硝酸钠", "絮凝剂",
            "脱水剂", "滤布", "润滑油", "柴油", "电力", "热力", "蒸汽", "第三方服务", "氧化铝",
            "氢氧化铝", "赤泥"),
    "C.3": ("石油焦", "煅后焦", "煤沥青", "残极", "焦粉", "冶金焦", "树脂", "活性炭", "草酸",
            "布袋", "导热油", "液压油", "润滑油", "润滑脂", "耐火材料", "电力", "预焙阳极",
            "蒸汽", "废焦油"),
    "C.5": ("铝液", "清渣剂", "熔炼剂", "柴油", "电力", "铝锭", "铝灰渣"),
}


@pytest.mark.parametrize("table", sorted(APPENDIX_C))
def test_appendix_c_rows_resolve(lib, table):
    for zh in APPENDIX_C[table]:
        assert table in lib.flow(zh).appendix_c, (table, zh)


def test_yaml_user_file_with_nested_source(tmp_path):
    p = tmp_path / "study_factors.yaml"
    p.write_text(
        "- id: material.aluminium_fluoride\n"
        "  name: AlF3 supplier value\n"
        "  kind: material_upstream\n"
        "  value: 1.2\n"
        "  amount_unit: t\n"
        "  per: t\n"
        "  basis: life_cycle\n"
        "  confidence: medium\n"
        "  source: {document: supplier EPD, issuer: supplier, year: 2024}\n",
        encoding="utf-8",
    )
    lib2 = load_library([str(p)])
    f = lib2.get("material.aluminium_fluoride")
    # 1.2 t CO2e per t = 0.0012 t per kg
    assert f.per_unit("kg") == pytest.approx(0.0012)
    assert f.source.cite().startswith("supplier: supplier EPD (2024)")
    assert len(lib2) == len(load_library()) + 1


def test_user_factor_file_reports_every_bad_field(tmp_path):
    """amount_unit 'kWh' (not a mass) and basis 'lifecycle' (not a basis) are both named."""
    import pytest
    import yaml

    from alcarbon.errors import InputError
    from alcarbon.factors import load_library

    f = {"id": "my.f", "name": "f", "name_zh": "f", "kind": "material_upstream", "value": 1.0,
         "amount_unit": "kWh", "per": "t", "gas": "CO2e", "basis": "lifecycle", "region": "CN",
         "year": 2024, "confidence": "low",
         "source": {"document": "d", "issuer": "i", "year": 2024}}
    p = tmp_path / "f.yaml"
    p.write_text(yaml.safe_dump([f]), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_library(user_files=[p])
    assert "field amount_unit" in str(exc.value) and "field basis" in str(exc.value)
