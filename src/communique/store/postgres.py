"""The PostgreSQL backend: one psycopg 3 connection, its transactions and the PostgreSQL dialect.

The twin of store/sqlite.py behind the same ``Database`` interface (store/interfaces.py): every other store
module writes its SQL once, with ``?`` parameters (translated here to psycopg's ``%s``), and runs unchanged on
both. What only PostgreSQL says lives here and in postgres_fts.py: full-text search over ``article_search``
(a tsvector of the analysed terms, GIN), the expansion of an id list (``unnest``), the write lock (an
advisory lock, the counterpart of SQLite's BEGIN IMMEDIATE), the statement timeout of readers, and the schema
and migration files under ``schema/postgres.sql`` and ``migrations/postgres/``.

Writers serialise their *transactions* (not their runs) on one advisory lock, as SQLite does: two ingests
run at once and interleave article by article, each article's duplicate check seeing every article committed
before it; unique keys with ``ON CONFLICT`` make a page stored by the other run an "unchanged" page, never a
second copy. Readers never wait for writers (MVCC).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Loader

from communique.store import postgres_fts
from communique.store.base import DatabaseBase, Params
from communique.store.errors import DatabaseError, QueryTimeout, ReadOnlyError, StoreError
from communique.store.filters import Filter

# pg_advisory_xact_lock keys (any two bigints that no other application on the database uses).
WRITE_LOCK = 0x636F6D6D756E  # "commun": every write transaction of communique, like SQLite's BEGIN IMMEDIATE
CONNECT_TIMEOUT = 10  # seconds to reach the server
ITER_ROWS = 500  # rows a server-side cursor (iterate) fetches at a time
_CURSORS = itertools.count(1)
BULK_WORK_MEM = "256MB"  # sorts and hashes of a resolution run stay in memory


def connection_options(readonly: bool, statement_timeout_ms: int | None = None) -> dict[str, Any]:
    """psycopg.connect keyword arguments of every communique connection (also the reader pool's)."""
    settings = ["-c client_encoding=UTF8", "-c TimeZone=UTC"]
    if readonly:
        settings.append("-c default_transaction_read_only=on")
    if statement_timeout_ms:
        settings.append(f"-c statement_timeout={int(statement_timeout_ms)}")
    return {"autocommit": True, "connect_timeout": CONNECT_TIMEOUT, "options": " ".join(settings)}


class _IntegralNumeric(Loader):
    """numeric as int when integral, else float: sum() over integers is numeric in PostgreSQL and an int on
    SQLite, and answers must be the same (JSON has no Decimal)."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode("ascii")
        if text in ("NaN", "Infinity", "-Infinity"):
            return float(text)
        return int(text) if "." not in text and "e" not in text.lower() else float(text)


def configure(conn: psycopg.Connection) -> None:
    """Adapters every communique connection needs (called on new pool connections too)."""
    conn.adapters.register_loader("numeric", _IntegralNumeric)


# -- SQL translation --------------------------------------------------------------------------------------

_SCAN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|\$\$.*?\$\$|\?|%""", re.S)


@lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """The store's SQL (``?`` parameters) as psycopg's (``%s``; a literal ``%`` doubled). Question marks
    inside string literals, quoted names and comments are left alone."""

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "?":
            return "%s"
        return token.replace("%", "%%")

    return _SCAN.sub(swap, sql)


