"""The read model: every question the CLI, the web UI, the JSON API and the exports ask of a database.

One implementation, so the CLI and the web give the same answers: search (ranked, with facets), an article
with its facts, entities (listed, by id, by name), a person's posts over time, who held a post, events and
timelines, figures and their series, sites, co-occurrence, stats, and the rows the exports write.

Plain dicts and lists ready for JSON, shaped like the tables they come from. Portable SQL over ``Database``
(store/interfaces.py); what only one dialect says is asked of the database (full-text search and snippets,
``id_table``, ``join_in_order``). Questions that need resolution's rules (which entity a name means, who
held a post) call communique.resolve.queries with this object as their lookup.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from communique.store.analysis import SNIPPET_WINDOW_CHARS, query_terms, snippet
from communique.store.analysis import terms as analysis_terms
from communique.store.errors import QueryError
from communique.store.evidence import EVIDENCE_DATE, EVIDENCE_JOINS
from communique.store.filters import Filter, article_filters, date_bound, filter_terms

if TYPE_CHECKING:
    from communique.store.interfaces import Database

MAX_LIMIT = 1000  # results per search page
# A query matching more articles ranks the most recently stored this many (see sqlite_fts.Matches.ranked):
# bm25 over 70,000 matches takes ~170 ms, over 2,000 a few ms (docs/storage.md, "Search").
RANK_WINDOW = 2000
# Counting stops here: "10,000+ articles" is as useful as the exact number and much cheaper.
COUNT_CAP = 10_000
# Facets count over at most this many matches (the newest): ~20 ms of CPU at 1,000 on a 100,000-article archive.
FACET_SAMPLE = 1000
# Co-occurrence is counted over an entity's most recent articles only, for the same reason.
COOCCURRENCE_SAMPLE = 500
SNIPPET_CHARS = 240  # without words to mark, a hit shows the start of its body
SORTS = ("relevance", "date")
_WORDS = re.compile(r"[^\W_]+")  # the words full-text search indexes (letters and digits)
ALIASES_MAX = 24  # an entity's spellings ORed into a search at most (an organisation may have dozens)
FACT_TABLES = ("mentions", "dates", "posts", "events", "figures")
# The columns of each fact table an answer carries (one list, so the CLI and the API show the same facts).
_FACT_COLUMNS = {
    "mentions": 'id, kind, text, canonical, attrs, start, "end", sentence, from_teaser, in_title, entity_id',
    "dates": 'id, text, value, end_value, precision, start, "end", sentence, from_teaser, in_title',
    "posts": 'id, person, role, org, date, acting, rank, start, "end", sentence, from_teaser, in_title, '
             "person_entity_id, org_entity_id, kb_post_id",
    "events": 'id, type, status, date, end_date, place, name, trigger, start, "end", sentence, from_teaser, '
              "in_title, kb_event_id",
    "figures": 'id, event_id, value, unit, item, qualifier, text, start, "end", sentence, from_teaser, in_title, '
               "series, part_of",
}
EMPTY_BODY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256 of ""


# An article's title as shown: the page's own, else the one derived from its first sentence (marked so).
# Columns of "articles a LEFT JOIN article_catalog c".
TITLE_SHOWN = ("coalesce(a.title, c.derived_title) AS title, "
               "CASE WHEN a.title IS NULL AND c.derived_title IS NOT NULL THEN 1 ELSE 0 END AS title_derived")


def _derived(row: dict[str, Any]) -> dict[str, Any]:
    """A row with TITLE_SHOWN's columns: the flag as a boolean."""
    row["title_derived"] = bool(row["title_derived"])
    return row


