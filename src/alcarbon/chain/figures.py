"""Figures of a chain run (PNG and SVG via :func:`alcarbon.plotting.savefig`), Chinese labels.

The province map is a tile-grid map: each province one square at a fixed grid position
(``data/chain/provinces.csv``). No province geometry with a clear public-domain or permissive
licence was available offline (docs/chain.md, "Map"); the tile grid keeps every province the same
size, which suits a comparison of intensities.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from alcarbon.chain import lmdi, schema
from alcarbon.chain.figsave import save_png_svg as savefig
from alcarbon.chain.provinces import by_id, zh_name
from alcarbon.plotting import mark_synthetic, setup

STAGE_COLOURS = {"bauxite_mining": "#8c6d31", "alumina_refining": "#e6550d",
                 "anode_production": "#636363", "electrolysis": "#3182bd", "casting": "#9ecae1",
                 "processing": "#31a354"}


def _title(ax, text: str) -> None:
    """The axes title at its default place. ``y`` given, matplotlib skips moving the title above
    top-side tick labels (these figures have none), a pass over every tick label's extent on each
    draw: the same pixels, about 4 % less drawing time (bench/bench_chain.py phases)."""
    ax.set_title(text, y=1.0)


def time_series(nat: pd.DataFrame, path: Path, *, band: pd.DataFrame | None = None,
                synthetic: bool = False) -> list[Path]:
    """National upstream emissions (bars, Mt CO2e) and chain intensity (line, t CO2e/t Al).

    ``band``: Monte Carlo interval of the intensity per year (columns year, p2_5, p97_5; see
    :mod:`alcarbon.chain.montecarlo`), drawn as a shaded band around the line."""
    plt = setup()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.bar(nat["year"], nat["upstream"] / 1e6, color="#9ecae1", label="排放总量 total")
    ax.set_xlabel("年份 year")
    ax.set_ylabel("排放量 Mt CO2e")
    ax2 = ax.twinx()
    inten = nat["intensity_t_per_t_al"].to_numpy(dtype=float)
    top = float(np.nanmax(inten)) if np.isfinite(inten).any() else 1.0
    if band is not None and len(band):
        b = band.sort_values("year")
        ax2.fill_between(b["year"], b["p2_5"], b["p97_5"], color="#b30000", alpha=0.18, lw=0,
                         label="95% 区间 interval (Monte Carlo)")
        top = max(top, float(np.nanmax(b["p97_5"])))
    ax2.plot(nat["year"], nat["intensity_t_per_t_al"], color="#b30000", marker="o",
             label="强度 intensity")
    ax2.set_ylabel("碳强度 t CO2e/t 原铝")
    ax2.set_ylim(0, top * 1.15 if top == top and top > 0 else 1.0)
    bars = float(np.nanmax(nat["upstream"])) / 1e6 if len(nat) else 0.0
    ax.set_ylim(0, bars * 1.3 if bars > 0 else 1.0)
    _title(ax, "全国铝产业链碳排放与碳强度 National chain emissions and intensity")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", fontsize=8)
    if synthetic:
        mark_synthetic(fig)
    return savefig(fig, path)


def stage_bars(nat: pd.DataFrame, path: Path, *, synthetic: bool = False) -> list[Path]:
    """Stacked bars of national emissions per stage and year (Mt CO2e)."""
    plt = setup()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    bottom = np.zeros(len(nat))
    for s in [*schema.UPSTREAM_STAGES, "processing"]:
        v = nat[s].to_numpy() / 1e6
        ax.bar(nat["year"], v, bottom=bottom, color=STAGE_COLOURS[s], label=schema.STAGE_ZH[s])
        bottom += v
    ax.set_xlabel("年份 year")
    ax.set_ylabel("排放量 Mt CO2e")
    _title(ax, "分环节排放 Emissions by stage")
    ax.legend(loc="upper left", fontsize=8)
    if synthetic:
        mark_synthetic(fig)
    return savefig(fig, path)


def ranking_bars(rank: pd.DataFrame, column: str, label: str, path: Path, *,
                 synthetic: bool = False, scale: float = 1.0) -> list[Path]:
    """Horizontal bars of provinces sorted by ``column`` (highest on top), values divided by
    ``scale`` (the unit in ``label`` says which)."""
    plt = setup()
    df = rank.dropna(subset=[column]).sort_values(column)
    fig, ax = plt.subplots(figsize=(7, max(3.0, 0.28 * len(df) + 1)))
    # numeric bar positions with the names as fixed tick labels: what a category axis draws,
    # without its per-bar unit conversion
    pos = np.arange(len(df))
    ax.barh(pos, df[column].to_numpy(dtype=float) / scale, color="#3182bd")
    ax.set_yticks(pos, [zh_name(p) for p in df["province"]])
    # no "1e7" offset beside the axis: the unit is in the label, the ticks are the values
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)
    ax.set_xlabel(label)
    year = int(rank["year"].iloc[0]) if len(rank) else ""
    _title(ax, f"省份排名 Province ranking {year}")
    if synthetic:
        mark_synthetic(fig)
    return savefig(fig, path)


def tile_map(values: dict[str, float], label: str, title: str, path: Path, *,
             synthetic: bool = False) -> list[Path]:
    """Tile-grid map of China's provinces coloured by ``values`` (province id -> number);
    provinces without a value are grey."""
    plt = setup()
    from matplotlib import cm, colors
    from matplotlib.collections import PolyCollection

    provs = by_id()
    finite = [v for v in values.values() if v == v]
    vmin, vmax = (min(finite), max(finite)) if finite else (0.0, 1.0)
    norm = colors.Normalize(vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1)
    cmap = plt.get_cmap("YlOrRd")
    fig, ax = plt.subplots(figsize=(8, 7))
    squares, faces = [], []
    for pid, p in provs.items():
        v = values.get(pid, float("nan"))
        faces.append(cmap(norm(v)) if v == v else "#dddddd")
        x, y = p.tile_col, -p.tile_row
        squares.append([(x, y), (x + 0.95, y), (x + 0.95, y + 0.95), (x, y + 0.95)])
        dark = v == v and norm(v) > 0.6
        ax.text(p.tile_col + 0.475, -p.tile_row + 0.6, p.zh, ha="center", va="center",
                fontsize=9, color="white" if dark else "black")
        if v == v:
            ax.text(p.tile_col + 0.475, -p.tile_row + 0.28, f"{v:.3g}", ha="center",
                    va="center", fontsize=7, color="white" if dark else "black")
    # the tiles as one collection: one artist to lay out and draw instead of 31 patches
    ax.add_collection(PolyCollection(squares, facecolors=faces, edgecolors="white",
                                     linewidths=1.0, joinstyle="miter", zorder=1),
                      autolim=False)
    ax.set_xlim(-0.2, 10.2)
    ax.set_ylim(-8.2, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.colorbar(cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, label=label)
    _title(ax, title)
    if synthetic:
        mark_synthetic(fig)
    return savefig(fig, path)


def waterfall_levels(start: float, steps: list[float]) -> tuple[list[float], float]:
    """Running levels of a waterfall (the bottom of each step bar) and the highest point any
    bar reaches (for the head-room of the frame)."""
    levels, level, top = [], start, max(start, 0.0)
    for s in steps:
        levels.append(level)
        level += s
        top = max(top, level, level - s)
    return levels, max(top, level)


def waterfall(dec: pd.DataFrame, path: Path, *, synthetic: bool = False) -> list[Path]:
    """Waterfall of the national LMDI effects from the base-year to the target-year emissions.

    Every value is written inside the frame: on the bar when it is tall enough, else just above
    it; the y range leaves 15 % head-room above the highest bar."""
    plt = setup()
    row = dec[dec["province"] == "national"].iloc[0]
    y0, y1 = int(row["year_from"]), int(row["year_to"])
    labels = [f"{y0}年排放", *(lmdi.EFFECT_ZH[k] for k in lmdi.EFFECTS), f"{y1}年排放"]
    steps = [row[k] / 1e6 for k in lmdi.EFFECTS]
    start, end = row["emissions_from"] / 1e6, row["emissions_to"] / 1e6
    levels, top = waterfall_levels(start, steps)
    top = max(top, end)
    span = top if top > 0 else 1.0
    # the axes of the former 8 x 4.8 in figure (3.70 in tall between margins of 0.53 and
    # 0.58 in), with 0.25 in more below for the rotated labels, so they fall inside the canvas
    fig, ax = plt.subplots(figsize=(8, 5.05))
    fig.subplots_adjust(bottom=(0.528 + 0.25) / 5.05, top=1 - 0.576 / 5.05)

    def label(x: float, bottom: float, height: float, text: str) -> None:
        if abs(height) >= 0.08 * span:  # room inside the bar
            ax.text(x, bottom + height / 2, text, ha="center", va="center", fontsize=8,
                    color="white")
        else:
            ax.text(x, max(bottom, bottom + height) + 0.02 * span, text, ha="center",
                    va="bottom", fontsize=8)

    ax.bar(0, start, color="#969696")
    label(0, 0.0, start, f"{start:.2f}")
    for i, (s, lev) in enumerate(zip(steps, levels, strict=True), start=1):
        ax.bar(i, s, bottom=lev, color="#de2d26" if s > 0 else "#31a354")
        label(i, lev, s, f"{s:+.2f}")
    ax.bar(len(steps) + 1, end, color="#636363")
    label(len(steps) + 1, 0.0, end, f"{end:.2f}")
    ax.set_ylim(min(0.0, min(levels + [end])), top * 1.15 if top > 0 else 1.0)
    ax.set_xlim(-0.6, len(steps) + 1.6)
    ax.set_xticks(range(len(labels)), labels, rotation=20, ha="right")
    ax.set_ylabel("Mt CO2e")
    _title(ax, f"LMDI 分解 {y0}-{y1} decomposition")
    if synthetic:
        mark_synthetic(fig)
    return savefig(fig, path)


def figure_jobs(nat, rank, attributed, dec, out: Path, *, band: pd.DataFrame | None = None,
                synthetic: bool = False) -> list[tuple]:
    """Every figure of a run into ``out`` as jobs ``(function, args, kwargs)``, each returning
    the files it writes (:mod:`alcarbon.chain.parallel` runs them here or in workers)."""
    syn = {"synthetic": synthetic}
    jobs: list[tuple] = [
        (time_series, (nat, out / "chain_time_series"), {"band": band, **syn}),
        (stage_bars, (nat, out / "chain_stage_bars"), syn),
        (ranking_bars, (rank, "total", "排放总量 Mt CO2e", out / "chain_ranking_total"),
         {"scale": 1e6, **syn}),
        (ranking_bars, (rank, "tco2e_per_t", "碳强度 t CO2e/t 原铝",
                        out / "chain_ranking_intensity"), syn),
    ]
    year = int(rank["year"].iloc[0]) if len(rank) else max(attributed["year"])
    last = attributed[attributed["year"] == year]
    inten = dict(zip(last["province"], last["tco2e_per_t"], strict=True))
    tot = dict(zip(rank["province"], rank["total"] / 1e6, strict=True))
    jobs += [
        (tile_map, (inten, "t CO2e/t 原铝", f"原铝产业链碳强度 Chain intensity {year}",
                    out / "chain_map_intensity"), syn),
        (tile_map, (tot, "Mt CO2e", f"铝产业链排放总量 Chain emissions {year}",
                    out / "chain_map_total"), syn),
    ]
    if dec is not None:
        jobs.append((waterfall, (dec, out / "chain_lmdi_waterfall"), syn))
    return jobs


def all_figures(nat, rank, attributed, dec, out: Path, *, band: pd.DataFrame | None = None,
                synthetic: bool = False) -> list[Path]:
    """Every figure of a run into ``out``, drawn in this process; returns the files written.
    ``synthetic`` stamps each figure (see :func:`alcarbon.plotting.mark_synthetic`); ``band``
    as in :func:`time_series`."""
    from alcarbon.atomic import make_dir

    make_dir(out)
    files: list[Path] = []
    for fn, args, kwargs in figure_jobs(nat, rank, attributed, dec, out, band=band,
                                        synthetic=synthetic):
        files += fn(*args, **kwargs)
    return files
