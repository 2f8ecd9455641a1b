"""Chinese check messages name flows by their Chinese catalogue names, with no space between two
Chinese words (a space there reads as a typo in Chinese text)."""

from __future__ import annotations

from alcarbon.checks import run_checks


def test_link_balance_names_the_intermediate_in_chinese(hydro):
    """The hydro example's refinery makes 959,950 t alumina and electrolysis uses 959,950 t
    (examples/hydro_smelter_yunnan.yaml). Halving what the refinery makes: used 959,950 t
    against made 479,975 t, a LINK_BALANCE warning naming 氧化铝 (flows.csv), not the id."""
    s = hydro.model_copy(deep=True)
    out = next(o for o in s.unit("alumina_refining").outputs if o.flow == "alumina")
    out.amount = 959_950.0 / 2
    (f,) = [f for f in run_checks(s).validation if f.code == "LINK_BALANCE"]
    assert f.message_zh == "氧化铝消耗 959950 多于产出 479975 t:差额需外购"
    assert f.message_en.startswith("alumina: 959950 used but 479975 t made")


def test_undeclared_zero_waste_reads_as_one_phrase(hydro):
    """Red mud entered with amount 0 (examples): 赤泥数量为 0(未量化), the name and its clause
    joined."""
    (f,) = [f for f in run_checks(hydro).validation if f.code == "CUTOFF_UNDECLARED"]
    assert f.message_zh == "赤泥数量为 0(未量化),计为 0,且未声明为舍弃流(7.4)"


def test_missing_source_names_the_flow_in_chinese(make_tiny):
    """tiny (tests/checks/conftest.py): its liquid aluminium output carries dq.source "meter";
    with the source removed the finding reads 铝液未注明数据来源 (flows.csv: name_zh 铝液)."""
    s = make_tiny()
    s.units[0].outputs[0].dq.source = ""
    (f,) = [f for f in run_checks(s).validation if f.code == "DQ_NO_SOURCE"]
    assert f.message_zh == "铝液未注明数据来源(7.1.2 c)"
    assert f.message_en == "liquid_aluminium: no data source recorded (7.1.2 c)"
