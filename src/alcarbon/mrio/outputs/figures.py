"""Figures (matplotlib, Agg backend, Chinese labels via WenQuanYi Micro Hei with a DejaVu Sans
fallback): chord diagram of the largest transfers, centrality ranking, upstream decomposition
bars and a Sankey of the top structural paths (the province flow map is in
:mod:`alcarbon.mrio.outputs.flowmap`).  Every function writes one file (temp + rename) and
returns its path; ``synthetic=True`` stamps the figure SYNTHETIC
(:func:`alcarbon.plotting.mark_synthetic`), see :func:`is_synthetic`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from alcarbon.atomic import atomic_path


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    if not any(f.name == "WenQuanYi Micro Hei" for f in font_manager.fontManager.ttflist):
        # installed after matplotlib built its font cache (scripts/setup.sh): register it
        for fpath in font_manager.findSystemFonts():
            if "wqy-microhei" in fpath.lower():
                font_manager.fontManager.addfont(fpath)
    plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "DejaVu Sans"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def is_synthetic(table, satellite=None, path: str | Path | None = None) -> bool:
    """True for a table made by the synthetic generator (``meta["synthetic"]``), one whose
    file name says ``synthetic`` (the generator's default and forced suffix), or whose
    satellite is marked synthetic."""
    metas = [getattr(table, "meta", {}) or {}, getattr(satellite, "meta", {}) or {}]
    if any(m.get("synthetic") for m in metas):
        return True
    return path is not None and "synthetic" in Path(path).name.lower()


def _save(fig, path: str | Path, synthetic: bool = False) -> Path:
    out = Path(path)
    if synthetic:
        from alcarbon.plotting import mark_synthetic

        mark_synthetic(fig)
    try:
        with atomic_path(out) as tmp:
            fig.savefig(tmp, dpi=150, bbox_inches="tight")
    finally:
        _plt().close(fig)
    return out


def chord(E: pd.DataFrame, path: str | Path, top: int = 30, title: str = "",
          unit: str = "", synthetic: bool = False) -> Path:
    """Chord diagram of the ``top`` largest off-diagonal transfers r -> d."""
    from matplotlib.patches import FancyArrowPatch

    plt = _plt()
    regions = [r for r in E.index if r in E.columns]
    W = E.loc[regions, regions].to_numpy(dtype=float).copy()
    np.fill_diagonal(W, 0.0)
    flat = np.argsort(W, axis=None)[::-1][:top]
    pairs = [divmod(int(k), len(regions)) for k in flat if W.flat[k] > 0]
    used = sorted({a for a, _ in pairs} | {b for _, b in pairs})
    ang = {k: 2 * np.pi * i / max(len(used), 1) for i, k in enumerate(used)}
    fig, ax = plt.subplots(figsize=(8, 8))
    ax.set_aspect("equal")
    ax.axis("off")
    wmax = max((W[a, b] for a, b in pairs), default=1.0)
    cmap = plt.get_cmap("tab20")
    for a, b in pairs:
        pa = (np.cos(ang[a]), np.sin(ang[a]))
        pb = (np.cos(ang[b]), np.sin(ang[b]))
        ax.add_patch(FancyArrowPatch(pa, pb, connectionstyle="arc3,rad=0.25", arrowstyle="-|>",
                                     mutation_scale=10, lw=0.5 + 6 * W[a, b] / wmax,
                                     color=cmap(used.index(a) % 20), alpha=0.6))
    for k in used:
        c, s = np.cos(ang[k]), np.sin(ang[k])
        ax.plot(c, s, "o", color=cmap(used.index(k) % 20), ms=8)
        ax.text(1.12 * c, 1.12 * s, str(regions[k]), ha="center", va="center", fontsize=9)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_title(title or f"Top {len(pairs)} embodied-carbon transfers {unit}")
    return _save(fig, path, synthetic)


def ranking(metrics: pd.DataFrame, path: str | Path, column: str = "strength", top: int = 15,
            title: str = "", synthetic: bool = False) -> Path:
    """Horizontal bars of the ``top`` regions by a centrality column."""
    plt = _plt()
    s = metrics[column].sort_values(ascending=True).tail(top)
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(s) + 1.2))
    ax.barh([str(i) for i in s.index], s.to_numpy(), color="#3b7dd8")
    ax.set_xlabel(column)
    ax.set_title(title or f"Ranking by {column}")
    return _save(fig, path, synthetic)


def upstream_bars(by_sector: pd.Series, path: str | Path, top: int = 12, title: str = "",
                  unit: str = "", synthetic: bool = False) -> Path:
    """Bars of the largest upstream source sectors of a target's embodied emissions."""
    plt = _plt()
    s = by_sector.sort_values(ascending=False).head(top)[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(s) + 1.2))
    ax.barh([str(i) for i in s.index], s.to_numpy(), color="#d8693b")
    ax.set_xlabel(f"embodied emissions {unit}")
    ax.set_title(title or "Upstream decomposition by source sector")
    return _save(fig, path, synthetic)


