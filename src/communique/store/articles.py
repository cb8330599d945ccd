"""Writing what the pipeline made: pages, articles with their parts and facts, site models, the corpus
lexicon, runs, and the near-duplicate index (band keys and signatures) that ``communique.clean.dedup``
reads and writes.

Portable SQL over the ``Database`` interface; no cleaning and no NLP here. ``save_article`` stores one
article with everything it carries in its own (nested) transaction, so a failing article rolls back alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique import catalog
from communique.clean import dedup
from communique.document import Article, Fact
from communique.store import archive
from communique.store.analysis import MAX_INDEX_CHARS, index_terms
from communique.store.errors import StoreError

if TYPE_CHECKING:
    from communique.clean.site_model import SiteModel
    from communique.extract.lexicon import Lexicon
    from communique.store.interfaces import Database

FACT_TABLES = ("mentions", "dates", "posts", "events", "figures")
# The article a stored page is (its latest version), and whether it duplicates another: exactly or nearly.
_KNOWN = ("SELECT v.article_id, a.version, a.duplicate_of, a.similarity, "
          "CASE WHEN o.id IS NULL THEN NULL WHEN o.body_hash = a.body_hash THEN 'exact' ELSE 'near' END "
          "FROM pages p JOIN article_versions v ON v.page_id = p.id "
          "JOIN articles a ON a.id = v.article_id LEFT JOIN articles o ON o.id = a.duplicate_of "
          "WHERE p.content_hash = ? ORDER BY v.version DESC LIMIT 1")
REINDEX_BATCH = 100  # articles read at once when the search index is made again


def _marks(n: int) -> str:
    return ", ".join("?" * n)


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


def now() -> str:
    """The time stored in ``…_at`` columns: UTC, ISO 8601 to the second (made here, not by SQL, so every
    backend writes the same text)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _json(value: Any) -> str | None:
    if value is None or value == {} or value == []:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


def _span(fact: Fact) -> dict[str, Any]:
    """The provenance columns every fact row has."""
    return {"start": fact.start, "end": fact.end, "sentence": fact.sentence, "from_teaser": fact.from_teaser,
            "in_title": 1 if fact.in_title else 0}


