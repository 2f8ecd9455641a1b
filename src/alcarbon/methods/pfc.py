"""PFC (CF4, C2F6) from anode effects in electrolysis (IPCC 2006 Vol.3 Ch.4.4).

GB/T 44905-2024 Table A.4 lists 阳极效应全氟化碳排放 as a process emission of the electrolysis unit
and 7.1.3.2.4 d asks for the measured PFC total.

Methods, from most to least preferred:

- :func:`pfc_measured` - measured CF4 and C2F6 totals (Tier 3 / plant measurement);
- :func:`pfc_slope` - anode-effect minutes: CF4 = S x AEM x MP (Tier 2/3 slope method; 40 CFR 98
  Eq. F-2), C2F6 = F_C2F6/CF4 x CF4 (40 CFR 98 Eq. F-4);
- :func:`pfc_overvoltage` - anode-effect overvoltage: CF4 = OVC x AEO/CE x MP (Tier 2/3 overvoltage
  method; EU Regulation 601/2012 Annex IV section 8 Method B), C2F6 as above;
- :func:`pfc_guideline` - per-tonne factors of a Chinese accounting guideline, supplied by the user;
- :func:`pfc_tier1` - IPCC Tier 1 default factors by cell technology.

All return ``{"CF4": t, "C2F6": t}``. Coefficients and factors are in kg gas per t Al, converted
to tonnes (/1000).
"""

from __future__ import annotations

from typing import Any

from alcarbon.errors import InputError
from alcarbon.methods._validate import choice, fraction, number, quantity, tonnes
from alcarbon.methods.defaults import DEFAULTS, TECHNOLOGIES, default
from alcarbon.pintlib import pint
from alcarbon.units import ureg

_KG_PER_T = 1000.0


def _result(mp_t: Any, cf4_kg_per_t: Any, c2f6_kg_per_t: Any) -> dict[str, pint.Quantity]:
    return {
        "CF4": tonnes(mp_t * cf4_kg_per_t / _KG_PER_T),
        "C2F6": tonnes(mp_t * c2f6_kg_per_t / _KG_PER_T),
    }


def _production(production: pint.Quantity) -> Any:
    return quantity("production", production, "mass", 'Q_(100000, "t")').to("t").magnitude


def pfc_slope(
    production: pint.Quantity,
    *,
    aem: Any,
    slope: Any = None,
    c2f6_ratio: Any = None,
    technology: str = "CWPB",
) -> dict[str, pint.Quantity]:
    """CF4 and C2F6 by the slope method (IPCC 2006 Vol.3 Ch.4.4 Tier 2/3; 40 CFR 98 Eqs. F-2, F-4).

    CF4 [kg] = S [(kg CF4/t Al)/(AE-min/cell-day)] x AEM [AE-min/cell-day] x MP [t Al]
    C2F6 [kg] = F_C2F6/CF4 [kg/kg] x CF4 [kg]

    Parameters
    ----------
    production:
        MP, metal production (mass).
    aem:
        Anode-effect minutes per cell-day (plain number >= 0).
    slope:
        S; default the IPCC Tier 2 coefficient of ``technology`` (CWPB 0.143, SWPB 0.272,
        VSS 0.092, HSS 0.099; ``DEFAULTS["pfc_slope.<T>"]``). A smelter-specific (Tier 3) value
        overrides it.
    c2f6_ratio:
        C2F6/CF4 weight fraction; default of ``technology`` (CWPB 0.121, SWPB 0.252, VSS 0.053,
        HSS 0.085).
    technology:
        ``CWPB``, ``SWPB``, ``VSS`` or ``HSS``; only selects the defaults.
    """
    mp = _production(production)
    tech = choice("technology", technology, TECHNOLOGIES)
    a = number("aem", aem, unit_hint="anode-effect minutes per cell-day")
    s = number("slope", default(f"pfc_slope.{tech}") if slope is None else slope,
               unit_hint="(kg CF4/t Al)/(AE-min/cell-day)")
    f = fraction("c2f6_ratio",
                 default(f"pfc_slope_c2f6_ratio.{tech}") if c2f6_ratio is None else c2f6_ratio)
    cf4 = s * a
    return _result(mp, cf4, f * cf4)


