"""Read-only queries behind the web UI and the JSON API.

Every function takes an open read-only connection (see ``connect``) and returns plain dicts and lists
shaped like the tables they come from, so the API can hand them out as they are (as Datasette does).
All SQL is parameterised; user text reaches FTS5 only through ``fts_query``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from communique.store import sqlite as store
from communique.store.sqlite import fts5_query

# A query matching more articles than this ranks the most recently stored this many (see search()).
RANK_WINDOW = 2000
# Counting stops here: "10,000+ articles" is as useful as the exact number and much cheaper.
COUNT_CAP = 10_000
# Facets count over at most this many matches (the newest): ~20 ms of CPU at 1,000 on a 100,000-article archive.
FACET_SAMPLE = 1000
# An entity's events are looked for among its latest this many event mentions.
EVENT_SAMPLE = 2000
# Co-occurrence is counted over an entity's most recent articles only, for the same reason.
COOCCURRENCE_SAMPLE = 500

MMAP_BYTES = 1 << 30
CACHE_KIB = 64 * 1024  # page cache per pooled connection

# Private-use markers that cannot occur in stored text; swapped for <mark> after HTML escaping.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


class QueryError(ValueError):
    """User input that cannot be turned into a query (reported as a 400)."""


def connect(db_path: Path) -> sqlite3.Connection:
    """A read-only connection: the URI's mode=ro makes any write fail at the SQLite level."""
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    # FastAPI may run a sync dependency and the endpoint on different pool threads.
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = ON")
    # Reading the file through a memory map saves a read() and a copy per page missing from the cache
    # (a third of the CPU of a search that probes thousands of rows on a fresh connection).
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return conn


class Pool:
    """Read-only connections kept between requests: each keeps its page cache (CACHE_KIB), so a request
    finds the indexes' pages in memory instead of reading them again (half the CPU of a typical search).
    At most ``size`` idle connections are kept; more are opened when requests overlap and closed after."""

    def __init__(self, db_path: Path, size: int = 4) -> None:
        self.db_path, self.size = Path(db_path), size
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        conn = connect(self.db_path)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        return conn

    def put(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:  # never the case for SELECTs; a connection left mid-transaction is dropped
            conn.close()
            return
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cur.fetchall()]


def _one(cur: sqlite3.Cursor) -> dict[str, Any] | None:
    row = cur.fetchone()
    return dict(row) if row is not None else None


# ---------------------------------------------------------------- full-text search


def fts_query(text: str) -> str:
    """What the user typed as a safe FTS5 expression (the Store's escaping: every chunk a quoted phrase,
    all required), or QueryError when it holds no word to search for."""
    try:
        return fts5_query(text)
    except ValueError as exc:
        raise QueryError(str(exc)) from exc


def search(
    conn: sqlite3.Connection,
    q: str | None = None,
    *,
    site: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: int | None = None,
    event_type: str | None = None,
    lang: str | None = None,
    limit: int = 20,
    offset: int = 0,
    facets: bool = False,
) -> dict[str, Any]:
    """Articles matching q and the filters, ranked by BM25 (title weighted up); without q, newest first.

    The ranking is the Store's (store.sqlite.rank_matches): a word found in half the archive would need
    BM25 over every match, so the RANK_WINDOW most recently stored matches are ranked (all of them when
    there are fewer), and the count stops at COUNT_CAP. The answer says so (`ranked_among`,
    `total_capped`). Duplicates are listed (the rows carry `duplicate_of`)."""
    try:
        filters = store.article_filters(
            site=site, lang=lang, date_from=date_from, date_to=date_to, entity=entity, event_type=event_type
        )
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    fts = fts_query(q) if q and q.strip() else None
    ranked_among = None
    matches = None
    if fts:
        matches = store.Matches(conn, fts, filters, include_duplicates=True, window=RANK_WINDOW)
        ranked = matches.ranked(limit, offset, count_cap=COUNT_CAP)
        page, total = ranked.hits, ranked.total
        ranked_among = ranked.matched if ranked.windowed else None
    else:
        total, page = _newest(conn, filters, limit, offset)
    rows = _by_ids(conn, [i for i, _ in page])
    for r, (_, score) in zip(rows, page, strict=True):
        r["score"] = score
    _add_snippets(conn, rows, fts)
    result: dict[str, Any] = {
        "query": q or "",
        "fts": fts,
        "total": min(total, COUNT_CAP),
        "total_capped": total > COUNT_CAP,
        "ranked_among": ranked_among,
        "limit": limit,
        "offset": offset,
        "rows": rows,
    }
    if facets:
        if matches is not None:
            sample = matches.newest(FACET_SAMPLE)
        else:
            sample = _newest(conn, filters, FACET_SAMPLE, 0, count=False)[1]
            sample = [i for i, _ in sample]
        result["facets"] = _facets(conn, sample)
        result["facets"]["sampled"] = total > len(sample)
        result["facets"]["sample"] = len(sample)
    return result


