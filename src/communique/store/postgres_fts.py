"""Full-text search on PostgreSQL: ``article_search`` (a tsvector of the analysed terms, GIN), ranked by
``ts_rank`` with the title weighted up.

The PostgreSQL dialect's part of search, the twin of sqlite_fts.py: the same analysed terms (store/analysis.py)
are indexed with ``to_tsvector('simple', …)`` (which only splits them at the spaces: no stemming or stop words
of its own) and asked with ``to_tsquery('simple', …)`` over a query built here from those terms, each quoted
as a lexeme (they are letters and digits only, so nothing the user typed is tsquery syntax; an entity's other
spellings are ORed in by ``any_of``). Both backends thus
match the same set of articles for every query; only the order of relevance differs (ts_rank is not bm25,
docs/storage.md, "Search").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from communique.store.analysis import WORD
from communique.store.errors import QueryError
from communique.store.filters import SET_MAX, Filter, RankedPage, filter_terms

if TYPE_CHECKING:
    from communique.store.postgres import PostgresDatabase

# ts_rank's weights of D, C, B, A: a title term (A) weighs 10 times a body term (B), as bm25(10, 1) on SQLite.
WEIGHTS = "{0.01, 0.01, 0.1, 1.0}"
# 1: the rank divided by 1 + log(the number of terms), so that long articles do not win by length alone.
NORMALIZATION = 1
_QUERY = "to_tsquery('simple', ?)"
# A query the planner expects to match more than this share of the articles walks them newest first through the
# primary key (it soon has its newest matches); a rarer one collects its matches from the GIN index first.
DENSE = 0.15


def tsquery_text(terms: Sequence[str]) -> str:
    """The analysed terms as a tsquery meaning "all of them": each quoted as a lexeme. The analyser's terms
    are letters and digits only (checked again here), so nothing in them is tsquery syntax."""
    safe = [t for t in terms if WORD.fullmatch(t)]
    if not safe:
        raise QueryError("nothing to search for: no word left")
    return " & ".join(f"'{t}'" for t in safe)


def any_of(queries: Sequence[str]) -> str:
    """tsqueries (each made by tsquery_text) joined so that an article matching any of them matches."""
    return " | ".join(f"({q})" for q in queries) if len(queries) > 1 else queries[0]


def index(db: PostgresDatabase, rows: Sequence[tuple[int, str, str]]) -> None:
    """(article id, title terms, body terms): the articles' entries, replacing any they had."""
    db.executemany(
        "INSERT INTO article_search(article_id, match, terms) SELECT id, strip(v), v FROM (SELECT "
        "CAST(? AS bigint) AS id, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), "
        "'B') AS v) AS new ON CONFLICT (article_id) DO UPDATE SET match = excluded.match, terms = excluded.terms",
        rows)


