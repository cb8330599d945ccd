"""The SQLite store: one database file (WAL), the schema in schema.sql, thin data access.

Writes go through ``save_article`` (one article, all its parts and facts, plus duplicate
detection) inside ``transaction()``, so a crash or Ctrl-C never leaves half an article.
Reads (``search``, ``article``, ``stats``) return plain dicts and lists ready for JSON.

PostgreSQL as server storage is planned in the brief but not built: docs/storage.md says
what a port would replace (FTS5, WITHOUT ROWID tables) behind these same methods.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique import config as config_module
from communique.clean import dedup
from communique.document import Article, Fact

if TYPE_CHECKING:
    from communique.clean.site_model import SiteModel
    from communique.extract.lexicon import Lexicon

MAX_LIMIT = 1000  # results per search page
MAX_QUERY_TERMS = 64
TITLE_WEIGHT = 10.0  # bm25 weight of the title column against the body's 1.0
SNIPPET_TOKENS = 24
EMPTY_BODY_HASH = hashlib.sha256(b"").hexdigest()  # Article.body_hash of a page with no body
RANK_WINDOW = 10_000  # at most this many matches (the newest) are ranked by bm25; see search()
SET_MAX = 50_000  # a search filter holding more articles is probed per match, not built as a set
FACT_TABLES = ("mentions", "dates", "posts", "events", "figures")


class StoreError(Exception):
    """A store operation that cannot be done, with a message for the user."""


class ReadOnlyError(StoreError):
    """A write attempted on a store opened read-only."""


@dataclass(frozen=True)
class SaveResult:
    article_id: int
    version: int
    is_new_version: bool  # True when an existing article (same page key) got new content
    duplicate_of: int | None
    similarity: float | None
    status: str  # new | version | unchanged (this exact page content was stored before)
    duplicate_kind: str | None = None  # exact (same normalised body) | near (MinHash) | None

    @property
    def exact(self) -> bool:
        """An exact duplicate (same normalised body), whatever the similarity says."""
        return self.duplicate_kind == "exact"


def schema_sql() -> str:
    return resources.files("communique.store").joinpath("schema.sql").read_text(encoding="utf-8")


def _iso(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _json(value: Any) -> str | None:
    if value is None or value == {} or value == []:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


def _loads(value: str | None, empty: Any = None) -> Any:
    return json.loads(value) if value else empty


def _span(fact: Fact) -> dict[str, Any]:
    """The provenance columns every fact row has."""
    return {"start": fact.start, "end": fact.end, "sentence": fact.sentence, "from_teaser": fact.from_teaser,
            "in_title": 1 if fact.in_title else 0}


# Columns added to tables after databases were made with them: (table, column, declaration).
ADDED_COLUMNS = tuple((table, "in_title", "INTEGER NOT NULL DEFAULT 0") for table in FACT_TABLES)


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Add the columns schema.sql gained since an older database was made ("table.column" added)."""
    added = []
    for table, column, decl in ADDED_COLUMNS:
        if column not in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            added.append(f"{table}.{column}")
    return added


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    return conn.execute(f"INSERT INTO {table}({columns}) VALUES ({marks})", tuple(row.values())).lastrowid


