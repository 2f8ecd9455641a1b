"""Persistence of the data management system (GB/T 44905 6.3): SQLite by default, PostgreSQL by URL.

``connect(url)`` opens (and migrates) a store; the modules ``accounts``, ``studies``, ``evidence``
and ``results`` hold the repository functions of each aggregate.
"""

from alcarbon.store.db import Database, connect, resolve_url

__all__ = ["Database", "connect", "resolve_url"]
