"""CO2 from petroleum-coke calcination (GB/T 44905-2024 Table A.3 煅烧炉中石油焦的燃烧).

A carbon mass balance of the calciner: the carbon of the green coke fed that does not leave in
the calcined coke or the collected dust is lost as volatile matter and coke burn-off and burns
to CO2 in the calciner:

    CO2 [t] = 44/12 x [GC x (1 - m_gc/100) x C_gc/100 - CC x C_cc/100 - D x C_d/100]

GC green coke fed (t, as received, moisture m_gc %), C_gc its carbon content (% of dry mass), CC
calcined coke produced (t), C_cc its carbon content (%), D coke dust collected and not returned
to the calciner (t), C_d its carbon content (% , default C_cc).

This is the carbon balance of the GHG Protocol / IAI aluminium-sector workbook's calcination
sheet (green coke in, calcined coke and dust out; domain-data.md §3.3), written with total carbon
contents so that the carbon of the volatile matter is counted with the coke burn-off instead of
through a separate methane term. IPCC 2006 Vol.3 Ch.4.4 gives no calcination equation. No
default is shipped: carbon contents and weights are plant data (ultimate analysis of the cokes,
weighed flows); the workbook's defaults were not read in a primary source.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from alcarbon.errors import InputError
from alcarbon.methods._validate import C_TO_CO2, number, quantity, tonnes
from alcarbon.pintlib import pint


def _pct(name: str, value: Any, *, zero_ok: bool) -> Any:
    v = number(name, value, unit_hint="% of mass")
    arr = np.asarray(v, dtype=float)
    if np.any(arr > 100) or np.any(arr < 0) or (not zero_ok and np.any(arr == 0)):
        raise InputError(f"{name} = {value!r} %",
                         expected="a percentage " + ("0-100" if zero_ok else "above 0, up to 100"))
    return v


def coke_calcination(
    green_coke: pint.Quantity,
    calcined_coke: pint.Quantity,
    *,
    green_carbon_pct: Any,
    calcined_carbon_pct: Any,
    green_moisture_pct: Any = 0.0,
    dust: pint.Quantity | None = None,
    dust_carbon_pct: Any = None,
) -> dict[str, pint.Quantity]:
    """CO2 of calcining ``green_coke`` into ``calcined_coke`` (carbon balance, module docstring).

    Returns ``{"CO2": t}``. Raises :class:`InputError` when the carbon leaving in the calcined
    coke and dust exceeds the carbon fed (inconsistent weights or carbon contents).
    """
    gc = quantity("green_coke", green_coke, "mass", 'Q_(140000, "t")').to("t").magnitude
    cc = quantity("calcined_coke", calcined_coke, "mass", 'Q_(100000, "t")').to("t").magnitude
    c_g = _pct("green_carbon_pct", green_carbon_pct, zero_ok=False)
    c_c = _pct("calcined_carbon_pct", calcined_carbon_pct, zero_ok=False)
    m = _pct("green_moisture_pct", green_moisture_pct, zero_ok=True)
    d = 0.0 if dust is None else quantity("dust", dust, "mass", 'Q_(500, "t")').to("t").magnitude
    c_d = c_c if dust_carbon_pct is None else _pct("dust_carbon_pct", dust_carbon_pct,
                                                   zero_ok=True)
    carbon_in = gc * (1 - m / 100) * c_g / 100
    carbon_lost = carbon_in - cc * c_c / 100 - d * c_d / 100
    if np.any(np.asarray(carbon_lost, dtype=float) < 0):
        raise InputError(
            f"the calcined coke and dust carry more carbon than the green coke fed "
            f"({carbon_lost!r} t C)",
            expected="green coke x (1 - moisture) x carbon >= calcined coke x carbon + dust x "
            "carbon: check the weights and carbon contents",
        )
    return {"CO2": tonnes(carbon_lost * C_TO_CO2)}
