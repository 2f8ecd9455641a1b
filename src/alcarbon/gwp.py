"""Global warming potential (GWP100) sets: AR6 (default, GB/T 44905-2024 Appendix D), AR5, AR4, SAR.

A GWP converts a mass of gas into a mass of CO2e: t CO2e = t gas x GWP (GB/T 44905 8.2,
formula (1)).
Values are dimensionless (t CO2e per t gas). Gases are keyed by the chemical formula written in
Table D.1 of GB/T 44905-2024; common names such as ``HFC-134a`` or ``PFC-14`` are accepted too.

Sources:
- AR6: GB/T 44905-2024 Appendix D, Table D.1 (taken from IPCC AR6 WG1, 2021). The same numbers
  are in IPCC AR6 WG1 Chapter 7 Supplementary Material Table 7.SM.7, as carried by the CC0 package
  ``globalwarmingpotentials`` 0.13.2 (openclimatedata), which agrees for every gas of Table D.1.
- AR5: IPCC AR5 WG1 Chapter 8 Table 8.A.1, transcribed from ``globalwarmingpotentials`` 0.13.2
  column AR5GWP100 (its source: GHG Protocol "Global Warming Potential Values", 16 Feb 2016).
- AR4: IPCC AR4 WG1 Chapter 2 Table 2.14, transcribed from the same package, column AR4GWP100
  (same GHG Protocol list). That list has no AR4 value for HFC-41, HFC-134 and HFC-143; they are
  absent here.
- SAR: IPCC Second Assessment Report, same package, column SARGWP100 (GHG Protocol list). Kept
  because the NDRC-2013-type Chinese enterprise guidelines use SAR values for CF4/C2F6 (6500/9200).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from alcarbon.errors import GWPSetError, InputError

DEFAULT_GWP_SET = "AR6"

# Formula (as in GB/T 44905 Table D.1) -> accepted other names.
_NAMES: dict[str, tuple[str, ...]] = {
    "CO2": ("carbon dioxide", "二氧化碳"),
    "CH4": ("methane", "甲烷"),
    "N2O": ("nitrous oxide", "氧化亚氮"),
    "NF3": ("nitrogen trifluoride", "三氟化氮"),
    "CHF3": ("HFC-23",),
    "CH2F2": ("HFC-32",),
    "CH3F": ("HFC-41",),
    "C2HF5": ("HFC-125",),
    "CHF2CHF2": ("HFC-134",),
    "C2H2F4": ("HFC-134a",),
    "CH2FCHF2": ("HFC-143",),
    "CH3CF3": ("HFC-143a",),
    "C2H4F2": ("HFC-152a",),
    "C3HF7": ("HFC-227ea",),
    "C3H2F6": ("HFC-236fa",),
    "CF4": ("PFC-14", "perfluoromethane", "tetrafluoromethane", "全氟甲烷", "四氟甲烷"),
    "C2F6": ("PFC-116", "perfluoroethane", "hexafluoroethane", "全氟乙烷", "六氟乙烷"),
    "C3F8": ("PFC-218", "perfluoropropane", "全氟丙烷"),
    "C4F10": ("PFC-31-10", "perfluorobutane", "全氟丁烷"),
    "c-C4F8": ("C4F8", "cC4F8", "PFC-318", "perfluorocyclobutane", "全氟环丁烷"),
    "C5F12": ("PFC-41-12", "perfluoropentane", "全氟戊烷"),
    "C6F14": ("PFC-51-14", "perfluorohexane", "全氟己烷"),
    "SF6": ("sulphur hexafluoride", "sulfur hexafluoride", "六氟化硫"),
}

_ORDER = tuple(_NAMES)

# Columns: AR6 (GB/T 44905 Table D.1), AR5, AR4, SAR.  None = not given by the source.
_TABLE: dict[str, tuple[float, float, float | None, float | None]] = {
    "CO2": (1, 1, 1, 1),
    "CH4": (27.9, 28, 25, 21),
    "N2O": (273, 265, 298, 310),
    "NF3": (17400, 16100, 17200, None),
    "CHF3": (14600, 12400, 14800, 11700),
    "CH2F2": (771, 677, 675, 650),
    "CH3F": (135, 116, None, 150),
    "C2HF5": (3740, 3170, 3500, 2800),
    "CHF2CHF2": (1260, 1120, None, 1000),
    "C2H2F4": (1530, 1300, 1430, 1300),
    "CH2FCHF2": (364, 328, None, 300),
    "CH3CF3": (5810, 4800, 4470, 3800),
    "C2H4F2": (164, 138, 124, 140),
    "C3HF7": (3600, 3350, 3220, 2900),
    "C3H2F6": (8690, 8060, 9810, 6300),
    "CF4": (7380, 6630, 7390, 6500),
    "C2F6": (12400, 11100, 12200, 9200),
    "C3F8": (9290, 8900, 8830, 7000),
    "C4F10": (10000, 9200, 8860, 7000),
    "c-C4F8": (10200, 9540, 10300, 8700),
    "C5F12": (9220, 8550, 9160, 7500),
    "C6F14": (8620, 7910, 9300, 7400),
    "SF6": (25200, 23500, 22800, 23900),
}

_SOURCES = {
    "AR6": "GB/T 44905-2024 Appendix D Table D.1 (IPCC AR6 WG1 2021; equal to AR6 WG1 Ch.7 "
    "SM Table 7.SM.7)",
    "AR5": "IPCC AR5 WG1 (2013) Ch.8 Table 8.A.1, via GHG Protocol GWP list (2016) as carried by "
    "the CC0 package globalwarmingpotentials 0.13.2",
    "AR4": "IPCC AR4 WG1 (2007) Ch.2 Table 2.14, via GHG Protocol GWP list (2016) as carried by "
    "the CC0 package globalwarmingpotentials 0.13.2",
    "SAR": "IPCC Second Assessment Report (1995), via GHG Protocol GWP list (2016) as carried by "
    "the CC0 package globalwarmingpotentials 0.13.2",
}


def _key(text: str) -> str:
    """Normalise a gas name: subscript digits to digits, drop spaces/dashes/underscores, upper."""
    sub = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
    return "".join(c for c in text.translate(sub) if c not in " -_·").upper()


_LOOKUP: dict[str, str] = {}
for _formula, _aliases in _NAMES.items():
    for _n in (_formula, *_aliases):
        _LOOKUP[_key(_n)] = _formula


@lru_cache(maxsize=512)
def canonical_gas(gas: str) -> str | None:
    """The Table D.1 formula for a gas name or formula (``CO2e`` -> ``CO2e``); None if unknown.

    Memoised: a pure function of the string over the fixed table above (one call per item)."""
    if _key(gas) == "CO2E":
        return "CO2e"
    return _LOOKUP.get(_key(gas))


@dataclass(frozen=True)
class GWPSet:
    """One set of 100-year GWPs (t CO2e per t gas), keyed by Table D.1 formula."""

    name: str
    source: str
    values: dict[str, float] = field(default_factory=dict)

    def factor(self, gas: str) -> float:
        """GWP100 of ``gas`` (formula or common name); 1.0 for ``CO2e``.

        Raises :class:`InputError` naming the gas and the set when the set has no value for it.
        """
        formula = canonical_gas(gas)
        if formula == "CO2e":
            return 1.0
        if formula is None or formula not in self.values:
            raise InputError(
                f"GWP set {self.name} has no value for gas {gas!r}",
                expected="one of " + ", ".join(self.values) + ", or CO2e",
            )
        return self.values[formula]


def _build(name: str, column: int) -> GWPSet:
    vals = {g: float(_TABLE[g][column]) for g in _ORDER if _TABLE[g][column] is not None}
    return GWPSet(name=name, source=_SOURCES[name], values=vals)


GWP_SETS: dict[str, GWPSet] = {
    "AR6": _build("AR6", 0),
    "AR5": _build("AR5", 1),
    "AR4": _build("AR4", 2),
    "SAR": _build("SAR", 3),
}


def get_gwp_set(name: str | None = None) -> GWPSet:
    """The GWP set called ``name`` (case-insensitive; None -> :data:`DEFAULT_GWP_SET`).

    Raises :class:`GWPSetError` listing the valid names when ``name`` is unknown.
    """
    key = (name or DEFAULT_GWP_SET).strip().upper()
    if key not in GWP_SETS:
        raise GWPSetError(f"unknown GWP set {name!r}", expected="one of " + ", ".join(GWP_SETS))
    return GWP_SETS[key]
