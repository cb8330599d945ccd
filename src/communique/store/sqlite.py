"""The SQLite backend: one database file (WAL), its connection, transactions and the SQLite dialect.

Everything else in ``communique.store`` writes its SQL once, against the ``Database`` interface
(store/interfaces.py), with ``?`` or ``:name`` parameters and constructs both SQLite >= 3.35 and PostgreSQL
accept. What only SQLite says lives here, in the dialect methods: full-text search (FTS5, see sqlite_fts.py),
the expansion of an id list (``json_each``), the page cache and index drops of a bulk run, PRAGMAs, the
writer lock, and the schema and migration files under ``schema/sqlite.sql`` and ``migrations/sqlite/``.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from communique.store import sqlite_fts
from communique.store.base import DatabaseBase, Params
from communique.store.errors import DatabaseError, QueryTimeout, ReadOnlyError, StoreError, WriterBusy
from communique.store.filters import Filter

BUSY_TIMEOUT_MS = 30_000  # a statement waits this long for another connection's write lock
CACHE_KIB = 64 * 1024  # page cache per connection: band keys and FTS pages stay hot
BULK_CACHE_KIB = 256 * 1024  # during a resolution run, which updates rows all over the fact tables
MMAP_BYTES = 1 << 30  # read-only connections read the file through a memory map (no read() + copy per page)
PROGRESS_STEPS = 20_000  # virtual-machine steps between two looks at a statement's deadline (~1 ms)



def _error(exc: sqlite3.Error, where: str) -> DatabaseError:
    if isinstance(exc, sqlite3.OperationalError) and str(exc) == "interrupted":
        return QueryTimeout(f"{where}: the query was stopped at the time limit")
    return DatabaseError(f"{where}: {exc}")


class SQLiteDatabase(DatabaseBase):
    """One connection to a communique SQLite file. Autocommit; ``transaction()`` opens transactions.

    ``conn`` is the sqlite3 connection (rows are ``sqlite3.Row``: by index, by name, ``dict(row)``); only
    modules of communique.store and tests checking the file itself use it."""

    dialect = "sqlite"
    # "a CROSS JOIN b ON …": SQLite keeps a as the outer loop (a small id list driving lookups in b's index);
    # the PostgreSQL planner needs no such hint ("JOIN").
    join_in_order = "CROSS JOIN"

    def __init__(self, path: Path | str, readonly: bool = False, *, threads: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.location = str(self.path)
        self._depth = 0  # nesting of transaction(): outermost BEGIN, inner SAVEPOINTs
        self._lock_file: Any = None
        self._deadline: float | None = None
        try:
            if readonly:
                if not self.path.is_file():
                    raise StoreError(f"no database at {self.path}")
                uri = self.path.resolve().as_uri() + "?mode=ro"
                # threads: a web server may run a request's dependency and its endpoint on different threads
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=not threads)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=not threads)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot open {self.path}: {exc.strerror or exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            if readonly:
                self.conn.execute("PRAGMA query_only = ON")
                self.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            else:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; safe with WAL
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "file is not a database"
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(f"cannot open {self.path} as a communique database: {exc}") from exc

    # -- statements --------------------------------------------------------------------------------

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise _error(exc, self.location) from exc

    def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise _error(exc, self.location) from exc

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _error(exc, self.location) from exc

    def tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Rows as plain tuples: for large reads unpacked by position (resolution's), ~30 % cheaper per row
        than sqlite3.Row."""
        try:
            cursor = self.conn.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _error(exc, self.location) from exc

    def iterate(self, sql: str, params: Params = ()) -> Iterator[sqlite3.Row]:
        """Rows one by one, for results too large to hold (exports)."""
        try:
            yield from self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise _error(exc, self.location) from exc

    def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        try:
            return self.conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise _error(exc, self.location) from exc

    # -- transactions ------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nested calls are savepoints.

        The outermost is ``BEGIN IMMEDIATE``: the write lock is taken at the start (waiting up to the busy
        timeout for another writer), never half-way through. A failing inner block (its savepoint) rolls back
        alone; any exception, KeyboardInterrupt included, rolls back the outermost."""
        if self.readonly:
            raise ReadOnlyError(f"{self.location} is open read-only")
        if self._depth == 0:
            self.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                self.conn.rollback() if self.conn.in_transaction else None
                raise
            self._depth = 0
            self.execute("COMMIT")
            return
        name = f"sp{self._depth}"
        self._depth += 1
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO {name}")
            self.execute(f"RELEASE {name}")
            raise
        finally:
            self._depth -= 1
        self.execute(f"RELEASE {name}")

    def close(self) -> None:
        if self._depth:  # leaving with a transaction open (e.g. an interrupt): keep nothing of it
            self.conn.rollback()
            self._depth = 0
        self.conn.close()
        self.release_writer()

    # -- the dialect -------------------------------------------------------------------------------

    def id_table(self, ids: Sequence[int]) -> tuple[str, list[Any]]:
        """A FROM item listing ``ids`` in a column named ``value`` (one parameter, however many ids)."""
        return "json_each(?)", [json.dumps(list(ids))]

    def table_columns(self, table: str) -> list[str]:
        return [r[1] for r in self.rows(f"PRAGMA table_info({table})")]

    def statements(self, script: str) -> list[str]:
        """A schema or migration file cut into statements (sqlite3.complete_statement knows trigger bodies)."""
        out, buffer = [], ""
        for line in script.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                body = "\n".join(x for x in buffer.splitlines() if not x.lstrip().startswith("--")).strip()
                if body.rstrip(";").strip():
                    out.append(body)
                buffer = ""
        return out

    def has_table(self, name: str) -> bool:
        return self.one("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)) \
            is not None

    @contextmanager
    def bulk_cache(self) -> Iterator[None]:
        """A large page cache for a run that updates rows all over the fact tables (a resolution): their
        pages stay in memory instead of being read again. Restored afterwards."""
        saved_cache = self.value("PRAGMA cache_size")
        self.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self.execute(f"PRAGMA cache_size = {saved_cache}")

    @contextmanager
    def indexes_dropped(self, table: str, column: str) -> Iterator[None]:
        """The table's indexes on ``column`` dropped for a bulk update and made again from their own
        definitions afterwards, inside the caller's transaction (no reader ever misses them): when most rows
        change, rebuilding an index once costs less than maintaining it row by row."""
        indexes = self.rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
            " AND sql LIKE ?", (table, f"%{column}%"))
        for name, _ in indexes:
            self.execute(f'DROP INDEX "{name}"')
        try:
            yield
        finally:
            for _, sql in indexes:
                self.execute(sql)

    def reuse_ids(self, table: str) -> None:
        """Nothing: a new rowid is already the largest id + 1 (PostgreSQL's sequences are set to do the same)."""

    # -- full-text search (FTS5) -------------------------------------------------------------------

    def fts_query(self, terms: Sequence[str]) -> str:
        return sqlite_fts.fts5_query(terms)

    def fts_any(self, queries: Sequence[str]) -> str:
        return sqlite_fts.any_of(queries)

    def full_text(
        self, query: str, filters: list[Filter], *, include_duplicates: bool, window: int
    ) -> sqlite_fts.Matches:
        return sqlite_fts.Matches(self, query, filters, include_duplicates=include_duplicates, window=window)

    def index_search(self, rows: Sequence[tuple[int, str, str]]) -> None:
        sqlite_fts.index(self, rows)

    def clear_search_index(self) -> None:
        self.execute("DELETE FROM search_terms")

    # -- a time limit per request ------------------------------------------------------------------

    def set_deadline(self, seconds: float | None) -> None:
        """Interrupt any statement still running ``seconds`` from now (None: no limit). SQLite checks a
        progress handler every PROGRESS_STEPS virtual-machine steps; the interrupted statement raises
        QueryTimeout. The web server's readers set one per request."""
        if seconds is None:
            self.conn.set_progress_handler(None, 0)
            self._deadline = None
            return
        self._deadline = time.monotonic() + seconds
        self._limit = seconds
        deadline = self._deadline
        self.conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, PROGRESS_STEPS)

    # -- one writer at a time ----------------------------------------------------------------------

    def acquire_writer(self, timeout: float | None = None, wait_message: str | None = None) -> None:
        """Become the only ingest writing to this file until ``release_writer`` (or the process ends).

        SQLite serialises transactions, not runs: two ingests at once would interleave their batches and
        the second would wait for the first's long resolution transaction past any busy timeout. So a run
        takes an exclusive lock on ``PATH-writer.lock`` before it reads anything: a second run waits its turn
        (``timeout`` None: as long as it takes; 0: not at all) or raises WriterBusy. The lock is flock(2):
        released by the kernel when the process dies, so a killed run never leaves it held."""
        if self._lock_file is not None:
            return
        lock_path = Path(f"{self.path}-writer.lock")
        try:
            handle = open(lock_path, "a+")  # noqa: SIM115  (held until release_writer)
        except OSError as exc:
            raise StoreError(f"cannot take the writer lock {lock_path}: {exc.strerror or exc}") from exc
        deadline = None if timeout is None else time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    handle.close()
                    holder = _read_holder(lock_path)
                    raise WriterBusy(f"{self.path} is being written by another run{holder}; "
                                     "try again when it has finished") from None
                if wait_message and not told:
                    print(wait_message, file=sys.stderr, flush=True)
                    told = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._lock_file = handle

    def release_writer(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None


def _read_holder(lock_path: Path) -> str:
    try:
        pid = lock_path.read_text(encoding="ascii").strip()
    except OSError:
        return ""
    return f" (process {pid})" if pid.isdigit() else ""
