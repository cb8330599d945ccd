"""Full-text search on SQLite: FTS5 over the analysed terms of title and body (``search_terms``), ranked by
bm25 with the title weighted up.

The SQLite dialect's part of search (``SQLiteDatabase.full_text``); the read model (store/read.py) asks for a
ranked page, the matches by date, the newest matches and counts, and adds everything else. The terms come from
store/analysis.py, the analyser both backends share: ``search_terms`` holds them (unicode61 only splits them
at the spaces), and a query is its terms, each quoted, all required. ``articles_fts`` (the words as written)
is kept for Datasette's search box. See docs/storage.md, "Search", for how a query runs and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from communique.store.errors import DatabaseError, QueryError
from communique.store.filters import SET_MAX, Filter, RankedPage, filter_terms

if TYPE_CHECKING:
    from communique.store.sqlite import SQLiteDatabase

TITLE_WEIGHT = 10.0  # bm25 weight of the title column against the body's 1.0


def fts5_query(terms: Sequence[str]) -> str:
    """Analysed terms (letters and digits only) as an FTS5 query meaning "all these terms": each one a quoted
    string, so even a term FTS5 would read as an operator (``and``, ``or``, ``not``, ``near``) is a word."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def index(db: SQLiteDatabase, rows: Sequence[tuple[int, str, str]]) -> None:
    """(article id, title terms, body terms): the articles' entries, replacing any they had."""
    db.executemany("DELETE FROM search_terms WHERE rowid = ?", [(r[0],) for r in rows])
    db.executemany("INSERT INTO search_terms(rowid, title, body) VALUES (?, ?, ?)", rows)


def any_of(queries: list[str] | tuple[str, ...]) -> str:
    """FTS5 queries (each made by fts5_query) joined so that an article matching any of them matches."""
    return " OR ".join(f"({q})" for q in queries) if len(queries) > 1 else queries[0]


def _fts_errors(exc: DatabaseError, query: str) -> Exception:
    """fts5_query should prevent any FTS5 syntax error; should one still happen, it is the user's query."""
    if any(word in str(exc) for word in ("fts5", "syntax", "unterminated", "malformed MATCH")):
        return QueryError(f"cannot search for {query!r}: {exc}")
    return exc


class Matches:
    """The articles matching ``match`` (an fts5_query) and the filters, ready to be ranked, walked newest
    first or counted. At most ``window`` matches are ranked: the newest (see ``ranked``)."""

    def __init__(
        self,
        db: SQLiteDatabase,
        match: str,
        filters: list[Filter] | None = None,
        *,
        include_duplicates: bool = False,
        window: int,
    ) -> None:
        self.db = db
        self.window = window
        self.where, self.params = ["search_terms MATCH ?"], [match]
        if not include_duplicates:
            self.where.append("+rowid NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)")
        candidates = None
        try:
            if filters:  # a cheap walk of the doclist: how many matches the filters will have to test
                sql = "SELECT count(*) FROM (SELECT rowid FROM search_terms WHERE search_terms MATCH ? LIMIT ?)"
                candidates = db.value(sql, (match, SET_MAX + 1))
            terms, values, self.filtered = filter_terms(db, filters or [], "search_terms.rowid",
                                                        candidates=candidates)
        except DatabaseError as exc:
            raise _fts_errors(exc, match) from exc
        if candidates is not None and self.filtered is not None:
            self.filtered = min(self.filtered, candidates)
        self.where += terms
        self.params += values

    def _sql(self, extra: str = "") -> str:
        return f"FROM search_terms WHERE {' AND '.join(self.where)}{extra}"

    def _rows(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            return self.db.rows(sql, params)
        except DatabaseError as exc:
            raise _fts_errors(exc, self.params[0]) from exc

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
            rows = self._rows(
                f"SELECT rowid, rank, count(*) OVER () {self._sql()} AND rank MATCH ? "
                "ORDER BY rank, rowid LIMIT ? OFFSET ?",
                (*self.params, rank, limit, offset),
            )
            matched = rows[0][2] if rows else self.count(self.window)
            return RankedPage([(r[0], r[1]) for r in rows], matched, False, matched)
        # One statement: the walk newest first (materialised, so it and the filter sets it tests against run
        # once) gives the count and the window; the ranking pass then tests membership in the window only.
        rows = self._rows(
            f"WITH walk AS MATERIALIZED (SELECT rowid AS id {self._sql()} ORDER BY rowid DESC LIMIT ?), "
            "win AS MATERIALIZED (SELECT id FROM walk ORDER BY id DESC LIMIT ?) "
            "SELECT rowid, rank, (SELECT count(*) FROM walk), count(*) OVER () FROM search_terms "
            "WHERE search_terms MATCH ? AND +rowid IN win AND rowid >= (SELECT min(id) FROM win) "
            "AND rank MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?",
            (*self.params, max(self.window, count_cap) + 1, self.window, self.params[0], rank, limit, offset),
        )
        if rows:
            found, matched = rows[0][2], rows[0][3]
        else:  # no match, or a page past the end
            found = self.count(max(self.window, count_cap))
            matched = min(found, self.window)
        return RankedPage([(r[0], r[1]) for r in rows], matched, found > self.window, found)

    def by_date(self, limit: int, offset: int) -> list[int]:
        """Ids of the matches by publication date, newest first (undated last), ties newest stored first."""
        if self.filtered == 0:
            return []
        sql = (f"SELECT a.id FROM articles a WHERE a.id IN (SELECT rowid {self._sql()}) "
               "ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT ? OFFSET ?")
        return [r[0] for r in self._rows(sql, (*self.params, limit, offset))]

    def newest(self, limit: int) -> list[int]:
        """Ids of the newest (last stored) ``limit`` matches: a cheap walk of the doclist, no ranking."""
        if self.filtered == 0:
            return []
        sql = f"SELECT rowid {self._sql()} ORDER BY rowid DESC LIMIT ?"
        return [r[0] for r in self._rows(sql, (*self.params, limit))]

    def count(self, cap: int) -> int:
        """How many articles match, counting no further than ``cap`` + 1."""
        if self.filtered == 0:
            return 0
        sql = f"SELECT count(*) FROM (SELECT rowid {self._sql()} LIMIT ?)"
        return self._rows(sql, (*self.params, cap + 1))[0][0]