def _newest(
    conn: sqlite3.Connection, filters: list[store.Filter], limit: int, offset: int, count: bool = True
) -> tuple[int, list[tuple[int, None]]]:
    """Without words: the filtered articles newest first (by date, undated last), and how many (capped)."""
    terms, params, filtered = store.filter_terms(conn, filters, "a.id", fts=False)
    if filtered == 0:
        return 0, []
    where = " AND ".join(terms) or "1"
    total = (
        conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {where} LIMIT ?)", (*params, COUNT_CAP + 1))
        .fetchone()[0]
        if count
        else 0
    )
    ids = conn.execute(
        f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return total, [(r[0], None) for r in ids]


def _by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    found = {
        r["id"]: dict(r)
        for r in conn.execute(
            "SELECT id, site, url, lang, title, published, duplicate_of FROM articles "
            f"WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        )
    }
    return [found[i] for i in ids if i in found]


def _add_snippets(conn: sqlite3.Connection, rows: list[dict[str, Any]], fts: str | None) -> None:
    """Snippets for the page shown only: the Store's snippet() with our markers, or the body's start."""
    if not rows:
        return
    ids = [r["id"] for r in rows]
    if fts:
        found = store.snippets(conn, fts, ids, (MARK_OPEN, MARK_CLOSE))
    else:
        found = dict(
            conn.execute(
                f"SELECT id, substr(body, 1, 240) FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
            ).fetchall()
        )
    for r in rows:
        r["snippet"] = found.get(r["id"], "")


def _facets(conn: sqlite3.Connection, ids: list[int]) -> dict[str, Any]:
    """Counts over the given matches (the newest FACET_SAMPLE), by site, year, language, event type, entity."""
    params = {"ids": json.dumps(ids)}
    # Site, year and language in one pass over the sample's rows.
    site: Counter[str] = Counter()
    year: Counter[str] = Counter()
    lang: Counter[str] = Counter()
    for r in conn.execute(
        "SELECT a.site, substr(a.published, 1, 4), a.lang FROM json_each(:ids) j CROSS JOIN articles a "
        "ON a.id = j.value",
        params,
    ):
        site[r[0]] += 1
        if r[1] is not None:
            year[r[1]] += 1
        if r[2] is not None:
            lang[r[2]] += 1
    # CROSS JOIN keeps the matches as the outer loop (SQLite would otherwise walk every entity or event
    # type); the body-only indexes cover (article -> entity) and (article -> type).
    entity = _rows(
        conn.execute(
            "WITH c AS (SELECT m.entity_id, count(DISTINCT m.article_id) AS count FROM json_each(:ids) j "
            "CROSS JOIN mentions m ON m.article_id = j.value AND m.from_teaser IS NULL "
            "WHERE m.entity_id IS NOT NULL GROUP BY m.entity_id) "
            "SELECT en.id AS value, en.name AS label, en.kind AS kind, c.count FROM c JOIN entities en "
            "ON en.id = c.entity_id ORDER BY c.count DESC, en.name LIMIT 15",
            params,
        )
    )
    event_type = _rows(
        conn.execute(
            "SELECT e.type AS value, count(DISTINCT e.article_id) AS count FROM json_each(:ids) j "
            "CROSS JOIN events e ON e.article_id = j.value AND e.from_teaser IS NULL "
            "GROUP BY e.type ORDER BY count DESC, value LIMIT 20",
            params,
        )
    )
    return {
        "site": _counted(sorted(site.items(), key=lambda kv: (-kv[1], kv[0]))[:20]),
        "year": _counted(sorted(year.items(), reverse=True)[:40]),
        "lang": _counted(sorted(lang.items(), key=lambda kv: (-kv[1], kv[0]))[:10]),
        "event_type": event_type,
        "entity": entity,
    }


def _counted(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"value": v, "count": n} for v, n in pairs]


# ---------------------------------------------------------------- articles

_FACT_TABLES = ("mentions", "dates", "posts", "events", "figures")


def article(conn: sqlite3.Connection, article_id: int, facts: bool = True) -> dict[str, Any] | None:
    """One article with its page, parts, teasers, duplicates, versions and (optionally) facts."""
    row = _one(
        conn.execute(
            "SELECT a.*, p.source, p.content_hash, p.ingested_at FROM articles a JOIN pages p ON p.id = "
            "a.page_id "
            "WHERE a.id = ?",
            (article_id,),
        )
    )
    if row is None:
        return None
    row["parts"] = _rows(
        conn.execute(
            "SELECT kind, position, text FROM article_parts WHERE article_id = ? ORDER BY kind, position",
            (article_id,),
        )
    )
    row["teasers"] = _rows(
        conn.execute(
            "SELECT t.position, t.text, t.date, t.title, "
            "(SELECT b.id FROM articles b WHERE b.title = t.title AND b.site = ? AND b.id != ? LIMIT 1) "
            "AS article_id "
            "FROM teasers t WHERE t.article_id = ? ORDER BY t.position",
            (row["site"], article_id, article_id),
        )
    )
    row["duplicate_of_article"] = (
        _one(
            conn.execute(
                "SELECT id, site, url, title, published FROM articles WHERE id = ?", (row["duplicate_of"],)
            )
        )
        if row["duplicate_of"] is not None
        else None
    )
    row["duplicates"] = _rows(
        conn.execute(
            "SELECT id, site, url, title, published, similarity FROM articles WHERE duplicate_of = ? "
            "ORDER BY id LIMIT 100",
            (article_id,),
        )
    )
    row["teased_on"] = (
        _rows(
            conn.execute(
                "SELECT t.article_id, t.position, a.title, a.published FROM teasers t JOIN articles a "
                "ON a.id = t.article_id "
                "WHERE t.title = ? AND t.article_id != ? ORDER BY a.published DESC LIMIT 20",
                (row["title"], article_id),
            )
        )
        if row["title"]
        else []
    )
    row["versions"] = _rows(
        conn.execute(
            "SELECT version, page_id FROM article_versions WHERE article_id = ? ORDER BY version",
            (article_id,),
        )
    )
    if facts:
        row.update(article_facts(conn, article_id))
    return row


def article_facts(conn: sqlite3.Connection, article_id: int) -> dict[str, list[dict[str, Any]]]:
    facts = {}
    for table in _FACT_TABLES:  # table names come from the constant above, never from input
        facts[table] = _rows(
            conn.execute(
                f"SELECT * FROM {table} WHERE article_id = ? ORDER BY from_teaser IS NOT NULL, "
                f"from_teaser, start",
                (article_id,),
            )
        )
    for m in facts["mentions"]:
        m["attrs"] = _json(m["attrs"])
    # SQLite stores flags as 0/1; the API says true/false, as Store.facts does.
    for rows in facts.values():
        for fact in rows:
            if "in_title" in fact:
                fact["in_title"] = bool(fact["in_title"])
    for post in facts["posts"]:
        post["acting"] = bool(post["acting"])
    if facts["events"]:
        ids = [e["id"] for e in facts["events"]]
        parts: dict[int, list[dict[str, Any]]] = {}
        for p in conn.execute(
            f"SELECT event_id, person, entity_id FROM event_participants "
            f"WHERE event_id IN ({','.join('?' * len(ids))})",
            ids,
        ):
            parts.setdefault(p["event_id"], []).append({"person": p["person"], "entity_id": p["entity_id"]})
        for e in facts["events"]:
            e["participants"] = parts.get(e["id"], [])
    return facts


def _json(value: str | None) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value


# ---------------------------------------------------------------- entities


def entities(
    conn: sqlite3.Connection,
    *,
    kind: str | None = None,
    name: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Entities by mention count; name matches a substring of the canonical name or of any alias."""
    where, params = [], {"limit": limit, "offset": offset}
    if kind:
        where.append("e.kind = :kind")
        params["kind"] = kind
    if name and name.strip():
        where.append(
            "(e.name LIKE :name ESCAPE '\\' OR e.id IN "
            "(SELECT entity_id FROM entity_aliases WHERE alias LIKE :name ESCAPE '\\'))"
        )
        params["name"] = "%" + _like_escape(name.strip()) + "%"
    sql_where = " AND ".join(where) or "1"
    total = conn.execute(f"SELECT count(*) FROM entities e WHERE {sql_where}", params).fetchone()[0]
    rows = _rows(
        conn.execute(
            f"SELECT e.* FROM entities e WHERE {sql_where} ORDER BY e.mentions DESC, e.name LIMIT "
            f":limit OFFSET :offset",
            params,
        )
    )
    return {"total": total, "limit": limit, "offset": offset, "rows": rows}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entity(conn: sqlite3.Connection, entity_id: int, *, articles_limit: int = 20) -> dict[str, Any] | None:
    """One entity: aliases, posts as intervals, timeline of events, co-occurring entities, latest articles."""
    row = _one(conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)))
    if row is None:
        return None
    row["aliases"] = _rows(
        conn.execute(
            "SELECT alias, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias",
            (entity_id,),
        )
    )
    row["posts"] = post_intervals(conn, entity_id)
    row["timeline"] = timeline(conn, entity_id)
    row["cooccurring"] = cooccurring(conn, entity_id)
    # Latest stored first: the (entity_id, article_id) index answers without reading every mention.
    latest = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? AND from_teaser IS NULL "
            "ORDER BY article_id DESC LIMIT ?",
            (entity_id, articles_limit),
        )
    ]
    row["articles"] = _by_ids(conn, latest)
    return row


def post_intervals(conn: sqlite3.Connection, entity_id: int, evidence: int = 10) -> list[dict[str, Any]]:
    """A person's posts as intervals from first to last dated evidence: the resolver's kb_posts, and for
    posts it has not placed in one, groups by (role, org, acting) made here; each with a few evidence rows."""
    out = []
    kb = _has_column(conn, "posts", "kb_post_id")
    if kb:
        for k in conn.execute(
            "SELECT kp.id, kp.role, kp.acting, kp.first_evidence, kp.last_evidence, kp.evidence_count, "
            "kp.org_entity_id, o.name AS org FROM kb_posts kp LEFT JOIN entities o ON o.id = "
            "kp.org_entity_id "
            "WHERE kp.person_entity_id = ?",
            (entity_id,),
        ).fetchall():
            out.append(
                {
                    "kb_post_id": k["id"],
                    "role": k["role"],
                    "org": k["org"],
                    "org_entity_id": k["org_entity_id"],
                    "acting": bool(k["acting"]),
                    "from": k["first_evidence"],
                    "to": k["last_evidence"],
                    "evidence_count": k["evidence_count"],
                    "evidence": _post_evidence(conn, "p.kb_post_id = ?", (k["id"],), evidence),
                }
            )
    loose = "AND p.kb_post_id IS NULL" if kb else ""
    for g in conn.execute(
        "SELECT min(p.role) AS role, min(p.org) AS org, p.org_entity_id, p.acting, min(p.date) AS first, "
        "max(p.date) AS last, count(*) AS n, lower(p.role) AS role_key, lower(coalesce(p.org, '')) AS "
        "org_key "
        f"FROM posts p WHERE p.person_entity_id = ? {loose} "
        "GROUP BY role_key, coalesce(p.org_entity_id, org_key), p.acting",
        (entity_id,),
    ).fetchall():
        where = f"p.person_entity_id = ? {loose} AND lower(p.role) = ? AND p.acting = ? AND " + (
            "p.org_entity_id = ?" if g["org_entity_id"] is not None else "lower(coalesce(p.org, '')) = ?"
        )
        key = g["org_entity_id"] if g["org_entity_id"] is not None else g["org_key"]
        out.append(
            {
                "kb_post_id": None,
                "role": g["role"],
                "org": g["org"],
                "org_entity_id": g["org_entity_id"],
                "acting": bool(g["acting"]),
                "from": g["first"],
                "to": g["last"],
                "evidence_count": g["n"],
                "evidence": _post_evidence(
                    conn, where, (entity_id, g["role_key"], g["acting"], key), evidence
                ),
            }
        )
    return sorted(out, key=lambda g: (g["from"] or "9999", g["role"]))


def _post_evidence(conn: sqlite3.Connection, where: str, params: tuple, limit: int) -> list[dict[str, Any]]:
    return _rows(
        conn.execute(
            "SELECT p.article_id, p.date, p.sentence, p.from_teaser, a.url, a.site FROM posts p "
            f"JOIN articles a ON a.id = p.article_id WHERE {where} ORDER BY p.id LIMIT ?",
            (*params, limit),
        )
    )


def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    """Databases written by an older schema lack the newer columns; pages still work on them."""
    return any(r[1] == column for r in conn.execute(f"PRAGMA table_info({table})"))


def timeline(conn: sqlite3.Connection, entity_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """Events the entity took part in (for a place: also those held there), newest first, one row per
    merged event with its sources."""
    rows = events(conn, entity=entity_id, limit=limit, mentions_limit=10, count=False)["rows"]
    return [r | {"kb_event_id": r["id"], "sources": r.pop("mentions")} for r in rows]


def cooccurring(conn: sqlite3.Connection, entity_id: int, limit: int = 15) -> list[dict[str, Any]]:
    """Entities named in the same articles, by number of shared articles (over the latest articles only)."""
    counts = conn.execute(
        "WITH mine AS (SELECT DISTINCT article_id FROM mentions WHERE entity_id = :id AND from_teaser "
        "IS NULL "
        "ORDER BY article_id DESC LIMIT :sample) "
        # CROSS JOIN: the entity's articles drive the loop, each read through the mentions_article index.
        "SELECT m.entity_id, count(DISTINCT m.article_id) AS articles FROM mine CROSS JOIN mentions m "
        "ON m.article_id = mine.article_id WHERE m.from_teaser IS NULL AND m.entity_id IS NOT NULL "
        "AND m.entity_id != :id GROUP BY m.entity_id ORDER BY articles DESC, m.entity_id LIMIT :limit",
        {"id": entity_id, "sample": COOCCURRENCE_SAMPLE, "limit": limit},
    ).fetchall()
    names = {
        r["id"]: r
        for r in conn.execute(
            f"SELECT id, name, kind FROM entities WHERE id IN ({','.join('?' * len(counts))})",
            [c[0] for c in counts],
        )
    }
    return [
        {"id": c[0], "name": names[c[0]]["name"], "kind": names[c[0]]["kind"], "articles": c[1]}
        for c in counts
        if c[0] in names
    ]


# ---------------------------------------------------------------- who held a post


def who_held(conn: sqlite3.Connection, post: str, *, org: str | None = None, on: str) -> list[dict[str, Any]]:
    """People whose dated evidence of POST (in ORG) covers or comes nearest to the date `on`, best first
    (the resolution package's rule, shared with `communique who-held`)."""
    from communique.resolve import queries  # imported on use: search and pages work without it

    return queries.who_held(conn, post, org=org, on=on)


# ---------------------------------------------------------------- events


def events(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    place: str | None = None,
    entity: int | None = None,
    site: str | None = None,
    name: str | None = None,
    limit: int = 50,
    offset: int = 0,
    mentions_limit: int = 50,
    count: bool = True,
) -> dict[str, Any]:
    """Events across documents: a merged (kb) event with all its mentions, or a lone mention not merged."""
    where, params = [], {"limit": limit, "offset": offset}
    if type:
        where.append("e.type = :type")
        params["type"] = type
    if status:
        where.append("e.status = :status")
        params["status"] = status
    if date_from:
        where.append("e.date >= :date_from")
        params["date_from"] = date_from
    if date_to:
        where.append("e.date <= :date_to")
        params["date_to"] = date_to + ("-12-31" if len(date_to) == 4 else "-31" if len(date_to) == 7 else "")
    if place:
        where.append("e.place LIKE :place ESCAPE '\\'")
        params["place"] = "%" + _like_escape(place) + "%"
    if name:
        where.append("e.name LIKE :name ESCAPE '\\'")
        params["name"] = "%" + _like_escape(name) + "%"
    if entity is not None:
        kind = conn.execute("SELECT kind, name FROM entities WHERE id = ?", (entity,)).fetchone()
        if kind is not None and kind["kind"] == "place":
            # One IN over a UNION, not two INs joined by OR (which made SQLite scan every event).
            where.append(
                "e.id IN (SELECT * FROM (SELECT event_id FROM event_participants WHERE entity_id = :entity "
                f"ORDER BY event_id DESC LIMIT {EVENT_SAMPLE}) "
                "UNION SELECT * FROM (SELECT id FROM events WHERE place = :entity_name ORDER BY id DESC LIMIT "
                f"{EVENT_SAMPLE}))"
            )
            params["entity_name"] = kind["name"]
        else:
            where.append(
                "e.id IN (SELECT event_id FROM event_participants WHERE entity_id = :entity "
                f"ORDER BY event_id DESC LIMIT {EVENT_SAMPLE})"
            )
        params["entity"] = entity
    if site:
        where.append("e.article_id IN (SELECT id FROM articles WHERE site = :site)")
        params["site"] = site
    sql_where = " AND ".join(where) or "1"
    # One row per merged event (or unmerged mention), newest first; mentions are fetched for that page only.
    grouped = (
        f"SELECT coalesce('k' || e.kb_event_id, 'e' || e.id) AS gkey, min(e.id) AS first_id, "
        f"e.kb_event_id, count(*) AS n FROM events e WHERE {sql_where} GROUP BY gkey"
    )
    total = conn.execute(f"SELECT count(*) FROM ({grouped})", params).fetchone()[0] if count else None
    heads = _rows(
        conn.execute(
            f"SELECT g.gkey, g.kb_event_id, g.n, coalesce(k.type, e.type) AS type, coalesce(k.status, "
            f"e.status) AS status, "
            f"coalesce(k.date, e.date) AS date, coalesce(k.end_date, e.end_date) AS end_date, "
            f"coalesce(k.place, e.place) AS place, coalesce(k.name, e.name) AS name "
            f"FROM ({grouped}) g JOIN events e ON e.id = g.first_id LEFT JOIN kb_events k ON k.id = "
            f"g.kb_event_id "
            f"ORDER BY coalesce(k.date, e.date) IS NULL, coalesce(k.date, e.date) DESC, g.first_id DESC "
            f"LIMIT :limit OFFSET :offset",
            params,
        )
    )
    rows = []
    for h in heads:
        if h["kb_event_id"] is not None:
            mention_sql, arg = "e.kb_event_id = ?", h["kb_event_id"]
        else:
            mention_sql, arg = "e.id = ?", int(h["gkey"][1:])
        mentions = _rows(
            conn.execute(
                f"SELECT e.id, e.article_id, e.type, e.status, e.date, e.place, e.name, e.sentence, "
                f"e.start, e.end, "
                f"e.from_teaser, a.site, a.url, a.title, a.published FROM events e JOIN articles a ON "
                f"a.id = e.article_id "
                # In id order (first stored first): the kb_event index serves it without a sort.
                f"WHERE {mention_sql} ORDER BY e.id LIMIT ?",
                (arg, mentions_limit),
            )
        )
        ids = [m["id"] for m in mentions]
        participants = _rows(
            conn.execute(
                f"SELECT person, max(entity_id) AS entity_id FROM event_participants "
                f"WHERE event_id IN ({','.join('?' * len(ids))}) GROUP BY coalesce(entity_id, person) "
                f"ORDER BY person",
                ids,
            )
        )
        rows.append(
            {
                "id": h["kb_event_id"],
                "type": h["type"],
                "status": h["status"],
                "date": h["date"],
                "end_date": h["end_date"],
                "place": h["place"],
                "name": h["name"],
                "mention_count": h["n"],
                "participants": participants,
                "mentions": mentions,
            }
        )
    return {"total": total, "limit": limit, "offset": offset, "rows": rows}


def event_types(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(
        conn.execute("SELECT type AS value, count(*) AS count FROM events GROUP BY type ORDER BY count DESC")
    )


# ---------------------------------------------------------------- figures


def figures(
    conn: sqlite3.Connection, *, series: str | None = None, item: str | None = None, limit: int = 1000
) -> list[dict[str, Any]]:
    """The figures table of `communique figures` (series = operation name stem, masses in kg, a figure
    reported several times counted once), with each row's article site, title and URL added."""
    from communique.resolve import queries

    rows = queries.figures(conn, series=series, item=item)[:limit]
    ids = sorted({r["article_id"] for r in rows})
    if ids:
        info = {
            r["id"]: r
            for r in conn.execute(
                f"SELECT id, site, title, url FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
            )
        }
        for r in rows:
            a = info.get(r["article_id"])
            r.update(site=a["site"], title=a["title"], url=a["url"]) if a else None
    return rows


def series_list(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Operation series (name stems, as in the figures table) that carry figures, most figures first."""
    from communique.resolve.figures import series_of

    counts: dict[str, int] = {}
    for name, n in conn.execute(
        "SELECT coalesce(k.name, e.name), count(*) FROM figures f JOIN events e ON e.id = f.event_id "
        "LEFT JOIN kb_events k ON k.id = e.kb_event_id WHERE coalesce(k.name, e.name) IS NOT NULL GROUP BY 1"
    ):
        stem = series_of(name)
        if stem:
            counts[stem] = counts.get(stem, 0) + n
    return [{"series": k, "figures": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][
        :100
    ]


# ---------------------------------------------------------------- misc


def sites(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(
        conn.execute(
            "SELECT site AS value, count(*) AS count FROM articles GROUP BY site ORDER BY count DESC"
        )
    )


def stats(conn: sqlite3.Connection) -> dict[str, int]:
    out = {}
    for table in ("pages", "articles", "mentions", "entities", "events", "kb_events", "figures", "posts"):
        out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out
