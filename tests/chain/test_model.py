"""Hand-computed two-province, two-year case (inputs in conftest.two_by_two).

Electrolysis, per t Al (AR6: CF4 7380, C2F6 12400; GB/T 44905 Appendix D):
  anode    0.400 t/t x (100 - 2.0 - 0.4)/100 x 44/12 = 0.3904 x 11/3 = 1.4314666667 t CO2
  PFC      CF4 = 0.143 x 0.1 = 0.0143 kg; C2F6 = 0.121 x 0.0143 = 0.0017303 kg
           0.0143e-3 x 7380 + 0.0017303e-3 x 12400 = 0.105534 + 0.02145572 = 0.12698972 t CO2e
  power    Yunnan 13000 kWh x 0.1 kg/kWh = 1.3 t
           Shandong 2021: EF = 0.5 x 0.8 + 0.5 x 0.6 = 0.70 -> 9.10 t
           Shandong 2022: EF = 0.5 x 0.8 + 0.5 x 0.5 = 0.65 -> 8.45 t
Alumina refining (Shandong), per t alumina:
  power 200 kWh x 0.6 = 0.120 t (2021), x 0.5 = 0.100 t (2022)
  CaCO3 0.1 t x 44.009/100.086 (molar masses, as alcarbon.methods) = 0.0439712 t
"""

from __future__ import annotations

import pytest

from alcarbon.chain.attribution import attributed
from alcarbon.chain.indicators import national_series, province_year, stage_shares
from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute

ANODE = 0.3904 * 11 / 3
PFC = 0.0143e-3 * 7380 + 0.0017303e-3 * 12400
EL_YN = 1.3 + ANODE + PFC
EL_SD = {2021: 9.10 + ANODE + PFC, 2022: 8.45 + ANODE + PFC}
CACO3 = 0.1 * 44.009 / 100.086
ALU_SD = {2021: 0.120 + CACO3, 2022: 0.100 + CACO3}
Q_YN = {2021: 100_000, 2022: 200_000}


def _run(case):
    return compute(read_chain_data(case))


def test_totals_per_province_year_and_stage(case):
    py = province_year(_run(case)).set_index(["province", "year"])
    for y in (2021, 2022):
        assert py.loc[("yunnan", y), "electrolysis"] == pytest.approx(Q_YN[y] * EL_YN, rel=1e-12)
        assert py.loc[("shandong", y), "electrolysis"] == pytest.approx(300_000 * EL_SD[y],
                                                                        rel=1e-12)
        assert py.loc[("shandong", y), "alumina_refining"] == pytest.approx(800_000 * ALU_SD[y],
                                                                            rel=1e-12)
        assert py.loc[("yunnan", y), "alumina_refining"] == 0


def test_categories_and_gases(case):
    e = _run(case).emissions
    sd21 = e[(e["province"] == "shandong") & (e["year"] == 2021)]
    by_cat = sd21.groupby("category")["tco2e"].sum()
    # energy: 300000 x 9.10 + 800000 x 0.120 = 2,730,000 + 96,000
    assert by_cat["energy"] == pytest.approx(2_826_000, rel=1e-12)
    # process: 300000 x (anode + PFC) + 800000 x 0.044
    assert by_cat["process"] == pytest.approx(300_000 * (ANODE + PFC) + 800_000 * CACO3,
                                                rel=1e-12)
    cf4 = sd21[sd21["gas"] == "CF4"]["t"].sum()
    assert cf4 == pytest.approx(300_000 * 0.0143e-3, rel=1e-12)  # 4.29 t CF4


def test_national_intensity_and_shares(case):
    nat = national_series(_run(case)).set_index("year")
    # 2021: (100000 x EL_YN + 300000 x EL_SD21 + 800000 x ALU_SD21) / 400000 t Al
    tot21 = 100_000 * EL_YN + 300_000 * EL_SD[2021] + 800_000 * ALU_SD[2021]
    tot22 = 200_000 * EL_YN + 300_000 * EL_SD[2022] + 800_000 * ALU_SD[2022]
    assert nat.loc[2021, "upstream"] == pytest.approx(tot21, rel=1e-12)
    assert nat.loc[2021, "intensity_t_per_t_al"] == pytest.approx(tot21 / 400_000, rel=1e-12)
    assert nat.loc[2022, "intensity_t_per_t_al"] == pytest.approx(tot22 / 500_000, rel=1e-12)
    assert nat.loc[2022, "intensity_t_per_t_al"] == pytest.approx(7.378810282, rel=1e-9)
    # = (571,691.277 + 3,002,536.916 + 115,176.948) / 500,000
    sh = stage_shares(_run(case)).set_index("year")
    assert sh.loc[2021, "share_alumina_refining"] == pytest.approx(
        800_000 * ALU_SD[2021] / tot21, rel=1e-12)
    assert sh.loc[2021, "share_electrolysis"] == pytest.approx(
        1 - 800_000 * ALU_SD[2021] / tot21, rel=1e-12)


def test_attributed_intensity_per_t_al(case):
    at = attributed(_run(case)).set_index(["province", "year"])
    # Yunnan smelter buys national-average alumina (only Shandong refines): ALU_SD per t alumina
    # -> 2.0 t alumina/t Al x 0.16397 = 0.32794; no bauxite or anode stage in the data.
    a21, a22 = 2.0 * ALU_SD[2021], 2.0 * ALU_SD[2022]
    assert at.loc[("yunnan", 2021), "tco2e_per_t"] == pytest.approx(EL_YN + a21, rel=1e-12)
    assert at.loc[("shandong", 2022), "tco2e_per_t_alumina_refining"] == pytest.approx(a22)
    assert at.loc[("yunnan", 2022), "tco2e"] == pytest.approx(200_000 * (EL_YN + a22))
