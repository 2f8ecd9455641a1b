"""CO2 from anode baking in prebake plants (IPCC 2006 Vol.3 Ch.4.4 Eqs. 4.22 and 4.23).

- pitch volatiles combustion (Eq. 4.22): E = (GA - H_w - BA - WT) x 44/12
- bake-furnace packing material (Eq. 4.23): E = PCC x BA x (100 - S_pc - Ash_pc)/100 x 44/12

GB/T 44905-2024 Table A.3 lists both as process emissions of the prebaked-anode unit (焙烧炉中生阳极
挥发物的燃烧, 焙烧炉中填充材料的燃烧).

Petroleum-coke calcination (Table A.3 煅烧炉中石油焦的燃烧) is a separate method, a carbon
balance of the calciner: :mod:`alcarbon.methods.calcination`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from alcarbon.errors import InputError
from alcarbon.methods._validate import (
    C_TO_CO2,
    choice,
    fraction,
    impurity_pair,
    number,
    quantity,
    tonnes,
)
from alcarbon.methods.defaults import default
from alcarbon.pintlib import pint

FURNACES: tuple[str, ...] = ("other", "riedhammer")


def pitch_volatiles(
    green_anode: pint.Quantity,
    baked_anode: pint.Quantity,
    *,
    hydrogen_fraction: Any = default("H_w_fraction"),
    waste_tar: pint.Quantity | None = None,
    furnace: str = "other",
) -> dict[str, pint.Quantity]:
    """CO2 from combustion of pitch volatiles in the baking furnace (IPCC 2006 Eq. 4.22).

    CO2 [t] = (GA - H_w - BA - WT) x 44/12, with H_w = hydrogen_fraction x GA.

    Parameters
    ----------
    green_anode:
        GA, initial weight of green anodes put in the furnace (mass).
    baked_anode:
        BA, baked anode production (mass).
    hydrogen_fraction:
        Hydrogen content of green anodes as a fraction of GA; default 0.005
        (``DEFAULTS["H_w_fraction"]``, IPCC 2006 / 40 CFR 98 Table F-2).
    waste_tar:
        WT, waste tar collected (mass). If None: 0.005 x GA for Riedhammer furnaces, 0 for other
        furnaces (``DEFAULTS["WT_fraction_riedhammer"]`` / ``["WT_fraction_other"]``).
    furnace:
        ``"other"`` or ``"riedhammer"`` (case-insensitive); only used for the waste-tar default.

    Returns ``{"CO2": t}``. Raises :class:`InputError` if GA - H_w - BA - WT < 0 (inconsistent
    weights: the baked anodes cannot weigh more than the green anodes minus hydrogen and tar).
    """
    ga = quantity("green_anode", green_anode, "mass", 'Q_(105500, "t")').to("t").magnitude
    ba = quantity("baked_anode", baked_anode, "mass", 'Q_(100000, "t")').to("t").magnitude
    h_frac = fraction("hydrogen_fraction", hydrogen_fraction)
    kind = choice("furnace", furnace, FURNACES)
    if waste_tar is None:
        wt = ga * default(f"WT_fraction_{kind}")
    else:
        wt = quantity("waste_tar", waste_tar, "mass", 'Q_(500, "t")').to("t").magnitude
    carbon = ga - h_frac * ga - ba - wt
    if np.any(np.asarray(carbon, dtype=float) < 0):
        raise InputError(
            f"green anode minus hydrogen, baked anode and waste tar is negative ({carbon!r} t)",
            expected="GA - H_w - BA - WT >= 0: check green and baked anode weights",
        )
    return {"CO2": tonnes(carbon * C_TO_CO2)}


def packing_coke(
    baked_anode: pint.Quantity,
    *,
    packing_coke_per_t: Any = default("PCC"),
    sulfur_pct: Any = default("S_pc"),
    ash_pct: Any = default("Ash_pc"),
) -> dict[str, pint.Quantity]:
    """CO2 from packing coke burnt in the baking furnace (IPCC 2006 Eq. 4.23).

    CO2 [t] = PCC [t/t BA] x BA [t] x (100 - S_pc - Ash_pc)/100 x 44/12

    Parameters
    ----------
    baked_anode:
        BA, baked anode production (mass).
    packing_coke_per_t:
        PCC, packing coke consumed per tonne of baked anode: a number in t/t or a mass ratio
        quantity (``Q_(15, "kg/t")``). Default 0.015 (``DEFAULTS["PCC"]``; IPCC 2006, 40 CFR 98
        Table F-2).
    sulfur_pct, ash_pct:
        Sulfur and ash content of packing coke, weight percent; defaults 2.0 % and 2.5 %
        (``DEFAULTS["S_pc"]``, ``DEFAULTS["Ash_pc"]``, IPCC 2006 via the GHG Protocol workbook).

    Returns ``{"CO2": t}``.
    """
    ba = quantity("baked_anode", baked_anode, "mass", 'Q_(100000, "t")').to("t").magnitude
    pcc = number(
        "packing_coke_per_t", packing_coke_per_t, unit_hint="t packing coke per t baked anode"
    )
    carbon_share = impurity_pair("sulfur_pct", sulfur_pct, "ash_pct", ash_pct)
    return {"CO2": tonnes(pcc * ba * carbon_share * C_TO_CO2)}
