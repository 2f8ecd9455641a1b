"""System boundary diagram (Appendix E Figure E.1) drawn from the study's actual product system.

Layout: the production-stage units of the standard in process order on the middle row, other
units of the study (captive power plants, boilers) below them, the upstream stage (purchased
materials, fuels, electricity, transport; 5.3.2) above, the dashed cradle-to-gate boundary around
them, and what is outside (distribution, use, end of life; infrastructure 7.4 f) beyond it. Arrows
are the intermediate-product links of the technosphere matrix; the upstream stage reaches a unit
of the lower row down a gap of the middle row (:func:`_feed`).
"""

from __future__ import annotations

from typing import Any

from alcarbon.report.charts import _plt, to_markup
from alcarbon.zh_marks import is_cjk as _cjk

#: white ground under a label that lies on arrows, so that it stays legible
_GROUND = {"facecolor": "white", "edgecolor": "none", "pad": 0.8}

#: drawn at the size it is printed: 6.8 in plus the tight box's 0.1 in pad on each side is the
#: A4 text width of the PDF (178 mm = 7.0 in, report/render_typst.py), so the type sizes below
#: are the printed ones (the body text is 10 pt). Drawn at 9.6 in and scaled to the page, its
#: text had printed at 4.8-6.2 pt.
SIZE_IN = (6.8, 3.5)
#: a unit's box (data units: about 52 pt across, 62 pt up) and the step between the middle
#: row's boxes; the gap between two of them (0.9, about 47 pt) holds a 12-column link label
BOX_W, BOX_H, STEP = 1.1, 0.74, 2.0
NAME_PT, LINK_PT, NOTE_PT, CAPTION_PT = 8.0, 6.5, 6.5, 8.0

ORDER = ("bauxite_mining", "alumina_refining", "electrolysis", "casting")
BELOW_FIRST = ("anode_production",)


def _box(ax: Any, x: float, y: float, w: float, h: float, text: str, face: str,
         edge: str = "#1f4e79", ls: str = "-", size: float = NAME_PT, color: str = "black",
         note: str = "") -> None:
    """A box with ``text`` in the middle; ``note`` (the unit's wastes) in small type under it,
    inside the box, where no arrow arrives."""
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02",
                                facecolor=face, edgecolor=edge, linestyle=ls, lw=1.0))
    ax.text(x, y + (0.12 * h if note else 0.0), text, ha="center", va="center", fontsize=size,
            color=color, wrap=True)
    if note:
        ax.text(x, y - 0.34 * h, note, ha="center", va="center", fontsize=NOTE_PT,
                color="#7f6000")