def pfc_overvoltage(
    production: pint.Quantity,
    *,
    aeo: Any,
    current_efficiency: Any,
    ovc: Any = None,
    c2f6_ratio: Any = None,
    technology: str = "CWPB",
) -> dict[str, pint.Quantity]:
    """CF4 and C2F6 by the overvoltage method (IPCC 2006 Vol.3 Ch.4.4 Tier 2/3).

    CF4 [kg] = OVC x AEO [mV] / CE [%] x MP [t Al];  C2F6 = F_C2F6/CF4 x CF4

    **Current-efficiency convention.** In the IPCC equation CE is the current efficiency
    *expressed as a percentage* (e.g. 94.5), and the OVC defaults (CWPB 1.16, SWPB 3.65) are
    calibrated for that; EU Regulation 601/2012 Annex IV section 8 ("average current efficiency
    of aluminium production [%]") and the GHG Protocol workbook (input "Current efficiency (%)")
    use the same convention. This function takes ``current_efficiency`` as a **fraction** (0.945)
    and multiplies it by 100 before dividing, so the result is the IPCC one. Passing 94.5 is
    rejected (outside 0-1) rather than silently giving a 100x smaller result.

    Parameters
    ----------
    production:
        MP, metal production (mass).
    aeo:
        Anode-effect overvoltage per cell in mV: a plain number or a voltage quantity
        (``Q_(1.4, "mV")``).
    current_efficiency:
        Average current efficiency as a fraction, 0 < CE <= 1.
    ovc:
        Overvoltage coefficient, (kg CF4/t Al)/(mV/%); default of ``technology`` (CWPB 1.16,
        SWPB 3.65). IPCC gives none for VSS/HSS: supply ``ovc`` for those.
    c2f6_ratio:
        C2F6/CF4 weight fraction; default of ``technology`` (CWPB 0.121, SWPB 0.252).
    technology:
        ``CWPB``, ``SWPB``, ``VSS`` or ``HSS``.
    """
    mp = _production(production)
    tech = choice("technology", technology, TECHNOLOGIES)
    if isinstance(aeo, pint.Quantity) and aeo.dimensionality == ureg.volt.dimensionality:
        aeo = aeo.to("mV").magnitude
    v = number("aeo", aeo, unit_hint="mV of anode-effect overvoltage")
    ce = fraction("current_efficiency", current_efficiency, allow_zero=False)
    if ovc is None or c2f6_ratio is None:
        if f"pfc_ovc.{tech}" not in DEFAULTS:
            raise InputError(
                f"IPCC 2006 gives no default overvoltage coefficient or C2F6/CF4 ratio for {tech}",
                expected=f"ovc and c2f6_ratio for {tech} from smelter measurement, "
                "or the slope method",
            )
    k = number("ovc", default(f"pfc_ovc.{tech}") if ovc is None else ovc,
               unit_hint="(kg CF4/t Al)/(mV/%)")
    f = fraction("c2f6_ratio",
                 default(f"pfc_ovc_c2f6_ratio.{tech}") if c2f6_ratio is None else c2f6_ratio)
    cf4 = k * v / (ce * 100.0)
    return _result(mp, cf4, f * cf4)


def pfc_measured(cf4: pint.Quantity, c2f6: pint.Quantity) -> dict[str, pint.Quantity]:
    """Measured CF4 and C2F6 totals (masses), validated and returned in tonnes.

    GB/T 44905 7.1.3.2.4 d asks for the PFC total; a plant measurement (IPCC Tier 3, EPA/IAI
    protocol) overrides every calculated value (see :func:`alcarbon.methods.apply_measured`).
    """
    q4 = quantity("cf4", cf4, "mass", 'Q_(2.5, "t")')
    q26 = quantity("c2f6", c2f6, "mass", 'Q_(0.3, "t")')
    return {"CF4": q4.to("t"), "C2F6": q26.to("t")}


def pfc_tier1(production: pint.Quantity, technology: str = "CWPB") -> dict[str, pint.Quantity]:
    """CF4 and C2F6 by the IPCC 2006 Tier 1 default factors (Vol.3 Ch.4.4).

    CF4 = EF_CF4 x MP, C2F6 = EF_C2F6 x MP, with EF in kg/t Al: CWPB 0.4 / 0.04, SWPB 1.6 / 0.4,
    VSS 0.8 / 0.04, HSS 0.4 / 0.03 (``DEFAULTS["pfc_tier1_cf4.<T>"]``, ``["pfc_tier1_c2f6.<T>"]``).
    These are old-technology averages and far above modern point-fed prebake practice: use them
    only when no anode-effect data exist.
    """
    mp = _production(production)
    tech = choice("technology", technology, TECHNOLOGIES)
    return _result(mp, default(f"pfc_tier1_cf4.{tech}"), default(f"pfc_tier1_c2f6.{tech}"))


def _per_tonne(name: str, value: Any) -> Any:
    if value is None:
        raise InputError(
            f"{name} has no default and must be supplied (kg gas per t Al, from the guideline "
            "edition you report under): the Chinese guideline values circulating in third-party "
            "code (0.034/0.0034 and 0.02/0.0011 kg/t) are not verified and are not shipped",
            expected=f"{name}=0.02 (kg/t Al) or a mass ratio quantity such as Q_(0.02, 'kg/t')",
        )
    if isinstance(value, pint.Quantity) and value.dimensionless:
        value = value.to("kg/t").magnitude
    return number(name, value, unit_hint="kg gas per t Al")


def pfc_guideline(
    production: pint.Quantity, ef_cf4: Any = None, ef_c2f6: Any = None
) -> dict[str, pint.Quantity]:
    """CF4 and C2F6 from per-tonne factors of a Chinese accounting guideline (user-supplied).

    CF4 [t] = EF_CF4 [kg/t Al] x MP [t Al] / 1000; likewise C2F6.
    ``ef_cf4``/``ef_c2f6`` are plain numbers in kg per t Al or mass-ratio quantities
    (``Q_(0.02, "kg/t")``). No defaults are shipped (the values known to circulate are listed in
    ``docs/methods.md`` with their low confidence).
    """
    mp = _production(production)
    cf4 = _per_tonne("ef_cf4", ef_cf4)
    c2f6 = _per_tonne("ef_c2f6", ef_c2f6)
    return _result(mp, cf4, c2f6)