def fuel_bars(split: pd.DataFrame, path: str | Path, title: str = "", unit: str = "",
              synthetic: bool = False) -> Path:
    """Paired horizontal bars of the target's direct and embodied emissions per fuel
    (:func:`alcarbon.mrio.core.fuels.fuel_split`), largest embodied on top."""
    plt = _plt()
    s = split.sort_values("embodied")
    s = s[(s["direct"] != 0) | (s["embodied"] != 0)]
    pos = np.arange(len(s))
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(s) + 1.4))
    ax.barh(pos + 0.2, s["direct"], height=0.4, color="#d8693b", label="直接 direct")
    ax.barh(pos - 0.2, s["embodied"], height=0.4, color="#3b7dd8", label="隐含 embodied")
    ax.set_yticks(pos, [str(i) for i in s.index])
    ax.set_xlabel(f"CO2 {unit}".strip())
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title or "目标部门分燃料排放 Target sector CO2 by fuel")
    return _save(fig, path, synthetic)


#: Label of the final-demand node that closes every structural path.
FINAL_DEMAND = "最终需求 final demand"


def sankey_columns(paths: pd.DataFrame, labels: list[str]) -> list[tuple[list[str], float]]:
    """Each path as its column sequence, final demand first: [FINAL_DEMAND, the sector whose
    final demand it serves, ..., the emitting sector], with |value|.  An order-0 path (direct
    emissions of the final-demand sector) is the link emitter -> final demand."""
    out = []
    for r in paths.itertuples(index=False):
        seq = [FINAL_DEMAND, *(labels[k] for k in list(r.nodes)[::-1])]
        out.append((seq, abs(float(r.value))))
    return out


