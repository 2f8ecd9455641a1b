"""CO2 from prebaked anode consumption in electrolysis (IPCC 2006 Vol.3 Eq. 4.21).

E_CO2 = MP x NAC x (100 - S_a - Ash_a)/100 x 44/12

The same formula is used by US EPA 40 CFR 98 subpart F and by the Chinese MEE/NDRC electrolytic
aluminium guidelines (E = NAC x (1 - S_a - A_a) x 44/12 per t Al). GB/T 44905-2024 Table A.4 lists
prebaked-anode consumption (预焙阳极消耗) as a process emission of the electrolysis unit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from alcarbon.errors import InputError
from alcarbon.methods._validate import C_TO_CO2, impurity_pair, quantity, tonnes
from alcarbon.methods.defaults import default
from alcarbon.pintlib import pint
from alcarbon.units import ureg

_NO_NAC = (
    "net_anode_consumption has no default and must be supplied from plant records (t anode per t "
    "Al, gross anode consumed minus butts returned; see net_anode_from_inventory). No sourced "
    "default exists: the IPCC 2006 default was not found, US EPA 40 CFR 98 Table F-2 requires "
    "facility records, and the Chinese guideline values (0.42, 0.411 t/t) are unverified"
)


def anode_consumption(
    production: pint.Quantity,
    *,
    net_anode_consumption: pint.Quantity | None = None,
    sulfur_pct: Any = default("S_a"),
    ash_pct: Any = default("Ash_a"),
) -> dict[str, pint.Quantity]:
    """CO2 from prebaked anode consumption (IPCC 2006 Vol.3 Ch.4.4 Eq. 4.21).

    CO2 [t] = MP [t Al] x NAC [t/t Al] x (100 - S_a - Ash_a)/100 x 44/12

    Parameters
    ----------
    production:
        Metal production MP, a mass (``Q_(100_000, "t")``).
    net_anode_consumption:
        NAC, net baked-anode consumption per tonne of aluminium, a mass ratio such as
        ``Q_(0.42, "t/t")`` or ``Q_(420, "kg/t")``. **Required; there is no default** (no
        sourced value exists, see the module docs); omitting it raises :class:`InputError`.
    sulfur_pct, ash_pct:
        Sulfur and ash content of the baked anode, weight percent. Defaults 2.0 % and 0.4 %
        (``DEFAULTS["S_a"]``, ``DEFAULTS["Ash_a"]``: IPCC 2006 Eq. 4.21 defaults, also US EPA
        40 CFR 98 Table F-2). Their sum must stay below 100 %.

    Returns ``{"CO2": t}``.
    """
    mp = quantity("production", production, "mass", 'Q_(100000, "t")')
    if net_anode_consumption is None:
        raise InputError(_NO_NAC, expected='net_anode_consumption=Q_(0.42, "t/t")')
    nac = quantity(
        "net_anode_consumption", net_anode_consumption, "dimensionless", 'Q_(0.42, "t/t")'
    )
    carbon_share = impurity_pair("sulfur_pct", sulfur_pct, "ash_pct", ash_pct)
    co2 = mp.to("t").magnitude * nac.to("t/t").magnitude * carbon_share * C_TO_CO2
    return {"CO2": tonnes(co2)}


def net_anode_from_inventory(
    anode_consumed: pint.Quantity,
    butts_returned: pint.Quantity,
    production: pint.Quantity,
) -> pint.Quantity:
    """Net anode consumption NAC = (baked anodes set in the cells - butts returned) / MP, in t/t.

    All three are masses over the same period (e.g. one year): baked anodes consumed (gross),
    anode butts removed from the cells, and metal produced. Returns a quantity in ``t/t``.
    """
    gross = quantity("anode_consumed", anode_consumed, "mass", 'Q_(52000, "t")')
    butts = quantity("butts_returned", butts_returned, "mass", 'Q_(10000, "t")')
    mp = quantity("production", production, "mass", 'Q_(100000, "t")')
    g, b, p = (gross.to("t").magnitude, butts.to("t").magnitude, mp.to("t").magnitude)
    if np.any(np.asarray(p, dtype=float) <= 0):
        raise InputError("production is zero", expected="metal production > 0 t")
    if np.any(np.asarray(b, dtype=float) > np.asarray(g, dtype=float)):
        raise InputError(
            f"butts_returned ({butts:~}) exceed anode_consumed ({gross:~})",
            expected="butts returned <= gross anodes consumed",
        )
    return ureg.Quantity((g - b) / p, "t/t")
