"""Measured values override computed ones, gas by gas.

GB/T 44905-2024 6.1: site data (现场数据), from measurement or statistics, are primary data, and
secondary data are used only where primary data cannot be collected; 7.1.3.2.4 d asks the
electrolysis unit for the measured PFC total.
"""

from __future__ import annotations

from collections.abc import Mapping

from alcarbon.errors import InputError
from alcarbon.methods._validate import quantity
from alcarbon.pintlib import pint


def apply_measured(
    computed: Mapping[str, pint.Quantity], measured: Mapping[str, pint.Quantity]
) -> dict[str, pint.Quantity]:
    """Return a new ``{gas: t}`` where every gas present in ``measured`` replaces the computed one.

    - A gas in both: the measured mass is used (converted to t); the computed one is dropped.
    - A gas only in ``computed``: kept as computed (e.g. measured CF4 and C2F6, computed CO2).
    - A gas only in ``measured``: added (the measurement covers a gas the method does not model).

    Neither input is modified. Measured values must be non-negative masses; a gas name must be a
    non-empty string such as ``"CO2"``, ``"CF4"``, ``"C2F6"``.
    """
    out = {gas: q for gas, q in computed.items()}
    for gas, q in measured.items():
        if not isinstance(gas, str) or not gas.strip():
            raise InputError(
                f"measured gas name {gas!r} is not a formula", expected='"CO2", "CF4", "C2F6"'
            )
        out[gas] = quantity(f"measured[{gas!r}]", q, "mass", 'Q_(2.5, "t")').to("t")
    return out