def spa_sankey(paths: pd.DataFrame, labels: list[str], path: str | Path, top: int = 10,
               title: str = "", synthetic: bool = False) -> Path:
    """Layered Sankey of the top structural paths: the right-most column is final demand,
    column k to its left holds the nodes k - 1 production steps before it (k = 1: the sector
    delivering to final demand); band width is the path value.  Every path, order 0 included,
    is drawn as linked bands (emitting node -> ... -> final demand)."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    plt = _plt()
    segs = sankey_columns(paths.head(top), labels)
    depth = max((len(sq) - 1 for sq, _ in segs), default=1)
    cols: list[dict[str, float]] = [dict() for _ in range(depth + 1)]
    for seq, v in segs:
        for k, node in enumerate(seq):
            cols[k][node] = cols[k].get(node, 0.0) + v
    total = max((sum(c.values()) for c in cols), default=1.0) or 1.0
    base: dict[tuple[int, str], float] = {}  # (column, node) -> bottom of its bar
    for k, c in enumerate(cols):
        y = 0.0
        for lab, v in sorted(c.items(), key=lambda kv: -kv[1]):
            base[(k, lab)] = y
            y += v / total + 0.02
    links = [(i, k, seq[k], seq[k + 1], v / total) for i, (seq, v) in enumerate(segs)
             for k in range(len(seq) - 1)]
    # stack the bands on each side of a node in the order of their other ends (fewer crossings)
    ya: dict[tuple[int, int], float] = {}
    yb: dict[tuple[int, int], float] = {}
    free = dict(base)
    for i, k, a, _b, h in sorted(links, key=lambda t: (t[1], base[(t[1] + 1, t[3])], t[0])):
        ya[(i, k)] = free[(k, a)]
        free[(k, a)] += h
    free = dict(base)
    for i, k, _a, b, h in sorted(links, key=lambda t: (t[1], base[(t[1], t[2])], t[0])):
        yb[(i, k)] = free[(k + 1, b)]
        free[(k + 1, b)] += h
    fig, ax = plt.subplots(figsize=(3 + 2.2 * (depth + 1), 6))
    cmap = plt.get_cmap("tab10")
    for i, k, _a, _b, h in links:
        y0, y1 = ya[(i, k)], yb[(i, k)]
        xa, xb = -k, -(k + 1)
        verts = [(xa, y0), ((xa + xb) / 2, y0), ((xa + xb) / 2, y1), (xb, y1),
                 (xb, y1 + h), ((xa + xb) / 2, y1 + h), ((xa + xb) / 2, y0 + h),
                 (xa, y0 + h), (xa, y0)]
        codes = [MPath.MOVETO] + [MPath.CURVE4] * 3 + [MPath.LINETO] + \
            [MPath.CURVE4] * 3 + [MPath.CLOSEPOLY]
        ax.add_patch(PathPatch(MPath(verts, codes), color=cmap(i % 10), alpha=0.5, lw=0))
    for k, c in enumerate(cols):
        y = 0.0
        for lab, v in sorted(c.items(), key=lambda kv: -kv[1]):
            ax.add_patch(plt.Rectangle((-k - 0.03, y), 0.06, v / total, color="k"))
            left = k == depth and k > 0  # emitting column: label outside, left of the bar
            ax.text(-k - 0.06 if left else -k + 0.06, y + v / total / 2, lab, fontsize=7,
                    va="center", ha="right" if left else "left")
            y += v / total + 0.02
    ax.set_xlim(-depth - 1.4, 1.2)
    top = max(1.1, max((sum(c.values()) / total + 0.02 * len(c) for c in cols), default=1.1))
    ax.set_ylim(-0.05, top + (0.1 if synthetic else 0.0))  # room for the SYNTHETIC label
    ax.axis("off")
    ax.set_title(title or "Top structural paths (left: emitting node, right: final demand)")
    return _save(fig, path, synthetic)


def interval_bars(intervals: pd.DataFrame, path: str | Path, title: str = "", unit: str = "",
                  level: float = 0.95, top: int = 31, synthetic: bool = False) -> Path:
    """Monte Carlo intervals (``intervals`` from :meth:`MCResult.intervals`: deterministic,
    median and the two percentile columns) as horizontal bars, largest deterministic value
    on top: the capped bar spans the interval, a dot marks the deterministic result."""
    plt = _plt()
    lo_col, hi_col = [c for c in intervals.columns if c.startswith("p")][:2]
    d = intervals.sort_values("deterministic", ascending=False).head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.28 * len(d) + 1.4))
    y = np.arange(len(d))
    mid = d["deterministic"]
    ax.errorbar(mid, y, xerr=[(mid - d[lo_col]).clip(lower=0), (d[hi_col] - mid).clip(lower=0)],
                fmt="none", ecolor="#6baed6", elinewidth=2, capsize=4,
                label=f"{100 * level:g} % 区间 interval")
    ax.plot(mid, y, "o", color="#08519c", ms=4, label="确定值 deterministic")
    ax.set_yticks(y)
    ax.set_yticklabels([str(i) for i in d.index], fontsize=8)
    ax.set_xlabel(unit)
    ax.set_xlim(left=0)
    ax.set_ylim(-0.7, len(d) + 0.4)  # headroom above the top row for the SYNTHETIC label
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title, fontsize=10)
    return _save(fig, path, synthetic)
