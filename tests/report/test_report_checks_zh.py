"""The zh checklist gives the same detail as the en one: counts and names of the data at fault,
from the evaluators' structured detail (checks/evaluators.py), never a bare generic sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from alcarbon.factors import load_library
from alcarbon.inventory import load_study
from alcarbon.report import api
from alcarbon.report.i18n_checks import reason_zh

ROOT = Path(__file__).parents[2] / "examples"


def _compliance_rows(report):
    return next(t.rows for t in report.tables() if t.id == "compliance")


def _no_voucher(study):
    """[(unit, flow)] of primary data with an amount and no voucher (dq.evidence), as 6.2 asks,
    counted here from the study itself."""
    out = []
    for u in study.units:
        rows = list(u.inputs) + [o for o in u.outputs
                                 if o.kind in ("product", "co_product", "emission")]
        out += [(u.id, r.flow) for r in rows if r.dq.primary and r.amount > 0 and not r.dq.evidence]
    return out


@pytest.mark.parametrize("example", ["coal_captive_smelter", "hydro_smelter_yunnan"])
def test_zh_traceability_reason_names_the_data(examples_computed, example):
    study = load_study(ROOT / f"{example}.yaml")
    missing = _no_voucher(study)
    assert missing, "the examples list no vouchers: the check must fail with a list"
    lib = load_library()
    rows = _compliance_rows(api.build(examples_computed[example], "zh"))
    head = "部分数据缺少来源，或初级数据未列出原始凭证"  # Chinese marks in the zh report
    reason = next(r[3] for r in rows if r[3].startswith(head))
    assert f"未列出原始凭证的初级数据 {len(missing)} 项：" in reason
    known = {f.id for f in lib.flows}
    for _unit, flow in missing[:8]:  # at most 8 names are listed, then 等
        if flow in known:  # catalogue flows by their Chinese name, never the id
            assert lib.flow(flow).name_zh in reason and flow not in reason, flow
    assert reason.endswith("等") == (len(missing) > 8)


def test_reason_zh_formats_detail():
    # 2 data without a source and 1 without a voucher: counts, then the names given by `name`
    detail = {"no_source": [["u1", "a"], ["u2", "b"]], "no_evidence": [["u1", "c"]]}
    text = reason_zh("traceability", "fail", detail, lambda u, f: f"{u}-{f}")
    assert text == ("部分数据缺少来源,或初级数据未列出原始凭证。无来源的数据 2 项:u1-a、u2-b;"
                    "未列出原始凭证的初级数据 1 项:u1-c")
    assert reason_zh("traceability", "pass", {"no_source": [], "no_evidence": []}) == \
        "每项数据均有来源,初级数据列出了原始凭证"