def _insert_many(conn: sqlite3.Connection, table: str, article_id: int, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = ["article_id", *rows[0]]
    sql = f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    conn.executemany(sql, [(article_id, *row.values()) for row in rows])


_TOKEN_CHAR = re.compile(r"[^\W_]")  # a letter or digit: what FTS5's unicode61 tokenizer indexes
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def fts5_query(text: str) -> str:
    """The user's text as a safe FTS5 query: every whitespace-separated chunk one quoted phrase.

    Inside double quotes FTS5 sees only tokens, so operators (AND, OR, NOT, NEAR), column
    filters (``title:``), prefixes (``*``), grouping and ``^`` are plain words or dropped;
    the query can only mean "all these words". Quotes in the text are doubled. A chunk with
    no letter or digit is dropped; ValueError when nothing is left.
    """
    text = _CONTROL.sub(" ", text)  # a NUL ends an FTS5 string early ("unterminated string")
    chunks = [c for c in text.split() if _TOKEN_CHAR.search(c)]
    if not chunks:
        raise ValueError(f"nothing to search for in {text!r}: give at least one word or number")
    if len(chunks) > MAX_QUERY_TERMS:
        raise ValueError(f"query too long: {len(chunks)} words (at most {MAX_QUERY_TERMS})")
    return " ".join('"' + c.replace('"', '""') + '"' for c in chunks)


def _date_bound(value: str | None, end: bool) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first (or last) ISO day it covers."""
    if value is None or value == "":
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-12-31" if end else f"{value}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = dt.date.fromisoformat(value + "-01")
            if not end:
                return first.isoformat()
            following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return (following - dt.timedelta(days=1)).isoformat()
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise ValueError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")



# -- full-text search, shared by Store.search and the web app ---------------------------------

# A filter is a set of article ids: SQL selecting them as ``id`` (from constants only) and its parameters.
Filter = tuple[str, list[Any]]


def article_filters(
    *,
    site: str | None = None,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: int | None = None,
    event_type: str | None = None,
) -> list[Filter]:
    """Search filters as id sets: site, language and publication dates (YYYY, YYYY-MM or YYYY-MM-DD,
    inclusive) from ``articles``; an entity named in the body, an event type reported in the body.
    ValueError for a bad date."""
    conditions, values = [], []
    if site:
        conditions.append("site = ?")
        values.append(site)
    if lang:
        conditions.append("lang = ?")
        values.append(lang)
    if (low := _date_bound(date_from, end=False)) is not None:
        conditions.append("published >= ?")
        values.append(low)
    if (high := _date_bound(date_to, end=True)) is not None:
        conditions.append("published <= ?")
        values.append(high)
    out: list[Filter] = []
    if conditions:
        out.append((f"SELECT id FROM articles WHERE {' AND '.join(conditions)}", values))
    if entity is not None:
        out.append(("SELECT article_id AS id FROM mentions WHERE entity_id = ? AND from_teaser IS NULL", [entity]))
    if event_type:
        out.append(("SELECT article_id AS id FROM events WHERE type = ? AND from_teaser IS NULL", [event_type]))
    return out


@dataclass
class RankedPage:
    """One page of ranked matches. ``hits`` are (article id, bm25 rank; lower is better). ``matched`` counts
    the ranked matches; when ``windowed``, there were more and only the newest ``matched`` were ranked.
    ``total`` counts all matches, as far as asked (see Matches.ranked)."""

    hits: list[tuple[int, float]]
    matched: int
    windowed: bool
    total: int


def filter_terms(
    conn: sqlite3.Connection, filters: list[Filter], column: str, fts: bool = True, candidates: int | None = None
) -> tuple[list[str], list[Any], int | None]:
    """SQL terms keeping the ids in ``column`` that pass every filter, with their parameters, and an upper
    bound on how many ids pass (None without filters; 0: none can pass).

    A filter holding at most SET_MAX articles becomes a set built once (``column IN (…)``; over FTS5 with a
    unary +, which keeps SQLite from handing "rowid IN" to FTS5, where it would re-run the full-text query
    per article, and the ids bounded to the set's range). A membership test costs ~0.3 µs per match. A
    larger filter (an entity named in most of the archive: half a million mention rows) is probed per
    candidate through its index instead (``EXISTS``, 1–4 µs), which pays when most candidates pass, and so
    is any filter holding more than four times the ``candidates`` (the full-text matches) there are to test:
    building a set costs ~0.7 µs per id, probing ~3 µs per candidate."""
    terms: list[str] = []
    params: list[Any] = []
    bound = None
    for sql, values in filters:
        # Ids read from articles are unique and cheap; mentions and events name an article many times, so
        # their sets cost several index entries per article and are kept smaller.
        unique = sql.startswith("SELECT id FROM articles ")
        ids, most = (sql, SET_MAX) if unique else (f"SELECT DISTINCT id FROM ({sql})", SET_MAX // 10)
        if candidates is not None:
            most = min(most, 4 * candidates)
        n, low, high = conn.execute(
            f"SELECT count(*), min(id), max(id) FROM ({ids} LIMIT ?)", (*values, most + 1)
        ).fetchone()
        if n == 0:
            return terms, params, 0
        bound = n if bound is None else min(bound, n)
        if n > most:
            terms.append(f"EXISTS (SELECT 1 FROM ({sql}) WHERE id = {column})")
            params += values
        elif fts:
            terms += [f"+{column} IN ({sql})", f"{column} BETWEEN ? AND ?"]
            params += [*values, low, high]
        else:
            terms.append(f"{column} IN ({sql})")
            params += values
    return terms, params, bound


class Matches:
    """The articles matching ``match`` (an fts5_query) and the filters, ready to be ranked, walked newest
    first or counted; shared by Store.search and the web app. At most ``window`` (default RANK_WINDOW)
    matches are ranked: the newest (see ``ranked``)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        match: str,
        filters: list[Filter] | None = None,
        *,
        include_duplicates: bool = False,
        window: int | None = None,
    ) -> None:
        self.conn = conn
        self.window = RANK_WINDOW if window is None else window
        self.where, self.params = ["articles_fts MATCH ?"], [match]
        if not include_duplicates:
            self.where.append("+rowid NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)")
        candidates = None
        if filters:  # a cheap walk of the doclist: how many matches the filters will have to test
            sql = "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)"
            candidates = conn.execute(sql, (match, SET_MAX + 1)).fetchone()[0]
        terms, values, self.filtered = filter_terms(conn, filters or [], "articles_fts.rowid", candidates=candidates)
        if candidates is not None and self.filtered is not None:
            self.filtered = min(self.filtered, candidates)
        self.where += terms
        self.params += values

    def _sql(self, extra: str = "") -> str:
        return f"FROM articles_fts WHERE {' AND '.join(self.where)}{extra}"

    def ranked(self, limit: int = 10, offset: int = 0, count_cap: int = 0) -> RankedPage:
        """A page ranked by bm25 with the title weighted up, ties by id; with ``count_cap``, ``total`` counts
        all the matches up to count_cap + 1.

        bm25 costs a few microseconds per matching row: a word found in most of a large archive would take
        a second to rank. Only the newest `window` matches (after the filters) are ranked; narrower words or
        a date range reach older ones. One pass over the doclist, newest first, finds where the window ends
        (and counts, in the same pass); it is skipped when the filters leave fewer articles than the window."""
        if self.filtered == 0:
            return RankedPage([], 0, False, 0)
        rank = f"bm25({TITLE_WEIGHT}, 1.0)"
        if self.filtered is not None and self.filtered <= self.window:
            # count(*) OVER () counts the ranked matches in the same pass that ranks them.
            rows = self.conn.execute(
                f"SELECT rowid, rank, count(*) OVER () {self._sql()} AND rank MATCH ? "
                "ORDER BY rank, rowid LIMIT ? OFFSET ?",
                (*self.params, rank, limit, offset),
            ).fetchall()
            matched = rows[0][2] if rows else self.count(self.window)
            return RankedPage([(r[0], r[1]) for r in rows], matched, False, matched)
        # One statement: the walk newest first (materialised, so it and the filter sets it tests against run
        # once) gives the count and the window; the ranking pass then tests membership in the window only.
        rows = self.conn.execute(
            f"WITH walk AS MATERIALIZED (SELECT rowid AS id {self._sql()} ORDER BY rowid DESC LIMIT ?), "
            "win AS MATERIALIZED (SELECT id FROM walk ORDER BY id DESC LIMIT ?) "
            "SELECT rowid, rank, (SELECT count(*) FROM walk), count(*) OVER () FROM articles_fts "
            "WHERE articles_fts MATCH ? AND +rowid IN win AND rowid >= (SELECT min(id) FROM win) "
            "AND rank MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?",
            (*self.params, max(self.window, count_cap) + 1, self.window, self.params[0], rank, limit, offset),
        ).fetchall()
        if rows:
            found, matched = rows[0][2], rows[0][3]
        else:  # no match, or a page past the end
            found = self.count(max(self.window, count_cap))
            matched = min(found, self.window)
        return RankedPage([(r[0], r[1]) for r in rows], matched, found > self.window, found)

    def newest(self, limit: int) -> list[int]:
        """Ids of the newest (last stored) ``limit`` matches: a cheap walk of the doclist, no ranking."""
        if self.filtered == 0:
            return []
        sql = f"SELECT rowid {self._sql()} ORDER BY rowid DESC LIMIT ?"
        return [r[0] for r in self.conn.execute(sql, (*self.params, limit))]

    def count(self, cap: int) -> int:
        """How many articles match, counting no further than ``cap`` + 1."""
        if self.filtered == 0:
            return 0
        sql = f"SELECT count(*) FROM (SELECT rowid {self._sql()} LIMIT ?)"
        return self.conn.execute(sql, (*self.params, cap + 1)).fetchone()[0]


def snippets(conn: sqlite3.Connection, match: str, ids: list[int], mark: tuple[str, str]) -> dict[int, str]:
    """Body snippets with the matches between ``mark``, for the given ids only: snippet() on every match
    would cost as much again as the ranking."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return dict(conn.execute(
        f"SELECT rowid, snippet(articles_fts, 1, ?, ?, '…', {SNIPPET_TOKENS}) FROM articles_fts "
        f"WHERE articles_fts MATCH ? AND rowid IN ({marks})", (mark[0], mark[1], match, *ids)))


class Store:
    """A communique database. Use as a context manager; ``conn`` is the sqlite3 connection."""

    def __init__(
        self, path: Path | str, readonly: bool = False, config: dict[str, Any] | None = None
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.config = config_module.load(config)
        self._depth = 0  # nesting of transaction(): outermost BEGIN, inner SAVEPOINTs
        self._in_title: bool | None = None  # whether the fact tables have in_title (see facts())
        if readonly:
            if not self.path.exists():
                raise StoreError(f"no database at {self.path}")
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are opened explicitly by transaction().
            self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:  # e.g. "file is not a database": say which file
            self.conn.close()
            raise StoreError(f"cannot open {self.path} as a communique database: {exc}") from exc

    def _prepare(self) -> None:
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: band keys and FTS pages stay hot
        if not self.readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; safe with WAL
            self.conn.executescript(schema_sql())
            migrate(self.conn)
        elif self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone() is None:
            raise sqlite3.DatabaseError("no articles table")

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._depth:  # leaving with a transaction open (e.g. an interrupt): keep nothing of it
            self.conn.execute("ROLLBACK")
            self._depth = 0
        self.conn.close()

    def _writable(self) -> None:
        if self.readonly:
            raise ReadOnlyError(f"{self.path} is open read-only")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all; nested calls are savepoints.

        So the ingest job can batch many ``save_article`` calls in one commit, and a failing
        article (its own savepoint) rolls back alone while the batch goes on.
        """
        self._writable()
        if self._depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")  # take the write lock now, not mid-transaction
            self._depth = 1
            try:
                yield self.conn
            except BaseException:  # KeyboardInterrupt too: nothing half-written survives
                self._depth = 0
                self.conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self.conn.execute("COMMIT")
            return
        name = f"sp{self._depth}"
        self._depth += 1
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        finally:
            self._depth -= 1
        self.conn.execute(f"RELEASE {name}")

    # -- writing ---------------------------------------------------------------------------

    def has_page(self, content_hash: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM pages WHERE content_hash = ?", (content_hash,)).fetchone()
            is not None
        )

    def save_article(self, article: Article) -> SaveResult:
        """Store a page and its article with every part and fact, and detect duplicates.

        A page whose content is already stored changes nothing (status "unchanged"). A page
        with a known key (URL) but new content becomes the next version of that article: its
        parts and facts are replaced, not added to.
        """
        page = article.page
        with self.transaction() as conn:
            content_hash = page.content_hash
            known = conn.execute(
                "SELECT v.article_id, a.version, a.duplicate_of, a.similarity, "
                "CASE WHEN o.id IS NULL THEN NULL WHEN o.body_hash = a.body_hash THEN 'exact' "
                "ELSE 'near' END "
                "FROM pages p JOIN article_versions v ON v.page_id = p.id "
                "JOIN articles a ON a.id = v.article_id LEFT JOIN articles o ON o.id = a.duplicate_of "
                "WHERE p.content_hash = ? ORDER BY v.version DESC LIMIT 1",
                (content_hash,),
            ).fetchone()
            if known is not None:
                return SaveResult(known[0], known[1], False, known[2], known[3], "unchanged", known[4])
            if self.has_page(content_hash):  # a page stored without an article: cannot happen via this API
                raise StoreError(f"page {content_hash[:12]} is stored without an article")

            page_id = _insert(conn, "pages", {
                "content_hash": content_hash, "page_key": page.key, "site": page.site, "url": page.url,
                "external_id": page.external_id, "source": page.source, "lang": page.lang,
                "raw_text": page.text, "raw_html": page.html, "meta": _json(page.meta),
                "notes": _json(page.notes)})
            body, body_hash = article.text, article.body_hash
            row = {"page_id": page_id, "site": page.site, "url": page.url, "external_id": page.external_id,
                   "lang": page.lang, "title": article.title, "published": _iso(article.published),
                   "published_from": article.published_from or None, "body": body,
                   "body_hash": body_hash}
            find = "SELECT id, version FROM articles WHERE page_key = ?"
            existing = conn.execute(find, (page.key,)).fetchone()
            if existing is None:
                version = 1
                article_id = _insert(conn, "articles", {**row, "page_key": page.key})
            else:
                article_id, version = existing[0], existing[1] + 1
                # A new version starts clean: duplicate status is decided again below.
                row.update(version=version, duplicate_of=None, similarity=None)
                assignments = ", ".join(f"{column} = ?" for column in row)
                conn.execute(
                    f"UPDATE articles SET {assignments}, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                    "WHERE id = ?", (*row.values(), article_id))
                self._delete_contents(article_id)
            conn.execute(
                "INSERT INTO article_versions(article_id, version, page_id) VALUES (?, ?, ?)",
                (article_id, version, page_id),
            )
            self._insert_contents(article_id, article)

            match = dedup.detect(
                conn, article_id, body, body_hash, self.config, sig=article.extra.get("minhash")
            )
            if match is not None:
                conn.execute(
                    "UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                    (match.article_id, match.similarity, article_id),
                )
            if version > 1:
                self._recheck_duplicates_of(article_id)
        return SaveResult(
            article_id=article_id,
            version=version,
            is_new_version=version > 1,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            status="version" if version > 1 else "new",
            duplicate_kind=None if match is None else "exact" if match.exact else "near",
        )

    def _delete_contents(self, article_id: int) -> None:
        """Drop everything a version contributed, before the new version writes its own."""
        for table in ("article_parts", "teasers", *FACT_TABLES):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))

    def _recheck_duplicates_of(self, article_id: int) -> None:
        """Articles that duplicated the old version are checked again against the new one."""
        dependents = self.conn.execute(
            "SELECT id, body, body_hash FROM articles WHERE duplicate_of = ? ORDER BY id", (article_id,)
        ).fetchall()
        for row in dependents:
            self.conn.execute(
                "UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE id = ?", (row[0],)
            )
            sig_row = self.conn.execute(
                "SELECT signature FROM article_minhash WHERE article_id = ?", (row[0],)
            ).fetchone()
            match = dedup.detect(
                self.conn,
                row[0],
                row[1],
                row[2],
                self.config,
                sig=dedup.from_blob(sig_row[0]) if sig_row else None,
            )
            if match is not None:
                self.conn.execute(
                    "UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                    (match.article_id, match.similarity, row[0]),
                )

    def _insert_contents(self, article_id: int, article: Article) -> None:
        conn = self.conn
        parts = [{"kind": "signature", "position": i, "text": t} for i, t in enumerate(article.signature)]
        parts += [{"kind": "caption", "position": i, "text": t} for i, t in enumerate(article.captions)]
        _insert_many(conn, "article_parts", article_id, parts)
        _insert_many(conn, "teasers", article_id, [
            {"position": i, "text": t.text, "date": _iso(t.date), "title": t.title}
            for i, t in enumerate(article.teasers)])
        _insert_many(conn, "mentions", article_id, [
            {"kind": m.kind, "text": m.text, "canonical": m.canonical, "attrs": _json(m.attrs), **_span(m)}
            for m in article.mentions])
        _insert_many(conn, "dates", article_id, [
            {"text": d.text, "value": _iso(d.value), "end_value": _iso(d.end_value), "precision": d.precision,
             **_span(d)} for d in article.dates])
        _insert_many(conn, "posts", article_id, [
            {"person": p.person, "role": p.role, "org": p.org, "date": _iso(p.date), "acting": int(p.acting),
             "rank": p.rank, **_span(p)} for p in article.posts])
        event_ids: list[int] = []
        for e in article.events:
            event_id = _insert(conn, "events", {
                "article_id": article_id, "type": e.type, "status": e.status, "date": _iso(e.date),
                "end_date": _iso(e.end_date), "place": e.place, "name": e.name, "trigger": e.trigger,
                **_span(e)})
            event_ids.append(event_id)
            # The same person named twice in one event is one participant.
            conn.executemany("INSERT OR IGNORE INTO event_participants(event_id, person) VALUES (?, ?)",
                             [(event_id, person) for person in e.participants])
        def event_id_of(index: int | None) -> int | None:  # Figure.event indexes Article.events
            return event_ids[index] if index is not None and 0 <= index < len(event_ids) else None

        _insert_many(conn, "figures", article_id, [
            {"event_id": event_id_of(f.event),
             "value": f.value, "unit": f.unit, "item": f.item, "qualifier": f.qualifier, "text": f.text,
             **_span(f)} for f in article.figures])

    def load_site_model(self, site: str) -> SiteModel | None:
        """The site's stored boilerplate model, or None when nothing was learned for it yet."""
        from communique.clean.site_model import SiteModel

        sql = "SELECT key, value FROM site_model WHERE site = ? ORDER BY key"
        rows = [(r["key"], r["value"]) for r in self.conn.execute(sql, (site,))]
        if not rows:
            return None
        return SiteModel.from_rows(site, rows)

    def save_site_model(self, model: SiteModel) -> None:
        """Replace the site's stored model with this one.

        ``model.rows()`` gives (key, value) pairs whose value is JSON text already; anything
        else is encoded as JSON, so the table always holds readable JSON.
        """
        with self.transaction() as conn:
            conn.execute("DELETE FROM site_model WHERE site = ?", (model.site,))
            conn.executemany(
                "INSERT INTO site_model(site, key, value) VALUES (?, ?, ?)",
                [(model.site, key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
                 for key, value in model.rows()],
            )

    def load_lexicon(self) -> Lexicon | None:
        """The corpus lexicon learned so far, or None when nothing was (or the database predates it)."""
        from communique.extract.lexicon import Lexicon

        try:
            rows = [(r["key"], r["value"]) for r in self.conn.execute("SELECT key, value FROM lexicon ORDER BY key")]
        except sqlite3.OperationalError:  # a read-only database made before the table existed
            return None
        return Lexicon.from_rows(rows) if rows else None

    def save_lexicon(self, lexicon: Lexicon) -> None:
        """Replace the stored lexicon with this one (``lexicon.rows()``: (key, JSON text) pairs)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM lexicon")
            conn.executemany("INSERT INTO lexicon(key, value) VALUES (?, ?)", list(lexicon.rows()))

    def record_run(
        self, started_at: dt.datetime | str, sources: Iterable[str | Path], report: dict[str, Any]
    ) -> int:
        """Book an ingest run with its report (pages read, stored, skipped with reasons)."""
        with self.transaction() as conn:
            return conn.execute(
                "INSERT INTO runs(started_at, finished_at, sources, report) "
                "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?)",
                (
                    _iso(started_at) if not isinstance(started_at, str) else started_at,
                    json.dumps([str(s) for s in sources], ensure_ascii=False),
                    json.dumps(report, ensure_ascii=False, default=str),
                ),
            ).lastrowid

    # -- reading ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        site: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        include_duplicates: bool = False,
        mark: tuple[str, str] = ("[", "]"),
    ) -> list[dict[str, Any]]:
        """Articles matching all words of ``query``, best first (bm25, title weighted higher).

        ValueError (with a message for the user) for a query with no words, bad dates or limits.
        Each hit: id, title, published, site, url, snippet (matches between ``mark``), score.
        """
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
        if offset < 0:
            raise ValueError("offset must not be negative")
        match = fts5_query(query)
        filters = article_filters(site=site, date_from=date_from, date_to=date_to)
        try:
            page = Matches(self.conn, match, filters, include_duplicates=include_duplicates).ranked(limit, offset)
            ids = [article_id for article_id, _ in page.hits]
            if not ids:
                return []
            marks = ", ".join("?" * len(ids))
            articles = {r["id"]: r for r in self.conn.execute(
                f"SELECT id, title, published, site, url FROM articles WHERE id IN ({marks})", ids)}
            found = snippets(self.conn, match, ids, mark)
        except sqlite3.OperationalError as exc:  # fts5_query should prevent this; never let it escape raw
            if any(word in str(exc) for word in ("fts5", "syntax", "unterminated", "malformed MATCH")):
                raise ValueError(f"cannot search for {query!r}: {exc}") from exc
            raise
        hits = []
        for article_id, rank in page.hits:
            a = articles[article_id]
            hits.append({"id": article_id, "title": a["title"], "published": a["published"],
                         "site": a["site"], "url": a["url"], "snippet": found.get(article_id, ""),
                         "score": -rank})
        return hits

    def article(self, article_id: int, facts: bool = False) -> dict[str, Any] | None:
        """One article with its parts, teasers, versions and duplicates; with its facts if asked."""
        row = self.conn.execute(
            "SELECT a.*, p.source, p.content_hash FROM articles a JOIN pages p ON p.id = a.page_id "
            "WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        parts = self.conn.execute(
            "SELECT kind, text FROM article_parts WHERE article_id = ? ORDER BY kind, position", (article_id,)
        ).fetchall()
        out: dict[str, Any] = {
            "id": row["id"],
            "title": row["title"],
            "published": row["published"],
            "published_from": row["published_from"],
            "site": row["site"],
            "url": row["url"],
            "external_id": row["external_id"],
            "lang": row["lang"],
            "source": row["source"],
            "page_id": row["page_id"],
            "content_hash": row["content_hash"],
            "version": row["version"],
            "versions": [
                dict(v)
                for v in self.conn.execute(
                    "SELECT v.version, v.page_id, p.source, p.content_hash, p.ingested_at "
                    "FROM article_versions v "
                    "JOIN pages p ON p.id = v.page_id WHERE v.article_id = ? ORDER BY v.version",
                    (article_id,),
                )
            ],
            "body": row["body"],
            "signature": [p["text"] for p in parts if p["kind"] == "signature"],
            "captions": [p["text"] for p in parts if p["kind"] == "caption"],
            "teasers": [
                dict(t)
                for t in self.conn.execute(
                    "SELECT text, date, title FROM teasers WHERE article_id = ? ORDER BY position",
                    (article_id,),
                )
            ],
            "duplicate_of": row["duplicate_of"],
            "similarity": row["similarity"],
            "duplicates": [
                dict(d)
                for d in self.conn.execute(
                    "SELECT id, title, site, url, similarity FROM articles WHERE duplicate_of = ? "
                    "ORDER BY similarity DESC, id",
                    (article_id,),
                )
            ],
            "updated_at": row["updated_at"],
        }
        if facts:
            out.update(self.facts(article_id))
        return out

    def _has_in_title(self) -> bool:
        if self._in_title is None:
            self._in_title = any(r[1] == "in_title" for r in self.conn.execute("PRAGMA table_info(mentions)"))
        return self._in_title

    def facts(self, article_id: int) -> dict[str, list[dict[str, Any]]]:
        """The article's mentions, dates, posts, events (with participants) and figures, by span."""

        def rows(sql: str) -> list[dict[str, Any]]:
            return [dict(r) for r in self.conn.execute(sql, (article_id,))]

        # Title facts first (their spans index the title). An older database opened read-only has no in_title
        # column yet (migrate adds it on a read-write open): none of its facts were stored from a title.
        in_title = "in_title" if self._has_in_title() else "0 AS in_title"
        mentions = rows(
            f"SELECT id, kind, text, canonical, attrs, start, end, sentence, from_teaser, {in_title}, entity_id "
            "FROM mentions WHERE article_id = ? ORDER BY in_title DESC, start, id"
        )
        for m in mentions:
            m["attrs"] = _loads(m["attrs"], {})
        posts = rows(
            f"SELECT id, person, role, org, date, acting, rank, start, end, sentence, from_teaser, {in_title}, "
            "person_entity_id, org_entity_id FROM posts WHERE article_id = ? ORDER BY in_title DESC, start, id"
        )
        for p in posts:
            p["acting"] = bool(p["acting"])
        events = rows(
            "SELECT id, type, status, date, end_date, place, name, trigger, start, end, sentence, "
            f"from_teaser, {in_title}, kb_event_id FROM events WHERE article_id = ? ORDER BY id"
        )
        participants: dict[int, list[str]] = {}
        for r in self.conn.execute(
            "SELECT ep.event_id, ep.person FROM event_participants ep JOIN events e ON e.id = ep.event_id "
            "WHERE e.article_id = ? ORDER BY ep.rowid",
            (article_id,),
        ):
            participants.setdefault(r[0], []).append(r[1])
        for e in events:
            e["participants"] = participants.get(e["id"], [])
        dates = rows(
            f"SELECT id, text, value, end_value, precision, start, end, sentence, from_teaser, {in_title} "
            "FROM dates WHERE article_id = ? ORDER BY in_title DESC, start, id"
        )
        figures = rows(
            "SELECT id, event_id, value, unit, item, qualifier, text, start, end, sentence, "
            f"from_teaser, {in_title} FROM figures WHERE article_id = ? ORDER BY in_title DESC, start, id"
        )
        for fact in (*mentions, *posts, *events, *dates, *figures):
            fact["in_title"] = bool(fact["in_title"])
        return {"mentions": mentions, "dates": dates, "posts": posts, "events": events, "figures": figures}

    def stats(self) -> dict[str, Any]:
        def one(sql: str) -> Any:
            return self.conn.execute(sql).fetchone()[0]

        last_run = self.conn.execute(
            "SELECT started_at, finished_at FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return {
            "pages": one("SELECT count(*) FROM pages"),
            "articles": one("SELECT count(*) FROM articles"),
            "versions": {
                "stored": one("SELECT count(*) FROM article_versions"),
                "articles_with_several": one("SELECT count(*) FROM article_versions WHERE version = 2"),
            },
            "duplicates": {
                "exact": one(  # "> 0" rather than "IS NOT NULL": SQLite then walks the index
                    "SELECT count(*) FROM articles d JOIN articles o ON o.id = d.duplicate_of "
                    "WHERE d.duplicate_of > 0 AND d.body_hash = o.body_hash"
                ),
                "near": one(
                    "SELECT count(*) FROM articles d JOIN articles o ON o.id = d.duplicate_of "
                    "WHERE d.duplicate_of > 0 AND d.body_hash != o.body_hash"
                ),
            },
            "empty_bodies": self.conn.execute(  # by hash: the index, not a scan of every body
                "SELECT count(*) FROM articles WHERE body_hash = ?", (EMPTY_BODY_HASH,)).fetchone()[0],
            "sites": {
                r[0]: r[1]
                for r in self.conn.execute(
                    "SELECT site, count(*) FROM articles GROUP BY site ORDER BY count(*) DESC, site"
                )
            },
            "facts": {t: one(f"SELECT count(*) FROM {t}") for t in FACT_TABLES},
            "entities": {
                r[0]: r[1]
                for r in self.conn.execute("SELECT kind, count(*) FROM entities GROUP BY kind ORDER BY kind")
            },
            "kb_events": one("SELECT count(*) FROM kb_events"),
            "runs": {
                "count": one("SELECT count(*) FROM runs"),
                "last_started": last_run["started_at"] if last_run else None,
                "last_finished": last_run["finished_at"] if last_run else None,
            },
        }
