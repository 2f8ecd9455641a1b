"""Names of the engine's flow ids in Chinese and English, shared by the report, its facts JSON
and the web pages (below all of them, so none reaches into another's tables).

Two kinds of id are not catalogue flows:

* process emission sources (``anode_consumption``...), named as the rows of GB/T 44905
  Appendix A Tables A.3 and A.4;
* composed ids ``<prefix>:<flow>``: a transport leg of a row (engine/lines.py), a captive supply
  unit's line reported in its consumer (engine/item_lists.label), a co-product's displaced
  product and its credit (system expansion, 7.3), a measured emission.

A composed id is named by its prefix's word with the inner flow's name in brackets, so that a
transport leg of coal never reads as a purchase of coal, nor a system-expansion credit as the
co-product itself.
"""

from __future__ import annotations

from collections.abc import Callable

#: Process emission sources of the engine (alcarbon.engine.process), named as the rows of
#: GB/T 44905 Appendix A Tables A.3 (prebaked anode production) and A.4 (electrolysis).
SOURCES: dict[str, tuple[str, str]] = {
    "anode_consumption": ("预焙阳极消耗", "Prebaked anode consumption"),
    "anode_effect": ("阳极效应全氟化碳", "Anode effect PFCs"),
    "pitch_volatiles": ("生阳极挥发物燃烧", "Combustion of green-anode volatiles"),
    "packing_coke": ("填充料焦燃烧", "Combustion of packing coke"),
    "coke_calcination": ("煅烧炉中石油焦的燃烧", "Petroleum coke burnt in the calciner"),
    "carbonate": ("碳酸盐分解", "Carbonate decomposition"),
    # the baking furnace's two process sources of Table A.3 as one group: the data-quality
    # row and the parameters of process_emissions.baking
    "baking": ("阳极焙烧", "Anode baking"),
}

#: The words of the prefixes of composed flow ids. A user-defined supply unit's line reported in
#: its consumer is prefixed with the input kind of the link (engine/item_lists.label: electricity,
#: heat, steam; any other kind, or ``supply`` for none, is a captive supply unit).
_SUPPLY = ("自备供应单元", "Captive supply unit")
PREFIXES: dict[str, tuple[str, str]] = {
    "transport": ("运输", "Transport"),
    "carbonate": SOURCES["carbonate"],
    "electricity": ("自备电力", "Captive power"),
    "heat": ("自备热力", "Captive heat"),
    "steam": ("自备蒸汽", "Captive steam"),
    **dict.fromkeys(("supply", "material", "fuel", "water", "service", "intermediate"),
                    _SUPPLY),
    "displaced": ("系统扩展替代产品", "Product displaced by system expansion"),
    "credit": ("系统扩展抵扣", "System-expansion credit"),
    "measured": ("实测排放", "Measured emission"),
}


def _compose(word: tuple[str, str], inner: tuple[str, str]) -> tuple[str, str]:
    """(zh, en) of a prefix word with the inner flow's name: 运输（煅后焦）, Transport (...)."""
    return f"{word[0]}（{inner[0]}）", f"{word[1]} ({inner[1]})"


def flow_pair(flow: str, names: Callable[[str], tuple[str, str] | None]
              ) -> tuple[str, str] | None:
    """(zh, en) name of the flow id ``flow``: a process source by its Appendix A name, a
    composed id by its prefix's word and its inner flow (whose name is ``names(inner)``, else
    the inner id itself), any other id by ``names(flow)``; None when nothing names it (an
    unknown prefix included: the caller shows the id rather than a name that misleads)."""
    if flow in SOURCES:
        return SOURCES[flow]
    head, _, rest = flow.partition(":")
    if rest:
        word = PREFIXES.get(head)
        if word is None:
            return names(flow)
        inner = flow_pair(rest, names) or (rest, rest)
        return _compose(word, inner)
    return names(flow)
