"""alcarbon.messages.Msg: a str (English) that also carries an id and Chinese text."""

from __future__ import annotations

import copy
import pickle

from alcarbon.messages import Msg, texts


def test_msg_is_its_english_text_and_keeps_id_and_zh():
    m = Msg("waste counts as 0", id="waste_zero:u:red_mud", zh="废物按 0 计")
    assert m == "waste counts as 0" and isinstance(m, str)
    assert "; ".join([m, "x"]) == "waste counts as 0; x"
    for c in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert (c.id, c.zh, c.en) == ("waste_zero:u:red_mud", "废物按 0 计", "waste counts as 0")
    assert texts(m) == ("waste_zero:u:red_mud", "废物按 0 计", "waste counts as 0")
    assert texts("plain note") == ("", "", "plain note")


def test_join_keeps_ids_and_chinese_of_every_part():
    from alcarbon.messages import join

    m = join([Msg("a", id="x", zh="甲"), Msg("b", id="y", zh="乙")])
    assert (m, m.id, m.zh) == ("a; b", "x|y", "甲;乙")
    assert join([]) is None
    # a plain str part: the join is plain English (the report counts it as English-only)
    assert type(join(["a", Msg("b", id="y", zh="乙")])) is str
