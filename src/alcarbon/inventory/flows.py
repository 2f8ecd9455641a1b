"""Flow names as the factor library's catalogue knows them (aliases and Chinese names)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2048)
def canonical_flow(name: str) -> str:
    """The catalogue id of a flow name (e.g. 残极 -> anode_butts), else the name itself."""
    from alcarbon.factors import load_library

    found = load_library().flow_or_none(name)  # no close-match search for a name it lacks
    return name if found is None else found.id
