"""CO2 from carbonate decomposition (IPCC 2006 Vol.3 Ch.2; stoichiometric factors as its Table 2.1).

E_CO2 = M x purity x F_calcined x EF_mineral, where EF_mineral = n_C x M(CO2) / M(mineral), the
stoichiometric CO2 released when all carbonate carbon leaves as CO2.

Uses in the aluminium chain: limestone calcination in the alumina refinery (GB/T 44905-2024
Table A.2 石灰石煅烧分解; CaCO3 -> CaO + CO2) and carbonate decomposition in electrolysis
(Table A.4 碳酸盐分解排放, e.g. soda ash Na2CO3 added to the pots). The Chinese MEE-2024 type
calculators use the same stoichiometric factors (domain-data 2.2); the NDRC-2013 template's
0.405 t CO2/t limestone (low-medium confidence) is a purity-adjusted value and is not shipped:
pass ``purity`` instead.

Molar masses are computed from the IUPAC 2021 abridged standard atomic weights (CIAAW;
Prohaska et al., Pure Appl. Chem. 94 (2022) 573-600), listed in :data:`ATOMIC_WEIGHTS`.
"""

from __future__ import annotations

from typing import Any

from alcarbon.methods._validate import choice, fraction, quantity, tonnes
from alcarbon.pintlib import pint

ATOMIC_WEIGHTS: dict[str, float] = {
    "H": 1.0080,
    "Li": 6.94,
    "C": 12.011,
    "O": 15.999,
    "Na": 22.990,
    "Mg": 24.305,
    "K": 39.098,
    "Ca": 40.078,
    "Mn": 54.938,
    "Fe": 55.845,
    "Sr": 87.62,
    "Ba": 137.33,
}
"""IUPAC 2021 abridged standard atomic weights, g/mol (conventional values for H, Li, C, O, Mg)."""

# Composition of each mineral: element -> atoms per formula unit.
_FORMULAS: dict[str, dict[str, int]] = {
    "CaCO3": {"Ca": 1, "C": 1, "O": 3},
    "MgCO3": {"Mg": 1, "C": 1, "O": 3},
    "Na2CO3": {"Na": 2, "C": 1, "O": 3},
    "NaHCO3": {"Na": 1, "H": 1, "C": 1, "O": 3},
    "CaMg(CO3)2": {"Ca": 1, "Mg": 1, "C": 2, "O": 6},
    "FeCO3": {"Fe": 1, "C": 1, "O": 3},
    "MnCO3": {"Mn": 1, "C": 1, "O": 3},
    "BaCO3": {"Ba": 1, "C": 1, "O": 3},
    "Li2CO3": {"Li": 2, "C": 1, "O": 3},
    "K2CO3": {"K": 2, "C": 1, "O": 3},
    "SrCO3": {"Sr": 1, "C": 1, "O": 3},
}
MINERALS: tuple[str, ...] = tuple(_FORMULAS)


def molar_mass(composition: dict[str, int]) -> float:
    """Molar mass in g/mol of a composition {element: count} from :data:`ATOMIC_WEIGHTS`."""
    return sum(ATOMIC_WEIGHTS[el] * n for el, n in composition.items())


def co2_factor(mineral: str) -> float:
    """Stoichiometric factor t CO2 per t of pure ``mineral`` (all carbon released as CO2).

    E.g. CaCO3: 44.009/100.086 = 0.43971; NaHCO3 counts its one carbon (0.52388), as IPCC 2006
    Vol.3 Table 2.1 does.
    """
    name = choice("mineral", mineral, MINERALS)
    comp = _FORMULAS[name]
    co2 = molar_mass({"C": 1, "O": 2})
    return comp["C"] * co2 / molar_mass(comp)


def carbonate_decomposition(
    mass: pint.Quantity,
    *,
    mineral: str = "CaCO3",
    purity: Any = 1.0,
    calcined_fraction: Any = 1.0,
) -> dict[str, pint.Quantity]:
    """CO2 from decomposing ``mass`` of a carbonate-bearing material.

    CO2 [t] = mass [t] x purity x calcined_fraction x EF_mineral [t CO2/t]

    Parameters
    ----------
    mass:
        Material consumed (mass), e.g. limestone ``Q_(8000, "t")``.
    mineral:
        One of CaCO3, MgCO3, Na2CO3, NaHCO3, CaMg(CO3)2, FeCO3, MnCO3, BaCO3, Li2CO3, K2CO3, SrCO3
        (case-insensitive); an unknown name raises :class:`InputError` listing these.
    purity:
        Mass fraction of the carbonate in the material, 0-1 (default 1.0: pure).
    calcined_fraction:
        Fraction of the carbonate actually decomposed, 0-1 (IPCC F_i; default 1.0).

    Returns ``{"CO2": t}``.
    """
    m = quantity("mass", mass, "mass", 'Q_(8000, "t")').to("t").magnitude
    ef = co2_factor(mineral)
    p = fraction("purity", purity)
    f = fraction("calcined_fraction", calcined_fraction)
    return {"CO2": tonnes(m * p * f * ef)}
