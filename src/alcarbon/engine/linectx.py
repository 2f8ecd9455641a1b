"""The types shared by the line builders (engine/lines.py, engine/fuel_lines.py) and the
build (engine/system.py): a line item, a raw line of a unit (a technosphere link or an item)
and the per-build context holding the study, the factor library and the look-ups made once per
build."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any
from weakref import WeakKeyDictionary

from alcarbon.engine import stages
from alcarbon.inventory.model import DataQuality, UnitProcess

#: DataQuality's fields are scalars and one list of strings: its dump is a copy of its
#: __dict__ with the list copied (checked here, so a new nested field falls back to model_dump)
_DQ_FLAT = set(DataQuality.model_fields) == {
    "technology", "time", "geography", "reliability", "completeness", "primary", "source",
    "evidence", "gsd"}
_FLAT_DQ = DataQuality if _DQ_FLAT else None  # the type dumped by copy (one test per call)


def dq_dump(d: Any) -> dict[str, Any]:
    """``d.model_dump()`` of a DataQuality, without pydantic's serializer for its flat fields."""
    if type(d) is _FLAT_DQ:
        out = d.__dict__.copy()
        out["evidence"] = [*out["evidence"]]
        return out
    return d.model_dump()


#: Where a row is, for an error or a note: the text, or (unit id, k, flow) of input row k,
#: formatted by :func:`place` only when a message needs it (most rows raise none).
Where = str | tuple[str, int, str]


def place(where: Where) -> str:
    """The text of ``where`` (:data:`Where`)."""
    if type(where) is str:
        return where
    uid, k, flow = where
    return f"unit '{uid}', inputs[{k}] '{flow}'"


class Fields:
    """A pydantic model's fields read as plain attributes, for the line builders' many reads
    of one input. The view shares the model's own ``__dict__`` (no copy: it shows the model
    as it is). pydantic's BaseModel defines ``__getattr__``, which keeps CPython from
    specialising attribute reads on models: a read there costs several times one here."""

    def __init__(self, model: Any) -> None:
        self.__dict__ = model.__dict__


_NEW = object.__new__


def view(model: Any) -> Fields:
    """``Fields(model)`` made without the type call around a Python ``__init__`` (its one
    store after ``object.__new__``): a third of the cost, for the views made per build."""
    v = _NEW(Fields)
    v.__dict__ = model.__dict__
    return v


@dataclass(slots=True)
class Item:
    """One emission line item of a column, for the whole period (after allocation).

    The line builders make it with the fields up to ``stage``, positional in this field order
    (a third of the time of keywords); the build (engine/system.py) then sets its column, unit,
    activity datum key and data quality (a unit making one product keeps the object, a unit
    sharing its lines among products gets a copy per product)."""

    category: str  # process | fuel_combustion | energy | other
    flow: str
    gas: str
    activity: float  # period amount, in activity_unit
    activity_unit: str
    factor: float  # t gas per activity_unit, location-based
    factor_id: str
    basis: str
    source: str
    upstream: bool = False  # upstream of purchased materials, fuels and their transport (5.3.2)
    purchased_energy: bool = False  # purchased electricity/heat/steam
    factor_market: float | None = None  # None: same as location-based
    factor_id_market: str | None = None
    basis_market: str | None = None
    source_market: str | None = None
    factor_confidence: str = ""
    supply: str | None = None
    stage: str | None = None  # Table E.2 stage other than upstream/unit (purchased_stage)
    column: int = -1
    unit: str = ""
    dq: dict[str, Any] | None = None  # activity data quality (Table 2)
    param: str = ""  # stable key of the activity datum, e.g. "electrolysis/inputs/2"


def _param(f: Any, ns: dict[str, Any]) -> str:
    """The parameter of dataclass field ``f`` in a generated constructor: its name, or
    ``name=_d_name`` with the default put in the namespace ``ns``."""
    if f.default is MISSING:
        return f.name
    ns[f"_d_{f.name}"] = f.default
    return f"{f.name}=_d_{f.name}"


