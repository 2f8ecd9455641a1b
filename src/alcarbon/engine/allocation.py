"""Allocation of a multi-output unit process to its products (GB/T 44905 7.3).

A share function maps an exchange's subprocess tag to the fraction of it borne by one product.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alcarbon.errors import InputError
from alcarbon.inventory.model import Output, UnitProcess
from alcarbon.messages import Msg
from alcarbon.units import convert, is_energy, is_mass

#: Standard atomic weights (IUPAC 2021 conventional values): Al 26.982, O 15.999, H 1.008.
_AL, _O, _H = 26.982, 15.999, 1.008
M_AL_OH_3 = _AL + 3 * (_O + _H)  # 78.003 g/mol
M_AL2O3 = 2 * _AL + 3 * _O  # 101.961 g/mol
#: Mass of Al(OH)3 equivalent to 1 t Al2O3: 2 Al(OH)3 -> Al2O3 + 3 H2O (GB/T 44905 7.3.2 c).
HYDROXIDE_PER_ALUMINA = 2 * M_AL_OH_3 / M_AL2O3

CALCINATION = "calcination"
Share = Callable[[str | None], float]


def _energy_gj(o: Output) -> float | None:
    """Energy content of an output in GJ: its amount when in energy units (steam in GJ), else
    amount x ``energy_content`` (GJ/t) when given for a mass, else None."""
    if is_energy(o.unit):
        return convert(o.amount, o.unit, "GJ")
    if o.energy_content is not None and is_mass(o.unit):
        return convert(o.amount, o.unit, "t") * o.energy_content
    return None


def _mass_t(o: Output, where: str) -> float:
    if not is_mass(o.unit):
        raise InputError(
            f"co-product '{o.flow}' is in {o.unit!r}, which mass allocation cannot use",
            where=where,  # the unit and the output row, e.g. "unit 'x', outputs[1] 'steam'"
            expected="for a co-product such as steam in GJ: 'displaces' (factor id of the "
            "product it replaces, system expansion 7.3.1 b; workbook: the factor id column of "
            "the co-product row), or a 'price' on every product (economic allocation 7.3.1 c), "
            "or 'energy_content' (GJ/t, measured heating value) on every product in mass "
            "(allocation by energy content 7.3.1 c), or allocation.method expansion/economic",
        )
    return convert(o.amount, o.unit, "t")


#: Subprocess tag of the line that carries an expanded co-product's displaced burden.
EXPANDED = "expanded:"


def expanded(unit: UnitProcess, method: str) -> list[Output]:
    """Co-products of ``unit`` handled by system expansion (GB/T 44905 7.3.1 b).

    Method ``expansion``: every co-product, each needing ``displaces`` (the factor id of the
    product it replaces; no default: the user states what is displaced). Other methods: a
    co-product the method cannot allocate (a mass-based method and a co-product not in mass,
    e.g. waste-heat steam in GJ; economic allocation without its price) that has ``displaces``.
    """
    # loops, not comprehensions (a function object and a frame per call in 3.11): the build
    # calls this for each unit making a co-product
    cos: list[Output] = []
    for o in unit.outputs:
        if o.kind == "co_product" and o.amount != 0:
            cos.append(o)
    if not cos:
        return cos
    where = f"unit '{unit.id}'"
    if method == "expansion":
        bad = [o.flow for o in cos if not o.displaces]
        if bad:
            raise InputError(
                f"system expansion (7.3.1 b) needs the displaced product of co-product(s) {bad}",
                where=where, expected="'displaces': the factor id of the product each "
                "co-product replaces (workbook: factor id column of the co-product row)")
        return cos
    out: list[Output] = []
    for o in cos:
        if (o.price is None if method == "economic" else not is_mass(o.unit)) and o.displaces:
            out.append(o)
    return out


def may_expand(outs: list[dict[str, Any]], method: str) -> bool:
    """False when :func:`expanded` of a unit is surely empty: the method is not expansion and
    no co-product of non-zero amount names the product it displaces. ``outs``: the unit's
    outputs, each the model's ``__dict__`` (dict reads, not the models')."""
    if method == "expansion":
        return True
    for o in outs:
        if o["kind"] == "co_product" and o["amount"] != 0 and o["displaces"]:
            return True
    return False


def whole(_sub: str | None) -> float:
    """The share of every line in the one product of a unit making one product."""
    return 1.0


def shares(unit: UnitProcess, method: str, made: list[Output] | None = None,
           outs: list[dict[str, Any]] | None = None) -> tuple[dict[str, Share], str | None]:
    """Share functions per product flow of ``unit`` and a note when a fallback was used.

    Co-products handled by system expansion (:func:`expanded`) bear none of the unit's
    exchanges, only their ``EXPANDED`` line; the other products share the rest. ``made``: its
    ``products()``, ``outs``: its outputs' ``__dict__`` (:func:`may_expand`), when the caller
    has them.
    """
    made = unit.products() if made is None else made
    if len(made) == 1:  # the main product alone: no co-product to expand or share with
        return {made[0].flow: whole}, None
    if outs is not None and not may_expand(outs, method):
        return _shares(unit, method, set(), made)
    ex = {o.flow for o in expanded(unit, method)}
    if not ex:
        return _shares(unit, method, set(), made)
    fns, note = _shares(unit, "mass" if method == "expansion" else method, ex, made)
    out: dict[str, Share] = {
        f: (lambda sub, g=g: 0.0 if sub is not None and sub.startswith(EXPANDED) else g(sub))
        for f, g in fns.items()}
    for f in ex:
        out[f] = lambda sub, tag=EXPANDED + f: 1.0 if sub == tag else 0.0
    return out, note


def _shares(unit: UnitProcess, method: str, skip: set[str],
            made: list[Output] | None = None) -> tuple[dict[str, Share], str | None]:
    """Share functions per product flow of ``unit`` and a note when a fallback was used.

    subdivision (7.3.2): for an alumina refinery with co-product aluminium_hydroxide, emissions
    tagged ``calcination`` (E_c) go to alumina only; all others (E_r) are split by mass between
    P1.0 = P1 x 2 M(Al(OH)3)/M(Al2O3) and P2. Elsewhere subdivision needs sub-process data; without
    it the unit falls back to mass allocation (7.3.1 c) and the note says so.
    mass / economic (7.3.1 c): by mass, or by amount x price, of every product. ``made``: its
    ``products()`` when the caller has them.
    """
    products: list[Output] = []  # (loops: see expanded)
    for o in (unit.products() if made is None else made):
        if not (o.kind == "co_product" and o.amount == 0) and o.flow not in skip:
            products.append(o)
    where = f"unit '{unit.id}'"
    if len(products) == 1:
        return {products[0].flow: whole}, None
    note = None
    flows: dict[str, Output] = {}
    for o in products:
        flows[o.flow] = o
    # the output row a mass allocation cannot use, for the error (e.g. steam in GJ)
    row = where
    for o in products:
        if not is_mass(o.unit):
            row = f"{where}, outputs[{unit.outputs.index(o)}] '{o.flow}'"
            break
    if method == "subdivision":
        if "alumina" in flows and "aluminium_hydroxide" in flows and len(flows) == 2:
            p1 = _mass_t(flows["alumina"], row)
            p2 = _mass_t(flows["aluminium_hydroxide"], row)
            p10 = p1 * HYDROXIDE_PER_ALUMINA
            r_alumina = p10 / (p10 + p2)

            def alumina(sub: str | None) -> float:
                return 1.0 if sub == CALCINATION else r_alumina

            def hydroxide(sub: str | None) -> float:
                return 0.0 if sub == CALCINATION else 1.0 - r_alumina

            return {"alumina": alumina, "aluminium_hydroxide": hydroxide}, None
        note = Msg(f"{where}: subdivision (7.3.1 a) has no sub-process data for "
                   f"{sorted(flows)}; mass allocation used instead (7.3.1 c)",
                   id=f"subdivision_to_mass:{unit.id}",
                   zh="细分(7.3.1 a)无子过程数据,改用质量分配(7.3.1 c)")
        method = "mass"
    if method == "mass" and not all(is_mass(o.unit) for o in flows.values()):
        # 7.3.1 c: a co-product with no mass (e.g. steam in GJ) cannot be allocated by mass;
        # prices on every product allow economic allocation, energy contents energy allocation.
        if all(o.price is not None for o in flows.values()):
            note = Msg(f"{where}: co-product(s) not in mass units ({sorted(flows)}); economic "
                       "allocation used (7.3.1 c)", id=f"mass_to_economic:{unit.id}",
                       zh="联产品不以质量计,改用经济价值分配(7.3.1 c)")
            method = "economic"
        elif all(_energy_gj(o) is not None for o in flows.values()):
            note = Msg(f"{where}: co-product(s) not in mass units ({sorted(flows)}); allocation "
                       "by energy content used (7.3.1 c)", id=f"mass_to_energy:{unit.id}",
                       zh="联产品不以质量计,改用按能量含量分配(7.3.1 c)")
            energies = {f: _energy_gj(o) or 0.0 for f, o in flows.items()}
            total = sum(energies.values())
            if total <= 0:
                raise InputError("products have zero total energy content", where=row,
                                 expected="positive energy_content")
            return {f: (lambda _s, v=e / total: v) for f, e in energies.items()}, note
    if method == "mass":
        masses = {f: _mass_t(o, row) for f, o in flows.items()}
        total = sum(masses.values())
        return {f: (lambda _s, v=m / total: v) for f, m in masses.items()}, note
    if method == "economic":
        missing = [f for f, o in flows.items() if o.price is None]
        if missing:
            raise InputError(
                f"economic allocation needs a price for {missing}", where=where,
                expected="'price' on every product and co-product output",
            )
        values = {f: o.amount * (o.price or 0.0) for f, o in flows.items()}
        total = sum(values.values())
        if total <= 0:
            raise InputError("products have zero total value", where=where,
                             expected="positive prices")
        return {f: (lambda _s, v=val / total: v) for f, val in values.items()}, note
    raise InputError(f"unknown allocation method {method!r}",
                     expected="subdivision, mass, economic or expansion")