def split_statements(script: str) -> list[str]:
    """A schema or migration file cut into statements at the semicolons outside quotes and comments; the
    statements without their comment lines."""
    out, start = [], 0
    for m in re.finditer(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|\$\$.*?\$\$|;""", script, re.S):
        if m.group(0) == ";":
            out.append(script[start:m.start()])
            start = m.end()
    out.append(script[start:])
    statements = []
    for chunk in out:
        body = "\n".join(x for x in chunk.splitlines() if not x.lstrip().startswith("--")).strip()
        if body:
            statements.append(body)
    return statements


# -- rows ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=2048)
def _row_class(names: tuple[str, ...]) -> type:
    """A tuple that also reads by column name and converts with dict(), like sqlite3.Row."""
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)
        index.setdefault(name.lower(), i)

    class Row(tuple):
        __slots__ = ()

        def __getitem__(self, key: Any) -> Any:
            if isinstance(key, str):
                try:
                    return tuple.__getitem__(self, index[key])
                except KeyError:
                    raise IndexError(f"no column named {key!r}") from None
            return tuple.__getitem__(self, key)

        def keys(self) -> list[str]:
            return list(names)

    return Row


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return tuple
    cls = _row_class(tuple(c.name for c in description))
    return cls


# -- the database ---------------------------------------------------------------------------------------------

def _error(exc: psycopg.Error, where: str) -> DatabaseError:
    if isinstance(exc, pg_errors.QueryCanceled):
        return QueryTimeout(f"{where}: the query was cancelled at the time limit ({_first_line(exc)})")
    return DatabaseError(f"{where}: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class PostgresDatabase(DatabaseBase):
    """One connection to a communique PostgreSQL database. Autocommit; ``transaction()`` opens transactions.

    Made from a URL (``PostgresDatabase(url)``), or around a connection lent by a pool (``conn=``), which
    ``close`` then leaves open for the pool. ``statement_timeout_ms``: every statement is cancelled by the
    server after that long (the web server's readers)."""

    dialect = "postgres"  # names schema/postgres.sql and migrations/postgres/
    join_in_order = "JOIN"  # the planner orders joins itself

    def __init__(self, url: str | None = None, readonly: bool = False, *, location: str | None = None,
                 conn: psycopg.Connection | None = None, statement_timeout_ms: int | None = None) -> None:
        self.readonly = readonly
        self.location = location or (url or "postgresql")
        self._depth = 0
        self._owned = conn is None
        if conn is None:
            if url is None:
                raise ValueError("a PostgresDatabase needs a URL or a connection")
            try:
                conn = psycopg.connect(url, **connection_options(readonly, statement_timeout_ms))
            except psycopg.Error as exc:
                raise StoreError(f"cannot connect to {self.location}: {_first_line(exc)}") from exc
            configure(conn)
        self.conn = conn
        self.conn.row_factory = _row_factory

    # -- statements --------------------------------------------------------------------------------

    def _run(self, sql: str, params: Params) -> psycopg.Cursor:
        cursor = self.conn.cursor()
        try:
            cursor.execute(translate(sql), params if isinstance(params, Mapping) else tuple(params))
        except psycopg.Error as exc:
            raise _error(exc, self.location) from exc
        return cursor

    def execute(self, sql: str, params: Params = ()) -> psycopg.Cursor:
        return self._run(sql, params)

    def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        rows = [r if isinstance(r, Mapping) else tuple(r) for r in rows]
        if not rows:
            return
        try:
            self.conn.cursor().executemany(translate(sql), rows)
        except psycopg.Error as exc:
            raise _error(exc, self.location) from exc

    def rows(self, sql: str, params: Params = ()) -> list[Any]:
        cursor = self._run(sql, params)
        try:
            return cursor.fetchall() if cursor.description is not None else []
        except psycopg.Error as exc:
            raise _error(exc, self.location) from exc

    def tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        cursor = self.conn.cursor(row_factory=psycopg.rows.tuple_row)
        try:
            cursor.execute(translate(sql), tuple(params))
            return cursor.fetchall()
        except psycopg.Error as exc:
            raise _error(exc, self.location) from exc

    def iterate(self, sql: str, params: Params = ()) -> Iterator[Any]:
        """Rows one by one, for results too large to hold (exports): a server-side cursor fetched ITER_ROWS at
        a time, so that other statements can run on this connection between two rows (the exports ask for
        an event's participants while walking the events), which a streamed result would not allow."""
        cursor = self.conn.cursor(name=f"communique_{next(_CURSORS)}", withhold=True)
        cursor.itersize = ITER_ROWS
        try:
            cursor.execute(translate(sql), tuple(params))
            yield from cursor
        except psycopg.Error as exc:
            raise _error(exc, self.location) from exc
        finally:
            if not self.conn.closed:
                try:
                    cursor.close()
                except psycopg.Error:  # the connection failed meanwhile: the cursor went with it
                    pass

    def one(self, sql: str, params: Params = ()) -> Any | None:
        cursor = self._run(sql, params)
        try:
            return cursor.fetchone()
        except psycopg.Error as exc:
            raise _error(exc, self.location) from exc

    # -- transactions ------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nested calls are savepoints.

        The outermost takes communique's write lock (a transaction-level advisory lock) first, as SQLite's
        BEGIN IMMEDIATE does: write transactions of concurrent runs follow one another, each seeing what the
        ones before it committed (duplicate detection, resolution); readers are never blocked."""
        if self.readonly:
            raise ReadOnlyError(f"{self.location} is open read-only")
        if self._depth == 0:
            self.execute("BEGIN")
            self._depth = 1
            try:
                self.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                yield
            except BaseException:
                self._depth = 0
                self._rollback()
                raise
            self._depth = 0
            try:
                self.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            return
        name = f"sp{self._depth}"
        self._depth += 1
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.execute(f"RELEASE SAVEPOINT {name}")
            raise
        finally:
            self._depth -= 1
        self.execute(f"RELEASE SAVEPOINT {name}")

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except psycopg.Error:  # the connection itself is gone: nothing to roll back
            pass

    def close(self) -> None:
        if self.conn.closed:
            return
        if self._depth:
            self._depth = 0
            self._rollback()
        if self._owned:
            self.conn.close()

    # -- schema --------------------------------------------------------------------------------------

    def statements(self, script: str) -> list[str]:
        return split_statements(script)

    def has_table(self, name: str) -> bool:
        return self.value("SELECT to_regclass(?) IS NOT NULL", (name,)) is True

    def table_columns(self, table: str) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", (table,))]

    # -- the dialect -------------------------------------------------------------------------------

    def id_table(self, ids: Sequence[int]) -> tuple[str, list[Any]]:
        return "(SELECT unnest(CAST(? AS bigint[])) AS value)", [list(ids)]

    @contextmanager
    def bulk_cache(self) -> Iterator[None]:
        """More memory for the sorts and hashes of a resolution run (the server keeps its own page cache)."""
        self.execute(f"SET work_mem = '{BULK_WORK_MEM}'")
        try:
            yield
        finally:
            if not self.conn.closed:
                self.execute("RESET work_mem")

    @contextmanager
    def indexes_dropped(self, table: str, column: str) -> Iterator[None]:
        """Nothing: dropping an index takes an exclusive lock that would stop every reader (the web server)
        for the whole resolution; PostgreSQL maintains the indexes as rows change."""
        yield

    def reuse_ids(self, table: str) -> None:
        """New ids of ``table`` continue from its largest id, as SQLite's rowid does (a sequence would go on
        from ids deleted or rolled back), so that both backends number rows alike. Only inside a write
        transaction (which holds the write lock: no other writer inserts meanwhile)."""
        self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")

    # -- full-text search ------------------------------------------------------------------------------

    def fts_query(self, terms: Sequence[str]) -> str:
        return postgres_fts.tsquery_text(terms)

    def fts_any(self, queries: Sequence[str]) -> str:
        return postgres_fts.any_of(queries)

    def full_text(self, query: str, filters: list[Filter], *, include_duplicates: bool,
                  window: int) -> postgres_fts.Matches:
        return postgres_fts.Matches(self, query, filters, include_duplicates=include_duplicates, window=window)

    def index_search(self, rows: Sequence[tuple[int, str, str]]) -> None:
        postgres_fts.index(self, rows)

    def clear_search_index(self) -> None:
        self.execute("DELETE FROM article_search")

    def set_deadline(self, seconds: float | None) -> None:
        """Statements running longer than ``seconds`` are cancelled by the server (QueryTimeout)."""
        ms = 0 if seconds is None else max(1, int(seconds * 1000))
        self.execute(f"SET statement_timeout = {ms}")

    # -- one writer at a time ----------------------------------------------------------------------

    def acquire_writer(self, timeout: float | None = None, wait_message: str | None = None) -> None:
        """Nothing to wait for: concurrent runs are safe (the write lock of each transaction, unique keys)."""

    def release_writer(self) -> None:
        pass
