"""What the store raises, whatever the database behind it: the rest of the program catches these only."""

from __future__ import annotations


class StoreError(Exception):
    """A store operation that cannot be done, with a message for the user (one line)."""


class ReadOnlyError(StoreError):
    """A write attempted on a store opened read-only."""


class DatabaseError(StoreError):
    """The database refused a statement (locked, corrupt, a value it cannot bind, not a communique database).

    The backend's own exception (``sqlite3.Error``, ``psycopg.Error``) is kept as ``__cause__``."""


class QueryTimeout(DatabaseError):
    """A query cancelled at its time limit (a reader's per-request limit): the web answers 503 naming it."""


class UnsupportedDatabase(StoreError):
    """A --db target this build cannot open (a URL scheme with no backend yet)."""


class SchemaTooOld(StoreError):
    """A database written by an older communique, opened read-only: it must be upgraded by a write open first."""


class WriterBusy(StoreError):
    """Another process holds the database's writer lock and the caller would not wait (longer)."""


class QueryError(ValueError):
    """User input that cannot be turned into a query: no words to search for, a bad date or limit.

    A ValueError, so callers that validate input catch both; the web answers 400, the CLI exits 2."""
