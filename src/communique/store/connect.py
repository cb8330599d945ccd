"""Opening a database: one function for every ``--db`` (a path or a URL) and ``COMMUNIQUE_DB``.

``open_store(target)`` gives a ``Store``: the article writer (pages, articles, facts, site models, runs),
``store.read`` (the one read model the CLI, the web and the exports ask) and ``store.resolution`` (what
cross-document resolution reads and writes). A write open upgrades an older database in place
(store/migrate.py); a read-only open never writes and refuses a database it cannot read as it is.

``open_reader_pool(target)`` gives the web server its read-only connections, one read model per request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from threading import Lock, Thread
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from communique import config as config_module
from communique.store import migrate
from communique.store.articles import ArticleWriter, SaveResult
from communique.store.errors import DatabaseError, UnsupportedDatabase
from communique.store.sqlite import SQLiteDatabase

if TYPE_CHECKING:
    import datetime as dt

    from communique.clean.site_model import SiteModel
    from communique.document import Article
    from communique.extract.lexicon import Lexicon
    from communique.store.interfaces import Database
    from communique.store.read import ReadModel
    from communique.store.resolution import SQLResolutionStore

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
POSTGRES_SCHEMES = ("postgresql", "postgres")


def describe(target: str | Path) -> str:
    """The target as it may be shown to the user: a URL without its password."""
    text = str(target)
    if not _URL.match(text):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def is_postgres(target: str | Path) -> bool:
    """Whether the target is a PostgreSQL URL (postgresql://… or postgres://…)."""
    m = _URL.match(str(target)) if not isinstance(target, Path) else None
    return m is not None and m.group(1).lower() in POSTGRES_SCHEMES


def sqlite_path(target: str | Path) -> Path:
    """The SQLite file a target names, or UnsupportedDatabase for a URL that names no SQLite file."""
    if isinstance(target, Path):
        return target
    m = _URL.match(target)
    if m is None:
        return Path(target)
    scheme = m.group(1).lower()
    if scheme == "sqlite":
        # As SQLAlchemy writes it: sqlite:///relative.db, sqlite:////absolute/path.db.
        path = target[len(m.group(0)):]
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise UnsupportedDatabase(f"{target!r} names no file: use sqlite:///PATH or a plain path")
        return Path(path)
    if scheme in POSTGRES_SCHEMES:
        raise UnsupportedDatabase(f"{describe(target)} is a PostgreSQL database, not a SQLite file")
    raise UnsupportedDatabase(f"{describe(target)}: unknown database URL scheme {scheme!r}; give a SQLite "
                              "file path (or sqlite:///PATH) or a postgresql:// URL")


def check_target(target: str | Path) -> None:
    """UnsupportedDatabase for a target no backend of this build opens; nothing is opened or created."""
    if not is_postgres(target):
        sqlite_path(target)


def exists(target: str | Path) -> bool:
    """Whether there is something to open read-only: the SQLite file (a PostgreSQL server is asked when
    opened, so a URL is taken to exist)."""
    return is_postgres(target) or sqlite_path(target).exists()


def _connect(target: str | Path, readonly: bool, threads: bool) -> Database:
    if is_postgres(target):
        from communique.store.postgres import PostgresDatabase

        return PostgresDatabase(str(target), readonly=readonly, location=describe(target))
    return SQLiteDatabase(sqlite_path(target), readonly=readonly, threads=threads)


def open_database(target: str | Path, readonly: bool = False, *, threads: bool = False) -> Database:
    """A connection to the target, at the latest schema (upgraded when writable; checked when read-only)."""
    db = _connect(target, readonly, threads)
    try:
        if readonly:
            migrate.check_readable(db)
        else:
            migrate.upgrade(db)
    except BaseException:
        db.close()
        raise
    return db


def open_store(target: str | Path, readonly: bool = False, config: dict[str, Any] | None = None) -> Store:
    """Open the database at ``target``: a path or ``sqlite:///PATH`` (SQLite), or a ``postgresql://`` URL.

    Read-write: a SQLite file is created when missing, a PostgreSQL database (which must exist) gets the
    schema when empty, and either is upgraded to the latest schema. Read-only: nothing is ever written
    (SQLite ``mode=ro``, PostgreSQL read-only transactions); a missing file, a foreign database or an older
    schema is a StoreError with a message for the user. ``config`` overrides communique.config.DEFAULTS
    (the MinHash settings)."""
    return Store(open_database(target, readonly), config_module.load(config))


def upgrade_database(target: str | Path) -> tuple[list[str], int]:
    """Upgrade (or create) the database at the latest schema: the migrations applied, and the version now."""
    db = _connect(target, False, False)
    try:
        applied = migrate.upgrade(db)
        return applied, migrate.version(db) or 0
    finally:
        db.close()


class Store:
    """A communique database: the article writer (``ArticleStore``), ``read`` and ``resolution``.

    Use as a context manager. ``db`` is its ``Database`` (SQL stays inside communique.store)."""

    def __init__(self, db: Database, config: dict[str, Any]) -> None:
        self.db = db
        self.config = config
        self.readonly = db.readonly
        self.location = db.location
        self._writer = ArticleWriter(db, config)
        self._read: ReadModel | None = None
        self._resolution: SQLResolutionStore | None = None

    @property
    def read(self) -> ReadModel:
        if self._read is None:
            from communique.store.read import ReadModel

            self._read = ReadModel(self.db)
        return self._read

    @property
    def resolution(self) -> SQLResolutionStore:
        if self._resolution is None:
            from communique.store.resolution import SQLResolutionStore

            self._resolution = SQLResolutionStore(self.db)
        return self._resolution

    # -- lifecycle -----------------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def writer_lock(self, timeout: float | None = None, wait_message: str | None = None) -> None:
        """Become the only run writing to this database until close (see SQLiteDatabase.acquire_writer):
        an ingest takes it before reading anything, so a second one waits its turn or gets WriterBusy."""
        self.db.acquire_writer(timeout, wait_message)

    # -- ArticleStore --------------------------------------------------------------------------------

    def transaction(self) -> Any:
        """All writes inside commit together; nested calls are savepoints (see Database.transaction)."""
        return self.db.transaction()

    def batch(self) -> Any:
        """What an ingest or a load commits at once, around ``commit_every`` articles: on SQLite one
        transaction (one commit is what costs); on PostgreSQL nothing, so that each article commits on its own
        and holds the write lock only while it is saved (two ingests at once interleave article by article,
        each article's duplicate check seeing every article stored before it)."""
        return self.db.transaction() if self.db.dialect == "sqlite" else nullcontext()

    def has_page(self, content_hash: str) -> bool:
        return self._writer.has_page(content_hash)

    def save_article(self, article: Article) -> SaveResult:
        return self._writer.save_article(article)

    def load_site_model(self, site: str) -> SiteModel | None:
        return self._writer.load_site_model(site)

    def save_site_model(self, model: SiteModel) -> None:
        self._writer.save_site_model(model)

    def load_lexicon(self) -> Lexicon | None:
        return self._writer.load_lexicon()

    def save_lexicon(self, lexicon: Lexicon) -> None:
        self._writer.save_lexicon(lexicon)

    def record_run(self, started_at: dt.datetime | str, sources: Iterable[str | Path], report: dict[str, Any]) -> int:
        return self._writer.record_run(started_at, sources, report)


QUERY_SECONDS = 10.0  # a web request's statements are cancelled after this long (QueryTimeout: a 503)


class ReaderPool:
    """Read-only connections kept between requests, one ReadModel per request (``with pool.reader() as r``).

    SQLite: each connection keeps its page cache, so a request finds the indexes' pages in memory instead of
    reading them again (half the CPU of a typical search); at most ``size`` idle connections are kept, more
    are opened when requests overlap and closed after. PostgreSQL: a psycopg_pool of ``size`` × 2 connections
    (a request waits for one when all are busy). Every statement of a request is cancelled after
    ``query_seconds`` (QueryTimeout). The database is checked once, when the pool is made."""

    def __init__(self, target: str | Path, size: int = 4, query_seconds: float | None = QUERY_SECONDS) -> None:
        self.target, self.size, self.query_seconds = target, size, query_seconds
        # How many requests should hold a connection at once: a server lets that many in and makes the rest
        # wait for a slot without holding a thread (web/api.py: a request thread waiting for a connection
        # while the holders wait for a thread to finish in would deadlock the thread pool).
        self.slots = max(2, size * 2)
        # Whether taking a connection can wait (PostgreSQL: for the pool); SQLite opens one more instead.
        self.may_wait = False
        self.wait_seconds = max(30.0, query_seconds or 0)
        self._lock = Lock()
        self._pg_pool: Any = None
        first = open_database(target, readonly=True, threads=True)
        if first.dialect == "sqlite":
            self._idle: list[Database] = [first]
            return
        first.close()
        from psycopg_pool import ConnectionPool

        from communique.store.postgres import configure, connection_options

        timeout_ms = int(query_seconds * 1000) if query_seconds else None
        self._idle = []
        self.may_wait = True
        # Every connection opened at the start: a request never waits for one to be made.
        self._pg_pool = ConnectionPool(str(target), min_size=self.slots, max_size=self.slots, open=True,
                                       kwargs=connection_options(True, timeout_ms), configure=configure,
                                       timeout=self.wait_seconds, name="communique-readers")

    @contextmanager
    def reader(self) -> Iterator[ReadModel]:
        """A read model for one request, given back afterwards (not reused after a DatabaseError)."""
        read = self.take()
        try:
            yield read
        except DatabaseError:
            self.give_back(read, reuse=False)  # a connection that failed mid-request is not reused
            raise
        except BaseException:
            self.give_back(read)
            raise
        self.give_back(read)

    def take(self) -> ReadModel:
        """A read model over a connection of the pool, its deadline set (PostgreSQL: waits for a free
        connection, at most ``wait_seconds``: then DatabaseError). Give it back with ``give_back``."""
        from communique.store.read import ReadModel

        if self._pg_pool is not None:
            from psycopg_pool import PoolTimeout

            from communique.store.postgres import PostgresDatabase

            try:
                conn = self._pg_pool.getconn()
            except PoolTimeout as exc:
                raise DatabaseError(f"{describe(self.target)}: no connection free: {exc}") from exc
            return ReadModel(PostgresDatabase(readonly=True, conn=conn, location=describe(self.target)))
        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = SQLiteDatabase(sqlite_path(self.target), readonly=True, threads=True)
        db.set_deadline(self.query_seconds)
        return ReadModel(db)

    def give_back(self, read: ReadModel, reuse: bool = True) -> None:
        """The request is done with it (its statements are over): kept for the next one, or closed."""
        db = read.db
        if self._pg_pool is not None:
            # The pool checks a connection given back (and resets one left in a transaction).
            self._pg_pool.putconn(db.conn)
            return
        db.set_deadline(None)
        with self._lock:
            if reuse and len(self._idle) < self.slots:
                self._idle.append(db)
                return
        db.close()

    def abandon(self, read: ReadModel) -> None:
        """A request cancelled while its statement may still run in its thread (a server stopping): its
        connection must not be touched now (SQLite would wait for the statement holding the interpreter's
        lock). PostgreSQL: given back to the pool from a thread of its own once the statement is over (its
        time limit ends it); SQLite: never reused, closed when the statement's thread lets go of it."""
        if self._pg_pool is None:
            return
        conn = read.db.conn

        def later() -> None:
            with conn.lock:  # held by psycopg while a statement runs
                pass
            try:
                self._pg_pool.putconn(conn)
            except Exception:  # noqa: BLE001  (a pool closed meanwhile: nothing to give back to)
                pass

        Thread(target=later, daemon=True, name="communique-give-back").start()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()
        if self._pg_pool is not None:
            self._pg_pool.close()


def open_reader_pool(target: str | Path, size: int = 4, query_seconds: float | None = QUERY_SECONDS) -> ReaderPool:
    """Read-only connections for a server (StoreError when the target cannot be read)."""
    return ReaderPool(target, size, query_seconds)