class ArticleWriter:
    """Implements ``ArticleStore`` and ``DedupIndex`` (store/interfaces.py) over one Database."""

    def __init__(self, db: Database, config: dict[str, Any]) -> None:
        self.db = db
        self.config = config
        self._loaded: dict[str, dict[str, str]] = {}  # site -> its model's rows when last read or written
        self._loaded_lexicon: dict[str, str] = {}  # the lexicon's rows when last read or written

    def transaction(self) -> Any:
        return self.db.transaction()

    # -- rows ----------------------------------------------------------------------------------------

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(f'"{c}"' for c in row)  # quoted: a fact's "end" is a reserved word in PostgreSQL
        marks = ", ".join("?" * len(row))
        return self.db.insert(f"INSERT INTO {table}({columns}) VALUES ({marks}) RETURNING id", tuple(row.values()))

    def _insert_many(self, table: str, article_id: int, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = [f'"{c}"' for c in ("article_id", *rows[0])]
        sql = f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self.db.executemany(sql, [(article_id, *row.values()) for row in rows])

    # -- pages and articles --------------------------------------------------------------------------

    def has_page(self, content_hash: str) -> bool:
        return self.db.one("SELECT 1 FROM pages WHERE content_hash = ?", (content_hash,)) is not None

    def save_article(self, article: Article) -> SaveResult:
        """Store a page and its article with every part and fact, and detect duplicates.

        A page whose content is already stored changes nothing (status "unchanged"). A page with a known key
        (URL) but new content becomes the next version of that article: its parts and facts are replaced,
        not added to."""
        page = article.page
        db = self.db
        with db.transaction():
            content_hash = page.content_hash
            known = db.one(_KNOWN, (content_hash,))
            if known is not None:
                return SaveResult(known[0], known[1], False, known[2], known[3], "unchanged", known[4])
            if self.has_page(content_hash):  # a page stored without an article: cannot happen via this API
                raise StoreError(f"page {content_hash[:12]} is stored without an article")

            page_id = db.value(
                "INSERT INTO pages(content_hash, page_key, site, url, external_id, source, lang, raw_text, raw_html, "
                "meta, notes, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                (content_hash, page.key, page.site, page.url, page.external_id, page.source, page.lang, page.text,
                 page.html, _json(page.meta), _json(page.notes), now()))
            if page_id is None:  # stored meanwhile by another run (PostgreSQL): that run's article stands
                known = db.one(_KNOWN, (content_hash,))
                if known is None:
                    raise StoreError(f"page {content_hash[:12]} is stored without an article")
                return SaveResult(known[0], known[1], False, known[2], known[3], "unchanged", known[4])
            body, body_hash = article.text, article.body_hash
            # An undated page whose URL carries the site's date stamp is dated by it, marked "url".
            published, published_from = catalog.url_published(article) or (article.published,
                                                                            article.published_from or None)
            row = {"page_id": page_id, "site": page.site, "url": page.url, "external_id": page.external_id,
                   "lang": page.lang, "title": article.title, "published": _iso(published),
                   "published_from": published_from, "body": body,
                   "body_hash": body_hash, "updated_at": now()}
            # The article of the page key: its next version when it exists, else a new one. The unique key
            # decides between two runs storing the same new URL at once (the second updates what the first
            # made); updating first keeps PostgreSQL's sequence from spending an id on every new version.
            article_id, version = self._next_version(page.key, row) or (None, 1)
            if article_id is None:
                columns = ", ".join(("page_key", *row))
                article_id = db.value(
                    f"INSERT INTO articles({columns}) VALUES ({_marks(len(row) + 1)}) "
                    "ON CONFLICT (page_key) DO NOTHING RETURNING id", (page.key, *row.values()))
                if article_id is None:
                    article_id, version = self._next_version(page.key, row)
            if version > 1:
                self._delete_contents(article_id)
            db.index_search([(article_id, *index_terms(article.title, body))])
            db.execute(
                "INSERT INTO article_versions(article_id, version, page_id) VALUES (?, ?, ?)",
                (article_id, version, page_id),
            )
            self._insert_contents(article_id, article)

            match = dedup.detect(self, article_id, body, body_hash, self.config, sig=article.extra.get("minhash"))
            if match is not None:
                db.execute("UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                           (match.article_id, match.similarity, article_id))
            if version > 1:
                self._recheck_duplicates_of(article_id)
            archive.catalog_article(db, article_id, article, new_version=version > 1)
        return SaveResult(
            article_id=article_id,
            version=version,
            is_new_version=version > 1,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            status="version" if version > 1 else "new",
            duplicate_kind=None if match is None else "exact" if match.exact else "near",
        )

    def _next_version(self, page_key: str, row: dict[str, Any]) -> tuple[int, int] | None:
        """The stored article of the page key made the next version of itself with this row (its duplicate
        status reset, decided again by the caller): (id, new version), or None when there is none."""
        assignments = ", ".join(f"{column} = ?" for column in row)
        found = self.db.one(
            f"UPDATE articles SET {assignments}, version = version + 1, duplicate_of = NULL, similarity = NULL "
            "WHERE page_key = ? RETURNING id, version", (*row.values(), page_key))
        return (found[0], found[1]) if found is not None else None

    def _delete_contents(self, article_id: int) -> None:
        """Drop everything a version contributed, before the new version writes its own."""
        for table in ("article_parts", "teasers", *FACT_TABLES):
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        for table in FACT_TABLES:  # the new version's facts numbered as SQLite numbers them (under the write lock)
            self.db.reuse_ids(table)

    def _recheck_duplicates_of(self, article_id: int) -> None:
        """Articles that duplicated the old version are checked again against the new one."""
        db = self.db
        dependents = db.rows(
            "SELECT a.id, a.body, a.body_hash, m.signature FROM articles a "
            "LEFT JOIN article_minhash m ON m.article_id = a.id WHERE a.duplicate_of = ? ORDER BY a.id",
            (article_id,),
        )
        for other, body, body_hash, signature in dependents:
            db.execute("UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE id = ?", (other,))
            sig = dedup.from_blob(bytes(signature)) if signature is not None else None
            match = dedup.detect(self, other, body, body_hash, self.config, sig=sig)
            if match is not None:
                db.execute("UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                           (match.article_id, match.similarity, other))

    def _insert_contents(self, article_id: int, article: Article) -> None:
        parts = [{"kind": "signature", "position": i, "text": t} for i, t in enumerate(article.signature)]
        parts += [{"kind": "caption", "position": i, "text": t} for i, t in enumerate(article.captions)]
        self._insert_many("article_parts", article_id, parts)
        archive.save_teasers(self.db, article_id, article.teasers)
        self._insert_many("mentions", article_id, [
            {"kind": m.kind, "text": m.text, "canonical": m.canonical, "attrs": _json(m.attrs), **_span(m)}
            for m in article.mentions])
        self._insert_many("dates", article_id, [
            {"text": d.text, "value": _iso(d.value), "end_value": _iso(d.end_value), "precision": d.precision,
             **_span(d)} for d in article.dates])
        self._insert_many("posts", article_id, [
            {"person": p.person, "role": p.role, "org": p.org, "date": _iso(p.date), "acting": int(p.acting),
             "rank": p.rank, **_span(p)} for p in article.posts])
        event_ids: list[int] = []
        for e in article.events:
            event_id = self._insert("events", {
                "article_id": article_id, "type": e.type, "status": e.status, "date": _iso(e.date),
                "end_date": _iso(e.end_date), "place": e.place, "name": e.name, "trigger": e.trigger,
                **_span(e)})
            event_ids.append(event_id)
            # The same person named twice in one event is one participant.
            self.db.executemany(
                "INSERT INTO event_participants(event_id, person) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(event_id, person) for person in e.participants])

        def event_id_of(index: int | None) -> int | None:  # Figure.event indexes Article.events
            return event_ids[index] if index is not None and 0 <= index < len(event_ids) else None

        # One by one: a part names its total by the total's row id (Figure.part_of indexes Article.figures).
        figure_ids: list[int] = []
        for f in article.figures:
            figure_ids.append(self._insert("figures", {
                "article_id": article_id, "event_id": event_id_of(f.event),
                "value": f.value, "unit": f.unit, "item": f.item, "qualifier": f.qualifier, "text": f.text,
                "series": f.series, **_span(f)}))
        parts = [(figure_ids[total], figure_ids[i]) for i, f in enumerate(article.figures)
                 if (total := f.part_of) is not None and 0 <= total < len(figure_ids)
                 and total != i]
        if parts:
            self.db.executemany("UPDATE figures SET part_of = ? WHERE id = ?", parts)

    # -- the near-duplicate index (communique.clean.dedup's reads and writes) -------------------------

    def duplicate_of(self, article_id: int) -> int | None:
        return self.db.value("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,))

    def articles_with_body_hash(self, body_hash: str, exclude: int, limit: int) -> list[int]:
        rows = self.db.rows("SELECT id FROM articles WHERE body_hash = ? AND id != ? ORDER BY id LIMIT ?",
                            (body_hash, exclude, limit))
        return [r[0] for r in rows]

    def has_body_hash(self, article_id: int, body_hash: str) -> bool:
        return self.db.one("SELECT 1 FROM articles WHERE id = ? AND body_hash = ?", (article_id, body_hash)) \
            is not None

    def band_candidates(self, keys: Sequence[tuple[int, bytes]], exclude: int, limit: int) -> list[int]:
        """Articles sharing at least one (band, bucket) key, those sharing most first (ties by id)."""
        if not keys:
            return []
        # One indexed lookup for all bands: the listed keys drive the loop over article_bands' primary key.
        rows = self.db.rows(
            f"WITH k(band, bucket) AS (VALUES {', '.join(['(?, ?)'] * len(keys))}) "
            "SELECT b.article_id, count(*) AS shared FROM k JOIN article_bands b "
            "ON b.band = k.band AND b.bucket = k.bucket WHERE b.article_id != ? "
            "GROUP BY b.article_id ORDER BY shared DESC, b.article_id LIMIT ?",
            (*[v for key in keys for v in key], exclude, limit),
        )
        return [r[0] for r in rows]

    def signatures(self, ids: Sequence[int]) -> dict[int, bytes]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = self.db.rows(f"SELECT article_id, signature FROM article_minhash WHERE article_id IN ({marks})",
                            tuple(ids))
        return {r[0]: bytes(r[1]) for r in rows}

    def replace_signature(self, article_id: int, signature: bytes | None,
                          keys: Sequence[tuple[int, bytes]]) -> None:
        """The article's signature and band keys, replacing a former version's (None: no signature)."""
        self.db.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM article_minhash WHERE article_id = ?", (article_id,))
        if signature is None:
            return
        self.db.execute("INSERT INTO article_minhash(article_id, signature) VALUES (?, ?)", (article_id, signature))
        self.db.executemany(
            "INSERT INTO article_bands(band, bucket, article_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(band, bucket, article_id) for band, bucket in keys],
        )

    # -- site models and runs ------------------------------------------------------------------------

    def _site_rows(self, site: str) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.rows("SELECT key, value FROM site_model WHERE site = ? ORDER BY key",
                                                   (site,))]

    def load_site_model(self, site: str) -> SiteModel | None:
        """The site's stored boilerplate model, or None when nothing was learned for it yet."""
        from communique.clean.site_model import SiteModel

        rows = self._site_rows(site)
        self._loaded[site] = dict(rows)  # what save_site_model compares with: did another run save it since?
        if not rows:
            return None
        return SiteModel.from_rows(site, rows)

    def save_site_model(self, model: SiteModel) -> None:
        """Store the site's model: this one, or, when another run saved the site's model since this writer
        loaded it (two ingests of one site at once), the stored model plus what this one learned since it was
        loaded (``SiteModel.minus``), so that neither run's pages are lost. Inside the write lock, so two
        saves never interleave. When every page this run learned from is in the stored model already (two runs of
the same inputs), the stored model stands; otherwise a page both runs observed at the same time is counted
twice (the counts are per model, not per page).

        ``model.rows()`` gives (key, value) pairs whose value is JSON text already; anything else is encoded
        as JSON, so the table always holds readable JSON."""
        from communique.clean.site_model import SiteModel

        with self.db.transaction():
            stored = self._site_rows(model.site)
            loaded = self._loaded.get(model.site, {})
            if stored and dict(stored) != loaded:
                current = SiteModel.from_rows(model.site, stored)
                learned = model.minus(SiteModel.from_rows(model.site, loaded.items()))
                # Pages the other run learned too (the same inputs, read at once) are not counted again.
                model = current if learned.seen <= current.seen else current.merge(learned)
            rows = [(key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
                    for key, value in model.rows()]
            self.db.execute("DELETE FROM site_model WHERE site = ?", (model.site,))
            self.db.executemany("INSERT INTO site_model(site, key, value) VALUES (?, ?, ?)",
                                [(model.site, key, value) for key, value in rows])
            self._loaded[model.site] = dict(rows)

    def _lexicon_rows(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.rows("SELECT key, value FROM lexicon ORDER BY key")}

    def load_lexicon(self) -> Lexicon | None:
        """The corpus lexicon learned so far, or None when nothing was learned yet."""
        from communique.extract.lexicon import Lexicon

        rows = self._lexicon_rows()
        self._loaded_lexicon = rows  # what save_lexicon compares with: did another run save it since?
        return Lexicon.from_rows(rows.items()) if rows else None

    def save_lexicon(self, lexicon: Lexicon) -> None:
        """Store the corpus lexicon: this one, or, when another run saved the lexicon since this writer loaded
        it (two ingests at once), the stored lexicon plus what this one learned since it was loaded
        (``Lexicon.minus``), as save_site_model does. Rows are upserted (INSERT … ON CONFLICT (key)) and only
        those that changed are written; keys the new lexicon no longer holds are deleted."""
        from communique.extract.lexicon import Lexicon

        with self.db.transaction():
            stored = self._lexicon_rows()
            loaded = self._loaded_lexicon
            if stored and stored != loaded:
                current = Lexicon.from_rows(stored.items())
                learned = lexicon.minus(Lexicon.from_rows(loaded.items()))
                # Pages the other run learned too (the same inputs, read at once) are not counted again.
                lexicon = current if learned.seen <= current.seen else current.merge(learned)
            rows = dict(lexicon.rows())
            gone = [(key,) for key in stored if key not in rows]
            if gone:
                self.db.executemany("DELETE FROM lexicon WHERE key = ?", gone)
            changed = [(key, value) for key, value in rows.items() if stored.get(key) != value]
            if changed:
                self.db.executemany("INSERT INTO lexicon(key, value) VALUES (?, ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", changed)
            self._loaded_lexicon = rows

    def record_run(self, started_at: dt.datetime | str, sources: Iterable[str | Path], report: dict[str, Any]) -> int:
        """Book an ingest run with its report (pages read, stored, skipped with reasons)."""
        with self.db.transaction():
            return self.db.insert(
                "INSERT INTO runs(started_at, finished_at, sources, report) VALUES (?, ?, ?, ?) RETURNING id",
                (
                    _iso(started_at) if not isinstance(started_at, str) else started_at,
                    now(),
                    json.dumps([str(s) for s in sources], ensure_ascii=False),
                    json.dumps(report, ensure_ascii=False, default=str),
                ),
            )


def reindex_search(db: Database) -> int:
    """Make the search index again from every article's title and body (store/analysis.py): after a
    migration that changes the analyser, or for articles written by SQL alone (tests, benches). In batches of
    REINDEX_BATCH articles, inside the caller's transaction when there is one. Returns the articles indexed."""
    db.clear_search_index()
    last, done = 0, 0
    while True:
        rows = db.tuples(
            "SELECT id, title, substr(body, 1, ?) FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (MAX_INDEX_CHARS, last, REINDEX_BATCH))
        if not rows:
            return done
        db.index_search([(article_id, *index_terms(title, body)) for article_id, title, body in rows])
        last, done = rows[-1][0], done + len(rows)
