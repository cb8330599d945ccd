"""Schema versions: numbered migrations per dialect, recorded in ``schema_migrations``.

Files (package data; dialect ``sqlite`` or ``postgres``): ``schema/<dialect>.sql`` is the current schema, read
by people and used to make a new database; ``migrations/<dialect>/NNNN_name.sql`` take an older database there,
one version at a time (both dialects have the same numbers and names). Every write open
(``communique.store.open_store``) upgrades the database in place, in one transaction, before anything else;
a read-only open of an older database is refused with the command that upgrades it.

Version 0 is a database written before migrations existed (communique up to commit 59ab71e): it has the
tables but no ``schema_migrations``. Migration 0001 is that release's schema verbatim; such a database gets
whatever an even older release lacked (``LEGACY_COLUMNS``, which the old code added on open) and is recorded
at 0001, then the later migrations run as for any database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from communique.store.errors import SchemaTooOld, StoreError

if TYPE_CHECKING:
    from communique.store.interfaces import Database

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

# Columns that releases before 0001 did not have, added on open by the code of those releases (the store's
# migrate() and resolve's ensure_schema): table -> (column, declaration), in the order they appeared.
LEGACY_COLUMNS = {
    "mentions": [("in_title", "INTEGER NOT NULL DEFAULT 0")],
    "dates": [("in_title", "INTEGER NOT NULL DEFAULT 0")],
    "posts": [("in_title", "INTEGER NOT NULL DEFAULT 0"),
              ("kb_post_id", "INTEGER REFERENCES kb_posts(id) ON DELETE SET NULL")],
    "events": [("in_title", "INTEGER NOT NULL DEFAULT 0")],
    "figures": [("in_title", "INTEGER NOT NULL DEFAULT 0")],
    "kb_events": [("place_entity_id", "INTEGER REFERENCES entities(id) ON DELETE SET NULL"),
                  ("sources", "INTEGER NOT NULL DEFAULT 0"),
                  ("teaser_only", "INTEGER NOT NULL DEFAULT 0")],
}


# Migrations that add a table filled from the rows already stored by Python code (what SQL cannot compute),
# run right after the migration's statements, in the same transaction: name -> (module, function(db)). The
# search index holds the analyser's terms (store/analysis.py): a change of the analyser takes a migration
# (both dialects) whose filler is reindex_search.
FILLERS = {"archive_catalog": ("communique.store.archive", "fill_catalog"),
           "search_terms": ("communique.store.articles", "reindex_search")}


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def migrations(dialect: str) -> tuple[Migration, ...]:
    """The dialect's migrations in order; numbered 1, 2, 3 … without gaps."""
    folder = resources.files("communique.store").joinpath("migrations", dialect)
    found = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StoreError(f"migrations/{dialect}: numbered {[m.version for m in found]}, not 1, 2, 3 …")
    return tuple(found)


def latest(dialect: str) -> int:
    return migrations(dialect)[-1].version


@cache
def schema(dialect: str) -> str:
    return resources.files("communique.store").joinpath("schema", f"{dialect}.sql").read_text(encoding="utf-8")


def version(db: Database) -> int | None:
    """The database's schema version: None for an empty database, 0 for one made before migrations."""
    if db.has_table("schema_migrations"):
        return int(db.value("SELECT coalesce(max(version), 0) FROM schema_migrations"))
    return 0 if db.has_table("articles") else None


def check_readable(db: Database) -> None:
    """Refuse, with a message saying what to do, a database this code cannot read as it is."""
    have, want = version(db), latest(db.dialect)
    if have is None:
        raise StoreError(f"{db.location} is not a communique database (no articles table)")
    if have > want:
        raise StoreError(f"{db.location} was written by a newer communique (schema version {have}; this one "
                         f"knows up to {want}): upgrade communique")
    if have < want:
        raise SchemaTooOld(f"{db.location} was written by an older communique (schema version {have} of "
                           f"{want}): upgrade it once with `communique migrate --db {db.location}`")


def upgrade(db: Database) -> list[str]:
    """Bring the database to the latest schema (creating it when empty); returns the migrations applied.

    One transaction: a failure or a kill leaves the database at the version it had. The version is read
    again inside the transaction, so two processes opening one old database upgrade it once."""
    want = latest(db.dialect)
    if version(db) == want:  # the common case: no write lock taken
        return []
    applied: list[str] = []
    with db.transaction():
        have = version(db)
        if have is not None and have > want:
            raise StoreError(f"{db.location} was written by a newer communique (schema version {have}; this "
                             f"one knows up to {want}): upgrade communique")
        if have is None:
            for statement in db.statements(schema(db.dialect)):
                db.execute(statement)
            _record(db, migrations(db.dialect))
            return ["schema"]
        if have == 0:
            _baseline(db)
            _record(db, migrations(db.dialect)[:1])
            applied.append("0001_baseline")
            have = 1
        pending = [m for m in migrations(db.dialect) if m.version > have]
        for m in pending:
            for statement in db.statements(m.sql):
                db.execute(statement)
            if m.name in FILLERS:
                import importlib

                module, function = FILLERS[m.name]
                getattr(importlib.import_module(module), function)(db)
            _record(db, [m])
            applied.append(f"{m.version:04d}_{m.name}")
    return applied


def _record(db: Database, done: tuple[Migration, ...] | list[Migration]) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "applied_at TEXT NOT NULL)")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    db.executemany("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                   [(m.version, m.name, now) for m in done])


def _baseline(db: Database) -> None:
    """A database made before migrations: the tables of 0001 it lacks, the columns of LEGACY_COLUMNS it lacks
    (before the indexes that name them), then 0001's indexes, virtual tables and triggers (IF NOT EXISTS)."""
    statements = db.statements(migrations(db.dialect)[0].sql)
    for statement in statements:
        if statement.startswith("CREATE TABLE IF NOT EXISTS"):
            db.execute(statement)
    for table, columns in LEGACY_COLUMNS.items():
        have = set(db.table_columns(table))
        for column, declaration in columns:
            if column not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
    for statement in statements:
        if not statement.startswith("CREATE TABLE IF NOT EXISTS"):
            db.execute(statement)