def _dicts(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


def _json(value: str | None, empty: Any = None) -> Any:
    if not value:
        return empty
    try:
        return json.loads(value)
    except ValueError:
        return value


# A site's archive lists each of its pages once: a duplicate of another page of the same site is left out,
# a copy of another site's article is kept (the site published it). Columns of "article_catalog c JOIN
# articles a".
_SITE_ORIGINAL = ("(a.duplicate_of IS NULL OR NOT EXISTS (SELECT 1 FROM articles o WHERE o.id = a.duplicate_of "
                  "AND o.site = a.site))")


def _host(site: str) -> str:
    """'https://en.odkb-csto.org/news/' -> 'en.odkb-csto.org'; a bare host as typed, lower case."""
    from urllib.parse import urlsplit

    text = site.strip()
    if "//" not in text:
        text = "//" + text
    try:
        return (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""


def _year_bounds(year: str | None) -> tuple[str | None, str | None]:
    """A year as the first and last ISO day it covers; QueryError naming the value when it is not one."""
    if year is None or str(year).strip() == "":
        return None, None
    text = str(year).strip()
    if not (len(text) == 4 and text.isdigit()):
        raise QueryError(f"bad year {text!r}: use YYYY")
    return date_bound(text, end=False, name="year"), date_bound(text, end=True, name="year")


def _like(text: str, fold: bool = True) -> str:
    """A substring pattern for ``lower(x) LIKE ? ESCAPE '\\'``: what the user typed (lower case unless not
    ``fold``), wildcards literal."""
    text = text.strip().lower() if fold else text.strip()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# SQLite's lower() and LIKE fold ASCII letters only, PostgreSQL's every letter ("ОДКБ" is "одкб" there): a
# case-insensitive lookup asks for the usual casings of what was typed (lower, upper, title; as written for
# an equality), so that both backends find the same rows whatever the script (an alias written in an
# irregular mixed case of a non-Latin script is then found on PostgreSQL only). lower(alias) = lower(?) is
# still served by the index on lower(alias).
def _casings(text: str, written: bool = False) -> list[str]:
    text = text.strip()
    return list(dict.fromkeys(((text,) if written else ()) + (text.lower(), text.upper(), text.title())))


def _like_any(column: str, text: str) -> tuple[str, list[str]]:
    """``(lower(column) LIKE ? OR …)`` over the casings of ``text``, with its parameters."""
    patterns = [_like(c, fold=False) for c in _casings(text)]
    return "(" + " OR ".join([f"lower({column}) LIKE ? ESCAPE '\\'"] * len(patterns)) + ")", patterns


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class ReadModel:
    """Read-only questions to one database (implements ``EntityLookup`` and ``PostLookup`` for resolve)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # == search ========================================================================================

    def search(
        self,
        q: str | None = None,
        *,
        site: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        entity: int | None = None,
        event_type: str | None = None,
        include_duplicates: bool = False,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
        mark: tuple[str, str] = ("[", "]"),
        sort: str = "relevance",
        aliases: bool = False,
    ) -> dict[str, Any]:
        """Articles matching all words of ``q`` (as analysed terms: stemmed, store/analysis.py) and the filters,
        best first (``sort="relevance"``: bm25 on SQLite, ts_rank on PostgreSQL, title weighted ×10) or newest
        first (``sort="date"``: by publication date, undated last); without words, the filtered articles
        newest first.

        Duplicates (``duplicate_of`` set) are left out unless ``include_duplicates``: the article page lists
        them under their original. A query matching more than RANK_WINDOW articles ranks the most recently
        stored RANK_WINDOW (``ranked_among`` says so), and the count stops at COUNT_CAP (``total_capped``).
        Rows: id, site, url, lang, title, published, duplicate_of, score (higher is better; None without
        words), snippet (the matches between ``mark``). QueryError for no words, bad dates or limits.

        With ``aliases``, a query that names an entity (one of its spellings, or a person's name it is
        compatible with) also finds the articles naming it under its other spellings and scripts: the
        entity's aliases are ORed in (``expanded`` says which; see ``alias_expansion``)."""
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        if offset < 0:
            raise QueryError(f"offset must not be negative, not {offset}")
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        filters = article_filters(site=site, lang=lang, date_from=date_from, date_to=date_to, entity=entity,
                                  event_type=event_type)
        terms = query_terms(q) if q and q.strip() else None
        expanded = self.alias_expansion(q) if terms and aliases else None
        fts = self.db.fts_query(terms) if terms else None
        if terms and expanded:
            spellings = [found for a in expanded["aliases"] if (found := list(dict.fromkeys(analysis_terms(a))))]
            fts = self.db.fts_any([fts, *(self.db.fts_query(t) for t in spellings)])
            terms = list(dict.fromkeys([*terms, *(t for spelling in spellings for t in spelling)]))  # all marked
        ranked_among = None
        matches = None
        if fts:
            matches = self.db.full_text(fts, filters, include_duplicates=include_duplicates, window=RANK_WINDOW)
            if sort == "date":
                total = matches.count(COUNT_CAP)
                page = [(i, None) for i in matches.by_date(limit, offset)]
            else:
                ranked = matches.ranked(limit, offset, count_cap=COUNT_CAP)
                page = [(i, -rank) for i, rank in ranked.hits]
                total = ranked.total
                ranked_among = ranked.matched if ranked.windowed else None
        else:
            total, page = self._newest(filters, include_duplicates, limit, offset)
        rows = self._brief([i for i, _ in page])
        for r, (_, score) in zip(rows, page, strict=True):
            r["score"] = score
        self._add_snippets(rows, terms, mark)
        result: dict[str, Any] = {
            "query": q or "",
            "sort": sort,
            "total": min(total, COUNT_CAP),
            "total_capped": total > COUNT_CAP,
            "ranked_among": ranked_among,
            "limit": limit,
            "offset": offset,
            "rows": rows,
        }
        if aliases:
            result["expanded"] = expanded
        if facets:
            if matches is not None:
                sample = matches.newest(FACET_SAMPLE)
            else:
                sample = [i for i, _ in self._newest(filters, include_duplicates, FACET_SAMPLE, 0, count=False)[1]]
            result["facets"] = self._facets(sample)
            result["facets"]["sampled"] = total > len(sample)
            result["facets"]["sample"] = len(sample)
        return result

    def alias_expansion(self, q: str, most: int = ALIASES_MAX) -> dict[str, Any] | None:
        """The entity a search names and its other spellings to search for too: {entity_id, name, kind,
        aliases}; None when the query names no entity (exact spellings and compatible person names only,
        never the closest spelling: a word is not a misspelt name) or the entity has no other spelling.

        A spelling whose words are all in another entity's spelling ("Khachaturov", with a "Ruben
        Khachaturov" known) is left out: it would find the other one's articles too. The most used spellings
        first, at most ``most``."""
        from communique.resolve.queries import find_entity_id

        entity_id = find_entity_id(self, q, fuzzy=False)
        if entity_id is None:
            return None
        found = self.db.one("SELECT id, name, kind FROM entities WHERE id = ?", (entity_id,))
        spellings = [r[0] for r in self.db.rows(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias", (entity_id,))]
        seen = {" ".join(_WORDS.findall(q.casefold()))}
        others = []
        for spelling in [found["name"], *spellings]:
            words = _WORDS.findall(spelling.casefold())
            key = " ".join(words)
            if not words or key in seen:
                continue
            seen.add(key)
            if not self._spelling_is_own(entity_id, words):
                continue
            others.append(spelling)
            if len(others) == most:
                break
        if not others:
            return None
        return {"entity_id": found["id"], "name": found["name"], "kind": found["kind"], "aliases": others}

    def _spelling_is_own(self, entity_id: int, words: list[str]) -> bool:
        """No other entity has a spelling holding all these words: searched for, they find this one only
        ("Khachaturov" would also find "Ruben Khachaturov")."""
        longest = max(words, key=len)
        like, patterns = _like_any("alias", longest)
        for (alias,) in self.db.rows(f"SELECT alias FROM entity_aliases WHERE entity_id != ? AND {like}",
                                     (entity_id, *patterns)):
            if set(words) <= set(_WORDS.findall(alias.casefold())):
                return False
        return True

    def _newest(
        self, filters: list[Filter], include_duplicates: bool, limit: int, offset: int, count: bool = True
    ) -> tuple[int, list[tuple[int, None]]]:
        """Without words: the filtered articles newest first (by date, undated last), and how many (capped)."""
        terms, params, filtered = filter_terms(self.db, filters, "a.id", fts=False)
        if filtered == 0:
            return 0, []
        if not include_duplicates:
            terms.append("a.duplicate_of IS NULL")
        where = " AND ".join(terms) or "TRUE"
        total = self.db.value(f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {where} LIMIT ?) AS f",
                              (*params, COUNT_CAP + 1)) if count else 0
        ids = self.db.rows(
            f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.published IS NULL, a.published DESC, a.id DESC "
            "LIMIT ? OFFSET ?", (*params, limit, offset))
        return total, [(r[0], None) for r in ids]

    def _brief(self, ids: list[int]) -> list[dict[str, Any]]:
        """Articles as search rows, in the order of ``ids``."""
        if not ids:
            return []
        found = {r["id"]: _derived(dict(r)) for r in self.db.rows(
            f"SELECT a.id, a.site, a.url, a.lang, {TITLE_SHOWN}, a.published, a.published_from, a.duplicate_of "
            f"FROM articles a LEFT JOIN article_catalog c ON c.article_id = a.id WHERE a.id IN ({_marks(len(ids))})",
            ids)}
        return [found[i] for i in ids if i in found]

    def _add_snippets(self, rows: list[dict[str, Any]], terms: list[str] | None, mark: tuple[str, str]) -> None:
        """Snippets for the page shown only, cut in Python from the first SNIPPET_WINDOW_CHARS of each body
        (never the whole of a 5 MB body): the passage with the query's terms marked, or the body's start."""
        if not rows:
            return
        ids = [r["id"] for r in rows]
        width = SNIPPET_WINDOW_CHARS if terms else SNIPPET_CHARS
        found = {r[0]: r[1] for r in self.db.rows(
            f"SELECT id, substr(body, 1, {width}) FROM articles WHERE id IN ({_marks(len(ids))})", ids)}
        for r in rows:
            body = found.get(r["id"]) or ""
            r["snippet"] = snippet(body, terms, mark) if terms else body

    def _facets(self, ids: list[int]) -> dict[str, Any]:
        """Counts over the given matches (the newest FACET_SAMPLE), by site, year, language, event type, entity."""
        table, params = self.db.id_table(ids)
        join = self.db.join_in_order  # the sample drives the loop; each row read through a covering index
        site: Counter[str] = Counter()
        year: Counter[str] = Counter()
        lang: Counter[str] = Counter()
        for s, y, lg in self.db.rows(
            f"SELECT a.site, substr(a.published, 1, 4), a.lang FROM {table} AS j {join} articles a "
            "ON a.id = j.value", params):
            site[s] += 1
            if y is not None:
                year[y] += 1
            if lg is not None:
                lang[lg] += 1
        entity = _dicts(self.db.rows(
            f"WITH c AS (SELECT m.entity_id, count(DISTINCT m.article_id) AS n FROM {table} AS j "
            f"{join} mentions m ON m.article_id = j.value AND m.from_teaser IS NULL "
            "WHERE m.entity_id IS NOT NULL GROUP BY m.entity_id) "
            "SELECT en.id AS value, en.name AS label, en.kind AS kind, c.n AS count FROM c "
            "JOIN entities en ON en.id = c.entity_id ORDER BY c.n DESC, en.name LIMIT 15", params))
        event_type = _dicts(self.db.rows(
            f"SELECT e.type AS value, count(DISTINCT e.article_id) AS count FROM {table} AS j "
            f"{join} events e ON e.article_id = j.value AND e.from_teaser IS NULL "
            "GROUP BY e.type ORDER BY count(DISTINCT e.article_id) DESC, e.type LIMIT 20", params))

        def counted(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
            return [{"value": v, "count": n} for v, n in pairs]

        return {
            "site": counted(sorted(site.items(), key=lambda kv: (-kv[1], kv[0]))[:20]),
            "year": counted(sorted(year.items(), reverse=True)[:40]),
            "lang": counted(sorted(lang.items(), key=lambda kv: (-kv[1], kv[0]))[:10]),
            "event_type": event_type,
            "entity": entity,
        }

    # == articles ======================================================================================

    def article(self, article_id: int, facts: bool = True) -> dict[str, Any] | None:
        """One article with its page, parts, teasers (each linked to the article it announces when stored),
        duplicates, the pages that tease it, versions and (``facts``) its facts; None when absent."""
        db = self.db
        found = db.one(
            "SELECT a.id, a.page_key, a.page_id, a.version, a.site, a.url, a.external_id, a.lang, "
            f"{TITLE_SHOWN}, a.published, a.published_from, a.duplicate_of, a.similarity, a.updated_at, "
            "a.body_hash, a.body, p.source, p.content_hash, p.ingested_at, coalesce(c.kind, 'article') AS kind, "
            "c.section FROM articles a JOIN pages p ON p.id = a.page_id "
            "LEFT JOIN article_catalog c ON c.article_id = a.id WHERE a.id = ?", (article_id,))
        if found is None:
            return None
        row = _derived(dict(found))
        parts = _dicts(db.rows(
            "SELECT kind, position, text FROM article_parts WHERE article_id = ? ORDER BY kind, position",
            (article_id,)))
        row["parts"] = parts
        row["signature"] = [p["text"] for p in parts if p["kind"] == "signature"]
        row["captions"] = [p["text"] for p in parts if p["kind"] == "caption"]
        row["teasers"] = _dicts(db.rows(
            "SELECT t.position, t.text, t.date, t.title, t.url, t.target_id AS article_id, t.linked_by "
            "FROM teasers t WHERE t.article_id = ? ORDER BY t.position", (article_id,)))
        original = db.one("SELECT id, site, url, title, published FROM articles WHERE id = ?",
                          (row["duplicate_of"],)) if row["duplicate_of"] is not None else None
        row["duplicate_of_article"] = dict(original) if original is not None else None
        row["duplicates"] = _dicts(db.rows(
            "SELECT id, site, url, title, published, similarity FROM articles WHERE duplicate_of = ? "
            "ORDER BY similarity DESC, id LIMIT 100", (article_id,)))
        row["teased_on"] = [_derived(r) for r in _dicts(db.rows(
            f"SELECT t.article_id, t.position, t.linked_by, {TITLE_SHOWN}, a.published, "
            "coalesce(c.kind, 'article') AS kind FROM teasers t JOIN articles a ON a.id = t.article_id "
            "LEFT JOIN article_catalog c ON c.article_id = a.id WHERE t.target_id = ? "
            "ORDER BY a.published IS NULL, a.published DESC, t.article_id DESC LIMIT 20", (article_id,)))]
        row["versions"] = _dicts(db.rows(
            "SELECT v.version, v.page_id, p.source, p.content_hash, p.ingested_at FROM article_versions v "
            "JOIN pages p ON p.id = v.page_id WHERE v.article_id = ? ORDER BY v.version", (article_id,)))
        if facts:
            row.update(self.facts(article_id))
        return row

    def facts(self, article_id: int) -> dict[str, list[dict[str, Any]]]:
        """The article's mentions, dates, posts, events (with participants) and figures: its own text first
        (title facts, then the body's by position), then each teaser's. Flags are booleans."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in FACT_TABLES:  # table names from the constant, never from input
            out[table] = _dicts(self.db.rows(
                f"SELECT {_FACT_COLUMNS[table]} FROM {table} WHERE article_id = ? "
                "ORDER BY from_teaser IS NOT NULL, from_teaser, in_title DESC, start, id", (article_id,)))
        for m in out["mentions"]:
            m["attrs"] = _json(m["attrs"], {})
        for p in out["posts"]:
            p["acting"] = bool(p["acting"])
        for rows in out.values():
            for fact in rows:
                fact["in_title"] = bool(fact["in_title"])
        participants = self._participants([e["id"] for e in out["events"]])
        for e in out["events"]:
            e["participants"] = participants.get(e["id"], [])
        return out

    def _participants(self, event_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """Each event mention's participants: the person as written and the entity resolved."""
        found: dict[int, list[dict[str, Any]]] = {}
        if not event_ids:
            return found
        for event_id, person, entity_id in self.db.rows(
            f"SELECT event_id, person, entity_id FROM event_participants WHERE event_id IN ({_marks(len(event_ids))}) "
            "ORDER BY event_id, person", event_ids):
            found.setdefault(event_id, []).append({"person": person, "entity_id": entity_id})
        return found

    # == entities ======================================================================================

    def entities(self, *, kind: str | None = None, name: str | None = None, limit: int = 50,
                 offset: int = 0) -> dict[str, Any]:
        """Entities, most mentioned first; ``name`` matches a substring of the name or of any alias (case
        folded, wildcards literal)."""
        where, params = [], []
        if kind:
            where.append("e.kind = ?")
            params.append(kind)
        if name and name.strip():
            by_name, patterns = _like_any("e.name", name)
            by_alias, _ = _like_any("alias", name)
            where.append(f"({by_name} OR e.id IN (SELECT entity_id FROM entity_aliases WHERE {by_alias}))")
            params += [*patterns, *patterns]
        sql_where = " AND ".join(where) or "TRUE"
        total = self.db.value(f"SELECT count(*) FROM entities e WHERE {sql_where}", params)
        rows = _dicts(self.db.rows(
            f"SELECT e.id, e.kind, e.name, e.key, e.mentions, e.first_seen, e.last_seen FROM entities e "
            f"WHERE {sql_where} ORDER BY e.mentions DESC, e.name, e.id LIMIT ? OFFSET ?", (*params, limit, offset)))
        return {"total": total, "limit": limit, "offset": offset, "rows": rows}

    def entity_brief(self, entity_id: int) -> dict[str, Any] | None:
        row = self.db.one("SELECT id, name, kind FROM entities WHERE id = ?", (entity_id,))
        return dict(row) if row is not None else None

    def entity(self, entity_id: int, *, articles_limit: int = 20, timeline_limit: int = 50) -> dict[str, Any] | None:
        """One entity: aliases with counts, posts as intervals with evidence, timeline (newest first),
        co-occurring entities, latest articles naming it; None when absent."""
        found = self.db.one(
            "SELECT id, kind, name, key, mentions, first_seen, last_seen FROM entities WHERE id = ?", (entity_id,))
        if found is None:
            return None
        row = dict(found)
        row["aliases"] = _dicts(self.db.rows(
            "SELECT alias, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias", (entity_id,)))
        row["posts"] = self.post_intervals(entity_id)
        row["timeline"] = self.timeline(entity_id, limit=timeline_limit)
        row["cooccurring"] = self.cooccurring(entity_id)
        # Latest stored first: the (entity_id, article_id) index answers without reading every mention.
        latest = [r[0] for r in self.db.rows(
            "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? AND from_teaser IS NULL "
            "ORDER BY article_id DESC LIMIT ?", (entity_id, articles_limit))]
        row["articles"] = self._brief(latest)
        return row

    def find_entity(self, name: str, kind: str | None = None) -> int | None:
        """The entity a name refers to (resolution's rules: communique.resolve.queries.find_entity_id)."""
        from communique.resolve.queries import find_entity_id

        return find_entity_id(self, name, kind)

    def entity_by_name(self, name: str) -> dict[str, Any] | None:
        entity_id = self.find_entity(name)
        return self.entity(entity_id) if entity_id is not None else None

    def post_intervals(self, entity_id: int, evidence: int = 10) -> list[dict[str, Any]]:
        """A person's posts as intervals from first to last dated evidence (resolution's kb_posts), and
        posts not placed in one yet grouped by (role, organisation, acting); each with a few evidence rows."""
        out = []
        for k in self.db.rows(
            "SELECT kp.id, kp.role, kp.acting, kp.first_evidence, kp.last_evidence, kp.evidence_count, "
            "kp.org_entity_id, o.name AS org FROM kb_posts kp LEFT JOIN entities o ON o.id = kp.org_entity_id "
            "WHERE kp.person_entity_id = ?", (entity_id,)):
            out.append({
                "kb_post_id": k["id"], "role": k["role"], "org": k["org"], "org_entity_id": k["org_entity_id"],
                "acting": bool(k["acting"]), "from": k["first_evidence"], "to": k["last_evidence"],
                "evidence_count": k["evidence_count"],
                "evidence": self._post_evidence("p.kb_post_id = ?", (k["id"],), evidence)})
        for g in self.db.rows(
            "SELECT min(p.role) AS role, min(p.org) AS org, p.org_entity_id, p.acting, min(p.date) AS first, "
            "max(p.date) AS last, count(*) AS n, lower(p.role) AS role_key, lower(coalesce(p.org, '')) AS org_key "
            "FROM posts p WHERE p.person_entity_id = ? AND p.kb_post_id IS NULL "
            "GROUP BY lower(p.role), p.org_entity_id, lower(coalesce(p.org, '')), p.acting", (entity_id,)):
            where = "p.person_entity_id = ? AND p.kb_post_id IS NULL AND lower(p.role) = ? AND p.acting = ? AND " + (
                "p.org_entity_id = ?" if g["org_entity_id"] is not None else "lower(coalesce(p.org, '')) = ?")
            key = g["org_entity_id"] if g["org_entity_id"] is not None else g["org_key"]
            out.append({
                "kb_post_id": None, "role": g["role"], "org": g["org"], "org_entity_id": g["org_entity_id"],
                "acting": bool(g["acting"]), "from": g["first"], "to": g["last"], "evidence_count": g["n"],
                "evidence": self._post_evidence(where, (entity_id, g["role_key"], g["acting"], key), evidence)})
        return sorted(out, key=lambda g: (g["from"] or "9999", g["role"]))

    def _post_evidence(self, where: str, params: tuple, limit: int) -> list[dict[str, Any]]:
        return _dicts(self.db.rows(
            "SELECT p.article_id, p.date, p.sentence, p.from_teaser, a.url, a.site FROM posts p "
            f"JOIN articles a ON a.id = p.article_id WHERE {where} ORDER BY p.id LIMIT ?", (*params, limit)))

    def cooccurring(self, entity_id: int, limit: int = 15) -> list[dict[str, Any]]:
        """Entities named in the same articles, by number of shared articles (over the latest articles only)."""
        counts = self.db.rows(
            "WITH mine AS (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? AND from_teaser IS NULL "
            "ORDER BY article_id DESC LIMIT ?) "
            f"SELECT m.entity_id, count(DISTINCT m.article_id) AS articles FROM mine {self.db.join_in_order} "
            "mentions m ON m.article_id = mine.article_id WHERE m.from_teaser IS NULL AND m.entity_id IS NOT NULL "
            "AND m.entity_id != ? GROUP BY m.entity_id ORDER BY count(DISTINCT m.article_id) DESC, m.entity_id "
            "LIMIT ?",
            (entity_id, COOCCURRENCE_SAMPLE, entity_id, limit))
        if not counts:
            return []
        names = {r["id"]: r for r in self.db.rows(
            f"SELECT id, name, kind FROM entities WHERE id IN ({_marks(len(counts))})", [c[0] for c in counts])}
        return [{"id": c[0], "name": names[c[0]]["name"], "kind": names[c[0]]["kind"], "articles": c[1]}
                for c in counts if c[0] in names]

    # -- EntityLookup (resolve.queries.find_entity_id) -------------------------------------------------

    def entity_ids_by_alias(self, text: str, kind: str | None) -> list[int]:
        """Entities with this exact spelling among their aliases (case folded), most used first; failing
        that, entities of that name."""
        # The kind as SQL only when given ("? IS NULL" leaves PostgreSQL without a type for the parameter).
        of_kind, params = (" AND e.kind = ?", [kind]) if kind else ("", [])
        casings = _casings(text, written=True)
        marks = ", ".join(["lower(?)"] * len(casings))
        rows = self.db.rows(
            "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
            f"WHERE lower(a.alias) IN ({marks}){of_kind} "
            "GROUP BY e.id, e.mentions ORDER BY sum(a.count) DESC, e.mentions DESC, e.id",
            (*casings, *params))
        if not rows:
            rows = self.db.rows(
                f"SELECT e.id FROM entities e WHERE lower(e.name) IN ({marks}){of_kind} "
                "ORDER BY e.mentions DESC, e.id", (*casings, *params))
        return [r[0] for r in rows]

    def persons_with_surname(self, surname_key: str) -> list[tuple[int, str, int]]:
        """(id, key, mentions) of the people whose resolution key starts with this surname skeleton."""
        return [tuple(r) for r in self.db.rows(
            "SELECT id, key, mentions FROM entities WHERE kind = 'person' AND substr(key, 1, ?) = ?",
            (len(surname_key) + 1, surname_key + "|"))]

    def entity_id_by_key(self, kind: str, key: str) -> int | None:
        return self.db.value("SELECT id FROM entities WHERE kind = ? AND key = ?", (kind, key))

    def aliases_of_kind(self, kind: str | None) -> list[tuple[str, int]]:
        """(alias, entity id) of every alias (of entities of the kind)."""
        of_kind, params = (" WHERE e.kind = ?", [kind]) if kind else ("", [])
        return [tuple(r) for r in self.db.rows(
            f"SELECT a.alias, a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id{of_kind} "
            "ORDER BY a.entity_id, a.alias", params)]

    # == posts =========================================================================================

    def who_held(self, post: str, org: str | None = None, on: str | None = None,
                 include_all: bool = False) -> dict[str, Any]:
        """Who held POST (in ORG) on the date ``on``: a verdict ("held", "ambiguous" or "unknown") with its reason,
        the holder's interval (evidenced and inferred parts) and evidence; with ``include_all`` the post's other
        holders and the candidates set aside, with their reasons (resolution's rules:
        communique.resolve.queries.who_held)."""
        from communique.resolve.queries import who_held

        return who_held(self, post, org=org, on=on, include_all=include_all)

    def succession(self, post: str, org: str | None = None, include_all: bool = False) -> dict[str, Any]:
        """The holders of POST (in ORG) in order, each with from/to, acting and its evidence count
        (communique.resolve.queries.succession)."""
        from communique.resolve.queries import succession

        return succession(self, post, org=org, include_all=include_all)

    def org_posts(self, org_entity_id: int, limit: int = 12) -> list[dict[str, Any]]:
        """The posts held in an organisation, the most evidenced first: role, holders and evidence count."""
        return _dicts(self.db.rows(
            "SELECT min(role) AS role, role_key, count(DISTINCT person_entity_id) AS holders, "
            "sum(evidence_count) AS evidence FROM kb_posts WHERE org_entity_id = ? AND acting = 0 "
            "GROUP BY role_key ORDER BY sum(evidence_count) DESC, role_key LIMIT ?", (org_entity_id, limit)))

    # -- PostLookup (resolve.queries.who_held) ---------------------------------------------------------

    def post_holders(self) -> list[tuple]:
        """(kb post, person, organisation entity, role key, acting, role, organisation name) of every interval."""
        return [tuple(r) for r in self.db.rows(
            "SELECT kp.id, kp.person_entity_id, kp.org_entity_id, kp.role_key, kp.acting, kp.role, o.name "
            "FROM kb_posts kp LEFT JOIN entities o ON o.id = kp.org_entity_id ORDER BY kp.id")]

    def entity_spellings(self, ids: set[int]) -> set[str]:
        """Every alias and name of the entities."""
        if not ids:
            return set()
        marks = _marks(len(ids))
        rows = self.db.rows(f"SELECT alias FROM entity_aliases WHERE entity_id IN ({marks}) "
                            f"UNION SELECT name FROM entities WHERE id IN ({marks})", [*ids, *ids])
        return {r[0] for r in rows}

    def post_organisations(self) -> list[tuple[int, str]]:
        """(id, name) of the organisations some interval is held in."""
        return [tuple(r) for r in self.db.rows(
            "SELECT DISTINCT e.id, e.name FROM kb_posts kp JOIN entities e ON e.id = kp.org_entity_id ORDER BY e.id")]

    def post_evidence(self, kb_post_ids: list[int]) -> list[tuple]:
        """(kb post, article id, evidence date, sentence, teaser position, url, person as written, role as
        written) of the intervals' evidence."""
        if not kb_post_ids:
            return []
        return [tuple(r) for r in self.db.rows(
            f"SELECT p.kb_post_id, p.article_id, {EVIDENCE_DATE}, p.sentence, p.from_teaser, a.url, p.person, "
            f"p.role FROM posts p {EVIDENCE_JOINS} WHERE p.kb_post_id IN ({_marks(len(kb_post_ids))}) ORDER BY p.id",
            kb_post_ids)]

    def sentence_bodies(self, kb_post_ids: list[int]) -> dict[tuple, list[tuple]]:
        """The organisations and places named in the sentences of the intervals' evidence: (text, entity id) by
        (article, teaser position, sentence). The database matches the sentences: the other mentions of the
        evidence's articles (most of them) never leave it."""
        if not kb_post_ids:
            return {}
        found: dict[tuple, list[tuple[str, int | None]]] = {}
        evidence, params = self.db.id_table(kb_post_ids)
        in_evidence = f"p.kb_post_id IN (SELECT j.value FROM {evidence} AS j)"
        rows = self.db.rows(
            "SELECT m.article_id, m.from_teaser, m.sentence, m.text, m.entity_id FROM mentions m "
            f"WHERE m.article_id IN (SELECT p.article_id FROM posts p WHERE {in_evidence}) "
            "AND m.kind IN ('org', 'place') AND EXISTS (SELECT 1 FROM posts p WHERE p.article_id = m.article_id "
            "AND p.sentence = m.sentence AND COALESCE(p.from_teaser, -1) = COALESCE(m.from_teaser, -1) "
            f"AND {in_evidence}) ORDER BY m.id", [*params, *params])
        for art, teaser, sentence, text, entity_id in rows:
            found.setdefault((art, teaser, sentence), []).append((text, entity_id))
        return found

    def entity_names(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        return {r[0]: r[1] for r in self.db.rows(f"SELECT id, name FROM entities WHERE id IN ({_marks(len(ids))})",
                                                 list(ids))}

    def names_by_mentions(self, ids: list[int]) -> list[str]:
        """The entities' names, the most mentioned first."""
        if not ids:
            return []
        return [r[0] for r in self.db.rows(
            f"SELECT name FROM entities WHERE id IN ({_marks(len(ids))}) ORDER BY mentions DESC, id", ids)]

    def post_role(self, kb_post_ids: list[int]) -> str:
        """The spelling of the role of the intervals with the most evidence."""
        return self.db.value(
            f"SELECT role FROM kb_posts WHERE id IN ({_marks(len(kb_post_ids))}) ORDER BY evidence_count DESC, id "
            "LIMIT 1", kb_post_ids)

    # == events ========================================================================================

    def events(
        self,
        *,
        type: str | None = None,
        status: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        place: str | None = None,
        entity: int | None = None,
        site: str | None = None,
        name: str | None = None,
        dated_only: bool = False,
        newest_first: bool = True,
        limit: int | None = 50,
        offset: int = 0,
        mentions_limit: int = 50,
        count: bool = True,
    ) -> dict[str, Any]:
        """Events across documents: one row per knowledge-base event (with all its mentions), or per event
        mention not merged into one (``id`` None), ordered by date (undated last).

        Filters read the event as shown (its knowledge-base type, status, date, place and name): dates are
        YYYY, YYYY-MM or YYYY-MM-DD, inclusive, and an event spanning days matches when any day is in range;
        ``place`` and ``name`` are substrings (case folded); ``entity`` keeps the events the entity took part
        in, and for a place also those held there; ``site`` the events reported on that site. Rows: id (=
        kb_event_id), type, status, date, end_date, place, name, mention_count, source_count, teaser_only,
        participants [{person, entity_id}], mentions [{id, article_id, sentence, start, end, from_teaser,
        site, url, title, published, …}] (at most ``mentions_limit``)."""
        filters = {"type": type, "status": status, "date_from": date_from, "date_to": date_to, "place": place,
                   "entity": entity, "site": site, "name": name, "dated_only": dated_only}
        merged_where, merged_params = self._event_filters("k", **filters)
        lone_where, lone_params = self._event_filters("e", **filters)
        # One row per event: a knowledge-base event (its id), or a mention not merged yet (minus its id). Read
        # from kb_events and the unmerged mentions directly, never by grouping every mention of every event.
        groups = (f"SELECT k.id AS g, k.date AS d FROM kb_events k WHERE {merged_where} UNION ALL "
                  f"SELECT -e.id AS g, e.date AS d FROM events e WHERE e.kb_event_id IS NULL AND {lone_where}")
        params = [*merged_params, *lone_params]
        total = self.db.value(f"SELECT count(*) FROM ({groups}) AS g", params) if count else None
        order = "DESC" if newest_first else "ASC"
        page = self.db.rows(
            f"SELECT g, d FROM ({groups}) AS g ORDER BY d IS NULL, d {order}, g {order}"
            + (" LIMIT ? OFFSET ?" if limit is not None else ""),
            (*params, limit, offset) if limit is not None else params)
        rows = self._event_rows([r[0] for r in page], mentions_limit)
        return {"total": total, "limit": limit, "offset": offset, "rows": rows}

    def _event_filters(self, alias: str, *, type: str | None, status: str | None, date_from: str | None,
                       date_to: str | None, place: str | None, entity: int | None, site: str | None,
                       name: str | None, dated_only: bool) -> tuple[str, list[Any]]:
        """The event filters over kb_events (alias "k") or over event mentions not merged (alias "e"): both
        tables have type, status, date, end_date, place and name."""
        t = alias
        where: list[str] = []
        params: list[Any] = []
        if type:
            where.append(f"{t}.type = ?")
            params.append(type)
        if status:
            where.append(f"{t}.status = ?")
            params.append(status)
        if dated_only:
            where.append(f"{t}.date IS NOT NULL")
        if (low := date_bound(date_from, end=False, name="from date")) is not None:
            where.append(f"coalesce({t}.end_date, {t}.date) >= ?")
            params.append(low)
        if (high := date_bound(date_to, end=True, name="to date")) is not None:
            where.append(f"{t}.date <= ?")
            params.append(high)
        for column, text in ((f"{t}.place", place), (f"{t}.name", name)):
            if text:
                like, patterns = _like_any(column, text)
                where.append(like)
                params += patterns
        if entity is not None:
            found = self.db.one("SELECT kind, name FROM entities WHERE id = ?", (entity,))
            is_place = found is not None and found["kind"] == "place"
            # One IN over a UNION, not INs joined by OR (which made SQLite scan every event).
            if t == "k":
                of_entity = ["SELECT e.kb_event_id FROM event_participants ep JOIN events e ON e.id = ep.event_id "
                             "WHERE ep.entity_id = ?"]
                params.append(entity)
                if is_place:
                    of_entity.append("SELECT id FROM kb_events WHERE place_entity_id = ?")
                    params.append(entity)
                where.append(f"k.id IN ({' UNION '.join(of_entity)})")
            else:
                # Mentions not merged are few (none once resolved): each is tested, rather than every mention
                # the entity took part in looked up to see whether it is merged.
                test = "EXISTS (SELECT 1 FROM event_participants ep WHERE ep.event_id = e.id AND ep.entity_id = ?)"
                params.append(entity)
                if is_place:  # not resolved yet: the place as written
                    test = f"({test} OR e.place = ?)"
                    params.append(found["name"])
                where.append(test)
        if site:
            if t == "k":
                where.append("EXISTS (SELECT 1 FROM events e JOIN articles a ON a.id = e.article_id "
                             "WHERE e.kb_event_id = k.id AND a.site = ?)")
            else:
                where.append("e.article_id IN (SELECT id FROM articles WHERE site = ?)")
            params.append(site)
        return " AND ".join(where) or "TRUE", params

    def _event_rows(self, groups: list[int], mentions_limit: int) -> list[dict[str, Any]]:
        """Rows of the given groups (knowledge-base event ids, or minus the id of a mention not merged)."""
        rows = []
        for g in groups:
            if g > 0:
                head = self.db.one(
                    "SELECT id, type, status, date, end_date, place, name, sources, teaser_only, mentions AS n "
                    "FROM kb_events WHERE id = ?", (g,))
                mention_sql, arg = "e.kb_event_id = ?", g
            else:
                head = self.db.one(
                    "SELECT NULL AS id, type, status, date, end_date, place, name, 1 AS sources, "
                    "CASE WHEN from_teaser IS NULL THEN 0 ELSE 1 END AS teaser_only, 1 AS n FROM events WHERE id = ?",
                    (-g,))
                mention_sql, arg = "e.id = ?", -g
            if head is None:
                continue
            mentions = _dicts(self.db.rows(
                "SELECT e.id, e.article_id, e.type, e.status, e.date, e.place, e.name, e.sentence, e.start, "
                'e."end", e.from_teaser, a.site, a.url, a.title, a.published FROM events e '
                # In id order (first stored first): the kb_event index serves it without a sort.
                f"JOIN articles a ON a.id = e.article_id WHERE {mention_sql} ORDER BY e.id LIMIT ?",
                (arg, mentions_limit)))
            participants = self._group_participants(mention_sql, arg)
            # The event's own sentence and source: an article's own text before a teaser about it.
            own = next((m for m in mentions if m["from_teaser"] is None), mentions[0] if mentions else None)
            rows.append({
                "id": head["id"], "kb_event_id": head["id"], "type": head["type"], "status": head["status"],
                "date": head["date"], "end_date": head["end_date"], "place": head["place"], "name": head["name"],
                "mention_count": head["n"], "source_count": head["sources"],
                "teaser_only": bool(head["teaser_only"]), "participants": participants,
                "sentence": own["sentence"] if own else None, "article_id": own["article_id"] if own else None,
                "url": own["url"] if own else None, "mentions": mentions})
        return rows

    def _group_participants(self, mention_sql: str, arg: int) -> list[dict[str, Any]]:
        """The people taking part in any mention of an event: once per entity (under its name), and the names
        not resolved to one as written; sorted by name."""
        found = self.db.rows(
            "SELECT DISTINCT ep.entity_id, CASE WHEN ep.entity_id IS NULL THEN ep.person END "
            f"FROM event_participants ep JOIN events e ON e.id = ep.event_id WHERE {mention_sql}", (arg,))
        names = self.entity_names({entity_id for entity_id, _ in found if entity_id is not None})
        people = [{"person": names.get(entity_id, "") if entity_id is not None else person, "entity_id": entity_id}
                  for entity_id, person in found]
        return sorted(people, key=lambda p: (p["person"], p["entity_id"] or 0))

    def timeline(self, entity_id: int, *, date_from: str | None = None, date_to: str | None = None,
                 limit: int | None = 50, newest_first: bool = True) -> list[dict[str, Any]]:
        """The dated events an entity took part in (a place: also those held there), as ``events`` rows."""
        return self.events(entity=entity_id, date_from=date_from, date_to=date_to, dated_only=True,
                           newest_first=newest_first, limit=limit, mentions_limit=10, count=False)["rows"]

    def event_types(self) -> list[dict[str, Any]]:
        return _dicts(self.db.rows(
            "SELECT type AS value, count(*) AS count FROM events GROUP BY type ORDER BY count(*) DESC, type"))

    # == figures =======================================================================================

    def figures(self, *, series: str | None = None, item: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
        """The figures table (communique.resolve.figures): each figure with its series (the operation or exercise
        with its year or stage, and the stem that groups the years), year, item, value and unit (masses in kg),
        the total it is part of, its sentence and article (site, title, URL); a figure reported several times
        once, with the number of its sources."""
        from communique.resolve.figures import table

        named = self.db.rows(
            "SELECT e.article_id, coalesce(e.from_teaser, -1), e.kb_event_id, coalesce(ke.name, e.name), "
            "coalesce(ke.date, e.date), coalesce(ke.type, e.type) FROM events e "
            "LEFT JOIN kb_events ke ON ke.id = e.kb_event_id WHERE coalesce(ke.name, e.name) IS NOT NULL ORDER BY e.id")
        figure_rows = self.db.rows(
            "SELECT f.id, f.article_id, f.value, f.unit, f.item, f.sentence, f.from_teaser, e.kb_event_id, "
            "coalesce(ke.name, e.name), coalesce(ke.date, e.date), a.published, t.date, f.series, f.part_of, "
            "coalesce(ke.type, e.type) "
            "FROM figures f JOIN articles a ON a.id = f.article_id "
            "LEFT JOIN events e ON e.id = f.event_id LEFT JOIN kb_events ke ON ke.id = e.kb_event_id "
            "LEFT JOIN teasers t ON t.article_id = f.article_id AND t.position = f.from_teaser "
            "ORDER BY f.from_teaser IS NOT NULL, f.article_id, f.id")
        rows = table(named, figure_rows, series=series, item=item)
        if limit is not None:
            rows = rows[:limit]
        ids = sorted({r["article_id"] for r in rows})
        if ids:
            info = {r["id"]: r for r in self.db.rows(
                f"SELECT id, site, title, url FROM articles WHERE id IN ({_marks(len(ids))})", ids)}
            for r in rows:
                a = info.get(r["article_id"])
                if a is not None:
                    r.update(site=a["site"], title=a["title"], url=a["url"])
        return rows

    def figures_pivot(self, series: str | None = None, item: str | None = None) -> dict[str, Any]:
        """The figures of a series as a table item × year (communique.resolve.figures.pivot) with its rows."""
        from communique.resolve.figures import pivot

        rows = self.figures(series=series, item=item)
        return {"series": series, "rows": rows, **pivot(rows)}

    def series_list(self) -> list[dict[str, Any]]:
        """Operation or exercise series (stems, as in the figures table) that carry figures, most figures first:
        counted by one grouped read (the stored series, else the name of the figure's own operation or
        exercise), not by building the whole table."""
        from communique.resolve.figures import SERIES_TYPES, dashed_name, series_of

        kinds = _marks(len(SERIES_TYPES))
        named = [tuple(r) for r in self.db.rows(
            f"SELECT coalesce(f.series, CASE WHEN coalesce(k.type, e.type) IN ({kinds}) "
            "THEN coalesce(k.name, e.name) END) AS s, count(*) FROM figures f "
            "LEFT JOIN events e ON e.id = f.event_id LEFT JOIN kb_events k ON k.id = e.kb_event_id "
            "GROUP BY s", SERIES_TYPES) if r[0]]
        dashed = {series_of(name) for name, _ in named if dashed_name(name)}
        counts: Counter[str] = Counter()
        for name, n in named:
            stem = series_of(name)
            if stem:
                # "Channel Interception" joins "Channel" of "Channel-Perekhvat", as in the table
                counts[stem.split()[0] if stem not in dashed and stem.split()[0] in dashed else stem] += n
        return [{"series": k, "figures": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:100]

    # == the site's archive: sections, years, articles, list pages ======================================

    def archive_sites(self) -> list[dict[str, Any]]:
        """Sites with their articles (duplicates of the same site's pages once), list pages and sections."""
        return _dicts(self.db.rows(
            "SELECT c.site, sum(CASE WHEN c.kind = 'article' THEN 1 ELSE 0 END) AS articles, "
            "sum(CASE WHEN c.kind = 'list' THEN 1 ELSE 0 END) AS lists, count(DISTINCT c.section) AS sections "
            f"FROM article_catalog c JOIN articles a ON a.id = c.article_id WHERE {_SITE_ORIGINAL} "
            "GROUP BY c.site ORDER BY count(*) DESC, c.site"))

    def archive_site(self, site: str) -> str | None:
        """The site as stored for what the user typed: a host, or an address on it; None when unknown."""
        host = _host(site)
        if not host:
            return None
        for candidate in (host, host.removeprefix("www."), "www." + host):
            if self.db.one("SELECT 1 FROM article_catalog WHERE site = ? LIMIT 1", (candidate,)) is not None:
                return candidate
        return None

    def archive_sections(self, site: str, *, year: str | None = None) -> dict[str, Any]:
        """The site's sections (from its URLs' paths), each with its articles (within ``year`` when given;
        a site's duplicate of its own page counted once), list pages, first and last dates and undated
        articles; and the site's years. Rows sorted by section path. QueryError for a bad year."""
        low, high = _year_bounds(year)
        rows: dict[str, dict[str, Any]] = {}
        years: Counter[str] = Counter()
        for section, kind, y, n, first, last in self.db.rows(
            "SELECT c.section, c.kind, substr(a.published, 1, 4), count(*), min(a.published), max(a.published) "
            f"FROM article_catalog c JOIN articles a ON a.id = c.article_id WHERE c.site = ? AND {_SITE_ORIGINAL} "
            "GROUP BY c.section, c.kind, substr(a.published, 1, 4)", (site,)):
            row = rows.setdefault(section, {"section": section, "articles": 0, "lists": 0, "first": None,
                                            "last": None, "undated": 0})
            if kind == "list":
                row["lists"] += n
                continue
            years[y or "undated"] += n
            if low is not None and (y is None or not low <= first <= high):
                continue
            row["articles"] += n
            if y is None:
                row["undated"] += n
            else:
                row["first"] = min(row["first"] or first, first)
                row["last"] = max(row["last"] or last, last)
        shown = [r for r in rows.values() if r["articles"] or (low is None and r["lists"])]
        return {"site": site, "year": year, "rows": sorted(shown, key=lambda r: r["section"]),
                "years": [{"year": y, "articles": n} for y, n in sorted(years.items(), reverse=True)]}

    def archive_section(self, site: str, section: str, *, year: str | None = None, limit: int | None = 100,
                        offset: int = 0) -> dict[str, Any] | None:
        """One section of a site: its articles newest first (undated last; within ``year`` when given), its
        list pages with how many of their teasers link to a stored article, its years, the sections above
        and below it. None when the site has no page in the section or below it. QueryError for a bad year.

        Article rows: id, title (derived from the first sentence when the page has none: title_derived),
        published, published_from ("url" when dated from its address), url, lang, duplicate_of."""
        section = section.strip("/")
        low, high = _year_bounds(year)
        below = [r for r in self.archive_sections(site)["rows"]
                 if r["section"] == section or r["section"].startswith(section + "/") or not section]
        if not below:
            return None
        where = f"c.site = ? AND c.section = ? AND c.kind = 'article' AND {_SITE_ORIGINAL}"
        params: list[Any] = [site, section]
        years = [{"year": y or "undated", "articles": n} for y, n in self.db.rows(
            f"SELECT substr(a.published, 1, 4), count(*) FROM article_catalog c JOIN articles a ON a.id = c.article_id "
            f"WHERE {where} GROUP BY substr(a.published, 1, 4) "
            "ORDER BY substr(a.published, 1, 4) IS NULL, substr(a.published, 1, 4) DESC", params)]
        if low is not None:
            where += " AND a.published >= ? AND a.published <= ?"
            params += [low, high]
        total = self.db.value(
            f"SELECT count(*) FROM article_catalog c JOIN articles a ON a.id = c.article_id WHERE {where}", params)
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        articles = [_derived(r) for r in _dicts(self.db.rows(
            f"SELECT a.id, {TITLE_SHOWN}, a.published, a.published_from, a.url, a.lang, a.duplicate_of "
            f"FROM article_catalog c JOIN articles a ON a.id = c.article_id WHERE {where} "
            f"ORDER BY a.published IS NULL, a.published DESC, a.id DESC{page}", params))]
        lists = _dicts(self.db.rows(
            "SELECT c.article_id AS id, a.url, a.published, count(t.position) AS teasers, count(t.target_id) AS linked "
            "FROM article_catalog c JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN teasers t ON t.article_id = c.article_id WHERE c.site = ? AND c.section = ? "
            "AND c.kind = 'list' GROUP BY c.article_id, a.url, a.published "
            "ORDER BY a.url IS NOT NULL, a.url, c.article_id",
            (site, section)))
        from communique.catalog import section_parents

        depth = section.count("/") + 1 if section else 0
        children = [r for r in below if r["section"] != section and r["section"].count("/") + 1 == depth + 1]
        return {"site": site, "section": section, "year": year, "total": total, "limit": limit, "offset": offset,
                "years": years, "rows": articles, "lists": lists, "parents": section_parents(section),
                "subsections": children}

    # == the archive as a whole ========================================================================

    def sites(self) -> list[dict[str, Any]]:
        return _dicts(self.db.rows(
            "SELECT site AS value, count(*) AS count FROM articles GROUP BY site ORDER BY count(*) DESC, site"))

    def stats(self) -> dict[str, Any]:
        """Counts of pages, articles, versions, duplicates (exact/near), empty bodies, articles per site,
        facts, entities by kind, knowledge-base events, runs."""
        db = self.db

        def one(sql: str, params: tuple = ()) -> Any:
            return db.value(sql, params)

        last_run = db.one("SELECT started_at, finished_at FROM runs ORDER BY id DESC LIMIT 1")
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
                    "WHERE d.duplicate_of > 0 AND d.body_hash = o.body_hash"),
                "near": one(
                    "SELECT count(*) FROM articles d JOIN articles o ON o.id = d.duplicate_of "
                    "WHERE d.duplicate_of > 0 AND d.body_hash != o.body_hash"),
            },
            "empty_bodies": one("SELECT count(*) FROM articles WHERE body_hash = ?", (EMPTY_BODY_HASH,)),
            "sites": {r[0]: r[1] for r in db.rows(
                "SELECT site, count(*) FROM articles GROUP BY site ORDER BY count(*) DESC, site")},
            "facts": {t: one(f"SELECT count(*) FROM {t}") for t in FACT_TABLES},
            "entities": {r[0]: r[1] for r in db.rows(
                "SELECT kind, count(*) FROM entities GROUP BY kind ORDER BY kind")},
            "kb_events": one("SELECT count(*) FROM kb_events"),
            "runs": {
                "count": one("SELECT count(*) FROM runs"),
                "last_started": last_run["started_at"] if last_run else None,
                "last_finished": last_run["finished_at"] if last_run else None,
            },
        }

    # == rows for the exports (communique.store.export) ================================================

    def export_articles(self) -> Iterator[dict[str, Any]]:
        """Every article (list pages too) with its place in its site's archive; a title derived from the first
        sentence is flagged."""
        for r in self.db.iterate(
            "SELECT a.id, a.site, c.section, coalesce(c.kind, 'article') AS kind, a.url, a.lang, "
            f"{TITLE_SHOWN}, a.published, a.published_from, a.duplicate_of, a.similarity, a.body "
            "FROM articles a LEFT JOIN article_catalog c ON c.article_id = a.id ORDER BY a.id"):
            yield _derived(dict(r))

    def export_mentions(self) -> Iterator[dict[str, Any]]:
        """Every mention with its provenance (article, span, sentence, title or teaser) and the entity it was
        resolved to (None when not resolved)."""
        for r in self.db.iterate(
            "SELECT m.id, m.article_id, m.entity_id, e.name AS entity, m.kind, m.text, m.canonical, m.start, "
            'm."end", m.sentence, m.in_title, m.from_teaser FROM mentions m '
            "LEFT JOIN entities e ON e.id = m.entity_id ORDER BY m.id"):
            row = dict(r)
            row["in_title"] = bool(row["in_title"])
            yield row

    def export_post_mentions(self) -> Iterator[dict[str, Any]]:
        """Every post as read from a sentence: who, what, where, when, the interval (kb_post_id) it is
        evidence of, and its provenance."""
        for r in self.db.iterate(
            "SELECT id, kb_post_id, article_id, person, person_entity_id, role, org, org_entity_id, date, acting, "
            'rank, start, "end", sentence, in_title, from_teaser FROM posts ORDER BY id'):
            row = dict(r)
            row["acting"], row["in_title"] = bool(row["acting"]), bool(row["in_title"])
            yield row

    def export_post_evidence(self) -> Iterator[tuple[int, list[tuple[int, str]]]]:
        """(interval, [(article id, sentence) of its evidence, in the order stored]) by interval id, streamed
        (the posts_kb_post index gives them in order)."""
        current, found = None, []
        for kb_post_id, article_id, sentence in self.db.iterate(
            "SELECT kb_post_id, article_id, sentence FROM posts WHERE kb_post_id IS NOT NULL "
            "ORDER BY kb_post_id, id"):
            if kb_post_id != current:
                if current is not None:
                    yield current, found
                current, found = kb_post_id, []
            found.append((article_id, sentence))
        if current is not None:
            yield current, found

    def export_kb_events(self, chunk: int = 2000) -> Iterator[dict[str, Any]]:
        """Every knowledge-base event (by id) with its participants (once per entity, under its name; names
        not resolved as written), its place's entity, and the articles and sentences reporting it; read a
        chunk of events at a time."""
        last = 0
        while True:
            heads = _dicts(self.db.rows(
                "SELECT id, type, status, date, end_date, place, place_entity_id, name, mentions AS mention_count, "
                "sources AS source_count, teaser_only FROM kb_events WHERE id > ? ORDER BY id LIMIT ?", (last, chunk)))
            if not heads:
                return
            table, params = self.db.id_table([h["id"] for h in heads])
            reports: dict[int, list[tuple[int, str]]] = {}
            for kid, article_id, sentence in self.db.rows(
                f"SELECT e.kb_event_id, e.article_id, e.sentence FROM {table} AS j {self.db.join_in_order} events e "
                "ON e.kb_event_id = j.value ORDER BY e.kb_event_id, e.id", params):
                reports.setdefault(kid, []).append((article_id, sentence))
            people: dict[int, list[tuple[int | None, str | None]]] = {}
            for kid, entity_id, person in self.db.rows(
                f"SELECT DISTINCT e.kb_event_id, ep.entity_id, CASE WHEN ep.entity_id IS NULL THEN ep.person END "
                f"FROM {table} AS j {self.db.join_in_order} events e ON e.kb_event_id = j.value "
                "JOIN event_participants ep ON ep.event_id = e.id", params):
                people.setdefault(kid, []).append((entity_id, person))
            names = self.entity_names({e for found in people.values() for e, _ in found if e is not None})
            for h in heads:
                found = sorted(((names.get(e, "") if e is not None else p or "", e)
                                for e, p in people.get(h["id"], [])), key=lambda x: (x[0], x[1] or 0))
                said = reports.get(h["id"], [])
                yield {**h, "teaser_only": bool(h["teaser_only"]),
                       "participants": [name for name, _ in found],
                       "participant_ids": [e for _, e in found if e is not None],
                       "article_ids": list(dict.fromkeys(a for a, _ in said)),
                       "sentences": list(dict.fromkeys(s for _, s in said))}
            last = heads[-1]["id"]

    def export_event_mentions(self, chunk: int = 5000) -> Iterator[dict[str, Any]]:
        """Every event as read from a sentence, with its participants (as written, and resolved), the
        knowledge-base event it was merged into and its provenance."""
        last = 0
        while True:
            rows = _dicts(self.db.rows(
                "SELECT id, kb_event_id, article_id, type, status, date, end_date, place, name, trigger, start, "
                '"end", sentence, in_title, from_teaser FROM events WHERE id > ? ORDER BY id LIMIT ?',
                (last, chunk)))
            if not rows:
                return
            people = self._participants([r["id"] for r in rows])
            for row in rows:
                row["in_title"] = bool(row["in_title"])
                row["participants"] = [p["person"] for p in people.get(row["id"], [])]
                row["participant_ids"] = [p["entity_id"] for p in people.get(row["id"], [])
                                          if p["entity_id"] is not None]
                yield row
            last = rows[-1]["id"]

    def export_event_places(self) -> dict[int, int]:
        """The place entity of each knowledge-base event held at a resolved place."""
        return {r[0]: r[1] for r in self.db.rows(
            "SELECT id, place_entity_id FROM kb_events WHERE place_entity_id IS NOT NULL")}

    def export_place_and_org_names(self) -> set[str]:
        """Every name, spelling and mention text (case folded) of a place or an organisation: what a one-word
        "person" may be instead."""
        names = {r[0].casefold() for r in self.db.rows(
            "SELECT a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE e.kind IN ('place', 'org') UNION SELECT name FROM entities WHERE kind IN ('place', 'org') "
            "UNION SELECT text FROM mentions WHERE kind IN ('place', 'org')")}
        return names

    def export_entities(self) -> list[dict[str, Any]]:
        """Every entity with its aliases (most used first)."""
        rows = _dicts(self.db.rows(
            "SELECT id, kind, name, key, mentions, first_seen, last_seen FROM entities ORDER BY id"))
        aliases: dict[int, list[str]] = {}
        for eid, alias in self.db.rows("SELECT entity_id, alias FROM entity_aliases ORDER BY count DESC, alias"):
            aliases.setdefault(eid, []).append(alias)
        for e in rows:
            e["aliases"] = aliases.get(e["id"], [])
        return rows

    def export_posts(self) -> list[dict[str, Any]]:
        """Every post interval with its holder and organisation."""
        rows = _dicts(self.db.rows(
            'SELECT kp.id, kp.person_entity_id, p.name AS person, kp.role, kp.acting, kp.org_entity_id, '
            'o.name AS org, kp.first_evidence AS "from", kp.last_evidence AS "to", kp.evidence_count '
            "FROM kb_posts kp JOIN entities p ON p.id = kp.person_entity_id "
            "LEFT JOIN entities o ON o.id = kp.org_entity_id ORDER BY kp.id"))
        for r in rows:
            r["acting"] = bool(r["acting"])
        return rows

    def export_events(self) -> list[dict[str, Any]]:
        """Every knowledge-base event (dated or not, by date) with participants, its mentions' provenance
        (article, sentence, span, teaser) and the articles reporting it."""
        rows = self.events(limit=None, newest_first=False, mentions_limit=1000, count=False)["rows"]
        return [r for r in rows if r["id"] is not None]

    def event_members(self) -> dict[int, set[int]]:
        """People and organisations of each knowledge-base event: its participants, and those named in the
        sentences that report it."""
        members: dict[int, set[int]] = {}
        for kid, eid in self.db.rows(
            "SELECT e.kb_event_id, ep.entity_id FROM event_participants ep JOIN events e ON e.id = ep.event_id "
            "WHERE e.kb_event_id IS NOT NULL AND ep.entity_id IS NOT NULL "
            "UNION SELECT e.kb_event_id, m.entity_id FROM events e JOIN mentions m "
            "ON m.article_id = e.article_id AND m.sentence = e.sentence "
            "AND coalesce(m.from_teaser, -1) = coalesce(e.from_teaser, -1) "
            "WHERE e.kb_event_id IS NOT NULL AND m.entity_id IS NOT NULL AND m.kind IN ('person', 'org')"):
            members.setdefault(kid, set()).add(eid)
        return members

    def export_entity_mentions(self) -> list[tuple[int, int, str, str]]:
        """(article, entity, spelling, kind) once each, for people and organisations named in an article's own
        text (teasers are of other pages)."""
        return [tuple(r) for r in self.db.rows(
            "SELECT DISTINCT article_id, entity_id, text, kind FROM mentions WHERE entity_id IS NOT NULL "
            "AND from_teaser IS NULL AND kind IN ('person', 'org') ORDER BY article_id, entity_id, text")]
