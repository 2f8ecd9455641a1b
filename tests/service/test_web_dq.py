"""Web results page: the data-quality row says what is not rated (6.3 Table 2, issue 15 item 4).

conftest SMALL_STUDY: one datum behind the CFP, 1e6 kWh on a direct line at 0.5 kg/kWh (a
supplier declaration: secondary data per 6.1), rated poor on time and not rated on the other
four criteria. By hand: rated share 0 % (one criterion missing makes the datum not fully rated),
primary 0 %, score (3 + 3 + 3 + 3 + 3) / 5 = 3.00 (unrated scores as poor) -> 较差, 1 of 1 data
not rated. The old defaults showed this datum as good x4 and primary 100 %.
"""

from __future__ import annotations

import re

from alcarbon.service.findings import dq_summary


def test_results_page_dq_row_says_not_rated(client, ids, login):
    login(client, "a_editor")
    page = client.get(f"/studies/{ids['a_study']}/results?lang=zh").text
    table = re.search(r'<table class="dq-summary">.*?</table>', page, re.S).group(0)
    assert "已评级占比" in table and "初级数据占比" in table
    product = re.search(r'<tr class="total">.*?</tr>', table, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", product, re.S)
    assert cells[1] == "3.00" and "较差" in cells[2]
    assert cells[-2].startswith("0 %") and "（1/1 未评级）" in cells[-2]  # zh marks (zh_html)
    assert cells[-1] == "0 %"


def test_dq_summary_rated_share_from_the_block_or_the_unrated_share():
    check = {"data_quality": {
        "p": {"score": 2.0, "rating": "fair", "criteria": {}, "primary_share": 0.25,
              "unrated_share": 0.75,
              "declared": {"rated_share": 0.25, "unrated": 3, "data": 4},
              "units": {"u": {"score": 2.0, "unrated_share": 0.6, "weight": 1.0}}},
        "q": {"score": 1.0, "rating": "good", "criteria": {}, "primary_share": 0.0,
              "unrated_share": 0.1, "units": {}}}}
    p, q = dq_summary(check)
    assert p["rated_share"] == 0.25 and p["unrated"] == 3 and p["data"] == 4
    assert abs(p["units"][0]["rated_share"] - 0.4) < 1e-12  # 1 - 0.6
    assert abs(q["rated_share"] - 0.9) < 1e-12 and q["unrated"] is None  # no block: 1 - 0.1