def _arrow(ax: Any, a: tuple[float, float], b: tuple[float, float], text: str = "",
           rad: float = 0.0, color: str = "#404040", shrink_a: float = 2) -> None:
    """An arrow a -> b, ``text`` above its middle; ``shrink_a``: points left free at a."""
    ax.annotate("", xy=b, xytext=a,
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 0.9,
                            "connectionstyle": f"arc3,rad={rad}", "shrinkA": shrink_a,
                            "shrinkB": 2})
    if text:
        ax.text((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 0.06 + abs(rad) * 0.8, _wrap(text, 12),
                ha="center", va="bottom", fontsize=LINK_PT, color="#404040", bbox=_GROUND,
                zorder=4)


def _feed(ax: Any, gaps: list[float], x: float, y_end: float) -> None:
    """The upstream stage's arrow to a unit of the lower row at ``x``: down the gap between two
    middle-row boxes nearest to it (behind a link's label there), along the space between the
    rows, then down into the unit; straight down (behind the box) when the middle row has no
    gap. A plain stub would end on a middle-row box and read as one more input of that unit."""
    lane = min(gaps, key=lambda g: abs(g - x)) if gaps else x
    # it enters the unit off centre, on the lane's side: the unit's own links leave from the
    # centre of its top, with their labels
    at = x - 0.3 if lane <= x else x + 0.3
    ax.plot([lane, lane, at, at], [2.78, 1.42, 1.42, y_end + 0.12], color="#2e75b6", lw=0.9,
            solid_joinstyle="miter", zorder=0.5 if not gaps else 2)
    _arrow(ax, (at, y_end + 0.12), (at, y_end), color="#2e75b6", shrink_a=0)


def _width(s: str) -> int:
    return sum(2 if _cjk(ch) else 1 for ch in s)


#: marks that never begin a line (the line-breaking rule of Chinese text; ASCII ones as well)
_NO_LINE_START = frozenset("、，。；：！？）》」』】,.;:!?)")
#: marks that never end one
_NO_LINE_END = frozenset("（《「『【“(")


def _cut(word: str, room: int) -> int:
    """How many characters of ``word`` go on a line with ``room`` columns left: cut only next to
    a CJK character (never inside a Latin word or a number such as "7.4 f"), and a closing mark
    stays with the text before it, a little past the width. 0: nothing fits."""
    k = 0
    while k < len(word) and _width(word[:k + 1]) <= room:
        k += 1
    while 0 < k < len(word) and not (_cjk(word[k - 1]) or _cjk(word[k])):
        k -= 1
    while 0 < k < len(word) and word[k] in _NO_LINE_START:
        k += 1
    while 1 < k < len(word) and word[k - 1] in _NO_LINE_END:
        k -= 1
    return k


def _wrap(s: str, n: int) -> str:
    """Break a label into lines of about n columns (CJK count double): at spaces (a no-break
    space holds its neighbours together) and inside CJK runs (:func:`_cut`). A Latin word wider
    than n keeps a line of its own rather than being cut. A newline in ``s`` is kept as a break."""
    if "\n" in s:
        return "\n".join(_wrap(part, n) for part in s.split("\n"))
    out, line = [], ""
    for word in (w for w in s.split(" ") if w):
        while _width(word) > n and any(_cjk(ch) for ch in word):
            k = _cut(word, n - _width(line) - (1 if line else 0))
            if k == 0 and line:  # nothing more fits on this line
                out.append(line)
                line = ""
                continue
            if k == 0:  # a Latin run too wide for a line of its own: up to the next CJK
                k = next((i for i in range(1, len(word)) if _cjk(word[i])), len(word))
            out.append((line + " " if line else "") + word[:k])
            line, word = "", word[k:]
        if not word:
            continue
        if line and _width(line) + 1 + _width(word) > n:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return "\n".join(out)


def diagram(system: dict[str, Any], labels: dict[str, str], product_label: str,
            text: dict[str, str], names: dict[str, str] | None = None) -> str:
    """SVG of the boundary. ``labels``: unit id -> display name; ``text``: captions (boundary,
    upstream, outside, infrastructure; ``waste`` a format for the list of a unit's wastes, joined
    by ``sep``); ``names``: product/waste id -> display name."""
    names = names or {}
    plt = _plt()
    units = {u["id"]: u for u in system["units"]}
    main = [u for u in ORDER if u in units]
    others = [u for u in units if u not in ORDER and u not in BELOW_FIRST]
    others += [u for u in BELOW_FIRST if u in units]
    n = max(len(main), 1)
    fig, ax = plt.subplots(figsize=SIZE_IN)
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)  # the data fill the printed width
    xs = {u: 1.0 + i * STEP for i, u in enumerate(main)}
    for i, u in enumerate(others):
        xs[u] = 1.0 + (i + 0.5) * STEP * max(n - 1, 1) / max(len(others), 1)
    ys = {u: 1.9 for u in main} | {u: 0.55 for u in others}
    gaps = [1.0 + (i + 0.5) * STEP for i in range(len(main) - 1)]  # between middle-row boxes
    right = 1.0 + (n - 1) * STEP
    top = BOX_H / 2 + 0.02  # an arrow ends this far from a box's centre, above or below
    # boundary
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((0.2, -0.1), right + 0.6, 3.75, fill=False, ls="--", lw=1.2,
                           edgecolor="#c55a11"))
    ax.text(0.28, 3.58, text["boundary"], fontsize=CAPTION_PT, color="#c55a11", va="top")
    # upstream stage
    _box(ax, (right + 1.0) / 2, 3.05, right + 0.1, 0.55, _wrap(text["upstream"], 76),
         "#deebf7")
    for u in main + others:
        face = "#fbe5d6" if u in others else "#e2f0d9"
        wastes = units[u]["wastes"]
        note = text["waste"].format(text.get("sep", ", ").join(names.get(w, w) for w in wastes)
                                    ) if wastes else ""
        _box(ax, xs[u], ys[u], BOX_W, BOX_H, _wrap(labels.get(u, u), 13), face,
             note=_wrap(note, 16))
        if units[u]["purchased"] or units[u]["electricity"]:
            if u in main:
                _arrow(ax, (xs[u], 2.78), (xs[u], ys[u] + top), color="#2e75b6")
            else:
                _feed(ax, gaps, xs[u], ys[u] + top)
    labelled: set[str] = set()
    for link in system["links"]:
        a, b = link["from"], link["to"]
        if a not in xs or b not in xs:
            continue
        lab = "" if link["product"] in labelled else names.get(link["product"], link["product"])
        labelled.add(link["product"])
        pa, pb = (xs[a], ys[a]), (xs[b], ys[b])
        if ys[a] == ys[b]:
            step = BOX_W / 2 if xs[b] > xs[a] else -BOX_W / 2
            rad = 0.0 if abs(xs[b] - xs[a]) < 1.5 * STEP else -0.35  # past a box: curved
            _arrow(ax, (pa[0] + step, pa[1]), (pb[0] - step, pb[1]), lab, rad)
        else:
            up = ys[b] > ys[a]
            edge = BOX_H / 2 if up else -BOX_H / 2
            tail, head = (pa[0], pa[1] + edge), (pb[0], pb[1] - edge)
            _arrow(ax, tail, head, "", 0.0, color="#c55a11")
            if lab:  # on the arrow, a third of the way, over a white ground (one product
                # can fan out to several units from the same point)
                ax.text(tail[0] + (head[0] - tail[0]) * 0.35,
                        tail[1] + (head[1] - tail[1]) * 0.35,
                        _wrap(lab, 12), ha="center", va="center", fontsize=LINK_PT,
                        color="#c55a11", bbox=_GROUND, zorder=4)
    # outside the boundary
    last = main[-1] if main else (others[0] if others else None)
    # the product leaves across the boundary (x = right + 0.8); its name stands in the gap
    # between the boundary and the box of what is outside, clear of the dashed line
    _box(ax, right + 2.25, 1.9, 1.2, 0.9, _wrap(text["outside"], 16), "white", edge="#808080",
         ls=":", size=6.5, color="#606060")
    if last is not None:
        _arrow(ax, (xs[last] + BOX_W / 2 + 0.01, ys[last]), (right + 1.64, 1.9))
        ax.text(right + 1.22, 1.96, _wrap(product_label, 10), ha="center", va="bottom",
                fontsize=LINK_PT, color="#404040")
    ax.text(right + 2.25, 0.2, _wrap(text["infrastructure"], 16), ha="center",
            fontsize=LINK_PT, color="#606060")
    ax.set_xlim(0.0, right + 2.9)
    ax.set_ylim(-0.3, 3.75)
    ax.set_aspect("auto")
    ax.axis("off")
    return to_markup(fig)

