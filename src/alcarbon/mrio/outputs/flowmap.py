"""Province flow map of embodied-carbon transfers on the tile grid of the chain module.

No province geometry with a clear permissive licence ships (docs/chain.md, "Map"), so each
province is a square at its fixed grid position (``data/chain/provinces.csv``), coloured by its
net outflow (row sum minus column sum, diagonal excluded), and the ``top`` largest
inter-provincial transfers are curved arrows from source to destination tile, width in
proportion to the flow.  Regions that are not one of the 31 provinces (rest of world,
pseudo-regions of exports) are left out and named in the footnote.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from alcarbon.errors import InputError


def province_ids(regions) -> dict[str, str]:
    """Region label -> chain province id, for the labels that name a province."""
    from alcarbon.chain.provinces import normalise

    out = {}
    for r in regions:
        try:
            out[str(r)] = normalise(str(r))
        except InputError:
            continue
    return out


def top_pairs(E: pd.DataFrame, ids: dict[str, str], top: int) -> list[tuple[str, str, float]]:
    """The ``top`` largest positive off-diagonal flows between mapped provinces, largest first
    (source label, destination label, value)."""
    regs = [r for r in E.index if str(r) in ids and r in E.columns]
    W = E.loc[regs, regs].to_numpy(dtype=float).copy()
    np.fill_diagonal(W, 0.0)
    order = np.argsort(W, axis=None, kind="stable")[::-1][:top]
    return [(str(regs[a]), str(regs[b]), float(W[a, b]))
            for a, b in (divmod(int(k), len(regs)) for k in order) if W[a, b] > 0]


def flow_map(E: pd.DataFrame, path: str | Path, *, top: int = 25, title: str = "",
             unit: str = "", synthetic: bool = False) -> Path:
    """Tile-grid flow map of the transfer matrix ``E`` (rows: source region, columns:
    destination); see the module docstring.  Writes one PNG and returns its path."""
    from matplotlib import cm, colors
    from matplotlib.patches import FancyArrowPatch

    from alcarbon.chain.provinces import by_id
    from alcarbon.mrio.outputs.figures import _plt, _save

    ids = province_ids(E.index)
    if not ids:
        raise InputError("no region of the table is a Chinese province", where="flow map",
                         expected="region labels such as 山东, Shandong or shandong")
    regs = [r for r in E.index if str(r) in ids and r in E.columns]
    W = E.loc[regs, regs].to_numpy(dtype=float).copy()
    np.fill_diagonal(W, 0.0)
    net = dict(zip((ids[str(r)] for r in regs), W.sum(axis=1) - W.sum(axis=0), strict=True))
    pairs = top_pairs(E, ids, top)
    plt = _plt()
    provs = by_id()
    lim = max((abs(v) for v in net.values()), default=1.0) or 1.0
    norm = colors.TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
    cmap = plt.get_cmap("RdBu_r")
    fig, ax = plt.subplots(figsize=(9, 7.5))
    for pid, p in provs.items():
        v = net.get(pid)
        face = cmap(norm(v)) if v is not None else "#eeeeee"
        ax.add_patch(plt.Rectangle((p.tile_col, -p.tile_row), 0.95, 0.95, facecolor=face,
                                   edgecolor="white", zorder=1))
        ax.text(p.tile_col + 0.475, -p.tile_row + 0.475, p.zh, ha="center", va="center",
                fontsize=9, zorder=3)
    wmax = pairs[0][2] if pairs else 1.0
    for a, b, w in pairs:
        pa, pb = provs[ids[a]], provs[ids[b]]
        ax.add_patch(FancyArrowPatch(
            (pa.tile_col + 0.475, -pa.tile_row + 0.475),
            (pb.tile_col + 0.475, -pb.tile_row + 0.475),
            connectionstyle="arc3,rad=0.2", arrowstyle="-|>", mutation_scale=12,
            lw=0.6 + 5 * w / wmax, color="#333333", alpha=0.55, zorder=2, shrinkA=8, shrinkB=8))
    ax.set_xlim(-0.2, 10.2)
    ax.set_ylim(-8.2, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.colorbar(cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6,
                 label=f"净流出 net outflow {unit}".strip())
    left = sorted(str(r) for r in E.index if str(r) not in ids)
    note = f"arrows: top {len(pairs)} transfers, width ∝ flow"
    if left:
        note += f"; not on the map: {', '.join(left[:6])}{' ...' if len(left) > 6 else ''}"
    ax.text(0.0, -8.15, note, fontsize=7, va="bottom")
    default = f"省际隐含碳转移 Inter-provincial embodied-carbon transfers {unit}".strip()
    ax.set_title(title or default)
    return _save(fig, path, synthetic)
