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
from contextlib import contextmanager
from pathlib import Path
from threading import Lock
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


def sqlite_path(target: str | Path) -> Path:
    """The SQLite file a target names, or UnsupportedDatabase for a URL with no backend in this build."""
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
        raise UnsupportedDatabase(f"{describe(target)}: PostgreSQL is not supported by this version of "
                                  "communique yet; give a SQLite file path")
    raise UnsupportedDatabase(f"{describe(target)}: unknown database URL scheme {scheme!r}; give a SQLite "
                              "file path (or sqlite:///PATH)")


def check_target(target: str | Path) -> None:
    """UnsupportedDatabase for a target no backend of this build opens; nothing is opened or created."""
    sqlite_path(target)


def open_database(target: str | Path, readonly: bool = False, *, threads: bool = False) -> Database:
    """A connection to the target, at the latest schema (upgraded when writable; checked when read-only)."""
    db = SQLiteDatabase(sqlite_path(target), readonly=readonly, threads=threads)
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
    """Open the database at ``target`` (a path, ``sqlite:///PATH``; PostgreSQL URLs in a later version).

    Read-write: the file is created when missing and upgraded to the latest schema. Read-only: nothing is
    ever written (SQLite ``mode=ro``); a missing file, a foreign file or an older schema is a StoreError
    with a message for the user. ``config`` overrides communique.config.DEFAULTS (the MinHash settings)."""
    return Store(open_database(target, readonly), config_module.load(config))


def upgrade_database(target: str | Path) -> tuple[list[str], int]:
    """Upgrade (or create) the database at the latest schema: the migrations applied, and the version now."""
    db = SQLiteDatabase(sqlite_path(target))
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

    def has_page(self, content_hash: str) -> bool:
        return self._writer.has_page(content_hash)

    def save_article(self, article: Article) -> SaveResult:
        return self._writer.save_article(article)

    def load_site_model(self, site: str) -> SiteModel | None:
        return self._writer.load_site_model(site)

    def save_site_model(self, model: SiteModel) -> None:
        self._writer.save_site_model(model)

    def record_run(self, started_at: dt.datetime | str, sources: Iterable[str | Path], report: dict[str, Any]) -> int:
        return self._writer.record_run(started_at, sources, report)


class ReaderPool:
    """Read-only connections kept between requests, one ReadModel per request (``with pool.reader() as r``).

    Each connection keeps its page cache, so a request finds the indexes' pages in memory instead of reading
    them again (half the CPU of a typical search). At most ``size`` idle connections are kept; more are
    opened when requests overlap and closed after. The database is checked once, when the pool is made."""

    def __init__(self, target: str | Path, size: int = 4) -> None:
        self.target, self.size = target, size
        self._idle: list[Database] = [open_database(target, readonly=True, threads=True)]
        self._lock = Lock()

    @contextmanager
    def reader(self) -> Iterator[ReadModel]:
        from communique.store.read import ReadModel

        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = SQLiteDatabase(sqlite_path(self.target), readonly=True, threads=True)
        reuse = True
        try:
            yield ReadModel(db)
        except DatabaseError:
            reuse = False  # a connection that failed mid-request is not reused
            raise
        finally:
            with self._lock:
                if reuse and len(self._idle) < self.size:
                    self._idle.append(db)
                    db = None
            if db is not None:
                db.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()


def open_reader_pool(target: str | Path, size: int = 4) -> ReaderPool:
    """Read-only connections for a server (StoreError when the target cannot be read)."""
    return ReaderPool(target, size)