class Matches:
    """The articles whose terms hold every query term and pass the filters (see sqlite_fts.Matches, whose
    window, count and ordering this follows)."""

    def __init__(self, db: PostgresDatabase, query: str, filters: list[Filter] | None = None, *,
                 include_duplicates: bool = False, window: int) -> None:
        self.db = db
        self.window = window
        self._estimate: tuple[float, float] | None = None
        self.where, self.params = [f"s.match @@ {_QUERY}"], [query]
        if not include_duplicates:
            self.where.append("s.article_id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)")
        # How many articles the words match, for the filters' choice of set or probe only (a speed choice,
        # never the answer): the planner's estimate, ~1 ms, where counting a common word's matches to
        # SET_MAX took 50-60 ms at 100,000 articles.
        candidates = min(int(self._estimated()[0]), SET_MAX + 1) if filters else None
        terms, values, self.filtered = filter_terms(db, filters or [], "s.article_id", fts=False,
                                                    candidates=candidates)
        self.where += terms
        self.params += values

    def _sql(self) -> str:
        return f"FROM article_search s WHERE {' AND '.join(self.where)}"

    def _newest_first(self, limit_sql: str) -> str:
        """SQL of the matching ids, newest first, at most ``limit_sql``: walking the primary key backwards
        when the words are common (each row tested: its tsvector read), else from the GIN index's matches
        sorted (the planner, whose cost model does not count reading a tsvector, would often walk the key for
        words in a few percent of the articles too, 5–10 times slower)."""
        if self._dense():
            return f"SELECT s.article_id AS id {self._sql()} ORDER BY s.article_id DESC LIMIT {limit_sql}"
        return (f"SELECT id FROM (SELECT s.article_id AS id {self._sql()} OFFSET 0) AS m "
                f"ORDER BY id DESC LIMIT {limit_sql}")

    def _estimated(self) -> tuple[float, float]:
        """(articles the words match, articles indexed), as the planner estimates them; asked once."""
        if self._estimate is None:
            plan = self.db.value(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM article_search s WHERE s.match @@ {_QUERY}",
                                 (self.params[0],))
            plan = json.loads(plan) if isinstance(plan, str) else plan
            rows = float(plan[0]["Plan"].get("Plan Rows", 0))
            total = float(self.db.value("SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = "
                                        "'article_search'::regclass") or 1)
            self._estimate = (rows, total)
        return self._estimate

    def _dense(self) -> bool:
        rows, total = self._estimated()
        return rows > DENSE * total

    def _rank(self) -> str:
        return f"ts_rank('{WEIGHTS}', s.terms, {_QUERY}, {NORMALIZATION})"

    def ranked(self, limit: int = 10, offset: int = 0, count_cap: int = 0) -> RankedPage:
        """A page ranked by ts_rank (title weighted up), ties by id; only the newest ``window`` matches are
        ranked when there are more (as on SQLite)."""
        if self.filtered == 0:
            return RankedPage([], 0, False, 0)
        query = self.params[0]
        if self.filtered is not None and self.filtered <= self.window:
            rows = self.db.tuples(
                f"SELECT s.article_id, -{self._rank()} AS r, count(*) OVER () {self._sql()} "
                "ORDER BY r, s.article_id LIMIT ? OFFSET ?", (query, *self.params, limit, offset))
            matched = rows[0][2] if rows else self.count(self.window)
            return RankedPage([(r[0], r[1]) for r in rows], matched, False, matched)
        rows = self.db.tuples(
            f"WITH walk AS MATERIALIZED ({self._newest_first('?')}), "
            "win AS MATERIALIZED (SELECT id FROM walk ORDER BY id DESC LIMIT ?) "
            f"SELECT s.article_id, -{self._rank()} AS r, (SELECT count(*) FROM walk), count(*) OVER () "
            "FROM win JOIN article_search s ON s.article_id = win.id ORDER BY r, s.article_id LIMIT ? OFFSET ?",
            (*self.params, max(self.window, count_cap) + 1, self.window, query, limit, offset))
        if rows:
            found, matched = rows[0][2], rows[0][3]
        else:
            found = self.count(max(self.window, count_cap))
            matched = min(found, self.window)
        return RankedPage([(r[0], r[1]) for r in rows], matched, found > self.window, found)

    def by_date(self, limit: int, offset: int) -> list[int]:
        """Ids of the matches by publication date, newest first (undated last), ties newest stored first."""
        if self.filtered == 0:
            return []
        return [r[0] for r in self.db.tuples(
            f"SELECT a.id FROM articles a WHERE a.id IN (SELECT s.article_id {self._sql()}) "
            "ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT ? OFFSET ?",
            (*self.params, limit, offset))]

    def newest(self, limit: int) -> list[int]:
        if self.filtered == 0:
            return []
        return [r[0] for r in self.db.tuples(self._newest_first("?"), (*self.params, limit))]

    def count(self, cap: int) -> int:
        if self.filtered == 0:
            return 0
        return int(self.db.value(f"SELECT count(*) FROM (SELECT 1 {self._sql()} LIMIT ?) AS c",
                                 (*self.params, cap + 1)))
