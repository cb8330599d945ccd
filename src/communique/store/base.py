"""What both database backends derive from their ``one``: the answers built on a single row, and the transaction
depth. Kept here so that SQLiteDatabase and PostgresDatabase cannot drift apart on them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from communique.store.errors import DatabaseError

Params = Sequence[Any] | Mapping[str, Any]  # positional (?) or named parameters of one statement


class DatabaseBase:
    location: str
    _depth: int

    def one(self, sql: str, params: Params = ()) -> Any:
        raise NotImplementedError

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.one(sql, params)
        return None if row is None else row[0]

    def insert(self, sql: str, params: Params = ()) -> int:
        """Run an ``INSERT … RETURNING id`` and return the new id."""
        row = self.one(sql, params)
        if row is None:
            raise DatabaseError(f"{self.location}: the insert returned no id ({sql.split('(')[0].strip()})")
        return int(row[0])

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0
