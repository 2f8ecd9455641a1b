"""Read-only mappings of the factor library whose models are built on first look-up.

A cold `alcarbon calc` reads a dozen of the ~260 packaged factors and fuels; building all of
them from the cache's rows took ~2 ms. :class:`LazyModels` keeps the rows and builds a model
(the very object the cache would have built up front) the first time its id is looked up;
:class:`Overlay` is a library's factors with user factors replacing or adding some, without
copying (so without building) the packaged ones; :func:`fuel_index` indexes a fuel table's
names (from the rows of a lazy one).
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Any

_MISSING = object()


class LazyModels(Mapping[str, Any]):
    """Models by id, in the rows' order; each built by ``make(row)`` when first looked up and
    kept (one object per id). ``names``: the field of each position of a row."""

    __slots__ = ("_built", "_make", "_names", "_raw", "memo")

    def __init__(self, raw: dict[str, Any], make: Callable[[Any], Any],
                 names: list[str]) -> None:
        self._raw = raw
        self._built: dict[str, Any] = {}
        self._make = make
        self._names = names
        #: indexes derived from the rows (they never change), kept by their users
        self.memo: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        m = self._built.get(key, _MISSING)
        if m is _MISSING:
            # setdefault: two threads building the same id keep one object
            m = self._built.setdefault(key, self._make(self._raw[key]))
        return m

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        m = self._built.get(key, _MISSING)
        if m is not _MISSING:
            return m
        return self[key] if key in self._raw else default

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def column(self, field: str) -> list[Any]:
        """The value of ``field`` of every model, in order, without building any."""
        i = self._names.index(field)
        return [row[i] for row in self._raw.values()]

    def __repr__(self) -> str:
        return f"LazyModels({len(self._raw)} rows, {len(self._built)} built)"


class Overlay(Mapping[str, Any]):
    """``base`` with the entries of ``over`` replacing (same key, same place) or added after
    (in ``over``'s order): ``dict(base) | over`` without copying ``base``."""

    __slots__ = ("_base", "_new", "_over")

    def __init__(self, base: Mapping[str, Any], over: dict[str, Any]) -> None:
        self._base = base
        self._over = over
        self._new = [k for k in over if k not in base]

    def __getitem__(self, key: str) -> Any:
        m = self._over.get(key, _MISSING)
        return self._base[key] if m is _MISSING else m

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        m = self._over.get(key, _MISSING)
        return self._base.get(key, default) if m is _MISSING else m

    def __contains__(self, key: object) -> bool:
        return key in self._over or key in self._base

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from self._new

    def __len__(self) -> int:
        return len(self._base) + len(self._new)


def fuel_index(tab: Mapping[str, Any]) -> tuple[dict[str, tuple[int, str]],
                                                dict[str, tuple[int, str]]]:
    """(id and Chinese name -> (position, key in the table), lower-case English name ->
    (position, key)) of a fuel table, the first fuel kept per name: a look-up without a scan
    (the tables are read-only, the fuels frozen). A lazy table's names are read from its rows,
    building no fuel."""
    if isinstance(tab, LazyModels):
        names: Any = zip(tab, tab.column("id"), tab.column("name_zh"), tab.column("name"),
                         strict=True)
    else:
        names = ((k, fp.id, fp.name_zh, fp.name) for k, fp in tab.items())
    exact: dict[str, tuple[int, str]] = {}
    lower: dict[str, tuple[int, str]] = {}
    for pos, (k, fid, zh, en) in enumerate(names):
        exact.setdefault(fid, (pos, k))
        exact.setdefault(zh, (pos, k))
        lower.setdefault(en.lower(), (pos, k))
    return exact, lower


def flow_lookup(flows: Mapping[str, Any]) -> dict[str, str]:
    """Lower-case id, name, Chinese name and aliases -> flow id, the first flow kept per name
    (in catalogue order: id, name, Chinese name, aliases). A lazy catalogue's names are read
    from its rows, building no flow, once per catalogue: a library and its copies with
    overrides share it (do not change the returned dict)."""
    if isinstance(flows, LazyModels):
        hit = flows.memo.get("flow_lookup")
        if hit is None:
            names = zip(flows.column("id"), flows.column("name"), flows.column("name_zh"),
                        flows.column("aliases"), strict=True)
            hit = flows.memo["flow_lookup"] = _lookup(
                (fid, (fid, en, zh, *al)) for fid, en, zh, al in names)
        return hit
    return _lookup((f.id, (f.id, f.name, f.name_zh, *f.aliases)) for f in flows.values())


def _lookup(names: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for fid, keys in names:
        for key in keys:
            out.setdefault(key.strip().lower(), fid)
    return out
