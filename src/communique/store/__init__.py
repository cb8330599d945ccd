"""Storage: every SQL statement of communique lives in this package.

``open_store(target)`` opens a database (a SQLite path, or a ``postgresql://`` URL) and gives a ``Store``:
the article writer, ``store.read`` (the one read model of the CLI, the web and the exports) and
``store.resolution`` (what cross-document resolution reads and writes). store/interfaces.py says what each
part offers; docs/storage.md says how it works.
"""

from __future__ import annotations

from typing import Any

from communique.store.errors import (
    DatabaseError,
    QueryError,
    QueryTimeout,
    ReadOnlyError,
    SchemaTooOld,
    StoreError,
    UnsupportedDatabase,
    WriterBusy,
)

_CONNECT = ("ReaderPool", "Store", "check_target", "describe", "open_reader_pool", "open_store",
            "upgrade_database")

__all__ = [
    "DatabaseError",
    "QueryError",
    "QueryTimeout",
    "ReadOnlyError",
    "SchemaTooOld",
    "StoreError",
    "UnsupportedDatabase",
    "WriterBusy",
    *_CONNECT,
]


def __getattr__(name: str) -> Any:
    # Imported on first use: the errors above are light, opening a store pulls in dedup's numpy/datasketch,
    # which commands that never open a database (crawl, extract) need not load.
    if name in _CONNECT:
        from communique.store import connect

        return getattr(connect, name)
    raise AttributeError(f"module 'communique.store' has no attribute {name!r}")