def maker(cls: type) -> Any:
    """A function taking the fields of dataclass ``cls`` (positional or by name, the same
    defaults) that makes the object without its ``__init__``: ``object.__new__`` and one store
    per field. Called from Python it runs in the caller's frame loop (no ``type.__call__`` and
    ``slot_tp_init`` around a Python ``__init__``): about two thirds of the cost of
    ``cls(...)``, and the line builders make tens of thousands of items in a large study.
    Generated from the fields, so a new field cannot be forgotten; for classes whose
    ``__init__`` only stores its fields (no ``__post_init__``, default factory or frozen
    fields: TypeError)."""
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    if hasattr(cls, "__post_init__") or frozen:
        raise TypeError(f"{cls.__name__}: its __init__ does more than store the fields")
    params, body, defaults = [], [], {}
    for f in fields(cls):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory needs the __init__")
        params.append(_param(f, defaults))
        body.append(f"    obj.{f.name} = {f.name}")
    src = (f"def make({', '.join(params)}):\n    obj = _new(_cls)\n" + "\n".join(body)
           + "\n    return obj\n")
    ns: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **defaults}
    exec(src, ns)  # noqa: S102 - source built above from the class's own field names
    return ns["make"]


def dict_maker(cls: type) -> Any:
    """A function taking the fields of the (not slotted) dataclass ``cls`` by name, those with
    a default optional, that makes the object without its ``__init__``: ``object.__new__``
    and its ``__dict__`` set from one dict display, in field order (a field of a default
    factory not given is a new empty list or dict, or the factory's value). For classes
    whose ``__init__`` only stores its fields (no ``__post_init__``, not frozen or slotted:
    TypeError)."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if hasattr(cls, "__post_init__") or params.frozen or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: its __init__ does more than store the fields")
    required, optional, entries = [], [], []
    ns: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_M": MISSING}
    for f in fields(cls):
        if f.default_factory is not MISSING:  # not given: a new one
            value = {list: "[]", dict: "{}"}.get(f.default_factory)  # type: ignore[call-overload]
            if value is None:
                ns[f"_f_{f.name}"] = f.default_factory
                value = f"_f_{f.name}()"
            optional.append(f"{f.name}=_M")
            entries.append(f"{f.name!r}: {value} if {f.name} is _M else {f.name}")
            continue
        (required if f.default is MISSING else optional).append(_param(f, ns))
        entries.append(f"{f.name!r}: {f.name}")
    src = (f"def make(*, {', '.join(required + optional)}):\n    obj = _new(_cls)\n"
           f"    obj.__dict__ = {{{', '.join(entries)}}}\n    return obj\n")
    exec(src, ns)  # noqa: S102 - source built above from the class's own field names
    return ns["make"]


#: ``new_item(*fields)`` is ``Item(*fields)`` (the same object, made without ``__init__``).
new_item = maker(Item)

#: The fields of an Item that differ between the rows sharing one plan of the library memo.
ITEM_OWN = ("activity", "column", "unit", "dq", "param")
#: The other fields of an Item, in field order: a plan's item template (:func:`item_from`).
ITEM_SHARED = tuple(f.name for f in fields(Item) if f.name not in ITEM_OWN)


def _item_stores(indent: str) -> str:
    """Source lines making ``obj``, an Item without ``__init__``: its :data:`ITEM_SHARED` slots
    stored from one unpacking of the tuple ``t``, its :data:`ITEM_OWN` slots from the names."""
    return (f"{indent}obj = _new(_cls)\n"
            f"{indent}{', '.join(f'obj.{n}' for n in ITEM_SHARED)} = t\n"
            + "".join(f"{indent}obj.{n} = {n}\n" for n in ITEM_OWN))


def _compiled(src: str, name: str) -> Any:
    ns: dict[str, Any] = {"_new": object.__new__, "_cls": Item}
    exec(src, ns)  # noqa: S102 - source built from Item's own field names (_item_stores)
    return ns[name]


_OWN_ARGS = ", ".join(ITEM_OWN)

#: ``item_from(t, activity, column, unit, dq, param)``: the Item whose :data:`ITEM_SHARED`
#: fields are the tuple ``t`` (in that order) and whose own fields are the arguments; made
#: without ``__init__``, equal to ``Item`` of the same fields.
item_from = _compiled(f"def item_from(t, {_OWN_ARGS}):\n{_item_stores('    ')}"
                      "    return obj\n", "item_from")

#: ``put_items(items, subs, ts, activity, column, unit, dq, param, sub)``: for each template
#: of ``ts`` in order, ``item_from(t, activity, column, unit, dq, param)`` appended to
#: ``items`` and ``sub`` to ``subs`` (one call for the items of one row).
put_items = _compiled(f"def put_items(items, subs, ts, {_OWN_ARGS}, sub):\n    for t in ts:\n"
                      f"{_item_stores('        ')}        items.append(obj)\n"
                      "        subs.append(sub)\n", "put_items")


def template(category: str, flow: str, gas: str, activity_unit: str, factor: float,
             factor_id: str, basis: str, source: str, upstream: bool = False,
             purchased_energy: bool = False, factor_market: float | None = None,
             factor_id_market: str | None = None, basis_market: str | None = None,
             source_market: str | None = None, factor_confidence: str = "",
             supply: str | None = None, stage: str | None = None) -> tuple[Any, ...]:
    """The item template of :func:`item_from`: the :data:`ITEM_SHARED` fields in order (the
    same defaults as Item's)."""
    return (category, flow, gas, activity_unit, factor, factor_id, basis, source, upstream,
            purchased_energy, factor_market, factor_id_market, basis_market, source_market,
            factor_confidence, supply, stage)


# template's parameters are ITEM_SHARED in order (checked here, so a new field of Item is
# not forgotten)
if tuple(template.__code__.co_varnames[:template.__code__.co_argcount]) != ITEM_SHARED:
    raise TypeError("linectx.template: its parameters are not Item's shared fields in order")


#: One line of a unit, a plain tuple (param, subprocess, dq, item, kind, tech_product, amount):
#: an emission line item (kind "", tech_product None, amount 0.0) or a technosphere link (item
#: None) of ``amount`` of ``tech_product`` in its producer's unit. A tuple, not a dataclass:
#: a few hundred per study, each made in a literal instead of an __init__ call.
RawLine = tuple[str, "str | None", "dict[str, Any] | None", "Item | None", str, "str | None",
                float]


@dataclass
class Context:
    study: Any  # the study's fields (Fields of the Study)
    lib: Any
    products: dict[str, int]
    product_units: list[str]
    missing: list[str]
    notes: list[str] = field(default_factory=list)
    #: fuel id -> (library properties or None, chosen table name): one look-up per fuel and
    #: build (the study's fuel table cannot change within one build)
    fuels: dict[str, tuple[Any, str]] = field(default_factory=dict)
    #: per build: unit id -> Table E.2 stage; (supply, location) -> electricity choice;
    #: id of a library factor's source -> its citation (the library is held by ctx.lib)
    stages: dict[str, str] = field(default_factory=dict)
    elec: dict[tuple[str | None, str | None], Any] = field(default_factory=dict)
    cites: dict[int, tuple[Any, str]] = field(default_factory=dict)  # see library_memos
    flows: dict[str, Any] = field(default_factory=dict)
    #: answers that depend on the library and their key only (see library_memos)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    #: per build: unit id -> whether its product is energy (engine/fuel_lines.py)
    energy_units: dict[str, bool] = field(default_factory=dict)
    #: per build: :class:`Fields` views of a unit, its process_emissions and an input row,
    #: re-pointed (``view.__dict__ = model.__dict__``) to each unit and row in turn by
    #: lines.unit_lines: a fifth of the cost of a new view, and nothing keeps a view past its
    #: unit or row
    views: tuple[Fields, Fields, Fields] | None = None
    #: per unit, set by the build before lines.unit_lines: the unit's id, the column of its
    #: items when it makes one product and keeps them whole (else -1: the build shares them);
    #: where the line builders put each item (made whole: column, unit, data quality and key
    #: set) and its subprocess (the same index), and each technosphere link as
    #: (param, subprocess, dq, kind, product, amount in the product's unit)
    uid: str = ""
    pre_in: str = ""  # "<unit id>/inputs/": the prefix of the unit's input rows' keys
    col: int = -1
    #: the unit's outputs, each the model's own ``__dict__`` (no copy; read as d["kind"]: a
    #: read on a pydantic model costs several times a dict subscript)
    outs: list[dict[str, Any]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    subs: list[str | None] = field(default_factory=list)
    links: list[tuple[str, str | None, dict[str, Any] | None, str, str, float]] = field(
        default_factory=list)

    def stage(self, u: UnitProcess) -> str:
        st = self.stages.get(u.id)
        if st is None:
            st = self.stages[u.id] = stages.unit_stage(u)
        return st

    def cite(self, source: Any) -> str:
        # the source is kept with its citation, so its id cannot be reused within the build
        hit = self.cites.get(id(source))
        if hit is None or hit[0] is not source:
            hit = self.cites[id(source)] = (source, source.cite())
        return hit[1]

    def flow_def(self, flow: str) -> Any:
        """The fields of the library's catalogue entry of a flow name (:class:`Fields`), or
        None (one look-up per name and library: :func:`library_memos`)."""
        try:
            return self.flows[flow]
        except KeyError:
            f = self.lib.flow_or_none(flow)
            f = self.flows[flow] = None if f is None else Fields(f)
            return f

    def canon(self, flow: str) -> str:
        """Catalogue id of a flow name (aliases, Chinese names), else the name itself."""
        f = self.flows[flow] if flow in self.flows else self.flow_def(flow)
        return flow if f is None else f.id


#: ``new_context(**fields)`` is ``Context(**fields)`` (made without ``__init__``: dict_maker)
new_context = dict_maker(Context)


#: library -> (citations, flow look-ups, answers), made once per library and kept with the
#: library object (its catalogue and factors are fixed when it is made; a library with other
#: factors is another object). Each a pure function of the library and its key, no study state:
#: - citations {id of a source: (the source, its citation)}: a Source is frozen and the library
#:   holds its sources (the entry holds it too, so its id cannot be reused while kept);
#: - flow look-ups {flow name: the catalogue entry's Fields or None} of each name a build asked;
#: - answers {(kind, *arguments): answer}: what the line builders work out from a library
#:   factor for given arguments (the factor, its unit conversions, its citation, item plans).
#: The flow look-ups and answers are emptied past _FLOW_MEMO_MAX entries (a service reading
#: many studies).
_LIB_MEMOS: WeakKeyDictionary[Any, tuple[dict[int, tuple[Any, str]], dict[str, Any],
                                         dict[tuple[Any, ...], Any]]] = WeakKeyDictionary()
_FLOW_MEMO_MAX = 4096


def library_memos(lib: Any) -> tuple[dict[int, tuple[Any, str]], dict[str, Any],
                                     dict[tuple[Any, ...], Any]]:
    """(citations, flow look-ups, answers) of ``lib``: :attr:`Context.cites`,
    :attr:`Context.flows`, :attr:`Context.memo` (one look-up of the library per build)."""
    held = _LIB_MEMOS.get(lib)
    if held is None:
        held = _LIB_MEMOS[lib] = ({}, {}, {})
        return held
    if len(held[1]) > _FLOW_MEMO_MAX:
        held[1].clear()
    if len(held[2]) > _FLOW_MEMO_MAX:
        held[2].clear()
    return held
