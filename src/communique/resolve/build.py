"""Cross-document resolution: run every linking step over the facts not yet in the knowledge base.

Incremental by construction: each step picks only rows whose entity_id / kb_event_id is still NULL
and joins them to the entities and events already stored (stable ids and keys); post intervals are
recomputed from all evidence, which is a single aggregate.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

from communique.resolve import events, orgs, people, places, posts
from communique.resolve.registry import Registry

CACHE_KIB = 256 * 1024
BULK_ROWS = 50_000  # unlinked mentions from which the entity index is rebuilt rather than maintained

# Columns this package added to the schema; databases created before them get them on first resolve.
_ADDED_COLUMNS = {
    "posts": {"kb_post_id": "INTEGER REFERENCES kb_posts(id) ON DELETE SET NULL"},
    "kb_events": {
        "place_entity_id": "INTEGER REFERENCES entities(id) ON DELETE SET NULL",
        "sources": "INTEGER NOT NULL DEFAULT 0",
        "teaser_only": "INTEGER NOT NULL DEFAULT 0",
    },
}


def _statements(schema: str) -> list[str]:
    """schema.sql cut into statements (sqlite3.complete_statement knows trigger bodies), comments dropped."""
    out, buffer = [], ""
    for line in schema.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            body = "\n".join(x for x in buffer.splitlines() if not x.lstrip().startswith("--")).strip()
            out.append(body)
            buffer = ""
    return out


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the knowledge-base tables and columns an older database lacks (no commit: safe inside
    the caller's transaction). Triggers and virtual tables belong to the store, which applies the
    whole file on open."""
    schema = resources.files("communique.store").joinpath("schema.sql").read_text(encoding="utf-8")
    statements = _statements(schema)
    for body in statements:
        if body.startswith("CREATE TABLE IF NOT EXISTS"):
            conn.execute(body)
    have_tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, columns in _ADDED_COLUMNS.items():
        if table not in have_tables:
            continue
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for column, decl in columns.items():
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
    for body in statements:
        if body.startswith("CREATE INDEX IF NOT EXISTS"):
            conn.execute(body)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Our own transaction, or a savepoint when the caller (the ingest job) already holds one."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT resolve")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO resolve")
            conn.execute("RELEASE resolve")
            raise
        conn.execute("RELEASE resolve")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def resolve(conn: sqlite3.Connection) -> dict:
    """Link new mentions, posts and events to the knowledge base; returns what was done."""
    started = time.perf_counter()
    # Linking updates rows all over the facts tables and their entity indexes: a large page cache for
    # the run keeps that in memory instead of re-reading pages (restored afterwards).
    saved_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
    try:
        return _resolve(conn, started)
    finally:
        conn.execute(f"PRAGMA cache_size = {saved_cache}")


@contextmanager
def _indexes_dropped_for_bulk(conn: sqlite3.Connection) -> Iterator[None]:
    """When most mentions are new (a first resolve of a large crawl), maintaining the entity_id index
    row by row costs more than rebuilding it once: drop it for the linking, then create it again from
    its own definition (inside the same transaction, so no reader ever misses it)."""
    new = conn.execute("SELECT COUNT(*) FROM mentions WHERE entity_id IS NULL").fetchone()[0]
    indexes = []
    if new >= BULK_ROWS:
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mentions'"
            " AND sql IS NOT NULL AND sql LIKE '%entity_id%'"
        ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        for _, sql in indexes:
            conn.execute(sql)


def _resolve(conn: sqlite3.Connection, started: float) -> dict:
    with _transaction(conn):
        ensure_schema(conn)
        reg = Registry(conn)
        before = len(reg.kind)
        with _indexes_dropped_for_bulk(conn):
            linked_places = places.link(conn, reg)
            linked_orgs = orgs.link(conn, reg)
            linked_people = people.link(conn, reg)
        reg.flush()
        linked_events = events.link(conn, reg)
        # Events whose every mention went away with a replaced page version.
        conn.execute(
            "DELETE FROM kb_events"
            " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.kb_event_id = kb_events.id)"
        )
        reg.flush()
        intervals = posts.rebuild(conn)
        counts = {
            "entities": conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0],
            "entities_created": reg.created,
            "entities_merged": reg.merged,
            "entities_before": before,
            "people_linked": linked_people,
            "orgs_linked": linked_orgs,
            "places_linked": linked_places,
            "event_mentions_linked": linked_events,
            "kb_events": conn.execute("SELECT COUNT(*) FROM kb_events").fetchone()[0],
            "post_intervals": intervals,
        }
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts
