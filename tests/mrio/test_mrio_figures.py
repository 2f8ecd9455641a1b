"""Publishable MRIO figures and CSVs: SPA links for order-0 paths, the province flow map,
SYNTHETIC marks, CSV without BOM and with named index columns."""

from __future__ import annotations

import pandas as pd

from alcarbon.mrio.outputs import figures as fig
from alcarbon.mrio.outputs.flowmap import province_ids, top_pairs
from alcarbon.mrio.outputs.results import write_outputs

LABELS = ["山东/电力", "山东/铝", "云南/铝"]


def _paths(rows):
    return pd.DataFrame([{"order": len(n) - 1, "value": v, "nodes": n} for n, v in rows])


def test_order0_path_is_emitter_to_final_demand():
    # nodes run emitting node ... final-demand node; columns run final demand first
    cols = fig.sankey_columns(_paths([((1,), 2.0), ((0, 1), -0.5)]), LABELS)
    assert cols == [([fig.FINAL_DEMAND, "山东/铝"], 2.0),
                    ([fig.FINAL_DEMAND, "山东/铝", "山东/电力"], 0.5)]


def test_sankey_draws_links_for_order0_only(monkeypatch, tmp_path):
    seen = {}

    def keep(f, path, synthetic=False):
        seen["links"] = sum(type(p).__name__ == "PathPatch" for p in f.axes[0].patches)
        seen["texts"] = [t.get_text() for t in f.texts + f.axes[0].texts]
        return path

    monkeypatch.setattr(fig, "_save", keep)
    fig.spa_sankey(_paths([((1,), 2.0), ((2,), 1.0)]), LABELS, tmp_path / "s.png")
    assert seen["links"] == 2  # one band emitter -> final demand per order-0 path
    assert fig.FINAL_DEMAND in seen["texts"]


def test_synthetic_stamp(monkeypatch, tmp_path):
    from alcarbon.plotting import SYNTHETIC_MARK

    texts = {}
    real = fig._save

    def spy(f, path, synthetic=False):
        out = real(f, path, synthetic)
        texts["all"] = [t.get_text() for t in f.texts + f.axes[0].texts]
        return out

    monkeypatch.setattr(fig, "_save", spy)
    fig.ranking(pd.DataFrame({"strength": [1.0, 2.0]}, index=["a", "b"]), tmp_path / "r.png",
                synthetic=True)
    assert SYNTHETIC_MARK in texts["all"]
    assert (tmp_path / "r.png").stat().st_size > 0


def test_is_synthetic():
    class T:
        meta = {"synthetic": True}

    class R:
        meta = {}

    assert fig.is_synthetic(T())
    assert not fig.is_synthetic(R(), R(), "china_2017.xlsx")
    assert fig.is_synthetic(R(), R(), "/x/mrio_synthetic.xlsx")


def test_flow_map_pairs_by_hand():
    # flows r -> d; the diagonal and the non-province row "RoW" are ignored
    E = pd.DataFrame([[9.0, 3.0, 1.0, 5.0], [2.0, 9.0, 4.0, 0.0], [0.5, 0.0, 9.0, 0.0],
                      [7.0, 7.0, 7.0, 7.0]],
                     index=["山东", "Yunnan", "guangxi", "RoW"],
                     columns=["山东", "Yunnan", "guangxi", "RoW"])
    ids = province_ids(E.index)
    assert ids == {"山东": "shandong", "Yunnan": "yunnan", "guangxi": "guangxi"}
    # off-diagonal province flows: 4 (Yunnan->guangxi), 3, 2, 1, 0.5
    assert top_pairs(E, ids, 3) == [("Yunnan", "guangxi", 4.0), ("山东", "Yunnan", 3.0),
                                    ("Yunnan", "山东", 2.0)]


def test_csv_without_bom_and_named_index(tmp_path):
    bal = pd.DataFrame({"PBA": [1.0, 2.0]}, index=["山东", "云南"])
    paths = pd.DataFrame({"rank": [1], "value": [0.5]})
    write_outputs({"balance": bal, "spa": paths,
                   "upstream_by_sector": pd.Series([1.0], index=["电力"], name="embodied")},
                  tmp_path, xlsx=False)
    raw = (tmp_path / "balance.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[0] == "region,PBA"
    assert (tmp_path / "spa.csv").read_text("utf-8").splitlines()[0] == "rank,value"
    assert (tmp_path / "upstream_by_sector.csv").read_text("utf-8").splitlines()[0] == \
        "sector,embodied"


def test_flow_map_writes_png(tmp_path):
    from alcarbon.mrio.outputs.flowmap import flow_map

    E = pd.DataFrame([[0.0, 2.0], [1.0, 0.0]], index=["山东", "云南"], columns=["山东", "云南"])
    p = flow_map(E, tmp_path / "m.png", unit="Mt", synthetic=True)
    assert p.read_bytes()[:4] == b"\x89PNG"


def test_sankey_bands_do_not_cross(monkeypatch, tmp_path):
    """Paths in rank order: 云南/铝 -> 山东/铝 (1.0), 山东/电力 order 0 (3.0), 山东/铝 order 0
    (0.5).  Column 1 stacks 山东/电力 (3.0) below 山东/铝 (1.5), so at the final-demand node
    the 山东/电力 band must come first although its path is listed second: the bottoms of the
    bands between the two columns are in the same order on both sides."""
    import numpy as np

    seen = []

    def keep(f, path, synthetic=False):
        for p in f.axes[0].patches:
            if type(p).__name__ == "PathPatch":
                v = p.get_path().vertices
                if v[0][0] == 0.0:  # a band leaving the final-demand column
                    seen.append((v[0][1], v[3][1]))
        return path

    monkeypatch.setattr(fig, "_save", keep)
    fig.spa_sankey(_paths([((2, 1), 1.0), ((0,), 3.0), ((1,), 0.5)]), LABELS, tmp_path / "s")
    fd_side = np.array([a for a, _ in seen])
    other = np.array([b for _, b in seen])
    assert len(seen) == 3
    assert (np.argsort(fd_side) == np.argsort(other)).all()
    assert min(seen)[1] == 0.0  # 山东/电力 (base 0 in column 1) takes the bottom slot at FD
